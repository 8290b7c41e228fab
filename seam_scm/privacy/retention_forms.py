from django import forms
from django.utils.translation import gettext_lazy as _


class AnonymizeForm(forms.Form):
    """Anonymizing for good needs the coordinator to say so."""

    confirm = forms.BooleanField(
        label=_(
            "I understand that the personal data of these records will be anonymized for good, "
            "in their history too."
        ),
        error_messages={"required": _("Tick the box to confirm the anonymization.")},
    )
