"""The whole assessment cycle as one nested document, for assessors' tools.

Built from `selectors.cycle_tree` (the tree, the self-assessments, readiness and scores) plus
one query each for the evidence links (and one per kind of linked record), the comments and
the reviewers: the number of queries does not grow with criteria, links or comments.
Owners, reviewers and authors are named (they are staff); nothing of complainants or
stakeholders' representatives is part of it.
"""

from collections import Counter, defaultdict

from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework import serializers

from seam_scm.tenancy.api import ReadinessCheckSerializer

from .. import selectors
from ..artefacts import ARTEFACTS, STATE_LABELS, ArtefactStatus
from ..evidence import EVIDENCE_KINDS, load_records, record_url
from ..models import (
    AssessmentCycle,
    CriterionKind,
    CriterionStatus,
    CycleState,
    EvidenceLink,
    ReviewComment,
)
from .common import score_field, user_name

ARTEFACT_STATES = ", ".join(str(state) for state in STATE_LABELS)
NOT_PROVIDED = "Empty: not yet provided."

# --- the shape (serializers of plain dicts; they also document the schema) -------------------


class DocumentArtefactSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The expected artefact's key.")
    label = serializers.CharField()
    state = serializers.CharField(help_text=f"Live state: {ARTEFACT_STATES}.")
    state_label = serializers.CharField()
    detail = serializers.CharField(allow_blank=True, help_text="What was found, or is missing.")
    url = serializers.CharField(allow_blank=True, help_text="The page where it is shown or fixed.")
    checks = ReadinessCheckSerializer(
        many=True, help_text="The module's own readiness checks, where a module judges it."
    )


class DocumentLevelSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    text = serializers.CharField(allow_blank=True, help_text=f"The requirement. {NOT_PROVIDED}")
    source = serializers.CharField(allow_blank=True)
    met = serializers.BooleanField(help_text="Every expected artefact of the level is present.")
    artefacts = DocumentArtefactSerializer(many=True, help_text="The expected artefacts.")


class DocumentScoresSerializer(serializers.Serializer):
    claimed = score_field("Weighted score of the claimed levels.")
    assessed = score_field("Weighted score of the assessors' levels.")
    target = score_field("Weighted score of the target levels.")
    gap = score_field("target − claimed.")
    previous = score_field(
        "The previous cycle's score (assessed levels of a final cycle, else claimed)."
    )
    counted = serializers.BooleanField(
        help_text="Whether the node counts in its parent's score (false: weight not yet "
        "provided while its siblings have one, or nothing to score)."
    )


class DocumentSelfAssessmentSerializer(serializers.Serializer):
    claimed_level = serializers.IntegerField(allow_null=True, help_text="0-5; null: not claimed.")
    target_level = serializers.IntegerField(
        allow_null=True, help_text="The criterion's own target; null: the cycle's."
    )
    effective_target_level = serializers.IntegerField()
    approach = serializers.CharField(allow_blank=True)
    deployment = serializers.CharField(allow_blank=True)
    learning = serializers.CharField(allow_blank=True)
    integration = serializers.CharField(allow_blank=True)
    owner = serializers.IntegerField(allow_null=True, help_text="User id.")
    owner_name = serializers.CharField(allow_blank=True)
    responsible_unit = serializers.IntegerField(allow_null=True)
    responsible_unit_name = serializers.CharField(allow_blank=True)
    due_date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=CriterionStatus.choices)
    status_label = serializers.CharField()


class DocumentReadinessSerializer(serializers.Serializer):
    claimed_level = serializers.IntegerField(allow_null=True)
    is_backed = serializers.BooleanField(
        allow_null=True,
        help_text="Whether live data shows every artefact the claimed level (and the levels "
        "below it) expects; null when there is nothing to check.",
    )
    unbacked = DocumentArtefactSerializer(
        many=True, help_text="Artefacts the claimed level expects that the data does not show."
    )
    highest_backed_level = serializers.IntegerField(
        help_text="The highest level whose expected artefacts (and those below) are present."
    )


class DocumentEvidenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="The kind of evidence (see evidence-links).")
    kind_label = serializers.CharField()
    label = serializers.CharField()
    effective_date = serializers.DateField(help_text="The date it shows the situation on.")
    artefact = serializers.CharField(
        allow_blank=True, help_text="The expected artefact it provides, if any."
    )
    artefact_label = serializers.CharField(allow_blank=True)
    record_id = serializers.IntegerField()
    record_url = serializers.CharField(
        allow_blank=True, help_text="The record's page; empty when it is no longer available."
    )
    record_available = serializers.BooleanField()
    added_by_name = serializers.CharField()
    created_at = serializers.DateTimeField()


class DocumentReviewSerializer(serializers.Serializer):
    assessor_level = serializers.IntegerField(allow_null=True)
    strengths = serializers.CharField(allow_blank=True)
    opportunities = serializers.CharField(allow_blank=True)
    reviewed_by = serializers.IntegerField(allow_null=True, help_text="User id.")
    reviewed_by_name = serializers.CharField(allow_blank=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)


class DocumentReplySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author_name = serializers.CharField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


class DocumentThreadSerializer(DocumentReplySerializer):
    evidence = serializers.IntegerField(
        allow_null=True, help_text="The evidence link the comment is about, if any."
    )
    replies = DocumentReplySerializer(many=True)


class _NodeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The node's id in the framework version.")
    code = serializers.CharField()
    title = serializers.CharField(allow_blank=True, help_text=NOT_PROVIDED)
    description = serializers.CharField(allow_blank=True)
    weight = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        allow_null=True,
        coerce_to_string=False,
        help_text=f"Percent. {NOT_PROVIDED}",
    )
    note = serializers.CharField(
        allow_blank=True, help_text="What the source does and does not say."
    )
    scores = DocumentScoresSerializer()


class DocumentCriterionSerializer(_NodeSerializer):
    assessment = serializers.IntegerField(help_text="The criterion-assessment id.")
    levels = DocumentLevelSerializer(many=True)
    self_assessment = DocumentSelfAssessmentSerializer()
    readiness = DocumentReadinessSerializer(help_text="Of the claimed level.")
    evidence = DocumentEvidenceSerializer(many=True, help_text="Latest first.")
    review = DocumentReviewSerializer()
    threads = DocumentThreadSerializer(many=True, help_text="Oldest first, replies with each.")


class DocumentTopicSerializer(_NodeSerializer):
    criteria = DocumentCriterionSerializer(many=True)


class DocumentModuleSerializer(_NodeSerializer):
    topics = DocumentTopicSerializer(many=True)
    criteria = DocumentCriterionSerializer(
        many=True, help_text="Criteria placed directly under the module, outside any topic."
    )


class DocumentFrameworkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)


class DocumentVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    source = serializers.CharField(allow_blank=True)
    published_at = serializers.DateTimeField(allow_null=True)


class DocumentPreviousCycleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    fiscal_year = serializers.IntegerField()
    state = serializers.ChoiceField(choices=CycleState.choices)
    title = serializers.CharField()


class DocumentStatusCountSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CriterionStatus.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()


class CycleDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(help_text="The cycle's title, or its framework and year.")
    fiscal_year = serializers.IntegerField(help_text="B.E.")
    state = serializers.ChoiceField(choices=CycleState.choices)
    state_label = serializers.CharField()
    target_level = serializers.IntegerField()
    finalized_at = serializers.DateTimeField(allow_null=True)
    finalized_by_name = serializers.CharField(allow_blank=True)
    generated_at = serializers.DateTimeField(
        help_text="Artefact states and readiness are live: as of this moment."
    )
    framework = DocumentFrameworkSerializer()
    version = DocumentVersionSerializer()
    previous_cycle = DocumentPreviousCycleSerializer(
        allow_null=True, help_text="The cycle the `previous` scores come from."
    )
    scores = DocumentScoresSerializer(
        help_text="The framework as a whole; a final cycle's as kept when it became final."
    )
    status_counts = DocumentStatusCountSerializer(many=True, help_text="Criteria per status.")
    modules = DocumentModuleSerializer(many=True)


# --- the data ---------------------------------------------------------------------------------


def _artefact(status: ArtefactStatus) -> dict:
    return {
        "key": status.key,
        "label": status.label,
        "state": status.state,
        "state_label": status.state_label,
        "detail": status.detail,
        "url": status.url,
        "checks": [
            {"label": c.label, "met": c.met, "detail": c.detail, "url": c.url}
            for c in status.checks
        ],
    }


def _scores(row: selectors.TreeRow) -> dict:
    return {
        "claimed": row.claimed,
        "assessed": row.assessed,
        "target": row.target,
        "gap": row.gap,
        "previous": row.previous,
        "counted": row.counted,
    }


def _node(row: selectors.TreeRow) -> dict:
    node = row.node
    return {
        "id": node.pk,
        "code": node.code,
        "title": node.title,
        "description": node.description,
        "weight": node.weight,
        "note": node.note,
        "scores": _scores(row),
    }


def _evidence(link: EvidenceLink, org_slug: str) -> dict:
    kind = EVIDENCE_KINDS.get(link.kind)
    artefact = ARTEFACTS.get(link.artefact)
    return {
        "id": link.pk,
        "kind": link.kind,
        "kind_label": str(kind.label) if kind else link.kind,
        "label": link.label,
        "effective_date": link.effective_date,
        "artefact": link.artefact,
        "artefact_label": str(artefact.label) if artefact else "",
        "record_id": link.record_id,
        "record_url": record_url(link, org_slug),
        "record_available": link.linked is not None,
        "added_by_name": user_name(link.added_by),
        "created_at": link.created_at,
    }


def _comment(comment: ReviewComment) -> dict:
    return {
        "id": comment.pk,
        "author_name": user_name(comment.author),
        "body": comment.body,
        "created_at": comment.created_at,
    }


def _threads(comments: list[ReviewComment]) -> list[dict]:
    replies: dict[int, list[dict]] = defaultdict(list)
    for comment in comments:
        if comment.parent_id:
            replies[comment.parent_id].append(_comment(comment))
    return [
        {**_comment(c), "evidence": c.evidence_id, "replies": replies.get(c.pk, [])}
        for c in comments
        if c.parent_id is None
    ]


def _criterion(row: selectors.TreeRow, links, comments, reviewers, org_slug: str) -> dict:
    assessment, readiness = row.assessment, row.readiness
    return {
        **_node(row),
        "assessment": assessment.pk,
        "levels": [
            {
                "level": level.level,
                "text": level.text,
                "source": level.source,
                "met": level.met,
                "artefacts": [_artefact(status) for status in level.artefacts],
            }
            for level in readiness.levels
        ],
        "self_assessment": {
            "claimed_level": assessment.claimed_level,
            "target_level": assessment.target_level,
            "effective_target_level": assessment.effective_target,
            "approach": assessment.approach,
            "deployment": assessment.deployment,
            "learning": assessment.learning,
            "integration": assessment.integration,
            "owner": assessment.owner_id,
            "owner_name": user_name(assessment.owner),
            "responsible_unit": assessment.responsible_unit_id,
            "responsible_unit_name": (
                assessment.responsible_unit.name if assessment.responsible_unit else ""
            ),
            "due_date": assessment.due_date,
            "status": assessment.status,
            "status_label": assessment.get_status_display(),
        },
        "readiness": {
            "claimed_level": assessment.claimed_level,
            "is_backed": readiness.is_backed,
            "unbacked": [_artefact(status) for status in readiness.unbacked],
            "highest_backed_level": readiness.highest_backed_level,
        },
        "evidence": [_evidence(link, org_slug) for link in links],
        "review": {
            "assessor_level": assessment.assessor_level,
            "strengths": assessment.strengths,
            "opportunities": assessment.opportunities,
            "reviewed_by": assessment.reviewed_by_id,
            "reviewed_by_name": user_name(reviewers.get(assessment.reviewed_by_id)),
            "reviewed_at": assessment.reviewed_at,
        },
        "threads": _threads(comments),
    }


def cycle_document(cycle: AssessmentCycle, *, org_slug: str) -> dict:
    """The cycle as one dict in the shape of CycleDocumentSerializer (cycle with its
    organization, framework version and framework loaded)."""
    tree = selectors.cycle_tree(cycle)
    links = list(
        EvidenceLink.objects.filter(assessment__cycle=cycle)
        .select_related("added_by")
        .order_by("-effective_date", "id")
    )
    load_records(links)
    links_of: dict[int, list[EvidenceLink]] = defaultdict(list)
    for link in links:
        links_of[link.assessment_id].append(link)
    comments_of: dict[int, list[ReviewComment]] = defaultdict(list)
    for comment in (
        ReviewComment.objects.filter(assessment__cycle=cycle)
        .select_related("author")
        .order_by("created_at", "id")
    ):
        comments_of[comment.assessment_id].append(comment)
    reviewer_ids = {r.assessment.reviewed_by_id for r in tree.rows if r.assessment is not None}
    reviewers = get_user_model().objects.in_bulk(reviewer_ids - {None})

    modules: list[dict] = []
    containers: dict[int, dict] = {}  # module and topic entries by node id
    for row in tree.rows:
        kind = row.node.kind
        if kind == CriterionKind.MODULE:
            entry = containers[row.node.pk] = {**_node(row), "topics": [], "criteria": []}
            modules.append(entry)
        elif kind == CriterionKind.TOPIC:
            entry = containers[row.node.pk] = {**_node(row), "criteria": []}
            containers[row.node.parent_id]["topics"].append(entry)
        elif row.assessment is not None:
            pk = row.assessment.pk
            entry = _criterion(row, links_of[pk], comments_of[pk], reviewers, org_slug)
            containers[row.node.parent_id]["criteria"].append(entry)

    version, previous = cycle.framework_version, tree.previous_cycle
    framework = version.framework
    counts = Counter(tree.status_counts)
    return {
        "id": cycle.pk,
        "title": str(cycle),
        "fiscal_year": cycle.fiscal_year,
        "state": cycle.state,
        "state_label": cycle.get_state_display(),
        "target_level": cycle.target_level,
        "finalized_at": cycle.finalized_at,
        "finalized_by_name": user_name(cycle.finalized_by),
        "generated_at": timezone.now(),
        "framework": {
            "id": framework.pk,
            "code": framework.code,
            "title": framework.title,
            "description": framework.description,
        },
        "version": {
            "id": version.pk,
            "label": version.label,
            "source": version.source,
            "published_at": version.published_at,
        },
        "previous_cycle": previous
        and {
            "id": previous.pk,
            "fiscal_year": previous.fiscal_year,
            "state": previous.state,
            "title": str(previous),
        },
        "scores": _scores(tree.total),
        "status_counts": [
            {"status": value, "label": str(label), "count": counts.get(value, 0)}
            for value, label in CriterionStatus.choices
        ],
        "modules": modules,
    }
