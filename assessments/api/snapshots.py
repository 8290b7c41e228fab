"""API of complaint KPI snapshots: a fiscal year's complaint KPIs as they stood when taken,
to link as evidence (kind `complaint_kpis`). Everyone in the organization reads them; editors
and coordinators take them. A snapshot never changes and is not deleted here.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from seam_scm.tenancy.api import OrganizationViewSetMixin

from ..models import KpiSnapshot
from ..snapshots import take_complaint_kpi_snapshot
from .common import call_service, user_name


class KpiSnapshotSerializer(serializers.ModelSerializer):
    fiscal_year = serializers.IntegerField(
        min_value=2500, max_value=2700, help_text="Fiscal year in the Buddhist Era."
    )
    title = serializers.CharField(
        required=False, allow_blank=True, max_length=255, help_text="Empty: named by the year."
    )
    taken_by_name = serializers.SerializerMethodField()
    figures = serializers.JSONField(
        read_only=True,
        help_text="fiscal_year, computed_at, total (the year's figures), quarters (key, label, "
        "start, end, figures) and definitions (key, name, definition), as on the KPIs page.",
    )

    class Meta:
        model = KpiSnapshot
        fields = [
            "id",
            "fiscal_year",
            "title",
            "taken_by",
            "taken_by_name",
            "figures",
            "created_at",
        ]
        read_only_fields = ["taken_by", "created_at"]

    def get_taken_by_name(self, snapshot) -> str:
        return user_name(snapshot.taken_by)


@extend_schema_view(
    list=extend_schema(summary="List complaint KPI snapshots (newest first)"),
    retrieve=extend_schema(summary="One complaint KPI snapshot with its figures"),
    create=extend_schema(
        summary="Take a snapshot of a fiscal year's complaint KPIs (editors and coordinators)"
    ),
)
class KpiSnapshotViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    model = KpiSnapshot
    serializer_class = KpiSnapshotSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return KpiSnapshot.objects.none()
        return KpiSnapshot.objects.select_related("taken_by").order_by("-created_at", "-id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        snapshot = call_service(
            take_complaint_kpi_snapshot,
            organization=self.request.organization,
            fiscal_year=data["fiscal_year"],
            by=self.request.user,
            title=data.get("title", ""),
        )
        serializer.instance = self.get_queryset().get(pk=snapshot.pk)


ROUTES = [("kpi-snapshots", KpiSnapshotViewSet, "kpi-snapshot")]
