"""Reads of surveys for the pages and the API, each in a fixed number of queries.

- `fiscal_years_without_external_survey`: the years that lack the annual survey by an external
  consultant the SE-AM criteria require (FAQ CM-11, CM-17);
- `survey_trends`: each measure's score per segment across fiscal years, normalised to the
  percentage of the scale's top so that surveys with different scales compare;

They run inside the request's organization scope like every tenant query; history tables are
not scoped, so they are filtered by organization here.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import get_scope

from seam_scm.tenancy.models import Organization
from seam_scm.thai.dates import FiscalYear

from .models import CustomerSegment, Measure, Survey, SurveyResult

# The dimension that sums up a measure, when a survey reports one.
OVERALL_DIMENSIONS = frozenset({"overall", "ภาพรวม"})
ALL_CUSTOMERS = "all"  # the series of results given for all customers (no segment)
NORMALISATION = gettext_lazy("score ÷ scale maximum × 100")
MEASURE_ORDER = {value: index for index, value in enumerate(Measure.values)}


# --- fiscal years without the external survey ------------------------------------------------


def _scope_organization() -> Organization | None:
    organization = get_scope().get("organization")
    if organization is None or isinstance(organization, Organization):
        return organization
    return Organization.objects.filter(pk=organization).first()


def current_fiscal_year(today: dt.date | None = None) -> int:
    """The fiscal year (B.E.) of the scope's organization that contains today."""
    organization = _scope_organization()
    start_month = organization.fiscal_year_start_month if organization else 10
    return FiscalYear.containing(today or timezone.localdate(), start_month).year


def external_annual_q(prefix: str = "") -> Q:
    """Surveys that count as the annual survey by an external consultant."""
    return Q(
        **{
            f"{prefix}survey_type": Survey.SurveyType.ANNUAL,
            f"{prefix}conducted_by": Survey.ConductedBy.EXTERNAL,
        }
    )


def fiscal_years_without_external_survey(today: dt.date | None = None) -> list[int]:
    """Fiscal years with no annual survey by an external consultant, oldest first.

    From the earliest fiscal year with any survey (or the current fiscal year minus 2,
    whichever is earlier) up to the current fiscal year. One query.
    """
    current = current_fiscal_year(today)
    rows = (
        Survey.objects.order_by()
        .values_list("fiscal_year")
        .annotate(external=Count("id", filter=external_annual_q()))
    )
    years = dict(rows)
    first = min([current - 2, *years])
    return [year for year in range(first, current + 1) if not years.get(year)]


# --- the list and one survey -----------------------------------------------------------------


@dataclass(frozen=True)
class SurveyFilters:
    fiscal_year: int | None = None
    survey_type: str = ""
    conducted_by: str = ""
    measure: str = ""

    @property
    def active(self) -> bool:
        return bool(self.fiscal_year or self.survey_type or self.conducted_by or self.measure)


def _choice(value, choices) -> str:
    return value if value in choices else ""


def survey_filters(params) -> SurveyFilters:
    """Filters from a query string (the list page and the API read the same keys)."""
    year = str(params.get("fiscal_year", "")).strip()
    return SurveyFilters(
        fiscal_year=int(year) if year.isdigit() else None,
        survey_type=_choice(params.get("type", ""), Survey.SurveyType.values),
        conducted_by=_choice(params.get("conducted_by", ""), Survey.ConductedBy.values),
        measure=_choice(params.get("measure", ""), Measure.values),
    )


def survey_list(filters: SurveyFilters = SurveyFilters()) -> QuerySet[Survey]:
    """Surveys with `result_count` and their report, newest first."""
    surveys = (
        Survey.objects.select_related("report")
        .annotate(result_count=Count("results"))
        .order_by("-fiscal_year", "-period_end", "-id")
    )
    if filters.fiscal_year:
        surveys = surveys.filter(fiscal_year=filters.fiscal_year)
    if filters.survey_type:
        surveys = surveys.filter(survey_type=filters.survey_type)
    if filters.conducted_by:
        surveys = surveys.filter(conducted_by=filters.conducted_by)
    if filters.measure:
        surveys = surveys.filter(
            Exists(SurveyResult.objects.filter(survey_id=OuterRef("pk"), measure=filters.measure))
        )
    return surveys


def survey_detail(survey_pk: int) -> Survey:
    """One survey with its report (raises DoesNotExist)."""
    return Survey.objects.select_related("report__current_version").get(pk=survey_pk)


def segment_label(segment: CustomerSegment | None) -> str:
    return str(segment) if segment is not None else _("All customers")


def _result_key(result: SurveyResult) -> tuple:
    segment = result.segment
    return (
        MEASURE_ORDER.get(result.measure, 99),
        segment is not None,
        segment.order if segment else 0,
        segment.code if segment else "",
        result.dimension.casefold(),
        result.pk,
    )


@dataclass
class SegmentResults:
    segment: CustomerSegment | None
    results: list[SurveyResult]

    @property
    def label(self) -> str:
        return segment_label(self.segment)


@dataclass
class MeasureResults:
    measure: str
    segments: list[SegmentResults] = field(default_factory=list)

    @property
    def label(self) -> str:
        return Measure(self.measure).label


def results_by_measure(survey: Survey) -> list[MeasureResults]:
    """The survey's results grouped by measure, then segment ("all customers" first)."""
    results = sorted(survey.results.select_related("segment"), key=_result_key)
    grouped: list[MeasureResults] = []
    for result in results:
        if not grouped or grouped[-1].measure != result.measure:
            grouped.append(MeasureResults(result.measure))
        segments = grouped[-1].segments
        if not segments or segments[-1].segment != result.segment:
            segments.append(SegmentResults(result.segment, []))
        segments[-1].results.append(result)
    return grouped


# --- trends ----------------------------------------------------------------------------------


def is_overall(dimension: str) -> bool:
    return dimension.strip().casefold() in OVERALL_DIMENSIONS


def percent_of_scale(score: Decimal, scale_max: int) -> Decimal:
    """The normalisation the trends use: score ÷ scale maximum × 100."""
    return Decimal(score) / Decimal(scale_max) * 100


@dataclass(frozen=True)
class TrendPoint:
    year: int
    percent: Decimal  # rounded to 0.1
    overall: bool  # True: the mean of the "overall" dimension; False: of all dimensions
    results: int  # how many results the mean is of
    surveys: int  # from how many surveys


@dataclass
class TrendSeries:
    key: str  # ALL_CUSTOMERS or the segment's id
    segment: CustomerSegment | None
    points: dict[int, TrendPoint] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return segment_label(self.segment)

    def along(self, years: list[int]) -> list[TrendPoint | None]:
        return [self.points.get(year) for year in years]


@dataclass
class MeasureTrend:
    measure: str
    years: list[int]
    series: list[TrendSeries]

    @property
    def label(self) -> str:
        return Measure(self.measure).label

    @property
    def table(self) -> list[tuple[TrendSeries, list[TrendPoint | None]]]:
        """Each series with its point per year of `years` (None where it has none)."""
        return [(series, series.along(self.years)) for series in self.series]


@dataclass
class SurveyTrends:
    years: list[int]  # every fiscal year with a result, in order
    measures: list[MeasureTrend]  # every measure asked for, also those without results

    @property
    def has_data(self) -> bool:
        return any(trend.series for trend in self.measures)


def _mean_point(year: int, results: list[SurveyResult]) -> TrendPoint:
    overall = [r for r in results if is_overall(r.dimension)]
    used = overall or results
    percents = [percent_of_scale(r.score, r.survey.scale_max) for r in used]
    mean = sum(percents, Decimal(0)) / len(percents)
    return TrendPoint(
        year=year,
        percent=mean.quantize(Decimal("0.1")),
        overall=bool(overall),
        results=len(used),
        surveys=len({r.survey_id for r in used}),
    )


def survey_trends(
    measure: str | None = None,
    external_only: bool = False,
    segment: int | str | None = None,
) -> SurveyTrends:
    """Per measure and per segment (plus all customers), the score across fiscal years.

    Each result is normalised to the percentage of its survey's scale top (score ÷ scale
    maximum × 100). Where a year, measure and segment have several results (several
    dimensions or several surveys), the point is the mean of the "overall" dimension
    ("overall" or "ภาพรวม") when there is one, else the mean of all dimensions.
    `external_only` keeps the annual surveys by an external consultant; `segment` is a
    segment's id or ALL_CUSTOMERS. One query.
    """
    results = SurveyResult.objects.select_related("survey", "segment")
    if measure:
        results = results.filter(measure=measure)
    if external_only:
        results = results.filter(external_annual_q("survey__"))
    if segment == ALL_CUSTOMERS:
        results = results.filter(segment__isnull=True)
    elif segment:
        results = results.filter(segment_id=segment)

    cells: dict[tuple[str, str, int], list[SurveyResult]] = defaultdict(list)
    segments: dict[str, CustomerSegment | None] = {}
    for result in results:
        key = str(result.segment_id) if result.segment_id else ALL_CUSTOMERS
        segments[key] = result.segment
        cells[(result.measure, key, result.survey.fiscal_year)].append(result)

    years = sorted({year for (_m, _k, year) in cells})

    def series_order(key: str) -> tuple:
        seg = segments[key]
        return (seg is not None, seg.order if seg else 0, seg.code if seg else "")

    measures = []
    for value in [measure] if measure else Measure.values:
        series = []
        for key in sorted(segments, key=series_order):
            points = {
                year: _mean_point(year, cells[(value, key, year)])
                for year in years
                if (value, key, year) in cells
            }
            if points:
                series.append(TrendSeries(key, segments[key], points))
        measures.append(MeasureTrend(value, years, series))
    return SurveyTrends(years=years, measures=measures)


# --- an inline SVG line chart ----------------------------------------------------------------

# Colours (Bootstrap's palette, readable on white) and dash patterns, so that lines differ
# also for readers who do not tell the colours apart.
SERIES_STYLES = [
    ("#0d6efd", ""),
    ("#d63384", "6 3"),
    ("#198754", "2 3"),
    ("#fd7e14", "8 3 2 3"),
    ("#6f42c1", "4 4"),
    ("#20c997", "10 4"),
    ("#dc3545", "1 4"),
    ("#495057", "12 3 3 3"),
]


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    point: TrendPoint


@dataclass(frozen=True)
class ChartLine:
    series: TrendSeries
    colour: str
    dash: str
    points: list[ChartPoint]

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    x_ticks: list[tuple[float, int]]  # (x, fiscal year)
    y_ticks: list[tuple[float, int]]  # (y, percent)
    lines: list[ChartLine]

    @property
    def bottom(self) -> int:
        return self.top + self.plot_height

    @property
    def right(self) -> int:
        return self.left + self.plot_width


def line_chart(trend: MeasureTrend, *, width: int = 640, height: int = 280) -> LineChart:
    """Coordinates of a line chart: x = fiscal years, y = 0-100 % of the scale top."""
    left, top, right_margin, bottom_margin = 48, 16, 24, 36
    plot_width = width - left - right_margin
    plot_height = height - top - bottom_margin
    years = trend.years
    step = plot_width / (len(years) - 1) if len(years) > 1 else 0
    x_of = {
        year: left + (index * step if len(years) > 1 else plot_width / 2)
        for index, year in enumerate(years)
    }

    def y_of(percent) -> float:
        return top + plot_height - float(percent) / 100 * plot_height

    lines = []
    for index, series in enumerate(trend.series):
        colour, dash = SERIES_STYLES[index % len(SERIES_STYLES)]
        points = [
            ChartPoint(x_of[year], y_of(point.percent), point)
            for year, point in sorted(series.points.items())
        ]
        lines.append(ChartLine(series, colour, dash, points))
    return LineChart(
        width=width,
        height=height,
        left=left,
        top=top,
        plot_width=plot_width,
        plot_height=plot_height,
        x_ticks=[(x_of[year], year) for year in years],
        y_ticks=[(y_of(percent), percent) for percent in range(0, 101, 20)],
        lines=lines,
    )
