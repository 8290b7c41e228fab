"""API of customer journey maps and their stages.

- `journey-maps`: maps with counts of stages and critical points (filter `segment`); one map
  (retrieve) carries its stages, read-only, each critical one with whether a guideline of the
  service charter covers it;
- `journey-stages`: the stages (filter `journey`). A stage a charter guideline covers cannot be
  deleted (400 with the reason).
"""

from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers

from seam_scm.tenancy.api import OrgRelatedField, ServiceModelViewSet

from .. import journey_selectors, journey_services
from ..models import CustomerSegment, JourneyMap, JourneyStage, ProductService


class CustomerJourneyStageSerializer(serializers.ModelSerializer):
    journey = OrgRelatedField(JourneyMap)
    order = serializers.IntegerField(
        min_value=0,
        max_value=32767,
        required=False,
        help_text="Position from left to right; omitted: after the last stage.",
    )

    class Meta:
        model = JourneyStage
        fields = [
            "id",
            "journey",
            "order",
            "name",
            "customer_actions",
            "touchpoints",
            "pain_points",
            "feeling",
            "is_critical",
            "critical_reason",
        ]


class CustomerJourneyStageReadSerializer(serializers.ModelSerializer):
    covered = serializers.SerializerMethodField(
        help_text="For a critical point: whether a guideline of the charter's reference "
        "version (latest approved, else latest) covers it; null for other stages."
    )

    class Meta:
        model = JourneyStage
        fields = [
            "id",
            "order",
            "name",
            "customer_actions",
            "touchpoints",
            "pain_points",
            "feeling",
            "is_critical",
            "critical_reason",
            "covered",
        ]
        read_only_fields = fields

    def get_covered(self, stage) -> bool | None:
        if not stage.is_critical:
            return None
        return self.context.get("covered", {}).get(stage.pk, False)


class CustomerJourneyMapSerializer(serializers.ModelSerializer):
    segment = OrgRelatedField(CustomerSegment)
    service = OrgRelatedField(ProductService, allow_null=True, required=False)
    stage_count = serializers.SerializerMethodField()
    critical_count = serializers.SerializerMethodField()
    uncovered_count = serializers.SerializerMethodField(
        help_text="Critical points no guideline of the charter covers yet."
    )

    class Meta:
        model = JourneyMap
        fields = [
            "id",
            "segment",
            "service",
            "title",
            "description",
            "last_reviewed",
            "stage_count",
            "critical_count",
            "uncovered_count",
        ]

    def _count(self, journey, name: str) -> int:
        value = getattr(journey, name, None)
        if value is None:  # a map just saved: count it once
            annotated = journey_selectors.journey_list().get(pk=journey.pk)
            for field in ("stage_count", "critical_count", "uncovered_count"):
                setattr(journey, field, getattr(annotated, field))
            value = getattr(journey, name)
        return value

    def get_stage_count(self, journey) -> int:
        return self._count(journey, "stage_count")

    def get_critical_count(self, journey) -> int:
        return self._count(journey, "critical_count")

    def get_uncovered_count(self, journey) -> int:
        return self._count(journey, "uncovered_count")


class CustomerJourneyMapDetailSerializer(CustomerJourneyMapSerializer):
    stages = serializers.SerializerMethodField(help_text="The stages in order (read-only here).")

    class Meta(CustomerJourneyMapSerializer.Meta):
        fields = [*CustomerJourneyMapSerializer.Meta.fields, "stages"]

    @extend_schema_field(CustomerJourneyStageReadSerializer(many=True))
    def get_stages(self, journey) -> list[dict]:
        coverage = journey_selectors.critical_point_coverage(journey)
        covered = {point.stage.pk: point.covered for point in coverage}
        return CustomerJourneyStageReadSerializer(
            journey_selectors.stages_of(journey), many=True, context={"covered": covered}
        ).data


@extend_schema_view(
    list=extend_schema(
        summary="List customer journey maps",
        parameters=[OpenApiParameter("segment", int, description="Only this segment's maps")],
    ),
    retrieve=extend_schema(summary="One journey map with its stages and their coverage"),
    create=extend_schema(summary="Add a customer journey map"),
    destroy=extend_schema(summary="Delete a journey map no charter guideline refers to"),
)
class JourneyMapViewSet(ServiceModelViewSet):
    model = JourneyMap
    serializer_class = CustomerJourneyMapSerializer

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CustomerJourneyMapDetailSerializer
        return CustomerJourneyMapSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return JourneyMap.objects.none()
        segment = self.request.query_params.get("segment", "")
        return journey_selectors.journey_list(int(segment) if segment.isdigit() else None)

    def save_row(self, journey):
        journey = journey_services.save_journey(journey=journey)
        # The list's counts were annotated on the row; the answer recounts them.
        for field in ("stage_count", "critical_count", "uncovered_count"):
            journey.__dict__.pop(field, None)
        return journey

    def delete_row(self, journey):
        journey_services.delete_journey(journey=journey)


@extend_schema_view(
    list=extend_schema(
        summary="List journey stages",
        parameters=[OpenApiParameter("journey", int, description="Only this map's stages")],
    ),
    create=extend_schema(summary="Add a stage to a journey map"),
    destroy=extend_schema(summary="Delete a stage no charter guideline covers"),
)
class JourneyStageViewSet(ServiceModelViewSet):
    model = JourneyStage
    serializer_class = CustomerJourneyStageSerializer

    def get_queryset(self):
        stages = super().get_queryset().order_by("journey_id", "order", "id")
        if (journey := self.request.query_params.get("journey", "")).isdigit():
            stages = stages.filter(journey_id=int(journey))
        return stages

    def save_row(self, stage):
        return journey_services.save_stage(stage=stage)

    def delete_row(self, stage):
        journey_services.delete_stage(stage=stage)


ROUTES = [
    ("journey-maps", JourneyMapViewSet, "journey-map"),
    ("journey-stages", JourneyStageViewSet, "journey-stage"),
]
