"""Forms of the data subject request pages: the register's filters, a new request, a change of
an open one, and its completion. The rules live in privacy.request_services; these forms only
read what was typed, and the views show the services' refusals next to the fields."""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from seam_scm.thai.forms import BuddhistDateTimeField, this_minute, to_the_minute

from . import request_selectors as selectors
from .models import DataSubjectRequest, RequestKind, RequestStatus
from .request_services import OPEN_STATUSES

TEXTAREA = forms.Textarea(attrs={"rows": 3})


def _label(name: str) -> str:
    return capfirst(DataSubjectRequest._meta.get_field(name).verbose_name)


class RequestFilterForm(forms.Form):
    """Renders the register's filters; request_selectors.filters_from_query reads them."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All statuses")),
            (selectors.OPEN, _("Open")),
            (selectors.OVERDUE, _("Overdue")),
            *RequestStatus.choices,
        ],
    )
    kind = forms.ChoiceField(
        label=_("Request"), required=False, choices=[("", _("All requests")), *RequestKind.choices]
    )


class RequestForm(forms.Form):
    """A data subject request as it arrives: who asks, what, when, and how we know it is them."""

    kind = forms.ChoiceField(label=_label("kind"), choices=RequestKind.choices)
    subject_name = forms.CharField(label=_label("subject_name"), max_length=255)
    subject_phone = forms.CharField(label=_label("subject_phone"), max_length=50, required=False)
    subject_email = forms.EmailField(label=_label("subject_email"), required=False)
    details = forms.CharField(label=_label("details"), widget=TEXTAREA, required=False)
    received_at = BuddhistDateTimeField(
        label=_label("received_at"),
        help_text=_("Date (B.E.) and time the request arrived; the 30 days count from its date."),
    )
    identity_verified = forms.BooleanField(label=_label("identity_verified"), required=False)
    verification_note = forms.CharField(
        label=_label("verification_note"),
        max_length=255,
        required=False,
        help_text=_("For example: national ID card seen at the counter."),
    )

    REQUEST = ["kind", "subject_name", "subject_phone", "subject_email", "details",
               "received_at"]  # fmt: skip
    VERIFICATION = ["identity_verified", "verification_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = this_minute
        self.fields["subject_name"].help_text = _(
            "The name, phone and e-mail are also what the modules are searched for."
        )

    def clean_received_at(self):
        return to_the_minute(self.cleaned_data.get("received_at"))

    def request_fields(self):
        return [self[name] for name in self.REQUEST if name in self.fields]

    def verification_fields(self):
        return [self[name] for name in self.VERIFICATION if name in self.fields]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class RequestEditForm(RequestForm):
    status = forms.ChoiceField(
        label=_label("status"),
        choices=[(value, RequestStatus(value).label) for value in OPEN_STATUSES],
    )

    VERIFICATION = [*RequestForm.VERIFICATION, "status"]

    def __init__(self, *args, instance: DataSubjectRequest, **kwargs):
        self.instance = instance
        initial = {name: getattr(instance, name) for name in self.base_fields}
        super().__init__(*args, initial=initial, **kwargs)

    def clean_received_at(self):
        moment = self.cleaned_data.get("received_at")
        current = self.instance.received_at
        if moment is not None and timezone.localtime(current).replace(
            second=0, microsecond=0
        ) == timezone.localtime(moment):
            return current  # the minute shown, unchanged
        return to_the_minute(moment)

    def changed_values(self) -> dict:
        return {
            name: value
            for name, value in self.values().items()
            if getattr(self.instance, name) != value
        }


class CompleteForm(forms.Form):
    """The answer given, the records it concerned, a refusal and an erasure's confirmation."""

    outcome = forms.CharField(
        label=_label("outcome"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,  # the service says what is missing, with the other refusals
        help_text=_("What the data subject was told, and when and how."),
    )
    records = forms.MultipleChoiceField(
        label=_("Records concerned"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    refused = forms.BooleanField(
        label=_("Refuse the request"),
        required=False,
        help_text=_(
            "For example when the identity cannot be verified or the law requires us "
            "to keep the data."
        ),  # fmt: skip
    )
    refusal_reason = forms.CharField(
        label=_("Reason for refusing"), widget=TEXTAREA, required=False
    )
    confirm_erasure = forms.BooleanField(
        label=_(
            "I confirm: the personal data of the selected records, and of their history, is "
            "anonymized for good and cannot be restored."
        ),
        required=False,
    )

    def __init__(self, *args, request: DataSubjectRequest, held, **kwargs):
        super().__init__(*args, **kwargs)
        self.held = held
        self.fields["records"].choices = [
            (item.key, f"{item.module_label}: {item.description}") for item in held
        ]
        if request.kind == RequestKind.ERASURE:
            self.fields["records"].help_text = _(
                "Only the records ticked here are anonymized; keep unticked those the law "
                "requires us to keep."
            )
        else:
            self.fields["records"].initial = [item.key for item in held]
            del self.fields["confirm_erasure"]
