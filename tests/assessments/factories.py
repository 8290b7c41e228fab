"""Assessment rows for tests, built through assessments.services as a person would.

The shipped frameworks are loaded by the post_migrate hook; `library()` loads them again when
a transactional test emptied the database before this one.
"""

from django.db.models import Model
from django_scopes import scope, scopes_disabled

from assessments import services
from assessments.library import ensure_shipped_frameworks
from assessments.models import (
    AssessmentCycle,
    CriterionAssessment,
    CriterionStatus,
    EvidenceLink,
    FrameworkVersion,
    KpiSnapshot,
    ReviewComment,
)
from seam_scm.tenancy.roles import Role

from ..factories import MembershipFactory
from ..files.factories import make_attachment

SEAM = "seam-scm"
BOT = "bot-market-conduct"
FISCAL_YEAR = 2570


def library() -> None:
    with scopes_disabled():
        ensure_shipped_frameworks()


def framework_version(code: str = SEAM) -> FrameworkVersion:
    library()
    return FrameworkVersion.objects.filter(
        framework__code=code, status=FrameworkVersion.Status.PUBLISHED
    ).latest("created_at")


def member(organization, role=Role.EDITOR):
    return MembershipFactory(organization=organization, role=role).user


def make_cycle(
    organization, *, code: str = SEAM, fiscal_year: int = FISCAL_YEAR, **fields
) -> AssessmentCycle:
    version = framework_version(code)
    with scope(organization=organization):
        return services.create_cycle(
            organization=organization, framework_version=version, fiscal_year=fiscal_year, **fields
        )


def criterion(cycle: AssessmentCycle, code: str = "CM 5.3") -> CriterionAssessment:
    with scopes_disabled():
        return CriterionAssessment.objects.select_related("cycle", "criterion").get(
            cycle=cycle, criterion__code=code
        )


def claim(cycle: AssessmentCycle, code: str, level: int, *, ready: bool = True, **fields):
    assessment = criterion(cycle, code)
    with scope(organization=cycle.organization):
        return services.update_self_assessment(
            assessment=assessment,
            claimed_level=level,
            status=CriterionStatus.READY_FOR_REVIEW if ready else CriterionStatus.IN_PROGRESS,
            **fields,
        )


def claim_all(cycle: AssessmentCycle, level: int = 3) -> None:
    with scopes_disabled():
        codes = list(cycle.criteria.values_list("criterion__code", flat=True))
    for code in codes:
        claim(cycle, code, level)


def submitted_cycle(organization, **fields) -> AssessmentCycle:
    """A cycle whose every criterion is claimed at level 3 and submitted."""
    cycle = make_cycle(organization, **fields)
    claim_all(cycle)
    return move(cycle, "self_assessed", Role.EDITOR)


def move(cycle: AssessmentCycle, to: str, role=Role.ASSESSOR, by=None) -> AssessmentCycle:
    by = by or member(cycle.organization, role)
    with scope(organization=cycle.organization):
        return services.move_cycle(cycle=cycle, to=to, role=role, by=by)


def review_cycle(organization, **fields) -> AssessmentCycle:
    """A submitted cycle whose review has started."""
    return move(submitted_cycle(organization, **fields), "under_review")


def review(assessment: CriterionAssessment, level: int, *, by=None, reviewed=True, **fields):
    by = by or member(assessment.organization, Role.ASSESSOR)
    with scope(organization=assessment.organization):
        assessment.refresh_from_db()
        return services.record_review(
            assessment=assessment, by=by, assessor_level=level, reviewed=reviewed, **fields
        )


def final_cycle(organization, level: int = 3, **fields) -> AssessmentCycle:
    cycle = review_cycle(organization, **fields)
    with scopes_disabled():
        assessments = list(cycle.criteria.all())
    for assessment in assessments:
        review(assessment, level)
    return move(cycle, "final")


def link_file(assessment: CriterionAssessment, *, by=None, **fields) -> EvidenceLink:
    attachment = make_attachment(assessment.organization)
    return link(assessment, "file", attachment, by=by, **fields)


def link(
    assessment: CriterionAssessment, kind: str, record: Model, *, by=None, **fields
) -> EvidenceLink:
    by = by or member(assessment.organization)
    with scope(organization=assessment.organization):
        assessment.refresh_from_db()
        return services.link_evidence(
            assessment=assessment, kind=kind, record=record, added_by=by, **fields
        )


def comment(assessment: CriterionAssessment, body="โปรดแนบมติคณะกรรมการ", *, by=None,
            role=Role.ASSESSOR, **fields) -> ReviewComment:  # fmt: skip
    by = by or member(assessment.organization, role)
    with scope(organization=assessment.organization):
        assessment.refresh_from_db()
        return services.add_comment(
            assessment=assessment, author=by, role=role, body=body, **fields
        )


def make_snapshot(organization, fiscal_year: int = FISCAL_YEAR) -> KpiSnapshot:
    with scopes_disabled():
        return KpiSnapshot.objects.create(
            organization=organization,
            fiscal_year=fiscal_year,
            title=f"ตัวชี้วัดข้อร้องเรียน ปีงบประมาณ {fiscal_year}",
            taken_by=member(organization),
            figures={"total": {"volume": 0}},
        )
