"""The breach register's form: every detail of an incident, its notifications and its closing.

Times are typed as a Buddhist Era date and a time of day. The rules live in
seam_scm.privacy.breach_services; the views show its refusals next to the fields.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from seam_scm.thai.forms import BuddhistDateTimeField

from .breach_services import FIELDS
from .models import BreachIncident

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class BreachForm(forms.ModelForm):
    discovered_at = BuddhistDateTimeField(
        label=_("Discovered"),
        help_text=_(
            "Date (B.E.) and time the organization became aware of the breach: the 72 hours "
            "to notify the regulator run from here."
        ),
    )
    occurred_at = BuddhistDateTimeField(
        label=_("Occurred"), required=False, help_text=_("If known.")
    )
    regulator_notified_at = BuddhistDateTimeField(
        label=_("Regulator notified"),
        required=False,
        help_text=_("When the Personal Data Protection Committee's office was notified."),
    )
    subjects_notified_at = BuddhistDateTimeField(
        label=_("Data subjects notified"),
        required=False,
        help_text=_("Required before closing when the risk is high."),
    )
    closed_at = BuddhistDateTimeField(
        label=_("Closed"),
        required=False,
        help_text=_("Leave empty while the incident is open."),
    )

    class Meta:
        model = BreachIncident
        fields = FIELDS
        widgets = {
            "description": TEXTAREA,
            "data_categories": TEXTAREA,
            "risk_assessment": forms.Textarea(attrs={"rows": 4}),
            "late_notification_reason": TEXTAREA,
            "notifications": TEXTAREA,
            "actions": TEXTAREA,
        }
        help_texts = {
            "risk": _(
                "No risk: the regulator is not notified, but the assessment is kept. Risk: "
                "notify the regulator within 72 hours. High risk: also notify the data subjects "
                "without delay."
            ),
            "risk_assessment": _("Why the risk was assessed this way. Always required."),
            "late_notification_reason": _(
                "Required when the regulator was notified more than 72 hours after the discovery."
            ),
        }

    def breach_fields(self) -> dict:
        """The cleaned values, by the names breach_services takes."""
        return {name: self.cleaned_data.get(name) for name in FIELDS}
