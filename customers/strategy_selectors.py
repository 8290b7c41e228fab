"""Reads of the customer and market strategy and of review meetings: the strategy list, one
strategy with the version shown, its cascade matrix and communications, and whether live data
backs criterion 1.1 level 3. Each costs a fixed number of queries, whatever the number of rows.
"""

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from seam_scm.approvals.models import OPEN_STATUSES, DocumentVersion, VersionStatus
from seam_scm.readiness import Check, Readiness
from seam_scm.thai.dates import FiscalYear, format_date

from .models import (
    ActionPlanItem,
    CustomerStrategy,
    KpiCascade,
    PlanCommunication,
    ReviewMeeting,
    StrategicObjective,
)

CRITERION, LEVEL = "1.1", 3

# The components criterion 1.1 level 3 expects of every action plan item ("ที่มีองค์ประกอบ
# ครบถ้วน"); partners are named only where there are some.
COMPONENTS = (
    ("objective", gettext_lazy("objective")),
    ("project", gettext_lazy("project")),
    ("owner_unit_id", gettext_lazy("owner unit")),
    ("kpi", gettext_lazy("KPI")),
    ("target", gettext_lazy("target")),
    ("budget", gettext_lazy("budget")),
)


def missing_components(item: ActionPlanItem) -> list[str]:
    """The components an item still lacks, in the reader's language."""
    missing = []
    for name, label in COMPONENTS:
        value = getattr(item, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(str(label))
    return missing


# --- one version's content -----------------------------------------------------------------


@dataclass
class AnnualPlan:
    fiscal_year: int
    items: list[ActionPlanItem]

    @property
    def budget(self) -> Decimal:
        return sum((i.budget or Decimal(0) for i in self.items), Decimal(0))


@dataclass
class VersionContent:
    """A strategy version's objectives and action plans, ready to show.

    Each item carries `strategic_objective` (the objective of the same version it serves, or
    None) and `missing` (components it lacks)."""

    version: DocumentVersion
    objectives: list[StrategicObjective]
    long_term: list[ActionPlanItem]
    annual: list[AnnualPlan]

    @property
    def items(self) -> list[ActionPlanItem]:
        return [*self.long_term, *(i for plan in self.annual for i in plan.items)]

    @property
    def total_budget(self) -> Decimal:
        return sum((i.budget or Decimal(0) for i in self.items), Decimal(0))

    @property
    def incomplete(self) -> list[ActionPlanItem]:
        return [i for i in self.items if i.missing]

    @property
    def is_empty(self) -> bool:
        return not self.objectives and not self.long_term and not self.annual


def _content(version, objectives: list, items: list) -> VersionContent:
    by_key = {o.key: o for o in objectives}
    long_term, annual = [], defaultdict(list)
    for item in items:
        item.strategic_objective = by_key.get(item.objective_key)
        item.missing = missing_components(item)
        if item.horizon == ActionPlanItem.Horizon.LONG_TERM:
            long_term.append(item)
        else:
            annual[item.fiscal_year].append(item)
    plans = [AnnualPlan(year, annual[year]) for year in sorted(annual, key=lambda y: y or 0)]
    return VersionContent(version, objectives, long_term, plans)


def version_content(version: DocumentVersion) -> VersionContent:
    """Two queries: the objectives, and the items with their owner units."""
    objectives = list(version.strategic_objectives.order_by("order", "id"))
    items = list(
        version.action_plan_items.select_related("owner_unit").order_by(
            "horizon", "fiscal_year", "id"
        )
    )
    return _content(version, objectives, items)


# --- strategies with everything their readiness needs ---------------------------------------


@dataclass
class StrategyFacts:
    """A strategy with its versions (newest first) and, for its reference version (the approved
    one, else the latest), objectives and items; and its cascades and communications."""

    strategy: CustomerStrategy
    versions: list[DocumentVersion]
    objectives: list[StrategicObjective] = field(default_factory=list)
    items: list[ActionPlanItem] = field(default_factory=list)
    cascades: list[KpiCascade] = field(default_factory=list)
    communications: list[PlanCommunication] = field(default_factory=list)
    readiness: Readiness | None = None

    @property
    def latest(self) -> DocumentVersion:
        return self.versions[0]

    @property
    def approved(self) -> DocumentVersion | None:
        return next((v for v in self.versions if v.status == VersionStatus.APPROVED), None)

    @property
    def reference(self) -> DocumentVersion:
        return self.approved or self.latest

    @property
    def open_version(self) -> DocumentVersion | None:
        """The version being prepared (draft, submitted or returned), if any."""
        return next((v for v in self.versions if v.status in OPEN_STATUSES), None)

    @property
    def approval(self):
        approved = self.approved
        return getattr(approved, "approval", None) if approved else None


def load_strategies(strategies: list[CustomerStrategy]) -> list[StrategyFacts]:
    """Five queries for any number of strategies."""
    if not strategies:
        return []
    versions_by_document: dict[int, list[DocumentVersion]] = defaultdict(list)
    for version in (
        DocumentVersion.objects.filter(document_id__in=[s.document_id for s in strategies])
        .select_related("approval")
        .order_by("document_id", "-number")
    ):
        versions_by_document[version.document_id].append(version)
    facts = [StrategyFacts(s, versions_by_document[s.document_id]) for s in strategies]
    by_reference = {f.reference.pk: f for f in facts}
    for objective in StrategicObjective.objects.filter(version_id__in=by_reference).order_by(
        "order", "id"
    ):
        by_reference[objective.version_id].objectives.append(objective)
    for item in (
        ActionPlanItem.objects.filter(version_id__in=by_reference)
        .select_related("owner_unit")
        .order_by("horizon", "fiscal_year", "id")
    ):
        by_reference[item.version_id].items.append(item)
    by_strategy = {f.strategy.pk: f for f in facts}
    for cascade in KpiCascade.objects.filter(strategy_id__in=by_strategy).select_related(
        "unit", "evidence"
    ):
        by_strategy[cascade.strategy_id].cascades.append(cascade)
    for communication in PlanCommunication.objects.filter(
        strategy_id__in=by_strategy
    ).select_related("version", "evidence"):
        by_strategy[communication.strategy_id].communications.append(communication)
    for fact in facts:
        _content(fact.reference, fact.objectives, fact.items)  # marks strategic_objective, missing
    return facts


def _strategies() -> QuerySet[CustomerStrategy]:
    return CustomerStrategy.objects.select_related("document", "organization")


def strategy_list(today: dt.date | None = None) -> list[StrategyFacts]:
    """Every strategy, newest period first, each with its `readiness`."""
    facts = load_strategies(list(_strategies().order_by("-first_year")))
    for fact in facts:
        fact.readiness = readiness_of(fact, today)
    return facts


# --- criterion 1.1 level 3 -----------------------------------------------------------------


def _names(rows, attribute: str, limit: int = 5) -> str:
    names = [str(getattr(row, attribute)).strip()[:60] for row in rows]
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += " " + _("and %(count)s more") % {"count": len(names) - limit}
    return shown


def _strategy_url(strategy: CustomerStrategy, anchor: str = "") -> str:
    url = reverse(
        "customers:strategy_detail",
        kwargs={"org_slug": strategy.organization.slug, "strategy_pk": strategy.pk},
    )
    return f"{url}#{anchor}" if anchor else url


def _approval_check(facts: StrategyFacts) -> Check:
    strategy = facts.strategy
    label = _("Approved by the board or a committee it assigned")
    url = reverse(
        "approvals:document",
        kwargs={"org_slug": strategy.organization.slug, "document_pk": strategy.document_id},
    )
    approval = facts.approval
    if approval is None:
        latest = facts.latest
        detail = _("Not approved yet: version %(number)s is %(status)s.") % {
            "number": latest.number,
            "status": latest.get_status_display().lower(),
        }
        return Check(label, False, detail, url)
    detail = _("%(body)s, meeting %(number)s of %(date)s (version %(version)s)") % {
        "body": approval.approving_body_name,
        "number": approval.meeting_number,
        "date": format_date(approval.meeting_date),
        "version": facts.approved.number,
    }
    return Check(label, True, detail, url)


def _projects(count: int) -> str:
    return ngettext("%(count)s project", "%(count)s projects", count) % {"count": count}


def _long_term_check(facts: StrategyFacts) -> Check:
    items = [i for i in facts.items if i.horizon == ActionPlanItem.Horizon.LONG_TERM]
    detail = _projects(len(items)) if items else _("No project in the long-term action plan.")
    return Check(
        _("A long-term action plan"),
        bool(items),
        detail,
        _strategy_url(facts.strategy, "long-term"),
    )


def _annual_check(facts: StrategyFacts, fiscal_year: int) -> Check:
    strategy = facts.strategy
    url = _strategy_url(strategy, "annual")
    annual = [i for i in facts.items if i.horizon == ActionPlanItem.Horizon.ANNUAL]
    if strategy.first_year <= fiscal_year <= strategy.last_year:
        items = [i for i in annual if i.fiscal_year == fiscal_year]
        label = _("An annual action plan for fiscal year %(year)s") % {"year": fiscal_year}
        detail = (
            _projects(len(items))
            if items
            else _("No project in the annual action plan of fiscal year %(year)s.")
            % {"year": fiscal_year}
        )
        return Check(label, bool(items), detail, url)
    years = sorted({i.fiscal_year for i in annual})
    detail = _("Fiscal year %(year)s is outside the strategy's period.") % {"year": fiscal_year}
    if years:
        detail += " " + _("Annual plans exist for fiscal years %(years)s.") % {
            "years": ", ".join(str(y) for y in years)
        }
    return Check(_("An annual action plan"), bool(years), detail, url)


def _components_check(facts: StrategyFacts) -> Check:
    label = _(
        "Every action plan item has all its components "
        "(objective, project, owner unit, KPI, target, budget)"
    )
    url = _strategy_url(facts.strategy, "long-term")
    if not facts.items:
        return Check(label, False, _("No action plan items yet."), url)
    incomplete = [i for i in facts.items if i.missing]
    if not incomplete:
        detail = ngettext(
            "The %(count)s item is complete.", "All %(count)s items are complete.", len(facts.items)
        ) % {"count": len(facts.items)}
        return Check(label, True, detail, url)
    detail = _("Incomplete: %(items)s") % {
        "items": "; ".join(
            _("%(project)s (missing %(missing)s)")
            % {"project": i.project[:60], "missing": ", ".join(i.missing)}
            for i in incomplete[:5]
        )
        + (" …" if len(incomplete) > 5 else "")
    }
    return Check(label, False, detail, url)


def _recipients(facts: StrategyFacts) -> dict[uuid.UUID, set[str]]:
    kinds: dict[uuid.UUID, set[str]] = defaultdict(set)
    for cascade in facts.cascades:
        kinds[cascade.source_key].add(cascade.recipient_kind)
    return kinds


def _objective_cascade_check(facts: StrategyFacts) -> Check:
    label = _("Every strategic objective's KPI is cascaded to at least one unit")
    url = _strategy_url(facts.strategy, "cascade")
    if not facts.objectives:
        return Check(label, False, _("No strategic objectives yet."), url)
    kinds = _recipients(facts)
    missing = [o for o in facts.objectives if KpiCascade.RecipientKind.UNIT not in kinds[o.key]]
    if missing:
        detail = _("Not cascaded to a unit: %(objectives)s") % {
            "objectives": _names(missing, "kpi")
        }
        return Check(label, False, detail, url)
    detail = ngettext(
        "The %(count)s objective is cascaded.",
        "All %(count)s objectives are cascaded.",
        len(facts.objectives),
    ) % {"count": len(facts.objectives)}
    return Check(label, True, detail, url)


def _item_cascade_check(facts: StrategyFacts) -> Check:
    label = _(
        "Every action plan item's KPI is cascaded to units or staff, and to the partners it names"
    )
    url = _strategy_url(facts.strategy, "cascade")
    if not facts.items:
        return Check(label, False, _("No action plan items yet."), url)
    kinds = _recipients(facts)
    internal = {KpiCascade.RecipientKind.UNIT, KpiCascade.RecipientKind.STAFF}
    not_internal = [i for i in facts.items if not kinds[i.key] & internal]
    not_partner = [
        i
        for i in facts.items
        if i.partners.strip() and KpiCascade.RecipientKind.PARTNER not in kinds[i.key]
    ]
    problems = []
    if not_internal:
        problems.append(
            _("Not cascaded to a unit or staff member: %(items)s")
            % {"items": _names(not_internal, "project")}
        )
    if not_partner:
        problems.append(
            _("Names partners but is not cascaded to them: %(items)s")
            % {"items": _names(not_partner, "project")}
        )
    if problems:
        return Check(label, False, " · ".join(problems), url)
    detail = ngettext(
        "The %(count)s item is cascaded.", "All %(count)s items are cascaded.", len(facts.items)
    ) % {"count": len(facts.items)}
    return Check(label, True, detail, url)


INTERNAL_AUDIENCES = (PlanCommunication.Audience.UNITS, PlanCommunication.Audience.STAFF)


def _communication_check(facts: StrategyFacts) -> Check:
    label = _(
        "The approved plan was communicated to units and staff, and to the partners the plan names"
    )
    url = _strategy_url(facts.strategy, "communications")
    approval = facts.approval
    if approval is None:
        return Check(
            label, False, _("The plan is communicated once the board has approved it."), url
        )
    since = [c for c in facts.communications if c.communicated_on >= approval.meeting_date]
    audiences = {c.audience for c in since}
    needs_partners = any(i.partners.strip() for i in facts.items)
    problems = []
    if not audiences & set(INTERNAL_AUDIENCES):
        problems.append(
            _("Not yet communicated to units or staff since the approval on %(date)s.")
            % {"date": format_date(approval.meeting_date)}
        )
    if needs_partners and PlanCommunication.Audience.PARTNERS not in audiences:
        problems.append(_("Not yet communicated to the partners the plan names."))
    if problems:
        return Check(label, False, " · ".join(problems), url)
    detail = ngettext(
        "%(count)s communication since the approval on %(date)s.",
        "%(count)s communications since the approval on %(date)s.",
        len(since),
    ) % {"count": len(since), "date": format_date(approval.meeting_date)}
    return Check(label, True, detail, url)


def readiness_of(facts: StrategyFacts, today: dt.date | None = None) -> Readiness:
    """Criterion 1.1 level 3, judged on the approved version (else the latest one, and then the
    approval check fails). No queries beyond what `load_strategies` loaded."""
    strategy = facts.strategy
    start_month = strategy.organization.fiscal_year_start_month
    fiscal_year = FiscalYear.containing(today or timezone.localdate(), start_month).year
    return Readiness(
        criterion=CRITERION,
        level=LEVEL,
        title=_("Board-approved strategy, complete action plans, communicated, KPIs cascaded"),
        checks=[
            _approval_check(facts),
            _long_term_check(facts),
            _annual_check(facts, fiscal_year),
            _components_check(facts),
            _objective_cascade_check(facts),
            _item_cascade_check(facts),
            _communication_check(facts),
        ],
    )


def strategy_readiness(strategy: CustomerStrategy, today: dt.date | None = None) -> Readiness:
    """Whether live data backs criterion 1.1 level 3 for this strategy."""
    strategy = _strategies().get(pk=strategy.pk)
    return readiness_of(load_strategies([strategy])[0], today)


def current_strategy(today: dt.date | None = None) -> CustomerStrategy | None:
    """The strategy whose period covers the current fiscal year (in the active scope)."""
    strategies = list(_strategies().order_by("-first_year"))
    if not strategies:
        return None
    start_month = strategies[0].organization.fiscal_year_start_month
    year = FiscalYear.containing(today or timezone.localdate(), start_month).year
    return next((s for s in strategies if s.first_year <= year <= s.last_year), None)


def current_strategy_readiness(today: dt.date | None = None) -> Readiness | None:
    """Criterion 1.1 level 3 for the strategy covering the current fiscal year; None if none."""
    strategy = current_strategy(today)
    if strategy is None:
        return None
    return readiness_of(load_strategies([strategy])[0], today)


# --- the strategy page ---------------------------------------------------------------------


@dataclass
class MatrixRow:
    """One objective's or item's KPI and the cascades made of it, by kind of recipient."""

    level: str
    source: StrategicObjective | ActionPlanItem
    units: list[KpiCascade] = field(default_factory=list)
    staff: list[KpiCascade] = field(default_factory=list)
    partners: list[KpiCascade] = field(default_factory=list)
    cascade_allowed: bool = False  # the key is in the reference version

    @property
    def is_objective(self) -> bool:
        return self.level == KpiCascade.Level.STRATEGY

    @property
    def names_partners(self) -> bool:
        return not self.is_objective and bool(self.source.partners.strip())

    @property
    def needs_internal(self) -> bool:
        """An objective needs a unit; an item a unit or a staff member."""
        if self.is_objective:
            return not self.units
        return not self.units and not self.staff

    @property
    def needs_partner(self) -> bool:
        return self.names_partners and not self.partners


@dataclass
class StrategyPage:
    facts: StrategyFacts
    shown: DocumentVersion
    content: VersionContent
    matrix: list[MatrixRow]
    readiness: Readiness
    orphan_cascades: list[KpiCascade] = field(default_factory=list)

    @property
    def strategy(self) -> CustomerStrategy:
        return self.facts.strategy

    @property
    def is_editable(self) -> bool:
        return self.shown.is_editable


def _matrix(content: VersionContent, facts: StrategyFacts) -> tuple[list[MatrixRow], list]:
    reference_keys = {o.key for o in facts.objectives} | {i.key for i in facts.items}
    rows: dict[uuid.UUID, MatrixRow] = {}
    for objective in content.objectives:
        rows[objective.key] = MatrixRow(KpiCascade.Level.STRATEGY, objective)
    for item in content.items:
        rows[item.key] = MatrixRow(KpiCascade.Level.PLAN, item)
    orphans = []
    for cascade in facts.cascades:
        row = rows.get(cascade.source_key)
        if row is None:
            orphans.append(cascade)
        elif cascade.recipient_kind == KpiCascade.RecipientKind.UNIT:
            row.units.append(cascade)
        elif cascade.recipient_kind == KpiCascade.RecipientKind.STAFF:
            row.staff.append(cascade)
        else:
            row.partners.append(cascade)
    for key, row in rows.items():
        row.cascade_allowed = key in reference_keys
    return list(rows.values()), orphans


def strategy_page(
    strategy: CustomerStrategy, version_id: int | None = None, today: dt.date | None = None
) -> StrategyPage:
    """The strategy with the version asked for (by default the approved one, else the latest),
    its content, the cascade matrix of that content and the readiness of the strategy."""
    facts = load_strategies([strategy])[0]
    shown = next((v for v in facts.versions if v.pk == version_id), facts.reference)
    if shown.pk == facts.reference.pk:
        content = _content(shown, facts.objectives, facts.items)
    else:
        content = version_content(shown)
    matrix, orphans = _matrix(content, facts)
    return StrategyPage(
        facts=facts,
        shown=shown,
        content=content,
        matrix=matrix,
        readiness=readiness_of(facts, today),
        orphan_cascades=orphans,
    )


def cascade_source_choices(strategy: CustomerStrategy) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices of what a KPI may be cascaded from (the reference version's objectives
    and items), for a form's select."""
    facts = load_strategies([strategy])[0]
    content = _content(facts.reference, facts.objectives, facts.items)
    groups = []
    if content.objectives:
        groups.append(
            (
                _("Strategic objectives"),
                [(str(o.key), f"{o.kpi} — {o.objective[:60]}") for o in content.objectives],
            )
        )
    if content.long_term:
        groups.append(
            (
                _("Long-term action plan"),
                [(str(i.key), f"{i.kpi} — {i.project[:60]}") for i in content.long_term],
            )
        )
    for plan in content.annual:
        groups.append(
            (
                _("Annual action plan %(year)s") % {"year": plan.fiscal_year},
                [(str(i.key), f"{i.kpi} — {i.project[:60]}") for i in plan.items],
            )
        )
    return groups


def cascade_source(strategy: CustomerStrategy, key) -> StrategicObjective | ActionPlanItem | None:
    """The objective or item of the reference version with this key, if any."""
    versions = DocumentVersion.objects.filter(document_id=strategy.document_id)
    approved = versions.filter(status=VersionStatus.APPROVED).first()
    reference = approved or versions.order_by("-number").first()
    try:
        key = uuid.UUID(str(key))
    except ValueError:
        return None
    return (
        reference.strategic_objectives.filter(key=key).first()
        or reference.action_plan_items.filter(key=key).first()
    )


# --- review meetings -----------------------------------------------------------------------


def meeting_list(
    *, body: str = "", fiscal_year: int | None = None, start_month: int = 10
) -> QuerySet[ReviewMeeting]:
    meetings = ReviewMeeting.objects.select_related("minutes__current_version").order_by(
        "-held_on", "-id"
    )
    if body:
        meetings = meetings.filter(body=body)
    if fiscal_year:
        year = FiscalYear.named(fiscal_year, start_month)
        meetings = meetings.filter(held_on__range=(year.start, year.end))
    return meetings


def meeting_years(start_month: int = 10) -> list[int]:
    """Fiscal years in which meetings were held, newest first."""
    months = ReviewMeeting.objects.dates("held_on", "month")
    return sorted({FiscalYear.containing(m, start_month).year for m in months}, reverse=True)
