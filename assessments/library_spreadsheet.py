"""A framework version as an Excel workbook, and a workbook loaded as a new draft version.

Platform administrators complete the library (weights, level texts) by exporting a version,
filling it in and importing it under a new version label. The layout:

- "instructions": what every column takes, the artefact keys, how the import works;
- "framework": one row per field of the framework and the version (column A the key, column B
  the value): code, title_th, title_en, description_th, description_en, version, source;
- "criteria": one row per node, parents above their children. Row 1 holds the column names,
  row 2 (hidden) the column keys the import reads, data starts on row 3 (the layout of every
  import, seam_scm/spreadsheets): code, parent_code, kind, title_th, title_en, description_th,
  description_en, weight (empty: not yet provided), note, then for N in 1..5 level_N_th,
  level_N_en, level_N_source, level_N_artefacts (artefact keys separated by commas);
- "lists" (hidden): the drop-down list of kinds.

The import is all or nothing: every row is checked (here, and by `library.load_version`, which
owns the rules on codes, kinds, nesting, weights, levels and artefacts), every problem is
reported by sheet, row and column, and only a clean file creates the draft version.
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.functional import lazy
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from seam_scm.spreadsheets.cells import cell_text
from seam_scm.spreadsheets.sheets import (
    FIRST_DATA_ROW,
    CellError,
    Column,
    ImportFileError,
    Kind,
    Lookups,
    SheetReader,
    SheetSpec,
    opened_workbook,
)
from seam_scm.spreadsheets.writing import (
    SHEET_INSTRUCTIONS,
    add_validations,
    data_header,
    set_widths,
    wrap_cells,
    write_header,
    write_instructions,
    write_lists,
    write_table_header,
)

from .artefacts import ARTEFACTS
from .library import LibraryError, Problem, export_version, load_version
from .models import LEVELS, Criterion, CriterionKind, CriterionLevel, Framework, FrameworkVersion

SHEET_FRAMEWORK = "framework"
SHEET_CRITERIA = "criteria"
LEVEL_PARTS = ("th", "en", "source", "artefacts")


class LibraryKind(StrEnum):
    PARENT = "parent"
    WEIGHT = "weight"
    ARTEFACTS = "artefacts"


KIND_TEXTS = {
    Kind.CODE: gettext_lazy(
        "The node's code, unique in the version, for example CM 5.3. Required."
    ),
    LibraryKind.PARENT: gettext_lazy(
        "The code of the module or topic the row belongs to, on a row above; empty for a module."
    ),
    LibraryKind.WEIGHT: gettext_lazy(
        "A percentage from 0 to 100, for example 10 or 2.5. Empty: not yet provided (never 0)."
    ),
    LibraryKind.ARTEFACTS: gettext_lazy(
        "The keys of the artefacts this level expects as evidence, separated by commas "
        "(the list of keys is below). Empty: none."
    ),
}


def _level_label(text: str, level: int):
    """The column name in the reader's language, formatted when it is read, not at import."""
    return lazy(lambda: _(text) % {"level": level}, str)()


def _level_columns(level: int) -> list[Column]:
    return [
        Column(
            f"level_{level}_th",
            Kind.TEXT,
            label=_level_label(gettext_noop("Level %(level)s (Thai)"), level),
            width=50,
        ),
        Column(
            f"level_{level}_en",
            Kind.TEXT,
            label=_level_label(gettext_noop("Level %(level)s (English)"), level),
            width=40,
        ),
        Column(
            f"level_{level}_source",
            Kind.TEXT,
            label=_level_label(gettext_noop("Level %(level)s source"), level),
            width=18,
        ),
        Column(
            f"level_{level}_artefacts",
            LibraryKind.ARTEFACTS,
            label=_level_label(gettext_noop("Level %(level)s expected artefacts"), level),
            width=28,
        ),
    ]


COLUMNS = [
    Column("code", Kind.CODE, required=True, width=12),
    Column("parent_code", LibraryKind.PARENT, label=gettext_lazy("Part of (code)"), width=12),
    Column("kind", Kind.CHOICE, required=True, choices=CriterionKind, width=16),
    Column("title_th", Kind.TEXT, width=40),
    Column("title_en", Kind.TEXT, width=30),
    Column("description_th", Kind.TEXT, width=30),
    Column("description_en", Kind.TEXT, width=30),
    Column("weight", LibraryKind.WEIGHT, width=10),
    Column("note", Kind.TEXT, width=40),
    *(column for level in LEVELS for column in _level_columns(level)),
]
CRITERIA_SPEC = SheetSpec(SHEET_CRITERIA, Criterion, COLUMNS)

# The framework sheet: key -> what it is.
FRAMEWORK_FIELDS = {
    "code": gettext_lazy("Framework code (letters, digits and hyphens), for example seam-scm"),
    "title_th": gettext_lazy("Framework title (Thai)"),
    "title_en": gettext_lazy("Framework title (English)"),
    "description_th": gettext_lazy("Framework description (Thai)"),
    "description_en": gettext_lazy("Framework description (English)"),
    "version": gettext_lazy("Version label, for example the manual's edition: 2567"),
    "source": gettext_lazy("Source: where the criteria, weights and level texts come from"),
}
# The longest text each field takes (the model fields' max_length).
FRAMEWORK_LIMITS = {
    "code": Framework._meta.get_field("code").max_length,
    "title_th": Framework._meta.get_field("title_th").max_length,
    "title_en": Framework._meta.get_field("title_en").max_length,
    "version": FrameworkVersion._meta.get_field("label").max_length,
}
CRITERION_LIMITS = {
    "code": Criterion._meta.get_field("code").max_length,
    "title_th": Criterion._meta.get_field("title_th").max_length,
    "title_en": Criterion._meta.get_field("title_en").max_length,
}
LEVEL_SOURCE_LIMIT = CriterionLevel._meta.get_field("source").max_length
VERSION_LABEL = gettext_lazy("Version label")
TEXT_KEYS = ("title_th", "title_en", "description_th", "description_en", "note")


# --- export ---------------------------------------------------------------------------------


def export_filename(version: FrameworkVersion) -> str:
    label = slugify(version.label) or str(version.pk)
    return f"{version.framework.code}-{label}.xlsx"


def _put(sheet: Worksheet, row: int, column: int, value) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula


def _walk(nodes: list[dict], parent_code: str = ""):
    for node in nodes:
        yield node, parent_code
        yield from _walk(node.get("children") or [], node["code"])


def export_workbook(version: FrameworkVersion) -> Workbook:
    """The version in the import layout: importing it again gives the same version."""
    data = export_version(version)
    lookups = Lookups()
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = SHEET_INSTRUCTIONS
    _write_instructions(instructions, lookups, version)

    sheet = workbook.create_sheet(SHEET_FRAMEWORK)
    write_table_header(sheet, [_("Key"), _("Value"), _("What it is")])
    values = {**data["framework"], "version": data["version"]["label"]}
    values["source"] = data["version"]["source"]
    for row, (key, meaning) in enumerate(FRAMEWORK_FIELDS.items(), start=2):
        _put(sheet, row, 1, key)
        _put(sheet, row, 2, values.get(key, ""))
        _put(sheet, row, 3, str(meaning))
    set_widths(sheet, [18, 70, 50])
    wrap_cells(sheet, min_row=2)

    sheet = workbook.create_sheet(SHEET_CRITERIA)
    write_header(sheet, data_header(CRITERIA_SPEC))
    set_widths(sheet, [column.width for column in COLUMNS])
    kinds = lookups.options(COLUMNS[2])
    for row, (node, parent_code) in enumerate(_walk(data["nodes"]), start=FIRST_DATA_ROW):
        cells = {
            "code": node["code"],
            "parent_code": parent_code,
            "kind": kinds.text_of(node["kind"]),
            "weight": node["weight"],
            **{key: node.get(key, "") for key in TEXT_KEYS},
        }
        for level, texts in (node.get("levels") or {}).items():
            cells[f"level_{level}_th"] = texts["text_th"]
            cells[f"level_{level}_en"] = texts["text_en"]
            cells[f"level_{level}_source"] = texts["source"]
            cells[f"level_{level}_artefacts"] = ", ".join(texts["artefacts"])
        for index, column in enumerate(COLUMNS, start=1):
            value = cells.get(column.key)
            if value is not None and value != "":
                _put(sheet, row, index, value)
    ranges = write_lists(workbook, [CRITERIA_SPEC], lookups)
    add_validations(sheet, CRITERIA_SPEC, ranges[SHEET_CRITERIA])
    return workbook


def _write_instructions(sheet: Worksheet, lookups: Lookups, version: FrameworkVersion) -> None:
    lines = [
        _(
            "The sheet “framework” names the framework and the version; the sheet “criteria” "
            "holds one row per module, topic or criterion, each parent on a row above its "
            "children. Keep row 2 of “criteria” (hidden): the import reads the columns by it."
        ),
        _(
            "An empty weight, title or level text means “not yet provided”: fill in only what "
            "the source gives."
        ),
        _(
            "Import the file under a new version label (a platform administrator, on the page "
            "“Import a framework version”). Every row is checked first; if any cell has a "
            "problem, nothing is loaded and every problem is listed by sheet, row and column."
        ),
        _(
            "A clean file becomes a draft version; a draft of the same label is replaced. "
            "Publish the draft to make it available for assessment cycles. A published version "
            "never changes."
        ),
    ]
    write_instructions(
        sheet,
        title=_("Criteria library: %(version)s") % {"version": str(version)},
        lines=lines,
        specs=[CRITERIA_SPEC],
        lookups=lookups,
        kind_texts=KIND_TEXTS,
    )
    bold = Font(bold=True)
    sheet.append([])
    sheet.append([_("Rows of the sheet “framework” (column A the key, column B the value)")])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    for key, meaning in FRAMEWORK_FIELDS.items():
        sheet.append([key, str(meaning)])
    sheet.append([])
    sheet.append([_("Artefact keys")])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append([_("Key"), _("Artefact")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for key, artefact in ARTEFACTS.items():
        sheet.append([key, str(artefact.label)])
    wrap_cells(sheet, min_row=2)


# --- import ---------------------------------------------------------------------------------


@dataclass
class ParsedWorkbook:
    """What the workbook says, in the shape `load_version` reads, and where each part sits."""

    data: dict
    rows: list[dict]
    errors: list[CellError]
    framework_rows: dict[str, int] = field(default_factory=dict)  # key -> row
    readable: bool = True  # False: a sheet is missing or unreadable, nothing to check further
    label_from_form: bool = False  # the version label was typed on the import page


@dataclass
class ImportResult:
    version: FrameworkVersion | None
    errors: list[CellError]

    @property
    def is_clean(self) -> bool:
        return not self.errors


def split_artefacts(text: str) -> list[str]:
    return [key.strip() for key in re.split(r"[,;\n]", text) if key.strip()]


def _row_where(number: int) -> str:
    return _("row %(row)s") % {"row": number}


def _row_pattern() -> re.Pattern:
    """Finds the row number in a problem's "where" ("row 7 CM 1.1 · weight")."""
    marker = "ROWNUMBER"
    template = re.escape(_("row %(row)s") % {"row": marker})
    return re.compile("^" + template.replace(marker, r"(\d+)") + r"(?=\s|$)")


def parse_workbook(workbook: Workbook) -> ParsedWorkbook:
    errors: list[CellError] = []
    parsed = ParsedWorkbook(
        data={"framework": {}, "version": {}, "nodes": []}, rows=[], errors=errors
    )
    _read_framework(workbook, parsed)
    if SHEET_CRITERIA not in workbook.sheetnames:
        errors.append(
            CellError(
                SHEET_CRITERIA,
                None,
                "",
                _("The workbook has no sheet “%(sheet)s”. Start from an export of a version.")
                % {"sheet": SHEET_CRITERIA},
            )
        )
        parsed.readable = False
        return parsed
    reader = SheetReader(CRITERIA_SPEC, workbook[SHEET_CRITERIA], errors)
    if not reader.ok:
        parsed.readable = False
        return parsed
    kinds = Lookups().options(COLUMNS[2])
    codes_above: set[str] = set()
    all_codes = {cell_text(cells["code"]) for _number, cells in reader.rows}
    for number, cells in reader.rows:
        text = {key: cell_text(value) for key, value in cells.items()}
        for key in CRITERIA_SPEC.headers():
            text.setdefault(key, "")
        code = text["code"]
        for key, limit in CRITERION_LIMITS.items():
            if len(text[key]) > limit:
                reader.error(number, key, _too_long(limit))
        parent = text["parent_code"]
        if parent and parent in all_codes and parent not in codes_above:
            reader.error(
                number,
                "parent_code",
                _("The parent %(code)s must be on a row above this one.") % {"code": parent},
            )
        codes_above.add(code)
        levels = {}
        for level in LEVELS:
            parts = {part: text[f"level_{level}_{part}"] for part in LEVEL_PARTS}
            if not any(parts.values()):
                continue
            if len(parts["source"]) > LEVEL_SOURCE_LIMIT:
                reader.error(number, f"level_{level}_source", _too_long(LEVEL_SOURCE_LIMIT))
            levels[level] = {
                "text_th": parts["th"],
                "text_en": parts["en"],
                "source": parts["source"],
                "artefacts": split_artefacts(parts["artefacts"]),
            }
        parsed.rows.append(
            {
                "where": _row_where(number),
                "code": code,
                "parent_code": parent or None,
                # "criterion – Criterion" or the bare key; anything else is left for
                # load_version to refuse with the list of kinds.
                "kind": (kinds.resolve(text["kind"]) or text["kind"]) if text["kind"] else "",
                "weight": text["weight"],
                **{key: text[key] for key in TEXT_KEYS},
                "levels": levels,
            }
        )
    return parsed


def _too_long(limit: int) -> str:
    return _("The text is longer than %(limit)s characters.") % {"limit": limit}


def _read_framework(workbook: Workbook, parsed: ParsedWorkbook) -> None:
    if SHEET_FRAMEWORK not in workbook.sheetnames:
        parsed.errors.append(
            CellError(
                SHEET_FRAMEWORK,
                None,
                "",
                _("The workbook has no sheet “%(sheet)s”. Start from an export of a version.")
                % {"sheet": SHEET_FRAMEWORK},
            )
        )
        return
    values: dict[str, str] = {}
    for number, row in enumerate(
        workbook[SHEET_FRAMEWORK].iter_rows(min_row=2, values_only=True), start=2
    ):
        if not row:
            continue
        key = cell_text(row[0])
        if key not in FRAMEWORK_FIELDS:
            continue
        if key in values:
            parsed.errors.append(
                CellError(SHEET_FRAMEWORK, number, key, _("This key appears twice in the sheet."))
            )
            continue
        parsed.framework_rows[key] = number
        values[key] = cell_text(row[1]) if len(row) > 1 else ""
        limit = FRAMEWORK_LIMITS.get(key)
        if limit and len(values[key]) > limit:
            parsed.errors.append(CellError(SHEET_FRAMEWORK, number, key, _too_long(limit)))
    if values.get("code"):
        try:
            validate_slug(values["code"])
        except ValidationError as error:
            parsed.errors.append(
                CellError(SHEET_FRAMEWORK, parsed.framework_rows["code"], "code", error.messages[0])
            )
    parsed.data["framework"] = {
        key: values.get(key, "")
        for key in ("code", "title_th", "title_en", "description_th", "description_en")
    }
    parsed.data["version"] = {"label": values.get("version", ""), "source": values.get("source")}


def _cell_error(problem: Problem, parsed: ParsedWorkbook, pattern: re.Pattern) -> CellError:
    """Where a problem `load_version` found sits in the workbook."""
    headers = CRITERIA_SPEC.headers()
    found = pattern.match(problem.where)
    if found:
        column = problem.field
        if column.startswith("levels."):  # levels.3.artefacts
            _levels, level, part = column.split(".")
            column = f"level_{level}_{part}"
        return CellError(
            SHEET_CRITERIA, int(found.group(1)), headers.get(column, ""), problem.message
        )
    if problem.field == "label" and parsed.label_from_form:
        return CellError("", None, str(VERSION_LABEL), problem.message)
    if problem.field in ("code", "title_th", "label"):
        key = "version" if problem.field == "label" else problem.field
        return CellError(SHEET_FRAMEWORK, parsed.framework_rows.get(key), key, problem.message)
    return CellError(SHEET_CRITERIA, None, "", problem.message)


class _Refused(Exception):
    """Rolls back a load that succeeded although the workbook has problems of its own."""


def import_version(data: bytes, *, label: str = "") -> ImportResult:
    """Load an uploaded workbook as a draft version (named `label` if given), or nothing.

    Raises ImportFileError for a file that is not a readable workbook.
    """
    with opened_workbook(data) as workbook:
        parsed = parse_workbook(workbook)
    if label.strip():
        parsed.data["version"]["label"] = label.strip()
        parsed.label_from_form = True
    errors = parsed.errors
    if not parsed.readable:
        return ImportResult(None, errors)
    pattern = _row_pattern()
    try:
        with transaction.atomic():
            version = load_version(parsed.data, flat=parsed.rows)
            if errors:
                raise _Refused
    except LibraryError as error:
        errors.extend(_cell_error(problem, parsed, pattern) for problem in error.problems)
    except _Refused:
        pass
    except ValidationError as error:  # a model rule no check above knew of
        errors.extend(CellError(SHEET_CRITERIA, None, "", message) for message in error.messages)
    else:
        return ImportResult(version, [])
    # The framework sheet first, then by row; a sheet's own problems (no row) before its rows.
    errors.sort(key=lambda e: (e.sheet != SHEET_FRAMEWORK, e.sheet, e.row or 0))
    return ImportResult(None, errors)


__all__ = [
    "ImportFileError",
    "ImportResult",
    "export_filename",
    "export_workbook",
    "import_version",
]
