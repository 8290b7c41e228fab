"""API of the criteria of a cycle (criterion self-assessments): list (`?cycle=<id>`), read,
change the organization's part (editors and coordinators, while the cycle is being prepared)
and record the assessors' review (`review`, assessors, while the cycle is under review).

A criterion's self-assessment exists with its cycle: none is created or deleted here.
"""

from django.db.models import Count
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from seam_scm.tenancy.api import OrganizationViewSetMixin, OrgRelatedField
from seam_scm.tenancy.models import OrgUnit
from seam_scm.tenancy.roles import Action

from .. import services
from ..models import CriterionAssessment
from .common import MemberField, call_service, id_filter, require_role, user_name


class CriterionAssessmentSerializer(serializers.ModelSerializer):
    criterion_code = serializers.CharField(source="criterion.code", read_only=True)
    criterion_title = serializers.CharField(
        source="criterion.title", read_only=True, help_text="Empty: not yet provided."
    )
    effective_target_level = serializers.IntegerField(
        source="effective_target", read_only=True, help_text="Its own target, else the cycle's."
    )
    responsible_unit = OrgRelatedField(OrgUnit, allow_null=True, required=False)
    owner = MemberField(
        allow_null=True, required=False, help_text="A member of the organization (user id)."
    )
    owner_name = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    reviewed_by_name = serializers.SerializerMethodField()
    evidence_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = CriterionAssessment
        fields = [
            "id",
            "cycle",
            "criterion",
            "criterion_code",
            "criterion_title",
            "claimed_level",
            "target_level",
            "effective_target_level",
            "approach",
            "deployment",
            "learning",
            "integration",
            "responsible_unit",
            "owner",
            "owner_name",
            "due_date",
            "status",
            "status_label",
            "assessor_level",
            "strengths",
            "opportunities",
            "reviewed_by",
            "reviewed_by_name",
            "reviewed_at",
            "evidence_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "cycle",
            "criterion",
            "assessor_level",
            "strengths",
            "opportunities",
            "reviewed_by",
            "reviewed_at",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "claimed_level": {"help_text": "0-5; null: not claimed."},
            "status": {"help_text": "`reviewed` is for the assessors (see review)."},
        }

    def get_owner_name(self, assessment) -> str:
        return user_name(assessment.owner)

    def get_reviewed_by_name(self, assessment) -> str:
        return user_name(assessment.reviewed_by)


class CriterionReviewSerializer(serializers.Serializer):
    assessor_level = serializers.IntegerField(
        allow_null=True, min_value=0, max_value=5, help_text="0-5; null: not decided yet."
    )
    strengths = serializers.CharField(required=False, allow_blank=True, default="")
    opportunities = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Opportunities for improvement."
    )
    reviewed = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Mark the criterion reviewed (needs the assessor's level); false puts a "
        "reviewed criterion back to ready for review.",
    )


@extend_schema_view(
    list=extend_schema(
        summary="List criteria of the organization's cycles",
        parameters=[OpenApiParameter("cycle", int, description="Only this cycle's criteria")],
    ),
    retrieve=extend_schema(summary="One criterion of a cycle"),
    partial_update=extend_schema(
        summary="Change the claim, narrative, owner, unit, due date or status while the cycle "
        "is being prepared (editors and coordinators)"
    ),
)
class CriterionAssessmentViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    model = CriterionAssessment
    serializer_class = CriterionAssessmentSerializer
    # The row is looked up first (another organization's is 404), then the role checked.
    action_permissions = {"review": Action.VIEW}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CriterionAssessment.objects.none()
        rows = (
            CriterionAssessment.objects.select_related("cycle", "criterion", "owner", "reviewed_by")
            .annotate(evidence_count=Count("evidence"))
            .order_by("cycle_id", "criterion__order", "id")
        )
        if self.action == "list" and (cycle := id_filter(self.request, "cycle")) is not None:
            rows = rows.filter(cycle_id=cycle)
        return rows

    def _fresh(self, assessment: CriterionAssessment) -> CriterionAssessment:
        return self.get_queryset().get(pk=assessment.pk)

    def partial_update(self, request, *args, **kwargs):
        assessment = self.get_object()
        serializer = self.get_serializer(assessment, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = {
            name: value
            for name, value in serializer.validated_data.items()
            if name in services.SELF_ASSESSMENT_FIELDS
        }
        call_service(services.update_self_assessment, assessment=assessment, **values)
        return Response(self.get_serializer(self._fresh(assessment)).data)

    @extend_schema(
        summary="Record the assessors' level, strengths and opportunities for improvement "
        "while the cycle is under review (assessors)",
        request=CriterionReviewSerializer,
        responses={200: CriterionAssessmentSerializer},
    )
    @action(detail=True, methods=["post"])
    def review(self, request, org_slug: str, pk: int):
        assessment = self.get_object()
        require_role(request, Action.REVIEW_ASSESSMENTS)
        review = CriterionReviewSerializer(data=request.data)
        review.is_valid(raise_exception=True)
        call_service(
            services.record_review, assessment=assessment, by=request.user, **review.validated_data
        )
        return Response(self.get_serializer(self._fresh(assessment)).data)


ROUTES = [("criterion-assessments", CriterionAssessmentViewSet, "criterion-assessment")]
