"""Forms of consents: recording a person's consent to a purpose and its withdrawal.

The choices are set in __init__: the scoped querysets can only be evaluated inside the
request's organization scope. The rules live in services and consent_services.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from seam_scm.personal_data import LawfulBasis
from seam_scm.thai.forms import BuddhistDateTimeField, this_minute

from . import services
from .models import ConsentChannel, PrivacyNotice, ProcessingActivity
from .purpose_forms import PurposeChoiceField

TEXTAREA = forms.Textarea(attrs={"rows": 3})


# --- consents --------------------------------------------------------------------------------


class NoticeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class ConsentForm(forms.Form):
    activity = PurposeChoiceField(
        label=_("Purpose consented to"),
        help_text=_("The purposes of the record of processing whose lawful basis is consent."),
    )
    notice = NoticeChoiceField(
        label=_("Privacy notice given"),
        queryset=PrivacyNotice.objects.none(),
        required=False,
        help_text=_("The version of the notice the person read before consenting."),
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=ConsentChannel.choices)
    given_at = BuddhistDateTimeField(
        label=_("Given on"), help_text=_("Date (B.E.) and time the person consented.")
    )

    def __init__(self, *args, module: str, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [
            activity.pk
            for activity in services.purposes_for(module)
            if activity.lawful_basis == LawfulBasis.CONSENT
        ]
        self.fields["activity"].queryset = ProcessingActivity.objects.filter(pk__in=ids).order_by(
            "order", "id"
        )
        notices = PrivacyNotice.objects.filter(published_at__isnull=False).order_by("-version")
        self.fields["notice"].queryset = notices
        self.fields["notice"].initial = notices.values_list("pk", flat=True).first()
        if notices.exists():
            self.fields["notice"].required = True
        self.fields["given_at"].initial = this_minute


class ConsentWithdrawForm(forms.Form):
    withdrawn_at = BuddhistDateTimeField(
        label=_("Withdrawn on"), help_text=_("Date (B.E.) and time the person withdrew consent.")
    )
    effect = forms.CharField(
        label=_("Effect of the withdrawal"),
        widget=TEXTAREA,
        help_text=_(
            "What the person was told happens now, e.g. no more invitations; their contacts "
            "are erased."
        ),
    )
    erase = forms.BooleanField(
        label=_("Erase the person's data from the record now"),
        required=False,
        help_text=_(
            "Anonymizes the record's personal data (statistics stay). Refused when another "
            "purpose still justifies keeping it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_at"].initial = this_minute
