"""The journey map API: nested stages with their coverage, other organizations' ids refused."""

import pytest
from django_scopes import scope

from customers.models import JourneyMap, JourneyStage
from seam_scm.tenancy.roles import Role

from .factories import make_guideline, make_journey, make_segment, make_stage

pytestmark = pytest.mark.django_db


def api(organization, suffix: str) -> str:
    return f"/api/v1/orgs/{organization.slug}/{suffix}"


@pytest.fixture
def editor(org_a, member_factory, api_client_for):
    user = member_factory(org_a, Role.EDITOR)
    user.language = "en"
    user.save(update_fields=["language"])
    return api_client_for(user)


def test_create_a_journey_map_and_its_stages(org_a, editor):
    segment = make_segment(org_a)
    response = editor.post(
        api(org_a, "journey-maps/"),
        {"segment": segment.pk, "title": "New connection", "last_reviewed": "2026-10-15"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    journey = response.json()
    assert (journey["stage_count"], journey["critical_count"], journey["uncovered_count"]) == (
        0,
        0,
        0,
    )
    stage = {
        "journey": journey["id"],
        "name": "Apply",
        "customer_actions": "Fill in the form",
        "touchpoints": "Branch",
        "is_critical": True,
    }
    first = editor.post(api(org_a, "journey-stages/"), stage, format="json")
    second = editor.post(api(org_a, "journey-stages/"), {**stage, "name": "Pay"}, format="json")
    assert (first.json()["order"], second.json()["order"]) == (1, 2)
    listed = editor.get(api(org_a, "journey-maps/")).json()["results"]
    assert (listed[0]["stage_count"], listed[0]["critical_count"]) == (2, 2)
    assert listed[0]["uncovered_count"] == 2


def test_detail_nests_the_stages_with_their_coverage(org_a, editor):
    journey = make_journey(org_a)
    covered = make_stage(org_a, journey=journey, order=1)
    make_stage(org_a, journey=journey, order=2)
    make_stage(org_a, journey=journey, order=3, is_critical=False)
    make_guideline(org_a, journey_stage=covered)
    body = editor.get(api(org_a, f"journey-maps/{journey.pk}/")).json()
    assert [(s["order"], s["covered"]) for s in body["stages"]] == [
        (1, True),
        (2, False),
        (3, None),
    ]
    assert body["uncovered_count"] == 1
    assert "stages" not in editor.get(api(org_a, "journey-maps/")).json()["results"][0]


def test_filters(org_a, editor):
    one = make_stage(org_a)
    other = make_stage(org_a)
    maps = editor.get(api(org_a, f"journey-maps/?segment={one.journey.segment_id}")).json()
    assert [row["id"] for row in maps["results"]] == [one.journey_id]
    stages = editor.get(api(org_a, f"journey-stages/?journey={other.journey_id}")).json()
    assert [row["id"] for row in stages["results"]] == [other.pk]


def test_other_organizations_ids_are_refused(org_a, org_b, editor):
    foreign_segment = make_segment(org_b)
    foreign_journey = make_journey(org_b)
    response = editor.post(
        api(org_a, "journey-maps/"), {"segment": foreign_segment.pk, "title": "x"}, format="json"
    )
    assert response.status_code == 400 and "segment" in response.json()
    response = editor.post(
        api(org_a, "journey-stages/"),
        {"journey": foreign_journey.pk, "name": "x", "customer_actions": "x", "touchpoints": "x"},
        format="json",
    )
    assert response.status_code == 400 and "journey" in response.json()
    with scope(organization=org_a):
        assert JourneyMap.objects.count() == 0 and JourneyStage.objects.count() == 0


def test_deleting_a_covered_stage_answers_400(org_a, editor):
    stage = make_stage(org_a)
    make_guideline(org_a, journey_stage=stage)
    response = editor.delete(api(org_a, f"journey-stages/{stage.pk}/"))
    assert response.status_code == 400
    assert "covers this stage, so it cannot be deleted" in response.json()[0]
    response = editor.delete(api(org_a, f"journey-maps/{stage.journey_id}/"))
    assert response.status_code == 400
    uncovered = make_stage(org_a)
    assert editor.delete(api(org_a, f"journey-stages/{uncovered.pk}/")).status_code == 204


def test_viewer_reads_but_does_not_write(org_a, member_factory, api_client_for):
    stage = make_stage(org_a)
    client = api_client_for(member_factory(org_a, Role.VIEWER))
    assert client.get(api(org_a, f"journey-maps/{stage.journey_id}/")).status_code == 200
    assert client.delete(api(org_a, f"journey-stages/{stage.pk}/")).status_code == 403
    assert (
        client.patch(api(org_a, f"journey-maps/{stage.journey_id}/"), {"title": "x"}).status_code
        == 403
    )
