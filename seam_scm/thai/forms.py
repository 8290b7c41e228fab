"""Form fields for Thai conventions: dates typed and shown in the Buddhist Era."""

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .dates import BE_OFFSET

_BE_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


class BuddhistDateInput(forms.TextInput):
    """Shows 21/11/2569 for 21 November 2026."""

    def __init__(self, attrs=None):
        super().__init__(
            {"placeholder": _("dd/mm/yyyy (B.E.)"), "inputmode": "numeric", **(attrs or {})}
        )

    def format_value(self, value):
        if isinstance(value, dt.date):
            return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"
        return value


class BuddhistDateField(forms.DateField):
    """A date entered as day/month/year in the Buddhist Era, e.g. 21/11/2569."""

    widget = BuddhistDateInput
    default_error_messages = {
        "invalid": _(
            "Enter the date as day/month/year in the Buddhist Era, for example 21/11/2569."
        ),
        "not_buddhist_era": _(
            "The year looks like a Christian Era year; "
            "enter the Buddhist Era year, for example 2569."
        ),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        match = _BE_DATE.match(str(value))
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        day, month, year = (int(part) for part in match.groups())
        if year < 2400:
            raise forms.ValidationError(
                self.error_messages["not_buddhist_era"], code="not_buddhist_era"
            )
        try:
            return dt.date(year - BE_OFFSET, month, day)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class DateTimeWidget(forms.MultiWidget):
    """21/11/2569 and 14:05 side by side."""

    template_name = "thai/datetime_widget.html"

    def __init__(self, attrs=None):
        widgets = [
            BuddhistDateInput(attrs={"aria-label": _("Date (B.E.)")}),
            forms.TimeInput(attrs={"type": "time", "aria-label": _("Time")}, format="%H:%M"),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, dt.datetime):
            local = timezone.localtime(value) if timezone.is_aware(value) else value
            return [local.date(), local.time().replace(second=0, microsecond=0)]
        return [None, None]


class BuddhistDateTimeField(forms.MultiValueField):
    """A moment typed as a Buddhist Era date and a time of day (Bangkok time)."""

    widget = DateTimeWidget
    default_error_messages = {"incomplete": _("Enter both the date and the time.")}

    def __init__(self, **kwargs):
        fields = (BuddhistDateField(), forms.TimeField(input_formats=["%H:%M", "%H:%M:%S"]))
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or all(value in self.empty_values for value in data_list):
            return None
        day, time = (list(data_list) + [None, None])[:2]
        if day in self.empty_values or time in self.empty_values:
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        return timezone.make_aware(dt.datetime.combine(day, time))


def this_minute() -> dt.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


def to_the_minute(moment: dt.datetime | None, *, not_before: dt.datetime | None = None):
    """A time typed to the minute: the current minute means now, and the minute of `not_before`
    (the moment of receipt, or of the case's latest step) means that moment, so that a step
    taken at once is not refused as being before the complaint arrived, nor put on the timeline
    before the step it follows when the form was opened in an earlier minute."""
    if moment is None:
        return None
    now = timezone.now()
    if moment <= now < moment + dt.timedelta(minutes=1):
        moment = now
    if not_before is not None and moment < not_before < moment + dt.timedelta(minutes=1):
        moment = not_before
    return moment
