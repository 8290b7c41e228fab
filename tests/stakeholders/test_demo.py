"""Demo stakeholder map: both demo enterprises get a realistic database, seeded once."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django_scopes import scope, scopes_disabled

from seam_scm.approvals.models import DocumentKind, GovernedDocument, VersionStatus
from seam_scm.tenancy.models import Organization
from stakeholders import plan_selectors
from stakeholders.analysis_selectors import rollup
from stakeholders.models import (
    Engagement,
    PlanItem,
    PlanItemProgress,
    RelationshipPlan,
    RelationshipRisk,
    Representative,
    Stakeholder,
    StakeholderGroup,
    TeamMember,
    VoiceOfStakeholder,
)
from stakeholders.selectors import StakeholderFilters, stakeholder_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    # Seeding hashes a password per demo user per run; Argon2 is tested in tests/accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())


def _counts() -> dict[str, int]:
    with scopes_disabled():
        return {
            model.__name__: model.objects.count()
            for model in (
                Stakeholder,
                Representative,
                VoiceOfStakeholder,
                RelationshipRisk,
                Engagement,
                TeamMember,
                RelationshipPlan,
                PlanItem,
                PlanItemProgress,
                GovernedDocument,
            )
        }


def test_seed_demo_twice_changes_nothing(seeded):
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first


@pytest.mark.parametrize("slug", ["lwa", "ceb"])
def test_demo_enterprise_has_a_realistic_stakeholder_map(seeded, slug):
    organization = Organization.objects.get(slug=slug)
    with scope(organization=organization):
        assert Stakeholder.objects.count() >= 30
        # Every default group is present, inside and outside the organization.
        assert set(Stakeholder.objects.values_list("group__code", flat=True)) == set(
            StakeholderGroup.objects.values_list("code", flat=True)
        )
        assert set(Stakeholder.objects.values_list("side", flat=True)) == {"internal", "external"}
        # Analysed per department and rolled up to every business line.
        assert all(entry.line.total > 0 for entry in rollup().lines)
        # Some profiles are stale and some incomplete, as in real life; most are fine.
        stale = stakeholder_list(StakeholderFilters(stale=True)).count()
        incomplete = stakeholder_list(StakeholderFilters(incomplete=True)).count()
        assert 2 <= stale <= 10 and 2 <= incomplete <= 15
        # Representatives carry a lawful basis.
        assert Representative.objects.count() >= 20
        assert not Representative.objects.filter(lawful_basis="").exists()
        voices = VoiceOfStakeholder.objects.aggregate(
            positive=Count("id", filter=Q(polarity="positive")),
            negative=Count("id", filter=Q(polarity="negative")),
        )
        assert voices["positive"] + voices["negative"] >= 40
        assert voices["positive"] >= 15 and voices["negative"] >= 15
        assert RelationshipRisk.objects.count() >= 6
        assert RelationshipRisk.objects.filter(voices__isnull=False).distinct().count() >= 6
        assert Engagement.objects.count() >= 5
        assert TeamMember.objects.filter(team_role="chair").count() == 1


@pytest.mark.parametrize("slug", ["lwa", "ceb"])
def test_demo_enterprise_has_an_approved_plan_with_progress(seeded, slug):
    organization = Organization.objects.get(slug=slug)
    with scope(organization=organization):
        # The plan document of the approvals demo became the business line's plan.
        assert GovernedDocument.objects.filter(kind=DocumentKind.RELATIONSHIP_PLAN).count() == 1
        plan = RelationshipPlan.objects.select_related("document", "business_line").get()
        assert plan.fiscal_year == 2570
        assert plan.business_line.name_th in plan.document.title
        view = plan_selectors.plan_view(plan)
        assert view.approved is not None and view.approved.number == 1
        approved_items = list(view.approved.plan_items.all())
        assert len(approved_items) >= 6
        assert {item.voice_id is not None for item in approved_items} == {True, False}
        assert PlanItemProgress.objects.filter(plan=plan).count() >= 3
        units, total = plan_selectors.plan_progress_by_unit(2570)
        assert total.items == len(approved_items) and 0 < total.average_progress < 100


def test_waterworks_plan_has_a_revision_in_preparation(seeded):
    organization = Organization.objects.get(slug="lwa")
    with scope(organization=organization):
        view = plan_selectors.plan_view(RelationshipPlan.objects.get())
        assert (view.latest.number, view.latest.status) == (2, VersionStatus.DRAFT)
        # The revision adds an item; progress follows the approved items into it.
        assert len(view.items) == len(list(view.approved.plan_items.all())) + 1
        assert [i.progress_allowed for i in view.items].count(False) == 1
        assert any(i.progress is not None for i in view.items)
        assert any(i.referenced_plan_id for i in view.items)
