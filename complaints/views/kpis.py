"""The complaint KPIs of criterion 5.3 (page and Excel export).

Everyone who may read the organization's records sees them (Action.VIEW), assessors and
viewers included: the figures are counts, shares and times, never a complainant's data.
Query: ?fy=2569 (B.E. fiscal year), period=month|quarter|year, by=none|channel|category|unit.
"""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from seam_scm import charts
from seam_scm.spreadsheets.writing import xlsx_response
from seam_scm.tenancy.views import org_view

from .. import kpi_spreadsheet, kpis

GET = ("GET",)


def _report(request: HttpRequest) -> kpis.KpiReport:
    query = kpis.query_from(request.GET, organization=request.organization)
    return kpis.kpi_report(query, organization=request.organization)


def kpi_charts(report: kpis.KpiReport) -> dict:
    """The page's charts: volume, the two shares within standard and satisfaction per period;
    for a dimension, also the volume per group."""
    labels = [period.short_label for period in report.periods]
    figures = [row.figures for row in report.period_totals]
    span = report.range_label
    result = {
        "volume": charts.bar_chart(
            labels,
            [charts.Series(_("Cases received"), [f.volume for f in figures])],
            integer=True,
            title=_("Cases received per period, %(span)s") % {"span": span},
            description=_("Bar chart of the number of cases received in each period."),
        ),
        "in_time": charts.bar_chart(
            labels,
            [
                charts.Series(
                    _("Acknowledged within standard"),
                    [f.acknowledged_in_time_percent for f in figures],
                ),
                charts.Series(
                    _("Resolved within standard"), [f.resolved_in_time_percent for f in figures]
                ),
            ],
            maximum=100,
            suffix="%",
            title=_("Acknowledged and resolved within standard, %(span)s") % {"span": span},
            description=_(
                "Bar chart, two bars per period: the percentage of cases acknowledged within "
                "standard and the percentage resolved within standard. — marks a period with "
                "nothing to measure."
            ),
        ),
        "satisfaction": charts.bar_chart(
            labels,
            [
                charts.Series(
                    _("Satisfaction with the handling"),
                    [f.satisfaction_mean for f in figures],
                    colour=charts.PALETTE[2],
                )
            ],
            maximum=5,
            title=_("Satisfaction with the handling (1-5), %(span)s") % {"span": span},
            description=_(
                "Bar chart of the mean satisfaction rating (1-5) in each period. — marks a "
                "period without answers."
            ),
        ),
    }
    if report.group_totals:
        heading = report.group_heading()
        result["groups"] = charts.horizontal_bar_chart(
            [row.group.label for row in report.group_totals],
            [row.figures.volume for row in report.group_totals],
            title=_("Cases received per %(group)s, %(span)s")
            % {"group": str(heading).lower(), "span": span},
            description=_("Horizontal bar chart of the number of cases received in each group."),
        )
    return result


@org_view(methods=GET)
def kpi_page(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    query = report.query
    context = {
        "report": report,
        "table_rows": [
            {"row": row, "period": report.period_label(row), "group": report.group_label(row)}
            for row in report.rows
        ],
        "export_query": urlencode(
            {"fy": query.fiscal_year, "period": query.period, "by": query.by}
        ),
        "charts": kpi_charts(report),
        "fiscal_years": kpis.fiscal_years_to_offer(request.organization, also=query.fiscal_year),
        "period_choices": kpis.PERIOD_CHOICES,
        "dimension_choices": kpis.DIMENSION_CHOICES,
        "definitions": kpis.definitions(),
    }
    return render(request, "complaints/kpis.html", context)


@org_view(methods=GET)
def kpi_export(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    workbook = kpi_spreadsheet.kpi_workbook(report, organization=request.organization)
    return xlsx_response(workbook, kpi_spreadsheet.kpi_filename(report, request.organization))


urlpatterns = [
    path("kpis/", kpi_page, name="kpis"),
    path("kpis/export.xlsx", kpi_export, name="kpi_export"),
]
