"""The complaint KPIs page as an Excel workbook: the same table, then the definitions.

Headers and labels are in the active language (the user's), dates in the Buddhist Era in Thai;
figures are numbers (a share with nothing to divide by is written "—", as on the page).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from seam_scm.spreadsheets import writing
from seam_scm.tenancy.models import Organization
from seam_scm.thai.dates import format_date, format_datetime

from . import kpis

NO_VALUE = "—"
NUMBER_FORMATS = {
    kpis.COUNT: "0",
    kpis.PERCENT_KIND: "0.0",
    kpis.HOURS_KIND: "0.0",
    kpis.DAYS_KIND: "0.00",
    kpis.MEAN_KIND: "0.00",
}
# Excel refuses sheet names longer than this or holding any of these characters.
SHEET_NAME_LENGTH = 31
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def sheet_name(text: str) -> str:
    return str(text).translate(SHEET_NAME_FORBIDDEN).strip()[:SHEET_NAME_LENGTH]


def headers(report: kpis.KpiReport) -> list[str]:
    first = [_("Period")]
    if report.query.by != kpis.NONE:
        first.append(str(report.group_heading()))
    return first + [str(label) for _attribute, label, _kind in kpis.FIGURE_COLUMNS]


def row_values(report: kpis.KpiReport, row: kpis.KpiRow) -> list:
    """One row of the table: its period and group in words, then the figures."""
    values: list = [report.period_label(row)]
    if report.query.by != kpis.NONE:
        values.append(report.group_label(row))
    for attribute, _label, _kind in kpis.FIGURE_COLUMNS:
        value = getattr(row.figures, attribute)
        values.append(NO_VALUE if value is None else value)
    return values


def _write_table(sheet: Worksheet, report: kpis.KpiReport) -> None:
    writing.write_table_header(sheet, headers(report))
    first_figure = 3 if report.query.by != kpis.NONE else 2
    bold = Font(bold=True)
    for row in report.rows:
        sheet.append(row_values(report, row))
        cells = sheet[sheet.max_row]
        for cell, (_attribute, _label, kind) in zip(
            cells[first_figure - 1 :], kpis.FIGURE_COLUMNS, strict=True
        ):
            cell.number_format = NUMBER_FORMATS[kind]
        if row.period is None:  # the totals over the whole range
            for cell in cells[: first_figure - 1]:
                cell.font = bold
    label_widths = [30, 34] if report.query.by != kpis.NONE else [30]
    writing.set_widths(sheet, label_widths + [16] * len(kpis.FIGURE_COLUMNS))
    sheet.row_dimensions[1].height = 60
    writing.wrap_cells(sheet, min_row=1)


def _write_definitions(
    sheet: Worksheet, report: kpis.KpiReport, organization: Organization
) -> None:
    bold = Font(bold=True)
    about = [
        (_("Organization"), str(organization)),
        (_("Fiscal year"), f"{report.fiscal_year.label()} ({report.fiscal_year.span()})"),
        (_("Periods"), str(dict(kpis.PERIOD_CHOICES)[report.query.period])),
        (_("Grouped by"), str(report.group_heading())),
        (_("Cases received from"), format_date(report.start)),
        (_("Cases received until"), format_date(report.end)),
        (_("Working hours per day"), report.hours_per_day),
        (_("Figures as of"), format_datetime(timezone.localtime(report.computed_at))),
    ]
    for name, value in about:
        sheet.append([name, value])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append([])
    sheet.append([_("Figure"), _("Definition")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for _key, name, text in kpis.definitions():
        sheet.append([name, text])
    writing.set_widths(sheet, [34, 90])
    writing.wrap_cells(sheet)


def kpi_workbook(report: kpis.KpiReport, *, organization: Organization) -> Workbook:
    workbook = Workbook()
    table = workbook.active
    table.title = sheet_name(_("Complaint KPIs"))
    _write_table(table, report)
    _write_definitions(workbook.create_sheet(sheet_name(_("Definitions"))), report, organization)
    return workbook


def kpi_filename(report: kpis.KpiReport, organization: Organization) -> str:
    query = report.query
    return f"complaint-kpis-{organization.slug}-{query.fiscal_year}-{query.period}-{query.by}.xlsx"
