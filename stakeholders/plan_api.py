"""API of relationship plans and of the stakeholder analysis: the same services, selectors and
rules as the pages. Registered in seam_scm/api_urls.py."""

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from seam_scm.approvals.models import DocumentVersion, VersionStatus
from seam_scm.files.models import Attachment
from seam_scm.tenancy.api import (
    IsOrganizationMember,
    OrganizationViewSetMixin,
    OrgRelatedField,
    UserLanguageMixin,
    django_errors_as_api_errors,
)
from seam_scm.tenancy.models import OrgUnit
from seam_scm.tenancy.roles import Action
from seam_scm.thai.dates import current_fiscal_year

from . import analysis_selectors, plan_selectors, plan_services
from .models import (
    PlanItem,
    PlanItemProgress,
    Quadrant,
    RelationshipPlan,
    Stakeholder,
    StakeholderGroup,
    VoiceOfStakeholder,
)
from .plan_services import FIRST_YEAR, LAST_YEAR
from .selectors import filters_from_query


def _id_param(request, name: str) -> int | None:
    value = request.query_params.get(name, "")
    return int(value) if value.isdigit() else None


# --- plans ---------------------------------------------------------------------------------


class PlanVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=VersionStatus.choices)


class RelationshipPlanSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="document.title", read_only=True)
    business_line = OrgRelatedField(OrgUnit)
    fiscal_year = serializers.IntegerField(
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        required=False,
        help_text="Fiscal year (B.E.); the current one when left out.",
    )
    versions = serializers.SerializerMethodField(help_text="Versions of the plan, newest first.")
    latest_version = serializers.SerializerMethodField()
    approved_version = serializers.SerializerMethodField()

    class Meta:
        model = RelationshipPlan
        fields = [
            "id",
            "document",
            "title",
            "business_line",
            "fiscal_year",
            "versions",
            "latest_version",
            "approved_version",
        ]
        read_only_fields = ["document"]
        validators = []  # the service says "already has a plan" in the people's words

    def _versions(self, plan) -> list[DocumentVersion]:
        ordered = getattr(plan.document, "ordered_versions", None)
        if ordered is None:
            ordered = plan.document.ordered_versions = list(
                plan.document.versions.order_by("-number")
            )
        return ordered

    @extend_schema_field(PlanVersionSerializer(many=True))
    def get_versions(self, plan) -> list[dict]:
        return [{"id": v.id, "number": v.number, "status": v.status} for v in self._versions(plan)]

    def get_latest_version(self, plan) -> int | None:
        versions = self._versions(plan)
        return versions[0].id if versions else None

    def get_approved_version(self, plan) -> int | None:
        approved = (v.id for v in self._versions(plan) if v.status == VersionStatus.APPROVED)
        return next(approved, None)


def _plans():
    versions = DocumentVersion.objects.order_by("-number")
    return Prefetch("document__versions", queryset=versions, to_attr="ordered_versions")


@extend_schema_view(
    list=extend_schema(
        summary="List relationship plans",
        parameters=[OpenApiParameter("year", int, description="only this fiscal year (B.E.)")],
    ),
    retrieve=extend_schema(summary="One relationship plan with its versions"),
    create=extend_schema(
        summary="Create the plan of a business line for a fiscal year (its first draft is empty)"
    ),
)
class RelationshipPlanViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    model = RelationshipPlan
    serializer_class = RelationshipPlanSerializer

    def get_queryset(self):
        queryset = (
            super()
            .get_queryset()
            .select_related("document")
            .prefetch_related(_plans())
            .order_by("-fiscal_year", "business_line__code")
        )
        year = _id_param(self.request, "year")
        return queryset.filter(fiscal_year=year) if year else queryset

    @django_errors_as_api_errors
    def perform_create(self, serializer):
        organization = self.request.organization
        data = serializer.validated_data
        serializer.instance = plan_services.create_plan(
            organization=organization,
            by=self.request.user,
            business_line=data["business_line"],
            fiscal_year=data.get("fiscal_year")
            or current_fiscal_year(organization.fiscal_year_start_month).year,
        )


# --- plan items ----------------------------------------------------------------------------


class ProgressSerializer(serializers.Serializer):
    percent = serializers.IntegerField()
    result = serializers.CharField()


class PlanItemSerializer(serializers.ModelSerializer):
    version = OrgRelatedField(
        DocumentVersion, help_text="The plan version (a draft) the item belongs to."
    )
    plan = serializers.SerializerMethodField()
    stakeholder = OrgRelatedField(Stakeholder, allow_null=True, required=False)
    group = OrgRelatedField(StakeholderGroup, allow_null=True, required=False)
    voice = OrgRelatedField(VoiceOfStakeholder, allow_null=True, required=False)
    owner_unit = OrgRelatedField(OrgUnit)
    months = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=12),
        required=False,
        help_text="Month numbers (1-12); stored in fiscal-year order.",
    )
    referenced_plan = OrgRelatedField(
        Attachment,
        allow_null=True,
        required=False,
        help_text="An existing unit plan (evidence file) referenced instead of retyped.",
    )
    progress = serializers.SerializerMethodField()

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "version",
            "plan",
            "key",
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
            "progress",
        ]
        read_only_fields = ["key"]

    def validate_version(self, version: DocumentVersion) -> DocumentVersion:
        if self.instance is not None and version.pk != self.instance.version_id:
            raise serializers.ValidationError(_("An item cannot move to another version."))
        return version

    def get_plan(self, item) -> int | None:
        if hasattr(item, "plan_id"):
            return item.plan_id
        plans = RelationshipPlan.objects.filter(document__versions=item.version_id)
        return plans.values_list("id", flat=True).first()

    @extend_schema_field(ProgressSerializer(allow_null=True))
    def get_progress(self, item) -> dict | None:
        percent = getattr(item, "progress_percent", None)
        if percent is None:
            return None
        return {"percent": percent, "result": item.progress_result}


def _progress_of_item(field: str) -> Subquery:
    return Subquery(
        PlanItemProgress.objects.filter(
            plan__document_id=OuterRef("version__document_id"), item_key=OuterRef("key")
        ).values(field)[:1]
    )


@extend_schema_view(
    list=extend_schema(
        summary="List plan items",
        parameters=[
            OpenApiParameter("plan", int, description="items of this plan's latest version"),
            OpenApiParameter("version", int, description="items of this plan version"),
        ],
    ),
    retrieve=extend_schema(summary="One plan item with its progress"),
    create=extend_schema(summary="Add an item to a draft plan version (400 on other versions)"),
    update=extend_schema(summary="Change an item of a draft plan version (400 on other versions)"),
    partial_update=extend_schema(summary="Change some fields of an item of a draft version"),
    destroy=extend_schema(summary="Delete an item of a draft plan version (400 on other versions)"),
)
class PlanItemViewSet(OrganizationViewSetMixin, viewsets.ModelViewSet):
    model = PlanItem
    serializer_class = PlanItemSerializer

    def get_queryset(self):
        queryset = (
            super()
            .get_queryset()
            .annotate(
                plan_id=Subquery(
                    RelationshipPlan.objects.filter(
                        document_id=OuterRef("version__document_id")
                    ).values("id")[:1]
                ),
                progress_percent=_progress_of_item("percent"),
                progress_result=_progress_of_item("result"),
            )
            .order_by("version_id", "id")
        )
        plan, version = _id_param(self.request, "plan"), _id_param(self.request, "version")
        if plan:
            latest = DocumentVersion.objects.filter(document__relationship_plan=plan).order_by(
                "-number"
            )
            queryset = queryset.filter(version_id=Subquery(latest.values("id")[:1]))
        if version:
            queryset = queryset.filter(version_id=version)
        return queryset

    @django_errors_as_api_errors
    def perform_create(self, serializer):
        item = PlanItem(organization=self.request.organization, **serializer.validated_data)
        serializer.instance = plan_services.save_plan_item(item, by=self.request.user)

    @django_errors_as_api_errors
    def perform_update(self, serializer):
        item = serializer.instance
        for field, value in serializer.validated_data.items():
            setattr(item, field, value)
        plan_services.save_plan_item(item, by=self.request.user)

    @django_errors_as_api_errors
    def perform_destroy(self, instance):
        plan_services.delete_plan_item(item=instance)


# --- progress ------------------------------------------------------------------------------


class PlanItemProgressSerializer(serializers.ModelSerializer):
    plan = OrgRelatedField(RelationshipPlan)
    item_key = serializers.UUIDField(help_text="The key of an item of the approved plan version.")

    class Meta:
        model = PlanItemProgress
        fields = ["id", "plan", "item_key", "percent", "result", "updated_at"]
        read_only_fields = ["updated_at"]
        validators = []  # recording progress again for the same item updates it

    def validate(self, data: dict) -> dict:
        if self.instance is not None:
            for field in ("plan", "item_key"):
                if field in data and data[field] != getattr(self.instance, field):
                    raise ApiValidationError(
                        {field: _("Progress stays with its plan item; record it on the item.")}
                    )
        return data


@extend_schema_view(
    list=extend_schema(
        summary="List progress recorded on plan items",
        parameters=[OpenApiParameter("plan", int, description="only this plan's items")],
    ),
    retrieve=extend_schema(summary="Progress of one plan item"),
    create=extend_schema(
        summary="Record progress of an item of an approved plan (updates what was recorded)"
    ),
    update=extend_schema(summary="Change the recorded progress (approved plans only)"),
    partial_update=extend_schema(summary="Change the recorded progress (approved plans only)"),
)
class PlanItemProgressViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    model = PlanItemProgress
    serializer_class = PlanItemProgressSerializer

    def get_queryset(self):
        queryset = super().get_queryset().order_by("plan_id", "id")
        plan = _id_param(self.request, "plan")
        return queryset.filter(plan_id=plan) if plan else queryset

    @django_errors_as_api_errors
    def perform_create(self, serializer):
        serializer.instance = plan_services.record_progress(**serializer.validated_data)

    @django_errors_as_api_errors
    def perform_update(self, serializer):
        progress = serializer.instance
        data = serializer.validated_data
        serializer.instance = plan_services.record_progress(
            plan=progress.plan,
            item_key=progress.item_key,
            percent=data.get("percent", progress.percent),
            result=data.get("result", progress.result),
        )


# --- analysis ------------------------------------------------------------------------------


class GridStakeholderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name_th = serializers.CharField()
    name_en = serializers.CharField()
    group = serializers.IntegerField()
    side = serializers.CharField()
    influence = serializers.IntegerField()
    interest = serializers.IntegerField()
    quadrant = serializers.ChoiceField(choices=Quadrant.choices)


class GridSerializer(serializers.Serializer):
    stakeholders = GridStakeholderSerializer(many=True)
    counts = serializers.DictField(
        child=serializers.IntegerField(), help_text="Stakeholders per quadrant."
    )
    total = serializers.IntegerField()


class RollupRowSerializer(serializers.Serializer):
    unit = serializers.IntegerField(allow_null=True)
    code = serializers.CharField()
    name = serializers.CharField()
    total = serializers.IntegerField()
    manage_closely = serializers.IntegerField()
    keep_satisfied = serializers.IntegerField()
    keep_informed = serializers.IntegerField()
    monitor = serializers.IntegerField()
    stale = serializers.IntegerField()
    incomplete = serializers.IntegerField()


class RollupLineSerializer(serializers.Serializer):
    line = RollupRowSerializer()
    departments = RollupRowSerializer(many=True)


class RollupSerializer(serializers.Serializer):
    lines = RollupLineSerializer(many=True)
    organization = RollupRowSerializer()
    not_linked = serializers.IntegerField(help_text="Stakeholders linked to no unit.")


class VosRowSerializer(serializers.Serializer):
    group = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    positive = serializers.IntegerField()
    negative = serializers.IntegerField()


class VosTopicSerializer(serializers.Serializer):
    topic = serializers.CharField()
    polarity = serializers.CharField()
    count = serializers.IntegerField()
    importance = serializers.IntegerField(help_text="The highest importance given to it.")


class VosMatrixSerializer(serializers.Serializer):
    rows = VosRowSerializer(many=True)
    positive = serializers.IntegerField()
    negative = serializers.IntegerField()
    top_topics = VosTopicSerializer(many=True)


class UnitProgressSerializer(serializers.Serializer):
    unit = serializers.IntegerField(allow_null=True)
    code = serializers.CharField()
    name = serializers.CharField()
    items = serializers.IntegerField()
    average_progress = serializers.FloatField()
    done = serializers.IntegerField()
    budget = serializers.DecimalField(max_digits=16, decimal_places=2)


class PlanProgressSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField()
    units = UnitProgressSerializer(many=True)
    total = UnitProgressSerializer(allow_null=True)


def _rollup_row(row: analysis_selectors.RollupRow) -> dict:
    unit = row.unit
    counts = {field: getattr(row, field) for field in ("total", *Quadrant.values)}
    return {
        "unit": unit.pk if unit else None,
        "code": unit.code if unit else "",
        "name": unit.name if unit else "",
        **counts,
        "stale": row.stale,
        "incomplete": row.incomplete,
    }


def _unit_progress(row: plan_selectors.UnitProgress | None) -> dict | None:
    if row is None:
        return None
    return {
        "unit": row.unit_id,
        "code": row.unit_code,
        "name": row.unit_name,
        "items": row.items,
        "average_progress": row.average_progress,
        "done": row.done,
        "budget": row.budget,
    }


class StakeholderAnalysisViewSet(UserLanguageMixin, viewsets.ViewSet):
    """Read-only analysis of the stakeholder database, as on the analysis pages."""

    permission_classes = [IsOrganizationMember]

    def required_action(self, request) -> Action:
        return Action.VIEW

    @extend_schema(
        summary="Power-interest grid: every stakeholder with its quadrant, and counts",
        parameters=[
            OpenApiParameter("group", int, description="only this stakeholder group"),
            OpenApiParameter("unit", int, description="only stakeholders of this unit"),
            OpenApiParameter("q", str, description="search, as on the stakeholder list"),
            OpenApiParameter("quadrant", str, enum=Quadrant.values),
        ],
        responses=GridSerializer,
    )
    @action(detail=False, methods=["get"])
    def grid(self, request, org_slug: str):
        grid = analysis_selectors.power_interest_grid(filters_from_query(request.query_params))
        stakeholders = [
            {
                "id": s.id,
                "code": s.code,
                "name_th": s.name_th,
                "name_en": s.name_en,
                "group": s.group_id,
                "side": s.side,
                "influence": s.influence,
                "interest": s.interest,
                "quadrant": cell.quadrant.value,
            }
            for row in grid.rows
            for cell in row
            for s in cell.stakeholders
        ]
        stakeholders.sort(key=lambda s: s["code"])
        data = {"stakeholders": stakeholders, "counts": grid.counts, "total": grid.total}
        return Response(GridSerializer(data).data)

    @extend_schema(
        summary="Roll-up from departments to business lines (each stakeholder once per line)",
        responses=RollupSerializer,
    )
    @action(detail=False, methods=["get"])
    def rollup(self, request, org_slug: str):
        rollup = analysis_selectors.rollup()
        data = {
            "lines": [
                {
                    "line": _rollup_row(entry.line),
                    "departments": [_rollup_row(row) for row in entry.departments],
                }
                for entry in rollup.lines
            ],
            "organization": _rollup_row(rollup.organization),
            "not_linked": rollup.not_linked,
        }
        return Response(RollupSerializer(data).data)

    @extend_schema(
        summary="Voice of stakeholders: positive and negative voices per group, top topics",
        responses=VosMatrixSerializer,
    )
    @action(detail=False, methods=["get"], url_path="vos-matrix")
    def vos_matrix(self, request, org_slug: str):
        matrix = analysis_selectors.vos_matrix()
        data = {
            "rows": [
                {
                    "group": row.group.pk,
                    "code": row.group.code,
                    "name": str(row.group),
                    "positive": row.positive,
                    "negative": row.negative,
                }
                for row in matrix.rows
            ],
            "positive": matrix.positive,
            "negative": matrix.negative,
            "top_topics": matrix.top_topics,
        }
        return Response(VosMatrixSerializer(data).data)

    @extend_schema(
        summary="Plan progress by owner unit for a fiscal year",
        parameters=[
            OpenApiParameter("year", int, description="fiscal year (B.E.), default current")
        ],
        responses=PlanProgressSerializer,
    )
    @action(detail=False, methods=["get"], url_path="plan-progress")
    def plan_progress(self, request, org_slug: str):
        start_month = request.organization.fiscal_year_start_month
        year = plan_selectors.chosen_fiscal_year(request.query_params.get("year"), start_month)
        units, total = plan_selectors.plan_progress_by_unit(year.year)
        data = {
            "fiscal_year": year.year,
            "units": [_unit_progress(row) for row in units],
            "total": _unit_progress(total),
        }
        return Response(PlanProgressSerializer(data).data)
