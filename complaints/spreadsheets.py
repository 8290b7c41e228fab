"""The Excel import of historical complaint cases: its template and reading an upload.

One data sheet, "Cases" (or "เรื่องร้องเรียน", as the Thai template names it), in the layout of
seam_scm.spreadsheets, one row per case handled in a previous system:

- the case's reference in that system (required, once in the file, and not imported before:
  ComplaintCase.external_reference), when it was received (date and time), its channel and
  category under the policy version in force on the day of receipt (the channel by kind code,
  e.g. "call_center", or by name; channels no longer in use are accepted for history), its
  severity, subject, description and the remedy sought;
- the complainant (anonymous, or name, phone, e-mail and address with the lawful basis for
  keeping them) and the unit that handled it;
- what happened, as times: acknowledged, responded (with the decision and how it was
  communicated), closed (with the remedy, the root cause, the corrective action and the
  complainant's satisfaction), or withdrawn.

Reading checks every cell and every row's rules (times in order and not in the future, each step
with the details it records, the channel and category of the right policy version, a time
standard for the category and severity, the lawful basis for contacts, ...) and never writes:
`parse_import` returns a CaseImportPlan. import_services replays each row through
case_services (register_case, then move_case at the given times), so every rule of the
lifecycle is applied again and the KPI facts come out as if the case had been handled here.
"""

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.worksheet import Worksheet

from seam_scm.approvals.models import DocumentVersion
from seam_scm.personal_data import LawfulBasis
from seam_scm.spreadsheets import sheets, writing
from seam_scm.spreadsheets.cells import (
    SEPARATOR,
    CellProblem,
    Option,
    OptionSet,
    cell_text,
    normal_text,
)
from seam_scm.spreadsheets.sheets import (
    Action,
    CellError,
    Column,
    Kind,
    SheetReader,
    SheetSpec,
    WorkbookParser,
)
from seam_scm.tenancy.models import Organization, OrgUnit
from seam_scm.thai.dates import BE_OFFSET, format_date, format_datetime
from seam_scm.thai.forms import BuddhistDateField

from . import case_services, policy_selectors
from .models import (
    CaseState,
    ComplaintCase,
    ComplaintCategory,
    ComplaintChannel,
    Severity,
    TimeStandard,
)

# The data sheet: the template names it in the reader's language; the import takes either.
SHEET_TH, SHEET_EN = "เรื่องร้องเรียน", "Cases"
SHEET_CODES = "codes"


def sheet_name() -> str:
    """The data sheet's name in the active language."""
    return SHEET_TH if (translation.get_language() or "th").startswith("th") else SHEET_EN


# --- columns --------------------------------------------------------------------------------


class CaseKind(StrEnum):
    """Columns only the case import has; _Parser.convert_own reads them."""

    CHANNEL = "channel"  # a channel of the policy in force on the day of receipt
    CATEGORY = "category"  # a category code of that policy
    DATETIME = "datetime"  # a Buddhist Era date with the time, or an Excel date and time


CASE_COLUMNS = [
    Column("external_reference", Kind.CODE, required=True, width=18),
    Column(
        "received_at",
        CaseKind.DATETIME,
        required=True,
        label=gettext_lazy("received (date and time)"),
        width=18,
    ),
    Column("channel", CaseKind.CHANNEL, required=True, width=30),
    Column("category", CaseKind.CATEGORY, required=True, width=30),
    Column(
        "severity",
        Kind.CHOICE,
        choices=Severity,
        label=gettext_lazy("severity (empty: medium)"),
        width=18,
    ),
    Column("subject", Kind.TEXT, required=True, width=36),
    Column("description", Kind.TEXT, required=True, width=40),
    Column("remedy_sought", Kind.TEXT, width=30),
    Column("is_anonymous", Kind.YES_NO, width=12),
    Column("complainant_name", Kind.TEXT, width=24),
    Column("complainant_phone", Kind.TEXT, width=16),
    Column("complainant_email", Kind.TEXT, width=24),
    Column("complainant_address", Kind.TEXT, width=30),
    Column("lawful_basis", Kind.CHOICE, choices=LawfulBasis, width=24),
    Column("unit", Kind.UNIT, width=28),
    Column(
        "acknowledged_at",
        CaseKind.DATETIME,
        label=gettext_lazy("acknowledged (date and time)"),
        width=18,
    ),
    Column(
        "responded_at",
        CaseKind.DATETIME,
        label=gettext_lazy("responded (date and time)"),
        width=18,
    ),
    Column("decision", Kind.TEXT, width=36),
    Column("decision_channel", Kind.TEXT, width=18),
    Column("closed_at", CaseKind.DATETIME, label=gettext_lazy("closed (date and time)"), width=18),
    Column("remedy", Kind.TEXT, width=30),
    Column("root_cause", Kind.TEXT, width=30),
    Column("corrective_action", Kind.TEXT, width=30),
    Column("satisfaction", Kind.SCALE, width=14),
    Column(
        "withdrawn_at",
        CaseKind.DATETIME,
        label=gettext_lazy("withdrawn (date and time)"),
        width=18,
    ),
]

CASES = SheetSpec(SHEET_EN, ComplaintCase, CASE_COLUMNS)

# The times of the lifecycle, in the order they must come.
TIMES_IN_ORDER = ("received_at", "acknowledged_at", "responded_at", "closed_at")
RESPONSE_FIELDS = ("decision", "decision_channel")
CLOSING_FIELDS = ("remedy", "root_cause", "corrective_action")
# The cells register_case takes besides its required arguments.
DETAIL_FIELDS = (
    "remedy_sought",
    "is_anonymous",
    *case_services.PERSONAL_FIELDS,
    "lawful_basis",
    "unit",
)
# The text and choice cells the model's own validation checks (lengths, the e-mail address).
MODEL_CHECKED = (
    "external_reference",
    "severity",
    "subject",
    "description",
    "remedy_sought",
    *case_services.PERSONAL_FIELDS,
    "lawful_basis",
    "decision",
    "decision_channel",
    *CLOSING_FIELDS,
    "satisfaction",
)


# --- the policy's channels and categories ---------------------------------------------------


def _in_every_language(label) -> list[str]:
    texts = []
    for language in ("th", "en"):
        with translation.override(language):
            texts.append(str(label))
    return texts


class PolicyChoices:
    """The channels or the categories of one policy version, found by code or by name.

    A channel's code is its kind ("call_center"); two channels of a version may share a kind,
    and a text that names both is ambiguous rather than silently one of them.
    """

    def __init__(self, rows: Iterable, texts_of, code_of):
        self.rows = list(rows)
        self.code_of = code_of
        self._by_text: dict[str, list] = defaultdict(list)
        for row in self.rows:
            for text in texts_of(row):
                key = normal_text(str(text)) if text else ""
                if key and row not in self._by_text[key]:
                    self._by_text[key].append(row)

    def codes(self) -> str:
        return ", ".join(dict.fromkeys(self.code_of(row) for row in self.rows)) or "—"

    def find(self, text: str) -> list:
        key = normal_text(text)
        if key in self._by_text:
            return self._by_text[key]
        # "call_center – anything" or "SRV - anything": the name after the dash, else the code.
        for separator in (" – ", " - "):
            if separator in key:
                head, tail = (part.strip() for part in key.split(separator, 1))
                return self._by_text.get(tail) or self._by_text.get(head) or []
        return []


def _channel_texts(channel: ComplaintChannel) -> list[str]:
    kind = ComplaintChannel.Kind(channel.kind)
    names = [channel.name_th, channel.name_en]
    return [
        channel.kind,
        *names,
        *(f"{channel.kind}{SEPARATOR}{name}" for name in names if name),
        *_in_every_language(kind.label),
    ]


def _category_texts(category: ComplaintCategory) -> list[str]:
    names = [category.name_th, category.name_en]
    return [
        category.code,
        *names,
        *(f"{category.code}{SEPARATOR}{name}" for name in names if name),
    ]


def channel_option(channel: ComplaintChannel) -> Option:
    return Option(channel.kind, channel.name, (channel.name_th, channel.name_en))


def category_option(category: ComplaintCategory) -> Option:
    return Option(category.code, category.name, (category.name_th, category.name_en))


class Lookups(sheets.Lookups):
    """Units and choices, and the policy versions rows name through their date of receipt.

    The template's drop-down lists offer the channels and categories of the policy in force
    today and the units in use; reading an import resolves each row against the version in
    force on the day the case was received.
    """

    def __init__(self, *, for_template: bool = False) -> None:
        super().__init__()
        self.for_template = for_template
        self._versions: dict[dt.date, DocumentVersion | None] = {}
        self._channels: dict[int, PolicyChoices] = {}
        self._categories: dict[int, PolicyChoices] = {}
        self._standards: dict[int, set[tuple[int, str]]] = {}

    @cached_property
    def units(self) -> dict[str, OrgUnit]:
        units = OrgUnit.objects.order_by("code")
        if self.for_template:
            units = units.filter(is_active=True)
        return {u.code: u for u in units}

    @cached_property
    def version_in_force(self) -> DocumentVersion | None:
        return policy_selectors.policy_in_force()

    def version_on(self, day: dt.date) -> DocumentVersion | None:
        """The policy version in force on a day of receipt (policy_selectors' rule)."""
        if day not in self._versions:
            self._versions[day] = policy_selectors.policy_in_force(day)
        return self._versions[day]

    def channels(self, version: DocumentVersion) -> PolicyChoices:
        if version.pk not in self._channels:
            rows = ComplaintChannel.objects.filter(version=version).order_by("order", "id")
            self._channels[version.pk] = PolicyChoices(rows, _channel_texts, lambda c: c.kind)
        return self._channels[version.pk]

    def categories(self, version: DocumentVersion) -> PolicyChoices:
        if version.pk not in self._categories:
            rows = ComplaintCategory.objects.filter(version=version).order_by("order", "code")
            self._categories[version.pk] = PolicyChoices(rows, _category_texts, lambda c: c.code)
        return self._categories[version.pk]

    def has_standard(self, version: DocumentVersion, category, severity: str) -> bool:
        if version.pk not in self._standards:
            self._standards[version.pk] = set(
                TimeStandard.objects.filter(version=version).values_list("category_id", "severity")
            )
        return (category.pk, severity) in self._standards[version.pk]

    def options(self, column: Column) -> OptionSet | None:
        if column.kind is CaseKind.CHANNEL:
            version = self.version_in_force
            rows = self.channels(version).rows if version else []
            return OptionSet(channel_option(c) for c in rows)
        if column.kind is CaseKind.CATEGORY:
            version = self.version_in_force
            rows = self.categories(version).rows if version else []
            return OptionSet(category_option(c) for c in rows)
        return super().options(column)


# --- dates with times -----------------------------------------------------------------------


_DATE_TIME = re.compile(
    r"^(?P<date>\d{1,2}[/.-]\d{1,2}[/.-]\d{4})"
    r"(?:[ T,]+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?\s*(?:น\.?)?)?$"
)


def _aware(moment: dt.datetime) -> dt.datetime:
    return timezone.make_aware(moment.replace(tzinfo=None), timezone.get_default_timezone())


def _bad_date_time(value) -> CellProblem:
    return CellProblem(
        _(
            "Enter the date and time as day/month/year in the Buddhist Era and hours:minutes, "
            "for example 21/11/2569 14:30; “%(value)s” is not one."
        )
        % {"value": cell_text(value)}
    )


def parse_datetime(value) -> dt.datetime:
    """A moment in the organization's time zone, from what a cell holds.

    Text is day/month/year in the Buddhist Era and the time (21/11/2569 14:30, 14.30 น. too),
    with BuddhistDateField's rules for the date. A real Excel date and time (or its serial
    number) is taken as it is, and one typed with a Buddhist year into a spreadsheet that does
    not use the Buddhist calendar is moved back 543 years, as seam_scm.spreadsheets.cells does
    for dates. An Excel date without a time counts as midnight.
    """
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        value = from_excel(value)
    if isinstance(value, dt.date):  # a datetime is a date too
        moment = (
            value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time(0, 0))
        )
        if moment.year >= 2400:
            try:
                moment = moment.replace(year=moment.year - BE_OFFSET)
            except ValueError:  # 29 February of a Buddhist year whose Christian year is not leap
                raise _bad_date_time(value) from None
        return _aware(moment)
    text = cell_text(value)
    match = _DATE_TIME.match(" ".join(text.split()))
    if not match:
        raise _bad_date_time(value)
    try:
        day = BuddhistDateField().clean(match["date"])
    except ValidationError as error:
        raise CellProblem(error.messages[0]) from None
    if match["hour"] is None:
        raise CellProblem(
            _("Give the time as well as the date, for example %(example)s.")
            % {"example": f"{match['date']} 14:30"}
        )
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise _bad_date_time(value)
    return _aware(dt.datetime.combine(day, dt.time(hour, minute, second)))


# --- reading an import ----------------------------------------------------------------------


@dataclass
class CaseRow:
    """A case a row would register, and the steps it would take."""

    row: int
    values: dict  # column key -> parsed value (channel, category and unit resolved)
    version: DocumentVersion  # the policy in force on the day of receipt
    action: Action = Action.NEW

    @property
    def severity(self) -> str:
        return self.values.get("severity") or Severity.MEDIUM

    @property
    def severity_label(self) -> str:
        return Severity(self.severity).label

    @property
    def final_state(self) -> str:
        """The state the case ends in once its steps are replayed."""
        values = self.values
        if values.get("withdrawn_at"):
            return CaseState.WITHDRAWN
        if values.get("closed_at"):
            return CaseState.CLOSED
        if values.get("responded_at"):
            return CaseState.RESPONDED
        if values.get("acknowledged_at"):
            return CaseState.INVESTIGATING
        return CaseState.RECEIVED

    @property
    def final_state_label(self) -> str:
        return CaseState(self.final_state).label


@dataclass
class CaseImportPlan(sheets.ImportPlan):
    PARTS: ClassVar = {"cases": gettext_lazy("Complaint cases")}
    cases: list[CaseRow] = field(default_factory=list)
    organization: Organization | None = None
    sheet: str = SHEET_EN  # the data sheet's name as the workbook spells it


def parse_import(data: bytes, *, organization: Organization) -> CaseImportPlan:
    """Every row checked against the organization's policy and data (inside its scope)."""
    with sheets.opened_workbook(data) as workbook:
        return _Parser(workbook, organization).parse()


def find_sheet(names: Iterable[str]) -> str | None:
    """The workbook's case sheet: "Cases" or "เรื่องร้องเรียน", letter case aside."""
    wanted = {normal_text(SHEET_EN), normal_text(SHEET_TH)}
    return next((name for name in names if normal_text(name) in wanted), None)


class _Parser(WorkbookParser):
    lookups: Lookups

    def __init__(self, workbook: Workbook, organization: Organization):
        super().__init__(Lookups())
        self.workbook = workbook
        self.organization = organization
        self.plan = CaseImportPlan(organization=organization)
        self.now = timezone.now()

    def parse(self) -> CaseImportPlan:
        name = find_sheet(self.workbook.sheetnames)
        if name is None:
            self._file_error(
                _(
                    "The workbook has no sheet “%(th)s” (or “%(en)s”). Download the template and "
                    "copy your data into it."
                )
                % {"th": SHEET_TH, "en": SHEET_EN}
            )
            return self.plan
        if policy_selectors.policy_in_force() is None:
            self._file_error(str(case_services.NO_POLICY))
            return self.plan
        self.plan.sheet = name
        spec = dataclasses.replace(CASES, name=name)
        sheet = SheetReader(spec, self.workbook[name], self.plan.errors)
        if sheet.ok:
            self._cases(sheet)
        self.plan.errors.sort(key=lambda error: error.row or 0)
        if self.plan.is_clean and not self.plan.cases:
            self._file_error(_("The file has no rows to import."))
        return self.plan

    def _file_error(self, message: str) -> None:
        self.plan.errors.append(CellError("", None, "", message))

    def convert_own(self, column: Column, raw, text: str):
        if column.kind is CaseKind.DATETIME:
            return parse_datetime(raw)
        return text  # a channel or category: resolved with the row's date of receipt

    def _cases(self, sheet: SheetReader) -> None:
        columns = [c for c in CASE_COLUMNS if c.key in sheet.keys]
        rows = []
        for number, cells in sheet.rows:
            values, failed = self.row_values(sheet, number, cells, columns)
            rows.append((number, values, failed))
        references = [values.get("external_reference") for _n, values, _f in rows]
        imported = set(
            ComplaintCase.objects.filter(
                external_reference__in=[r for r in references if r]
            ).values_list("external_reference", flat=True)
        )
        first_row: dict[str, int] = {}
        for number, values, failed in rows:
            before = len(self.plan.errors)
            reference = values.get("external_reference")
            if reference:
                key = normal_text(reference)
                if key in first_row:
                    sheet.error(
                        number,
                        "external_reference",
                        _("Row %(row)s has the same reference; each case is imported once.")
                        % {"row": first_row[key]},
                    )
                else:
                    first_row[key] = number
                if reference in imported:
                    sheet.error(
                        number,
                        "external_reference",
                        _("A case with this reference in the previous system is already here."),
                    )
            row = self._case_row(sheet, number, values, failed)
            if row is not None and len(self.plan.errors) == before:
                self.plan.cases.append(row)

    # --- one row ----------------------------------------------------------------------------

    def _case_row(self, sheet: SheetReader, number: int, values: dict, failed: set[str]):
        self._check_times(sheet, number, values)
        self._check_steps(sheet, number, values)
        self._check_complainant(sheet, number, values)
        unit = values.get("unit")
        if unit is not None and not unit.is_active:
            sheet.error(number, "unit", str(case_services.INACTIVE_UNIT))
        self._check_model(sheet, number, values, failed)
        received = values.get("received_at")
        if received is None:
            return None
        version = self.lookups.version_on(timezone.localdate(received))
        if version is None:  # pragma: no cover - parse() refuses a file without a policy
            sheet.error(number, "", str(case_services.NO_POLICY))
            return None
        self._resolve(sheet, number, values, version, received)
        category, severity = values.get("category"), values.get("severity") or Severity.MEDIUM
        if isinstance(category, ComplaintCategory) and not self.lookups.has_standard(
            version, category, severity
        ):
            sheet.error(number, "severity", str(case_services.NO_TIME_STANDARD))
        return CaseRow(number, values, version)

    def _resolve(self, sheet, number: int, values: dict, version, received: dt.datetime) -> None:
        """The channel and category, among those of the policy version in force that day."""
        day = format_date(timezone.localdate(received))
        for key, choices, unknown, several in (
            (
                "channel",
                self.lookups.channels(version),
                _(
                    "“%(value)s” is not a channel of the policy in force on %(date)s; its "
                    "channels are %(codes)s."
                ),
                _(
                    "“%(value)s” fits several channels of the policy in force on %(date)s: "
                    "%(names)s. Write the channel's name."
                ),
            ),
            (
                "category",
                self.lookups.categories(version),
                _(
                    "“%(value)s” is not a category of the policy in force on %(date)s; its "
                    "categories are %(codes)s."
                ),
                _(
                    "“%(value)s” fits several categories of the policy in force on %(date)s: "
                    "%(names)s. Write the category's code."
                ),
            ),
        ):
            text = values.get(key)
            if not isinstance(text, str):
                continue
            found = choices.find(text)
            values[key] = found[0] if len(found) == 1 else None
            if len(found) > 1:
                names = ", ".join(f"“{row.name}”" for row in found)
                message = several % {"value": text, "date": day, "names": names}
                sheet.error(number, key, message)
            elif not found:
                message = unknown % {"value": text, "date": day, "codes": choices.codes()}
                sheet.error(number, key, message)

    def _check_times(self, sheet: SheetReader, number: int, values: dict) -> None:
        """Each time not in the future, and the steps in the lifecycle's order."""
        headers = sheet.headers
        latest = self.now + case_services.CLOCK_SKEW
        for key in (*TIMES_IN_ORDER, "withdrawn_at"):
            moment = values.get(key)
            if moment is not None and moment > latest:
                sheet.error(number, key, str(case_services.IN_THE_FUTURE))
        earlier_key = None
        for key in TIMES_IN_ORDER:
            moment = values.get(key)
            if moment is None:
                continue
            if earlier_key and moment < values[earlier_key]:
                sheet.error(number, key, self._before(headers, key, earlier_key, values))
            else:
                earlier_key = key
        withdrawn = values.get("withdrawn_at")
        if withdrawn is not None:
            for key in ("acknowledged_at", "received_at"):
                if values.get(key) is not None and withdrawn < values[key]:
                    sheet.error(
                        number, "withdrawn_at", self._before(headers, "withdrawn_at", key, values)
                    )
                    break

    @staticmethod
    def _before(headers: dict, key: str, earlier_key: str, values: dict) -> str:
        return _(
            "This time comes before “%(earlier)s” (%(time)s); the steps must come in order."
        ) % {
            "earlier": headers[earlier_key],
            "time": format_datetime(values[earlier_key]),
        }

    def _check_steps(self, sheet: SheetReader, number: int, values: dict) -> None:
        """What each step needs, and details given for a step that did not happen."""
        acknowledged, responded = values.get("acknowledged_at"), values.get("responded_at")
        closed, withdrawn = values.get("closed_at"), values.get("withdrawn_at")
        if withdrawn is not None and (responded is not None or closed is not None):
            sheet.error(
                number,
                "withdrawn_at",
                _(
                    "A withdrawn case was not responded to or closed; leave the times of the "
                    "response and the closing empty, or this one."
                ),
            )
            return
        if (responded is not None or closed is not None) and acknowledged is None:
            sheet.error(
                number,
                "acknowledged_at",
                _("A case that was responded to needs the time it was acknowledged."),
            )
        if closed is not None and responded is None:
            sheet.error(
                number, "responded_at", _("A closed case needs the time it was responded to.")
            )
        if responded is not None:
            for key in RESPONSE_FIELDS:
                if not values.get(key):
                    sheet.error(number, key, _("A case that was responded to needs this."))
        elif any(values.get(key) for key in RESPONSE_FIELDS):
            for key in RESPONSE_FIELDS:
                if values.get(key):
                    sheet.error(
                        number,
                        key,
                        _("Give the time of the response too, or leave this cell empty."),
                    )
        if closed is not None:
            for key in CLOSING_FIELDS:
                if not values.get(key):
                    sheet.error(number, key, _("A closed case needs this."))
        else:
            for key in (*CLOSING_FIELDS, "satisfaction"):
                if values.get(key) not in (None, ""):
                    sheet.error(
                        number,
                        key,
                        _("Give the time of the closing too, or leave this cell empty."),
                    )

    def _check_complainant(self, sheet: SheetReader, number: int, values: dict) -> None:
        contacts = [key for key in case_services.PERSONAL_FIELDS if values.get(key)]
        if values.get("is_anonymous"):
            if contacts or values.get("lawful_basis"):
                sheet.error(
                    number,
                    "is_anonymous",
                    _(
                        "An anonymous case keeps no complainant's details; empty their cells "
                        "or answer No."
                    ),
                )
        elif contacts and not values.get("lawful_basis"):
            sheet.error(number, "lawful_basis", str(case_services.NEEDS_BASIS))

    def _check_model(self, sheet: SheetReader, number: int, values: dict, failed) -> None:
        """The model's own rules for the text cells: lengths, the e-mail address."""
        case = ComplaintCase(organization=self.organization)
        for key in MODEL_CHECKED:
            value = values.get(key)
            if value is None and not ComplaintCase._meta.get_field(key).null:
                value = Severity.MEDIUM if key == "severity" else ""
            setattr(case, key, value)
        exclude = [f.name for f in ComplaintCase._meta.fields if f.name not in MODEL_CHECKED]
        # An empty required cell is reported by the sheet already.
        exclude += [key for key in ("subject", "description") if not values.get(key)]
        self.model_valid(sheet, number, case, failed, exclude=exclude)


# --- the template ---------------------------------------------------------------------------


KIND_TEXTS = {
    Kind.CODE: gettext_lazy(
        "The case's reference in the previous system; each case once, and only cases not "
        "imported before."
    ),
    CaseKind.DATETIME: gettext_lazy(
        "Day/month/year in the Buddhist Era and the time, for example 21/11/2569 14:30."
    ),
    CaseKind.CHANNEL: gettext_lazy(
        "The kind code or the name of a channel of the policy in force on the day of receipt "
        "(see the sheet “codes”)."
    ),
    CaseKind.CATEGORY: gettext_lazy(
        "The code of a category of the policy in force on the day of receipt (see the sheet "
        "“codes”)."
    ),
}

FIRST_INSTRUCTION = gettext_lazy(
    "One complaint case handled in the previous system per row of the sheet “%(sheet)s”, from "
    "row 3 down. Row 1 holds the column names; row 2 is hidden and holds the keys the import "
    "reads: do not change or delete it. Columns marked * are required."
)
INSTRUCTIONS = [
    gettext_lazy(
        "Each case is registered under the complaint handling policy in force on its day of "
        "receipt (the first approved version for days before any approval), with a new "
        "reference of this organization; the reference in the previous system is kept, and a "
        "file cannot import the same one twice."
    ),
    gettext_lazy(
        "Name the channel by its kind code (such as call_center) or its name, and the category "
        "by its code. Channels no longer in use are accepted for past cases. The sheet “codes” "
        "lists the channels and categories of the policy in force today, the severities, the "
        "units and the lawful bases."
    ),
    gettext_lazy(
        "Give what happened as times: acknowledged, responded, closed, or withdrawn. They must "
        "come in that order and not after today. A case responded to needs the time it was "
        "acknowledged, the decision and how it was communicated; a closed case needs the "
        "remedy, the root cause and the corrective action (the satisfaction from 1 to 5 where "
        "the complainant answered). A withdrawn case was not responded to or closed."
    ),
    gettext_lazy(
        "The complainant's name, phone, e-mail and address need the lawful basis for keeping "
        "them; an anonymous case has none of them. Format the phone column as text in Excel, so "
        "that a leading 0 is kept."
    ),
    gettext_lazy(
        "Type dates with their time as day/month/year in the Buddhist Era and hours:minutes, "
        "for example 21/11/2569 14:30, or enter them as Excel dates and times."
    ),
    gettext_lazy(
        "The import is all or nothing. Upload the file, check the preview, then confirm. If any "
        "cell has a problem, the preview lists every problem by row and column, and nothing is "
        "imported until the file is corrected. The time standards and due times are the "
        "policy's, so the import shows which past cases met them."
    ),
]


def build_template(*, organization: Organization) -> Workbook:
    """The import template of this organization: the instructions, the data sheet with its
    drop-down lists, the sheet “codes” and the hidden sheet the lists come from."""
    lookups = Lookups(for_template=True)
    spec = dataclasses.replace(CASES, name=sheet_name())
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = writing.SHEET_INSTRUCTIONS
    writing.write_instructions(
        instructions,
        title=_("Import of complaint cases: %(organization)s") % {"organization": organization},
        lines=[FIRST_INSTRUCTION % {"sheet": spec.name}, *INSTRUCTIONS],
        specs=[spec],
        lookups=lookups,
        kind_texts=KIND_TEXTS,
    )
    sheet = workbook.create_sheet(spec.name)
    writing.write_header(sheet, writing.data_header(spec))
    writing.set_widths(sheet, [c.width for c in spec.columns])
    _write_codes(workbook.create_sheet(SHEET_CODES), lookups)
    ranges = writing.write_lists(workbook, [spec], lookups)
    writing.add_validations(sheet, spec, ranges[spec.name])
    for index, column in enumerate(spec.columns, start=1):
        if column.kind is CaseKind.DATETIME:
            # Text, so that 21/11/2569 14:30 stays as typed whatever the computer's calendar.
            sheet.column_dimensions[get_column_letter(index)].number_format = "@"
    return workbook


def _table(sheet: Worksheet, title: str, labels: list[str], rows: Iterable[list]) -> None:
    bold = Font(bold=True)
    if sheet.max_row > 1 or sheet["A1"].value is not None:
        sheet.append([])
    sheet.append([title])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append(labels)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for row in rows:
        sheet.append(row)


def _write_codes(sheet: Worksheet, lookups: Lookups) -> None:
    """What the cells may name: the policy in force's channels (all, saying which are in use)
    and categories, the severities, the units in use and the lawful bases."""
    version = lookups.version_in_force
    yes_no = lookups.yes_no
    if version is None:
        sheet.append([str(case_services.NO_POLICY)])
    else:
        sheet.append(
            [
                _("Policy in force: version %(number)s, approved on %(date)s")
                % {"number": version.number, "date": format_date(version.approval.meeting_date)}
            ]
        )
        sheet["A1"].font = Font(bold=True)
        _table(
            sheet,
            _("Channels"),
            [_("Kind code"), _("Name"), _("Kind"), _("In use")],
            (
                [
                    c.kind,
                    c.name,
                    c.get_kind_display(),
                    yes_no.text_of("yes" if c.is_active else "no"),
                ]
                for c in lookups.channels(version).rows
            ),
        )
        _table(
            sheet,
            _("Categories"),
            [_("Code"), _("Name")],
            ([c.code, c.name] for c in lookups.categories(version).rows),
        )
    _table(
        sheet,
        _("Severities"),
        [_("Code"), _("Name")],
        ([value, str(label)] for value, label in Severity.choices),
    )
    _table(
        sheet,
        _("Units"),
        [_("Code"), _("Name")],
        ([unit.code, unit.name] for unit in lookups.units.values()),
    )
    _table(
        sheet,
        _("Lawful bases"),
        [_("Code"), _("Name")],
        ([value, str(label)] for value, label in LawfulBasis.choices),
    )
    writing.set_widths(sheet, [22, 50, 30, 10])


def template_filename(organization: Organization) -> str:
    return f"complaint-case-import-template-{organization.slug}.xlsx"


def import_title(today: dt.date) -> str:
    return _("Complaint case import %(date)s") % {"date": format_date(today)}
