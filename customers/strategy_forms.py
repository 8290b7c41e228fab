"""Forms of the strategy pages. Querysets and choices are built per request, inside the scope."""

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from seam_scm.approvals.models import DocumentVersion
from seam_scm.files.forms import EvidenceFileInput
from seam_scm.files.models import Attachment
from seam_scm.tenancy.models import OrgUnit
from seam_scm.thai.forms import BuddhistDateField

from . import strategy_selectors, strategy_services
from .models import (
    ActionPlanItem,
    CustomerStrategy,
    KpiCascade,
    PlanCommunication,
    StrategicObjective,
)
from .strategy_services import (
    FIRST_YEAR,
    LAST_YEAR,
    NOT_BOTH,
    PARTNER_NAME_NEEDED,
    STAFF_NAME_NEEDED,
    UNIT_NEEDED,
)

TEXTAREA = forms.Textarea(attrs={"rows": 2})


def _as_uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise forms.ValidationError(_("Choose one of the choices offered.")) from None


def evidence_files():
    """Evidence files a record may point at: the live ones, newest first."""
    return Attachment.objects.filter(deleted_at__isnull=True).order_by("-effective_date", "title")


def evidence_upload_field(label) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        widget=EvidenceFileInput,
        help_text=_("PDF, DOCX, XLSX, PPTX, PNG, JPEG, TXT or CSV, at most %(limit)s MB.")
        % {"limit": settings.EVIDENCE_MAX_UPLOAD_MB},
    )


class StrategyCreateForm(forms.Form):
    first_year = forms.IntegerField(
        label=_("From fiscal year (B.E.)"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("For example 2567."),
    )
    last_year = forms.IntegerField(
        label=_("To fiscal year (B.E.)"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("For example 2571 for a five-year strategy."),
    )


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = StrategicObjective
        fields = ["order", "objective", "kpi", "target"]
        widgets = {"objective": forms.Textarea(attrs={"rows": 3})}


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionPlanItem
        fields = [
            "horizon",
            "fiscal_year",
            "objective_key",
            "objective",
            "project",
            "owner_unit",
            "kpi",
            "target",
            "budget",
            "partners",
        ]
        field_classes = {"owner_unit": SafeModelChoiceField}
        widgets = {"objective": TEXTAREA, "partners": TEXTAREA}

    def __init__(self, *args, strategy: CustomerStrategy, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        years = range(strategy.first_year, strategy.last_year + 1)
        fields["fiscal_year"] = forms.TypedChoiceField(
            label=_("Fiscal year (B.E.)"),
            choices=[("", "—"), *((str(y), str(y)) for y in years)],
            coerce=int,
            empty_value=None,
            required=False,
            help_text=_("Required for the annual plan."),
        )
        objectives = StrategicObjective.objects.filter(version_id=self.instance.version_id)
        fields["objective_key"] = forms.TypedChoiceField(
            label=_("Strategic objective it serves"),
            choices=[
                ("", "—"),
                *((str(o.key), o.objective[:100]) for o in objectives.order_by("order", "id")),
            ],
            coerce=_as_uuid,
            empty_value=None,
            required=False,
        )
        fields["owner_unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("code")
        fields["objective"].help_text = _("What the project is to achieve.")
        self.order_fields(self.Meta.fields)


class CascadeForm(forms.ModelForm):
    cascaded_on = BuddhistDateField(label=_("Cascaded on"))

    class Meta:
        model = KpiCascade
        fields = [
            "source_key",
            "recipient_kind",
            "unit",
            "recipient_name",
            "kpi",
            "target",
            "cascaded_on",
            "evidence",
        ]
        field_classes = {"unit": SafeModelChoiceField, "evidence": SafeModelChoiceField}

    def __init__(self, *args, strategy: CustomerStrategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        self.instance.strategy = strategy
        self.instance.organization_id = strategy.organization_id
        self.levels = strategy_services.cascade_sources(strategy)
        self.fields["source_key"] = forms.ChoiceField(
            label=_("Objective or action plan item"),
            choices=[("", "—"), *strategy_selectors.cascade_source_choices(strategy)],
            help_text=_(
                "Its KPI is handed down; objectives and items of the approved version "
                "(or of the latest version while none is approved)."
            ),
        )
        self.fields["unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("code")
        self.fields["unit"].required = False
        self.fields["unit"].help_text = _("For a unit.")
        self.fields["recipient_name"].help_text = _(
            "For a staff member: name and position. For a partner: the partner organization."
        )
        self.fields["evidence"].queryset = evidence_files()
        self.fields["evidence"].label = _("Evidence (an existing file)")
        self.fields["evidence_file"] = evidence_upload_field(_("Or upload the evidence"))
        self.fields["evidence_title"] = forms.CharField(
            label=_("Title of the uploaded evidence"), max_length=255, required=False
        )
        self.order_fields([*self.Meta.fields, "evidence_file", "evidence_title"])

    def clean_source_key(self):
        key = _as_uuid(self.cleaned_data["source_key"])
        self.instance.level = self.levels.get(key, "")
        return key

    def clean(self) -> dict:
        data = super().clean()
        if data.get("evidence") and data.get("evidence_file"):
            self.add_error("evidence_file", str(NOT_BOTH))
        # The recipient per kind, next to its field (the model's constraint says it less clearly).
        kind = data.get("recipient_kind")
        if kind == KpiCascade.RecipientKind.UNIT and not data.get("unit"):
            self.add_error("unit", str(UNIT_NEEDED))
        elif kind == KpiCascade.RecipientKind.STAFF and not data.get("recipient_name", "").strip():
            self.add_error("recipient_name", str(STAFF_NAME_NEEDED))
        elif (
            kind == KpiCascade.RecipientKind.PARTNER and not data.get("recipient_name", "").strip()
        ):
            self.add_error("recipient_name", str(PARTNER_NAME_NEEDED))
        return data


class VersionChoiceField(SafeModelChoiceField):
    def label_from_instance(self, version: DocumentVersion) -> str:
        return f"v{version.number} — {version.get_status_display()}"


class CommunicationForm(forms.ModelForm):
    communicated_on = BuddhistDateField(label=_("Date"))

    class Meta:
        model = PlanCommunication
        fields = [
            "version",
            "audience",
            "audience_detail",
            "communicated_on",
            "channel",
            "note",
            "evidence",
        ]
        field_classes = {"version": VersionChoiceField, "evidence": SafeModelChoiceField}
        widgets = {"note": TEXTAREA}

    def __init__(self, *args, strategy: CustomerStrategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.strategy = strategy
        self.instance.organization_id = strategy.organization_id
        self.fields["version"].queryset = DocumentVersion.objects.filter(
            document_id=strategy.document_id
        ).order_by("-number")
        self.fields["audience_detail"].help_text = _(
            "For example all branch staff, the heads of the customer service units, "
            "or the installation contractors."
        )
        self.fields["evidence"].queryset = evidence_files()
        self.fields["evidence"].label = _("Evidence (an existing file)")
        self.fields["evidence_file"] = evidence_upload_field(_("Or upload the evidence"))
        self.fields["evidence_title"] = forms.CharField(
            label=_("Title of the uploaded evidence"), max_length=255, required=False
        )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("evidence") and data.get("evidence_file"):
            self.add_error("evidence_file", str(NOT_BOTH))
        return data
