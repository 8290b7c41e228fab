"""Forms of the customer records: products and services, segments, listening channels and VOC.

Choices of units, segments, channels and products are set in __init__: the scoped querysets can
only be evaluated inside the request's organization scope. A record keeps a unit or channel
that is no longer active; new choices offer only active ones.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField, SafeModelMultipleChoiceField

from seam_scm.tenancy.models import OrgUnit
from seam_scm.thai.forms import BuddhistDateField

from .models import (
    CustomerSegment,
    ListeningChannel,
    ProductService,
    VocCategory,
    VoiceOfCustomer,
)
from .record_selectors import DIRECT, INDIRECT
from .record_services import (
    DUPLICATE_CHANNEL_CODE,
    DUPLICATE_PRODUCT_CODE,
    DUPLICATE_SEGMENT_CODE,
)

TEXTAREA = forms.Textarea(attrs={"rows": 3})
ACTIVE_CHOICES = [("", _("All")), ("1", _("Yes")), ("0", _("No"))]


def units_for(current_id: int | None = None):
    """Active units, plus the one a record already names."""
    active = Q(is_active=True)
    if current_id:
        active |= Q(pk=current_id)
    return OrgUnit.objects.filter(active).order_by("code")


class CodeNameChoiceField(SafeModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.name}"


class CodeNameMultipleChoiceField(SafeModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.name}"


def _clean_unique_code(form, message) -> str:
    code = form.cleaned_data["code"].strip()
    model = form._meta.model
    if model.objects.filter(code=code).exclude(pk=form.instance.pk).exists():
        raise forms.ValidationError(message)
    return code


# --- products and services -------------------------------------------------------------------


class ProductFilterForm(forms.Form):
    """Renders the list's filters; record_selectors.product_filters_from_query reads them."""

    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Product or service"),
        choices=[("", _("Both")), *ProductService.Kind.choices],
        required=False,
    )
    active = forms.ChoiceField(label=_("Offered"), choices=ACTIVE_CHOICES, required=False)


class ProductForm(forms.ModelForm):
    class Meta:
        model = ProductService
        fields = ["code", "name_th", "name_en", "kind", "description", "owner_unit", "is_active"]
        field_classes = {"owner_unit": SafeModelChoiceField}
        widgets = {"description": TEXTAREA}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["owner_unit"].queryset = units_for(self.instance.owner_unit_id)

    def clean_code(self) -> str:
        return _clean_unique_code(self, DUPLICATE_PRODUCT_CODE)


# --- segments --------------------------------------------------------------------------------


class SegmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)


class SegmentForm(forms.ModelForm):
    class Meta:
        model = CustomerSegment
        fields = [
            "code",
            "name_th",
            "name_en",
            "order",
            "description",
            "needs",
            "customer_count",
            "size_note",
            "revenue_share",
            "volume_share",
            "preferred_channels",
            "products",
        ]
        field_classes = {"products": CodeNameMultipleChoiceField}
        widgets = {
            "description": TEXTAREA,
            "needs": TEXTAREA,
            "preferred_channels": TEXTAREA,
            "revenue_share": forms.NumberInput(attrs={"min": 0, "max": 100, "step": "0.01"}),
            "volume_share": forms.NumberInput(attrs={"min": 0, "max": 100, "step": "0.01"}),
            "products": forms.CheckboxSelectMultiple,
        }

    SECTIONS = [
        (_("Segment"), ["code", "name_th", "name_en", "order", "description"]),
        (
            _("Customer profile"),
            [
                "needs",
                "customer_count",
                "size_note",
                "revenue_share",
                "volume_share",
                "preferred_channels",
            ],
        ),
        (_("Products and services"), ["products"]),
    ]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        chosen = (
            list(self.instance.products.values_list("pk", flat=True)) if self.instance.pk else []
        )
        self.fields["products"].queryset = ProductService.objects.filter(
            Q(is_active=True) | Q(pk__in=chosen)
        ).order_by("code")
        self.fields["products"].help_text = _("Products and services the segment uses.")

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def clean_code(self) -> str:
        return _clean_unique_code(self, DUPLICATE_SEGMENT_CODE)


# --- listening channels ----------------------------------------------------------------------


class ChannelFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    reach = forms.ChoiceField(
        label=_("Direct or indirect"),
        choices=[("", _("Both")), (DIRECT, _("Direct")), (INDIRECT, _("Indirect"))],
        required=False,
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *ListeningChannel.Kind.choices],
        required=False,
    )
    owner_unit = forms.ModelChoiceField(
        label=_("Owner unit"), queryset=OrgUnit.objects.none(), required=False
    )
    active = forms.ChoiceField(label=_("In use"), choices=ACTIVE_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = OrgUnit.objects.order_by("code")
        self.fields["owner_unit"].empty_label = _("All units")


class ChannelForm(forms.ModelForm):
    class Meta:
        model = ListeningChannel
        fields = [
            "code",
            "name_th",
            "name_en",
            "kind",
            "frequency",
            "owner_unit",
            "practice",
            "segments",
            "is_active",
        ]
        field_classes = {
            "owner_unit": SafeModelChoiceField,
            "segments": CodeNameMultipleChoiceField,
        }
        widgets = {
            "practice": forms.Textarea(attrs={"rows": 4}),
            "segments": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["owner_unit"].queryset = units_for(self.instance.owner_unit_id)
        self.fields["segments"].queryset = CustomerSegment.objects.order_by("order", "code")
        self.fields["kind"].help_text = _(
            "Direct: surveys, call center, service counter, website, social media. "
            "Indirect: competitors, comparators, stakeholders, online media, interaction data."
        )

    def clean_code(self) -> str:
        return _clean_unique_code(self, DUPLICATE_CHANNEL_CODE)


# --- voice of the customer -------------------------------------------------------------------


class VocFilterForm(forms.Form):
    """Renders the VOC list's filters; record_selectors.voc_filters_from_query reads them."""

    q = forms.CharField(label=_("Search"), required=False)
    segment = forms.ModelChoiceField(
        label=_("Segment"), queryset=CustomerSegment.objects.none(), required=False
    )
    channel = forms.ModelChoiceField(
        label=_("Channel"), queryset=ListeningChannel.objects.none(), required=False
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All categories")), *VocCategory.choices],
        required=False,
    )  # fmt: skip
    sentiment = forms.ChoiceField(
        label=_("Sentiment"),
        choices=[("", _("All")), *VoiceOfCustomer.Sentiment.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *VoiceOfCustomer.Status.choices],
        required=False,
    )
    importance = forms.TypedChoiceField(
        label=_("Importance at least"),
        choices=[("", _("Any")), *[(str(n), str(n)) for n in range(1, 6)]],
        coerce=int,
        empty_value=None,
        required=False,
    )
    heard_from = BuddhistDateField(label=_("Heard from"), required=False)
    heard_to = BuddhistDateField(label=_("Heard to"), required=False)
    fiscal_year = forms.TypedChoiceField(
        label=_("Fiscal year"), choices=[], coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, fiscal_years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = CustomerSegment.objects.order_by("order", "code")
        self.fields["segment"].empty_label = _("All segments")
        self.fields["channel"].queryset = ListeningChannel.objects.order_by("code")
        self.fields["channel"].empty_label = _("All channels")
        self.fields["fiscal_year"].choices = [
            ("", _("All years")),
            *[(str(year), str(year)) for year in fiscal_years],
        ]


class VocForm(forms.ModelForm):
    heard_on = BuddhistDateField(label=_("Date heard"))
    responded_on = BuddhistDateField(label=_("Responded on"), required=False)

    class Meta:
        model = VoiceOfCustomer
        fields = [
            "topic",
            "description",
            "channel",
            "segment",
            "category",
            "importance",
            "sentiment",
            "heard_on",
            "status",
            "action_taken",
            "response_owner",
            "responded_on",
            "measured_result",
        ]
        field_classes = {
            "channel": CodeNameChoiceField,
            "segment": CodeNameChoiceField,
            "response_owner": SafeModelChoiceField,
        }
        widgets = {
            "description": TEXTAREA,
            "importance": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "sentiment": forms.RadioSelect,
            "action_taken": TEXTAREA,
            "measured_result": TEXTAREA,
        }

    HEARD = [
        "topic",
        "description",
        "channel",
        "segment",
        "category",
        "importance",
        "sentiment",
        "heard_on",
    ]
    RESPONSE = ["status", "action_taken", "response_owner", "responded_on", "measured_result"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        channels = Q(is_active=True)
        if self.instance.channel_id:
            channels |= Q(pk=self.instance.channel_id)
        self.fields["channel"].queryset = ListeningChannel.objects.filter(channels).order_by("code")
        self.fields["channel"].help_text = _("Only channels in use can receive new VOC.")
        self.fields["segment"].queryset = CustomerSegment.objects.order_by("order", "code")
        self.fields["response_owner"].queryset = units_for(self.instance.response_owner_id)
        self.fields["sentiment"].choices = VoiceOfCustomer.Sentiment.choices  # no blank radio
        self.fields["category"].help_text = _(
            "Product and service: what is offered. Customer support: the must-haves of the "
            "service (people, process, place, physical evidence). Transaction: buying, paying "
            "and other dealings. Relationship management: communication, marketing, loyalty."
        )
        self.fields["importance"].help_text = _(
            "How important the matter is from the customer's point of view: 1 low, 5 high."
        )
        self.fields["action_taken"].label = _("Action taken, or the reason for no action")
        self.fields["action_taken"].help_text = _(
            "Required when the status is “Responded”; when closing without action, "
            "give the reason here."
        )
        self.fields["response_owner"].help_text = _("The unit that responded.")
        self.fields["measured_result"].help_text = _(
            "What the response achieved, measured (for example fewer complaints on the topic)."
        )

    def heard_fields(self):
        return [self[name] for name in self.HEARD]

    def response_fields(self):
        return [self[name] for name in self.RESPONSE]
