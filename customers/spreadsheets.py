"""Excel workbooks of the customer database: the import template, reading an import, the exports.

One workbook, two data sheets in the layout of seam_scm.spreadsheets (either may be left out,
not both):

- "voc": one VOC per row, naming its listening channel and segment by code. A VOC with the same
  channel, segment, topic (spaces and letter case aside) and date heard as one already
  recorded is that VOC: it is updated, not added twice. The rules are the VOC form's
  (record_services.voc_rule_errors): a channel no longer in use receives no new VOC, a
  responded VOC names its action, unit and date, and so on.
- "survey_results": one result per row. Surveys are recorded on their pages, never by the
  import: a row names its survey by fiscal year and title (an id-free reference that survives
  an export to another computer), its segment by code (empty: all customers). A result of the
  same survey, segment, measure and dimension as one already recorded is updated. The rules are
  survey_services.check_result's (the score within the survey's scale, one result per key).

The exports write the same sheets, so an exported file imports again and changes nothing; the
grey computed columns of the results export and the "about" sheet are ignored by the import.

Reading an import never writes: `parse_import` returns a CustomerImportPlan with every row it
would save and every problem found as (sheet, row, column, message); import_services saves a
clean plan in one transaction.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from seam_scm.spreadsheets import sheets, writing
from seam_scm.spreadsheets.cells import (
    CellProblem,
    Option,
    OptionSet,
    normal_text,
    parse_decimal,
    parse_whole,
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
from seam_scm.thai.dates import format_date, format_datetime

from . import record_selectors, survey_services
from .models import (
    CustomerSegment,
    ListeningChannel,
    Measure,
    Survey,
    SurveyResult,
    VocCategory,
    VoiceOfCustomer,
)
from .record_services import voc_rule_errors

SHEET_VOC = "voc"
SHEET_RESULTS = "survey_results"
SHEET_ABOUT = "about"


# --- columns --------------------------------------------------------------------------------


class CustomerKind(StrEnum):
    """Columns only the customer import has; _Parser.convert_own reads them."""

    CHANNEL = "channel"  # a listening channel code of this organization
    SEGMENT = "segment"  # a segment code of this organization
    SURVEY = "survey"  # a survey's title; the row's fiscal year tells which survey
    YEAR = "fiscal_year"  # a fiscal year in the Buddhist Era
    SCORE = "score"  # a number with at most two decimals; the survey's scale bounds it


VOC_COLUMNS = [
    Column(
        "channel",
        CustomerKind.CHANNEL,
        required=True,
        label=gettext_lazy("listening channel"),
        width=28,
    ),
    Column("segment", CustomerKind.SEGMENT, required=True, width=28),
    Column("category", Kind.CHOICE, required=True, choices=VocCategory, width=26),
    Column("topic", Kind.TEXT, required=True, width=36),
    Column("description", Kind.TEXT, width=40),
    Column("importance", Kind.SCALE, required=True, width=14),
    Column("sentiment", Kind.CHOICE, required=True, choices=VoiceOfCustomer.Sentiment, width=18),
    Column("heard_on", Kind.DATE, required=True, width=14),
    Column("status", Kind.CHOICE, required=True, choices=VoiceOfCustomer.Status, width=26),
    Column(
        "action_taken",
        Kind.TEXT,
        label=gettext_lazy("action taken, or the reason for no action"),
        width=36,
    ),
    Column("response_owner", Kind.UNIT, width=28),
    Column("responded_on", Kind.DATE, width=14),
    Column("measured_result", Kind.TEXT, width=36),
]

RESULT_COLUMNS = [
    Column(
        "fiscal_year",
        CustomerKind.YEAR,
        required=True,
        label=gettext_lazy("fiscal year of the survey (B.E.)"),
        width=14,
    ),
    Column(
        "survey",
        CustomerKind.SURVEY,
        required=True,
        label=gettext_lazy("survey title"),
        width=40,
    ),
    Column(
        "segment",
        CustomerKind.SEGMENT,
        label=gettext_lazy("segment (empty: all customers)"),
        width=28,
    ),
    Column("measure", Kind.CHOICE, required=True, choices=Measure, width=22),
    Column("dimension", Kind.TEXT, required=True, width=30),
    Column("score", CustomerKind.SCORE, required=True, width=12),
    Column("respondents", Kind.WHOLE, low=0, width=14),
]

# Read-only columns of the results export, after the importable ones; the import skips them.
COMPUTED_RESULT_COLUMNS = [
    ("survey_type", gettext_lazy("survey type (computed)")),
    ("scale", gettext_lazy("scale of the survey (computed)")),
    ("percent", gettext_lazy("score in percent of the scale's top (computed)")),
]

VOC = SheetSpec(SHEET_VOC, VoiceOfCustomer, VOC_COLUMNS)
RESULTS = SheetSpec(SHEET_RESULTS, SurveyResult, RESULT_COLUMNS)
SPECS = [VOC, RESULTS]


def record_options(records: Iterable[ListeningChannel | CustomerSegment]) -> OptionSet:
    """Channels or segments, written "code – name" and found by code or either name."""
    return OptionSet(Option(r.code, r.name, (r.name_th, r.name_en)) for r in records)


class Lookups(sheets.Lookups):
    """Units and choices, and the organization's listening channels, segments and surveys.

    The template's drop-down lists offer only what a new row may name (channels and units in
    use); reading an import and writing an export know them all, so that an exported VOC of
    a channel no longer in use imports again unchanged.
    """

    def __init__(self, *, for_template: bool = False) -> None:
        super().__init__()
        self.for_template = for_template
        # Whether the survey title column offers the titles: the instructions sheet explains it
        # in words instead and lists the surveys in a table of their own.
        self.offer_titles = True
        channels = ListeningChannel.objects.order_by("code")
        if for_template:
            channels = channels.filter(is_active=True)
        self.channels = {c.code: c for c in channels}
        self.segments = {s.code: s for s in CustomerSegment.objects.order_by("order", "code")}
        self.channel_set = record_options(self.channels.values())
        self.segment_set = record_options(self.segments.values())

    @cached_property
    def units(self) -> dict[str, OrgUnit]:
        units = OrgUnit.objects.order_by("code")
        if self.for_template:
            units = units.filter(is_active=True)
        return {u.code: u for u in units}

    @cached_property
    def surveys(self) -> list[Survey]:
        return list(Survey.objects.order_by("-fiscal_year", "title", "id"))

    @cached_property
    def survey_set(self) -> OptionSet:
        titles = dict.fromkeys(survey.title for survey in self.surveys)
        return OptionSet((Option(title, title) for title in titles), show_value=False)

    def options(self, column: Column) -> OptionSet | None:
        if column.kind is CustomerKind.CHANNEL:
            return self.channel_set
        if column.kind is CustomerKind.SEGMENT:
            return self.segment_set
        if column.kind is CustomerKind.SURVEY:
            return self.survey_set if self.offer_titles else None
        return super().options(column)


# --- reading an import ----------------------------------------------------------------------


@dataclass
class VocRow:
    row: int
    voc: VoiceOfCustomer  # unsaved changes; a new one has no pk
    action: Action


@dataclass
class ResultRow:
    row: int
    result: SurveyResult  # unsaved changes; a new one has no pk
    action: Action


@dataclass
class CustomerImportPlan(sheets.ImportPlan):
    PARTS: ClassVar = {
        "voc": gettext_lazy("VOC"),
        "survey_results": gettext_lazy("Survey results"),
    }
    voc: list[VocRow] = field(default_factory=list)
    survey_results: list[ResultRow] = field(default_factory=list)


def parse_import(data: bytes, *, organization: Organization) -> CustomerImportPlan:
    """Every row of both sheets checked against the organization's data (inside its scope)."""
    with sheets.opened_workbook(data) as workbook:
        return _Parser(workbook, organization).parse()


VOC_COMPARED = [
    "category",
    "topic",
    "description",
    "importance",
    "sentiment",
    "status",
    "action_taken",
    "response_owner_id",
    "responded_on",
    "measured_result",
]
RESULT_COMPARED = ["segment_id", "measure", "dimension", "score", "respondents"]


def _values(record, names: list[str]) -> dict:
    return {name: getattr(record, name) for name in names}


def voc_key(channel_id: int, segment_id: int, topic: str, heard_on: dt.date) -> tuple:
    """What makes two VOC the same one: channel, segment, topic (normalised), date heard."""
    return (channel_id, segment_id, normal_text(topic), heard_on)


def result_key(survey_id: int, segment_id: int | None, measure: str, dimension: str) -> tuple:
    """What makes two results the same one: survey, segment (or all), measure, dimension."""
    return (survey_id, segment_id, measure, normal_text(dimension))


def _quoted(titles: Iterable[str]) -> str:
    return ", ".join(f"“{title}”" for title in titles)


INACTIVE_UNIT = gettext_lazy(
    "The unit “%(code)s” is no longer active; name a unit that is, as the VOC form does."
)


class _Parser(WorkbookParser):
    lookups: Lookups

    def __init__(self, workbook: Workbook, organization: Organization):
        super().__init__(Lookups())
        self.workbook = workbook
        self.organization = organization
        self.plan = CustomerImportPlan()

    def parse(self) -> CustomerImportPlan:
        names = self.workbook.sheetnames
        if SHEET_VOC not in names and SHEET_RESULTS not in names:
            self.plan.errors.append(
                CellError(
                    "",
                    None,
                    "",
                    _(
                        "The workbook has neither a “%(voc)s” nor a “%(results)s” sheet. "
                        "Download the template and copy your data into it."
                    )
                    % {"voc": SHEET_VOC, "results": SHEET_RESULTS},
                )
            )
            return self.plan
        for spec, read in ((VOC, self._voc), (RESULTS, self._results)):
            if spec.name not in names:
                continue
            start = len(self.plan.errors)
            sheet = SheetReader(spec, self.workbook[spec.name], self.plan.errors)
            if sheet.ok:
                read(sheet)
            # Cells are checked before the rows' rules: list the sheet's problems by row.
            errors = self.plan.errors
            errors[start:] = sorted(errors[start:], key=lambda error: error.row or 0)
        if self.plan.is_clean and not self.plan.voc and not self.plan.survey_results:
            self.plan.errors.append(CellError("", None, "", _("The file has no rows to import.")))
        return self.plan

    def convert_own(self, column: Column, raw, text: str):
        if column.kind is CustomerKind.SURVEY:
            return text  # resolved with the row's fiscal year
        if column.kind is CustomerKind.YEAR:
            year = parse_whole(raw)
            if not survey_services.FIRST_YEAR <= year <= survey_services.LAST_YEAR:
                raise CellProblem(str(survey_services.YEAR_RANGE))
            return year
        if column.kind is CustomerKind.SCORE:
            return parse_decimal(raw, places=2)
        if column.kind is CustomerKind.CHANNEL:
            records, unknown = (
                self.lookups.channels,
                _(
                    "Unknown listening channel code “%(code)s”; the channels of the organization "
                    "are %(codes)s."
                ),
            )
        else:
            records, unknown = (
                self.lookups.segments,
                _(
                    "Unknown segment code “%(code)s”; the segments of the organization are "
                    "%(codes)s."
                ),
            )
        options = self.lookups.options(column)
        code = options.resolve(text)
        if code is None:
            listed = options.listed(limit=50) or "—"
            raise CellProblem(unknown % {"code": text, "codes": listed})
        return records[code]

    def _read_rows(self, sheet: SheetReader, columns: list[Column]) -> list[tuple]:
        """(row number, values, whether a cell failed) for every row, every cell checked."""
        rows = []
        for number, cells in sheet.rows:
            before = len(self.plan.errors)
            values, _failed = self.row_values(sheet, number, cells, columns)
            rows.append((number, values, len(self.plan.errors) > before))
        return rows

    def _rule_errors(self, sheet: SheetReader, number: int, errors: dict) -> bool:
        """Record a service's rule errors (field -> messages) on their columns."""
        headers = sheet.headers
        for name, messages in errors.items():
            for message in messages:
                sheet.error(number, name if name in headers else "", str(message))
        return bool(errors)

    # --- the sheet "voc" ----------------------------------------------------------------------

    def _voc(self, sheet: SheetReader) -> None:
        columns = [c for c in VOC_COLUMNS if c.key in sheet.keys]
        rows = self._read_rows(sheet, columns)
        recorded = self._recorded_voc([values.get("heard_on") for _n, values, _e in rows])
        # The rows naming the same VOC, in file order: the first updates the first recorded VOC
        # of that key, the second the second (exports list them in that order), and so on;
        # a row beyond those recorded (or a second one of a new VOC) is a duplicate.
        seen: dict[tuple, list[int]] = defaultdict(list)
        for number, values, failed in rows:
            match = None
            if all(values.get(k) for k in ("channel", "segment", "topic", "heard_on")):
                key = voc_key(
                    values["channel"].pk, values["segment"].pk, values["topic"], values["heard_on"]
                )
                earlier = seen[key]
                matches = recorded.get(key, [])
                if earlier and len(earlier) >= len(matches):
                    sheet.error(
                        number,
                        "topic",
                        _(
                            "Row %(row)s already has a VOC with the same channel, segment, topic "
                            "and date heard: they are the same VOC. Merge the rows, or change the "
                            "topic of one of them."
                        )
                        % {"row": earlier[0]},
                    )
                    continue
                match = matches[len(earlier)] if len(earlier) < len(matches) else None
                earlier.append(number)
            if not failed:
                self._voc_row(sheet, number, values, match)

    def _recorded_voc(self, dates: list[dt.date | None]) -> dict[tuple, list[VoiceOfCustomer]]:
        dates = [d for d in dates if d]
        recorded: dict[tuple, list[VoiceOfCustomer]] = defaultdict(list)
        if not dates:
            return recorded
        voices = (
            VoiceOfCustomer.objects.filter(heard_on__range=(min(dates), max(dates)))
            .select_related("channel", "response_owner")
            .order_by("id")
        )
        for voc in voices:
            recorded[voc_key(voc.channel_id, voc.segment_id, voc.topic, voc.heard_on)].append(voc)
        return recorded

    def _voc_row(self, sheet, number: int, values: dict, voc: VoiceOfCustomer | None) -> None:
        previous = _values(voc, VOC_COMPARED) if voc else None
        previous_owner = voc.response_owner_id if voc else None
        voc = voc or VoiceOfCustomer(organization=self.organization)
        self.assign(voc, values)
        # The related rows come from this organization's lookups: no query per row for them.
        exclude = ["organization", "channel", "segment", "response_owner"]
        if not self.model_valid(sheet, number, voc, set(), exclude=exclude):
            return
        errors = voc_rule_errors(voc)
        owner = voc.response_owner
        if owner is not None and not owner.is_active and owner.pk != previous_owner:
            errors.setdefault("response_owner", []).append(INACTIVE_UNIT % {"code": owner.code})
        if self._rule_errors(sheet, number, errors):
            return
        if previous is None:
            action = Action.NEW
        else:
            action = Action.UNCHANGED if previous == _values(voc, VOC_COMPARED) else Action.UPDATED
        self.plan.voc.append(VocRow(number, voc, action))

    # --- the sheet "survey_results" ---------------------------------------------------------

    def _results(self, sheet: SheetReader) -> None:
        columns = [c for c in RESULT_COLUMNS if c.key in sheet.keys]
        rows = self._read_rows(sheet, columns)
        years = {values["fiscal_year"] for _n, values, _e in rows if values.get("fiscal_year")}
        surveys: dict[tuple, list[Survey]] = defaultdict(list)
        titles_of_year: dict[int, list[str]] = defaultdict(list)
        for survey in Survey.objects.filter(fiscal_year__in=years).order_by("title", "id"):
            surveys[(survey.fiscal_year, normal_text(survey.title))].append(survey)
            titles_of_year[survey.fiscal_year].append(survey.title)
        recorded = {
            result_key(r.survey_id, r.segment_id, r.measure, r.dimension): r
            for r in SurveyResult.objects.filter(survey__fiscal_year__in=years)
        }
        first_row: dict[tuple, int] = {}
        for number, values, failed in rows:
            year, title = values.pop("fiscal_year"), values.pop("survey")
            survey = None
            if year and title:
                survey = self._survey(sheet, number, year, title, surveys, titles_of_year[year])
            if failed or survey is None:
                continue
            segment = values.get("segment")
            key = result_key(
                survey.pk, segment.pk if segment else None, values["measure"], values["dimension"]
            )
            if key in first_row:
                sheet.error(
                    number,
                    "dimension",
                    _(
                        "Row %(row)s already has a result of this survey for the same segment, "
                        "measure and dimension."
                    )
                    % {"row": first_row[key]},
                )
                continue
            first_row[key] = number
            self._result_row(sheet, number, values, survey, recorded.get(key))

    def _survey(self, sheet, number, year, title, surveys, titles) -> Survey | None:
        """The survey a row names by fiscal year and title; None (and the problem) if none."""
        found = surveys.get((year, normal_text(title)), [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            message = _(
                "%(count)s surveys of fiscal year %(year)s have the title “%(title)s”. Give them "
                "different titles on their pages, so that the import can tell them apart."
            ) % {"count": len(found), "year": year, "title": title}
        elif titles:
            message = _(
                "No survey of fiscal year %(year)s has the title “%(title)s”. The surveys of "
                "%(year)s are: %(titles)s."
            ) % {"year": year, "title": title, "titles": _quoted(titles)}
        else:
            message = _(
                "No survey of fiscal year %(year)s is recorded (looking for “%(title)s”). The "
                "import does not create surveys: record the survey on the surveys page first."
            ) % {"year": year, "title": title}
        sheet.error(number, "survey", message)
        return None

    def _result_row(self, sheet, number, values, survey: Survey, result) -> None:
        previous = _values(result, RESULT_COMPARED) if result else None
        result = result or SurveyResult(organization=self.organization, survey=survey)
        result.survey = survey
        self.assign(result, values)
        exclude = ["organization", "survey", "segment"]
        if not self.model_valid(sheet, number, result, set(), exclude=exclude):
            return
        try:
            survey_services.check_result(result)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            self._rule_errors(sheet, number, errors)
            return
        if previous is None:
            action = Action.NEW
        else:
            same = previous == _values(result, RESULT_COMPARED)
            action = Action.UNCHANGED if same else Action.UPDATED
        self.plan.survey_results.append(ResultRow(number, result, action))


# --- the template ---------------------------------------------------------------------------


# What to enter in the columns of the customer import's own kinds.
KIND_TEXTS = {
    CustomerKind.CHANNEL: gettext_lazy("The code of a listening channel in use."),
    CustomerKind.SEGMENT: gettext_lazy("The code of a segment."),
    CustomerKind.SURVEY: gettext_lazy(
        "The title of a survey of that fiscal year, exactly as recorded."
    ),
    CustomerKind.YEAR: gettext_lazy("The fiscal year in the Buddhist Era, for example 2569."),
    CustomerKind.SCORE: gettext_lazy(
        "A number within the survey's scale, with at most two decimals, for example 4.25."
    ),
}

INSTRUCTIONS = [
    gettext_lazy(
        "The workbook has two sheets of data, “voc” and “survey_results”: fill in either or "
        "both, from row 3 down. Row 1 holds the column names; row 2 is hidden and holds the keys "
        "the import reads: do not change or delete it. Columns marked * are required."
    ),
    gettext_lazy(
        "Sheet “voc”: one voice of the customer per row, naming its listening channel and its "
        "segment by code. A VOC with the same channel, segment, topic and date heard as one "
        "already recorded is updated, not added twice; any other row adds a VOC. Only channels "
        "in use can receive new VOC."
    ),
    gettext_lazy(
        "A VOC with the status “Responded” needs the action taken, the unit that responded and "
        "the date of the response; one closed without action needs the reason in the column of "
        "the action taken. The response cannot be dated before the VOC was heard."
    ),
    gettext_lazy(
        "Sheet “survey_results”: one result per row. The import does not create surveys: "
        "record the survey on the surveys page first. Name the survey by its fiscal year and "
        "its title exactly as recorded (the surveys of the organization are listed below; "
        "letter case and extra spaces do not matter). Leave the segment empty for a result of "
        "all customers."
    ),
    gettext_lazy(
        "A result of the same survey, segment, measure and dimension as one already recorded is "
        "updated; any other row adds a result. The score must lie within the survey's scale."
    ),
    gettext_lazy(
        "An empty cell clears that field; a column removed from the sheet leaves that field as "
        "it is. An exported file can be edited and imported again."
    ),
    gettext_lazy(
        "Choose from the drop-down list where a column has one. Typing only the code, such as "
        "CALL, works too."
    ),
    gettext_lazy(
        "Type dates as day/month/year in the Buddhist Era, for example 21/11/2569, or enter "
        "them as Excel dates."
    ),
    gettext_lazy(
        "The import is all or nothing. Upload the file, check the preview, then confirm. If any "
        "cell has a problem, the preview lists every problem by sheet, row and column, and "
        "nothing is imported until the file is corrected."
    ),
]


def build_template(*, organization: Organization) -> Workbook:
    """The import template of this organization: its codes in the drop-down lists, and its
    channels, segments and surveys listed on the instructions sheet."""
    lookups = Lookups(for_template=True)
    # writing.build_template's steps, with the survey titles left out of the instructions'
    # table of columns (the surveys get a table of their own, with their fiscal years).
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = writing.SHEET_INSTRUCTIONS
    lookups.offer_titles = False
    writing.write_instructions(
        instructions,
        title=_("Customer import: %(organization)s") % {"organization": organization},
        lines=INSTRUCTIONS,
        specs=SPECS,
        lookups=lookups,
        kind_texts=KIND_TEXTS,
    )
    lookups.offer_titles = True
    _write_codes(instructions, lookups)
    for spec in SPECS:
        sheet = workbook.create_sheet(spec.name)
        writing.write_header(sheet, writing.data_header(spec))
        writing.set_widths(sheet, [c.width for c in spec.columns])
    ranges = writing.write_lists(workbook, SPECS, lookups)
    for spec in SPECS:
        writing.add_validations(workbook[spec.name], spec, ranges[spec.name])
    return workbook


def _table(sheet: Worksheet, title: str, labels: list[str], rows: Iterable[list]) -> None:
    bold = Font(bold=True)
    sheet.append([])
    sheet.append([title])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append(labels)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    first = sheet.max_row + 1
    for row in rows:
        sheet.append(row)
    writing.wrap_cells(sheet, min_row=first)


def _write_codes(sheet: Worksheet, lookups: Lookups) -> None:
    """The organization's channels (all, saying which are in use), segments and surveys."""
    yes_no = lookups.yes_no
    _table(
        sheet,
        _("Listening channels of the organization"),
        [_("Code"), _("Name"), _("In use")],
        (
            [c.code, c.name, yes_no.text_of("yes" if c.is_active else "no")]
            for c in ListeningChannel.objects.order_by("code")
        ),
    )
    _table(
        sheet,
        _("Segments of the organization"),
        [_("Code"), _("Name")],
        ([s.code, s.name] for s in lookups.segments.values()),
    )
    _table(
        sheet,
        _("Surveys of the organization"),
        [_("Fiscal year"), _("Title"), _("Scale"), _("Type")],
        (
            [s.fiscal_year, s.title, f"{s.scale_min}–{s.scale_max}", s.get_survey_type_display()]
            for s in lookups.surveys
        ),
    )


# --- the exports ----------------------------------------------------------------------------


def _data_sheet(workbook: Workbook, spec: SheetSpec, computed=()) -> Worksheet:
    sheet = workbook.create_sheet(spec.name)
    headers = [(key, capfirst(str(label)), "computed") for key, label in computed]
    writing.write_header(sheet, [*writing.data_header(spec), *headers])
    writing.set_widths(sheet, [c.width for c in spec.columns] + [22] * len(headers))
    return sheet


def _write_about(
    sheet: Worksheet,
    *,
    organization: Organization,
    what: str,
    count: int,
    filters: list[tuple[str, str]],
    sheet_name: str,
) -> None:
    bold = Font(bold=True)
    for name, value in [
        (_("Organization"), str(organization)),
        (_("Exported"), format_datetime(timezone.now())),
        (what, count),
    ]:
        sheet.append([name, value])
    sheet.append([])
    sheet.append([_("Filters")])
    for name, value in filters or [(_("None"), "")]:
        sheet.append([name, value])
    sheet.append([])
    sheet.append(
        [
            _(
                "The sheet “%(sheet)s” can be imported again after editing; grey computed "
                "columns and this sheet are ignored by the import."
            )
            % {"sheet": sheet_name}
        ]
    )
    for row in sheet.iter_rows():
        row[0].font = bold
    writing.set_widths(sheet, [30, 60])


def voc_for_export(filters: record_selectors.VocFilters) -> QuerySet[VoiceOfCustomer]:
    """The VOC list's rows in the order they were heard (oldest first, then as recorded), so
    that VOC sharing channel, segment, topic and date are listed as the import pairs them."""
    return record_selectors.voc_list(filters).order_by("heard_on", "id")


def describe_voc_filters(filters: record_selectors.VocFilters) -> list[tuple[str, str]]:
    """The export's filters in words, for its "about" sheet."""
    described: list[tuple[str, str]] = []
    if filters.search:
        described.append((_("Search"), filters.search))
    if filters.segment:
        segment = CustomerSegment.objects.filter(pk=filters.segment).first()
        described.append((_("Segment"), str(segment) if segment else str(filters.segment)))
    if filters.channel:
        channel = ListeningChannel.objects.filter(pk=filters.channel).first()
        described.append(
            (_("Listening channel"), str(channel) if channel else str(filters.channel))
        )
    if filters.category:
        described.append((_("Category"), str(VocCategory(filters.category).label)))
    if filters.sentiment:
        described.append((_("Sentiment"), str(VoiceOfCustomer.Sentiment(filters.sentiment).label)))
    if filters.status:
        described.append((_("Status"), str(VoiceOfCustomer.Status(filters.status).label)))
    if filters.importance_min:
        described.append((_("Importance at least"), str(filters.importance_min)))
    if filters.heard_from:
        described.append((_("Heard from"), format_date(filters.heard_from)))
    if filters.heard_to:
        described.append((_("Heard until"), format_date(filters.heard_to)))
    if filters.fiscal_year:
        described.append((_("Fiscal year"), str(filters.fiscal_year.year)))
    return described


def export_voc(*, organization: Organization, filters: record_selectors.VocFilters) -> Workbook:
    """The filtered VOC list as a workbook in the import's layout."""
    lookups = Lookups()
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheet = _data_sheet(workbook, VOC)
    count = 0
    for voc in voc_for_export(filters):
        sheet.append([writing.export_cell(getattr(voc, c.key), c, lookups) for c in VOC_COLUMNS])
        count += 1
    writing.wrap_cells(sheet, min_row=sheets.FIRST_DATA_ROW)
    _write_about(
        workbook.create_sheet(SHEET_ABOUT),
        organization=organization,
        what=_("VOC"),
        count=count,
        filters=describe_voc_filters(filters),
        sheet_name=SHEET_VOC,
    )
    return workbook


def fiscal_year_from_query(query) -> int | None:
    """?fiscal_year=2569 (B.E.), as the results export reads it; anything else: every year."""
    text = str(query.get("fiscal_year", "")).strip()
    return int(text) if text.isdigit() and 2400 <= int(text) <= 2800 else None


def results_for_export(fiscal_year: int | None = None) -> QuerySet[SurveyResult]:
    """Every survey result (or one fiscal year's), by survey, then as the survey page lists them."""
    results = SurveyResult.objects.select_related("survey", "segment").order_by(
        "-survey__fiscal_year",
        "survey__title",
        "survey_id",
        "measure",
        # "All customers" (no segment) first, on every database.
        F("segment__order").asc(nulls_first=True),
        F("segment__code").asc(nulls_first=True),
        "dimension",
        "id",
    )
    if fiscal_year:
        results = results.filter(survey__fiscal_year=fiscal_year)
    return results


def _result_cell(result: SurveyResult, column: Column, lookups: Lookups):
    if column.key == "fiscal_year":
        return result.survey.fiscal_year
    if column.key == "survey":
        return result.survey.title
    return writing.export_cell(getattr(result, column.key), column, lookups)


def export_survey_results(
    *, organization: Organization, fiscal_year: int | None = None
) -> Workbook:
    """Every survey result (or one fiscal year's) as a workbook in the import's layout."""
    lookups = Lookups()
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheet = _data_sheet(workbook, RESULTS, COMPUTED_RESULT_COLUMNS)
    count = 0
    for result in results_for_export(fiscal_year):
        survey = result.survey
        sheet.append(
            [
                *(_result_cell(result, c, lookups) for c in RESULT_COLUMNS),
                survey.get_survey_type_display(),
                f"{survey.scale_min}–{survey.scale_max}",
                result.percent,
            ]
        )
        count += 1
    writing.wrap_cells(sheet, min_row=sheets.FIRST_DATA_ROW)
    _write_about(
        workbook.create_sheet(SHEET_ABOUT),
        organization=organization,
        what=_("Survey results"),
        count=count,
        filters=[(_("Fiscal year"), str(fiscal_year))] if fiscal_year else [],
        sheet_name=SHEET_RESULTS,
    )
    return workbook


def template_filename(organization: Organization) -> str:
    return f"customer-import-template-{organization.slug}.xlsx"


def voc_export_filename(organization: Organization, today: dt.date) -> str:
    return f"voc-{organization.slug}-{today.isoformat()}.xlsx"


def results_export_filename(
    organization: Organization, today: dt.date, fiscal_year: int | None = None
) -> str:
    year = f"-{fiscal_year}" if fiscal_year else ""
    return f"survey-results{year}-{organization.slug}-{today.isoformat()}.xlsx"


def import_title(today: dt.date) -> str:
    return _("Customer import %(date)s") % {"date": format_date(today)}
