"""Forms of the relationship plan pages. Querysets are built per request, inside the scope."""

import calendar

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from seam_scm.files.forms import EvidenceFileInput
from seam_scm.tenancy.models import OrgUnit
from seam_scm.thai.dates import THAI_MONTHS_SHORT

from .models import PlanItem, PlanItemProgress, Stakeholder, StakeholderGroup, VoiceOfStakeholder
from .plan_services import FIRST_YEAR, LAST_YEAR, fiscal_months, referenceable_unit_plans

ENGLISH_MONTHS = tuple(calendar.month_abbr)[1:]


def month_label(month: int) -> str:
    names = ENGLISH_MONTHS if get_language() == "en" else THAI_MONTHS_SHORT
    return names[month - 1]


def month_choices(start_month: int) -> list[tuple[str, str]]:
    return [(str(month), month_label(month)) for month in fiscal_months(start_month)]


class PlanCreateForm(forms.Form):
    business_line = forms.ModelChoiceField(
        label=_("Business line"), queryset=OrgUnit.objects.none(), empty_label=None
    )
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year (B.E.)"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("For example 2570 (1 October 2569 to 30 September 2570)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business_line"].queryset = OrgUnit.objects.filter(
            kind=OrgUnit.Kind.LINE, is_active=True
        ).order_by("code")


class VoiceChoiceField(SafeModelChoiceField):
    def label_from_instance(self, voice: VoiceOfStakeholder) -> str:
        sign = "+" if voice.polarity == VoiceOfStakeholder.Polarity.POSITIVE else "−"
        return f"{voice.stakeholder.code} ({sign}) {voice.topic}"


class PlanItemForm(forms.ModelForm):
    months = forms.TypedMultipleChoiceField(
        label=_("Months scheduled"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    unit_plan_file = forms.FileField(
        label=_("Or upload the unit's plan"),
        required=False,
        widget=EvidenceFileInput,
        help_text=_("Kept as an evidence file of this plan, for the fiscal year."),
    )
    unit_plan_title = forms.CharField(
        label=_("Title of the uploaded plan"), max_length=255, required=False
    )

    class Meta:
        model = PlanItem
        fields = [
            "stakeholder",
            "group",
            "voice",
            "objective",
            "activity",
            "channel",
            "owner_unit",
            "months",
            "kpi",
            "target",
            "budget",
            "referenced_plan",
        ]
        # Scoped querysets cannot be evaluated when the class is built; __init__ sets them.
        field_classes = {
            "stakeholder": SafeModelChoiceField,
            "group": SafeModelChoiceField,
            "voice": VoiceChoiceField,
            "owner_unit": SafeModelChoiceField,
            "referenced_plan": SafeModelChoiceField,
        }
        widgets = {
            "objective": forms.Textarea(attrs={"rows": 2}),
            "activity": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "stakeholder": _("Name a stakeholder, or a whole group below."),
            "voice": _("A voice of the stakeholder (or of the group's stakeholders)."),
            "referenced_plan": _("An existing unit plan referenced instead of retyped."),
        }

    def __init__(self, *args, start_month: int = 10, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["stakeholder"].queryset = Stakeholder.objects.order_by("code")
        fields["group"].queryset = StakeholderGroup.objects.order_by("order", "code")
        fields["voice"].queryset = VoiceOfStakeholder.objects.select_related(
            "stakeholder"
        ).order_by("stakeholder__code", "-heard_on", "id")
        fields["owner_unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("code")
        fields["referenced_plan"].queryset = referenceable_unit_plans()
        fields["months"].choices = month_choices(start_month)
        fields["unit_plan_file"].help_text = _(
            "Kept as an evidence file of this plan, for the fiscal year. At most %(limit)s MB."
        ) % {"limit": settings.EVIDENCE_MAX_UPLOAD_MB}
        if self.instance.pk:
            self.initial["months"] = [str(month) for month in self.instance.months]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("referenced_plan") and data.get("unit_plan_file"):
            self.add_error(
                "unit_plan_file",
                _("Choose an existing evidence file or upload one, not both."),
            )
        return data


class ProgressForm(forms.ModelForm):
    class Meta:
        model = PlanItemProgress
        fields = ["percent", "result"]
        widgets = {
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            "result": forms.Textarea(attrs={"rows": 4}),
        }


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Fiscal year"), required=False)
