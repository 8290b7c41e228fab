"""Reads of the customer service charter and service standards (criterion 5.1).

Everything here runs inside the organization's scope (pages, the API, the assessments
module); the public page opens the scope itself. Each read costs a fixed number of queries.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import get_scope

from seam_scm.approvals.models import (
    FROZEN_STATUSES,
    OPEN_STATUSES,
    DocumentKind,
    DocumentVersion,
    GovernedDocument,
    VersionStatus,
)
from seam_scm.readiness import Check, Readiness
from seam_scm.thai.dates import FiscalYear, format_date

from .charter_services import charter_document
from .models import (
    BlueprintStep,
    CharterCommitment,
    CharterIntro,
    JourneyStage,
    RecoveryScenario,
    ServiceGuideline,
    ServiceStandard,
)

__all__ = [
    "CharterPage",
    "CharterSections",
    "approved_published_in_fiscal_year",
    "charter_document",
    "charter_page",
    "charter_readiness",
    "charter_sections",
    "public_charter_url",
    "published_charter",
    "version_in_force",
]

LANGUAGES = ("th", "en")


# --- versions ------------------------------------------------------------------------------


def charter_versions(document: GovernedDocument) -> list[DocumentVersion]:
    """The charter's versions, newest first, each with its approval (or None)."""
    return list(document.versions.select_related("approval").order_by("-number"))


def version_in_force(today: dt.date | None = None) -> DocumentVersion | None:
    """The approved version customers are served by on `today` (default: today).

    That is the newest frozen version whose approval meeting was on or before that day; today
    it is the version whose status is "approved", unless its meeting is dated in the future.
    """
    today = today or timezone.localdate()
    return (
        DocumentVersion.objects.filter(
            document__kind=DocumentKind.SERVICE_CHARTER,
            status__in=FROZEN_STATUSES,
            approval__meeting_date__lte=today,
        )
        .select_related("approval", "document")
        .order_by("-number")
        .first()
    )


def published_charter() -> DocumentVersion | None:
    """The newest published version of the charter: what the public page shows."""
    return (
        DocumentVersion.objects.filter(
            document__kind=DocumentKind.SERVICE_CHARTER,
            status__in=FROZEN_STATUSES,
            published_at__isnull=False,
        )
        .select_related("approval", "document")
        .order_by("-number")
        .first()
    )


def _published_on_or_before(version: DocumentVersion, day: dt.date) -> bool:
    return version.published_at is not None and timezone.localdate(version.published_at) <= day


def approved_published_in_fiscal_year(fiscal_year: int) -> DocumentVersion | None:
    """The charter version that backs "approved and published" for a fiscal year (B.E.).

    Interpretation: a version counts for the year when the board (or its committee) approved
    it on or before the year's last day, it is published and was published on or before that
    day, and it was still in force during the year, i.e. no later version was approved before
    the year began. So a version approved in an earlier year that is still the published,
    current one counts for this year as well. Publication is known only as it stands now: a
    version that was later unpublished does not count. When several count (a revision approved
    during the year), the newest is returned.
    """
    organization = get_scope().get("organization")
    start_month = organization.fiscal_year_start_month if organization else 10
    year = FiscalYear.named(fiscal_year, start_month)
    versions = list(
        DocumentVersion.objects.filter(
            document__kind=DocumentKind.SERVICE_CHARTER,
            status__in=FROZEN_STATUSES,
            approval__meeting_date__lte=year.end,
        )
        .select_related("approval", "document")
        .order_by("-number")
    )
    later_approval: dt.date | None = None  # the approval of the next newer version
    for version in versions:
        superseded_before_year = later_approval is not None and later_approval < year.start
        if not superseded_before_year and _published_on_or_before(version, year.end):
            return version
        later_approval = version.approval.meeting_date
    return None


# --- content of a version ------------------------------------------------------------------


@dataclass
class CharterSections:
    """The content of one version, loaded in a fixed number of queries."""

    version: DocumentVersion
    intro: CharterIntro | None
    commitments: list[CharterCommitment]
    standards: list[ServiceStandard]
    guidelines: list[ServiceGuideline]
    recoveries: list[RecoveryScenario]

    @property
    def normal_recoveries(self) -> list[RecoveryScenario]:
        return [
            r for r in self.recoveries if r.situation == RecoveryScenario.Situation.NORMAL_ERROR
        ]

    @property
    def emergency_recoveries(self) -> list[RecoveryScenario]:
        return [r for r in self.recoveries if r.situation == RecoveryScenario.Situation.EMERGENCY]

    @property
    def title_en(self) -> str:
        return self.intro.title_en if self.intro else ""


def standards_of(version: DocumentVersion) -> QuerySet[ServiceStandard]:
    """The version's standards, each with its blueprint steps, guidelines and recovery lines."""
    return version.service_standards.select_related("owner_unit", "product").prefetch_related(
        Prefetch("blueprint_steps", queryset=BlueprintStep.objects.order_by("order", "id")),
        Prefetch(
            "guidelines",
            queryset=ServiceGuideline.objects.select_related("journey_stage__journey").order_by(
                "id"
            ),
        ),
        Prefetch(
            "recovery_scenarios",
            queryset=RecoveryScenario.objects.select_related("owner_unit").order_by(
                "situation", "id"
            ),
        ),
    )


def charter_sections(version: DocumentVersion) -> CharterSections:
    return CharterSections(
        version=version,
        intro=CharterIntro.objects.filter(version=version).first(),
        commitments=list(version.charter_commitments.all()),
        standards=list(standards_of(version)),
        guidelines=list(
            version.service_guidelines.select_related("standard", "journey_stage__journey")
        ),
        recoveries=list(version.recovery_scenarios.select_related("standard", "owner_unit")),
    )


# --- the charter page ----------------------------------------------------------------------


@dataclass
class CharterPage:
    document: GovernedDocument
    versions: list[DocumentVersion]
    shown: DocumentVersion
    sections: CharterSections
    latest: DocumentVersion
    open_version: DocumentVersion | None = None
    approved: DocumentVersion | None = None
    published: DocumentVersion | None = None
    other_versions: list[DocumentVersion] = field(default_factory=list)

    @property
    def is_editable(self) -> bool:
        """Content of the version shown may be changed (by people who may edit records)."""
        return self.shown.is_editable


class UnknownVersion(LookupError):
    """The version asked for is not a version of the charter."""


def charter_page(
    document: GovernedDocument, *, version_id: int | None = None, prefer_draft: bool = True
) -> CharterPage:
    """The charter with the version to show: `version_id` if given; otherwise the open
    draft for people who edit (`prefer_draft`), else the approved version, else the latest."""
    versions = charter_versions(document)
    latest = versions[0]
    open_version = next((v for v in versions if v.status in OPEN_STATUSES), None)
    approved = next((v for v in versions if v.status == VersionStatus.APPROVED), None)
    published = next((v for v in versions if v.published_at and v.is_frozen), None)
    if version_id is not None:
        shown = next((v for v in versions if v.pk == version_id), None)
        if shown is None:
            raise UnknownVersion(version_id)
    elif prefer_draft and open_version is not None:
        shown = open_version
    else:
        shown = approved or latest
    return CharterPage(
        document=document,
        versions=versions,
        shown=shown,
        sections=charter_sections(shown),
        latest=latest,
        open_version=open_version,
        approved=approved,
        published=published,
        other_versions=[v for v in versions if v.pk != shown.pk],
    )


def standard_detail(standard: ServiceStandard) -> ServiceStandard:
    """One standard with its steps, guidelines and recovery lines prefetched."""
    return standards_of(standard.version).get(pk=standard.pk)


# --- public page ---------------------------------------------------------------------------


def public_charter_url(organization, language: str = "th") -> str:
    """The stable public address of an organization's charter in a language ("th" or "en").

    It names the organization, not a version, so printed QR codes keep working when a new
    version is approved and published.
    """
    name = "public_charter:charter_en" if language == "en" else "public_charter:charter"
    return settings.SITE_URL + reverse(name, kwargs={"slug": organization.slug})


def public_charter_urls(organization) -> dict[str, str]:
    return {language: public_charter_url(organization, language) for language in LANGUAGES}


# --- readiness of criterion 5.1 level 3 ----------------------------------------------------


def _names(items, limit: int = 5) -> str:
    items = [str(item) for item in items]
    shown = ", ".join(items[:limit])
    if len(items) > limit:
        shown += " " + _("and %(count)s more") % {"count": len(items) - limit}
    return shown


def _approval_detail(version: DocumentVersion) -> str:
    approval = version.approval
    return _("Version %(number)s, approved by %(body)s, meeting no. %(meeting)s, %(date)s.") % {
        "number": version.number,
        "body": approval.approving_body_name,
        "meeting": approval.meeting_number,
        "date": format_date(approval.meeting_date, long=True),
    }


def _blueprint_gaps(standards: list[ServiceStandard]) -> list[str]:
    """Core services whose blueprint lacks frontstage, or both backstage and support."""
    gaps = []
    for standard in standards:
        if standard.service_kind != ServiceStandard.ServiceKind.CORE:
            continue
        steps = list(standard.blueprint_steps.all())
        has_front = any(step.frontstage.strip() for step in steps)
        has_back = any(step.backstage.strip() or step.support_processes.strip() for step in steps)
        if not (has_front and has_back):
            gaps.append(standard.service)
    return gaps


def _incomplete_protocols(standards: list[ServiceStandard]) -> list[str]:
    def complete(s: ServiceStandard) -> bool:
        texts = (s.metric, s.target, s.measurement_method, s.measurement_frequency)
        return all((text or "").strip() for text in texts) and s.owner_unit_id is not None

    return [s.service for s in standards if not complete(s)]


def _uncovered_critical_points(sections: CharterSections, stages: list[JourneyStage]) -> list[str]:
    uncovered = []
    for standard in sections.standards:
        critical = [step for step in standard.blueprint_steps.all() if step.is_critical]
        if critical and not list(standard.guidelines.all()):
            uncovered.extend(
                _("%(service)s, step %(order)s") % {"service": standard.service, "order": s.order}
                for s in critical
            )
    covered_stages = {g.journey_stage_id for g in sections.guidelines if g.journey_stage_id}
    uncovered.extend(str(stage) for stage in stages if stage.pk not in covered_stages)
    return uncovered


def _content_checks(sections: CharterSections, url: str, stages: list[JourneyStage]) -> list[Check]:
    standards = sections.standards
    checks = []

    commitments, services = len(sections.commitments), len(standards)
    checks.append(
        Check(
            label=_("The charter states commitments and service standards"),
            met=bool(commitments and services),
            detail=ngettext("%(count)s commitment", "%(count)s commitments", commitments)
            % {"count": commitments}
            + ", "
            + ngettext("%(count)s service standard", "%(count)s service standards", services)
            % {"count": services},
            url=url,
        )
    )

    incomplete = _incomplete_protocols(standards)
    checks.append(
        Check(
            label=_(
                "Every service standard has its protocol: metric, target, measurement method "
                "and frequency, owner"
            ),
            met=bool(standards) and not incomplete,
            detail=(
                _("Incomplete: %(services)s") % {"services": _names(incomplete)}
                if incomplete
                else (_("No service standard yet.") if not standards else "")
            ),
            url=url + "#standards",
        )
    )

    core = [s for s in standards if s.service_kind == ServiceStandard.ServiceKind.CORE]
    gaps = _blueprint_gaps(standards)
    checks.append(
        Check(
            label=_(
                "Every core service has a service blueprint covering frontstage, backstage "
                "and support processes"
            ),
            met=bool(core) and not gaps,
            detail=(
                _("Missing or incomplete: %(services)s") % {"services": _names(gaps)}
                if gaps
                else (_("No core service is named yet.") if not core else "")
            ),
            url=url + "#standards",
        )
    )

    uncovered = _uncovered_critical_points(sections, stages)
    checks.append(
        Check(
            label=_(
                "Service guidelines cover every critical point of the blueprints and "
                "the customer journey maps"
            ),
            met=bool(sections.guidelines) and not uncovered,
            detail=(
                _("Not covered: %(points)s") % {"points": _names(uncovered)}
                if uncovered
                else (_("No guideline yet.") if not sections.guidelines else "")
            ),
            url=url + "#guidelines",
        )
    )

    normal, emergency = sections.normal_recoveries, sections.emergency_recoveries
    without_bcm = [r.scenario[:60] for r in emergency if not r.continuity_link.strip()]
    missing = []
    if not normal:
        missing.append(_("a service error in normal times"))
    if not emergency:
        missing.append(_("an emergency or abnormal event"))
    if missing:
        recovery_detail = _("Missing: %(missing)s") % {"missing": ", ".join(missing)}
    elif without_bcm:
        recovery_detail = _("No business continuity plan named: %(scenarios)s") % {
            "scenarios": _names(without_bcm)
        }
    else:
        recovery_detail = ""
    checks.append(
        Check(
            label=_(
                "The service recovery plan covers service errors in normal times and "
                "emergencies, each emergency naming its business continuity plan"
            ),
            met=not missing and not without_bcm,
            detail=recovery_detail,
            url=url + "#recovery",
        )
    )
    return checks


def charter_readiness(
    today: dt.date | None = None, *, page: CharterPage | None = None
) -> Readiness:
    """Criterion 5.1 level 3: the charter and service standards approved by the board (or a
    committee it assigned) and published, with the content the criteria expect.

    Judged on the version in force on `today` (default: today). Before any version is
    approved, the content checks look at the latest version, to show what it still lacks.
    `page`, when the caller has loaded it already, saves loading the same rows again.
    """
    readiness = Readiness(
        criterion="5.1",
        level=3,
        title=_("Charter and service standards approved by the board and published"),
    )
    organization = get_scope().get("organization")
    slug = organization.slug if organization else None
    charter_url = reverse("customers:charter", kwargs={"org_slug": slug}) if slug else ""

    document = page.document if page is not None else charter_document()
    if document is None:
        readiness.checks.append(
            Check(
                label=_("Approved by the board or a committee it assigned"),
                met=False,
                detail=_("The organization has no service charter yet."),
                url=charter_url,
            )
        )
        return readiness

    today = today or timezone.localdate()
    if page is not None:
        in_force = next(
            (
                v
                for v in page.versions
                if v.is_frozen
                and getattr(v, "approval", None) is not None
                and v.approval.meeting_date <= today
            ),
            None,
        )
        latest = page.latest
    else:
        in_force = version_in_force(today)
        latest = document.versions.order_by("-number").first()

    def version_url(version: DocumentVersion) -> str:
        if not slug:
            return ""
        return reverse(
            "approvals:version", kwargs={"org_slug": slug, "document_version_pk": version.pk}
        )

    if in_force is not None:
        approved_detail = _approval_detail(in_force)
    elif latest.status == VersionStatus.SUBMITTED:
        approved_detail = _("Version %(number)s is waiting for the board's decision.") % {
            "number": latest.number
        }
    else:
        approved_detail = _("No version has been approved yet.")
    readiness.checks.append(
        Check(
            label=_("Approved by the board or a committee it assigned"),
            met=in_force is not None,
            detail=approved_detail,
            url=version_url(in_force or latest),
        )
    )

    published = in_force is not None and _published_on_or_before(in_force, today)
    if published:
        public_url = public_charter_url(organization or document.organization)
        publication_detail = _("Published on %(date)s at %(url)s") % {
            "date": format_date(in_force.published_at, long=True),
            "url": public_url,
        }
        publication_url = public_url
    else:
        publication_detail = (
            _("The approved version is not published. Publish it on the approvals page.")
            if in_force is not None
            else _("Only an approved version can be published.")
        )
        publication_url = version_url(in_force) if in_force is not None else ""
    readiness.checks.append(
        Check(
            label=_("Published for customers (with a link or QR code)"),
            met=published,
            detail=publication_detail,
            url=publication_url,
        )
    )

    checked = in_force or latest
    if page is not None and page.shown.pk == checked.pk:
        sections = page.sections
    else:
        sections = charter_sections(checked)
    stages = list(
        JourneyStage.objects.filter(is_critical=True)
        .select_related("journey")
        .order_by("journey__title", "order", "id")
    )
    content_url = f"{charter_url}?version={checked.pk}" if charter_url else ""
    checks = _content_checks(sections, content_url, stages)
    if in_force is None:
        note = _("Checked on version %(number)s, which is not approved yet.") % {
            "number": checked.number
        }
        checks = [Check(c.label, c.met, f"{note} {c.detail}".strip(), c.url) for c in checks]
    readiness.checks.extend(checks)
    return readiness
