"""The assessment cycles API: list and read, create (coordinators), change the title and target
level while preparing, the moves per role, the freeze, no deleting."""

import pytest
from django_scopes import scopes_disabled

from assessments.models import AssessmentCycle, CycleState, FrameworkVersion
from seam_scm.tenancy.roles import Role

from . import factories

pytestmark = pytest.mark.django_db

OTHER_ROLES = [Role.EDITOR, Role.SECRETARY, Role.ASSESSOR, Role.VIEWER]


def api(organization, suffix: str = "") -> str:
    return f"/api/v1/orgs/{organization.slug}/assessment-cycles/{suffix}"


def english_member(organization, role):
    user = factories.member(organization, role)
    user.language = "en"
    user.save()
    return user


def fresh(cycle) -> AssessmentCycle:
    with scopes_disabled():
        return AssessmentCycle.objects.get(pk=cycle.pk)


def new_cycle(**overrides) -> dict:
    return {
        "framework_version": factories.framework_version().pk,
        "fiscal_year": 2571,
        "title": "รอบประเมิน 2571",
        "target_level": 4,
        **overrides,
    }


# --- reading -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_every_member_lists_and_reads_the_cycles(role, org_a, org_b, api_client_for):
    cycle = factories.make_cycle(org_a, title="รอบประเมิน 2570")
    factories.make_cycle(org_b)
    client = api_client_for(factories.member(org_a, role))
    rows = client.get(api(org_a)).json()["results"]
    assert [row["id"] for row in rows] == [cycle.pk]
    data = client.get(api(org_a, f"{cycle.pk}/")).json()
    assert data["title"] == "รอบประเมิน 2570"
    assert (data["framework_code"], data["fiscal_year"], data["state"]) == (
        factories.SEAM,
        2570,
        "preparing",
    )
    assert data["criteria_count"] == 9


def test_the_cycle_tells_the_moves_the_callers_role_may_make(org_a, api_client_for):
    cycle = factories.make_cycle(org_a)
    editor = english_member(org_a, Role.EDITOR)
    moves = api_client_for(editor).get(api(org_a, f"{cycle.pk}/")).json()["moves"]
    assert moves == [{"to": "self_assessed", "label": "Submit the self-assessment"}]
    assessor = factories.member(org_a, Role.ASSESSOR)
    assert api_client_for(assessor).get(api(org_a, f"{cycle.pk}/")).json()["moves"] == []


# --- creating and changing -------------------------------------------------------------------


def test_a_coordinator_starts_a_cycle_with_its_criteria(org_a, api_client_for):
    coordinator = factories.member(org_a, Role.COORDINATOR)
    response = api_client_for(coordinator).post(api(org_a), new_cycle(), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["fiscal_year"], data["target_level"], data["state"]) == (2571, 4, "preparing")
    assert data["criteria_count"] == 9
    with scopes_disabled():
        cycle = AssessmentCycle.objects.get(pk=data["id"])
        assert cycle.organization == org_a
        assert cycle.criteria.count() == 9


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_a_coordinator_starts_or_changes_a_cycle(role, org_a, api_client_for):
    cycle = factories.make_cycle(org_a)
    client = api_client_for(factories.member(org_a, role))
    assert client.post(api(org_a), new_cycle(), format="json").status_code == 403
    response = client.patch(api(org_a, f"{cycle.pk}/"), {"title": "x"}, format="json")
    assert response.status_code == 403
    with scopes_disabled():
        assert AssessmentCycle.objects.count() == 1
    assert fresh(cycle).title == ""


def test_a_draft_version_or_a_second_cycle_of_the_year_is_refused(org_a, api_client_for):
    coordinator = english_member(org_a, Role.COORDINATOR)
    client = api_client_for(coordinator)
    factories.make_cycle(org_a, fiscal_year=2571)
    response = client.post(api(org_a), new_cycle(), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "fiscal_year": [
            "This organization already has a cycle of this framework for this fiscal year."
        ]
    }
    published = factories.framework_version()
    with scopes_disabled():
        draft = FrameworkVersion.objects.create(
            framework=published.framework, label="ร่าง", status=FrameworkVersion.Status.DRAFT
        )
    response = client.post(
        api(org_a), new_cycle(framework_version=draft.pk, fiscal_year=2572), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "framework_version": ["Only a published framework version can be assessed."]
    }
    response = client.post(api(org_a), new_cycle(fiscal_year=1990), format="json")
    assert response.status_code == 400 and "fiscal_year" in response.json()
    with scopes_disabled():
        assert AssessmentCycle.objects.count() == 1


def test_the_title_and_target_change_only_while_preparing(org_a, api_client_for):
    cycle = factories.make_cycle(org_a)
    client = api_client_for(english_member(org_a, Role.COORDINATOR))
    response = client.patch(api(org_a, f"{cycle.pk}/"), {"target_level": 5}, format="json")
    assert response.status_code == 200
    assert (response.json()["target_level"], response.json()["title"]) == (5, "")
    response = client.patch(api(org_a, f"{cycle.pk}/"), {"target_level": 6}, format="json")
    assert response.status_code == 400
    submitted = factories.submitted_cycle(org_a, fiscal_year=2569)
    response = client.patch(api(org_a, f"{submitted.pk}/"), {"title": "ใหม่"}, format="json")
    assert response.status_code == 400
    assert response.json() == ["The cycle's settings change only while it is being prepared."]
    assert fresh(submitted).title == ""


def test_a_cycle_is_neither_replaced_nor_deleted(org_a, api_client_for):
    cycle = factories.make_cycle(org_a)
    client = api_client_for(factories.member(org_a, Role.COORDINATOR))
    assert client.put(api(org_a, f"{cycle.pk}/"), new_cycle(), format="json").status_code == 405
    assert client.delete(api(org_a, f"{cycle.pk}/")).status_code == 405
    assert fresh(cycle).pk == cycle.pk


def test_another_organizations_cycle_is_not_found(org_a, org_b, api_client_for):
    theirs = factories.make_cycle(org_b)
    client = api_client_for(factories.member(org_a, Role.COORDINATOR))
    for suffix in (f"{theirs.pk}/", f"{theirs.pk}/document/"):
        assert client.get(api(org_a, suffix)).status_code == 404
    response = client.post(api(org_a, f"{theirs.pk}/move/"), {"to": "self_assessed"})
    assert response.status_code == 404
    assert client.patch(api(org_a, f"{theirs.pk}/"), {"title": "x"}).status_code == 404


# --- moves -------------------------------------------------------------------------------------


def move(client, cycle, to: str):
    return client.post(api(cycle.organization, f"{cycle.pk}/move/"), {"to": to}, format="json")


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.COORDINATOR, True),
        (Role.EDITOR, True),
        (Role.SECRETARY, False),
        (Role.ASSESSOR, False),
        (Role.VIEWER, False),
    ],
)
def test_submitting_the_self_assessment(role, allowed, org_a, api_client_for):
    cycle = factories.make_cycle(org_a)
    factories.claim_all(cycle)
    response = move(api_client_for(english_member(org_a, role)), cycle, "self_assessed")
    if allowed:
        assert response.status_code == 200
        assert response.json()["state"] == "self_assessed"
    else:
        assert response.status_code == 403
        assert response.json() == {"detail": "Your role cannot make this move."}
        assert fresh(cycle).state == CycleState.PREPARING


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.COORDINATOR, False),
        (Role.EDITOR, False),
        (Role.SECRETARY, False),
        (Role.ASSESSOR, True),
        (Role.VIEWER, False),
    ],
)
def test_starting_the_review_and_finalizing(role, allowed, org_a, api_client_for):
    cycle = factories.submitted_cycle(org_a)
    client = api_client_for(english_member(org_a, role))
    response = move(client, cycle, "under_review")
    assert response.status_code == (200 if allowed else 403)
    if not allowed:
        assert fresh(cycle).state == CycleState.SELF_ASSESSED
        return
    with scopes_disabled():
        assessments = list(fresh(cycle).criteria.all())
    for assessment in assessments:
        factories.review(assessment, 4)
    response = move(client, cycle, "final")
    assert response.status_code == 200
    data = response.json()
    assert data["state"] == "final" and data["finalized_at"]
    assert fresh(cycle).final_scores[""]["assessed"] == "4.00"


def test_finalizing_is_for_assessors_only(org_a, api_client_for):
    cycle = factories.review_cycle(org_a)
    for role in (Role.COORDINATOR, Role.EDITOR, Role.VIEWER):
        assert (
            move(api_client_for(factories.member(org_a, role)), cycle, "final").status_code == 403
        )
    assert fresh(cycle).state == CycleState.UNDER_REVIEW


def test_moves_the_cycle_cannot_make_answer_400(org_a, api_client_for):
    cycle = factories.make_cycle(org_a)
    factories.claim(cycle, "CM 5.3", 3)
    client = api_client_for(english_member(org_a, Role.EDITOR))
    response = move(client, cycle, "final")
    assert response.status_code == 400
    assert response.json() == ["A cycle cannot move from Preparing to Final."]
    response = move(client, cycle, "self_assessed")
    assert response.status_code == 400
    assert response.json()[0].startswith("Claim a level and mark ready for review first: ")
    assert "CM 5.3" not in response.json()[0]
    response = move(client, cycle, "archived")
    assert response.status_code == 400 and "to" in response.json()
    assert fresh(cycle).state == CycleState.PREPARING


def test_a_final_cycle_refuses_every_change(org_a, api_client_for):
    cycle = factories.final_cycle(org_a)
    coordinator = english_member(org_a, Role.COORDINATOR)
    response = api_client_for(coordinator).patch(
        api(org_a, f"{cycle.pk}/"), {"title": "ใหม่"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == [
        "This assessment cycle is final: its claims, reviews and scores are frozen."
    ]
    assessor = api_client_for(english_member(org_a, Role.ASSESSOR))
    assert move(assessor, cycle, "under_review").status_code == 400
    assert fresh(cycle).state == CycleState.FINAL


def test_answers_in_the_callers_language(org_a, api_client_for):
    cycle = factories.make_cycle(org_a)
    thai = factories.member(org_a, Role.VIEWER)
    thai.language = "th"
    thai.save()
    english = english_member(org_a, Role.VIEWER)
    url = api(org_a, f"{cycle.pk}/")
    assert api_client_for(english).get(url).json()["framework_title"] == (
        "SE-AM Stakeholder and Customer Management (SCM)"
    )
    assert api_client_for(thai).get(url).json()["framework_title"].startswith("SE-AM ด้านการมุ่งเน้น")
