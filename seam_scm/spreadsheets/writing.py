"""Writing workbooks in the import layout: templates to fill in, exports to import again."""

import io
from collections.abc import Iterable, Mapping
from enum import StrEnum

from django.db import models
from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .cells import YES, format_be
from .sheets import (
    FIRST_DATA_ROW,
    KEY_ROW,
    LABEL_ROW,
    TEMPLATE_ROWS,
    XLSX_MIME,
    Column,
    Kind,
    Lookups,
    SheetSpec,
)

SHEET_INSTRUCTIONS = "instructions"
SHEET_LISTS = "lists"

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_COMPUTED_FILL = PatternFill("solid", fgColor="7F7F7F")
_KEY_FONT = Font(size=8, color="7F7F7F")
_WRAP = Alignment(wrap_text=True, vertical="top")

# What the instructions say to enter in a column that has no drop-down list.
KIND_TEXTS: dict[StrEnum, Promise] = {
    Kind.SCALE: gettext_lazy("A whole number from 1 (lowest) to 5 (highest)."),
    Kind.DATE: gettext_lazy("Day/month/year in the Buddhist Era, for example 21/11/2569."),
    Kind.CODE: gettext_lazy("A short code, unique in the organization, for example REG-01."),
    Kind.WHOLE: gettext_lazy("A whole number."),
    Kind.DECIMAL: gettext_lazy("A number, for example 1,234.50."),
}


# --- headers and layout ---------------------------------------------------------------------


def write_header(sheet: Worksheet, headers: list[tuple[str, str, str]]) -> None:
    """Row 1: names (required ones marked *), row 2 (hidden): the keys the importer reads.

    `headers` holds (key, name, style) per column; style "computed" greys out a column the
    import ignores.
    """
    for index, (key, label, style) in enumerate(headers, start=1):
        top = sheet.cell(row=LABEL_ROW, column=index, value=label)
        top.font = _HEADER_FONT
        top.fill = _COMPUTED_FILL if style == "computed" else _HEADER_FILL
        top.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.cell(row=KEY_ROW, column=index, value=key).font = _KEY_FONT
    sheet.row_dimensions[KEY_ROW].hidden = True
    sheet.row_dimensions[LABEL_ROW].height = 45
    sheet.freeze_panes = f"B{FIRST_DATA_ROW}"  # a coordinate: a cell here would take row 3


def data_header(spec: SheetSpec) -> list[tuple[str, str, str]]:
    headers = spec.headers()
    return [(c.key, headers[c.key] + (" *" if c.required else ""), "data") for c in spec.columns]


def write_table_header(sheet: Worksheet, labels: list[str]) -> None:
    """A plain sheet's one header row (one the import does not read), styled like the others."""
    sheet.append(labels)
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    sheet.freeze_panes = "A2"


def set_widths(sheet: Worksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def wrap_cells(sheet: Worksheet, min_row: int = 1) -> None:
    for row in sheet.iter_rows(min_row=min_row):
        for cell in row:
            cell.alignment = _WRAP


# --- the template ---------------------------------------------------------------------------


def build_template(
    *,
    title: str,
    lines: Iterable[Promise | str],
    specs: list[SheetSpec],
    lookups: Lookups,
    kind_texts: Mapping[StrEnum, Promise | str] | None = None,
) -> Workbook:
    """An import template: the instructions sheet, one sheet per spec with its header and
    drop-down lists, and the hidden sheet the lists come from.

    `kind_texts` says what to enter in columns of the app's own kinds.
    """
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = SHEET_INSTRUCTIONS
    write_instructions(
        instructions, title=title, lines=lines, specs=specs, lookups=lookups, kind_texts=kind_texts
    )
    for spec in specs:
        sheet = workbook.create_sheet(spec.name)
        write_header(sheet, data_header(spec))
        set_widths(sheet, [c.width for c in spec.columns])
    ranges = write_lists(workbook, specs, lookups)
    for spec in specs:
        add_validations(workbook[spec.name], spec, ranges[spec.name])
    return workbook


def write_lists(
    workbook: Workbook, specs: list[SheetSpec], lookups: Lookups
) -> dict[str, dict[str, str]]:
    """The hidden sheet the drop-down lists read: one column per list, even where two sheets
    have a column of the same key (their "source" lists differ). Returns the cell range of
    each list by sheet name and column key."""
    sheet = workbook.create_sheet(SHEET_LISTS)
    sheet.sheet_state = "hidden"
    ranges: dict[str, dict[str, str]] = {spec.name: {} for spec in specs}
    index = 0
    for spec in specs:
        for column in spec.columns:
            options = lookups.options(column)
            if options is None or not options.options:
                continue
            index += 1
            letter = get_column_letter(index)
            sheet.cell(row=1, column=index, value=f"{spec.name}.{column.key}")
            for row, option in enumerate(options.options, start=2):
                sheet.cell(row=row, column=index, value=options.text(option))
            last = len(options.options) + 1
            ranges[spec.name][column.key] = f"{SHEET_LISTS}!${letter}$2:${letter}${last}"
    return ranges


def add_validations(sheet: Worksheet, spec: SheetSpec, ranges: dict[str, str]) -> None:
    """Drop-down lists and the 1-5 rule on the template's rows; date columns kept as text."""
    last = FIRST_DATA_ROW + TEMPLATE_ROWS - 1
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        if column.kind is Kind.DATE:
            # Text, so that 21/11/2569 stays as typed whatever the computer's calendar.
            sheet.column_dimensions[letter].number_format = "@"
            continue
        if column.kind is Kind.SCALE:
            rule = DataValidation(type="whole", operator="between", formula1="1", formula2="5")
            rule.error = _("Enter a whole number from 1 to 5.")
        elif column.key in ranges:
            rule = DataValidation(type="list", formula1=f"={ranges[column.key]}")
            rule.error = _("Choose a value from the list.")
        else:
            continue
        # A warning, not a stop: typing only the code (REG) is fine too.
        rule.errorStyle = "warning"
        rule.showErrorMessage = True
        rule.allow_blank = True
        rule.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
        sheet.add_data_validation(rule)


def what_to_enter(
    column: Column, lookups: Lookups, kind_texts: Mapping[StrEnum, Promise | str] | None = None
) -> str:
    """The instructions' line for a column: its choices, or what its kind takes."""
    options = lookups.options(column)
    if options is not None:
        return "\n".join(options.text(option) for option in options.options)
    texts = {**KIND_TEXTS, **(kind_texts or {})}
    return str(texts.get(column.kind, gettext_lazy("Text.")))


def write_instructions(
    sheet: Worksheet,
    *,
    title: str,
    lines: Iterable[Promise | str],
    specs: list[SheetSpec],
    lookups: Lookups,
    kind_texts: Mapping[StrEnum, Promise | str] | None = None,
) -> None:
    """The first sheet of a template: the title, numbered instructions, a table of the
    columns of every data sheet and, where a column names units, the organization's units."""
    bold = Font(bold=True)
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for number, line in enumerate(lines, start=1):
        sheet.append([f"{number}.", str(line)])
    for spec in specs:
        sheet.append([])
        sheet.append([_("Columns of the sheet “%(sheet)s”") % {"sheet": spec.name}])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append([_("Column"), _("What to enter"), _("Required"), _("Key (row 2)")])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        headers = spec.headers()
        for column in spec.columns:
            sheet.append(
                [
                    headers[column.key],
                    what_to_enter(column, lookups, kind_texts),
                    str(YES) if column.required else "",
                    column.key,
                ]
            )
    if any(column.kind is Kind.UNIT for spec in specs for column in spec.columns):
        sheet.append([])
        sheet.append([_("Units of the organization")])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append([_("Code"), _("Name")])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for unit in lookups.units.values():
            sheet.append([unit.code, unit.name])
    set_widths(sheet, [34, 70, 12, 18])
    wrap_cells(sheet, min_row=2)


# --- exports --------------------------------------------------------------------------------


def export_cell(value, column: Column, lookups: Lookups):
    """A stored value as the import reads it back: "code – label", a BE date, Yes or No."""
    if value is None or value == "":
        return ""
    if column.kind is Kind.DATE:
        return format_be(value)
    if column.kind is Kind.YES_NO:
        value = "yes" if value else "no"
    options = lookups.options(column)
    if options is None:
        return value
    # A related row (a unit, a group) is offered by its code.
    return options.text_of(value.code if isinstance(value, models.Model) else value)


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    response = HttpResponse(workbook_bytes(workbook), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    # May hold personal data: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response
