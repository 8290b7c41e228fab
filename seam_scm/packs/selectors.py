"""What the pack pages and the API read: the packs a member may use, grouped and filtered.

A member uses the kinds of pack their role allows (each kind names its Action in its
PackKindSpec): a secretary sees the board packs and the assessment packs, an editor or an
assessor only the assessment packs, a viewer none. Every list and every single pack goes
through `usable_packs`, so a pack of a kind the role may not use is never listed.
"""

from dataclasses import dataclass

from django.db.models import F, QuerySet

from assessments.models import AssessmentCycle, Criterion, CriterionAssessment
from seam_scm.tenancy.models import Membership
from seam_scm.tenancy.roles import Action, Role, role_allows

from .kinds import pack_kind
from .models import EvidencePack, PackDownload, PackKind, PackState


def usable_kinds(membership: Membership) -> list[str]:
    """The kinds of pack the member may build and download, in the order of PackKind."""
    kinds = []
    for kind in PackKind.values:
        try:
            spec = pack_kind(kind)
        except KeyError:  # the app that provides the kind is not installed
            continue
        if role_allows(membership.role, spec.action):
            kinds.append(kind)
    return kinds


def may_use_any_kind(membership: Membership) -> bool:
    return bool(usable_kinds(membership))


def usable_packs(membership: Membership) -> QuerySet[EvidencePack]:
    return EvidencePack.objects.filter(kind__in=usable_kinds(membership)).select_related(
        "requested_by"
    )


def may_download(membership: Membership, pack: EvidencePack) -> bool:
    """Whether the download button is offered: the same rules as services.check_download."""
    if pack.state != PackState.DONE:
        return False
    if pack.includes_personal_data:
        return role_allows(membership.role, Action.VIEW_PERSONAL_DATA)
    return True


def may_see_downloads(membership: Membership) -> bool:
    """Who took a pack is for the people who answer for packs before the board."""
    return role_allows(membership.role, Action.EXPORT_PACKS)


def downloads_of(pack: EvidencePack) -> list[PackDownload]:
    """Who took the pack, newest first, each with the name of the role they had then."""
    downloads = list(pack.downloads.select_related("user"))
    for download in downloads:
        download.role_label = Role(download.role).label
    return downloads


@dataclass(frozen=True)
class PackFilters:
    fiscal_year: int | None = None
    meeting: str = ""
    kind: str = ""
    state: str = ""


def filters_from_query(params, kinds: list[str]) -> PackFilters:
    """?fiscal_year=2570&meeting=…&kind=board&state=done; anything unknown is ignored."""
    year = str(params.get("fiscal_year", "")).strip()
    kind = params.get("kind", "")
    state = params.get("state", "")
    return PackFilters(
        fiscal_year=int(year) if year.isdigit() else None,
        meeting=str(params.get("meeting", "")).strip(),
        kind=kind if kind in kinds else "",
        state=state if state in PackState.values else "",
    )


def pack_list(membership: Membership, filters: PackFilters) -> QuerySet[EvidencePack]:
    """Newest fiscal year first, then by meeting (latest meeting first), newest pack first."""
    packs = usable_packs(membership)
    if filters.fiscal_year:
        packs = packs.filter(fiscal_year=filters.fiscal_year)
    if filters.meeting:
        packs = packs.filter(meeting=filters.meeting)
    if filters.kind:
        packs = packs.filter(kind=filters.kind)
    if filters.state:
        packs = packs.filter(state=filters.state)
    return packs.order_by(
        "-fiscal_year",
        F("meeting_date").desc(nulls_last=True),
        "meeting",
        "-created_at",
        "-id",
    )


def fiscal_years(membership: Membership) -> list[int]:
    return list(
        usable_packs(membership)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )


def meetings(membership: Membership, fiscal_year: int | None = None) -> list[str]:
    """The meetings packs were made for (newest first), within one fiscal year if given."""
    packs = usable_packs(membership).exclude(meeting="")
    if fiscal_year:
        packs = packs.filter(fiscal_year=fiscal_year)
    seen: dict[str, None] = {}
    rows = packs.order_by(F("meeting_date").desc(nulls_last=True), "meeting").values_list(
        "meeting", flat=True
    )
    for meeting in rows:
        seen.setdefault(meeting, None)
    return list(seen)


@dataclass(frozen=True)
class OutlineRow:
    """A line of the criteria chooser: a module or topic heading, or a criterion to tick."""

    node: Criterion
    depth: int
    assessment: CriterionAssessment | None = None


def criteria_outline(cycle: AssessmentCycle) -> list[OutlineRow]:
    """The cycle's framework tree in order, each criterion with its self-assessment: two queries."""
    assessments = {a.criterion_id: a for a in cycle.criteria.all()}
    depth: dict[int, int] = {}
    rows = []
    nodes = Criterion.objects.filter(version_id=cycle.framework_version_id).order_by("order")
    for node in nodes:  # parents come first: frameworks are loaded in tree order
        depth[node.pk] = depth.get(node.parent_id, -1) + 1
        rows.append(OutlineRow(node, depth[node.pk], assessments.get(node.pk)))
    # A heading with no criterion under it (a topic whose criteria are not yet provided)
    # offers nothing to choose: leave it out.
    return [
        row
        for index, row in enumerate(rows)
        if row.assessment is not None or _criteria_below(rows, index)
    ]


def _criteria_below(rows: list[OutlineRow], index: int) -> bool:
    for row in rows[index + 1 :]:
        if row.depth <= rows[index].depth:
            return False
        if row.assessment is not None:
            return True
    return False
