"""API of the customer records: products and services, segments, listening channels, VOC and the
comparison of VOC importance across the four categories.

The same services and rules as the pages: viewers and assessors read, coordinators and editors
write; ids of another organization's rows are refused like unknown ids.
"""

from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from seam_scm.tenancy.api import (
    OrganizationViewSetMixin,
    OrgRelatedField,
    ServiceModelViewSet,
)
from seam_scm.tenancy.models import OrgUnit

from .. import record_selectors as selectors
from .. import record_services as services
from ..models import (
    CustomerSegment,
    Frequency,
    ListeningChannel,
    ProductService,
    VocCategory,
    VoiceOfCustomer,
)

# --- serializers -----------------------------------------------------------------------------


class CustomerProductSerializer(serializers.ModelSerializer):
    owner_unit = OrgRelatedField(OrgUnit, allow_null=True, required=False)
    segments = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Segments that use it."
    )

    class Meta:
        model = ProductService
        fields = [
            "id",
            "code",
            "name_th",
            "name_en",
            "kind",
            "description",
            "owner_unit",
            "is_active",
            "segments",
        ]
        # The code's uniqueness per organization is checked by the service, with its message.
        validators = []


class CustomerSegmentSerializer(serializers.ModelSerializer):
    products = OrgRelatedField(
        ProductService,
        many=True,
        required=False,
        help_text="Products and services the segment uses; when given, it replaces the list.",
    )
    channels = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Listening channels that hear the segment."
    )

    class Meta:
        model = CustomerSegment
        fields = [
            "id",
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
            "channels",
        ]
        validators = []


# Described inline: the service standards' measurement frequency shares these choices, and a
# named enum per field would be two names for one choice set.
@extend_schema_field(
    {"type": "string", "enum": Frequency.values, "description": "How often the channel listens."}
)
class ChannelFrequencyField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Frequency.choices, **kwargs)


class ListeningChannelSerializer(serializers.ModelSerializer):
    owner_unit = OrgRelatedField(OrgUnit)
    frequency = ChannelFrequencyField()
    segments = OrgRelatedField(
        CustomerSegment,
        many=True,
        required=False,
        help_text="Segments the channel hears; when given, it replaces the list.",
    )
    is_direct = serializers.BooleanField(
        read_only=True, help_text="Direct: the customer speaks to the organization."
    )

    class Meta:
        model = ListeningChannel
        fields = [
            "id",
            "code",
            "name_th",
            "name_en",
            "kind",
            "is_direct",
            "frequency",
            "owner_unit",
            "practice",
            "segments",
            "is_active",
        ]
        validators = []


class CustomerVocSerializer(serializers.ModelSerializer):
    channel = OrgRelatedField(
        ListeningChannel, help_text="A channel in use (a VOC already heard keeps its channel)."
    )
    segment = OrgRelatedField(CustomerSegment)
    response_owner = OrgRelatedField(OrgUnit, allow_null=True, required=False)

    class Meta:
        model = VoiceOfCustomer
        fields = [
            "id",
            "channel",
            "segment",
            "category",
            "topic",
            "description",
            "importance",
            "sentiment",
            "heard_on",
            "status",
            "action_taken",
            "response_owner",
            "responded_on",
            "measured_result",
        ]
        extra_kwargs = {
            "action_taken": {
                "help_text": "Required when responded; the reason when closed without action."
            }
        }


class VocComparisonCellSerializer(serializers.Serializer):
    category = serializers.CharField(help_text=f"One of {', '.join(VocCategory.values)}.")
    label = serializers.CharField()
    count = serializers.IntegerField()
    mean_importance = serializers.DecimalField(
        max_digits=3, decimal_places=1, allow_null=True, help_text="1-5; null without VOC."
    )
    negative_share = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, help_text="Percent of negative VOC."
    )
    rank = serializers.IntegerField(
        allow_null=True, help_text="1 = the highest mean importance of the row; ties share."
    )


class VocComparisonSegmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name_th = serializers.CharField()
    name_en = serializers.CharField()


class VocComparisonRowSerializer(serializers.Serializer):
    segment = VocComparisonSegmentSerializer(
        allow_null=True, help_text="Null in the row of all segments."
    )
    total = serializers.IntegerField()
    cells = VocComparisonCellSerializer(many=True)


class VocComparisonSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(source="fiscal_year.year", help_text="B.E.")
    start = serializers.DateField(source="fiscal_year.start")
    end = serializers.DateField(source="fiscal_year.end")
    rows = VocComparisonRowSerializer(many=True)
    all_segments = VocComparisonRowSerializer()


# --- viewsets --------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List the products and services offered to customers",
        parameters=[
            OpenApiParameter("q", str, description="Search code, names and description"),
            OpenApiParameter("kind", str, enum=ProductService.Kind.values),
            OpenApiParameter("active", bool, description="Offered (true) or no longer (false)"),
        ],
    ),
    create=extend_schema(summary="Add a product or service"),
    destroy=extend_schema(summary="Delete a product or service no journey map or standard names"),
)
class CustomerProductViewSet(ServiceModelViewSet):
    model = ProductService
    serializer_class = CustomerProductSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProductService.objects.none()
        filters = selectors.product_filters_from_query(self.request.query_params)
        return selectors.product_list(filters).prefetch_related("segments")

    def save_row(self, product):
        return services.save_product(product=product)

    def delete_row(self, product):
        services.delete_product(product=product)


@extend_schema_view(
    list=extend_schema(
        summary="List customer segments and their profiles",
        parameters=[OpenApiParameter("q", str, description="Search code, names and needs")],
    ),
    create=extend_schema(summary="Add a customer segment"),
    destroy=extend_schema(summary="Delete a segment without VOC, survey results or journey maps"),
)
class CustomerSegmentViewSet(ServiceModelViewSet):
    model = CustomerSegment
    serializer_class = CustomerSegmentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CustomerSegment.objects.none()
        return selectors.segment_list(self.request.query_params.get("q", "")).prefetch_related(
            "products", "channels"
        )

    def save_row(self, segment, products=None):
        return services.save_segment(segment=segment, products=products)

    def delete_row(self, segment):
        services.delete_segment(segment=segment)


@extend_schema_view(
    list=extend_schema(
        summary="List listening channels (criterion 2)",
        parameters=[
            OpenApiParameter("q", str, description="Search code, names and practice"),
            OpenApiParameter("reach", str, enum=[selectors.DIRECT, selectors.INDIRECT]),
            OpenApiParameter("kind", str, enum=ListeningChannel.Kind.values),
            OpenApiParameter("owner_unit", int, description="Owner unit id"),
            OpenApiParameter("active", bool, description="In use (true) or not (false)"),
        ],
    ),
    create=extend_schema(summary="Add a listening channel"),
    destroy=extend_schema(summary="Delete a listening channel no VOC was heard through"),
)
class ListeningChannelViewSet(ServiceModelViewSet):
    model = ListeningChannel
    serializer_class = ListeningChannelSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ListeningChannel.objects.none()
        filters = selectors.channel_filters_from_query(self.request.query_params)
        return selectors.channel_list(filters)

    def save_row(self, channel, segments=None):
        return services.save_channel(channel=channel, segments=segments)

    def delete_row(self, channel):
        services.delete_channel(channel=channel)


VOC_PARAMETERS = [
    OpenApiParameter("q", str, description="Search what was heard and the details"),
    OpenApiParameter("segment", int, description="Segment id"),
    OpenApiParameter("channel", int, description="Listening channel id"),
    OpenApiParameter("category", str, enum=VocCategory.values),
    OpenApiParameter("sentiment", str, enum=VoiceOfCustomer.Sentiment.values),
    OpenApiParameter("status", str, enum=VoiceOfCustomer.Status.values),
    OpenApiParameter("importance", int, description="Importance at least (1-5)"),
    OpenApiParameter("heard_from", str, description="Heard on or after (YYYY-MM-DD)"),
    OpenApiParameter("heard_to", str, description="Heard on or before (YYYY-MM-DD)"),
    OpenApiParameter("fiscal_year", int, description="Fiscal year (B.E.), e.g. 2569"),
]


@extend_schema_view(
    list=extend_schema(
        summary="List the voice of the customer (filtered like the list page)",
        parameters=VOC_PARAMETERS,
    ),
    create=extend_schema(summary="Record a VOC"),
)
class CustomerVocViewSet(ServiceModelViewSet):
    model = VoiceOfCustomer
    serializer_class = CustomerVocSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return VoiceOfCustomer.objects.none()
        filters = selectors.voc_filters_from_query(
            self.request.query_params,
            start_month=self.request.organization.fiscal_year_start_month,
        )
        return selectors.voc_list(filters)

    def save_row(self, voc):
        return services.save_voc(voc=voc)

    def delete_row(self, voc):
        services.delete_voc(voc=voc)


class VocComparisonViewSet(
    OrganizationViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Read-only: the comparison of VOC importance across the four categories."""

    model = VoiceOfCustomer
    serializer_class = VocComparisonSerializer
    pagination_class = None

    @extend_schema(
        summary="Compare VOC importance across the four categories, per segment (criterion 2 L2)",
        parameters=[
            OpenApiParameter(
                "fiscal_year", int, description="Fiscal year (B.E.); default the current one"
            ),
            OpenApiParameter("segment", int, description="Only this segment"),
        ],
        responses=VocComparisonSerializer,
    )
    def list(self, request, *args, **kwargs):
        params = request.query_params
        year = params.get("fiscal_year", "")
        segment = params.get("segment", "")
        comparison = selectors.voc_comparison(
            int(year) if year.isdigit() and 2400 <= int(year) <= 2800 else None,
            segment=int(segment) if segment.isdigit() else None,
            start_month=request.organization.fiscal_year_start_month,
        )
        return Response(VocComparisonSerializer(comparison).data)


ROUTES = [
    ("customer-products", CustomerProductViewSet, "customer-product"),
    ("customer-segments", CustomerSegmentViewSet, "customer-segment"),
    ("listening-channels", ListeningChannelViewSet, "listening-channel"),
    ("voc", CustomerVocViewSet, "voc"),
    ("voc-comparison", VocComparisonViewSet, "voc-comparison"),
]
