"""Demo assessments: each demo enterprise gets a final SE-AM cycle of 2569 and one of 2570
under review, the bank a BoT market-conduct cycle in preparation; seeded once."""

import io
from collections import Counter

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_scopes import scope, scopes_disabled

from assessments import selectors
from assessments.artefacts import ARTEFACTS
from assessments.demo import DEMOS
from assessments.models import (
    AssessmentCycle,
    CriterionAssessment,
    CriterionStatus,
    CycleState,
    EvidenceLink,
    KpiSnapshot,
    ReviewComment,
)
from seam_scm.tenancy.models import Membership, Organization
from seam_scm.tenancy.roles import Role

pytestmark = pytest.mark.django_db

SEAM, BOT = "seam-scm", "bot-market-conduct"


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded once for this module (it takes a while) in a transaction rolled back
    at the end; each test runs in a savepoint inside it, as usual."""
    storages = {
        **django_settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path_factory.mktemp("evidence"), "base_url": None},
        },
    }
    # Seeding hashes a password per demo user per run; Argon2 is tested in tests/accounts.
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers, STORAGES=storages),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def _counts() -> dict[str, int]:
    with scopes_disabled():
        return {
            "cycles": AssessmentCycle.objects.count(),
            "assessments": CriterionAssessment.objects.count(),
            "links": EvidenceLink.objects.count(),
            "comments": ReviewComment.objects.count(),
            "snapshots": KpiSnapshot.objects.count(),
        }


def _cycle(code: str, year: int) -> AssessmentCycle:
    return AssessmentCycle.objects.select_related("organization", "framework_version").get(
        framework_version__framework__code=code, fiscal_year=year
    )


def test_seed_demo_twice_creates_nothing_new(seeded, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    first = _counts()
    assert first["cycles"] == 5  # two SE-AM cycles per enterprise, one BoT cycle at the bank
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first


def test_each_enterprise_has_a_final_2569_and_a_2570_under_review(seeded):
    for slug in DEMOS:
        organization = Organization.objects.get(slug=slug)
        with scope(organization=organization):
            _check_previous(_cycle(SEAM, 2569))
            _check_current(_cycle(SEAM, 2570))


def _check_previous(cycle: AssessmentCycle) -> None:
    assert cycle.state == CycleState.FINAL
    assert cycle.finalized_by.email == "assessor@seam.example"
    assert cycle.final_scores[""]["claimed"] is not None
    assessments = list(cycle.criteria.all())
    assert assessments
    assert all(a.claimed_level and a.assessor_level for a in assessments)
    assert all(a.status == CriterionStatus.REVIEWED for a in assessments)
    assert all(a.strengths and a.opportunities for a in assessments)


def _check_current(cycle: AssessmentCycle) -> None:
    assert cycle.state == CycleState.UNDER_REVIEW
    assessments = list(cycle.criteria.select_related("owner", "responsible_unit"))
    for a in assessments:
        assert a.claimed_level and a.owner and a.responsible_unit and a.due_date
        assert all([a.approach, a.deployment, a.learning, a.integration]), a.criterion_id
        assert a.responsible_unit.organization_id == cycle.organization_id
        assert Membership.objects.filter(user=a.owner).exists()

    # Evidence of several kinds, from every other module, and uploaded documents.
    links = list(EvidenceLink.objects.filter(assessment__cycle=cycle))
    kinds = Counter(link.kind for link in links)
    assert set(kinds) == {
        "file", "stakeholder_profiles", "relationship_plan", "customer_strategy",
        "service_charter", "complaint_policy", "survey", "journey_map", "review_meeting",
        "complaint_kpis",
    }  # fmt: skip
    assert kinds["stakeholder_profiles"] >= 4  # every business line
    documents = {link.artefact for link in links if link.artefact}
    assert {"board_resolution", "audit_report", "continuity_plan"} <= documents
    assert all(ARTEFACTS[key].is_document for key in documents)
    snapshot_years = {
        link.linked.fiscal_year for link in _loaded(links) if link.kind == "complaint_kpis"
    }
    assert snapshot_years == {2569, 2570}

    # The assessor reviewed part of the criteria, some marked reviewed.
    reviewed = [a for a in assessments if a.assessor_level is not None]
    done = [a for a in reviewed if a.status == CriterionStatus.REVIEWED]
    assert 0 < len(done) < len(reviewed) < len(assessments)
    assert all(a.strengths and a.opportunities for a in reviewed)

    # Threads opened by the assessor, answered by the enterprise; one still waits.
    comments = list(ReviewComment.objects.filter(assessment__cycle=cycle).select_related("author"))
    threads = [c for c in comments if c.parent_id is None]
    replies = [c for c in comments if c.parent_id is not None]
    assert len(threads) >= 3
    memberships = dict(Membership.objects.values_list("user_id", "role"))
    assert {memberships[c.author_id] for c in threads} == {Role.ASSESSOR}
    assert {memberships[c.author_id] for c in replies} >= {Role.EDITOR}
    answered = {c.parent_id for c in replies}
    assert any(t.pk not in answered for t in threads)
    assert any(t.evidence_id for t in threads)

    # Most claims are backed by live data; some are not, so the readiness warnings show.
    tree = selectors.cycle_tree(cycle)
    backing = [row.readiness.is_backed for row in tree.rows if row.assessment is not None]
    assert backing.count(False) >= 1
    assert backing.count(True) > backing.count(False)

    # The previous cycle is there to compare with, as assessed.
    assert tree.previous_cycle.fiscal_year == 2569
    assert tree.total.previous is not None
    rows = [row for row in tree.rows if row.assessment is not None]
    assert all(row.previous is not None for row in rows)


def _loaded(links):
    from assessments.evidence import load_records

    load_records(links)
    return links


def test_history_names_the_people_who_acted(seeded):
    with scopes_disabled():
        for model in (AssessmentCycle, CriterionAssessment, EvidenceLink, ReviewComment):
            history = model.history.model.objects.filter(organization__slug__in=list(DEMOS))
            assert history.exists()
            assert not history.filter(history_user__isnull=True).exists(), model.__name__


def test_the_bank_prepares_its_bot_cycle_and_sees_mapped_evidence(seeded):
    with scopes_disabled():
        assert not AssessmentCycle.objects.filter(
            organization__slug="lwa", framework_version__framework__code=BOT
        ).exists()
    bank = Organization.objects.get(slug="ceb")
    with scope(organization=bank):
        bot = _cycle(BOT, 2570)
        assert bot.state == CycleState.PREPARING
        claimed = list(bot.criteria.filter(claimed_level__isnull=False).select_related("criterion"))
        assert 3 <= len(claimed) < bot.criteria.count()
        assert EvidenceLink.objects.filter(assessment__cycle=bot).count() >= len(claimed)

        # The SE-AM evidence of 2570 shows under the mapped BoT standard...
        mc1 = next(a for a in claimed if a.criterion.code == "MC 1")
        mapped = selectors.mapped_evidence(bot, mc1.criterion)
        assert {m.criterion.code for m in mapped} == {"CM 1.1", "CM 5.1", "CM 5.3"}
        assert all(m.cycle.fiscal_year == 2570 and m.links for m in mapped)
        assert all(link.linked is not None for m in mapped for link in m.links)

        # ... and the BoT evidence under the SE-AM criterion.
        seam = _cycle(SEAM, 2570)
        cm53 = seam.criteria.select_related("criterion").get(criterion__code="CM 5.3")
        mapped = {m.criterion.code: m for m in selectors.mapped_evidence(seam, cm53.criterion)}
        assert mapped["MC 7"].links and mapped["MC 7"].cycle == bot
