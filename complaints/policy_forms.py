"""Forms of the complaint handling policy pages. Querysets are built per request, inside the
scope; the services check the rules again (pages, the API and the demo data share them)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from seam_scm.tenancy.models import OrgUnit

from .models import ComplaintCategory, ComplaintChannel, EscalationRule, TimeStandard

AT_THE_END = _("Leave 0 to add it at the end.")


class ChannelForm(forms.ModelForm):
    class Meta:
        model = ComplaintChannel
        fields = ["order", "kind", "name_th", "name_en", "contact", "is_active"]
        help_texts = {
            "order": AT_THE_END,
            "is_active": _("Only active channels are offered when a complaint is recorded."),
        }


class CategoryForm(forms.ModelForm):
    class Meta:
        model = ComplaintCategory
        fields = ["order", "code", "name_th", "name_en", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "order": AT_THE_END,
            "code": _("A short code, unique in this policy, such as SRV."),
        }


class CategoryChoiceField(SafeModelChoiceField):
    def label_from_instance(self, category) -> str:
        return f"{category.code} {category.name}"


class TimeStandardForm(forms.ModelForm):
    class Meta:
        model = TimeStandard
        fields = [
            "category",
            "severity",
            "acknowledge_within",
            "acknowledge_unit",
            "resolve_within",
            "resolve_unit",
        ]
        field_classes = {"category": CategoryChoiceField}
        help_texts = {
            "acknowledge_unit": _("Counted on the organization's working calendar."),
            "resolve_unit": _("Counted on the organization's working calendar."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ComplaintCategory.objects.filter(
            version_id=self.instance.version_id
        ).order_by("order", "code", "id")


class EscalationRuleForm(forms.ModelForm):
    class Meta:
        model = EscalationRule
        fields = [
            "clock",
            "hours_before_due",
            "severity",
            "notify_handler",
            "notify_unit_head",
            "escalate_to",
            "description",
        ]
        field_classes = {"escalate_to": SafeModelChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Active units, and the one the rule names already should it have been closed since.
        self.fields["escalate_to"].queryset = OrgUnit.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.escalate_to_id)
        ).order_by("code")
        self.fields["severity"].choices = [("", _("Every severity"))] + list(
            self.fields["severity"].choices
        )[1:]
