"""Reads of assessment cycles for the pages and the API, in a fixed number of queries.

The criteria page of a cycle costs the same whatever the number of criteria or evidence links:
the tree, the criterion assessments, the links (and their records, one query per kind), the
comment counts and each artefact check are each loaded once.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet

from seam_scm.thai.dates import FiscalYear

from . import scoring
from .artefacts import ARTEFACTS, ArtefactContext, ArtefactStatus, State
from .evidence import load_records
from .models import (
    AssessmentCycle,
    Criterion,
    CriterionAssessment,
    CriterionKind,
    CriterionLevel,
    CriterionMapping,
    CycleState,
    EvidenceLink,
    FrameworkVersion,
    ReviewComment,
)


def published_versions() -> QuerySet[FrameworkVersion]:
    return FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED).select_related(
        "framework"
    )


def cycle_list() -> QuerySet[AssessmentCycle]:
    return (
        AssessmentCycle.objects.select_related("framework_version__framework")
        .annotate(criteria_count=Count("criteria"))
        .order_by("-fiscal_year", "framework_version__framework__code", "-id")
    )


def cycle(cycle_pk: int) -> AssessmentCycle:
    return AssessmentCycle.objects.select_related(
        "organization", "framework_version__framework", "finalized_by"
    ).get(pk=cycle_pk)


def criterion_assessment(cycle: AssessmentCycle, assessment_pk: int) -> CriterionAssessment:
    assessment = CriterionAssessment.objects.select_related(
        "criterion__parent__parent", "responsible_unit", "owner", "reviewed_by"
    ).get(cycle=cycle, pk=assessment_pk)
    assessment.cycle = cycle
    return assessment


def version_tree(version: FrameworkVersion) -> list[Criterion]:
    """Every node of the version in tree order, with `depth` and its levels prefetched."""
    nodes = list(
        version.criteria.order_by("order").prefetch_related(
            Prefetch("levels", queryset=CriterionLevel.objects.order_by("level"))
        )
    )
    depth: dict[int, int] = {}
    for node in nodes:  # parents come first: the loader saves them in tree order
        node.depth = depth[node.pk] = depth.get(node.parent_id, -1) + 1
    return nodes


# --- readiness --------------------------------------------------------------------------------


@dataclass
class LevelReadiness:
    level: int
    text: str
    source: str
    artefacts: list[ArtefactStatus]

    @property
    def met(self) -> bool:
        return all(status.is_present for status in self.artefacts)


@dataclass
class CriterionReadiness:
    """Each level's expected artefacts and their state; whether the claimed level is backed."""

    levels: list[LevelReadiness]
    claimed_level: int | None

    def up_to(self, level: int | None) -> list[ArtefactStatus]:
        seen: dict[str, ArtefactStatus] = {}
        for row in self.levels:
            if level is not None and row.level <= level:
                for status in row.artefacts:
                    seen.setdefault(status.key, status)
        return list(seen.values())

    @property
    def claim_checks(self) -> list[ArtefactStatus]:
        return self.up_to(self.claimed_level)

    @property
    def unbacked(self) -> list[ArtefactStatus]:
        """Artefacts the claimed level expects that the data does not show (or not currently)."""
        return [status for status in self.claim_checks if not status.is_present]

    @property
    def is_backed(self) -> bool | None:
        """True/False for a claim with expected artefacts; None when there is nothing to check."""
        if not self.claim_checks:
            return None
        return not self.unbacked

    @property
    def highest_backed_level(self) -> int:
        """The highest level whose expected artefacts (and those below it) are all present."""
        backed = 0
        for row in self.levels:
            if not row.met:
                break
            if row.artefacts:  # a level that expects nothing proves nothing either
                backed = row.level
        return backed


def artefact_context(cycle: AssessmentCycle, links: list[EvidenceLink]) -> ArtefactContext:
    by_artefact: dict[str, list[EvidenceLink]] = defaultdict(list)
    for link in links:
        if link.artefact:
            by_artefact[link.artefact].append(link)
    fiscal_year = FiscalYear.named(cycle.fiscal_year, cycle.organization.fiscal_year_start_month)
    return ArtefactContext(cycle.organization, fiscal_year, dict(by_artefact))


def criterion_readiness(
    criterion: Criterion, claimed_level: int | None, context: ArtefactContext
) -> CriterionReadiness:
    levels = [
        LevelReadiness(
            level=level.level,
            text=level.text,
            source=level.source,
            artefacts=[context.status(key) for key in level.expected_artefacts if key in ARTEFACTS],
        )
        for level in criterion.levels.all()
    ]
    return CriterionReadiness(levels, claimed_level)


# --- the criteria page -------------------------------------------------------------------------


@dataclass
class TreeRow:
    node: Criterion
    depth: int
    assessment: CriterionAssessment | None = None  # criteria only
    readiness: CriterionReadiness | None = None
    evidence_count: int = 0
    open_comments: int = 0
    claimed: Decimal | None = None
    assessed: Decimal | None = None
    target: Decimal | None = None
    previous: Decimal | None = None
    counted: bool = True

    @property
    def gap(self) -> Decimal | None:
        if self.target is None or self.claimed is None:
            return None
        return self.target - self.claimed


@dataclass
class CycleTree:
    cycle: AssessmentCycle
    rows: list[TreeRow]
    scores: scoring.Scores
    previous_cycle: AssessmentCycle | None
    status_counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> TreeRow:
        scores = self.scores
        return TreeRow(
            node=None,
            depth=0,
            claimed=scores.claimed.of(scoring.ROOT),
            assessed=scores.assessed.of(scoring.ROOT),
            target=scores.target.of(scoring.ROOT),
            previous=scores.previous.of(scoring.ROOT) if scores.previous else None,
        )

    @property
    def modules(self) -> list[TreeRow]:
        return [row for row in self.rows if row.node.kind == CriterionKind.MODULE]

    def criteria_of(self, module: TreeRow) -> list[TreeRow]:
        """The criteria under a module, for its chart."""
        inside, rows = False, []
        for row in self.rows:
            if row.node.pk == module.node.pk:
                inside = True
            elif row.node.kind == CriterionKind.MODULE:
                inside = False
            elif inside and row.assessment is not None:
                rows.append(row)
        return rows


def _assessments(cycle: AssessmentCycle) -> list[CriterionAssessment]:
    assessments = list(
        cycle.criteria.select_related("responsible_unit", "owner").annotate(
            evidence_count=Count("evidence", distinct=True),
        )
    )
    for assessment in assessments:
        assessment.cycle = cycle
    return assessments


def _nodes(tree: list[Criterion]) -> list[scoring.Node]:
    return [
        scoring.Node(c.pk, c.parent_id, c.weight, c.kind == CriterionKind.CRITERION) for c in tree
    ]


def previous_cycle(cycle: AssessmentCycle) -> AssessmentCycle | None:
    """The organization's latest earlier cycle of the same framework (any version)."""
    return (
        AssessmentCycle.objects.filter(
            framework_version__framework_id=cycle.framework_version.framework_id,
            fiscal_year__lt=cycle.fiscal_year,
        )
        .select_related("framework_version")
        .order_by("-fiscal_year")
        .first()
    )


def _previous_tally(
    previous: AssessmentCycle | None, tree: list[Criterion]
) -> scoring.Tally | None:
    """The previous cycle's scores on this cycle's nodes, matched by code: the assessed levels
    of a final cycle, else its claims."""
    if previous is None:
        return None
    codes = {c.pk: c.code for c in tree}
    by_code = {code: pk for pk, code in codes.items()}
    if previous.is_final and previous.final_scores:
        tally = scoring.Tally()
        for code, row in previous.final_scores.items():
            value = row.get("assessed") or row.get("claimed")
            node_id = scoring.ROOT if code == "" else by_code.get(code)
            if (code == "" or node_id is not None) and value is not None:
                tally.scores[node_id] = Decimal(value)
        return tally
    old_tree = list(previous.framework_version.criteria.all())
    levels = {a.criterion_id: a.claimed_level for a in previous.criteria.all()}
    old = scoring.tally(_nodes(old_tree), levels)
    old_codes = {c.pk: c.code for c in old_tree}
    tally = scoring.Tally()
    tally.scores[scoring.ROOT] = old.of(scoring.ROOT)
    for old_id, value in old.scores.items():
        if old_id is not None and old_codes.get(old_id) in by_code:
            tally.scores[by_code[old_codes[old_id]]] = value
    return tally


def cycle_scores(
    cycle: AssessmentCycle,
    *,
    frozen: bool = True,
    tree: list[Criterion] | None = None,
    assessments: list[CriterionAssessment] | None = None,
) -> scoring.Scores:
    """The cycle's scores: live, or as kept when it became final (`frozen`)."""
    tree = tree if tree is not None else list(cycle.framework_version.criteria.all())
    assessments = assessments if assessments is not None else list(cycle.criteria.all())
    previous = _previous_tally(previous_cycle(cycle), tree)
    if frozen and cycle.is_final and cycle.final_scores:
        return _frozen_scores(cycle.final_scores, tree, previous)
    nodes = _nodes(tree)
    return scoring.Scores(
        claimed=scoring.tally(nodes, {a.criterion_id: a.claimed_level for a in assessments}),
        assessed=scoring.tally(nodes, {a.criterion_id: a.assessor_level for a in assessments}),
        target=scoring.tally(nodes, {a.criterion_id: a.effective_target for a in assessments}),
        previous=previous,
    )


def _frozen_scores(rows: dict, tree: list[Criterion], previous) -> scoring.Scores:
    by_code = {c.code: c.pk for c in tree}
    tallies = {name: scoring.Tally() for name in ("claimed", "assessed", "target")}
    for code, row in rows.items():
        node_id = scoring.ROOT if code == "" else by_code.get(code)
        if code != "" and node_id is None:
            continue
        for name, tally in tallies.items():
            tally.scores[node_id] = None if row[name] is None else Decimal(row[name])
            if not row.get("counted", True):
                tally.left_out.add(node_id)
    return scoring.Scores(previous=previous, **tallies)


def cycle_tree(cycle: AssessmentCycle, *, with_readiness: bool = True) -> CycleTree:
    tree = version_tree(cycle.framework_version)
    assessments = _assessments(cycle)
    by_criterion = {a.criterion_id: a for a in assessments}
    links = list(
        EvidenceLink.objects.filter(assessment__cycle=cycle).only(
            "artefact", "effective_date", "label", "assessment_id"
        )
    )
    open_comments = Counter(
        ReviewComment.objects.filter(assessment__cycle=cycle, parent__isnull=True)
        .annotate(reply_count=Count("replies"))
        .filter(reply_count=0)
        .values_list("assessment_id", flat=True)
    )
    context = artefact_context(cycle, links)
    scores = cycle_scores(cycle, tree=tree, assessments=assessments)
    previous = previous_cycle(cycle)
    rows = []
    for node in tree:
        assessment = by_criterion.get(node.pk)
        row = TreeRow(
            node=node,
            depth=node.depth,
            assessment=assessment,
            claimed=scores.claimed.of(node.pk),
            assessed=scores.assessed.of(node.pk),
            target=scores.target.of(node.pk),
            previous=scores.previous.of(node.pk) if scores.previous else None,
            counted=node.pk not in scores.claimed.left_out,
        )
        if assessment is not None:
            row.evidence_count = assessment.evidence_count
            row.open_comments = open_comments.get(assessment.pk, 0)
            if with_readiness:
                row.readiness = criterion_readiness(node, assessment.claimed_level, context)
        rows.append(row)
    counts = Counter(a.status for a in assessments)
    return CycleTree(cycle, rows, scores, previous, counts)


# --- one criterion ----------------------------------------------------------------------------


@dataclass
class Thread:
    comment: ReviewComment
    replies: list[ReviewComment]


@dataclass
class MappedEvidence:
    criterion: Criterion  # the mapped criterion, in the other framework
    cycle: AssessmentCycle | None  # the organization's cycle of that framework this fiscal year
    assessment: CriterionAssessment | None
    links: list[EvidenceLink]


@dataclass
class CriterionPage:
    assessment: CriterionAssessment
    readiness: CriterionReadiness
    links: list[EvidenceLink]
    threads: list[Thread]
    mapped: list[MappedEvidence]


def criterion_page(cycle: AssessmentCycle, assessment: CriterionAssessment) -> CriterionPage:
    criterion = Criterion.objects.prefetch_related(
        Prefetch("levels", queryset=CriterionLevel.objects.order_by("level"))
    ).get(pk=assessment.criterion_id)
    assessment.criterion = criterion
    links = list(assessment.evidence.select_related("added_by").order_by("-effective_date", "id"))
    load_records(links)
    cycle_links = list(EvidenceLink.objects.filter(assessment__cycle=cycle).exclude(artefact=""))
    readiness = criterion_readiness(
        criterion, assessment.claimed_level, artefact_context(cycle, cycle_links)
    )
    comments = list(
        assessment.comments.select_related("author", "evidence").order_by("created_at", "id")
    )
    replies: dict[int, list[ReviewComment]] = defaultdict(list)
    for comment in comments:
        if comment.parent_id:
            replies[comment.parent_id].append(comment)
    threads = [Thread(c, replies.get(c.pk, [])) for c in comments if c.parent_id is None]
    return CriterionPage(assessment, readiness, links, threads, mapped_evidence(cycle, criterion))


def mapped_evidence(cycle: AssessmentCycle, criterion: Criterion) -> list[MappedEvidence]:
    """Evidence the organization linked this fiscal year to criteria of other frameworks that
    are mapped to this one (either way)."""
    mappings = CriterionMapping.objects.filter(source=criterion).select_related("target__version")
    reverse = CriterionMapping.objects.filter(target=criterion).select_related("source__version")
    mapped = [m.target for m in mappings] + [m.source for m in reverse]
    if not mapped:
        return []
    cycles = {
        c.framework_version_id: c
        for c in AssessmentCycle.objects.filter(
            fiscal_year=cycle.fiscal_year,
            framework_version_id__in={m.version_id for m in mapped},
        )
    }
    assessments = {
        (a.cycle_id, a.criterion_id): a
        for a in CriterionAssessment.objects.filter(
            cycle__in=cycles.values(), criterion__in=mapped
        ).prefetch_related(
            Prefetch("evidence", queryset=EvidenceLink.objects.order_by("-effective_date"))
        )
    }
    result = []
    all_links = []
    for other in sorted(mapped, key=lambda c: (c.version_id, c.order)):
        other_cycle = cycles.get(other.version_id)
        assessment = assessments.get((other_cycle.pk, other.pk)) if other_cycle else None
        links = list(assessment.evidence.all()) if assessment else []
        all_links += links
        result.append(MappedEvidence(other, other_cycle, assessment, links))
    load_records(all_links)
    return result


def status_label(state: str) -> str:
    return {State.PRESENT: "success", State.OUT_OF_DATE: "warning", State.MISSING: "danger"}[state]


def is_open_for_claims(cycle: AssessmentCycle) -> bool:
    return cycle.state == CycleState.PREPARING


# --- the list of cycles -----------------------------------------------------------------------


@dataclass
class CycleSummary:
    """A cycle as the list shows it: its criteria per status and its framework scores."""

    cycle: AssessmentCycle
    status_counts: Counter
    claimed: Decimal | None
    assessed: Decimal | None

    @property
    def total(self) -> int:
        return sum(self.status_counts.values())


def cycle_summaries(cycles: list[AssessmentCycle]) -> list[CycleSummary]:
    """Per cycle, its status counts and framework scores (kept ones for a final cycle), in two
    queries whatever the number of cycles and criteria."""
    rows = CriterionAssessment.objects.filter(cycle__in=cycles).values_list(
        "cycle_id", "criterion_id", "status", "claimed_level", "assessor_level"
    )
    by_cycle: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        by_cycle[row[0]].append(row)
    live = [c for c in cycles if not (c.is_final and c.final_scores)]
    nodes: dict[int, list[scoring.Node]] = defaultdict(list)
    if live:
        tree = Criterion.objects.filter(
            version_id__in={c.framework_version_id for c in live}
        ).order_by("order")
        for c in tree:
            nodes[c.version_id].append(
                scoring.Node(c.pk, c.parent_id, c.weight, c.kind == CriterionKind.CRITERION)
            )
    summaries = []
    for one in cycles:
        assessed_rows = by_cycle.get(one.pk, [])
        counts = Counter(row[2] for row in assessed_rows)
        if one in live:
            version_nodes = nodes[one.framework_version_id]
            claimed = scoring.tally(version_nodes, {r[1]: r[3] for r in assessed_rows})
            assessed = scoring.tally(version_nodes, {r[1]: r[4] for r in assessed_rows})
            scores = claimed.of(scoring.ROOT), assessed.of(scoring.ROOT)
        else:
            kept = one.final_scores.get("", {})
            scores = tuple(
                None if kept.get(name) is None else Decimal(kept[name])
                for name in ("claimed", "assessed")
            )
        summaries.append(CycleSummary(one, counts, *scores))
    return summaries
