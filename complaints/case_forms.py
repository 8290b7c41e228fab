"""Forms of the complaint case pages: the list's filters, a new case, a change of its details,
each step of its lifecycle and an evidence file.

Choices of channels, categories, units, handlers and service standards are set in __init__:
the scoped querysets can only be evaluated inside the request's organization scope. The rules
themselves live in complaints.case_services; these forms only read what was typed, and the
views show the services' refusals next to the fields (seam_scm.forms.add_service_errors).
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from customers import charter_selectors
from customers.models import ServiceStandard
from seam_scm.files.forms import EvidenceFileInput
from seam_scm.privacy.models import DataModule
from seam_scm.privacy.purpose_forms import PurposeChoiceField
from seam_scm.tenancy.models import OrgUnit
from seam_scm.thai.forms import (
    BuddhistDateField,
    BuddhistDateTimeField,
    this_minute,
    to_the_minute,
)

from . import case_selectors as selectors
from . import policy_selectors
from .case_services import PERSONAL_FIELDS
from .lifecycle import MOVE_FIELDS, MOVES, NOTE_REQUIRED
from .models import OPEN_STATES, CaseState, ComplaintCase, ComplaintCategory, ComplaintChannel

TEXTAREA = forms.Textarea(attrs={"rows": 3})
# Whose contacts the form asks for; dropped for roles that may not see personal data.
# The purpose of processing gives the lawful basis (privacy.services.apply_purpose).
COMPLAINANT_FIELDS = ("is_anonymous", *PERSONAL_FIELDS, "processing_activity")
# The services name the basis; views show their errors on the purpose (add_service_errors).
SERVICE_FIELD_MAP = {"lawful_basis": "processing_activity"}
NEEDS_PURPOSE = _("Choose the purpose of processing for keeping the complainant's contacts.")


def _label(name: str) -> str:
    return capfirst(ComplaintCase._meta.get_field(name).verbose_name)


# --- choices ---------------------------------------------------------------------------------


class CodeNameChoiceField(SafeModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.name}"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name()


def units_for(current_id: int | None = None):
    """Active units, plus the one a case already names."""
    active = Q(is_active=True)
    if current_id:
        active |= Q(pk=current_id)
    return OrgUnit.objects.filter(active).order_by("code")


def channels_for(version, current_id: int | None = None):
    """The version's channels in use, plus the one a case already names."""
    chosen = Q(is_active=True)
    if current_id:
        chosen |= Q(pk=current_id)
    return ComplaintChannel.objects.filter(Q(version=version) & chosen).order_by("order", "id")


def categories_for(version):
    return ComplaintCategory.objects.filter(version=version).order_by("order", "code")


def service_standards_for(current_id: int | None = None):
    """The standards of the service charter in force, plus the one a case already names."""
    version = charter_selectors.version_in_force()
    chosen = Q(version=version) if version is not None else Q(pk__in=[])
    if current_id:
        chosen |= Q(pk=current_id)
    return ServiceStandard.objects.filter(chosen).order_by("order", "id")


# --- the list's filters ----------------------------------------------------------------------


class CaseFilterForm(forms.Form):
    """Renders the list's filters; case_selectors.case_filters_from_query reads them."""

    q = forms.CharField(label=_("Search"), required=False)
    state = forms.ChoiceField(label=_("Status"), required=False)
    sla = forms.ChoiceField(
        label=_("Time standard"),
        required=False,
        choices=[
            ("", _("All")),
            (selectors.SLA_DUE_SOON, _("Due soon")),
            (selectors.SLA_OVERDUE, _("Overdue")),
        ],
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    severity = forms.ChoiceField(label=_("Severity"), required=False)
    unit = forms.ModelChoiceField(
        label=_("Assigned unit"), queryset=OrgUnit.objects.none(), required=False
    )
    handler = UserChoiceField(
        label=_("Handler"), queryset=get_user_model().objects.none(), required=False
    )
    received_from = BuddhistDateField(label=_("Received from"), required=False)
    received_to = BuddhistDateField(label=_("Received to"), required=False)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [
            ("", _("All statuses")),
            (selectors.OPEN, _("Open (not yet responded)")),
            *CaseState.choices,
        ]
        self.fields["channel"].choices = [
            ("", _("All channels")),
            *[(str(row.key), row.name) for row in selectors.channel_choices()],
        ]
        self.fields["category"].choices = [
            ("", _("All categories")),
            *[(str(row.key), f"{row.code} {row.name}") for row in selectors.category_choices()],
        ]
        self.fields["severity"].choices = [
            ("", _("All")),
            *ComplaintCase._meta.get_field("severity").choices,
        ]
        self.fields["unit"].queryset = OrgUnit.objects.order_by("code")
        self.fields["unit"].empty_label = _("All units")
        self.fields["handler"].queryset = selectors.organization_members(organization)
        self.fields["handler"].empty_label = _("All handlers")


# --- a new case and its details ------------------------------------------------------------


class CaseDetailsForm(forms.Form):
    """What staff record about a complaint; the new-case and edit forms build on it."""

    channel = SafeModelChoiceField(
        label=_label("channel"), queryset=ComplaintChannel.objects.none()
    )
    category = CodeNameChoiceField(
        label=_label("category"), queryset=ComplaintCategory.objects.none()
    )
    severity = forms.ChoiceField(
        label=_label("severity"), choices=ComplaintCase._meta.get_field("severity").choices
    )
    subject = forms.CharField(label=_label("subject"), max_length=255)
    description = forms.CharField(
        label=_label("description"), widget=forms.Textarea(attrs={"rows": 5})
    )
    remedy_sought = forms.CharField(label=_label("remedy_sought"), widget=TEXTAREA, required=False)
    service_standard = SafeModelChoiceField(
        label=_label("service_standard"),
        queryset=ServiceStandard.objects.none(),
        required=False,
        help_text=_("The standard of the approved service charter that the complaint is about."),
    )
    is_anonymous = forms.BooleanField(
        label=_("The complainant stays anonymous"),
        required=False,
        help_text=_("No name or contacts are kept; any typed here are dropped."),
    )
    complainant_name = forms.CharField(
        label=_label("complainant_name"), max_length=255, required=False
    )
    complainant_phone = forms.CharField(
        label=_label("complainant_phone"), max_length=50, required=False
    )
    complainant_email = forms.EmailField(label=_label("complainant_email"), required=False)
    complainant_address = forms.CharField(
        label=_label("complainant_address"), widget=TEXTAREA, required=False
    )
    processing_activity = PurposeChoiceField(
        required=False,
        help_text=_(
            "Why the organization may keep the complainant's contacts (PDPA), from the record "
            "of processing: its lawful basis and retention period apply."
        ),
    )
    unit = SafeModelChoiceField(
        label=_label("unit"), queryset=OrgUnit.objects.none(), required=False
    )
    handler = UserChoiceField(
        label=_label("handler"), queryset=get_user_model().objects.none(), required=False
    )

    COMPLAINT = ["channel", "category", "severity", "subject", "description", "remedy_sought",
                 "service_standard"]  # fmt: skip
    ASSIGNMENT = ["unit", "handler"]

    def __init__(self, *args, organization, personal_data: bool, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.personal_data = personal_data
        current = case or ComplaintCase()
        self.fields["service_standard"].queryset = service_standards_for(
            current.service_standard_id
        )
        self.fields["unit"].queryset = units_for(current.unit_id)
        self.fields["handler"].queryset = selectors.possible_handlers(
            organization, current.handler_id
        )
        self.fields["handler"].help_text = _("A member who may edit records.")
        if not personal_data:
            for name in COMPLAINANT_FIELDS:
                del self.fields[name]
        else:
            self.fields["processing_activity"].set_purposes(
                DataModule.COMPLAINTS, current_id=current.processing_activity_id
            )

    def clean(self) -> dict:
        data = super().clean()
        contacts = any(data.get(name) for name in PERSONAL_FIELDS)
        if (
            "processing_activity" in self.fields
            and contacts
            and not data.get("is_anonymous")
            and not data.get("processing_activity")
            and "processing_activity" not in self.errors
        ):
            self.add_error("processing_activity", NEEDS_PURPOSE)
        return data

    def complaint_fields(self):
        return [self[name] for name in self.COMPLAINT if name in self.fields]

    def complainant_fields(self):
        return [self[name] for name in COMPLAINANT_FIELDS if name in self.fields]

    def assignment_fields(self):
        return [self[name] for name in self.ASSIGNMENT if name in self.fields]

    def case_fields(self) -> dict:
        """The cleaned values the services take, by their field names; the lawful basis is the
        chosen purpose's."""
        names = [*self.COMPLAINT, *COMPLAINANT_FIELDS, *self.ASSIGNMENT]
        fields = {name: self.cleaned_data[name] for name in names if name in self.fields}
        if "processing_activity" in fields:
            activity = fields["processing_activity"]
            fields["lawful_basis"] = activity.lawful_basis if activity else ""
        return fields


class CaseCreateForm(CaseDetailsForm):
    received_at = BuddhistDateTimeField(
        label=_("Received on"), help_text=_("Date (B.E.) and time the complaint arrived.")
    )
    note = forms.CharField(label=_("Note on the timeline"), widget=TEXTAREA, required=False)

    COMPLAINT = ["received_at", *CaseDetailsForm.COMPLAINT]

    def __init__(self, *args, policy, **kwargs):
        super().__init__(*args, **kwargs)
        self.policy = policy
        self.fields["received_at"].initial = this_minute
        self.fields["channel"].queryset = channels_for(policy)
        self.fields["channel"].help_text = _("Only channels in use can receive new complaints.")
        self.fields["category"].queryset = categories_for(policy)
        self.fields["severity"].initial = ComplaintCase._meta.get_field("severity").default
        self.fields["file"] = forms.FileField(
            label=_("Evidence file"),
            widget=EvidenceFileInput,
            required=False,
            allow_empty_file=True,  # refused by files.validation, with its own message
            help_text=_(
                "Optional: a letter, photo or document handed in with the complaint. "
                "PDF, DOCX, XLSX, PPTX, PNG, JPEG, TXT or CSV, at most %(limit)s MB."
            )
            % {"limit": settings.EVIDENCE_MAX_UPLOAD_MB},
        )

    def clean(self) -> dict:
        data = super().clean()
        received_at = data.get("received_at")
        if received_at is not None:
            # A complaint received under an earlier version of the policy takes that version's
            # channel and category with the same key.
            version = policy_selectors.policy_in_force(timezone.localdate(received_at))
            for name in ("channel", "category"):
                data[name] = selectors.same_row_in(version, data.get(name))
        return data

    def register_fields(self) -> dict:
        """What case_services.register_case takes besides the organization and who recorded it;
        an earlier case of the same complainant is found by the service."""
        return {**self.case_fields(), "note": self.cleaned_data["note"]}


class CaseEditForm(CaseDetailsForm):
    repeat_of = forms.CharField(
        label=_label("repeat_of"),
        max_length=60,
        required=False,
        help_text=_("The reference of an earlier case of the same complainant about the same "
                    "matter, e.g. กปภ-2569-000123."),
    )  # fmt: skip
    note = forms.CharField(
        label=_("Reason for the change"),
        widget=TEXTAREA,
        required=False,
        help_text=_("Kept on the timeline with the names of the fields changed."),
    )

    ASSIGNMENT = [*CaseDetailsForm.ASSIGNMENT, "repeat_of"]

    def __init__(self, *args, case: ComplaintCase, **kwargs):
        initial = {
            name: getattr(case, name)
            for name in (*self.COMPLAINT, *COMPLAINANT_FIELDS, *CaseDetailsForm.ASSIGNMENT)
        }
        initial["repeat_of"] = case.repeat_of.reference if case.repeat_of_id else ""
        super().__init__(*args, case=case, initial=initial, **kwargs)
        self.case = case
        self.fields["channel"].queryset = channels_for(case.policy_version, case.channel_id)
        self.fields["category"].queryset = categories_for(case.policy_version)
        if case.state not in OPEN_STATES:
            # A finished case keeps them (case_services.CLOSED_CASE).
            for name in ("channel", "category", "severity"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("A finished case keeps its %(field)s.") % {
                    "field": self.fields[name].label
                }

    def clean_repeat_of(self) -> ComplaintCase | None:
        reference = self.cleaned_data["repeat_of"].strip()
        if not reference:
            return None
        try:
            return ComplaintCase.objects.get(reference=reference)
        except ObjectDoesNotExist:
            raise forms.ValidationError(_("No case has this reference.")) from None

    def changed_fields(self) -> dict:
        """Only what was changed, so that unchanged fields are not checked again."""
        return {
            name: value
            for name, value in self.case_fields().items()
            if getattr(self.case, name) != value
        }


# --- a step of the lifecycle -----------------------------------------------------------------


SATISFACTION_CHOICES = [
    ("", _("The complainant did not answer")),
    ("1", _("1 very dissatisfied")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 very satisfied")),
]


class MoveForm(forms.Form):
    """One step: when it happened, a note, and what the step records (lifecycle.MOVE_FIELDS)."""

    at = BuddhistDateTimeField(
        label=_("When it happened"),
        required=False,
        help_text=_("Leave as it is if it happens now."),
    )
    note = forms.CharField(label=_("Note"), widget=TEXTAREA, required=False)

    def __init__(self, *args, action: str, case: ComplaintCase, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.case = case
        self.fields["at"].initial = this_minute
        if action in NOTE_REQUIRED:
            self.fields["note"].required = True
            self.fields["note"].label = _("Reason")
        for name in MOVE_FIELDS[action]:
            self.fields[name] = self._detail_field(name, organization)

    def _detail_field(self, name: str, organization) -> forms.Field:
        case = self.case
        if name == "severity":
            return forms.ChoiceField(
                label=_label("severity"),
                choices=ComplaintCase._meta.get_field("severity").choices,
                initial=case.severity,
                help_text=_("A new severity or category applies its time standard."),
            )
        if name == "category":
            field = CodeNameChoiceField(
                label=_label("category"), queryset=ComplaintCategory.objects.none()
            )
            field.queryset = categories_for(case.policy_version)
            field.initial = case.category_id
            return field
        if name == "unit":
            field = SafeModelChoiceField(
                label=_label("unit"), queryset=OrgUnit.objects.none(), required=False
            )
            field.queryset = units_for(case.unit_id)
            field.initial = case.unit_id
            return field
        if name == "handler":
            return UserChoiceField(
                label=_label("handler"),
                queryset=selectors.possible_handlers(organization, case.handler_id),
                initial=case.handler_id,
                required=False,
            )
        if name == "decision_communicated_at":
            return BuddhistDateTimeField(label=_label(name), initial=this_minute)
        if name == "decision_channel":
            return forms.CharField(
                label=_label(name),
                max_length=100,
                help_text=_("For example: letter, telephone, e-mail."),
            )
        if name == "satisfaction":
            return forms.TypedChoiceField(
                label=_label(name),
                choices=SATISFACTION_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )
        # decision, remedy, root_cause, corrective_action: required texts.
        return forms.CharField(label=_label(name), widget=TEXTAREA)

    def detail_fields(self):
        return [self[name] for name in MOVE_FIELDS[self.action]]

    def move_fields(self) -> dict:
        """What case_services.move_case takes besides the case, the action and who moved it."""
        data = self.cleaned_data
        details = {name: data.get(name) for name in MOVE_FIELDS[self.action]}
        latest = selectors.latest_step_at(self.case)
        if "decision_communicated_at" in details:
            details["decision_communicated_at"] = to_the_minute(
                details["decision_communicated_at"], not_before=latest
            )
        return {
            "at": to_the_minute(data.get("at"), not_before=latest),
            "note": data.get("note", ""),
            **details,
        }


def is_move(value: str) -> bool:
    """Whether the URL's step is one of the lifecycle's moves (not receive or update)."""
    return value in MOVES


# --- an evidence file ------------------------------------------------------------------------


class CaseAttachmentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("Leave empty for “Evidence of complaint” and the case's reference."),
    )
    description = forms.CharField(label=_("Description"), widget=TEXTAREA, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = forms.FileField(
            label=_("File"),
            widget=EvidenceFileInput,
            allow_empty_file=True,  # refused by files.validation, with its own message
            help_text=_("PDF, DOCX, XLSX, PPTX, PNG, JPEG, TXT or CSV, at most %(limit)s MB.")
            % {"limit": settings.EVIDENCE_MAX_UPLOAD_MB},
        )
        self.order_fields(["file"])
