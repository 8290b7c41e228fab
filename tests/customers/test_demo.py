"""Demo customer management: both demo enterprises get every artefact, seeded once."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django_scopes import scope, scopes_disabled

from customers import charter_selectors, strategy_selectors
from customers.demo import DEMOS
from customers.models import (
    ActionPlanItem,
    BlueprintStep,
    CharterCommitment,
    CharterIntro,
    CustomerSegment,
    CustomerStrategy,
    JourneyMap,
    JourneyStage,
    KpiCascade,
    ListeningChannel,
    Measure,
    PlanCommunication,
    ProductService,
    RecoveryScenario,
    ReviewMeeting,
    ServiceGuideline,
    ServiceStandard,
    StrategicObjective,
    Survey,
    SurveyResult,
    VocCategory,
    VoiceOfCustomer,
)
from seam_scm.approvals.models import DocumentKind, GovernedDocument, VersionStatus
from seam_scm.files.models import Attachment
from seam_scm.tenancy.models import Membership, Organization
from seam_scm.tenancy.roles import Role

pytestmark = pytest.mark.django_db

COUNTED = (
    ProductService,
    CustomerSegment,
    ListeningChannel,
    VoiceOfCustomer,
    Survey,
    SurveyResult,
    JourneyMap,
    JourneyStage,
    CustomerStrategy,
    StrategicObjective,
    ActionPlanItem,
    KpiCascade,
    PlanCommunication,
    ReviewMeeting,
    CharterIntro,
    CharterCommitment,
    ServiceStandard,
    BlueprintStep,
    ServiceGuideline,
    RecoveryScenario,
    GovernedDocument,
    Attachment,
)


@pytest.fixture
def seeded(settings):
    # Seeding hashes a password per demo user per run; Argon2 is tested in tests/accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())


def _counts() -> dict[str, int]:
    with scopes_disabled():
        return {model.__name__: model.objects.count() for model in COUNTED}


def test_seed_demo_twice_changes_nothing(seeded):
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first


@pytest.mark.parametrize("slug", ["lwa", "ceb"])
def test_demo_enterprise_has_every_customer_artefact(seeded, slug):
    organization = Organization.objects.get(slug=slug)
    with scope(organization=organization):
        assert 4 <= ProductService.objects.count() <= 6
        assert 4 <= CustomerSegment.objects.count() <= 5
        assert CustomerSegment.objects.filter(revenue_share__isnull=False).count() >= 4
        channels = list(ListeningChannel.objects.all())
        assert 8 <= len(channels) <= 11
        assert {c.is_direct for c in channels} == {True, False}

        # A year of VOC: every category, every month of fiscal year 2569, and into 2570.
        voices = VoiceOfCustomer.objects.all()
        assert 60 <= voices.count() <= 100
        assert set(voices.values_list("category", flat=True)) == set(VocCategory.values)
        fy2569 = voices.filter(heard_on__range=("2025-10-01", "2026-09-30"))
        assert len({d.month for d in fy2569.values_list("heard_on", flat=True)}) == 12
        assert voices.filter(heard_on__gte="2026-10-01").exists()
        statuses = set(voices.values_list("status", flat=True))
        assert {"new", "in_progress", "responded"} <= statuses
        responded = voices.filter(status="responded")
        assert not responded.filter(measured_result="").exists()
        assert not responded.filter(response_owner__isnull=True).exists()

        # The annual survey by an external consultant in 2568 and 2569, and own surveys.
        external = Survey.objects.filter(survey_type="annual", conducted_by="external")
        assert sorted(external.values_list("fiscal_year", flat=True)) == [2568, 2569]
        for survey in external:
            assert survey.firm and survey.contract_reference and survey.sample_size
            assert survey.report is not None and survey.report.record == survey
            results = survey.results.all()
            assert set(results.values_list("measure", flat=True)) == set(Measure.values)
            per_segment = results.filter(segment__isnull=False).values("segment", "measure")
            assert {row["n"] for row in per_segment.annotate(n=Count("id"))} <= {3, 4}
            assert results.filter(segment__isnull=False).values("segment").distinct().count() == (
                CustomerSegment.objects.count()
            )
        assert Survey.objects.filter(conducted_by="internal").count() >= 2

        # A journey map per main segment, one with 5-7 stages and 2-3 critical points.
        journeys = JourneyMap.objects.annotate(
            stages_n=Count("stages"), critical=Count("stages", filter=Q(stages__is_critical=True))
        )
        assert journeys.count() >= 3
        assert any(5 <= j.stages_n <= 7 and 2 <= j.critical <= 3 for j in journeys)

        assert ReviewMeeting.objects.filter(minutes__isnull=False).count() >= 2


@pytest.mark.parametrize("slug", ["lwa", "ceb"])
def test_demo_strategy_is_approved_cascaded_and_communicated(seeded, slug):
    organization = Organization.objects.get(slug=slug)
    with scope(organization=organization):
        strategy = CustomerStrategy.objects.get()
        assert (strategy.first_year, strategy.last_year) == (2567, 2571)
        versions = list(strategy.document.versions.order_by("number"))
        assert [v.status for v in versions] == [VersionStatus.SUPERSEDED, VersionStatus.APPROVED]
        approved = versions[-1]
        assert approved.approval.minutes is not None
        items = approved.action_plan_items.all()
        assert set(items.values_list("horizon", "fiscal_year")) >= {
            ("long_term", None),
            ("annual", 2569),
            ("annual", 2570),
        }
        assert approved.strategic_objectives.count() >= 3
        recipients = set(strategy.cascades.values_list("recipient_kind", flat=True))
        assert recipients == {"unit", "staff", "partner"}
        assert strategy.communications.count() >= 4
        readiness = strategy_selectors.strategy_readiness(strategy)
        assert readiness.met, [(c.label, c.detail) for c in readiness.missing]


@pytest.mark.parametrize("slug", ["lwa", "ceb"])
def test_demo_charter_v1_approved_and_published_v2_draft(seeded, slug, client_for):
    organization = Organization.objects.get(slug=slug)
    with scope(organization=organization):
        charter = GovernedDocument.objects.get(kind=DocumentKind.SERVICE_CHARTER)
        v1, v2 = charter.versions.order_by("number")
        assert v1.status == VersionStatus.APPROVED and v1.published_at is not None
        assert v2.status == VersionStatus.DRAFT and v2.change_note
        assert CharterIntro.objects.get(version=v1).title_en
        assert 5 <= v1.charter_commitments.count() <= 7
        assert not v1.charter_commitments.filter(text_en="").exists()
        standards = v1.service_standards.all()
        assert 6 <= standards.count() <= 8
        assert set(standards.values_list("service_kind", flat=True)) == {"core", "support"}
        assert not standards.filter(time_standard_en="").exists()
        for standard in standards.filter(service_kind="core"):
            assert 4 <= standard.blueprint_steps.count() <= 6
        assert v1.service_guidelines.filter(journey_stage__is_critical=True).count() >= 3
        situations = v1.recovery_scenarios.values_list("situation", "continuity_link")
        assert {s for s, _ in situations} == {"normal_error", "emergency"}
        assert all(link for s, link in situations if s == "emergency")

        # Version 2 shortens one time standard, so the diff page shows it.
        changed = {s.key: s.time_standard_th for s in v2.service_standards.all()}
        before = {s.key: s.time_standard_th for s in standards}
        assert len([k for k in before if before[k] != changed[k]]) == 1

        # The public page shows the approved version.
        assert charter_selectors.published_charter() == v1
        readiness = charter_selectors.charter_readiness()
        met = [check.met for check in readiness.checks]
        coordinator = Membership.objects.get(role=Role.COORDINATOR).user
    # The diff page of the charter shows the shorter time standard of version 2.
    diff = client_for(coordinator).get(f"/o/{slug}/documents/{charter.pk}/diff/")
    assert diff.status_code == 200
    assert DEMOS[slug].revision.time_th in diff.content.decode()
    if slug == "lwa":
        assert all(met), [(c.label, c.detail) for c in readiness.missing]
    else:
        # At the bank a critical point found after the approval waits for version 2.
        assert met.count(False) == 1


def test_the_text_only_charter_of_the_approvals_demo_is_gone(seeded):
    with scopes_disabled():
        charters = GovernedDocument.objects.filter(kind=DocumentKind.SERVICE_CHARTER)
        assert charters.count() == 2  # one per demo enterprise, from the customers demo
        assert not charters.filter(versions__body__contains="พันธสัญญา:").exists()
        # The complaint policy and the relationship plan are still there.
        kinds = set(GovernedDocument.objects.values_list("kind", flat=True))
    assert {DocumentKind.COMPLAINT_POLICY, DocumentKind.RELATIONSHIP_PLAN} <= kinds
