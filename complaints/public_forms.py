"""The public complaint form (no login). Querysets are built per request, inside the scope of
the organization named in the address, so only its categories can be chosen."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from seam_scm.approvals.models import DocumentVersion

from . import policy_selectors
from .models import ComplaintCase, ComplaintCategory
from .public_services import NO_CONTACTS_TAKEN, ContactTerms, check_reply_contact

# The field a person never sees (hidden by CSS and from screen readers); robots that fill in
# every input fill it too.
HONEYPOT = "website"
PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]*$")
MIN_PHONE_DIGITS = 9


def _max_length(name: str) -> int:
    return ComplaintCase._meta.get_field(name).max_length


class CategoryChoiceField(SafeModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class PublicComplaintForm(forms.Form):
    category = CategoryChoiceField(
        queryset=ComplaintCategory.objects.none(),
        label=_("What is your complaint about?"),
        empty_label=_("Choose a topic"),
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=_max_length("subject"),
        help_text=_("In a few words, for example: no water since this morning."),
    )
    description = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("When and where it happened, who was involved, and what went wrong."),
    )
    remedy_sought = forms.CharField(
        label=_("What would you like us to do?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_anonymous = forms.BooleanField(
        label=_("I want to stay anonymous and need no answer"),
        required=False,
    )
    complainant_name = forms.CharField(
        label=_("Your name"), required=False, max_length=_max_length("complainant_name")
    )
    complainant_phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=_max_length("complainant_phone"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    complainant_email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        max_length=_max_length("complainant_email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # The version of the privacy notice the page showed, recorded with the contacts.
    notice_version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    CONTACT_FIELDS = ("is_anonymous", "complainant_name", "complainant_phone", "complainant_email")

    def __init__(self, *args, policy: DocumentVersion, terms: ContactTerms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = policy_selectors.categories(policy).order_by(
            "order", "code"
        )
        self.fields["complainant_name"].widget.attrs["autocomplete"] = "name"
        self.takes_contacts = terms.takes_contacts
        if terms.notice is not None:
            self.fields["notice_version"].initial = terms.notice.version
        if not self.takes_contacts:
            # No purpose in the record of processing to keep contacts under: anonymous only.
            for name in self.CONTACT_FIELDS[1:]:
                del self.fields[name]
            anonymous = self.fields["is_anonymous"]
            anonymous.required = True
            anonymous.error_messages["required"] = str(NO_CONTACTS_TAKEN)

    @property
    def filled_honeypot(self) -> bool:
        return bool(str(self.data.get(HONEYPOT, "")).strip())

    @property
    def complaint_fields(self) -> list:
        """The fields about the complaint, shown above the privacy notice."""
        return [self[name] for name in ("category", "subject", "description", "remedy_sought")]

    @property
    def contact_fields(self) -> list:
        return [self[name] for name in self.CONTACT_FIELDS if name in self.fields]

    def clean_complainant_phone(self) -> str:
        phone = self.cleaned_data["complainant_phone"].strip()
        if phone and (
            not PHONE.match(phone) or sum(ch.isdigit() for ch in phone) < MIN_PHONE_DIGITS
        ):
            raise ValidationError(
                _("Enter a phone number, for example 081 234 5678."), code="invalid_phone"
            )
        return phone

    def clean(self) -> dict:
        data = super().clean()
        if not self.takes_contacts:
            return data  # anonymous only, which the required checkbox ensures
        if self.has_error("complainant_phone") or self.has_error("complainant_email"):
            return data
        try:
            check_reply_contact(
                is_anonymous=data.get("is_anonymous", False),
                phone=data.get("complainant_phone", ""),
                email=data.get("complainant_email", ""),
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field, messages)
        return data
