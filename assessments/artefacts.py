"""The artefacts a criterion's levels expect as evidence, and whether live data shows them.

Each level of a criterion names the artefacts it expects (keys of ARTEFACTS, in the framework
files). An artefact is checked against the organization's records for the cycle's fiscal year:

- present: the records exist and are current;
- out of date: they exist, but not for this fiscal year (last year's survey, a charter
  approved before the year began, profiles not reviewed within the review period);
- missing: nothing shows it.

Artefacts other modules already judge (criterion 1.1 level 3, 5.1 level 3, 5.3 level 1) reuse
those modules' readiness functions, so the module page and the assessment never disagree.
Artefacts no module records (a board resolution, a training record) are documents: present when
an evidence link of the cycle says it provides them and is dated within this fiscal year or the
one before.

A check runs once per cycle page, whatever the number of criteria (ArtefactContext caches).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from seam_scm.readiness import Check
from seam_scm.thai.dates import FiscalYear, format_date


class State:
    PRESENT = "present"
    OUT_OF_DATE = "out_of_date"
    MISSING = "missing"


STATE_LABELS = {
    State.PRESENT: gettext_lazy("Present"),
    State.OUT_OF_DATE: gettext_lazy("Out of date"),
    State.MISSING: gettext_lazy("Missing"),
}


@dataclass(frozen=True)
class ArtefactStatus:
    key: str
    label: str
    state: str
    detail: str = ""
    url: str = ""
    checks: list[Check] = field(default_factory=list)  # a module's own readiness checks

    @property
    def is_present(self) -> bool:
        return self.state == State.PRESENT

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass
class ArtefactContext:
    """What the checks need: the organization (its scope is active), the fiscal year, and the
    cycle's evidence links by the artefact they provide."""

    organization: object
    fiscal_year: FiscalYear
    links_by_artefact: dict[str, list] = field(default_factory=dict)
    _results: dict[str, ArtefactStatus] = field(default_factory=dict)

    @property
    def as_of(self) -> dt.date:
        """Judged at the end of the fiscal year, or today while the year runs."""
        return min(timezone.localdate(), self.fiscal_year.end)

    def url(self, name: str) -> str:
        return reverse(name, kwargs={"org_slug": self.organization.slug})

    def status(self, key: str) -> ArtefactStatus:
        if key not in self._results:
            artefact = ARTEFACTS[key]
            self._results[key] = artefact.check(self, artefact)
        return self._results[key]


@dataclass(frozen=True)
class Artefact:
    key: str
    label: Promise
    check: Callable[[ArtefactContext, "Artefact"], ArtefactStatus]
    is_document: bool = False  # shown only by a linked file, not by module records

    def status(self, state: str, detail: str = "", url: str = "", checks=()) -> ArtefactStatus:
        return ArtefactStatus(self.key, str(self.label), state, detail, url, list(checks))


def _in_year(ctx: ArtefactContext, dates) -> list[dt.date]:
    return [day for day in dates if day in ctx.fiscal_year]


def _dated_records(
    artefact: Artefact, ctx: ArtefactContext, dates: list[dt.date], url: str
) -> ArtefactStatus:
    """Present if a record is dated in the fiscal year, out of date if only earlier ones."""
    if not dates:
        return artefact.status(State.MISSING, _("None recorded."), url)
    current = _in_year(ctx, dates)
    if current:
        detail = ngettext(
            "%(count)s in fiscal year %(year)s.", "%(count)s in fiscal year %(year)s.", len(current)
        ) % {"count": len(current), "year": ctx.fiscal_year.year}
        return artefact.status(State.PRESENT, detail, url)
    earlier = [day for day in dates if day < ctx.fiscal_year.start]
    if earlier:
        detail = _("None in fiscal year %(year)s; the latest is of %(date)s.") % {
            "year": ctx.fiscal_year.year,
            "date": format_date(max(earlier)),
        }
        return artefact.status(State.OUT_OF_DATE, detail, url)
    return artefact.status(State.MISSING, _("None recorded in this fiscal year."), url)


def _module_readiness(artefact: Artefact, readiness, url: str, none_detail: str) -> ArtefactStatus:
    if readiness is None:
        return artefact.status(State.MISSING, none_detail, url)
    state = State.PRESENT if readiness.met else State.MISSING
    detail = (
        _("All %(count)s checks met.") % {"count": len(readiness.checks)}
        if readiness.met
        else _("Not met: %(checks)s.") % {"checks": "; ".join(c.label for c in readiness.missing)}
    )
    return artefact.status(state, detail, url, readiness.checks)


# --- module 1: stakeholders -----------------------------------------------------------------


def _stakeholder_profiles(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    """Profiles for every active business line (สายงาน), reviewed within the review period."""
    from seam_scm.tenancy.models import OrgUnit
    from stakeholders.models import Stakeholder, StakeholderUnit, stale_before
    from stakeholders.selectors import review_months

    url = ctx.url("stakeholders:list")
    profiles = Stakeholder.objects.count()
    if not profiles:
        return artefact.status(State.MISSING, _("No stakeholder profiles."), url)
    lines = OrgUnit.objects.filter(kind=OrgUnit.Kind.LINE, is_active=True)
    covered = StakeholderUnit.objects.filter(
        Q(unit__kind=OrgUnit.Kind.LINE) | Q(unit__parent__kind=OrgUnit.Kind.LINE)
    ).values_list("unit__id", "unit__parent__id")
    covered_lines = {unit for pair in covered for unit in pair if unit}
    uncovered = [line.name for line in lines if line.pk not in covered_lines]
    if uncovered:
        return artefact.status(
            State.MISSING,
            _("Business lines without profiles: %(lines)s.") % {"lines": ", ".join(uncovered)},
            url,
        )
    cutoff = stale_before(review_months(), ctx.as_of)
    stale = Stakeholder.objects.filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff))
    if stale_count := stale.count():
        return artefact.status(
            State.OUT_OF_DATE,
            _("%(stale)s of %(count)s profiles not reviewed since %(date)s.")
            % {"stale": stale_count, "count": profiles, "date": format_date(cutoff)},
            url,
        )
    return artefact.status(
        State.PRESENT,
        _("%(count)s profiles covering every business line, all reviewed.") % {"count": profiles},
        url,
    )


def _voice_of_stakeholders(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    from stakeholders.models import VoiceOfStakeholder

    url = ctx.url("stakeholders:vos_list")
    polarities = set(VoiceOfStakeholder.objects.values_list("polarity", flat=True).distinct())
    if not polarities:
        return artefact.status(State.MISSING, _("No voice of stakeholders recorded."), url)
    if polarities != set(VoiceOfStakeholder.Polarity.values):
        return artefact.status(
            State.MISSING,
            _("Only one polarity recorded: both positive and negative are expected."),
            url,
        )
    dates = list(VoiceOfStakeholder.objects.values_list("heard_on", flat=True))
    return _dated_records(artefact, ctx, dates, url)


def _relationship_risks(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    from stakeholders.models import RelationshipRisk

    count = RelationshipRisk.objects.count()
    url = ctx.url("stakeholders:grid")
    if not count:
        return artefact.status(State.MISSING, _("No relationship risks assessed."), url)
    return artefact.status(State.PRESENT, _("%(count)s risks assessed.") % {"count": count}, url)


def _relationship_plan(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    from seam_scm.approvals.models import FROZEN_STATUSES
    from stakeholders.models import RelationshipPlan

    url = ctx.url("stakeholders:plans")
    years = set(
        RelationshipPlan.objects.filter(document__versions__status__in=FROZEN_STATUSES)
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    if ctx.fiscal_year.year in years:
        return artefact.status(
            State.PRESENT,
            _("Approved plans for fiscal year %(year)s.") % {"year": ctx.fiscal_year.year},
            url,
        )
    if earlier := [year for year in years if year < ctx.fiscal_year.year]:
        return artefact.status(
            State.OUT_OF_DATE,
            _("The latest approved plans are for fiscal year %(year)s.") % {"year": max(earlier)},
            url,
        )
    return artefact.status(State.MISSING, _("No approved relationship plan."), url)


def _cross_functional_team(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    from stakeholders.models import TeamMember

    url = ctx.url("stakeholders:team")
    count = TeamMember.objects.count()
    if not count:
        return artefact.status(State.MISSING, _("No working team recorded."), url)
    return artefact.status(State.PRESENT, _("%(count)s members.") % {"count": count}, url)


# --- module 2: customers --------------------------------------------------------------------


def _customer_strategy(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    """Criterion 1.1 level 3 as the strategy page judges it, for the cycle's fiscal year."""
    from customers.strategy_selectors import current_strategy_readiness

    readiness = current_strategy_readiness(ctx.as_of)
    return _module_readiness(
        artefact,
        readiness,
        ctx.url("customers:strategy_list"),
        _("No customer and market strategy covers fiscal year %(year)s.")
        % {"year": ctx.fiscal_year.year},
    )


def _segments(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    from customers.models import CustomerSegment

    url = ctx.url("customers:segment_list")
    count = CustomerSegment.objects.count()
    if not count:
        return artefact.status(State.MISSING, _("No customer segments."), url)
    return artefact.status(State.PRESENT, _("%(count)s segments.") % {"count": count}, url)


def _listening_channels(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    from customers.models import ListeningChannel

    url = ctx.url("customers:channel_list")
    count = ListeningChannel.objects.filter(is_active=True).count()
    if not count:
        return artefact.status(State.MISSING, _("No listening channel in use."), url)
    return artefact.status(State.PRESENT, _("%(count)s channels in use.") % {"count": count}, url)


def _voc_register(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    from customers.models import VoiceOfCustomer

    dates = list(VoiceOfCustomer.objects.values_list("heard_on", flat=True))
    return _dated_records(artefact, ctx, dates, ctx.url("customers:voc_list"))


def _voc_comparison(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    """The comparison of the four VOC categories needs VOC of each category in the year."""
    from customers.models import VocCategory, VoiceOfCustomer

    url = ctx.url("customers:voc_comparison")
    heard = set(
        VoiceOfCustomer.objects.filter(
            heard_on__gte=ctx.fiscal_year.start, heard_on__lte=ctx.fiscal_year.end
        ).values_list("category", flat=True)
    )
    lacking = [str(label) for value, label in VocCategory.choices if value not in heard]
    if len(lacking) == len(VocCategory.choices):
        return artefact.status(State.MISSING, _("No VOC in this fiscal year to compare."), url)
    if lacking:
        return artefact.status(
            State.MISSING,
            _("No VOC in this fiscal year about: %(categories)s.")
            % {"categories": ", ".join(lacking)},
            url,
        )
    return artefact.status(State.PRESENT, _("VOC of all four categories to compare."), url)


def _external_survey(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    from customers.models import Survey
    from customers.survey_selectors import external_annual_q

    url = ctx.url("customers:survey_list")
    years = set(Survey.objects.filter(external_annual_q()).values_list("fiscal_year", flat=True))
    if ctx.fiscal_year.year in years:
        return artefact.status(
            State.PRESENT,
            _("Annual survey by an external consultant in fiscal year %(year)s.")
            % {"year": ctx.fiscal_year.year},
            url,
        )
    if earlier := [year for year in years if year < ctx.fiscal_year.year]:
        return artefact.status(
            State.OUT_OF_DATE,
            _("The latest external annual survey is of fiscal year %(year)s.")
            % {"year": max(earlier)},
            url,
        )
    return artefact.status(State.MISSING, _("No annual survey by an external consultant."), url)


def _journey_maps(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    from customers.models import JourneyMap

    url = ctx.url("customers:journey_list")
    count = JourneyMap.objects.count()
    if not count:
        return artefact.status(State.MISSING, _("No customer journey maps."), url)
    return artefact.status(State.PRESENT, _("%(count)s journey maps.") % {"count": count}, url)


def _service_charter(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    """Criterion 5.1 level 3: approved and published, in force during this fiscal year (as the
    charter page reads it: a version approved earlier and still published counts), with the
    content the criteria expect."""
    from customers.charter_selectors import (
        approved_published_in_fiscal_year,
        charter_readiness,
        version_in_force,
    )

    url = ctx.url("customers:charter")
    readiness = charter_readiness(ctx.as_of)
    version = approved_published_in_fiscal_year(ctx.fiscal_year.year)
    if version is not None:
        state = State.PRESENT if readiness.met else State.MISSING
        detail = _(
            "Version %(number)s, approved and published, in force in fiscal year %(year)s."
        ) % {
            "number": version.number,
            "year": ctx.fiscal_year.year,
        }
        return artefact.status(state, detail, url, readiness.checks)
    detail = (
        _("Approved, but not published.")
        if version_in_force(ctx.as_of) is not None
        else _("No approved and published charter.")
    )
    return artefact.status(State.MISSING, detail, url, readiness.checks)


def _review_meetings(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    from customers.models import ReviewMeeting

    dates = list(ReviewMeeting.objects.values_list("held_on", flat=True))
    return _dated_records(artefact, ctx, dates, ctx.url("customers:meeting_list"))


# --- criterion 5.3: complaints --------------------------------------------------------------


def _complaint_policy(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    """Criterion 5.3 level 1 as the policy page judges it: approved, written, ≥ 2 channels."""
    from complaints.policy_selectors import policy_readiness

    return _module_readiness(
        artefact, policy_readiness(ctx.as_of), ctx.url("complaints:policy"), ""
    )


def _complaint_register(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    from complaints.models import ComplaintCase

    url = ctx.url("complaints:case_list")
    in_year = ComplaintCase.objects.filter(
        received_at__date__gte=ctx.fiscal_year.start, received_at__date__lte=ctx.fiscal_year.end
    ).count()
    if in_year:
        return artefact.status(
            State.PRESENT,
            _("%(count)s cases received in fiscal year %(year)s.")
            % {"count": in_year, "year": ctx.fiscal_year.year},
            url,
        )
    if ComplaintCase.objects.filter(received_at__date__lt=ctx.fiscal_year.start).exists():
        return artefact.status(State.OUT_OF_DATE, _("No case received in this fiscal year."), url)
    return artefact.status(State.MISSING, _("No complaint cases recorded."), url)


def _complaint_kpis(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    """A KPI snapshot of the fiscal year (the figures as claimed), taken on the KPI page."""
    from .models import KpiSnapshot

    url = ctx.url("complaints:kpis")
    years = set(KpiSnapshot.objects.values_list("fiscal_year", flat=True))
    if ctx.fiscal_year.year in years:
        return artefact.status(
            State.PRESENT,
            _("Snapshot of fiscal year %(year)s kept.") % {"year": ctx.fiscal_year.year},
            url,
        )
    if earlier := [year for year in years if year < ctx.fiscal_year.year]:
        return artefact.status(
            State.OUT_OF_DATE,
            _("The latest snapshot is of fiscal year %(year)s.") % {"year": max(earlier)},
            url,
        )
    return artefact.status(State.MISSING, _("No KPI snapshot taken."), url)


# --- documents no module records ------------------------------------------------------------


def _document(ctx: ArtefactContext, artefact: Artefact) -> ArtefactStatus:
    """Present when a linked file of the cycle provides it, dated this fiscal year or the last."""
    links = ctx.links_by_artefact.get(artefact.key, [])
    if not links:
        return artefact.status(State.MISSING, _("Link an evidence file that provides it."))
    latest = max(links, key=lambda link: link.effective_date)
    oldest_current = FiscalYear.named(ctx.fiscal_year.year - 1, ctx.fiscal_year.start.month).start
    state = State.PRESENT if latest.effective_date >= oldest_current else State.OUT_OF_DATE
    detail = _("%(label)s, of %(date)s.") % {
        "label": latest.label,
        "date": format_date(latest.effective_date),
    }
    return artefact.status(state, detail)


def _artefacts(*artefacts: Artefact) -> dict[str, Artefact]:
    return {artefact.key: artefact for artefact in artefacts}


def document(key: str, label) -> Artefact:
    return Artefact(key, label, _document, is_document=True)


ARTEFACTS: dict[str, Artefact] = _artefacts(
    Artefact(
        "stakeholder_profiles",
        gettext_lazy("Stakeholder profiles per business line"),
        _stakeholder_profiles,
    ),
    Artefact(
        "voice_of_stakeholders",
        gettext_lazy("Voice of stakeholders, positive and negative"),
        _voice_of_stakeholders,
    ),
    Artefact(
        "relationship_risks", gettext_lazy("Relationship risks assessed"), _relationship_risks
    ),
    Artefact("relationship_plan", gettext_lazy("Approved relationship plans"), _relationship_plan),
    Artefact(
        "cross_functional_team",
        gettext_lazy("Cross-functional working team"),
        _cross_functional_team,
    ),
    Artefact(
        "customer_strategy",
        gettext_lazy("Approved customer and market strategy with KPIs cascaded"),
        _customer_strategy,
    ),
    Artefact("customer_segments", gettext_lazy("Customer segments"), _segments),
    Artefact("listening_channels", gettext_lazy("Listening channels"), _listening_channels),
    Artefact("voc_register", gettext_lazy("Voice of customers register"), _voc_register),
    Artefact(
        "voc_comparison", gettext_lazy("VOC compared across the four categories"), _voc_comparison
    ),
    Artefact(
        "external_survey", gettext_lazy("Annual survey by an external consultant"), _external_survey
    ),
    Artefact("journey_maps", gettext_lazy("Customer journey maps"), _journey_maps),
    Artefact(
        "service_charter",
        gettext_lazy("Service charter and standards approved and published"),
        _service_charter,
    ),
    Artefact(
        "review_meetings",
        gettext_lazy("Minutes of meetings reviewing customer processes"),
        _review_meetings,
    ),
    Artefact(
        "complaint_policy",
        gettext_lazy("Approved complaint handling policy with several channels"),
        _complaint_policy,
    ),
    Artefact("complaint_register", gettext_lazy("Complaint cases recorded"), _complaint_register),
    Artefact("complaint_kpis", gettext_lazy("Complaint KPI snapshot"), _complaint_kpis),
    document("board_resolution", gettext_lazy("Board resolution or minutes")),
    document("delegation_order", gettext_lazy("Order delegating approval to a committee")),
    document("remuneration_policy", gettext_lazy("Remuneration scheme weighing service quality")),
    document("training_record", gettext_lazy("Staff communication and training records")),
    document("privacy_policy", gettext_lazy("Personal data protection policy and controls")),
    document("audit_report", gettext_lazy("Control, monitoring or audit report")),
    document("continuity_plan", gettext_lazy("Business continuity plan")),
    document("product_development", gettext_lazy("Product and service development records")),
)


def document_artefacts() -> list[Artefact]:
    return [artefact for artefact in ARTEFACTS.values() if artefact.is_document]
