"""Forms of the charter pages. Querysets are built per request, inside the scope."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from seam_scm.tenancy.models import OrgUnit

from .charter_services import (
    EMERGENCY_NEEDS_CONTINUITY,
    TIME_LIMIT_NEEDS_UNIT,
    TIME_UNIT_NEEDS_LIMIT,
    critical_stages,
)
from .models import (
    BlueprintStep,
    CharterCommitment,
    CharterIntro,
    ProductService,
    RecoveryScenario,
    ServiceGuideline,
    ServiceStandard,
)


def _rows(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class CharterIntroForm(forms.ModelForm):
    class Meta:
        model = CharterIntro
        fields = ["title_en", "summary_en", "contact_th", "contact_en"]
        widgets = {
            "summary_en": _rows(4),
            "contact_th": _rows(3),
            "contact_en": _rows(3),
        }


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = CharterCommitment
        fields = ["order", "text_th", "text_en"]
        widgets = {"text_th": _rows(3), "text_en": _rows(3)}
        help_texts = {"order": _("Leave 0 to add it at the end.")}


class StandardForm(forms.ModelForm):
    class Meta:
        model = ServiceStandard
        fields = [
            "order",
            "service_th",
            "service_en",
            "service_kind",
            "product",
            "time_standard_th",
            "time_standard_en",
            "time_limit",
            "time_unit",
            "metric",
            "target",
            "measurement_method",
            "measurement_frequency",
            "owner_unit",
        ]
        field_classes = {"product": SafeModelChoiceField, "owner_unit": SafeModelChoiceField}
        widgets = {"measurement_method": _rows(3)}
        help_texts = {
            "order": _("Leave 0 to add it at the end."),
            "metric": _("What is measured, for example the share of requests done in time."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = ProductService.objects.order_by("code")
        self.fields["owner_unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("code")

    def clean(self) -> dict:
        data = super().clean()
        limit, unit = data.get("time_limit"), data.get("time_unit")
        if limit is not None and not unit and "time_unit" not in self.errors:
            self.add_error("time_unit", str(TIME_LIMIT_NEEDS_UNIT))
        if limit is None and unit and "time_limit" not in self.errors:
            self.add_error("time_limit", str(TIME_UNIT_NEEDS_LIMIT))
        return data


class BlueprintStepForm(forms.ModelForm):
    class Meta:
        model = BlueprintStep
        fields = [
            "order",
            "physical_evidence",
            "customer_action",
            "frontstage",
            "backstage",
            "support_processes",
            "is_critical",
        ]
        widgets = {
            "physical_evidence": _rows(2),
            "customer_action": _rows(2),
            "frontstage": _rows(2),
            "backstage": _rows(2),
            "support_processes": _rows(2),
        }
        help_texts = {
            "is_critical": _("A moment of truth for the customer: it needs a service guideline."),
        }


class StageChoiceField(SafeModelChoiceField):
    def label_from_instance(self, stage) -> str:
        return f"{stage.journey.segment} · {stage}"


class GuidelineForm(forms.ModelForm):
    class Meta:
        model = ServiceGuideline
        fields = [
            "standard",
            "journey_stage",
            "critical_point",
            "behaviour",
            "responsible_role",
            "procedure_reference",
        ]
        field_classes = {"standard": SafeModelChoiceField, "journey_stage": StageChoiceField}
        widgets = {"behaviour": _rows(4)}
        help_texts = {
            "journey_stage": _("Only stages marked as critical points are listed."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        version_id = self.instance.version_id
        self.fields["standard"].queryset = ServiceStandard.objects.filter(
            version_id=version_id
        ).order_by("order", "id")
        self.fields["journey_stage"].queryset = critical_stages().order_by(
            "journey__title", "order", "id"
        )


class RecoveryForm(forms.ModelForm):
    class Meta:
        model = RecoveryScenario
        fields = [
            "situation",
            "standard",
            "scenario",
            "trigger",
            "immediate_actions",
            "owner_unit",
            "continuity_link",
            "complaint_link",
        ]
        field_classes = {"standard": SafeModelChoiceField, "owner_unit": SafeModelChoiceField}
        widgets = {"scenario": _rows(2), "trigger": _rows(2), "immediate_actions": _rows(4)}
        help_texts = {
            "standard": _("Leave empty when the scenario concerns every service."),
            "continuity_link": _(
                "Required for an emergency: the business continuity plan (BCM) it follows."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = ServiceStandard.objects.filter(
            version_id=self.instance.version_id
        ).order_by("order", "id")
        self.fields["owner_unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("code")

    def clean(self) -> dict:
        data = super().clean()
        emergency = data.get("situation") == RecoveryScenario.Situation.EMERGENCY
        if emergency and not (data.get("continuity_link") or "").strip():
            self.add_error("continuity_link", str(EMERGENCY_NEEDS_CONTINUITY))
        return data
