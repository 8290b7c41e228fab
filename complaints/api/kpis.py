"""API of the complaint KPIs (criterion 5.3), as on the KPIs page: read-only.

- `complaint-kpis`: ?fy=2569 (B.E. fiscal year), period=month|quarter|year,
  by=none|channel|category|unit. The rows are those of the page's table, with every figure as a
  number (null where there is nothing to divide by), and the definitions of the figures.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from seam_scm.tenancy.api import IsOrganizationMember, UserLanguageMixin
from seam_scm.tenancy.roles import Action

from .. import kpis


def _decimal(places: int, help_text: str, max_digits: int = 10) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=max_digits,
        decimal_places=places,
        allow_null=True,
        coerce_to_string=False,
        help_text=help_text,
    )


class ComplaintKpiPeriodSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="2026-02 (a month), 2569-Q2 (a quarter), 2569 (a year).")
    label = serializers.CharField()
    start = serializers.DateField(help_text="First day.")
    end = serializers.DateField(help_text="Last day, included.")


class ComplaintKpiGroupSerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="The channel's or category's key (kept across policy versions), the unit's "
        "id, or `unassigned`."
    )
    label = serializers.CharField()


class ComplaintKpiFiguresSerializer(serializers.Serializer):
    volume = serializers.IntegerField(help_text="Cases received.")
    acknowledged_in_time = serializers.IntegerField()
    acknowledgements_counted = serializers.IntegerField(
        help_text="Acknowledged, plus unacknowledged past their due time."
    )
    acknowledged_in_time_percent = _decimal(
        1, "acknowledged_in_time ÷ acknowledgements_counted × 100", max_digits=4
    )
    resolved_in_time = serializers.IntegerField()
    resolutions_counted = serializers.IntegerField(
        help_text="Responded to, plus open without a response past their due time; "
        "withdrawn cases left out."
    )
    resolved_in_time_percent = _decimal(
        1, "resolved_in_time ÷ resolutions_counted × 100", max_digits=4
    )
    resolution_times = serializers.IntegerField(help_text="Cases with a resolution time.")
    mean_resolution_days = _decimal(2, "In working days of the calendar's hours per day.")
    mean_resolution_hours = _decimal(1, "In working hours.")
    median_resolution_days = _decimal(2, "In working days of the calendar's hours per day.")
    median_resolution_hours = _decimal(1, "In working hours.")
    responded = serializers.IntegerField(help_text="Cases with a first response.")
    reopened = serializers.IntegerField(help_text="Cases reopened at least once.")
    reopen_rate_percent = _decimal(1, "reopened ÷ responded × 100", max_digits=4)
    repeats = serializers.IntegerField(help_text="Cases repeating an earlier case.")
    repeat_percent = _decimal(1, "repeats ÷ volume × 100", max_digits=4)
    satisfaction_mean = _decimal(2, "Mean satisfaction with the handling, 1-5.", max_digits=3)
    satisfaction_answers = serializers.IntegerField()
    open_now = serializers.IntegerField()
    overdue_now = serializers.IntegerField()


class ComplaintKpiRowSerializer(serializers.Serializer):
    period = ComplaintKpiPeriodSerializer(
        allow_null=True, help_text="Null: the whole range of the report."
    )
    group = ComplaintKpiGroupSerializer(allow_null=True, help_text="Null: every group.")
    label = serializers.SerializerMethodField(help_text="The row's period and group in words.")
    figures = ComplaintKpiFiguresSerializer()

    def get_label(self, row) -> str:
        report = self.context["report"]
        if report.query.by == kpis.NONE:
            return report.period_label(row)
        return f"{report.period_label(row)} · {report.group_label(row)}"


class ComplaintKpiDefinitionSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    definition = serializers.CharField()


class ComplaintKpiReportSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(help_text="B.E.")
    period = serializers.CharField(help_text="month, quarter or year")
    by = serializers.CharField(help_text="none, channel, category or unit")
    start = serializers.DateField(help_text="Cases received from this day.")
    end = serializers.DateField(help_text="Cases received until this day, included.")
    hours_per_day = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        coerce_to_string=False,
        help_text="Working hours in a working day of the organization's calendar.",
    )
    computed_at = serializers.DateTimeField(help_text="Open and overdue cases as of this moment.")
    rows = ComplaintKpiRowSerializer(
        many=True,
        help_text="by=none: one row per period, then the whole range. Otherwise: each period's "
        "groups that have cases, then each group over the whole range, then everything.",
    )
    definitions = ComplaintKpiDefinitionSerializer(many=True)


class ComplaintKpiViewSet(UserLanguageMixin, viewsets.ViewSet):
    """The complaint KPIs of a fiscal year, per period and group."""

    permission_classes = [IsOrganizationMember]

    def required_action(self, request) -> Action:
        return Action.VIEW

    @extend_schema(
        summary="Complaint KPIs per month, quarter or fiscal year, and per channel, category "
        "or unit",
        parameters=[
            OpenApiParameter("fy", int, description="Fiscal year (B.E.); default: the current"),
            OpenApiParameter("period", str, enum=list(kpis.PERIODS), description="Default month"),
            OpenApiParameter("by", str, enum=list(kpis.DIMENSIONS), description="Default none"),
        ],
        responses=ComplaintKpiReportSerializer,
    )
    def list(self, request, org_slug: str):
        query = kpis.query_from(request.query_params, organization=request.organization)
        report = kpis.kpi_report(query, organization=request.organization)
        data = {
            "fiscal_year": query.fiscal_year,
            "period": query.period,
            "by": query.by,
            "start": report.start,
            "end": report.end,
            "hours_per_day": report.hours_per_day,
            "computed_at": report.computed_at,
            "rows": report.rows,
            "definitions": [
                {"key": key, "name": name, "definition": text}
                for key, name, text in kpis.definitions()
            ],
        }
        return Response(ComplaintKpiReportSerializer(data, context={"report": report}).data)


ROUTES = [("complaint-kpis", ComplaintKpiViewSet, "complaint-kpis")]
