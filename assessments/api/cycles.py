"""API of assessment cycles: list and read, create (coordinators), change the title and target
level while preparing, move through the states, and the whole cycle as one document.

The same services and rules as the pages. `move` is open to every member at the permission
level: the service knows which role each move needs and refuses the others (403); any other
refusal (a move the state does not allow, criteria not ready) answers 400. A cycle is never
deleted.
"""

from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from seam_scm.tenancy.api import OrganizationViewSetMixin
from seam_scm.tenancy.roles import Action

from .. import selectors, services
from ..models import AssessmentCycle, CycleState, FrameworkVersion
from .common import call_service, user_name
from .document import CycleDocumentSerializer, cycle_document


class CycleMoveOptionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=CycleState.choices)
    label = serializers.CharField(help_text="The move in words.")


class AssessmentCycleSerializer(serializers.ModelSerializer):
    framework_version = serializers.PrimaryKeyRelatedField(
        queryset=FrameworkVersion.objects.all(),
        help_text="A published version of a framework (see /api/v1/frameworks/).",
    )
    framework_code = serializers.CharField(
        source="framework_version.framework.code", read_only=True
    )
    framework_title = serializers.CharField(
        source="framework_version.framework.title", read_only=True
    )
    version_label = serializers.CharField(source="framework_version.label", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    finalized_by_name = serializers.SerializerMethodField()
    criteria_count = serializers.SerializerMethodField(help_text="Criteria assessed.")
    moves = serializers.SerializerMethodField(
        help_text="The moves the caller's role may make from the current state."
    )

    class Meta:
        model = AssessmentCycle
        fields = [
            "id",
            "framework_version",
            "framework_code",
            "framework_title",
            "version_label",
            "fiscal_year",
            "title",
            "state",
            "state_label",
            "target_level",
            "finalized_at",
            "finalized_by",
            "finalized_by_name",
            "criteria_count",
            "moves",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["state", "finalized_at", "finalized_by", "created_at", "updated_at"]
        extra_kwargs = {
            "fiscal_year": {"help_text": "Fiscal year in the Buddhist Era, 2500-2700."},
            "target_level": {"required": False},
        }
        # One cycle per framework and fiscal year: the service checks it, with its message.
        validators = []

    def get_finalized_by_name(self, cycle) -> str:
        return user_name(cycle.finalized_by)

    def get_criteria_count(self, cycle) -> int:
        count = getattr(cycle, "criteria_count", None)
        return cycle.criteria.count() if count is None else count

    @extend_schema_field(CycleMoveOptionSerializer(many=True))
    def get_moves(self, cycle) -> list[dict]:
        membership = getattr(self.context.get("request"), "membership", None)
        if membership is None:
            return []
        return [
            {"to": to, "label": label}
            for to, label in services.allowed_moves(cycle, membership.role)
        ]


class AssessmentCycleUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentCycle
        fields = ["title", "target_level"]


class CycleMoveSerializer(serializers.Serializer):
    to = serializers.ChoiceField(
        choices=CycleState.choices,
        help_text="preparing → self_assessed (submit; editors and coordinators, every criterion "
        "claimed and ready for review), self_assessed → preparing (reopen; editors and "
        "coordinators), self_assessed → under_review (assessors), under_review → final "
        "(assessors, every criterion reviewed; freezes the cycle and keeps its scores).",
    )


@extend_schema_view(
    list=extend_schema(summary="List the organization's assessment cycles"),
    retrieve=extend_schema(summary="One assessment cycle"),
    create=extend_schema(
        summary="Start a cycle of a published framework version for a fiscal year "
        "(coordinators); every criterion of the version gets its self-assessment"
    ),
    partial_update=extend_schema(
        summary="Change the title or target level while the cycle is being prepared (coordinators)",
        request=AssessmentCycleUpdateSerializer,
        responses=AssessmentCycleSerializer,
    ),
)
class AssessmentCycleViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Assessment cycles; never deleted."""

    model = AssessmentCycle
    serializer_class = AssessmentCycleSerializer
    write_action = Action.MANAGE_ORGANIZATION
    # The service checks the role each move needs; the document is a read.
    action_permissions = {"move": Action.VIEW, "document": Action.VIEW}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AssessmentCycle.objects.none()
        return selectors.cycle_list().select_related("organization", "finalized_by")

    def _fresh(self, cycle: AssessmentCycle) -> AssessmentCycle:
        return self.get_queryset().get(pk=cycle.pk)

    def perform_create(self, serializer):
        data = serializer.validated_data
        cycle = call_service(
            services.create_cycle,
            organization=self.request.organization,
            framework_version=data["framework_version"],
            fiscal_year=data["fiscal_year"],
            title=data.get("title", ""),
            target_level=data.get("target_level", 3),
        )
        serializer.instance = self._fresh(cycle)

    def partial_update(self, request, *args, **kwargs):
        cycle = self.get_object()
        update = AssessmentCycleUpdateSerializer(cycle, data=request.data, partial=True)
        update.is_valid(raise_exception=True)
        data = update.validated_data
        call_service(
            services.update_cycle,
            cycle=cycle,
            title=data.get("title", cycle.title),
            target_level=data.get("target_level", cycle.target_level),
        )
        return Response(self.get_serializer(self._fresh(cycle)).data)

    @extend_schema(
        summary="Move the cycle to another state (403 when the caller's role may not make "
        "this move, 400 when the cycle cannot make it)",
        request=CycleMoveSerializer,
        responses={200: AssessmentCycleSerializer},
    )
    @action(detail=True, methods=["post"])
    def move(self, request, org_slug: str, pk: int):
        cycle = self.get_object()
        move = CycleMoveSerializer(data=request.data)
        move.is_valid(raise_exception=True)
        call_service(
            services.move_cycle,
            cycle=cycle,
            to=move.validated_data["to"],
            role=request.membership.role,
            by=request.user,
        )
        return Response(self.get_serializer(self._fresh(cycle)).data, status=status.HTTP_200_OK)

    @extend_schema(
        summary="The whole cycle as one document: framework, scores and the criteria tree "
        "with levels, live artefact states, self-assessments, readiness, evidence, reviews "
        "and comment threads",
        responses=CycleDocumentSerializer,
    )
    @action(detail=True, methods=["get"])
    def document(self, request, org_slug: str, pk: int):
        cycle = self.get_object()
        data = cycle_document(cycle, org_slug=request.organization.slug)
        return Response(CycleDocumentSerializer(data).data)


ROUTES = [("assessment-cycles", AssessmentCycleViewSet, "assessment-cycle")]
