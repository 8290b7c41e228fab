"""Forms of the review meeting pages (FAQ CM-16)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from seam_scm.thai.forms import BuddhistDateField

from .models import ReviewMeeting
from .strategy_forms import evidence_files, evidence_upload_field
from .strategy_services import NOT_BOTH


class MeetingForm(forms.ModelForm):
    held_on = BuddhistDateField(label=_("Date"))

    class Meta:
        model = ReviewMeeting
        fields = [
            "body",
            "body_name",
            "meeting_number",
            "held_on",
            "agenda",
            "resolution",
            "minutes",
        ]
        field_classes = {"minutes": SafeModelChoiceField}
        widgets = {
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "resolution": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "body_name": _(
                "For example the customer and market committee; required for a committee."
            ),
            "meeting_number": _("For example 11/2569."),
            "agenda": _(
                "What was reviewed: the customer strategy and plans, segmentation, "
                "product and service performance, ..."
            ),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["minutes"].queryset = evidence_files()
        self.fields["minutes"].label = _("Minutes (an existing evidence file)")
        self.fields["minutes_file"] = evidence_upload_field(_("Or upload the minutes"))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("minutes") and data.get("minutes_file"):
            self.add_error("minutes_file", str(NOT_BOTH))
        return data


class MeetingFilterForm(forms.Form):
    body = forms.ChoiceField(
        label=_("Meeting of"),
        required=False,
        choices=[("", _("All bodies")), *ReviewMeeting.Body.choices],
    )
    year = forms.TypedChoiceField(
        label=_("Fiscal year"), required=False, coerce=int, empty_value=None, choices=[]
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((str(y), str(y)) for y in years)]
