"""Writes of assessment cycles: pages, the API and the demo all go through these.

The rules of a cycle's states:

- preparing: the organization claims levels, writes narratives and links evidence;
- self-assessed: the claims are submitted and fixed; evidence may still be linked (in answer
  to the assessors' comments) and comments answered;
- under review: the assessors record their levels, strengths and opportunities for
  improvement and mark criteria reviewed; comments and evidence as before;
- final: everything is frozen, and the scores are kept as they were computed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from seam_scm.tenancy.roles import Action, role_allows

from .artefacts import ARTEFACTS
from .evidence import EVIDENCE_KINDS
from .models import (
    FROZEN_CYCLE,
    AssessmentCycle,
    CriterionAssessment,
    CriterionKind,
    CriterionStatus,
    CycleState,
    EvidenceLink,
    ReviewComment,
)

S = CycleState
# (from, to) -> the action the member moving the cycle needs, and the words of the move.
CYCLE_MOVES = {
    (S.PREPARING, S.SELF_ASSESSED): (
        Action.EDIT_RECORDS,
        gettext_lazy("Submit the self-assessment"),
    ),
    (S.SELF_ASSESSED, S.PREPARING): (Action.EDIT_RECORDS, gettext_lazy("Reopen for changes")),
    (S.SELF_ASSESSED, S.UNDER_REVIEW): (
        Action.REVIEW_ASSESSMENTS,
        gettext_lazy("Start the review"),
    ),
    (S.UNDER_REVIEW, S.FINAL): (Action.REVIEW_ASSESSMENTS, gettext_lazy("Finalize the assessment")),
}
CLAIMS_OPEN = (S.PREPARING,)
EVIDENCE_OPEN = (S.PREPARING, S.SELF_ASSESSED, S.UNDER_REVIEW)
REVIEW_OPEN = (S.UNDER_REVIEW,)
# What each step says when the cycle's state refuses it (pages say it before showing a form).
CLAIMS_CLOSED = gettext_lazy("Claims and narratives change only while the cycle is being prepared.")
EVIDENCE_CLOSED = gettext_lazy("Evidence can no longer be linked.")
REMOVAL_CLOSED = gettext_lazy("Evidence can no longer be removed.")
COMMENTS_CLOSED = gettext_lazy("Comments are open once the cycle exists and until it is final.")
REVIEW_CLOSED = gettext_lazy("Reviews are recorded while the cycle is under review.")
SELF_ASSESSMENT_FIELDS = (
    "claimed_level", "target_level", "approach", "deployment", "learning", "integration",
    "responsible_unit", "owner", "due_date", "status",
)  # fmt: skip


def _require_state(cycle: AssessmentCycle, states, message: str) -> None:
    if cycle.state == S.FINAL:
        raise ValidationError(str(FROZEN_CYCLE), code="final")
    if cycle.state not in states:
        raise ValidationError(message, code="state")


def _save(row, **kwargs):
    row.full_clean(**kwargs)
    row.save()
    return row


@transaction.atomic
def create_cycle(
    *, organization, framework_version, fiscal_year: int, title: str = "", target_level: int = 3
) -> AssessmentCycle:
    """A cycle with one criterion self-assessment per criterion of the framework version."""
    if not framework_version.is_published:
        raise ValidationError(
            {"framework_version": _("Only a published framework version can be assessed.")}
        )
    same_framework = AssessmentCycle.objects.filter(
        framework_version__framework_id=framework_version.framework_id, fiscal_year=fiscal_year
    )
    if same_framework.exists():
        raise ValidationError(
            {
                "fiscal_year": _(
                    "This organization already has a cycle of this framework for this fiscal year."
                )
            }
        )
    cycle = _save(
        AssessmentCycle(
            organization=organization,
            framework_version=framework_version,
            fiscal_year=fiscal_year,
            title=title,
            target_level=target_level,
        )
    )
    criteria = framework_version.criteria.filter(kind=CriterionKind.CRITERION)
    bulk_create_with_history(
        [
            CriterionAssessment(organization=organization, cycle=cycle, criterion=c)
            for c in criteria
        ],
        CriterionAssessment,
    )
    return cycle


@transaction.atomic
def update_cycle(*, cycle: AssessmentCycle, title: str, target_level: int) -> AssessmentCycle:
    _require_state(
        cycle, CLAIMS_OPEN, _("The cycle's settings change only while it is being prepared.")
    )
    cycle.title, cycle.target_level = title, target_level
    return _save(cycle)


@transaction.atomic
def update_self_assessment(*, assessment: CriterionAssessment, **values) -> CriterionAssessment:
    """The organization's part of a criterion: claim, narrative, owner, due date, status."""
    _require_state(
        assessment.cycle,
        CLAIMS_OPEN,
        str(CLAIMS_CLOSED),
    )
    unknown = set(values) - set(SELF_ASSESSMENT_FIELDS)
    if unknown:
        raise ValueError(f"not self-assessment fields: {sorted(unknown)}")
    if values.get("status") == CriterionStatus.REVIEWED:
        raise ValidationError({"status": _("Only an assessor marks a criterion reviewed.")})
    for name, value in values.items():
        setattr(assessment, name, value)
    for name in ("responsible_unit", "owner"):
        _refuse_other_organization(assessment, name)
    return _save(assessment)


def _refuse_other_organization(assessment: CriterionAssessment, name: str) -> None:
    value = getattr(assessment, name)
    if value is None:
        return
    if name == "responsible_unit" and value.organization_id != assessment.organization_id:
        raise ValidationError({name: _("Choose a unit of this organization.")})
    if name == "owner":
        from seam_scm.tenancy.models import Membership

        if not Membership.objects.filter(
            organization_id=assessment.organization_id, user=value
        ).exists():
            raise ValidationError({name: _("Choose a member of this organization.")})


@transaction.atomic
def link_evidence(
    *, assessment: CriterionAssessment, kind: str, record, added_by,
    label: str = "", effective_date=None, artefact: str = "",
) -> EvidenceLink:  # fmt: skip
    """Link a file or a module record as evidence, with a label and the date it speaks for."""
    _require_state(assessment.cycle, EVIDENCE_OPEN, str(EVIDENCE_CLOSED))
    evidence_kind = EVIDENCE_KINDS.get(kind)
    if evidence_kind is None:
        raise ValidationError({"kind": _("Choose a kind of evidence.")})
    if record is None or not evidence_kind.choices().filter(pk=record.pk).exists():
        raise ValidationError({"record": _("Choose a record this organization may link.")})
    if artefact and artefact not in ARTEFACTS:
        raise ValidationError({"artefact": _("Choose an expected artefact, or none.")})
    link = EvidenceLink(
        organization_id=assessment.organization_id,
        assessment=assessment,
        kind=kind,
        record_type=evidence_kind.content_type(),
        record_id=record.pk,
        label=label.strip() or evidence_kind.describe(record)[:255],
        effective_date=effective_date or evidence_kind.date_of(record),
        artefact=artefact,
        added_by=added_by,
    )
    return _save(link)


@transaction.atomic
def link_new_file(
    *, assessment: CriterionAssessment, upload, file_title: str, file_date, added_by,
    label: str = "", effective_date=None, artefact: str = "",
) -> EvidenceLink:  # fmt: skip
    """Upload a new evidence file and link it: one transaction, nothing half saved.

    A refused upload stores nothing (files.services checks it first); if the link is then
    refused, the file's rows roll back with this transaction and its stored copy is deleted.
    The upload's problems are named after this function's parameters (file, file_title,
    file_date), so that they do not mix with the link's own label and date.
    """
    from seam_scm.files import services as file_services

    _require_state(assessment.cycle, EVIDENCE_OPEN, str(EVIDENCE_CLOSED))
    try:
        attachment = file_services.upload_attachment(
            organization=assessment.cycle.organization,
            uploaded_by=added_by,
            upload=upload,
            title=file_title,
            effective_date=file_date,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        names = {"title": "file_title", "effective_date": "file_date"}
        raise ValidationError(
            {names.get(name, name): errors for name, errors in error.error_dict.items()}
        ) from None
    try:
        return link_evidence(
            assessment=assessment, kind="file", record=attachment, added_by=added_by,
            label=label, effective_date=effective_date, artefact=artefact,
        )  # fmt: skip
    except BaseException:
        attachment.current_version.file.delete(save=False)
        raise


@transaction.atomic
def unlink_evidence(*, link: EvidenceLink) -> None:
    _require_state(link.assessment.cycle, EVIDENCE_OPEN, str(REMOVAL_CLOSED))
    link.delete()


@transaction.atomic
def add_comment(
    *, assessment: CriterionAssessment, author, role: str, body: str,
    parent: ReviewComment | None = None, evidence: EvidenceLink | None = None,
) -> ReviewComment:  # fmt: skip
    """Assessors open threads; assessors and the organization's editors reply."""
    _require_state(
        assessment.cycle,
        EVIDENCE_OPEN,
        str(COMMENTS_CLOSED),
    )
    if parent is None and not role_allows(role, Action.REVIEW_ASSESSMENTS):
        raise ValidationError(
            _("Only assessors start a comment; the organization replies."), code="role"
        )
    if parent is not None:
        if parent.assessment_id != assessment.pk or parent.parent_id is not None:
            raise ValidationError({"parent": _("Reply to a comment of this criterion.")})
        evidence = parent.evidence
    if evidence is not None and evidence.assessment_id != assessment.pk:
        raise ValidationError({"evidence": _("Choose evidence of this criterion.")})
    comment = ReviewComment(
        organization_id=assessment.organization_id,
        assessment=assessment,
        parent=parent,
        evidence=evidence,
        author=author,
        body=body.strip(),
    )
    return _save(comment)


@transaction.atomic
def record_review(
    *, assessment: CriterionAssessment, by, assessor_level, strengths: str = "",
    opportunities: str = "", reviewed: bool = False,
) -> CriterionAssessment:  # fmt: skip
    """The assessors' level, strengths and opportunities for improvement; reviewed or not."""
    _require_state(assessment.cycle, REVIEW_OPEN, str(REVIEW_CLOSED))
    if reviewed and assessor_level is None:
        raise ValidationError(
            {"assessor_level": _("Record the assessor's level before marking it reviewed.")}
        )
    assessment.assessor_level = assessor_level
    assessment.strengths, assessment.opportunities = strengths.strip(), opportunities.strip()
    assessment.reviewed_by, assessment.reviewed_at = by, timezone.now()
    if reviewed:
        assessment.status = CriterionStatus.REVIEWED
    elif assessment.status == CriterionStatus.REVIEWED:
        assessment.status = CriterionStatus.READY_FOR_REVIEW
    return _save(assessment)


def allowed_moves(cycle: AssessmentCycle, role: str) -> list[tuple[str, str]]:
    """(target state, the words of the move) the role may make from the cycle's state."""
    return [
        (to, str(words))
        for (origin, to), (action, words) in CYCLE_MOVES.items()
        if origin == cycle.state and role_allows(role, action)
    ]


@transaction.atomic
def move_cycle(*, cycle: AssessmentCycle, to: str, role: str, by) -> AssessmentCycle:
    cycle = AssessmentCycle.objects.select_for_update().get(pk=cycle.pk)
    move = CYCLE_MOVES.get((cycle.state, to))
    if move is None:
        raise ValidationError(
            _("A cycle cannot move from %(origin)s to %(to)s.")
            % {
                "origin": cycle.get_state_display(),
                "to": CycleState(to).label if to in CycleState.values else to,
            }
        )
    if not role_allows(role, move[0]):
        raise ValidationError(_("Your role cannot make this move."), code="role")
    criteria = list(cycle.criteria.select_related("criterion"))
    if to == S.SELF_ASSESSED:
        _require_all(
            criteria, _is_ready, _("Claim a level and mark ready for review first: %(codes)s.")
        )
    if to == S.FINAL:
        _require_all(criteria, _is_reviewed, _("Review these criteria first: %(codes)s."))
        from .selectors import cycle_scores

        codes = {c.pk: c.code for c in cycle.framework_version.criteria.all()}
        cycle.final_scores = cycle_scores(cycle, frozen=False).as_dict(codes)
        cycle.finalized_at, cycle.finalized_by = timezone.now(), by
    cycle.state = to
    return _save(cycle)


def _is_ready(assessment: CriterionAssessment) -> bool:
    return (
        assessment.claimed_level is not None
        and assessment.status == CriterionStatus.READY_FOR_REVIEW
    )


def _is_reviewed(assessment: CriterionAssessment) -> bool:
    return assessment.status == CriterionStatus.REVIEWED and assessment.assessor_level is not None


def _require_all(criteria: list[CriterionAssessment], ok, message: str) -> None:
    pending = [a.criterion.code for a in criteria if not ok(a)]
    if pending:
        raise ValidationError(message % {"codes": ", ".join(pending)}, code="incomplete")
