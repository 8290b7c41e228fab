"""Forms of the journey map pages: the list's filter, a journey map, a stage.

Choices of segments and products are set in __init__: the scoped querysets can only be
evaluated inside the request's organization scope.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from seam_scm.thai.forms import BuddhistDateField

from .models import CustomerSegment, JourneyMap, JourneyStage, ProductService

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class JourneyFilterForm(forms.Form):
    segment = forms.ModelChoiceField(
        label=_("Segment"), queryset=CustomerSegment.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = CustomerSegment.objects.all()
        self.fields["segment"].empty_label = _("All segments")

    def segment_id(self) -> int | None:
        self.is_valid()
        segment = getattr(self, "cleaned_data", {}).get("segment")
        return segment.pk if segment else None


class JourneyForm(forms.ModelForm):
    last_reviewed = BuddhistDateField(label=_("Last reviewed"), required=False)

    class Meta:
        model = JourneyMap
        fields = ["segment", "service", "title", "description", "last_reviewed"]
        field_classes = {"segment": SafeModelChoiceField, "service": SafeModelChoiceField}
        widgets = {"description": TEXTAREA}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["segment"].queryset = CustomerSegment.objects.all()
        self.fields["service"].queryset = ProductService.objects.all()
        self.fields["service"].help_text = _("The product or service the journey is about, if one.")


class JourneyStageForm(forms.ModelForm):
    class Meta:
        model = JourneyStage
        fields = [
            "order",
            "name",
            "customer_actions",
            "touchpoints",
            "pain_points",
            "feeling",
            "is_critical",
            "critical_reason",
        ]
        widgets = {
            "customer_actions": TEXTAREA,
            "touchpoints": TEXTAREA,
            "pain_points": TEXTAREA,
            "critical_reason": TEXTAREA,
        }
        help_texts = {"order": _("Stages are shown from left to right in this order.")}

    def __init__(self, *args, journey: JourneyMap, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization_id = journey.organization_id
        self.instance.journey = journey
        self.fields["order"].required = False
        self.fields["feeling"].label = _("Customer feeling")
