"""API of the customer and market strategy (criterion 1.1): strategies with their readiness,
strategic objectives and action plan items (writable only on a draft or returned version), the
cascade of KPIs and the communications of the plan. The same services and rules as the pages."""

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError as ApiValidationError

from seam_scm.approvals.models import DocumentVersion, VersionStatus
from seam_scm.files.models import Attachment
from seam_scm.forms import positive_int
from seam_scm.tenancy.api import (
    OrganizationViewSetMixin,
    OrgRelatedField,
    ReadinessSerializer,
    ServiceModelViewSet,
    django_errors_as_api_errors,
)
from seam_scm.tenancy.models import OrgUnit

from .. import strategy_selectors, strategy_services
from ..models import (
    ActionPlanItem,
    CustomerStrategy,
    KpiCascade,
    PlanCommunication,
    StrategicObjective,
)
from ..strategy_services import FIRST_YEAR, LAST_YEAR


def _strategy_parameter(what: str) -> list[OpenApiParameter]:
    return [OpenApiParameter("strategy", int, description=f"only {what} of this strategy")]


# --- strategies ----------------------------------------------------------------------------


class CustomerStrategyVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=VersionStatus.choices)


class CustomerStrategySerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="document.title", read_only=True)
    reference = serializers.CharField(source="document.reference", read_only=True)
    first_year = serializers.IntegerField(
        min_value=FIRST_YEAR, max_value=LAST_YEAR, help_text="First fiscal year (B.E.)."
    )
    last_year = serializers.IntegerField(
        min_value=FIRST_YEAR, max_value=LAST_YEAR, help_text="Last fiscal year (B.E.)."
    )
    versions = serializers.SerializerMethodField(help_text="Versions, newest first.")
    latest_version = serializers.SerializerMethodField()
    approved_version = serializers.SerializerMethodField()
    readiness = serializers.SerializerMethodField(
        help_text="Whether live data backs criterion 1.1 level 3."
    )

    class Meta:
        model = CustomerStrategy
        fields = [
            "id",
            "document",
            "title",
            "reference",
            "first_year",
            "last_year",
            "versions",
            "latest_version",
            "approved_version",
            "readiness",
        ]
        read_only_fields = ["document"]

    def _facts(self, strategy) -> strategy_selectors.StrategyFacts:
        facts = getattr(strategy, "facts", None)
        if facts is None:
            strategy = CustomerStrategy.objects.select_related("document", "organization").get(
                pk=strategy.pk
            )
            facts = strategy.facts = strategy_selectors.load_strategies([strategy])[0]
        return facts

    @extend_schema_field(CustomerStrategyVersionSerializer(many=True))
    def get_versions(self, strategy) -> list[dict]:
        return [
            {"id": v.id, "number": v.number, "status": v.status}
            for v in self._facts(strategy).versions
        ]

    def get_latest_version(self, strategy) -> int:
        return self._facts(strategy).latest.id

    def get_approved_version(self, strategy) -> int | None:
        approved = self._facts(strategy).approved
        return approved.id if approved else None

    @extend_schema_field(ReadinessSerializer)
    def get_readiness(self, strategy) -> dict:
        return strategy_selectors.readiness_of(self._facts(strategy)).as_dict()


@extend_schema_view(
    list=extend_schema(summary="List customer and market strategies with their readiness"),
    retrieve=extend_schema(
        summary="One strategy with its versions and its criterion 1.1 level 3 readiness"
    ),
    create=extend_schema(
        summary="Create the strategy of a plan period (its first draft is empty); "
        "periods may not overlap"
    ),
)
class CustomerStrategyViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    model = CustomerStrategy
    serializer_class = CustomerStrategySerializer

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("document", "organization")
            .order_by("-first_year")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            for facts in strategy_selectors.load_strategies(list(page)):
                facts.strategy.facts = facts
        return page

    @django_errors_as_api_errors
    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = strategy_services.create_strategy(
            organization=self.request.organization,
            by=self.request.user,
            first_year=data["first_year"],
            last_year=data["last_year"],
        )


# --- content of a version ------------------------------------------------------------------


class _ContentSerializer(serializers.ModelSerializer):
    version = OrgRelatedField(
        DocumentVersion, help_text="The strategy version (a draft or returned one) it belongs to."
    )
    strategy = serializers.SerializerMethodField()

    def validate_version(self, version: DocumentVersion) -> DocumentVersion:
        if self.instance is not None and version.pk != self.instance.version_id:
            raise serializers.ValidationError(_("It cannot move to another version."))
        return version

    def get_strategy(self, row) -> int | None:
        if hasattr(row, "strategy_id"):
            return row.strategy_id
        strategies = CustomerStrategy.objects.filter(document__versions=row.version_id)
        return strategies.values_list("id", flat=True).first()


class CustomerStrategicObjectiveSerializer(_ContentSerializer):
    class Meta:
        model = StrategicObjective
        fields = ["id", "version", "strategy", "key", "order", "objective", "kpi", "target"]
        read_only_fields = ["key"]


class CustomerActionPlanItemSerializer(_ContentSerializer):
    owner_unit = OrgRelatedField(OrgUnit)
    objective_key = serializers.UUIDField(
        allow_null=True,
        required=False,
        help_text="The key of the strategic objective of the same version the item serves.",
    )
    missing = serializers.SerializerMethodField(
        help_text="Components criterion 1.1 expects that the item lacks."
    )

    class Meta:
        model = ActionPlanItem
        fields = [
            "id",
            "version",
            "strategy",
            "key",
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
            "missing",
        ]
        read_only_fields = ["key"]

    def get_missing(self, item) -> list[str]:
        return strategy_selectors.missing_components(item)


def _strategy_id() -> Subquery:
    return Subquery(
        CustomerStrategy.objects.filter(document_id=OuterRef("version__document_id")).values("id")[
            :1
        ]
    )


class _ContentViewSet(ServiceModelViewSet):
    related: tuple[str, ...] = ()

    def get_queryset(self):
        queryset = (
            super()
            .get_queryset()
            .filter(version__document__customer_strategy__isnull=False)
            .select_related("version", *self.related)
            .annotate(strategy_id=_strategy_id())
            .order_by("version_id", *self.model._meta.ordering)
        )
        strategy, version = (
            positive_int(self.request.query_params.get("strategy")),
            positive_int(self.request.query_params.get("version")),
        )
        if strategy:
            latest = DocumentVersion.objects.filter(document__customer_strategy=strategy).order_by(
                "-number"
            )
            queryset = queryset.filter(version_id__in=latest.values("id")[:1])
        if version:
            queryset = queryset.filter(version_id=version)
        return queryset


_CONTENT_PARAMETERS = [
    OpenApiParameter("strategy", int, description="only rows of this strategy's latest version"),
    OpenApiParameter("version", int, description="only rows of this strategy version"),
]


@extend_schema_view(
    list=extend_schema(summary="List strategic objectives", parameters=_CONTENT_PARAMETERS),
    create=extend_schema(
        summary="Add a strategic objective to a draft strategy version (400 on other versions)"
    ),
    update=extend_schema(summary="Change an objective of a draft version (400 on other versions)"),
    partial_update=extend_schema(summary="Change some fields of an objective of a draft version"),
    destroy=extend_schema(
        summary="Delete an objective no item serves, on a draft version (400 otherwise)"
    ),
)
class CustomerStrategicObjectiveViewSet(_ContentViewSet):
    model = StrategicObjective
    serializer_class = CustomerStrategicObjectiveSerializer

    def save_row(self, objective):
        return strategy_services.save_objective(objective)

    def delete_row(self, objective):
        strategy_services.delete_objective(objective=objective)


@extend_schema_view(
    list=extend_schema(
        summary="List action plan items (long-term and annual)", parameters=_CONTENT_PARAMETERS
    ),
    create=extend_schema(
        summary="Add an action plan item to a draft strategy version (400 on other versions)"
    ),
    update=extend_schema(summary="Change an item of a draft version (400 on other versions)"),
    partial_update=extend_schema(summary="Change some fields of an item of a draft version"),
    destroy=extend_schema(summary="Delete an item of a draft version (400 on other versions)"),
)
class CustomerActionPlanItemViewSet(_ContentViewSet):
    model = ActionPlanItem
    serializer_class = CustomerActionPlanItemSerializer
    related = ("owner_unit",)

    def save_row(self, item):
        return strategy_services.save_action_item(item)

    def delete_row(self, item):
        strategy_services.delete_action_item(item=item)


# --- cascade and communications ------------------------------------------------------------


class _StrategyRecordSerializer(serializers.ModelSerializer):
    strategy = OrgRelatedField(CustomerStrategy)
    evidence = OrgRelatedField(
        Attachment, allow_null=True, required=False, help_text="An evidence file (see /files/)."
    )

    def validate_strategy(self, strategy: CustomerStrategy) -> CustomerStrategy:
        if self.instance is not None and strategy.pk != self.instance.strategy_id:
            raise ApiValidationError(_("It cannot move to another strategy."))
        return strategy


class CustomerKpiCascadeSerializer(_StrategyRecordSerializer):
    unit = OrgRelatedField(OrgUnit, allow_null=True, required=False)
    source_key = serializers.UUIDField(
        help_text="The key of a strategic objective (level strategy) or an action plan item "
        "(level plan) of the strategy's approved version, or of its latest version while none "
        "is approved."
    )

    class Meta:
        model = KpiCascade
        fields = [
            "id",
            "strategy",
            "level",
            "source_key",
            "recipient_kind",
            "unit",
            "recipient_name",
            "kpi",
            "target",
            "cascaded_on",
            "evidence",
        ]


class CustomerPlanCommunicationSerializer(_StrategyRecordSerializer):
    version = OrgRelatedField(
        DocumentVersion,
        allow_null=True,
        required=False,
        help_text="The version of the strategy communicated.",
    )

    class Meta:
        model = PlanCommunication
        fields = [
            "id",
            "strategy",
            "version",
            "audience",
            "audience_detail",
            "communicated_on",
            "channel",
            "note",
            "evidence",
        ]


class _StrategyRecordViewSet(ServiceModelViewSet):
    related: tuple[str, ...] = ()

    def get_queryset(self):
        queryset = super().get_queryset().select_related(*self.related)
        strategy = positive_int(self.request.query_params.get("strategy"))
        return queryset.filter(strategy_id=strategy) if strategy else queryset


@extend_schema_view(
    list=extend_schema(
        summary="List KPI cascades to units, staff and partners",
        parameters=_strategy_parameter("cascades"),
    ),
    create=extend_schema(summary="Cascade the KPI of an objective or action plan item"),
    destroy=extend_schema(summary="Delete a cascade (its evidence file stays)"),
)
class CustomerKpiCascadeViewSet(_StrategyRecordViewSet):
    model = KpiCascade
    serializer_class = CustomerKpiCascadeSerializer
    related = ("unit",)

    def get_queryset(self):
        return super().get_queryset().order_by("strategy_id", "cascaded_on", "id")

    def save_row(self, cascade):
        return strategy_services.save_cascade(cascade, by=self.request.user)

    def delete_row(self, cascade):
        strategy_services.delete_cascade(cascade=cascade)


@extend_schema_view(
    list=extend_schema(
        summary="List how the strategy and its plans were communicated",
        parameters=_strategy_parameter("communications"),
    ),
    create=extend_schema(summary="Record a communication of the strategy or its plans"),
    destroy=extend_schema(summary="Delete a communication (its evidence file stays)"),
)
class CustomerPlanCommunicationViewSet(_StrategyRecordViewSet):
    model = PlanCommunication
    serializer_class = CustomerPlanCommunicationSerializer

    def get_queryset(self):
        return super().get_queryset().order_by("strategy_id", "-communicated_on", "-id")

    def save_row(self, communication):
        return strategy_services.save_communication(communication, by=self.request.user)

    def delete_row(self, communication):
        strategy_services.delete_communication(communication=communication)


ROUTES = [
    ("customer-strategies", CustomerStrategyViewSet, "customer-strategy"),
    ("strategic-objectives", CustomerStrategicObjectiveViewSet, "customer-strategic-objective"),
    ("action-plan-items", CustomerActionPlanItemViewSet, "customer-action-plan-item"),
    ("kpi-cascades", CustomerKpiCascadeViewSet, "customer-kpi-cascade"),
    ("plan-communications", CustomerPlanCommunicationViewSet, "customer-plan-communication"),
]
