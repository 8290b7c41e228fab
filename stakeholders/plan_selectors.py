"""Reads of relationship plans: the list, one plan with its items and progress, and progress
rolled up by owner unit for a fiscal year. Each costs a fixed number of queries."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

from seam_scm.approvals.models import DocumentVersion, VersionStatus
from seam_scm.thai.dates import FiscalYear, current_fiscal_year

from .models import PlanItem, PlanItemProgress, RelationshipPlan

DONE = 100


def plan_list(fiscal_year: int | None = None) -> list[RelationshipPlan]:
    """Plans, each with `latest_version` and `approved_version` (or None); versions carry
    `item_count`."""
    versions = DocumentVersion.objects.annotate(item_count=Count("plan_items")).order_by("-number")
    plans = RelationshipPlan.objects.select_related("business_line", "document").prefetch_related(
        Prefetch("document__versions", queryset=versions, to_attr="ordered_versions")
    )
    if fiscal_year:
        plans = plans.filter(fiscal_year=fiscal_year)
    plans = list(plans.order_by("-fiscal_year", "business_line__code"))
    for plan in plans:
        ordered = plan.document.ordered_versions
        plan.latest_version = ordered[0] if ordered else None
        plan.approved_version = next(
            (v for v in ordered if v.status == VersionStatus.APPROVED), None
        )
    return plans


def plan_years() -> list[int]:
    return list(
        RelationshipPlan.objects.order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )


def items_of(version: DocumentVersion) -> QuerySet[PlanItem]:
    return version.plan_items.select_related(
        "stakeholder__group", "group", "voice", "owner_unit", "referenced_plan"
    ).order_by("id")


@dataclass
class PlanView:
    plan: RelationshipPlan
    versions: list[DocumentVersion]
    latest: DocumentVersion
    approved: DocumentVersion | None
    items: list[PlanItem] = field(default_factory=list)
    total_budget: Decimal = Decimal(0)
    average_progress: float | None = None

    @property
    def is_editable(self) -> bool:
        return self.latest.is_editable


def plan_view(plan: RelationshipPlan) -> PlanView:
    """The latest version's items, each with `.progress` (or None) and `.progress_allowed`:
    progress is recorded on items that are part of the approved version."""
    versions = list(plan.document.versions.select_related("approval").order_by("-number"))
    approved = next((v for v in versions if v.status == VersionStatus.APPROVED), None)
    view = PlanView(plan=plan, versions=versions, latest=versions[0], approved=approved)
    progress = {row.item_key: row for row in plan.progress.all()}
    approved_keys = (
        set(approved.plan_items.values_list("key", flat=True)) if approved is not None else set()
    )
    view.items = list(items_of(view.latest))
    for item in view.items:
        item.progress = progress.get(item.key)
        item.progress_allowed = item.key in approved_keys
    view.total_budget = sum((item.budget for item in view.items), Decimal(0))
    if approved_keys:
        percents = [progress[k].percent if k in progress else 0 for k in approved_keys]
        view.average_progress = sum(percents) / len(percents)
    return view


def _progress_percent():
    return Coalesce(
        Subquery(
            PlanItemProgress.objects.filter(
                plan__document_id=OuterRef("version__document_id"), item_key=OuterRef("key")
            ).values("percent")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def versions_in_force(fiscal_year: int) -> list[int]:
    """Per plan of the year: the approved version, or the latest one while none is approved."""
    chosen: dict[int, tuple[int, int, bool]] = {}
    rows = DocumentVersion.objects.filter(
        document__relationship_plan__fiscal_year=fiscal_year
    ).values_list("id", "document_id", "number", "status")
    for version_id, document_id, number, status in rows:
        rank = (status == VersionStatus.APPROVED, number)
        if document_id not in chosen or rank > chosen[document_id][1:]:
            chosen[document_id] = (version_id, *rank)
    return sorted(version_id for version_id, *_ in chosen.values())


@dataclass
class UnitProgress:
    unit_id: int | None
    unit_code: str
    unit_name: str
    items: int
    average_progress: float
    done: int
    budget: Decimal


def plan_progress_by_unit(fiscal_year: int) -> tuple[list[UnitProgress], UnitProgress | None]:
    """Per owner unit, over the plans in force in the year: items, average progress (an item
    with no progress recorded counts as 0%), items done (100%) and budget; and the total."""
    rows = (
        PlanItem.objects.filter(version_id__in=versions_in_force(fiscal_year))
        .annotate(percent=_progress_percent())
        .values("owner_unit_id", "owner_unit__code", "owner_unit__name_th", "owner_unit__name_en")
        .annotate(
            item_count=Count("id"),
            average=Avg("percent"),
            done=Count("id", filter=Q(percent__gte=DONE)),
            budget_total=Sum("budget"),
        )
        .order_by("owner_unit__code")
    )
    english = get_language() == "en"
    units = [
        UnitProgress(
            unit_id=row["owner_unit_id"],
            unit_code=row["owner_unit__code"],
            unit_name=(english and row["owner_unit__name_en"]) or row["owner_unit__name_th"],
            items=row["item_count"],
            average_progress=float(row["average"] or 0),
            done=row["done"],
            budget=row["budget_total"] or Decimal(0),
        )
        for row in rows
    ]
    if not units:
        return units, None
    items = sum(u.items for u in units)
    total = UnitProgress(
        unit_id=None,
        unit_code="",
        unit_name="",
        items=items,
        average_progress=sum(u.average_progress * u.items for u in units) / items,
        done=sum(u.done for u in units),
        budget=sum((u.budget for u in units), Decimal(0)),
    )
    return units, total


def chosen_fiscal_year(value, start_month: int) -> FiscalYear:
    """The fiscal year asked for in a query string (B.E.), or the current one."""
    try:
        return FiscalYear.named(int(value), start_month)
    except (TypeError, ValueError):
        return current_fiscal_year(start_month)
