"""Reads of the customer records for the pages, the API, the overview and the assessments.

Every list costs a fixed number of queries whatever its length. They run inside the request's
organization scope like every tenant query; history tables are not scoped, so they are
filtered by organization here.

`voc_comparison()` is the evidence for criterion 2 level 2: the importance of VOC from the
customer's view compared across the four categories, per segment, for a fiscal year.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django_scopes import get_scope

from seam_scm.forms import positive_int
from seam_scm.tenancy.models import Organization
from seam_scm.thai.dates import FiscalYear, current_fiscal_year
from seam_scm.thai.forms import BuddhistDateField

from .models import (
    CustomerSegment,
    JourneyMap,
    ListeningChannel,
    ProductService,
    VocCategory,
    VoiceOfCustomer,
)

ONE_DECIMAL = Decimal("0.1")


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def scope_organization() -> Organization | None:
    """The organization of the active scope (the request's, or a test's)."""
    organization = get_scope().get("organization")
    if isinstance(organization, Organization) or organization is None:
        return organization
    return Organization.objects.filter(pk=organization).first()


def fiscal_start_month() -> int:
    organization = scope_organization()
    return organization.fiscal_year_start_month if organization else 10


# --- reading query strings (pages and API share the keys) ------------------------------------

_TRUE = {"1", "on", "true", "yes"}
_FALSE = {"0", "off", "false", "no"}


def _bool_or_none(value) -> bool | None:
    text = str(value or "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def _choice(value, choices) -> str:
    return value if value in choices else ""


def _date_or_none(value) -> dt.date | None:
    """A date as the pages send it (21/11/2569, Buddhist Era) or as the API does (2026-11-21)."""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return BuddhistDateField().to_python(text)
    except Exception:  # noqa: BLE001 - a malformed filter narrows nothing
        return None


def _fiscal_year_or_none(value, start_month: int) -> FiscalYear | None:
    year = positive_int(value)
    if year is None or not 2400 <= year <= 2800:
        return None
    return FiscalYear.named(year, start_month)


# --- products and services -------------------------------------------------------------------


@dataclass
class ProductFilters:
    search: str = ""
    kind: str = ""
    active: bool | None = None


def product_filters_from_query(query) -> ProductFilters:
    """Keys: q, kind, active ("1" offered, "0" no longer offered)."""
    return ProductFilters(
        search=query.get("q", "").strip(),
        kind=_choice(query.get("kind", ""), ProductService.Kind.values),
        active=_bool_or_none(query.get("active")),
    )


def product_list(filters: ProductFilters | None = None) -> QuerySet[ProductService]:
    filters = filters or ProductFilters()
    products = ProductService.objects.select_related("owner_unit").annotate(
        segment_count=Count("segments", distinct=True)
    )
    if filters.search:
        text = filters.search
        products = products.filter(
            Q(code__icontains=text)
            | Q(name_th__icontains=text)
            | Q(name_en__icontains=text)
            | Q(description__icontains=text)
        )
    if filters.kind:
        products = products.filter(kind=filters.kind)
    if filters.active is not None:
        products = products.filter(is_active=filters.active)
    return products.order_by("code")


def product(product_pk: int) -> ProductService:
    """One product or service (raises DoesNotExist)."""
    return ProductService.objects.select_related("owner_unit").get(pk=product_pk)


def segments_using(product: ProductService) -> QuerySet[CustomerSegment]:
    return product.segments.order_by("order", "code")


def journeys_of_product(product: ProductService) -> QuerySet[JourneyMap]:
    return (
        JourneyMap.objects.filter(service=product)
        .select_related("segment")
        .annotate(stage_count=Count("stages"))
    )


# --- segments --------------------------------------------------------------------------------


def segment_list(search: str = "") -> QuerySet[CustomerSegment]:
    """Segments with `voc_count`, in their order."""
    segments = CustomerSegment.objects.annotate(voc_count=Count("voices"))
    text = search.strip()
    if text:
        segments = segments.filter(
            Q(code__icontains=text)
            | Q(name_th__icontains=text)
            | Q(name_en__icontains=text)
            | Q(description__icontains=text)
            | Q(needs__icontains=text)
        )
    return segments.order_by("order", "code")


def revenue_share_total() -> Decimal:
    """The revenue shares of all segments added up (over 100 means the profile is wrong)."""
    total = CustomerSegment.objects.aggregate(total=Sum("revenue_share"))["total"]
    return total or Decimal(0)


def segment(segment_pk: int) -> CustomerSegment:
    """One segment with the products and services it uses (raises DoesNotExist)."""
    return CustomerSegment.objects.prefetch_related(
        Prefetch("products", queryset=ProductService.objects.order_by("code"))
    ).get(pk=segment_pk)


def channels_hearing(segment: CustomerSegment) -> QuerySet[ListeningChannel]:
    return segment.channels.select_related("owner_unit").order_by("code")


def latest_voc_of(segment: CustomerSegment, limit: int = 10) -> list[VoiceOfCustomer]:
    return list(segment.voices.select_related("channel").order_by("-heard_on", "-id")[:limit])


def journeys_of_segment(segment: CustomerSegment) -> QuerySet[JourneyMap]:
    return segment.journey_maps.select_related("service").annotate(stage_count=Count("stages"))


# --- listening channels ----------------------------------------------------------------------

DIRECT, INDIRECT = "direct", "indirect"


@dataclass
class ChannelFilters:
    search: str = ""
    reach: str = ""  # DIRECT or INDIRECT
    kind: str = ""
    owner_unit: int | None = None
    active: bool | None = None


def channel_filters_from_query(query) -> ChannelFilters:
    """Keys: q, reach (direct or indirect), kind, owner_unit (id), active ("1" or "0")."""
    return ChannelFilters(
        search=query.get("q", "").strip(),
        reach=_choice(query.get("reach", ""), (DIRECT, INDIRECT)),
        kind=_choice(query.get("kind", ""), ListeningChannel.Kind.values),
        owner_unit=positive_int(query.get("owner_unit")),
        active=_bool_or_none(query.get("active")),
    )


def channel_list(filters: ChannelFilters | None = None) -> QuerySet[ListeningChannel]:
    """Channels with their owner, the segments they hear and `voc_count`, direct ones first."""
    filters = filters or ChannelFilters()
    channels = (
        ListeningChannel.objects.select_related("owner_unit")
        .prefetch_related(
            Prefetch("segments", queryset=CustomerSegment.objects.order_by("order", "code"))
        )
        .annotate(voc_count=Count("voices"))
    )
    if filters.search:
        text = filters.search
        channels = channels.filter(
            Q(code__icontains=text)
            | Q(name_th__icontains=text)
            | Q(name_en__icontains=text)
            | Q(practice__icontains=text)
        )
    direct = [str(kind) for kind in ListeningChannel.DIRECT_KINDS]
    if filters.reach == DIRECT:
        channels = channels.filter(kind__in=direct)
    elif filters.reach == INDIRECT:
        channels = channels.exclude(kind__in=direct)
    if filters.kind:
        channels = channels.filter(kind=filters.kind)
    if filters.owner_unit:
        channels = channels.filter(owner_unit_id=filters.owner_unit)
    if filters.active is not None:
        channels = channels.filter(is_active=filters.active)
    return channels.order_by("code")


def group_by_reach(channels) -> list[tuple[str, str, list[ListeningChannel]]]:
    """(reach, label, channels) for the direct and the indirect channels, empty groups left out."""
    groups = [
        (DIRECT, _("Direct: the customer speaks to the organization"), []),
        (
            INDIRECT,
            _("Indirect: learned from competitors, comparators, stakeholders, media, data"),
            [],
        ),
    ]
    for channel in channels:
        groups[0 if channel.is_direct else 1][2].append(channel)
    return [group for group in groups if group[2]]


def channel(channel_pk: int) -> ListeningChannel:
    """One channel with its owner and the segments it hears (raises DoesNotExist)."""
    return (
        ListeningChannel.objects.select_related("owner_unit")
        .prefetch_related(
            Prefetch("segments", queryset=CustomerSegment.objects.order_by("order", "code"))
        )
        .get(pk=channel_pk)
    )


@dataclass(frozen=True)
class CategoryCount:
    category: str
    label: str
    count: int


def voc_count_by_category(
    *, channel: ListeningChannel | None = None, segment: CustomerSegment | None = None
) -> list[CategoryCount]:
    """How many VOC fall in each of the four categories (all four listed), in one query."""
    voices = VoiceOfCustomer.objects.all()
    if channel is not None:
        voices = voices.filter(channel=channel)
    if segment is not None:
        voices = voices.filter(segment=segment)
    counts = dict(voices.values_list("category").annotate(n=Count("id")).order_by())
    return [
        CategoryCount(value, label, counts.get(value, 0)) for value, label in VocCategory.choices
    ]


# --- voice of the customer -------------------------------------------------------------------


@dataclass
class VocFilters:
    """What a person can narrow the VOC list by; every field optional."""

    search: str = ""
    segment: int | None = None
    channel: int | None = None
    category: str = ""
    sentiment: str = ""
    status: str = ""
    importance_min: int | None = None
    heard_from: dt.date | None = None
    heard_to: dt.date | None = None
    fiscal_year: FiscalYear | None = None


VOC_FILTER_KEYS = (
    "q",
    "segment",
    "channel",
    "category",
    "sentiment",
    "status",
    "importance",
    "heard_from",
    "heard_to",
    "fiscal_year",
)


def voc_filters_from_query(query, *, start_month: int | None = None) -> VocFilters:
    """VocFilters from request.GET or DRF query_params.

    Keys: q (topic or details), segment and channel (ids), category, sentiment, status,
    importance (at least), heard_from and heard_to (21/11/2569 or 2026-11-21) and
    fiscal_year (B.E.). Unknown or malformed values are ignored, so a hand-edited link
    narrows nothing rather than failing.
    """
    importance = positive_int(query.get("importance"))
    return VocFilters(
        search=query.get("q", "").strip(),
        segment=positive_int(query.get("segment")),
        channel=positive_int(query.get("channel")),
        category=_choice(query.get("category", ""), VocCategory.values),
        sentiment=_choice(query.get("sentiment", ""), VoiceOfCustomer.Sentiment.values),
        status=_choice(query.get("status", ""), VoiceOfCustomer.Status.values),
        importance_min=importance if importance and importance <= 5 else None,
        heard_from=_date_or_none(query.get("heard_from")),
        heard_to=_date_or_none(query.get("heard_to")),
        fiscal_year=_fiscal_year_or_none(
            query.get("fiscal_year"), start_month or fiscal_start_month()
        ),
    )


def voc_list(filters: VocFilters | None = None) -> QuerySet[VoiceOfCustomer]:
    """The VOC the filters select, newest first, with channel, segment and response owner."""
    filters = filters or VocFilters()
    voices = VoiceOfCustomer.objects.select_related("channel", "segment", "response_owner")
    if filters.search:
        # Thai has no spaces between words: match the text anywhere.
        voices = voices.filter(
            Q(topic__icontains=filters.search) | Q(description__icontains=filters.search)
        )
    if filters.segment:
        voices = voices.filter(segment_id=filters.segment)
    if filters.channel:
        voices = voices.filter(channel_id=filters.channel)
    if filters.category:
        voices = voices.filter(category=filters.category)
    if filters.sentiment:
        voices = voices.filter(sentiment=filters.sentiment)
    if filters.status:
        voices = voices.filter(status=filters.status)
    if filters.importance_min:
        voices = voices.filter(importance__gte=filters.importance_min)
    if filters.heard_from:
        voices = voices.filter(heard_on__gte=filters.heard_from)
    if filters.heard_to:
        voices = voices.filter(heard_on__lte=filters.heard_to)
    if filters.fiscal_year:
        voices = voices.filter(heard_on__range=(filters.fiscal_year.start, filters.fiscal_year.end))
    return voices.order_by("-heard_on", "-id")


def voc(voc_pk: int) -> VoiceOfCustomer:
    """One VOC with its channel, segment and response owner (raises DoesNotExist)."""
    return VoiceOfCustomer.objects.select_related(
        "channel__owner_unit", "segment", "response_owner"
    ).get(pk=voc_pk)


def voc_fiscal_years(start_month: int | None = None) -> list[int]:
    """Fiscal years (B.E.) from the first VOC heard to the current year, newest first."""
    start_month = start_month or fiscal_start_month()
    current = current_fiscal_year(start_month).year
    span = VoiceOfCustomer.objects.aggregate(first=Min("heard_on"), last=Max("heard_on"))
    first = FiscalYear.containing(span["first"], start_month).year if span["first"] else current
    last = FiscalYear.containing(span["last"], start_month).year if span["last"] else current
    return list(range(max(last, current), min(first, current) - 1, -1))


# --- the VOC comparison across the four categories (criterion 2 level 2) ---------------------


@dataclass(frozen=True)
class CategoryCell:
    """The VOC of one segment (or all) in one category."""

    category: str
    label: str
    count: int
    mean_importance: Decimal | None  # 1-5, one decimal; None without VOC
    negative_share: Decimal | None  # percent of the VOC that are negative, one decimal
    rank: int | None = None  # 1 = the highest mean importance of the row; ties share a rank

    @property
    def is_top(self) -> bool:
        return self.rank == 1

    @property
    def bar_percent(self) -> int:
        """The mean importance as a share of the scale's top (5), for a bar."""
        return int(self.mean_importance * 20) if self.mean_importance is not None else 0


@dataclass(frozen=True)
class ComparisonRow:
    segment: CustomerSegment | None  # None: all segments
    cells: list[CategoryCell]

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells)

    @property
    def top(self) -> list[CategoryCell]:
        """The category (or tied categories) of the highest mean importance."""
        return [cell for cell in self.cells if cell.is_top]


@dataclass(frozen=True)
class VocComparison:
    fiscal_year: FiscalYear
    rows: list[ComparisonRow]  # one per segment
    all_segments: ComparisonRow
    categories: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.all_segments.total == 0

    @property
    def rows_with_total(self) -> list[ComparisonRow]:
        """The segments' rows and the "all segments" row last, as the table shows them."""
        return [*self.rows, self.all_segments]


@dataclass
class _Tally:
    count: int = 0
    importance: int = 0
    negative: int = 0

    def add(self, count: int, importance: int, negative: int) -> None:
        self.count += count
        self.importance += importance
        self.negative += negative


def _row(segment, tallies: dict[str, _Tally]) -> ComparisonRow:
    exact = {
        category: Decimal(tally.importance) / Decimal(tally.count)
        for category, tally in tallies.items()
        if tally.count
    }
    # Competition ranking: ties share a rank and the next rank skips (1, 1, 3).
    ranks = {
        category: 1 + sum(1 for other in exact.values() if other > mean)
        for category, mean in exact.items()
    }
    cells = []
    for value, label in VocCategory.choices:
        tally = tallies.get(value, _Tally())
        cells.append(
            CategoryCell(
                category=value,
                label=str(label),
                count=tally.count,
                mean_importance=_one_decimal(exact[value]) if value in exact else None,
                negative_share=(
                    _one_decimal(Decimal(tally.negative * 100) / Decimal(tally.count))
                    if tally.count
                    else None
                ),
                rank=ranks.get(value),
            )
        )
    return ComparisonRow(segment=segment, cells=cells)


def voc_comparison(
    fiscal_year: FiscalYear | int | None = None,
    segment: CustomerSegment | int | None = None,
    *,
    start_month: int | None = None,
) -> VocComparison:
    """Count, mean importance and share of negative VOC per segment and category, in one year.

    `fiscal_year` is a FiscalYear or its B.E. number (default: the current one, by the scope
    organization's fiscal year start unless `start_month` is given); `segment` narrows the
    table to one segment. Two queries: the segments and one aggregate of the VOC. The
    "all segments" row adds up the rows shown, its mean weighted by the number of VOC.
    """
    if not isinstance(fiscal_year, FiscalYear):
        start_month = start_month or fiscal_start_month()
        fiscal_year = (
            FiscalYear.named(int(fiscal_year), start_month)
            if fiscal_year
            else current_fiscal_year(start_month)
        )
    segment_id = segment.pk if isinstance(segment, CustomerSegment) else segment
    segments = CustomerSegment.objects.order_by("order", "code")
    voices = VoiceOfCustomer.objects.filter(heard_on__range=(fiscal_year.start, fiscal_year.end))
    if segment_id:
        segments = segments.filter(pk=segment_id)
        voices = voices.filter(segment_id=segment_id)
    figures = (
        voices.values("segment_id", "category")
        .annotate(
            n=Count("id"),
            importance=Sum("importance"),
            negative=Count("id", filter=Q(sentiment=VoiceOfCustomer.Sentiment.NEGATIVE)),
        )
        .order_by()
    )
    by_segment: dict[int, dict[str, _Tally]] = {}
    overall: dict[str, _Tally] = {}
    for figure in figures:
        numbers = (figure["n"], figure["importance"] or 0, figure["negative"])
        by_segment.setdefault(figure["segment_id"], {}).setdefault(
            figure["category"], _Tally()
        ).add(*numbers)
        overall.setdefault(figure["category"], _Tally()).add(*numbers)
    rows = [_row(s, by_segment.get(s.pk, {})) for s in segments]
    return VocComparison(
        fiscal_year=fiscal_year,
        rows=rows,
        all_segments=_row(None, overall),
        categories=[(value, str(label)) for value, label in VocCategory.choices],
    )
