"""Excel workbooks of the stakeholder database: the import template, reading an import, the export.

All three use the layout of seam_scm.spreadsheets, so that an exported file
can be imported again: sheet "stakeholders" holds one profile per row, sheet
"voices" one VOS per row, naming its stakeholder by code. The export's
computed columns (quadrant, gap, ...) are unknown to the importer, which
ignores them.

Representatives' contacts are personal data: they are never imported, and
exported only for roles that may see them, on a sheet of their own.

Reading an import never writes: `parse_import` returns an ImportPlan with
every row it would save and every problem found, as (sheet, row, column,
message); import_services saves a clean plan in one transaction.
"""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from seam_scm.spreadsheets import sheets, writing
from seam_scm.spreadsheets.cells import (
    YES,
    CellProblem,
    Option,
    OptionSet,
    cell_text,
    choice_options,
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
from seam_scm.thai.dates import format_date, format_datetime

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

SHEET_PROFILES = "stakeholders"
SHEET_VOICES = "voices"
SHEET_REPRESENTATIVES = "representatives"
SHEET_ABOUT = "about"


# --- columns --------------------------------------------------------------------------------


class StakeholderKind(StrEnum):
    """Columns only the stakeholder import has; _Parser.convert_own reads them."""

    GROUP = "group"  # a stakeholder group code of this organization
    UNITS = "units"  # UNIT:RANK;UNIT:RANK
    STAKEHOLDER = "stakeholder"  # a stakeholder code, in the file or in the database


UNITS_LABEL = gettext_lazy("units and importance ranks")
STAKEHOLDER_CODE_LABEL = gettext_lazy("stakeholder code")

PROFILE_COLUMNS = [
    Column("code", Kind.CODE, required=True, width=12),
    Column("name_th", Kind.TEXT, required=True, width=32),
    Column("name_en", Kind.TEXT, width=28),
    Column("side", Kind.CHOICE, required=True, choices=Stakeholder.Side),
    Column("group", StakeholderKind.GROUP, required=True, width=28),
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
    Column("current_level", Kind.CHOICE, required=True, choices=EngagementLevel, width=20),
    Column("target_level", Kind.CHOICE, required=True, choices=EngagementLevel, width=20),
    Column("units", StakeholderKind.UNITS, label=UNITS_LABEL, width=28),
]

VOICE_COLUMNS = [
    Column(
        "stakeholder",
        StakeholderKind.STAKEHOLDER,
        required=True,
        label=STAKEHOLDER_CODE_LABEL,
        width=14,
    ),
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

PROFILES = SheetSpec(SHEET_PROFILES, Stakeholder, PROFILE_COLUMNS)
VOICES = SheetSpec(SHEET_VOICES, VoiceOfStakeholder, VOICE_COLUMNS)


def group_options(groups: Iterable[StakeholderGroup]) -> OptionSet:
    return OptionSet(Option(g.code, str(g), (g.name_th, g.name_en)) for g in groups)


class Lookups(sheets.Lookups):
    """Units and choices, and the organization's stakeholder groups."""

    def __init__(self) -> None:
        super().__init__()
        self.groups = {g.code: g for g in StakeholderGroup.objects.all()}
        self.group_set = group_options(self.groups.values())

    def options(self, column: Column) -> OptionSet | None:
        if column.kind is StakeholderKind.GROUP:
            return self.group_set
        return super().options(column)


# --- the units cell -------------------------------------------------------------------------


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
class ImportPlan(sheets.ImportPlan):
    PARTS: ClassVar = {
        "profiles": gettext_lazy("Stakeholder profiles"),
        "voices": gettext_lazy("VOS"),
    }
    profiles: list[ProfileRow] = field(default_factory=list)
    voices: list[VoiceRow] = field(default_factory=list)
    # The existing profiles VOS rows point at, by code.
    existing: dict[str, Stakeholder] = field(default_factory=dict)


def parse_import(data: bytes, *, organization: Organization) -> ImportPlan:
    """Every row of both sheets checked against the organization's data (inside its scope)."""
    with sheets.opened_workbook(data) as workbook:
        return _Parser(workbook, organization).parse()


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


class _Parser(WorkbookParser):
    lookups: Lookups

    def __init__(self, workbook: Workbook, organization: Organization):
        super().__init__(Lookups())
        self.workbook = workbook
        self.organization = organization
        self.plan = ImportPlan()

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
            sheet = SheetReader(PROFILES, self.workbook[SHEET_PROFILES], self.plan.errors)
            if sheet.ok:
                file_codes = self._profiles(sheet)
        if SHEET_VOICES in names:
            sheet = SheetReader(VOICES, self.workbook[SHEET_VOICES], self.plan.errors)
            if sheet.ok:
                self._voices(sheet, file_codes)
        if self.plan.is_clean and not self.plan.profiles and not self.plan.voices:
            self.plan.errors.append(CellError("", None, "", _("The file has no rows to import.")))
        return self.plan

    def convert_own(self, column: Column, raw, text: str):
        if column.kind is StakeholderKind.STAKEHOLDER:
            return text
        if column.kind is StakeholderKind.UNITS:
            return parse_units(raw, self.lookups.units)
        code = self.lookups.group_set.resolve(text)
        if code is None:
            raise CellProblem(
                _("Unknown group code “%(code)s”; the groups of the organization are %(codes)s.")
                % {"code": text, "codes": self.lookups.group_set.listed(limit=50)}
            )
        return self.lookups.groups[code]

    def _profiles(self, sheet: SheetReader) -> set[str]:
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
            values, failed = self.row_values(sheet, number, cells, columns)
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
        self.assign(stakeholder, values)
        if not self.model_valid(sheet, number, stakeholder, failed, exclude=["organization"]):
            return
        if is_new:
            action = Action.NEW
        else:
            after_units = _unit_pairs(units) if units is not None else before[1]
            same = before == (_profile_values(stakeholder), after_units)
            action = Action.UNCHANGED if same else Action.UPDATED
        self.plan.profiles.append(ProfileRow(number, stakeholder, units, action))

    def _voices(self, sheet: SheetReader, file_codes: set[str]) -> None:
        codes = {cell_text(cells.get("stakeholder")) for _number, cells in sheet.rows}
        database = {
            s.code: s for s in Stakeholder.objects.filter(code__in=codes).select_related("group")
        }
        self.plan.existing = database
        recorded = {
            (v.stakeholder.code, normal_text(v.topic), v.heard_on): v
            for v in VoiceOfStakeholder.objects.filter(stakeholder__code__in=codes).select_related(
                "stakeholder"
            )
        }
        first_row: dict[tuple, int] = {}
        for number, cells in sheet.rows:
            key = None
            before = len(self.plan.errors)
            values, failed = self.row_values(sheet, number, cells, VOICE_COLUMNS)
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
                key = (code, normal_text(values["topic"]), values["heard_on"])
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
            self.assign(voice, values)
            if not self.model_valid(
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


# --- the template ---------------------------------------------------------------------------


# What to enter in the columns of the stakeholder import's own kinds.
KIND_TEXTS = {
    StakeholderKind.UNITS: gettext_lazy(
        "Unit code and rank pairs separated by semicolons, for example LINE1:1;DEPT2:3."
    ),
    StakeholderKind.STAKEHOLDER: gettext_lazy(
        "The code of a stakeholder in this file or already recorded."
    ),
}

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


def build_template(*, organization: Organization) -> Workbook:
    """The import template of this organization: its group and unit codes in the drop-downs."""
    return writing.build_template(
        title=_("Stakeholder import: %(organization)s") % {"organization": organization},
        lines=INSTRUCTIONS,
        specs=[PROFILES, VOICES],
        lookups=Lookups(),
        kind_texts=KIND_TEXTS,
    )


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
    writing.write_header(profiles, [*writing.data_header(PROFILES), *computed])
    writing.set_widths(profiles, [c.width for c in PROFILE_COLUMNS] + [20, 12, 12, 40])
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

    voices = workbook.create_sheet(SHEET_VOICES)
    writing.write_header(voices, writing.data_header(VOICES))
    writing.set_widths(voices, [c.width for c in VOICE_COLUMNS])
    for stakeholder in stakeholders:
        for voice in stakeholder.voices.all():
            voices.append(
                [
                    stakeholder.code if c.key == "stakeholder" else _export_value(voice, c, lookups)
                    for c in VOICE_COLUMNS
                ]
            )

    if info.personal_data:
        _write_representatives(workbook.create_sheet(SHEET_REPRESENTATIVES), stakeholders)
    _write_about(workbook.create_sheet(SHEET_ABOUT), info, len(stakeholders))
    for sheet in workbook.worksheets:
        writing.wrap_cells(sheet, min_row=sheets.FIRST_DATA_ROW)
    return workbook


def _export_value(record, column: Column, lookups: Lookups):
    if column.kind is StakeholderKind.UNITS:
        return format_units(record.unit_links.all())
    return writing.export_cell(getattr(record, column.key), column, lookups)


def _write_representatives(sheet: Worksheet, stakeholders: list[Stakeholder]) -> None:
    fields = ["kind", "name", "position", "phone", "email", "lawful_basis"]
    labels = [capfirst(str(Representative._meta.get_field(name).verbose_name)) for name in fields]
    writing.write_table_header(
        sheet,
        [
            capfirst(str(STAKEHOLDER_CODE_LABEL)),
            capfirst(str(Stakeholder._meta.get_field("name_th").verbose_name)),
            *labels,
        ],
    )
    writing.set_widths(sheet, [14, 32, 16, 28, 28, 18, 28, 22])
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
    writing.set_widths(sheet, [30, 60])


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


def export_filename(organization: Organization, today: dt.date) -> str:
    return f"stakeholders-{organization.slug}-{today.isoformat()}.xlsx"


def template_filename(organization: Organization) -> str:
    return f"stakeholder-import-template-{organization.slug}.xlsx"


def import_title(today: dt.date) -> str:
    return _("Stakeholder import %(date)s") % {"date": format_date(today)}
