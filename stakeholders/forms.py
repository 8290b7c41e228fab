"""Forms of the stakeholder pages: profiles with their units and representatives, and records.

Choices of units, groups, voices and users are set in __init__: the scoped
querysets can only be evaluated inside the request's organization scope.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from seam_scm.files.forms import EvidenceFileInput
from seam_scm.privacy.models import DataModule
from seam_scm.privacy.purpose_forms import PurposeChoiceField
from seam_scm.tenancy.models import Membership, OrgUnit
from seam_scm.thai.forms import BuddhistDateField

from .models import (
    Engagement,
    Quadrant,
    RelationshipRisk,
    Representative,
    Stakeholder,
    StakeholderGroup,
    StakeholderSettings,
    TeamMember,
    VoiceOfStakeholder,
)
from .record_services import DUPLICATE_GROUP_CODE, DUPLICATE_STAKEHOLDER_CODE
from .services import UnitRank

TEXTAREA = forms.Textarea(attrs={"rows": 3})
UNKNOWN = [(None, _("Not assessed")), (True, _("Yes")), (False, _("No"))]


def active_units():
    return OrgUnit.objects.filter(is_active=True).order_by("code")


def lines_and_departments():
    """Profiles are kept per business line and department (สายงาน/ฝ่าย), not per division."""
    return active_units().filter(kind__in=[OrgUnit.Kind.LINE, OrgUnit.Kind.DEPARTMENT])


def _evidence_file_field(label) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        widget=EvidenceFileInput,
        allow_empty_file=True,  # refused by files.validation, with its own message
        help_text=_("PDF, DOCX, XLSX, PPTX, PNG, JPEG, TXT or CSV, at most %(limit)s MB.")
        % {"limit": settings.EVIDENCE_MAX_UPLOAD_MB},
    )


# --- the list's filters --------------------------------------------------------------------


class StakeholderFilterForm(forms.Form):
    """Renders the list's filters; selectors.filters_from_query reads the same keys."""

    q = forms.CharField(label=_("Search"), required=False)
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=StakeholderGroup.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)
    quadrant = forms.ChoiceField(
        label=_("Quadrant"), choices=[("", _("All quadrants")), *Quadrant.choices], required=False
    )
    side = forms.ChoiceField(
        label=_("Internal or external"),
        choices=[("", _("Both")), *Stakeholder.Side.choices],
        required=False,
    )
    gap = forms.BooleanField(label=_("Relationship gap"), required=False)
    stale = forms.BooleanField(label=_("Not reviewed in time"), required=False)
    incomplete = forms.BooleanField(label=_("Incomplete"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = StakeholderGroup.objects.all()
        self.fields["group"].empty_label = _("All groups")
        self.fields["unit"].queryset = lines_and_departments()
        self.fields["unit"].empty_label = _("All units")


# --- profiles ------------------------------------------------------------------------------


class StakeholderForm(forms.ModelForm):
    last_reviewed = BuddhistDateField(label=_("Last reviewed"), required=False)
    legitimacy = forms.TypedChoiceField(
        label=_("Legitimate claim"),
        choices=[("", UNKNOWN[0][1]), ("1", UNKNOWN[1][1]), ("0", UNKNOWN[2][1])],
        coerce=lambda value: value == "1",
        empty_value=None,
        required=False,
    )
    urgency = forms.TypedChoiceField(
        label=_("Urgent claim"),
        choices=[("", UNKNOWN[0][1]), ("1", UNKNOWN[1][1]), ("0", UNKNOWN[2][1])],
        coerce=lambda value: value == "1",
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Stakeholder
        fields = [
            "code",
            "name_th",
            "name_en",
            "side",
            "group",
            "status",
            "mission",
            "structure",
            "network",
            "role",
            "needs_from_them",
            "key_issues",
            "source",
            "last_reviewed",
            "influence",
            "interest",
            "legitimacy",
            "urgency",
            "current_level",
            "target_level",
        ]
        field_classes = {"group": SafeModelChoiceField}
        widgets = {
            "mission": TEXTAREA,
            "structure": TEXTAREA,
            "role": TEXTAREA,
            "needs_from_them": TEXTAREA,
            "key_issues": TEXTAREA,
            "influence": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "interest": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }

    SECTIONS = [
        (
            _("Basic data"),
            ["code", "name_th", "name_en", "side", "group", "status", "source", "last_reviewed"],
        ),
        (
            _("Importance and relationship"),
            ["influence", "interest", "legitimacy", "urgency", "current_level", "target_level"],
        ),
        (
            _("Working model, role and issues"),
            ["mission", "structure", "network", "role", "needs_from_them", "key_issues"],
        ),
    ]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["group"].queryset = StakeholderGroup.objects.all()
        for name in ("legitimacy", "urgency"):
            value = self.initial.get(name)
            self.initial[name] = "" if value is None else ("1" if value else "0")

    def sections(self):
        """(title, bound fields) in the order the page shows them."""
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if Stakeholder.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(DUPLICATE_STAKEHOLDER_CODE)
        return code


class UnitRankForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none())
    importance_rank = forms.IntegerField(
        label=_("Importance rank"),
        min_value=1,
        max_value=999,
        help_text=_("1 is the most important stakeholder of the unit."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = lines_and_departments()


class BaseUnitRankFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or self._should_delete_form(form):
                continue
            unit = form.cleaned_data["unit"]
            if unit.pk in seen:
                form.add_error("unit", _("This unit is listed twice."))
            seen.add(unit.pk)

    def unit_ranks(self) -> list[UnitRank]:
        return [
            UnitRank(
                unit=form.cleaned_data["unit"], importance_rank=form.cleaned_data["importance_rank"]
            )
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]


UnitRankFormSet = forms.formset_factory(
    UnitRankForm, formset=BaseUnitRankFormSet, extra=3, can_delete=True
)


def unit_formset(data=None, *, stakeholder: Stakeholder | None = None) -> BaseUnitRankFormSet:
    initial = []
    if stakeholder is not None and stakeholder.pk:
        initial = [
            {"unit": link.unit, "importance_rank": link.importance_rank}
            for link in stakeholder.unit_links.select_related("unit")
        ]
    return UnitRankFormSet(data, initial=initial, prefix="units")


class RepresentativeForm(forms.ModelForm):
    """A representative's contacts, kept for a purpose of the record of processing; the lawful
    basis is the purpose's (privacy.services.apply_purpose)."""

    processing_activity = PurposeChoiceField(
        help_text=_("Why the organization may keep this person's contacts (PDPA).")
    )

    class Meta:
        model = Representative
        fields = ["kind", "name", "position", "phone", "email", "processing_activity"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["processing_activity"].set_purposes(
            DataModule.STAKEHOLDERS, current_id=self.instance.processing_activity_id
        )

    def clean(self) -> dict:
        data = super().clean()
        activity = data.get("processing_activity")
        if activity is not None:
            self.instance.lawful_basis = activity.lawful_basis
        return data


RepresentativeFormSet = forms.inlineformset_factory(
    Stakeholder, Representative, form=RepresentativeForm, extra=1, can_delete=True
)


def representative_formset(data=None, *, stakeholder: Stakeholder):
    return RepresentativeFormSet(
        data,
        instance=stakeholder,
        prefix="representatives",
        queryset=Representative.objects.all(),
    )


# --- voice of stakeholders, risks, engagements ---------------------------------------------


class VoiceForm(forms.ModelForm):
    heard_on = BuddhistDateField(label=_("Date"))

    class Meta:
        model = VoiceOfStakeholder
        fields = [
            "polarity",
            "topic",
            "description",
            "source",
            "heard_on",
            "importance",
            "owner_unit",
        ]
        field_classes = {"owner_unit": SafeModelChoiceField}
        widgets = {
            "polarity": forms.RadioSelect,
            "description": TEXTAREA,
            "importance": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }

    def __init__(self, *args, stakeholder: Stakeholder, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization_id = stakeholder.organization_id
        self.instance.stakeholder = stakeholder
        self.fields["owner_unit"].queryset = active_units()


class RiskForm(forms.ModelForm):
    class Meta:
        model = RelationshipRisk
        fields = [
            "description",
            "likelihood",
            "impact",
            "mitigation",
            "owner_unit",
            "corporate_register_ref",
            "voices",
        ]
        field_classes = {"owner_unit": SafeModelChoiceField, "voices": SafeModelMultipleChoiceField}
        widgets = {
            "description": TEXTAREA,
            "mitigation": TEXTAREA,
            "likelihood": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "impact": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "voices": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, stakeholder: Stakeholder, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization_id = stakeholder.organization_id
        self.instance.stakeholder = stakeholder
        self.fields["owner_unit"].queryset = active_units()
        # Only the voices of the same stakeholder can be what the risk answers.
        self.fields["voices"].queryset = VoiceOfStakeholder.objects.filter(stakeholder=stakeholder)


class EngagementForm(forms.ModelForm):
    held_on = BuddhistDateField(label=_("Date"))

    class Meta:
        model = Engagement
        fields = [
            "held_on",
            "kind",
            "title",
            "stakeholders",
            "participants",
            "summary",
            "follow_ups",
        ]
        field_classes = {"stakeholders": SafeModelMultipleChoiceField}
        widgets = {
            "stakeholders": forms.SelectMultiple(attrs={"size": 8}),
            "participants": TEXTAREA,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "follow_ups": TEXTAREA,
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["stakeholders"].queryset = Stakeholder.objects.all()
        self.fields["stakeholders"].help_text = _(
            "Hold Ctrl (or ⌘ on a Mac) to choose more than one."
        )
        self.fields["minutes_file"] = _evidence_file_field(_("Minutes (optional)"))


# --- the team, its order, groups and settings ----------------------------------------------


class TeamMemberForm(forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["name", "position", "business_line", "team_role", "user"]
        field_classes = {"business_line": SafeModelChoiceField}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["business_line"].queryset = active_units().filter(kind=OrgUnit.Kind.LINE)
        # A member's login account, if they have one here: the organization's members only.
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(pk__in=Membership.objects.values("user_id"))
            .order_by("email")
        )
        self.fields["user"].label = _("User account (optional)")


class TeamOrderForm(forms.Form):
    effective_date = BuddhistDateField(label=_("Date of the order"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _evidence_file_field(_("Appointment order"))
        self.fields["file"].required = True
        self.order_fields(["file"])


class SettingsForm(forms.ModelForm):
    class Meta:
        model = StakeholderSettings
        fields = ["review_months"]


class GroupForm(forms.ModelForm):
    class Meta:
        model = StakeholderGroup
        fields = ["code", "name_th", "name_en", "order"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if StakeholderGroup.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(DUPLICATE_GROUP_CODE)
        return code
