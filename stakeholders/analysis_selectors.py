"""Reads behind the analysis pages: the power-interest grid, the roll-up from departments to
business lines, and the voice-of-stakeholders matrix. Each costs a fixed number of queries
whatever the number of stakeholders (the counting happens in the database)."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Max, Q, When
from django.utils import timezone

from seam_scm.tenancy.models import OrgUnit

from .models import (
    Quadrant,
    Stakeholder,
    StakeholderGroup,
    StakeholderUnit,
    VoiceOfStakeholder,
    quadrant_for,
    stale_before,
)
from .selectors import (
    QUADRANT_FILTERS,
    StakeholderFilters,
    incomplete_q,
    review_months,
    stakeholder_list,
)

SCALE = range(1, 6)


# --- power-interest grid -------------------------------------------------------------------


@dataclass
class GridCell:
    influence: int
    interest: int
    quadrant: Quadrant
    stakeholders: list[Stakeholder] = field(default_factory=list)


@dataclass
class Grid:
    """Rows from the highest influence (5) down; columns from the lowest interest (1) up."""

    rows: list[list[GridCell]]
    counts: dict[str, int]
    total: int

    @property
    def quadrant_counts(self) -> list[tuple[Quadrant, int]]:
        return [(quadrant, self.counts[quadrant.value]) for quadrant in Quadrant]


def power_interest_grid(filters: StakeholderFilters | None = None) -> Grid:
    cells = {
        (influence, interest): GridCell(influence, interest, quadrant_for(influence, interest))
        for influence in SCALE
        for interest in SCALE
    }
    counts = {quadrant.value: 0 for quadrant in Quadrant}
    stakeholders = list(stakeholder_list(filters))
    for stakeholder in stakeholders:
        cell = cells[(stakeholder.influence, stakeholder.interest)]
        cell.stakeholders.append(stakeholder)
        counts[cell.quadrant] += 1
    rows = [[cells[(influence, interest)] for interest in SCALE] for influence in reversed(SCALE)]
    return Grid(rows=rows, counts=counts, total=len(stakeholders))


# --- roll-up from departments to business lines --------------------------------------------


def _prefixed(condition: Q, prefix: str) -> Q:
    """The same condition on a related model: influence__gte=4 -> stakeholder__influence__gte=4."""
    copy = Q()
    copy.connector, copy.negated = condition.connector, condition.negated
    copy.children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1])
        for child in condition.children
    ]
    return copy


def _counts(prefix: str, cutoff: dt.date) -> dict:
    """Distinct stakeholders: all, per quadrant, stale and incomplete."""
    counted = f"{prefix}id" if prefix else "id"
    stale = Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff)
    incomplete = Q(id__in=Stakeholder.objects.filter(incomplete_q()).values("id"))

    def count(condition: Q | None = None) -> Count:
        where = _prefixed(condition, prefix) if condition is not None else None
        return Count(counted, distinct=True, filter=where)

    return {
        "total": count(),
        **{quadrant.value: count(QUADRANT_FILTERS[quadrant]) for quadrant in Quadrant},
        "stale": count(stale),
        "incomplete": count(incomplete),
    }


@dataclass
class RollupRow:
    unit: OrgUnit | None
    total: int = 0
    manage_closely: int = 0
    keep_satisfied: int = 0
    keep_informed: int = 0
    monitor: int = 0
    stale: int = 0
    incomplete: int = 0

    @classmethod
    def of(cls, unit: OrgUnit | None, counts: dict | None) -> "RollupRow":
        return cls(unit, **{k: v for k, v in (counts or {}).items() if k != "group_id"})


@dataclass
class LineRollup:
    line: RollupRow
    departments: list[RollupRow]


@dataclass
class Rollup:
    lines: list[LineRollup]
    organization: RollupRow
    not_linked: int


def rollup(today: dt.date | None = None) -> Rollup:
    """Every business line with its departments. A department counts the stakeholders linked
    to it or to its divisions; a line counts those linked to itself, its departments or their
    divisions, each stakeholder once however many of its units deal with them."""
    cutoff = stale_before(review_months(), today or timezone.localdate())
    counts = _counts("stakeholder__", cutoff)
    kind = "unit__kind"
    by_department = {
        row.pop("group_id"): row
        for row in StakeholderUnit.objects.exclude(**{kind: OrgUnit.Kind.LINE})
        .annotate(
            group_id=Case(
                When(**{kind: OrgUnit.Kind.DEPARTMENT}, then=F("unit_id")),
                default=F("unit__parent_id"),
                output_field=IntegerField(),
            )
        )
        .values("group_id")
        .annotate(**counts)
        .order_by()
    }
    by_line = {
        row.pop("group_id"): row
        for row in StakeholderUnit.objects.annotate(
            group_id=Case(
                When(**{kind: OrgUnit.Kind.LINE}, then=F("unit_id")),
                When(**{kind: OrgUnit.Kind.DEPARTMENT}, then=F("unit__parent_id")),
                default=F("unit__parent__parent_id"),
                output_field=IntegerField(),
            )
        )
        .values("group_id")
        .annotate(**counts)
        .order_by()
    }
    whole = Stakeholder.objects.aggregate(
        **_counts("", cutoff), not_linked=Count("id", filter=Q(unit_links__isnull=True))
    )
    not_linked = whole.pop("not_linked")
    units = OrgUnit.objects.filter(kind__in=[OrgUnit.Kind.LINE, OrgUnit.Kind.DEPARTMENT]).order_by(
        "code"
    )
    departments: dict[int, list[OrgUnit]] = {}
    lines = []
    for unit in units:
        if unit.kind == OrgUnit.Kind.LINE:
            lines.append(unit)
        else:
            departments.setdefault(unit.parent_id, []).append(unit)
    return Rollup(
        lines=[
            LineRollup(
                line=RollupRow.of(line, by_line.get(line.pk)),
                departments=[
                    RollupRow.of(department, by_department.get(department.pk))
                    for department in departments.get(line.pk, [])
                ],
            )
            for line in lines
        ],
        organization=RollupRow.of(None, whole),
        not_linked=not_linked,
    )


# --- voice of stakeholders matrix ----------------------------------------------------------


@dataclass
class VosRow:
    group: StakeholderGroup
    positive: int = 0
    negative: int = 0

    @property
    def total(self) -> int:
        return self.positive + self.negative


@dataclass
class VosMatrix:
    rows: list[VosRow]
    positive: int
    negative: int
    top_topics: list[dict]

    @property
    def total(self) -> int:
        return self.positive + self.negative


def vos_matrix(top: int = 10) -> VosMatrix:
    """Rows: stakeholder groups; columns: positive and negative voices; plus the topics heard
    most often (then the most important)."""
    polarity = VoiceOfStakeholder.Polarity
    counts = {
        row["stakeholder__group_id"]: row
        for row in VoiceOfStakeholder.objects.values("stakeholder__group_id")
        .annotate(
            positive=Count("id", filter=Q(polarity=polarity.POSITIVE)),
            negative=Count("id", filter=Q(polarity=polarity.NEGATIVE)),
        )
        .order_by()
    }
    rows = [
        VosRow(
            group,
            positive=counts.get(group.pk, {}).get("positive", 0),
            negative=counts.get(group.pk, {}).get("negative", 0),
        )
        for group in StakeholderGroup.objects.order_by("order", "code")
    ]
    topics = list(
        VoiceOfStakeholder.objects.values("topic", "polarity")
        .annotate(count=Count("id"), importance=Max("importance"))
        .order_by("-count", "-importance", "topic")[:top]
    )
    labels = dict(polarity.choices)
    for topic in topics:
        topic["polarity_label"] = labels[topic["polarity"]]
    return VosMatrix(
        rows=rows,
        positive=sum(row.positive for row in rows),
        negative=sum(row.negative for row in rows),
        top_topics=topics,
    )


def voice_list(*, group: int | None = None, polarity: str = "", search: str = ""):
    """Voices behind a cell of the matrix, newest first."""
    voices = VoiceOfStakeholder.objects.select_related("stakeholder__group", "owner_unit")
    if group:
        voices = voices.filter(stakeholder__group_id=group)
    if polarity in VoiceOfStakeholder.Polarity.values:
        voices = voices.filter(polarity=polarity)
    if search.strip():
        text = search.strip()
        voices = voices.filter(
            Q(topic__icontains=text)
            | Q(description__icontains=text)
            | Q(stakeholder__name_th__icontains=text)
            | Q(stakeholder__code__icontains=text)
        )
    return voices.order_by("-heard_on", "-id")
