"""Forms of the working calendar page: the working week and hours, and a holiday."""

from django import forms
from django.utils.translation import gettext_lazy as _

from seam_scm.thai.forms import BuddhistDateField

from .models import ISO_WEEKDAYS, Holiday, WorkingCalendar, weekday_name

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class WorkingCalendarForm(forms.ModelForm):
    working_weekdays = forms.TypedMultipleChoiceField(
        label=_("Working days of the week"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Choose at least one working day of the week.")},
    )

    class Meta:
        model = WorkingCalendar
        fields = ["day_starts", "day_ends", "working_weekdays"]
        widgets = {"day_starts": TIME_INPUT, "day_ends": TIME_INPUT}
        help_texts = {
            "day_ends": _(
                "Working time runs without a lunch break from the start to the end of the day."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, not at import: the labels follow the request's language.
        self.fields["working_weekdays"].choices = [(day, weekday_name(day)) for day in ISO_WEEKDAYS]

    def clean_working_weekdays(self) -> list[int]:
        return sorted(set(self.cleaned_data["working_weekdays"]))


class HolidayForm(forms.ModelForm):
    date = BuddhistDateField(label=_("Date"))

    class Meta:
        model = Holiday
        fields = ["date", "name_th", "name_en", "kind"]
