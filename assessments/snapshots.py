"""Complaint KPI snapshots: the fiscal year's figures as they stood when a person took them.

Criterion 5.3 is argued from complaint KPIs, which keep moving as cases are closed, reopened
or imported. A snapshot keeps the figures (per quarter and for the year) as JSON, so the
evidence an assessor opens says what the organization claimed on that day.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints import kpis
from seam_scm.thai.dates import format_date

from .models import KpiSnapshot

FIGURES = (
    "volume", "acknowledged_in_time", "acknowledgements_counted", "acknowledged_in_time_percent",
    "resolved_in_time", "resolutions_counted", "resolved_in_time_percent", "resolution_times",
    "mean_resolution_hours", "median_resolution_hours", "mean_resolution_days",
    "median_resolution_days", "responded", "reopened", "reopen_rate_percent", "repeats",
    "repeat_percent", "satisfaction_answers", "satisfaction_mean", "open_now", "overdue_now",
)  # fmt: skip


def figures_as_dict(figures: kpis.Figures) -> dict:
    values = {name: getattr(figures, name) for name in FIGURES}
    return {name: (str(value) if value is not None and not isinstance(value, int) else value)
            for name, value in values.items()}  # fmt: skip


def _row(row: kpis.KpiRow) -> dict:
    period = row.period
    return {
        "key": period.key if period else "",
        "label": period.label if period else "",
        "start": period.start.isoformat() if period else "",
        "end": period.end.isoformat() if period else "",
        "figures": figures_as_dict(row.figures),
    }


@transaction.atomic
def take_complaint_kpi_snapshot(
    *, organization, fiscal_year: int, by, title: str = ""
) -> KpiSnapshot:
    query = kpis.KpiQuery(fiscal_year=fiscal_year, period=kpis.QUARTER, by=kpis.NONE)
    report = kpis.kpi_report(query, organization=organization)
    figures = {
        "fiscal_year": fiscal_year,
        "computed_at": report.computed_at.isoformat(),
        "total": figures_as_dict(report.total.figures),
        "quarters": [_row(row) for row in report.period_totals],
        "definitions": [
            {"key": key, "name": name, "definition": text} for key, name, text in kpis.definitions()
        ],
    }
    snapshot = KpiSnapshot(
        organization=organization,
        fiscal_year=fiscal_year,
        title=title.strip()
        or _("Complaint KPIs, fiscal year %(year)s, as of %(date)s")
        % {"year": fiscal_year, "date": format_date(timezone.localdate())},
        taken_by=by,
        figures=figures,
    )
    snapshot.full_clean()
    snapshot.save()
    return snapshot
