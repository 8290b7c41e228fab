"""Reads of the stakeholder database: the filtered list every view, export and API shares."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from seam_scm.forms import positive_int

from .models import (
    COMPLETENESS,
    HIGH,
    Quadrant,
    Stakeholder,
    StakeholderSettings,
    stale_before,
)


def review_months() -> int:
    """The organization's review period (the scope says which organization)."""
    settings = StakeholderSettings.objects.first()
    return settings.review_months if settings else 12


QUADRANT_FILTERS = {
    Quadrant.MANAGE_CLOSELY: Q(influence__gte=HIGH, interest__gte=HIGH),
    Quadrant.KEEP_SATISFIED: Q(influence__gte=HIGH, interest__lt=HIGH),
    Quadrant.KEEP_INFORMED: Q(influence__lt=HIGH, interest__gte=HIGH),
    Quadrant.MONITOR: Q(influence__lt=HIGH, interest__lt=HIGH),
}


@dataclass
class StakeholderFilters:
    """What a person can narrow the list by; every field optional."""

    search: str = ""
    group: int | None = None
    unit: int | None = None
    quadrant: str = ""
    side: str = ""
    with_gap: bool = False
    stale: bool = False
    incomplete: bool = False
    today: dt.date = field(default_factory=timezone.localdate)


def incomplete_q() -> Q:
    """Rows missing any field a complete profile needs (see models.COMPLETENESS)."""
    missing = Q()
    for requirement in COMPLETENESS:
        if requirement.field in {"units", "representatives"}:
            relation = "unit_links" if requirement.field == "units" else "representatives"
            missing |= Q(**{f"{relation}__isnull": True})
        elif requirement.field == "last_reviewed":
            missing |= Q(last_reviewed__isnull=True)
        else:
            missing |= Q(**{requirement.field: ""})
    return missing


def stakeholder_list(filters: StakeholderFilters | None = None) -> QuerySet[Stakeholder]:
    filters = filters or StakeholderFilters()
    queryset = Stakeholder.objects.select_related("group")
    if filters.search:
        # Thai has no spaces between words: match the whole text anywhere.
        text = filters.search.strip()
        queryset = queryset.filter(
            Q(code__icontains=text)
            | Q(name_th__icontains=text)
            | Q(name_en__icontains=text)
            | Q(key_issues__icontains=text)
        )
    if filters.group:
        queryset = queryset.filter(group_id=filters.group)
    if filters.unit:
        # A business line also finds the stakeholders of its departments and divisions.
        queryset = queryset.filter(
            Q(unit_links__unit_id=filters.unit)
            | Q(unit_links__unit__parent_id=filters.unit)
            | Q(unit_links__unit__parent__parent_id=filters.unit)
        )
    if filters.quadrant in QUADRANT_FILTERS:
        queryset = queryset.filter(QUADRANT_FILTERS[filters.quadrant])
    if filters.side:
        queryset = queryset.filter(side=filters.side)
    if filters.with_gap:
        queryset = queryset.filter(target_level__gt=F("current_level"))
    if filters.stale:
        cutoff = stale_before(review_months(), filters.today)
        queryset = queryset.filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff))
    if filters.incomplete:
        queryset = queryset.filter(incomplete_q())
    return queryset.distinct().order_by("code")


def missing_fields(stakeholder: Stakeholder) -> list[str]:
    """Labels of what a complete profile still needs (uses prefetched relations if present)."""
    missing = []
    for requirement in COMPLETENESS:
        if requirement.field == "units":
            present = bool(stakeholder.unit_links.all())
        elif requirement.field == "representatives":
            present = bool(stakeholder.representatives.all())
        else:
            present = bool(getattr(stakeholder, requirement.field))
        if not present:
            missing.append(str(requirement.label))
    return missing


# --- filters from a query string (list page, export, API) ----------------------------------

_TRUE = {"1", "on", "true", "yes"}


def filters_from_query(query) -> StakeholderFilters:
    """StakeholderFilters from request.GET or DRF query_params.

    Keys: q (search), group and unit (ids), quadrant, side, and the switches gap,
    stale and incomplete ("1", "on", "true"). Unknown or malformed values are
    ignored, so a hand-edited link narrows nothing rather than failing.
    """
    quadrant = query.get("quadrant", "")
    side = query.get("side", "")
    return StakeholderFilters(
        search=query.get("q", "").strip(),
        group=positive_int(query.get("group")),
        unit=positive_int(query.get("unit")),
        quadrant=quadrant if quadrant in Quadrant.values else "",
        side=side if side in Stakeholder.Side.values else "",
        with_gap=query.get("gap", "").lower() in _TRUE,
        stale=query.get("stale", "").lower() in _TRUE,
        incomplete=query.get("incomplete", "").lower() in _TRUE,
    )
