"""How the route-walking test (tests/tenancy/test_route_isolation.py) builds assessment rows:
URL parameter -> a row of the given organization's id; for API routes, the viewset's model ->
the same."""

import itertools

from assessments.models import (
    AssessmentCycle,
    CriterionAssessment,
    EvidenceLink,
    KpiSnapshot,
    ReviewComment,
)

from . import factories


def _assessment(organization) -> CriterionAssessment:
    return factories.criterion(factories.make_cycle(organization, fiscal_year=_next_year()))


_years = itertools.cycle(range(2560, 2700))


def _next_year() -> int:
    """Each builder call makes its own cycle: one per framework and fiscal year."""
    return next(_years)


def _evidence(organization) -> EvidenceLink:
    return factories.link_file(_assessment(organization))


def _comment(organization) -> ReviewComment:
    return factories.comment(_assessment(organization))


OBJECT_BUILDERS = {
    "cycle_pk": lambda org: factories.make_cycle(org, fiscal_year=_next_year()).pk,
    "criterion_assessment_pk": lambda org: _assessment(org).pk,
    "evidence_pk": lambda org: _evidence(org).pk,
    "snapshot_pk": lambda org: factories.make_snapshot(org).pk,
}
MODEL_BUILDERS = {
    AssessmentCycle: OBJECT_BUILDERS["cycle_pk"],
    CriterionAssessment: OBJECT_BUILDERS["criterion_assessment_pk"],
    EvidenceLink: OBJECT_BUILDERS["evidence_pk"],
    ReviewComment: lambda org: _comment(org).pk,
    KpiSnapshot: OBJECT_BUILDERS["snapshot_pk"],
}
