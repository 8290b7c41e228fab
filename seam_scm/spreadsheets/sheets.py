"""The layout of an import sheet, its columns, and reading an uploaded workbook.

Reading never writes: an app's parser (a WorkbookParser subclass) turns the
workbook into an ImportPlan, which holds every row it would save and every
problem found as CellError(sheet, row, column, message).
"""

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from seam_scm.files.validation import XLSX, validate_upload
from seam_scm.tenancy.models import OrgUnit

from .cells import (
    CellProblem,
    OptionSet,
    cell_text,
    choice_options,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_scale,
    parse_whole,
    unit_options,
    yes_no_options,
)

XLSX_MIME = XLSX.mime
LABEL_ROW, KEY_ROW, FIRST_DATA_ROW = 1, 2, 3

# Limits of an import: the upload, what it unpacks to (a small XLSX can hide a
# huge sheet), and the rows of each sheet.
MAX_UPLOAD_MB = 5
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ROWS = 5000
# Rows of the template that get the drop-down lists.
TEMPLATE_ROWS = 1000


# --- columns --------------------------------------------------------------------------------


class Kind(StrEnum):
    """The kinds of column every app may use. An app's own kinds are a StrEnum of its own
    (with other values than these) that its parser converts in `convert_own`."""

    TEXT = "text"
    CODE = "code"  # the record's own code: text, unique in the file
    CHOICE = "choice"  # one of a model's choices; an IntegerChoices value is read as a number
    SCALE = "scale"  # a whole number 1-5
    YES_NO = "yes_no"
    DATE = "date"
    UNIT = "unit"  # a unit code of this organization
    DECIMAL = "decimal"  # a number with `places` decimals, within low..high when given
    WHOLE = "whole"  # a whole number, within low..high when given


@dataclass(frozen=True)
class Column:
    key: str  # the model field, and the key in row 2
    kind: StrEnum  # a Kind, or one of the app's own kinds
    required: bool = False
    choices: type | None = None  # the model's TextChoices or IntegerChoices, for Kind.CHOICE
    label: Promise | str | None = None  # when not the model field's verbose name
    width: int = 18
    low: Decimal | int | None = None  # the bounds of a WHOLE or DECIMAL column
    high: Decimal | int | None = None
    places: int = 2  # decimals of a DECIMAL column

    def header(self, model) -> str:
        if self.label is not None:
            return capfirst(str(self.label))
        return capfirst(str(model._meta.get_field(self.key).verbose_name))


@dataclass(frozen=True)
class SheetSpec:
    name: str
    model: type
    columns: list[Column]

    def headers(self) -> dict[str, str]:
        return {column.key: column.header(self.model) for column in self.columns}


class Lookups:
    """What the cells of this organization's workbook may name: its units and model choices.

    An app subclasses it for the records its own kinds name and extends `options`.
    """

    def __init__(self) -> None:
        self.yes_no = yes_no_options()
        self._choices: dict[type, OptionSet] = {}

    @cached_property
    def units(self) -> dict[str, OrgUnit]:
        return {u.code: u for u in OrgUnit.objects.order_by("code")}

    @cached_property
    def unit_set(self) -> OptionSet:
        return unit_options(self.units.values())

    def options(self, column: Column) -> OptionSet | None:
        """The values a column offers in its drop-down list; None for a free column."""
        if column.kind is Kind.CHOICE:
            if column.choices not in self._choices:
                self._choices[column.choices] = choice_options(column.choices)
            return self._choices[column.choices]
        if column.kind is Kind.UNIT:
            return self.unit_set
        if column.kind is Kind.YES_NO:
            return self.yes_no
        return None


# --- what reading finds ---------------------------------------------------------------------


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
class ImportPlan:
    """Every row an import would save, by part, and every problem found.

    A subclass adds one list of rows per part (each row has an `action`) and names the parts
    in PARTS with the label the preview shows; `counts()` then has "new_<part>",
    "updated_<part>" and "unchanged_<part>" for each.
    """

    PARTS: ClassVar[dict[str, Promise | str]] = {}
    errors: list[CellError] = field(default_factory=list)

    @property
    def is_clean(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {
            f"{action}_{part}": sum(1 for row in getattr(self, part) if row.action == action)
            for part in self.PARTS
            for action in Action
        }


# --- the upload -----------------------------------------------------------------------------


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


@contextmanager
def opened_workbook(data: bytes) -> Iterator[Workbook]:
    """open_workbook, closed afterwards: a read-only workbook keeps its archive open."""
    workbook = open_workbook(data)
    try:
        yield workbook
    finally:
        workbook.close()


def read_upload(upload: UploadedFile) -> bytes:
    check_upload(upload)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


# --- reading sheets -------------------------------------------------------------------------


class SheetReader:
    """One data sheet: its columns by key, and its non-empty rows as {key: value}.

    Problems of the sheet itself (no key row, a required column missing, too many
    rows) go to `errors`; `ok` says whether its rows can be read at all.
    """

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


class WorkbookParser:
    """What every app's import parser shares: a cell through its column's rule, an instance
    through its model's own validation, each problem recorded on the sheet by column.

    An app subclasses it, reads its sheets with SheetReader and converts its own kinds of
    column in `convert_own`.
    """

    def __init__(self, lookups: Lookups):
        self.lookups = lookups

    def row_values(
        self, sheet: SheetReader, number: int, cells: dict, columns: list[Column]
    ) -> tuple[dict, set[str]]:
        """Every cell of a row through its column's rule: the values (None where a cell
        failed), and the names of the columns that failed."""
        before = len(sheet.errors)
        values = {c.key: self.cell_value(sheet, number, c, cells[c.key]) for c in columns}
        return values, {error.column for error in sheet.errors[before:]}

    def cell_value(self, sheet: SheetReader, number: int, column: Column, raw):
        """A cell's value through its column's rule; a problem is recorded and None returned."""
        text = cell_text(raw)
        if text == "":
            if column.required:
                sheet.error(number, column.key, _("This column is required; the cell is empty."))
            return None
        try:
            return self.convert(column, raw, text)
        except CellProblem as problem:
            sheet.error(number, column.key, problem.message)
            return None

    def convert(self, column: Column, raw, text: str):
        """A non-empty cell's value; raises CellProblem."""
        kind = column.kind
        if kind in (Kind.TEXT, Kind.CODE):
            return text
        if kind is Kind.SCALE:
            return parse_scale(raw)
        if kind is Kind.WHOLE:
            return parse_whole(raw, column.low, column.high)
        if kind is Kind.DECIMAL:
            return parse_decimal(raw, low=column.low, high=column.high, places=column.places)
        if kind is Kind.DATE:
            return parse_date(raw)
        if kind is Kind.UNIT:
            code = self.lookups.unit_set.resolve(text)
            if code is None:
                raise CellProblem(_("Unknown unit code “%(code)s”.") % {"code": text})
            return self.lookups.units[code]
        if kind is Kind.YES_NO:
            return parse_choice(raw, self.lookups.yes_no) == "yes"
        if kind is Kind.CHOICE:
            value = parse_choice(raw, self.lookups.options(column))
            return int(value) if issubclass(column.choices, int) else value
        return self.convert_own(column, raw, text)

    def convert_own(self, column: Column, raw, text: str):
        """The value of a column of the app's own kind; raises CellProblem."""
        raise NotImplementedError(
            f"{type(self).__name__} cannot read columns of kind {column.kind}"
        )

    @staticmethod
    def assign(instance, values: dict) -> None:
        """Set a row's values on an (unsaved) instance."""
        for key, value in values.items():
            if value is None and not instance._meta.get_field(key).null:
                value = ""  # an empty optional text or choice cell clears it
            setattr(instance, key, value)

    def model_valid(self, sheet: SheetReader, number: int, instance, failed, exclude) -> bool:
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
