"""Excel workbooks of the stakeholder database: the import template, reading an import, the export.

All three share one layout, so that an exported file can be imported again:

- sheet "stakeholders": one profile per row; sheet "voices": one VOS per row,
  naming its stakeholder by code;
- row 1 holds the column names in the reader's language, row 2 (hidden) the
  column keys the importer reads, data starts on row 3. The importer finds
  columns by key, so their order does not matter and columns it does not know
  (the export's computed quadrant, gap, ...) are ignored;
- a choice is written "code – label" (the drop-down lists offer exactly that);
  the importer also takes the bare code or the label in Thai or English;
- dates are day/month/year in the Buddhist Era (or real Excel dates).

Representatives' contacts are personal data: they are never imported, and
exported only for roles that may see them, on a sheet of their own.

Reading an import never writes: `parse_import` returns an ImportPlan with
every row it would save and every problem found, as (sheet, row, column,
message); import_services saves a clean plan in one transaction.
"""

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from seam_scm.files.validation import XLSX, validate_upload
from seam_scm.tenancy.models import Organization, OrgUnit
from seam_scm.thai.dates import BE_OFFSET, format_date, format_datetime
from seam_scm.thai.forms import BuddhistDateField

from . import selectors
from .models import (
    EngagementLevel,
    Quadrant,
    Representative,
    Stakeholder,
    StakeholderGroup,
    StakeholderUnit,
    VoiceOfStakeholder,
)
from .services import UnitRank

XLSX_MIME = XLSX.mime
SHEET_PROFILES = "stakeholders"
SHEET_VOICES = "voices"
SHEET_REPRESENTATIVES = "representatives"
SHEET_INSTRUCTIONS = "instructions"
SHEET_LISTS = "lists"
SHEET_ABOUT = "about"
LABEL_ROW, KEY_ROW, FIRST_DATA_ROW = 1, 2, 3

# Limits of an import: the upload, what it unpacks to (a small XLSX can hide a
# huge sheet), and the rows of each sheet.
MAX_UPLOAD_MB = 5
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 5000
# Rows of the template that get the drop-down lists.
TEMPLATE_ROWS = 1000
SEPARATOR = " – "

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_COMPUTED_FILL = PatternFill("solid", fgColor="7F7F7F")
_KEY_FONT = Font(size=8, color="7F7F7F")
_WRAP = Alignment(wrap_text=True, vertical="top")


# --- choices --------------------------------------------------------------------------------


def _normal(text: str) -> str:
    """Lower case, NFC, dashes unified and runs of white space collapsed, for matching."""
    text = unicodedata.normalize("NFC", text).replace("—", "–")
    return " ".join(text.split()).lower()


@dataclass(frozen=True)
class Option:
    value: str  # what is stored: "external", "3", a group's or a unit's code
    label: str  # in the active language
    aliases: tuple[str, ...] = ()  # other ways to write it: the label in every language


class OptionSet:
    """The allowed values of a choice column, and how a typed cell maps onto one."""

    def __init__(self, options: Iterable[Option], *, show_value: bool = True):
        self.options = list(options)
        self.show_value = show_value
        self._lookup: dict[str, str] = {}
        for option in self.options:
            for text in (option.value, self.text(option), option.label, *option.aliases):
                if text:
                    self._lookup.setdefault(_normal(str(text)), option.value)

    def text(self, option: Option) -> str:
        """How a value is written in the workbook and offered in its drop-down list."""
        if not self.show_value:
            return option.label
        return f"{option.value}{SEPARATOR}{option.label}" if option.label else option.value

    def text_of(self, value) -> str:
        for option in self.options:
            if option.value == str(value):
                return self.text(option)
        return "" if value in (None, "") else str(value)

    def resolve(self, text: str) -> str | None:
        key = _normal(text)
        if key in self._lookup:
            return self._lookup[key]
        # "REG – anything": the code before the separator decides.
        for separator in (" – ", " - "):
            if separator in key:
                head = key.split(separator, 1)[0].strip()
                if head in self._lookup:
                    return self._lookup[head]
        return None

    def listed(self, limit: int = 12) -> str:
        values = [option.value if self.show_value else option.label for option in self.options]
        shown = ", ".join(values[:limit])
        return shown + (", …" if len(values) > limit else "")


def _labels_in_every_language(label: Promise | str) -> tuple[str, ...]:
    labels = []
    for language in ("th", "en"):
        with translation.override(language):
            labels.append(str(label))
    return tuple(labels)


def choice_options(choices) -> OptionSet:
    """A model's TextChoices or IntegerChoices, written "code – label"."""
    return OptionSet(
        Option(str(value), str(label), _labels_in_every_language(label))
        for value, label in zip(choices.values, choices.labels, strict=True)
    )


YES, NO = gettext_lazy("Yes"), gettext_lazy("No")


def yes_no_options() -> OptionSet:
    return OptionSet(
        [
            Option("yes", str(YES), (*_labels_in_every_language(YES), "true", "1", "y")),
            Option("no", str(NO), (*_labels_in_every_language(NO), "false", "0", "n")),
        ],
        show_value=False,
    )


def group_options(groups: Iterable[StakeholderGroup]) -> OptionSet:
    return OptionSet(Option(g.code, str(g), (g.name_th, g.name_en)) for g in groups)


def unit_options(units: Iterable[OrgUnit]) -> OptionSet:
    return OptionSet(Option(u.code, u.name, (u.name_th, u.name_en)) for u in units)


# --- columns --------------------------------------------------------------------------------


class Kind(StrEnum):
    TEXT = "text"
    CODE = "code"  # the profile's own code: text, unique in the file
    CHOICE = "choice"  # one of a model's choices
    LEVEL = "level"  # an engagement level 1-6
    SCALE = "scale"  # a whole number 1-5
    YES_NO = "yes_no"
    DATE = "date"
    GROUP = "group"  # a stakeholder group code of this organization
    UNIT = "unit"  # a unit code of this organization
    UNITS = "units"  # UNIT:RANK;UNIT:RANK
    STAKEHOLDER = "stakeholder"  # a stakeholder code, in the file or in the database


@dataclass(frozen=True)
class Column:
    key: str  # the model field, and the key in row 2
    kind: Kind
    required: bool = False
    choices: type | None = None
    label: Promise | str | None = None  # when not the model field's verbose name
    width: int = 18

    def header(self, model) -> str:
        if self.label is not None:
            return capfirst(str(self.label))
        return capfirst(str(model._meta.get_field(self.key).verbose_name))


UNITS_LABEL = gettext_lazy("units and importance ranks")
STAKEHOLDER_CODE_LABEL = gettext_lazy("stakeholder code")

PROFILE_COLUMNS = [
    Column("code", Kind.CODE, required=True, width=12),
    Column("name_th", Kind.TEXT, required=True, width=32),
    Column("name_en", Kind.TEXT, width=28),
    Column("side", Kind.CHOICE, required=True, choices=Stakeholder.Side),
    Column("group", Kind.GROUP, required=True, width=28),
    Column("status", Kind.CHOICE, required=True, choices=Stakeholder.Status, width=24),
    Column("mission", Kind.TEXT, width=32),
    Column("structure", Kind.TEXT, width=32),
    Column("network", Kind.CHOICE, choices=Stakeholder.Network, width=24),
    Column("role", Kind.TEXT, width=32),
    Column("needs_from_them", Kind.TEXT, width=32),
    Column("key_issues", Kind.TEXT, width=32),
    Column("source", Kind.CHOICE, required=True, choices=Stakeholder.Source, width=24),
    Column("last_reviewed", Kind.DATE, width=14),
    Column("influence", Kind.SCALE, required=True, width=12),
    Column("interest", Kind.SCALE, required=True, width=12),
    Column("legitimacy", Kind.YES_NO, width=12),
    Column("urgency", Kind.YES_NO, width=12),
    Column("current_level", Kind.LEVEL, required=True, width=20),
    Column("target_level", Kind.LEVEL, required=True, width=20),
    Column("units", Kind.UNITS, label=UNITS_LABEL, width=28),
]

VOICE_COLUMNS = [
    Column("stakeholder", Kind.STAKEHOLDER, required=True, label=STAKEHOLDER_CODE_LABEL, width=14),
    Column("polarity", Kind.CHOICE, required=True, choices=VoiceOfStakeholder.Polarity, width=28),
    Column("topic", Kind.TEXT, required=True, width=32),
    Column("description", Kind.TEXT, width=40),
    Column("source", Kind.CHOICE, required=True, choices=VoiceOfStakeholder.Source, width=20),
    Column("heard_on", Kind.DATE, required=True, width=14),
    Column("importance", Kind.SCALE, required=True, width=12),
    Column("owner_unit", Kind.UNIT, required=True, width=28),
]

# Read-only columns of the export, after the importable ones; the importer skips them.
COMPUTED_PROFILE_COLUMNS = [
    ("quadrant", gettext_lazy("power-interest quadrant (computed)")),
    ("gap", gettext_lazy("relationship gap (computed)")),
    ("stale", gettext_lazy("review overdue (computed)")),
    ("missing", gettext_lazy("missing for a complete profile (computed)")),
]


@dataclass(frozen=True)
class SheetSpec:
    name: str
    model: type
    columns: list[Column]

    def headers(self) -> dict[str, str]:
        return {column.key: column.header(self.model) for column in self.columns}


PROFILES = SheetSpec(SHEET_PROFILES, Stakeholder, PROFILE_COLUMNS)
VOICES = SheetSpec(SHEET_VOICES, VoiceOfStakeholder, VOICE_COLUMNS)


class Lookups:
    """What the cells of this organization's workbook may name: groups, units, choices."""

    def __init__(self) -> None:
        self.groups = {g.code: g for g in StakeholderGroup.objects.all()}
        self.units = {u.code: u for u in OrgUnit.objects.order_by("code")}
        self.group_set = group_options(self.groups.values())
        self.unit_set = unit_options(self.units.values())
        self.level_set = choice_options(EngagementLevel)
        self.yes_no = yes_no_options()
        self._choices: dict[type, OptionSet] = {}

    def options(self, column: Column) -> OptionSet | None:
        if column.kind is Kind.CHOICE:
            if column.choices not in self._choices:
                self._choices[column.choices] = choice_options(column.choices)
            return self._choices[column.choices]
        return {
            Kind.GROUP: self.group_set,
            Kind.UNIT: self.unit_set,
            Kind.LEVEL: self.level_set,
            Kind.YES_NO: self.yes_no,
        }.get(column.kind)


# --- cells ----------------------------------------------------------------------------------


def format_be(value: dt.date | None) -> str:
    """21/11/2569: how the workbook writes a date (text, so that no locale turns it around)."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return format_be(value)
    return unicodedata.normalize("NFC", str(value)).strip()


class CellProblem(Exception):
    """A cell's value cannot be used; the message says why, in the reader's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


def _whole_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    return int(text) if re.fullmatch(r"[0-9]+", text) else None


def parse_scale(value) -> int:
    number = _whole_number(value)
    if number is None or not 1 <= number <= 5:
        raise CellProblem(
            _("Enter a whole number from 1 to 5; “%(value)s” is not one.")
            % {"value": cell_text(value)}
        )
    return number


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        # Typed as 21/11/2569 into a spreadsheet that does not use the Buddhist calendar.
        if value.year >= 2400:
            return value.replace(year=value.year - BE_OFFSET)
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        # A date kept as Excel's day number, e.g. in a cell formatted as a plain number.
        return parse_date(from_excel(value))
    try:
        return BuddhistDateField().clean(cell_text(value))
    except ValidationError as error:
        raise CellProblem(error.messages[0]) from None


def parse_choice(value, options: OptionSet) -> str:
    resolved = options.resolve(cell_text(value))
    if resolved is None:
        raise CellProblem(
            _("“%(value)s” is not one of the choices of this column: %(choices)s.")
            % {"value": cell_text(value), "choices": options.listed()}
        )
    return resolved


_UNIT_PAIR = re.compile(r"^(?P<code>.+?)\s*:\s*(?P<rank>[0-9]+)$")


def format_units(links: Iterable[StakeholderUnit]) -> str:
    return ";".join(f"{link.unit.code}:{link.importance_rank}" for link in links)


def parse_units(value, units: dict[str, OrgUnit]) -> list[UnitRank]:
    """LINE1:1;DEPT2:3 -> the units and their ranks; every problem of the cell in one message."""
    links: list[UnitRank] = []
    problems: list[str] = []
    seen: set[str] = set()
    for part in re.split(r"[;,\n]", cell_text(value)):
        part = part.strip()
        if not part:
            continue
        match = _UNIT_PAIR.match(part)
        if not match or int(match["rank"]) < 1:
            problems.append(
                _(
                    "“%(part)s” is not a unit code and rank; write them like LINE1:1;DEPT2:3 "
                    "(rank 1 is the most important)."
                )
                % {"part": part}
            )
            continue
        code = match["code"].strip()
        unit = units.get(code)
        if unit is None:
            problems.append(_("Unknown unit code “%(code)s”.") % {"code": code})
        elif code in seen:
            problems.append(_("The unit “%(code)s” is named twice.") % {"code": code})
        else:
            seen.add(code)
            links.append(UnitRank(unit=unit, importance_rank=int(match["rank"])))
    if problems:
        raise CellProblem(" ".join(problems))
    return links


# --- reading an import ----------------------------------------------------------------------


class Action(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int | None  # the spreadsheet's row number; None for a problem of the whole sheet
    column: str  # the column's name as in row 1; "" for a problem of the whole row or sheet
    message: str

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ProfileRow:
    row: int
    stakeholder: Stakeholder  # unsaved changes; a new one has no pk
    units: list[UnitRank] | None  # None: the sheet has no units column, links stay as they are
    action: Action


@dataclass
class VoiceRow:
    row: int
    code: str  # of its stakeholder
    voice: VoiceOfStakeholder  # unsaved; its stakeholder is set when saved
    action: Action


@dataclass
class ImportPlan:
    profiles: list[ProfileRow] = field(default_factory=list)
    voices: list[VoiceRow] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    # The existing profiles VOS rows point at, by code.
    existing: dict[str, Stakeholder] = field(default_factory=dict)

    @property
    def is_clean(self) -> bool:
        return not self.errors

    def _count(self, rows, action: Action) -> int:
        return sum(1 for row in rows if row.action == action)

    def counts(self) -> dict[str, int]:
        return {
            "new_profiles": self._count(self.profiles, Action.NEW),
            "updated_profiles": self._count(self.profiles, Action.UPDATED),
            "unchanged_profiles": self._count(self.profiles, Action.UNCHANGED),
            "new_voices": self._count(self.voices, Action.NEW),
            "updated_voices": self._count(self.voices, Action.UPDATED),
            "unchanged_voices": self._count(self.voices, Action.UNCHANGED),
        }


class ImportFileError(ValidationError):
    """The upload is not a workbook we can read at all (wrong type, too big, damaged)."""


def _refuse(message: str) -> ImportFileError:
    return ImportFileError(message, code="invalid_workbook")


def check_upload(upload: UploadedFile) -> None:
    """An Excel workbook (by its content, not its name) within the import's limits."""
    if upload.size is not None and upload.size > MAX_UPLOAD_MB * 1024 * 1024:
        raise _refuse(
            _(
                "The file is larger than the import limit of %(limit)s MB. "
                "Split it into smaller files."
            )
            % {"limit": MAX_UPLOAD_MB}
        )
    try:
        checked = validate_upload(upload)
    except ValidationError as error:
        raise _refuse(" ".join(error.messages)) from None
    if checked.file_type is not XLSX:
        raise _refuse(
            _(
                "Only Excel workbooks (.xlsx) can be imported, and this file is in %(type)s "
                "format. Download the template, copy your data into it and upload that."
            )
            % {"type": checked.file_type.label}
        )


def open_workbook(data: bytes) -> Workbook:
    """Load the workbook's values, refusing damaged files and ones that unpack to too much."""
    damaged = _("The workbook is damaged and cannot be read. Save it again in Excel and retry.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _refuse(damaged) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise _refuse(
            _("The workbook holds more data than the import accepts. Split it into smaller files.")
        )
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for broken or hostile files
        raise _refuse(damaged) from None


def read_upload(upload: UploadedFile) -> bytes:
    check_upload(upload)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def parse_import(data: bytes, *, organization: Organization) -> ImportPlan:
    """Every row of both sheets checked against the organization's data (inside its scope)."""
    workbook = open_workbook(data)
    try:
        return _Parser(workbook, organization).parse()
    finally:
        workbook.close()


class _Sheet:
    """One data sheet: its columns by key, and its non-empty rows as {key: value}."""

    def __init__(self, spec: SheetSpec, worksheet: Worksheet, errors: list[CellError]):
        self.spec = spec
        self.headers = spec.headers()
        self.errors = errors
        self.rows: list[tuple[int, dict]] = []
        self.keys: set[str] = set()
        self.ok = self._read(worksheet)

    def error(self, row: int | None, key: str, message: str) -> None:
        self.errors.append(CellError(self.spec.name, row, self.headers.get(key, ""), message))

    def _read(self, worksheet: Worksheet) -> bool:
        rows = worksheet.iter_rows(min_row=KEY_ROW, values_only=True)
        key_row = next(rows, ())
        positions: dict[str, int] = {}
        for index, value in enumerate(key_row):
            key = cell_text(value)
            if key in self.headers:
                if key in positions:
                    self.error(KEY_ROW, key, _("This column appears twice in the sheet."))
                    return False
                positions[key] = index
        if not positions:
            self.error(
                KEY_ROW,
                "",
                _(
                    "Row 2 of the sheet must hold the column keys of the template (the row is "
                    "hidden in the template). Download the template and copy your data into it."
                ),
            )
            return False
        missing = [c.key for c in self.spec.columns if c.required and c.key not in positions]
        for key in missing:
            self.error(None, key, _("This required column is missing from the sheet."))
        self.keys = set(positions)
        for number, values in enumerate(rows, start=FIRST_DATA_ROW):
            cells = {key: values[i] if i < len(values) else None for key, i in positions.items()}
            if all(cell_text(v) == "" for v in cells.values()):
                continue
            if len(self.rows) == MAX_ROWS:
                self.error(
                    number,
                    "",
                    _("The sheet has more than %(limit)s rows. Split it into smaller files.")
                    % {"limit": MAX_ROWS},
                )
                return False
            self.rows.append((number, cells))
        return not missing


IMPORTABLE_PROFILE_FIELDS = [c.key for c in PROFILE_COLUMNS if c.key != "units"]


def _profile_values(stakeholder: Stakeholder) -> dict:
    values = {name: getattr(stakeholder, name) for name in IMPORTABLE_PROFILE_FIELDS}
    values["group"] = stakeholder.group_id
    return values


def _voice_values(voice: VoiceOfStakeholder) -> dict:
    return {
        "topic": voice.topic,
        "polarity": voice.polarity,
        "description": voice.description,
        "source": voice.source,
        "importance": voice.importance,
        "owner_unit": voice.owner_unit_id,
    }


class _Parser:
    def __init__(self, workbook: Workbook, organization: Organization):
        self.workbook = workbook
        self.organization = organization
        self.plan = ImportPlan()
        self.lookups = Lookups()

    def parse(self) -> ImportPlan:
        names = self.workbook.sheetnames
        if SHEET_REPRESENTATIVES in names:
            self.plan.errors.append(
                CellError(
                    SHEET_REPRESENTATIVES,
                    None,
                    "",
                    _(
                        "This sheet holds personal data (representatives' contacts), which is "
                        "not imported. The uploaded file is kept as evidence that every member "
                        "may open, so delete the sheet and upload the file again."
                    ),
                )
            )
        if SHEET_PROFILES not in names and SHEET_VOICES not in names:
            self.plan.errors.append(
                CellError(
                    "",
                    None,
                    "",
                    _(
                        "The workbook has neither a “%(profiles)s” nor a “%(voices)s” sheet. "
                        "Download the template and copy your data into it."
                    )
                    % {"profiles": SHEET_PROFILES, "voices": SHEET_VOICES},
                )
            )
            return self.plan
        file_codes: set[str] = set()
        if SHEET_PROFILES in names:
            sheet = _Sheet(PROFILES, self.workbook[SHEET_PROFILES], self.plan.errors)
            if sheet.ok:
                file_codes = self._profiles(sheet)
        if SHEET_VOICES in names:
            sheet = _Sheet(VOICES, self.workbook[SHEET_VOICES], self.plan.errors)
            if sheet.ok:
                self._voices(sheet, file_codes)
        if self.plan.is_clean and not self.plan.profiles and not self.plan.voices:
            self.plan.errors.append(CellError("", None, "", _("The file has no rows to import.")))
        return self.plan

    # A cell's value through its column's rule; problems are recorded, None returned.
    def _value(self, sheet: _Sheet, number: int, column: Column, raw):
        text = cell_text(raw)
        if text == "":
            if column.required:
                sheet.error(number, column.key, _("This column is required; the cell is empty."))
            return None
        try:
            return self._convert(column, raw, text)
        except CellProblem as problem:
            sheet.error(number, column.key, problem.message)
            return None

    def _convert(self, column: Column, raw, text: str):
        kind = column.kind
        if kind in (Kind.TEXT, Kind.CODE, Kind.STAKEHOLDER):
            return text
        if kind is Kind.SCALE:
            return parse_scale(raw)
        if kind is Kind.DATE:
            return parse_date(raw)
        if kind is Kind.UNITS:
            return parse_units(raw, self.lookups.units)
        options = self.lookups.options(column)
        if kind in (Kind.GROUP, Kind.UNIT) and options.resolve(text) is None:
            if kind is Kind.UNIT:
                raise CellProblem(_("Unknown unit code “%(code)s”.") % {"code": text})
            raise CellProblem(
                _("Unknown group code “%(code)s”; the groups of the organization are %(codes)s.")
                % {"code": text, "codes": options.listed(limit=50)}
            )
        value = parse_choice(raw, options)
        if kind is Kind.LEVEL:
            return int(value)
        if kind is Kind.YES_NO:
            return value == "yes"
        if kind is Kind.GROUP:
            return self.lookups.groups[value]
        if kind is Kind.UNIT:
            return self.lookups.units[value]
        return value

    def _profiles(self, sheet: _Sheet) -> set[str]:
        codes = [cell_text(cells.get("code")) for _number, cells in sheet.rows]
        existing = {
            s.code: s
            for s in Stakeholder.objects.filter(code__in=[c for c in codes if c])
            .select_related("group")
            .prefetch_related("unit_links__unit")
        }
        first_row: dict[str, int] = {}
        columns = [c for c in PROFILE_COLUMNS if c.key in sheet.keys]
        for number, cells in sheet.rows:
            before = len(self.plan.errors)
            values = {c.key: self._value(sheet, number, c, cells[c.key]) for c in columns}
            failed = {e.column for e in self.plan.errors[before:]}
            code = values.get("code")
            if code:
                if code in first_row:
                    sheet.error(
                        number,
                        "code",
                        _("The code “%(code)s” is already used in row %(row)s of this sheet.")
                        % {"code": code, "row": first_row[code]},
                    )
                    continue
                first_row[code] = number
            if len(self.plan.errors) > before:
                continue
            self._profile_row(sheet, number, values, existing.get(code), failed)
        return set(first_row)

    def _profile_row(self, sheet, number, values, stakeholder, failed) -> None:
        units = values.pop("units", None) if "units" in sheet.keys else None
        if "units" in sheet.keys and units is None:
            units = []
        is_new = stakeholder is None
        if is_new:
            stakeholder = Stakeholder(organization=self.organization)
            before = None
        else:
            before = _profile_values(stakeholder), _unit_pairs(stakeholder.unit_links.all())
        for key, value in values.items():
            model_field = Stakeholder._meta.get_field(key)
            if value is None and not model_field.null:
                value = ""  # an empty optional text or choice cell clears it
            setattr(stakeholder, key, value)
        if not self._model_valid(sheet, number, stakeholder, failed, exclude=["organization"]):
            return
        if is_new:
            action = Action.NEW
        else:
            after_units = _unit_pairs(units) if units is not None else before[1]
            same = before == (_profile_values(stakeholder), after_units)
            action = Action.UNCHANGED if same else Action.UPDATED
        self.plan.profiles.append(ProfileRow(number, stakeholder, units, action))

    def _model_valid(self, sheet, number, instance, failed, exclude) -> bool:
        """The model's own rules (lengths, ...) for the cells that parsed, by column."""
        columns = {c.key: c.header(sheet.spec.model) for c in sheet.spec.columns}
        skip = [*exclude, *(key for key, header in columns.items() if header in failed)]
        try:
            instance.full_clean(exclude=skip, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    sheet.error(number, key if key in columns else "", message)
            return False
        return True

    def _voices(self, sheet: _Sheet, file_codes: set[str]) -> None:
        codes = {cell_text(cells.get("stakeholder")) for _number, cells in sheet.rows}
        database = {
            s.code: s for s in Stakeholder.objects.filter(code__in=codes).select_related("group")
        }
        self.plan.existing = database
        recorded = {
            (v.stakeholder.code, _normal(v.topic), v.heard_on): v
            for v in VoiceOfStakeholder.objects.filter(stakeholder__code__in=codes).select_related(
                "stakeholder"
            )
        }
        first_row: dict[tuple, int] = {}
        for number, cells in sheet.rows:
            key = None
            before = len(self.plan.errors)
            values = {c.key: self._value(sheet, number, c, cells[c.key]) for c in VOICE_COLUMNS}
            failed = {e.column for e in self.plan.errors[before:]}
            code = values.pop("stakeholder")
            if code and code not in file_codes and code not in database:
                sheet.error(
                    number,
                    "stakeholder",
                    _(
                        "No stakeholder has the code “%(code)s”, neither in this file nor in the "
                        "database."
                    )
                    % {"code": code},
                )
            if code and values["topic"] and values["heard_on"]:
                key = (code, _normal(values["topic"]), values["heard_on"])
                if key in first_row:
                    sheet.error(
                        number,
                        "topic",
                        _(
                            "Row %(row)s already has a VOS of this stakeholder with the same "
                            "topic and date."
                        )
                        % {"row": first_row[key]},
                    )
                first_row.setdefault(key, number)
            if len(self.plan.errors) > before:
                continue
            voice = recorded.get(key)
            previous = _voice_values(voice) if voice else None
            voice = voice or VoiceOfStakeholder(organization=self.organization)
            for name, value in values.items():
                setattr(voice, name, "" if value is None else value)
            if not self._model_valid(
                sheet, number, voice, failed, exclude=["organization", "stakeholder"]
            ):
                continue
            if previous is None:
                action = Action.NEW
            else:
                action = Action.UNCHANGED if previous == _voice_values(voice) else Action.UPDATED
            self.plan.voices.append(VoiceRow(number, code, voice, action))


def _unit_pairs(links) -> set[tuple[int, int]]:
    return {(link.unit.pk, link.importance_rank) for link in links}


# --- writing workbooks ----------------------------------------------------------------------


def _write_header(sheet: Worksheet, headers: list[tuple[str, str, str]]) -> None:
    """Row 1: names (required ones marked *), row 2 (hidden): the keys the importer reads."""
    for index, (key, label, style) in enumerate(headers, start=1):
        top = sheet.cell(row=LABEL_ROW, column=index, value=label)
        top.font = _HEADER_FONT
        top.fill = _COMPUTED_FILL if style == "computed" else _HEADER_FILL
        top.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.cell(row=KEY_ROW, column=index, value=key).font = _KEY_FONT
    sheet.row_dimensions[KEY_ROW].hidden = True
    sheet.row_dimensions[LABEL_ROW].height = 45
    sheet.freeze_panes = f"B{FIRST_DATA_ROW}"  # a coordinate: a cell here would take row 3


def _data_header(spec: SheetSpec) -> list[tuple[str, str, str]]:
    headers = spec.headers()
    return [(c.key, headers[c.key] + (" *" if c.required else ""), "data") for c in spec.columns]


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _new_sheet(workbook: Workbook, name: str) -> Worksheet:
    return workbook.create_sheet(name)


def _validations(sheet: Worksheet, spec: SheetSpec, ranges: dict[str, str]) -> None:
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


def build_template(*, organization: Organization) -> Workbook:
    """The import template of this organization: its group and unit codes in the drop-downs."""
    lookups = Lookups()
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = SHEET_INSTRUCTIONS
    _write_instructions(instructions, organization, lookups)
    for spec in (PROFILES, VOICES):
        sheet = _new_sheet(workbook, spec.name)
        _write_header(sheet, _data_header(spec))
        _widths(sheet, [c.width for c in spec.columns])
    ranges = _template_lists(workbook, lookups)
    for spec in (PROFILES, VOICES):
        _validations(workbook[spec.name], spec, ranges[spec.name])
    return workbook


def _template_lists(workbook: Workbook, lookups: Lookups) -> dict[str, dict[str, str]]:
    """One hidden column per list; the two sheets have different "source" lists."""
    sheet = _new_sheet(workbook, SHEET_LISTS)
    sheet.sheet_state = "hidden"
    ranges: dict[str, dict[str, str]] = {PROFILES.name: {}, VOICES.name: {}}
    index = 0
    for spec in (PROFILES, VOICES):
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


def _what_to_enter(column: Column, lookups: Lookups) -> str:
    options = lookups.options(column)
    if options is not None:
        return "\n".join(options.text(option) for option in options.options)
    return {
        Kind.SCALE: _("A whole number from 1 (lowest) to 5 (highest)."),
        Kind.DATE: _("Day/month/year in the Buddhist Era, for example 21/11/2569."),
        Kind.UNITS: _(
            "Unit code and rank pairs separated by semicolons, for example LINE1:1;DEPT2:3."
        ),
        Kind.CODE: _("A short code, unique in the organization, for example REG-01."),
        Kind.STAKEHOLDER: _("The code of a stakeholder in this file or already recorded."),
    }.get(column.kind, _("Text."))


INSTRUCTIONS = [
    gettext_lazy(
        "Fill in one stakeholder per row on the sheet “stakeholders”, from row 3 down. Row 1 holds "
        "the column names; row 2 is hidden and holds the keys the import reads: do not change or "
        "delete it. Columns marked * are required."
    ),
    gettext_lazy(
        "A stakeholder whose code is already recorded is updated with the values of its row; a "
        "new code creates a new profile. An empty cell clears that field; a column removed from "
        "the sheet leaves that field as it is."
    ),
    gettext_lazy(
        "Record needs and expectations (VOS) on the sheet “voices”, one per row, naming the "
        "stakeholder by its code. A VOS with the same stakeholder, topic and date as one already "
        "recorded is updated, not added twice."
    ),
    gettext_lazy(
        "Choose from the drop-down list where a column has one. Typing only the code, such as "
        "REG, works too."
    ),
    gettext_lazy(
        "Type dates as day/month/year in the Buddhist Era, for example 21/11/2569, or enter "
        "them as Excel dates."
    ),
    gettext_lazy(
        "Write the units that deal with a stakeholder as unit code and importance rank pairs "
        "separated by semicolons, for example LINE1:1;DEPT2:3 (rank 1 is the unit's most "
        "important stakeholder)."
    ),
    gettext_lazy(
        "Representatives and coordinators are personal data and are not imported: add them on "
        "the profile page."
    ),
    gettext_lazy(
        "The import is all or nothing. Upload the file, check the preview, then confirm. If any "
        "cell has a problem, the preview lists every problem by sheet, row and column, and "
        "nothing is imported until the file is corrected."
    ),
]


def _write_instructions(sheet: Worksheet, organization: Organization, lookups: Lookups) -> None:
    bold = Font(bold=True)
    sheet.append([_("Stakeholder import: %(organization)s") % {"organization": organization}])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for number, line in enumerate(INSTRUCTIONS, start=1):
        sheet.append([f"{number}.", str(line)])
    for spec in (PROFILES, VOICES):
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
                    _what_to_enter(column, lookups),
                    str(YES) if column.required else "",
                    column.key,
                ]
            )
    sheet.append([])
    sheet.append([_("Units of the organization")])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append([_("Code"), _("Name")])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for unit in lookups.units.values():
        sheet.append([unit.code, unit.name])
    _widths(sheet, [34, 70, 12, 18])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = _WRAP


# --- the export -----------------------------------------------------------------------------


def stakeholders_for_export(filters: selectors.StakeholderFilters) -> QuerySet[Stakeholder]:
    """The list page's rows, with everything the workbook shows, in a fixed number of queries."""
    return selectors.stakeholder_list(filters).prefetch_related(
        Prefetch("unit_links", queryset=StakeholderUnit.objects.select_related("unit")),
        Prefetch(
            "voices",
            queryset=VoiceOfStakeholder.objects.select_related("owner_unit").order_by(
                "heard_on", "id"
            ),
        ),
        "representatives",
    )


@dataclass(frozen=True)
class ExportInfo:
    organization: Organization
    filters: list[tuple[str, str]]  # what narrowed the list, as (name, value)
    personal_data: bool
    review_months: int
    today: dt.date


def build_export(stakeholders: list[Stakeholder], info: ExportInfo) -> Workbook:
    lookups = Lookups()
    workbook = Workbook()
    profiles = workbook.active
    profiles.title = SHEET_PROFILES
    computed = [(key, capfirst(str(label)), "computed") for key, label in COMPUTED_PROFILE_COLUMNS]
    _write_header(profiles, [*_data_header(PROFILES), *computed])
    _widths(profiles, [c.width for c in PROFILE_COLUMNS] + [20, 12, 12, 40])
    quadrants = choice_options(Quadrant)
    for stakeholder in stakeholders:
        row = [_export_value(stakeholder, c, lookups) for c in PROFILE_COLUMNS]
        stale = stakeholder.is_stale(info.review_months, info.today)
        row += [
            quadrants.text_of(stakeholder.quadrant),
            stakeholder.relationship_gap,
            lookups.yes_no.text_of("yes" if stale else "no"),
            "; ".join(selectors.missing_fields(stakeholder)),
        ]
        profiles.append(row)

    voices = _new_sheet(workbook, SHEET_VOICES)
    _write_header(voices, _data_header(VOICES))
    _widths(voices, [c.width for c in VOICE_COLUMNS])
    for stakeholder in stakeholders:
        for voice in stakeholder.voices.all():
            voices.append(
                [
                    stakeholder.code if c.key == "stakeholder" else _export_value(voice, c, lookups)
                    for c in VOICE_COLUMNS
                ]
            )

    if info.personal_data:
        _write_representatives(_new_sheet(workbook, SHEET_REPRESENTATIVES), stakeholders)
    _write_about(_new_sheet(workbook, SHEET_ABOUT), info, len(stakeholders))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=FIRST_DATA_ROW):
            for cell in row:
                cell.alignment = _WRAP
    return workbook


def _export_value(record, column: Column, lookups: Lookups):
    value = getattr(record, column.key) if column.kind is not Kind.UNITS else None
    if column.kind is Kind.UNITS:
        return format_units(record.unit_links.all())
    if value is None or value == "":
        return ""
    if column.kind is Kind.DATE:
        return format_be(value)
    if column.kind is Kind.YES_NO:
        return lookups.yes_no.text_of("yes" if value else "no")
    if column.kind in (Kind.GROUP, Kind.UNIT):
        return lookups.options(column).text_of(value.code)
    options = lookups.options(column)
    if options is not None:
        return options.text_of(value)
    return value


def _write_representatives(sheet: Worksheet, stakeholders: list[Stakeholder]) -> None:
    fields = ["kind", "name", "position", "phone", "email", "lawful_basis"]
    labels = [capfirst(str(Representative._meta.get_field(name).verbose_name)) for name in fields]
    header = [
        capfirst(str(STAKEHOLDER_CODE_LABEL)),
        capfirst(str(Stakeholder._meta.get_field("name_th").verbose_name)),
        *labels,
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    sheet.freeze_panes = "A2"
    _widths(sheet, [14, 32, 16, 28, 28, 18, 28, 22])
    for stakeholder in stakeholders:
        for person in stakeholder.representatives.all():
            sheet.append(
                [
                    stakeholder.code,
                    stakeholder.name_th,
                    person.get_kind_display(),
                    person.name,
                    person.position,
                    person.phone,
                    person.email,
                    person.get_lawful_basis_display(),
                ]
            )


def _write_about(sheet: Worksheet, info: ExportInfo, count: int) -> None:
    bold = Font(bold=True)
    rows = [
        (_("Organization"), str(info.organization)),
        (_("Exported"), format_datetime(timezone.now())),
        (_("Stakeholders"), count),
        (
            _("Personal data"),
            _("Included (sheet “%(sheet)s”)") % {"sheet": SHEET_REPRESENTATIVES}
            if info.personal_data
            else _("Not included"),
        ),
        (_("Review period (months)"), info.review_months),
    ]
    for name, value in rows:
        sheet.append([name, value])
    sheet.append([])
    sheet.append([_("Filters")])
    for name, value in info.filters or [(_("None"), "")]:
        sheet.append([name, value])
    sheet.append([])
    sheet.append(
        [
            _(
                "The sheets “%(profiles)s” and “%(voices)s” can be imported again after "
                "editing; the grey computed columns are ignored by the import."
            )
            % {"profiles": SHEET_PROFILES, "voices": SHEET_VOICES}
        ]
    )
    for row in sheet.iter_rows():
        row[0].font = bold
    _widths(sheet, [30, 60])


def describe_filters(filters: selectors.StakeholderFilters) -> list[tuple[str, str]]:
    """The export's filters in words, for its "about" sheet."""
    described: list[tuple[str, str]] = []
    yes = str(YES)
    if filters.search:
        described.append((_("Search"), filters.search))
    if filters.group:
        group = StakeholderGroup.objects.filter(pk=filters.group).first()
        described.append((_("Group"), str(group) if group else str(filters.group)))
    if filters.unit:
        unit = OrgUnit.objects.filter(pk=filters.unit).first()
        described.append((_("Unit"), str(unit) if unit else str(filters.unit)))
    if filters.quadrant:
        described.append((_("Quadrant"), str(Quadrant(filters.quadrant).label)))
    if filters.side:
        described.append((_("Internal or external"), str(Stakeholder.Side(filters.side).label)))
    if filters.with_gap:
        described.append((_("With a relationship gap"), yes))
    if filters.stale:
        described.append((_("Review overdue"), yes))
    if filters.incomplete:
        described.append((_("Incomplete"), yes))
    return described


def export_workbook(
    *, organization: Organization, filters: selectors.StakeholderFilters, personal_data: bool
) -> Workbook:
    """The filtered list as a workbook: what the export page and the API hand out."""
    info = ExportInfo(
        organization=organization,
        filters=describe_filters(filters),
        personal_data=personal_data,
        review_months=selectors.review_months(),
        today=filters.today,
    )
    return build_export(list(stakeholders_for_export(filters)), info)


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    response = HttpResponse(workbook_bytes(workbook), content_type=XLSX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    # May hold personal data: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(organization: Organization, today: dt.date) -> str:
    return f"stakeholders-{organization.slug}-{today.isoformat()}.xlsx"


def template_filename(organization: Organization) -> str:
    return f"stakeholder-import-template-{organization.slug}.xlsx"


def import_title(today: dt.date) -> str:
    return _("Stakeholder import %(date)s") % {"date": format_date(today)}
