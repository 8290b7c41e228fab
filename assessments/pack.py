"""The assessment pack: an assessment cycle, whole or for chosen criteria, as one PDF.

What an assessment committee reads, in the order it reads it: a cover, the scores, then the
criteria tree (module > topic > criterion). Each criterion shows its claim, the readiness of
each level from live data, the organization's narrative and, once the cycle is final, the
assessors' review and comments; then its evidence list, followed by the evidence files
themselves (PDFs appended page by page, other files embedded; the manifest lists them all with
their SHA-256).

Which files go in is the requester's download right (files.access.downloadable), decided for
the whole list at once: an assessor's pack holds only the files an assessor may open, and files
that may show personal data go in only when the pack may carry it (pack.includes_personal_data).
Linked records never hold personal data (assessments.evidence offers none).

The cost is a fixed number of queries whatever the number of criteria and links: the cycle tree
(selectors.cycle_tree, already query-counted), the links and their records (one query per kind
of record), the files (two queries), the requester's rights, and for a final cycle the comments
and the reviewers.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from seam_scm.files.access import downloadable, holds_personal_data
from seam_scm.files.models import Attachment, FileVersion
from seam_scm.packs.kinds import (
    IncludedFile,
    PackContent,
    PackKindSpec,
    Progress,
    logo_data_uri,
)
from seam_scm.packs.models import PackKind
from seam_scm.tenancy.models import Membership
from seam_scm.tenancy.roles import Action
from seam_scm.thai.dates import FiscalYear

from . import selectors
from .artefacts import ARTEFACTS
from .evidence import EVIDENCE_KINDS, load_records
from .models import AssessmentCycle, CriterionKind, CriterionStatus, EvidenceLink, ReviewComment

TEMPLATE = "assessments/pack/pack.html"

NOT_DOWNLOADABLE = gettext_lazy(
    "Not included: the role of the person who requested this pack does not allow downloading it."
)
PERSONAL_DATA = gettext_lazy("Not included: the file may show personal data.")
NO_CHOSEN_CRITERIA = gettext_lazy(
    "None of the chosen criteria belong to this assessment cycle any more; choose them again."
)
CYCLE_GONE = gettext_lazy("The assessment cycle of this pack has been deleted.")
REQUESTER_GONE = gettext_lazy(
    "The person who requested this pack is no longer a member of the organization."
)

# Records whose own files (Attachment.record) go into the pack with them. A business line
# stands for its stakeholder profiles: files kept on the unit are not evidence of them.
# Document versions bring the files pinned to the version (VersionAttachment) instead.
RECORD_FILE_KINDS = {"survey", "journey_map", "review_meeting", "complaint_kpis"}


# --- what the template reads ----------------------------------------------------------------


@dataclass
class FileMention:
    """A file under an evidence row: where it is in the pack, or why it is not (without its
    name, which may itself be personal)."""

    included: IncludedFile | None = None
    first: bool = True  # False: already placed after an earlier criterion
    note: str = ""

    @property
    def target(self) -> str:
        """The anchor the row links to: the first appended page, or the attachment note."""
        if self.included is None:
            return ""
        if self.included.appended:
            return self.included.page_anchor(1)
        return self.included.anchor


@dataclass
class EvidenceRow:
    link: EvidenceLink
    kind_label: str
    record_label: str  # what the linked record is now; "" when it is gone
    artefact_label: str
    files: list[FileMention] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return getattr(self.link, "linked", None) is not None


@dataclass
class Entry:
    """A node of the tree in the pack: a module (h1), a topic (h2) or a criterion (h3)."""

    row: selectors.TreeRow
    # Criteria only:
    evidence: list[EvidenceRow] = field(default_factory=list)
    files: list[IncludedFile] = field(default_factory=list)  # placed after the evidence list
    threads: list[selectors.Thread] = field(default_factory=list)
    reviewer: object = None

    @property
    def node(self):
        return self.row.node

    @property
    def kind(self) -> str:
        return self.node.kind

    @property
    def anchor(self) -> str:
        return f"node-{self.node.pk}"

    @property
    def heading(self) -> str:
        title = self.node.title or _("Title not yet provided")
        return f"{self.node.code} {title}"

    @property
    def toc_level(self) -> int:
        return {CriterionKind.MODULE: 1, CriterionKind.TOPIC: 2}.get(self.kind, 3)

    @property
    def assessment(self):
        return self.row.assessment

    @property
    def gap(self) -> int | None:
        claimed = self.assessment.claimed_level
        return None if claimed is None else self.assessment.effective_target - claimed


@dataclass
class Section:
    """A module and everything under it: one chapter of the pack, from a new page."""

    module: Entry | None  # None: nodes above any module (no shipped framework has them)
    entries: list[Entry] = field(default_factory=list)


# --- the kind -------------------------------------------------------------------------------


def chosen_ids(options: dict) -> set[int]:
    """The CriterionAssessment ids of a part-cycle pack; empty for the whole cycle."""
    chosen = set()
    for value in options.get("criteria") or []:
        try:
            chosen.add(int(value))
        except (TypeError, ValueError):
            continue
    return chosen


def pack_title(cycle: AssessmentCycle, options: dict) -> str:
    chosen = chosen_ids(options)
    if chosen:
        return ngettext(
            "Assessment pack: %(cycle)s, %(count)d criterion",
            "Assessment pack: %(cycle)s, %(count)d criteria",
            len(chosen),
        ) % {"cycle": cycle, "count": len(chosen)}
    return _("Assessment pack: %(cycle)s") % {"cycle": cycle}


def collect(pack, progress: Progress) -> PackContent:
    # Imported here: the renderer (WeasyPrint) and the pages load only where a pack is built.
    from seam_scm.packs.rendering import PackError

    from .views.cycles import ASSESSED_STATES

    progress(2, _("Reading the assessment cycle"))
    try:
        cycle = selectors.cycle(pack.subject_id)
    except AssessmentCycle.DoesNotExist:
        raise PackError(str(CYCLE_GONE)) from None
    # The requester's role now decides which files go in (a role may have changed since).
    membership = (
        Membership.objects.select_related("user")
        .filter(organization_id=pack.organization_id, user_id=pack.requested_by_id)
        .first()
    )
    if membership is None:
        raise PackError(str(REQUESTER_GONE))
    tree = selectors.cycle_tree(cycle)
    chosen = chosen_ids(pack.options)
    rows = _rows_in_pack(tree.rows, chosen)
    if chosen and not any(row.assessment for row in rows):
        raise PackError(str(NO_CHOSEN_CRITERIA))
    criteria = [Entry(row) for row in rows if row.assessment is not None]
    by_assessment = {entry.assessment.pk: entry for entry in criteria}

    progress(5, _("Reading the evidence"))
    links = list(
        EvidenceLink.objects.filter(assessment_id__in=list(by_assessment)).order_by(
            "-effective_date", "id"
        )
    )
    load_records(links)
    for link in links:
        by_assessment[link.assessment_id].evidence.append(_evidence_row(link))

    progress(8, _("Choosing the evidence files"))
    files = _place_files(criteria, membership, pack.includes_personal_data)

    show_review = cycle.is_final
    if show_review:
        _load_review(criteria)

    progress(10, _("Preparing the pages"))
    entries = [
        by_assessment.get(row.assessment.pk) if row.assessment else Entry(row) for row in rows
    ]
    sections = _sections(entries)
    left_out = sum(
        1 for entry in criteria for row in entry.evidence for f in row.files if not f.included
    )
    context = {
        "pack": pack,
        "organization": cycle.organization,
        "logo_uri": logo_data_uri(cycle.organization),
        "cycle": cycle,
        "version": cycle.framework_version,
        "framework": cycle.framework_version.framework,
        "fiscal_year": FiscalYear.named(
            cycle.fiscal_year, cycle.organization.fiscal_year_start_month
        ),
        "pack_date": timezone.localdate(pack.created_at),
        "requested_by": membership.user,
        "total": tree.total,
        "modules": tree.modules,
        "show_assessed": cycle.state in ASSESSED_STATES,
        "show_review": show_review,
        "is_part": bool(chosen),
        "criteria_count": len(criteria),
        "status_counts": _status_counts(criteria),
        "reviewed_count": sum(1 for e in criteria if e.assessment.reviewed_at is not None),
        "left_out_count": left_out,
        "sections": sections,
        "toc": [{"anchor": "summary", "title": _("Summary"), "level": 1}]
        + [
            {"anchor": entry.anchor, "title": entry.heading, "level": entry.toc_level}
            for entry in entries
        ],
    }
    return PackContent(TEMPLATE, context, files)


def assessment_pack_kind() -> PackKindSpec:
    return PackKindSpec(
        kind=PackKind.ASSESSMENT,
        action=Action.EXPORT_ASSESSMENT_PACKS,
        subject_model=AssessmentCycle,
        title=pack_title,
        fiscal_year=lambda cycle: cycle.fiscal_year,
        collect=collect,
    )


# --- the parts ------------------------------------------------------------------------------


def _rows_in_pack(rows: list[selectors.TreeRow], chosen: set[int]) -> list[selectors.TreeRow]:
    """The whole tree, or the chosen criteria with the modules and topics above them."""
    if not chosen:
        return rows
    parents = {row.node.pk: row.node.parent_id for row in rows}
    kept: set[int] = set()
    for row in rows:
        if row.assessment is not None and row.assessment.pk in chosen:
            node_id = row.node.pk
            while node_id is not None and node_id not in kept:
                kept.add(node_id)
                node_id = parents.get(node_id)
    return [row for row in rows if row.node.pk in kept]


def _sections(entries: list[Entry]) -> list[Section]:
    """Chapters: each module starts one."""
    sections: list[Section] = []
    for entry in entries:
        if entry.kind == CriterionKind.MODULE:
            sections.append(Section(entry))
        else:
            if not sections:
                sections.append(Section(None))
            sections[-1].entries.append(entry)
    return sections


def _evidence_row(link: EvidenceLink) -> EvidenceRow:
    kind = EVIDENCE_KINDS.get(link.kind)
    linked = getattr(link, "linked", None)
    artefact = ARTEFACTS.get(link.artefact) if link.artefact else None
    return EvidenceRow(
        link=link,
        kind_label=str(kind.label) if kind else link.kind,
        record_label=kind.describe(linked) if kind and linked is not None else "",
        artefact_label=str(artefact.label) if artefact else link.artefact,
    )


def _files_of_links(links: list[EvidenceLink]) -> dict[int, list[tuple[str, FileVersion]]]:
    """Per link id, the (label, file version) of each file it brings, in two queries.

    A linked file brings its current version; a linked document version the files pinned to
    it; a survey its report; surveys, journey maps, meetings and KPI snapshots the files kept
    on them. Deleted files stay out, as on the criterion page.
    """
    from seam_scm.approvals.models import VersionAttachment

    version_kinds = {
        key
        for key, kind in EVIDENCE_KINDS.items()
        if kind.model_label == "approvals.DocumentVersion"
    }
    live = [link for link in links if getattr(link, "linked", None) is not None]
    wanted = Q(pk__in=[])
    direct: dict[int, list[EvidenceLink]] = defaultdict(list)  # attachment id -> links
    by_record: dict[tuple[int, int], list[EvidenceLink]] = defaultdict(list)
    for link in live:
        if link.kind == "file":
            direct[link.record_id].append(link)
        elif link.kind in RECORD_FILE_KINDS:
            by_record[(link.record_type_id, link.record_id)].append(link)
            report_id = getattr(link.linked, "report_id", None)
            if report_id is not None:
                direct[report_id].append(link)
    if direct:
        wanted |= Q(pk__in=list(direct))
    record_ids: dict[int, set[int]] = defaultdict(set)
    for record_type_id, record_id in by_record:
        record_ids[record_type_id].add(record_id)
    for record_type_id, ids in record_ids.items():
        wanted |= Q(record_type_id=record_type_id, record_id__in=ids)

    found: dict[int, list[tuple[str, FileVersion]]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()

    def add(link: EvidenceLink, label: str, version: FileVersion | None) -> None:
        if version is not None and (link.pk, version.pk) not in seen:
            seen.add((link.pk, version.pk))
            found[link.pk].append((label, version))

    if direct or by_record:
        attachments = list(
            Attachment.objects.filter(wanted, deleted_at__isnull=True)
            .select_related("current_version")
            .order_by("-effective_date", "id")
        )
        # Direct links and reports first, then the files kept on the record.
        for attachment in attachments:
            for link in direct.get(attachment.pk, []):
                label = link.label if link.kind == "file" else attachment.title
                add(link, label, _with_attachment(attachment.current_version, attachment))
        for attachment in attachments:
            key = (attachment.record_type_id, attachment.record_id)
            for link in by_record.get(key, []):
                add(
                    link, attachment.title, _with_attachment(attachment.current_version, attachment)
                )
    version_links: dict[int, list[EvidenceLink]] = defaultdict(list)
    for link in live:
        if link.kind in version_kinds:
            version_links[link.record_id].append(link)
    if version_links:
        pinned = VersionAttachment.objects.filter(
            version_id__in=list(version_links), file_version__attachment__deleted_at__isnull=True
        ).select_related("file_version__attachment")
        for item in pinned.order_by("id"):
            for link in version_links[item.version_id]:
                add(link, item.label, item.file_version)
    return found


def _with_attachment(version: FileVersion | None, attachment: Attachment) -> FileVersion | None:
    if version is not None:
        version.attachment = attachment  # the rights check reads it: no query per file
    return version


def _place_files(
    criteria: list[Entry], membership: Membership, personal_data: bool
) -> list[IncludedFile]:
    """Mention every file under its evidence row; include each allowed file once, after the
    first criterion that links it, in reading order. The included files, in that order."""
    links = [row.link for entry in criteria for row in entry.evidence]
    files_of = _files_of_links(links)
    attachments = {
        version.attachment_id: version.attachment
        for pairs in files_of.values()
        for _label, version in pairs
    }
    allowed = downloadable(membership, attachments.values())
    included: dict[int, IncludedFile] = {}  # file version id -> its place in the pack
    ordered: list[IncludedFile] = []
    for entry in criteria:
        for row in entry.evidence:
            for label, version in files_of.get(row.link.pk, []):
                attachment = attachments[version.attachment_id]
                if attachment.pk not in allowed:
                    row.files.append(FileMention(note=str(NOT_DOWNLOADABLE)))
                elif holds_personal_data(attachment) and not personal_data:
                    row.files.append(FileMention(note=str(PERSONAL_DATA)))
                elif version.pk in included:
                    row.files.append(FileMention(included[version.pk], first=False))
                else:
                    placed = IncludedFile(version, label, section=entry.node.code)
                    included[version.pk] = placed
                    ordered.append(placed)
                    entry.files.append(placed)
                    row.files.append(FileMention(placed))
    return ordered


def _load_review(criteria: list[Entry]) -> None:
    """The comment threads and the reviewers of a final cycle's criteria: two queries."""
    ids = [entry.assessment.pk for entry in criteria]
    comments = list(
        ReviewComment.objects.filter(assessment_id__in=ids)
        .select_related("author", "evidence")
        .order_by("created_at", "id")
    )
    replies: dict[int, list[ReviewComment]] = defaultdict(list)
    for comment in comments:
        if comment.parent_id:
            replies[comment.parent_id].append(comment)
    by_assessment = {entry.assessment.pk: entry for entry in criteria}
    for comment in comments:
        if comment.parent_id is None:
            thread = selectors.Thread(comment, replies.get(comment.pk, []))
            by_assessment[comment.assessment_id].threads.append(thread)
    reviewer_ids = {e.assessment.reviewed_by_id for e in criteria if e.assessment.reviewed_by_id}
    reviewers = get_user_model().objects.in_bulk(reviewer_ids) if reviewer_ids else {}
    for entry in criteria:
        entry.reviewer = reviewers.get(entry.assessment.reviewed_by_id)


def _status_counts(criteria: list[Entry]) -> list[tuple[str, int]]:
    counts = defaultdict(int)
    for entry in criteria:
        counts[entry.assessment.status] += 1
    return [(label, counts[value]) for value, label in CriterionStatus.choices]
