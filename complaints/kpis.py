"""Complaint KPIs for criterion 5.3: per month, quarter or fiscal year, and per channel,
category or unit.

Definitions (the page shows them under the table, the Excel export on its second sheet and the
API with every answer; DEFINITIONS below is their one text):

- A case belongs to the period of its date of receipt (`received_at` as a local date,
  Asia/Bangkok). Periods follow the organization's fiscal year (`fiscal_year_start_month`):
  Q1 is the fiscal year's first three months (October to December for the Thai fiscal year).
- Cases received (volume): every case received in the period, withdrawn ones included.
- Acknowledged within standard %: cases acknowledged by their due time (`acknowledged_in_time`
  True) ÷ (cases whose acknowledgement is known, `acknowledged_in_time` not null, + cases still
  unacknowledged, state "received", whose `acknowledge_due_at` has passed; they count as not in
  time) × 100. Cases still unacknowledged and not yet due are left out.
- Resolved within standard %: the same with `resolved_in_time` and `resolve_due_at`, over the
  cases that were not withdrawn: cases whose first response came by the resolution due time ÷
  (cases with a first response + open cases without a first response whose `resolve_due_at`
  has passed) × 100.
- Mean and median resolution time: over the cases with a `resolution_minutes` (the working time
  from receipt to the first response), in working days (a working day = the working calendar's
  hours per day, WorkingCalendar.hours_per_day) and in working hours.
- Reopen rate %: cases reopened at least once (`reopen_count` > 0) ÷ cases responded to
  (`first_responded_at` not null) × 100.
- Repeat complaints %: cases that repeat an earlier one (`repeat_of` set) ÷ cases received × 100.
- Satisfaction with the handling: the mean of `satisfaction` (1-5) over the cases that have one,
  with the number of answers.
- Open now: cases in an open state (complaints.models.OPEN_STATES: not responded, closed or
  withdrawn; reopened cases are open). Overdue now: open cases whose acknowledgement (while
  still unacknowledged) or resolution due time has passed.
- A share or mean with nothing to divide by is None ("—"), never 0.

Percentages are rounded half up to one decimal, hours to one decimal, working days and the
satisfaction mean to two.

`kpi_report` reads in a fixed number of queries, whatever the number of cases: the working
calendar, the needed columns of the range's cases (.values(), no personal data), and the names
of the groups (the newest approved policy row of each channel or category key, or the units).
Everything else is computed in Python (the median needs it anyway). It runs inside the
organization's scope like every tenant read.
"""

import calendar as month_calendar
import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Min
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from seam_scm.approvals.models import FROZEN_STATUSES
from seam_scm.tenancy.models import Organization, OrgUnit
from seam_scm.thai.dates import THAI_MONTHS_SHORT, FiscalYear, be_year

from .models import (
    OPEN_STATES,
    CaseState,
    ComplaintCase,
    ComplaintCategory,
    ComplaintChannel,
    WorkingCalendar,
)
from .working_time import Calendar

# --- the questions a report answers ----------------------------------------------------------

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
PERIODS = (MONTH, QUARTER, YEAR)
PERIOD_CHOICES = [
    (MONTH, gettext_lazy("Month")),
    (QUARTER, gettext_lazy("Quarter")),
    (YEAR, gettext_lazy("Fiscal year")),
]

NONE = "none"
CHANNEL = "channel"
CATEGORY = "category"
UNIT = "unit"
DIMENSIONS = (NONE, CHANNEL, CATEGORY, UNIT)
DIMENSION_CHOICES = [
    (NONE, gettext_lazy("Whole organization")),
    (CHANNEL, gettext_lazy("Channel")),
    (CATEGORY, gettext_lazy("Category")),
    (UNIT, gettext_lazy("Assigned unit")),
]
UNASSIGNED = "unassigned"

# With period=year, the chosen fiscal year and up to this many years before it.
YEARS_COMPARED = 5
FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR = 2400, 2800  # B.E.; anything else is not a fiscal year

PERCENT = Decimal("0.1")
HOURS = Decimal("0.1")
DAYS = Decimal("0.01")
MEAN = Decimal("0.01")

DEFINITIONS = [
    (
        "period",
        gettext_lazy("Period"),
        gettext_lazy(
            "A case belongs to the period of its date of receipt (local date, Asia/Bangkok). "
            "Periods follow the organization's fiscal year: Q1 is its first three months "
            "(October to December for the Thai fiscal year)."
        ),
    ),
    (
        "volume",
        gettext_lazy("Cases received"),
        gettext_lazy("Every case received in the period, withdrawn cases included."),
    ),
    (
        "acknowledged_in_time",
        gettext_lazy("Acknowledged within standard"),
        gettext_lazy(
            "Cases acknowledged by their due time ÷ (cases acknowledged + cases still "
            "unacknowledged whose acknowledgement due time has passed, which count as not in "
            "time) × 100. Unacknowledged cases not yet due are left out."
        ),
    ),
    (
        "resolved_in_time",
        gettext_lazy("Resolved within standard"),
        gettext_lazy(
            "Cases whose first response came by the resolution due time ÷ (cases responded to + "
            "open cases without a response whose resolution due time has passed, which count "
            "as not in time) × 100. Withdrawn cases are left out."
        ),
    ),
    (
        "resolution_time",
        gettext_lazy("Mean and median resolution time"),
        gettext_lazy(
            "Working time from receipt to the first response, over the cases responded to; in "
            "working days (a working day is the working calendar's hours per day) and in "
            "working hours."
        ),
    ),
    (
        "reopen_rate",
        gettext_lazy("Reopen rate"),
        gettext_lazy("Cases reopened at least once ÷ cases responded to × 100."),
    ),
    (
        "repeats",
        gettext_lazy("Repeat complaints"),
        gettext_lazy(
            "Cases that repeat an earlier case of the same complainant ÷ cases received × 100."
        ),
    ),
    (
        "satisfaction",
        gettext_lazy("Satisfaction with the handling"),
        gettext_lazy(
            "The mean of the complainants' ratings (1-5) recorded at closing, over the cases "
            "that have one, with the number of answers."
        ),
    ),
    (
        "open_now",
        gettext_lazy("Open now and overdue now"),
        gettext_lazy(
            "Open: not yet responded to, closed or withdrawn (reopened cases are open). "
            "Overdue: open, and past the acknowledgement due time while unacknowledged or past "
            "the resolution due time."
        ),
    ),
    (
        "no_value",
        gettext_lazy("—"),
        gettext_lazy("Nothing to divide by (no case counted): no value, never 0%."),
    ),
]


def definitions() -> list[tuple[str, str, str]]:
    """(key, name, definition) in the active language."""
    return [(key, str(name), str(text)) for key, name, text in DEFINITIONS]


@dataclass(frozen=True)
class KpiQuery:
    fiscal_year: int  # B.E.
    period: str = MONTH
    by: str = NONE


def query_from(
    params: Mapping, *, organization: Organization, today: dt.date | None = None
) -> KpiQuery:
    """The report asked for by ?fy=2569&period=quarter&by=channel; what is missing or invalid
    falls back to the current fiscal year, months and the whole organization."""
    current = FiscalYear.containing(
        today or timezone.localdate(), organization.fiscal_year_start_month
    ).year
    text = str(params.get("fy", "")).strip()
    year = int(text) if text.isdigit() else current
    if not FIRST_FISCAL_YEAR <= year <= LAST_FISCAL_YEAR:
        year = current
    period = params.get("period", MONTH)
    by = params.get("by", NONE)
    return KpiQuery(
        fiscal_year=year,
        period=period if period in PERIODS else MONTH,
        by=by if by in DIMENSIONS else NONE,
    )


def fiscal_years_to_offer(organization: Organization, also: int | None = None) -> list[int]:
    """From the fiscal year of the first case received (or the current one) to the current
    one, newest first; `also` (the year shown) is added when outside. One query."""
    start_month = organization.fiscal_year_start_month
    current = FiscalYear.containing(timezone.localdate(), start_month).year
    first = ComplaintCase.objects.aggregate(first=Min("received_at"))["first"]
    earliest = FiscalYear.containing(first, start_month).year if first else current
    years = set(range(min(earliest, current), current + 1))
    if also:
        years.add(also)
    return sorted(years, reverse=True)


# --- periods and groups ----------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    key: str  # "2026-02", "2569-Q2", "2569"
    label: str  # "ก.พ. 2569", "Q2 (ม.ค.–มี.ค. 2569)", "ปีงบประมาณ 2569"
    short_label: str  # under a chart's bar: "ก.พ.", "Q2", "2569"
    start: dt.date
    end: dt.date  # the last day, included


@dataclass(frozen=True)
class Group:
    key: str  # a channel's or category's key (UUID), a unit's id, or UNASSIGNED
    label: str


def _month_name(month: int) -> str:
    if (get_language() or "th").startswith("th"):
        return THAI_MONTHS_SHORT[month - 1]
    return month_calendar.month_abbr[month]


def _year_of(day: dt.date) -> int:
    """The year as dates show it: B.E. in Thai, C.E. in English (seam_scm.thai.dates)."""
    return be_year(day.year) if (get_language() or "th").startswith("th") else day.year


def _month_label(day: dt.date) -> str:
    return f"{_month_name(day.month)} {_year_of(day)}"


def _months(start: dt.date, count: int) -> list[dt.date]:
    firsts, year, month = [], start.year, start.month
    for _index in range(count):
        firsts.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return firsts


def _months_in(period: Period) -> list[dt.date]:
    count = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month
    return _months(period.start, count + 1)


def _last_day(first: dt.date) -> dt.date:
    return first.replace(day=month_calendar.monthrange(first.year, first.month)[1])


def periods_of(query: KpiQuery, start_month: int, first_year: int | None = None) -> list[Period]:
    """The periods of the report: the fiscal year's 12 months or 4 quarters, or the fiscal
    years from `first_year` (default: YEARS_COMPARED - 1 years before) to the chosen one."""
    fiscal_year = FiscalYear.named(query.fiscal_year, start_month)
    if query.period == MONTH:
        return [
            Period(
                key=f"{first:%Y-%m}",
                label=_month_label(first),
                short_label=_month_name(first.month),
                start=first,
                end=_last_day(first),
            )
            for first in _months(fiscal_year.start, 12)
        ]
    if query.period == QUARTER:
        periods = []
        for number in range(1, 5):
            first = _months(fiscal_year.start, 3 * number - 2)[-1]
            last = _last_day(_months(first, 3)[-1])
            if first.year == last.year:
                span = f"{_month_name(first.month)}–{_month_label(last)}"
            else:
                span = f"{_month_label(first)} – {_month_label(last)}"
            periods.append(
                Period(
                    key=f"{query.fiscal_year}-Q{number}",
                    label=_("Q%(number)s (%(span)s)") % {"number": number, "span": span},
                    short_label=_("Q%(number)s") % {"number": number},
                    start=first,
                    end=last,
                )
            )
        return periods
    first_year = first_year or query.fiscal_year - YEARS_COMPARED + 1
    periods = []
    for year in range(first_year, query.fiscal_year + 1):
        named = FiscalYear.named(year, start_month)
        periods.append(
            Period(
                key=str(year),
                label=named.label(),
                short_label=str(year),
                start=named.start,
                end=named.end,
            )
        )
    return periods


def _name(row: Mapping) -> str:
    """A bilingual row's name in the active language, as BilingualNameMixin.name gives it."""
    if get_language() == "en" and row["name_en"]:
        return row["name_en"]
    return row["name_th"]


def _policy_groups(model, keys: Iterable[str], *, with_code: bool) -> list[Group]:
    """Each key's label: the name of its row in the newest approved policy version that has it
    (any version when no approved one does). One query."""
    newest: dict[str, tuple] = {}
    columns = ["key", "order", "name_th", "name_en", "version__number", "version__status", "id"]
    if with_code:
        columns.append("code")
    for row in model.objects.filter(key__in=list(keys)).values(*columns):
        rank = (row["version__status"] in FROZEN_STATUSES, row["version__number"], row["id"])
        key = str(row["key"])
        if key not in newest or rank > newest[key][0]:
            newest[key] = (rank, row)
    labelled = []
    for key, (_rank, row) in newest.items():
        label = f"{row['code']} {_name(row)}" if with_code else _name(row)
        labelled.append((row["order"], label.casefold(), Group(key, label)))
    return [group for *_order, group in sorted(labelled, key=lambda item: item[:2])]


def _unit_groups(keys: Iterable[str]) -> list[Group]:
    ids = [int(key) for key in keys if key != UNASSIGNED]
    units = (
        OrgUnit.objects.filter(id__in=ids)
        .order_by("code")
        .values("id", "code", "name_th", "name_en")
    )
    groups = [Group(str(unit["id"]), f"{unit['code']} {_name(unit)}") for unit in units]
    if UNASSIGNED in keys:
        groups.append(Group(UNASSIGNED, _("Not assigned to a unit")))
    return groups


def groups_of(by: str, keys: set[str]) -> list[Group]:
    if not keys or by == NONE:
        return []
    if by == CHANNEL:
        return _policy_groups(ComplaintChannel, keys, with_code=False)
    if by == CATEGORY:
        return _policy_groups(ComplaintCategory, keys, with_code=True)
    return _unit_groups(keys)


# --- the figures -----------------------------------------------------------------------------


def _share(part: int, whole: int) -> Decimal | None:
    """part ÷ whole × 100, to one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(PERCENT, ROUND_HALF_UP)


def _round(value: Decimal | None, quantum: Decimal) -> Decimal | None:
    return None if value is None else value.quantize(quantum, ROUND_HALF_UP)


@dataclass(frozen=True)
class Figures:
    """The KPIs of one group of cases (see the module's definitions)."""

    volume: int = 0
    acknowledged_in_time: int = 0
    acknowledgements_counted: int = 0
    resolved_in_time: int = 0
    resolutions_counted: int = 0
    resolution_times: int = 0
    mean_resolution_minutes: Decimal | None = None
    median_resolution_minutes: Decimal | None = None
    minutes_per_day: int = 480
    responded: int = 0
    reopened: int = 0
    repeats: int = 0
    satisfaction_total: int = 0
    satisfaction_answers: int = 0
    open_now: int = 0
    overdue_now: int = 0

    @property
    def acknowledged_in_time_percent(self) -> Decimal | None:
        return _share(self.acknowledged_in_time, self.acknowledgements_counted)

    @property
    def resolved_in_time_percent(self) -> Decimal | None:
        return _share(self.resolved_in_time, self.resolutions_counted)

    def _hours(self, minutes: Decimal | None) -> Decimal | None:
        return None if minutes is None else _round(minutes / 60, HOURS)

    def _days(self, minutes: Decimal | None) -> Decimal | None:
        return None if minutes is None else _round(minutes / self.minutes_per_day, DAYS)

    @property
    def mean_resolution_hours(self) -> Decimal | None:
        return self._hours(self.mean_resolution_minutes)

    @property
    def mean_resolution_days(self) -> Decimal | None:
        return self._days(self.mean_resolution_minutes)

    @property
    def median_resolution_hours(self) -> Decimal | None:
        return self._hours(self.median_resolution_minutes)

    @property
    def median_resolution_days(self) -> Decimal | None:
        return self._days(self.median_resolution_minutes)

    @property
    def reopen_rate_percent(self) -> Decimal | None:
        return _share(self.reopened, self.responded)

    @property
    def repeat_percent(self) -> Decimal | None:
        return _share(self.repeats, self.volume)

    @property
    def satisfaction_mean(self) -> Decimal | None:
        if not self.satisfaction_answers:
            return None
        return _round(Decimal(self.satisfaction_total) / self.satisfaction_answers, MEAN)


def figures_of(cases: Iterable[Mapping], *, now: dt.datetime, minutes_per_day: int) -> Figures:
    """The KPIs of `cases` (rows with the columns of CASE_COLUMNS) at the moment `now`."""
    counts: dict[str, int] = defaultdict(int)
    minutes: list[int] = []
    for case in cases:
        counts["volume"] += 1
        state = case["state"]
        is_open = state in OPEN_STATES
        unacknowledged_overdue = state == CaseState.RECEIVED and case["acknowledge_due_at"] < now
        resolution_overdue = case["resolve_due_at"] < now
        if case["acknowledged_in_time"] is not None:
            counts["acknowledgements_counted"] += 1
            counts["acknowledged_in_time"] += case["acknowledged_in_time"]
        elif unacknowledged_overdue:
            counts["acknowledgements_counted"] += 1
        if state != CaseState.WITHDRAWN:
            if case["resolved_in_time"] is not None:
                counts["resolutions_counted"] += 1
                counts["resolved_in_time"] += case["resolved_in_time"]
            elif is_open and case["first_responded_at"] is None and resolution_overdue:
                counts["resolutions_counted"] += 1
        if case["resolution_minutes"] is not None:
            minutes.append(case["resolution_minutes"])
        if case["first_responded_at"] is not None:
            counts["responded"] += 1
        counts["reopened"] += case["reopen_count"] > 0
        counts["repeats"] += case["repeat_of_id"] is not None
        if case["satisfaction"] is not None:
            counts["satisfaction_answers"] += 1
            counts["satisfaction_total"] += case["satisfaction"]
        if is_open:
            counts["open_now"] += 1
            counts["overdue_now"] += unacknowledged_overdue or resolution_overdue
    return Figures(
        **counts,
        resolution_times=len(minutes),
        mean_resolution_minutes=Decimal(sum(minutes)) / len(minutes) if minutes else None,
        median_resolution_minutes=Decimal(str(statistics.median(minutes))) if minutes else None,
        minutes_per_day=minutes_per_day,
    )


# What each figure is, for the export and the table: (Figures attribute, name, kind).
COUNT, PERCENT_KIND, DAYS_KIND, HOURS_KIND, MEAN_KIND = "count", "percent", "days", "hours", "mean"
FIGURE_COLUMNS = [
    ("volume", gettext_lazy("Cases received"), COUNT),
    ("acknowledged_in_time", gettext_lazy("Acknowledged within standard"), COUNT),
    ("acknowledgements_counted", gettext_lazy("Acknowledgements counted"), COUNT),
    (
        "acknowledged_in_time_percent",
        gettext_lazy("Acknowledged within standard (%)"),
        PERCENT_KIND,
    ),
    ("resolved_in_time", gettext_lazy("Resolved within standard"), COUNT),
    ("resolutions_counted", gettext_lazy("Resolutions counted"), COUNT),
    ("resolved_in_time_percent", gettext_lazy("Resolved within standard (%)"), PERCENT_KIND),
    ("resolution_times", gettext_lazy("Cases with a resolution time"), COUNT),
    ("mean_resolution_days", gettext_lazy("Mean resolution time (working days)"), DAYS_KIND),
    ("mean_resolution_hours", gettext_lazy("Mean resolution time (working hours)"), HOURS_KIND),
    ("median_resolution_days", gettext_lazy("Median resolution time (working days)"), DAYS_KIND),
    (
        "median_resolution_hours",
        gettext_lazy("Median resolution time (working hours)"),
        HOURS_KIND,
    ),
    ("responded", gettext_lazy("Responded to"), COUNT),
    ("reopened", gettext_lazy("Reopened"), COUNT),
    ("reopen_rate_percent", gettext_lazy("Reopen rate (%)"), PERCENT_KIND),
    ("repeats", gettext_lazy("Repeat complaints"), COUNT),
    ("repeat_percent", gettext_lazy("Repeat complaints (%)"), PERCENT_KIND),
    ("satisfaction_mean", gettext_lazy("Satisfaction with the handling (1-5)"), MEAN_KIND),
    ("satisfaction_answers", gettext_lazy("Satisfaction answers"), COUNT),
    ("open_now", gettext_lazy("Open now"), COUNT),
    ("overdue_now", gettext_lazy("Overdue now"), COUNT),
]


# --- the report ------------------------------------------------------------------------------

CASE_COLUMNS = (
    "received_at",
    "state",
    "channel__key",
    "category__key",
    "unit_id",
    "acknowledged_in_time",
    "acknowledge_due_at",
    "resolved_in_time",
    "resolve_due_at",
    "first_responded_at",
    "resolution_minutes",
    "reopen_count",
    "repeat_of_id",
    "satisfaction",
)
GROUP_COLUMN = {CHANNEL: "channel__key", CATEGORY: "category__key", UNIT: "unit_id"}


@dataclass(frozen=True)
class KpiRow:
    period: Period | None  # None: the whole range of the report
    group: Group | None  # None: every case of the period (all groups)
    figures: Figures


@dataclass
class KpiReport:
    query: KpiQuery
    fiscal_year: FiscalYear
    periods: list[Period]
    groups: list[Group]
    period_totals: list[KpiRow]  # every case, per period (the charts over time)
    group_totals: list[KpiRow]  # each group over the whole range (empty when by=none)
    total: KpiRow  # every case of the range
    hours_per_day: Decimal
    computed_at: dt.datetime
    rows: list[KpiRow] = field(default_factory=list)

    @property
    def start(self) -> dt.date:
        return self.periods[0].start

    @property
    def end(self) -> dt.date:
        return self.periods[-1].end

    @property
    def range_label(self) -> str:
        """The whole range in words: the fiscal year, or the first and last fiscal years."""
        if self.query.period == YEAR and len(self.periods) > 1:
            return _("Fiscal years %(first)s–%(last)s") % {
                "first": self.periods[0].key,
                "last": self.periods[-1].key,
            }
        return self.fiscal_year.label()

    @property
    def has_cases(self) -> bool:
        return self.total.figures.volume > 0

    def group_heading(self) -> str:
        return dict(DIMENSION_CHOICES)[self.query.by]

    def all_groups_label(self) -> str:
        return {
            NONE: _("Whole organization"),
            CHANNEL: _("All channels"),
            CATEGORY: _("All categories"),
            UNIT: _("All units"),
        }[self.query.by]

    def period_label(self, row: KpiRow) -> str:
        return row.period.label if row.period else self.range_label

    def group_label(self, row: KpiRow) -> str:
        return row.group.label if row.group else self.all_groups_label()


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())


def minutes_per_working_day() -> int:
    """The working calendar's hours per day, in minutes (the default calendar's without one).
    One query."""
    saved = WorkingCalendar.objects.order_by("id").first()
    length = saved.hours_per_day if saved else Calendar().day_length
    return int(length.total_seconds() // 60)


def _group_key(case: Mapping, by: str) -> str:
    value = case[GROUP_COLUMN[by]]
    if value is None:
        return UNASSIGNED
    return str(value)


def kpi_report(
    query: KpiQuery, *, organization: Organization, now: dt.datetime | None = None
) -> KpiReport:
    """The KPIs of the query's periods (and groups), in a fixed number of queries."""
    now = now or timezone.now()
    start_month = organization.fiscal_year_start_month
    periods = periods_of(query, start_month)
    cases = list(
        ComplaintCase.objects.filter(
            organization=organization,
            received_at__gte=_local_midnight(periods[0].start),
            received_at__lt=_local_midnight(periods[-1].end + dt.timedelta(days=1)),
        )
        .order_by()
        .values(*CASE_COLUMNS)
    )
    if query.period == YEAR:
        # Compare the years since the first with cases (at least the chosen one).
        years = [FiscalYear.containing(c["received_at"], start_month).year for c in cases]
        periods = periods_of(query, start_month, first_year=min(years, default=query.fiscal_year))
    minutes_per_day = minutes_per_working_day()

    period_of_month = {
        (month.year, month.month): period for period in periods for month in _months_in(period)
    }
    by_period: dict[str, list] = defaultdict(list)
    by_cell: dict[tuple[str, str], list] = defaultdict(list)
    by_group: dict[str, list] = defaultdict(list)
    for case in cases:
        local = timezone.localdate(case["received_at"])
        period = period_of_month[(local.year, local.month)]
        by_period[period.key].append(case)
        if query.by != NONE:
            key = _group_key(case, query.by)
            by_cell[(period.key, key)].append(case)
            by_group[key].append(case)

    def figures(rows) -> Figures:
        return figures_of(rows, now=now, minutes_per_day=minutes_per_day)

    groups = groups_of(query.by, set(by_group))
    period_totals = [KpiRow(p, None, figures(by_period[p.key])) for p in periods]
    group_totals = [KpiRow(None, g, figures(by_group[g.key])) for g in groups]
    total = KpiRow(None, None, figures(cases))
    if query.by == NONE:
        rows = [*period_totals, total]
    else:
        rows = [
            KpiRow(p, g, figures(by_cell[(p.key, g.key)]))
            for p in periods
            for g in groups
            if by_cell.get((p.key, g.key))
        ]
        rows += [*group_totals, total]
    return KpiReport(
        query=query,
        fiscal_year=FiscalYear.named(query.fiscal_year, start_month),
        periods=periods,
        groups=groups,
        period_totals=period_totals,
        group_totals=group_totals,
        total=total,
        hours_per_day=(Decimal(minutes_per_day) / 60).quantize(HOURS, ROUND_HALF_UP),
        computed_at=now,
        rows=rows,
    )
