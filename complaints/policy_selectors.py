"""Reads of the complaint handling policy: the document, the version in force and its rules.

Everything here runs inside the organization's scope; the page selector and the content of a
version cost a fixed number of queries whatever the number of rows.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

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
)
from seam_scm.readiness import Check, Readiness
from seam_scm.thai.dates import format_date

from .models import (
    SEVERITY_ORDER,
    ComplaintCategory,
    ComplaintChannel,
    EscalationRule,
    Severity,
    TimeStandard,
    TimeUnit,
)


def policy_document() -> GovernedDocument | None:
    """The organization's policy (inside its scope), or None before it is declared."""
    return (
        GovernedDocument.objects.filter(kind=DocumentKind.COMPLAINT_POLICY).order_by("id").first()
    )


def policy_in_force(on: dt.date | None = None) -> DocumentVersion | None:
    """The approved version whose rules apply to a complaint received on `on` (default today).

    That is the newest approved (or since superseded) version whose approval meeting was on or
    before that day. A complaint received before the first approval (an imported historical
    case, say) falls under the first approved version.
    """
    on = on or timezone.localdate()
    approved = DocumentVersion.objects.filter(
        document__kind=DocumentKind.COMPLAINT_POLICY, status__in=FROZEN_STATUSES
    ).select_related("approval", "document")
    return (
        approved.filter(approval__meeting_date__lte=on).order_by("-number").first()
        or approved.order_by("number").first()
    )


def active_channels(version: DocumentVersion):
    return ComplaintChannel.objects.filter(version=version, is_active=True)


def categories(version: DocumentVersion):
    return ComplaintCategory.objects.filter(version=version)


def time_standard_for(category: ComplaintCategory, severity: str) -> TimeStandard | None:
    return TimeStandard.objects.filter(category=category, severity=severity).first()


def public_channel(version: DocumentVersion | None) -> ComplaintChannel | None:
    """The active website-form channel through which the public intake form files cases."""
    if version is None:
        return None
    return (
        active_channels(version)
        .filter(kind=ComplaintChannel.Kind.WEBSITE)
        .order_by("order", "id")
        .first()
    )


# --- the content of a version --------------------------------------------------------------


def time_limit(amount: int, unit: str) -> str:
    """8 working hours, 1 working day: a standard's limit in the active language."""
    if unit == TimeUnit.WORKING_DAYS:
        return ngettext("%(n)d working day", "%(n)d working days", amount) % {"n": amount}
    return ngettext("%(n)d working hour", "%(n)d working hours", amount) % {"n": amount}


@dataclass(frozen=True)
class GridCell:
    """One category × severity of the time-standard grid; `standard` is None when missing."""

    category: ComplaintCategory
    severity: str
    standard: TimeStandard | None

    @property
    def severity_label(self) -> str:
        return Severity(self.severity).label

    @property
    def is_missing(self) -> bool:
        return self.standard is None

    @property
    def acknowledge(self) -> str:
        s = self.standard
        return time_limit(s.acknowledge_within, s.acknowledge_unit) if s else ""

    @property
    def resolve(self) -> str:
        s = self.standard
        return time_limit(s.resolve_within, s.resolve_unit) if s else ""


@dataclass(frozen=True)
class GridRow:
    category: ComplaintCategory
    cells: list[GridCell]

    @property
    def missing(self) -> list[GridCell]:
        return [cell for cell in self.cells if cell.is_missing]


def severities() -> list[tuple[str, str]]:
    """The severities in the grid's column order, with their labels."""
    return [(value, Severity(value).label) for value in SEVERITY_ORDER]


def time_standard_grid(
    categories: list[ComplaintCategory], standards: list[TimeStandard]
) -> list[GridRow]:
    """Rows = categories, columns = severities; a cell without a standard is missing."""
    by_cell = {(s.category_id, s.severity): s for s in standards}
    return [
        GridRow(
            category=category,
            cells=[
                GridCell(category, severity, by_cell.get((category.pk, severity)))
                for severity in SEVERITY_ORDER
            ],
        )
        for category in categories
    ]


@dataclass
class PolicySections:
    """The content of one version (channels, categories, time standards, escalation rules)."""

    version: DocumentVersion
    channels: list[ComplaintChannel]
    categories: list[ComplaintCategory]
    time_standards: list[TimeStandard]
    escalation_rules: list[EscalationRule]

    @cached_property
    def grid(self) -> list[GridRow]:
        return time_standard_grid(self.categories, self.time_standards)

    @property
    def severities(self) -> list[tuple[str, str]]:
        return severities()

    @property
    def missing_standards(self) -> list[GridCell]:
        return [cell for row in self.grid for cell in row.missing]

    @property
    def active_channels(self) -> list[ComplaintChannel]:
        return [c for c in self.channels if c.is_active]


def policy_sections(version: DocumentVersion) -> PolicySections:
    """A version's content in four queries."""
    return PolicySections(
        version=version,
        channels=list(ComplaintChannel.objects.filter(version=version).order_by("order", "id")),
        categories=list(
            ComplaintCategory.objects.filter(version=version).order_by("order", "code", "id")
        ),
        time_standards=list(TimeStandard.objects.filter(version=version)),
        escalation_rules=list(
            EscalationRule.objects.filter(version=version).select_related("escalate_to")
        ),
    )


# --- the policy page -----------------------------------------------------------------------


@dataclass
class PolicyPage:
    document: GovernedDocument
    versions: list[DocumentVersion]  # newest first, each with its approval
    in_force: DocumentVersion | None
    in_force_sections: PolicySections | None
    open_version: DocumentVersion | None  # draft, submitted or returned
    open_sections: PolicySections | None

    @property
    def latest(self) -> DocumentVersion:
        return self.versions[0]

    @property
    def draft(self) -> DocumentVersion | None:
        """The version whose content may be changed now (draft or returned)."""
        if self.open_version is not None and self.open_version.is_editable:
            return self.open_version
        return None


def _in_force_of(versions: list[DocumentVersion], on: dt.date) -> DocumentVersion | None:
    """policy_in_force() over versions already loaded (newest first)."""
    approved = [v for v in versions if v.is_frozen]
    return next((v for v in approved if v.approval.meeting_date <= on), None) or (
        approved[-1] if approved else None
    )


def policy_page(document: GovernedDocument, today: dt.date | None = None) -> PolicyPage:
    """The policy with its versions, the version in force and the open draft, each with its
    content: a fixed number of queries."""
    versions = list(document.versions.select_related("approval").order_by("-number"))
    in_force = _in_force_of(versions, today or timezone.localdate())
    open_version = next((v for v in versions if v.status in OPEN_STATUSES), None)
    return PolicyPage(
        document=document,
        versions=versions,
        in_force=in_force,
        in_force_sections=policy_sections(in_force) if in_force else None,
        open_version=open_version,
        open_sections=policy_sections(open_version) if open_version else None,
    )


# Criterion 5.3 level 1 asks for "ช่องทางในการรับข้อร้องเรียนที่หลากหลาย": more than one.
MIN_ACTIVE_CHANNELS = 2


def policy_readiness(today: dt.date | None = None) -> Readiness:
    """Criterion 5.3 level 1: a written complaint handling policy and procedures, formally
    approved by the board (or a committee it assigned), with several channels in use.

    Judged on the version in force on `today` (default: today); the policy page and the
    assessments module both show it.
    """
    readiness = Readiness(
        criterion="5.3",
        level=1,
        title=_("Written complaint handling policy approved by the board, several channels"),
    )
    organization = get_scope().get("organization")
    slug = organization.slug if organization else None
    policy_url = reverse("complaints:policy", kwargs={"org_slug": slug}) if slug else ""
    version = policy_in_force(today)
    if version is None or version.approval.meeting_date > (today or timezone.localdate()):
        detail = (
            _("The organization has no complaint handling policy yet.")
            if policy_document() is None
            else _("No version of the policy has been approved yet.")
        )
        readiness.checks.append(
            Check(
                label=_("Approved by the board or a committee it assigned"),
                met=False,
                detail=detail,
                url=policy_url,
            )
        )
        return readiness
    approval = version.approval
    readiness.checks.append(
        Check(
            label=_("Approved by the board or a committee it assigned"),
            met=True,
            detail=_("Version %(number)s, %(body)s, meeting %(meeting)s of %(date)s")
            % {
                "number": version.number,
                "body": approval.get_body_display(),
                "meeting": approval.meeting_number,
                "date": format_date(approval.meeting_date),
            },
            url=policy_url,
        )
    )
    written = bool(version.body.strip()) or version.attachments.exists()
    readiness.checks.append(
        Check(
            label=_("Policy and procedures in writing"),
            met=written,
            detail=""
            if written
            else _("The approved version has neither text nor an attached document."),
            url=policy_url,
        )
    )
    channels = list(active_channels(version))
    readiness.checks.append(
        Check(
            label=_("Several complaint channels in use"),
            met=len(channels) >= MIN_ACTIVE_CHANNELS,
            detail=", ".join(c.name for c in channels) or _("No channel is in use."),
            url=policy_url,
        )
    )
    return readiness
