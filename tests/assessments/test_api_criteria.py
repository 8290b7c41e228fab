"""The criterion self-assessments API: list per cycle, read, the organization's part (editors and
coordinators, while preparing) and the assessors' review (assessors, while under review)."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from assessments.models import CriterionAssessment, CriterionStatus
from seam_scm.tenancy.roles import Role

from ..factories import OrgUnitFactory
from . import factories

pytestmark = pytest.mark.django_db


def api(organization, suffix: str = "") -> str:
    return f"/api/v1/orgs/{organization.slug}/criterion-assessments/{suffix}"


def english_member(organization, role):
    user = factories.member(organization, role)
    user.language = "en"
    user.save()
    return user


def fresh(assessment) -> CriterionAssessment:
    with scopes_disabled():
        return CriterionAssessment.objects.get(pk=assessment.pk)


def test_the_list_filters_by_cycle(org_a, org_b, api_client_for):
    cycle = factories.make_cycle(org_a)
    other = factories.make_cycle(org_a, fiscal_year=2569)
    factories.make_cycle(org_b)
    client = api_client_for(factories.member(org_a, Role.VIEWER))
    rows = client.get(api(org_a) + f"?cycle={cycle.pk}").json()["results"]
    assert len(rows) == 9
    assert {row["cycle"] for row in rows} == {cycle.pk}
    assert rows[0]["criterion_code"] == "SM 1.1"
    assert client.get(api(org_a)).json()["count"] == 18
    assert client.get(api(org_a) + f"?cycle={other.pk}").json()["count"] == 9
    assert client.get(api(org_a) + "?cycle=abc").status_code == 400


def test_a_criterion_reads_with_its_claim_review_and_evidence_count(org_a, api_client_for):
    cycle = factories.review_cycle(org_a, target_level=4)
    assessment = factories.criterion(cycle, "CM 5.3")
    factories.link_file(assessment)
    assessor = factories.member(org_a, Role.ASSESSOR)
    factories.review(assessment, 2, by=assessor, strengths="มีนโยบาย")
    data = (
        api_client_for(factories.member(org_a, Role.VIEWER))
        .get(api(org_a, f"{assessment.pk}/"))
        .json()
    )
    assert (data["criterion_code"], data["claimed_level"], data["status"]) == (
        "CM 5.3",
        3,
        "reviewed",
    )
    assert (data["target_level"], data["effective_target_level"]) == (None, 4)
    assert (data["assessor_level"], data["strengths"]) == (2, "มีนโยบาย")
    assert data["reviewed_by_name"] == assessor.get_full_name()
    assert data["evidence_count"] == 1


# --- the organization's part ----------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.EDITOR])
def test_editors_write_the_self_assessment(role, org_a, api_client_for):
    cycle = factories.make_cycle(org_a)
    assessment = factories.criterion(cycle, "CM 5.3")
    unit = OrgUnitFactory(organization=org_a)
    owner = factories.member(org_a, Role.EDITOR)
    changes = {
        "claimed_level": 3,
        "target_level": 4,
        "approach": "กำหนดนโยบายการจัดการข้อร้องเรียน",
        "deployment": "ทุกช่องทาง",
        "learning": "ทบทวนทุกไตรมาส",
        "integration": "เชื่อมกับแผนลูกค้า",
        "responsible_unit": unit.pk,
        "owner": owner.pk,
        "due_date": "2027-03-31",
        "status": "ready_for_review",
    }
    client = api_client_for(factories.member(org_a, role))
    response = client.patch(api(org_a, f"{assessment.pk}/"), changes, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert {name: data[name] for name in changes} == changes
    assert data["owner_name"] == owner.get_full_name()
    saved = fresh(assessment)
    assert (saved.claimed_level, saved.owner_id, saved.responsible_unit_id) == (
        3,
        owner.pk,
        unit.pk,
    )
    assert saved.due_date == dt.date(2027, 3, 31)


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.ASSESSOR, Role.VIEWER])
def test_other_roles_cannot_write_the_self_assessment(role, org_a, api_client_for):
    assessment = factories.criterion(factories.make_cycle(org_a), "CM 5.3")
    client = api_client_for(factories.member(org_a, role))
    response = client.patch(api(org_a, f"{assessment.pk}/"), {"claimed_level": 5}, format="json")
    assert response.status_code == 403
    assert fresh(assessment).claimed_level is None


def test_the_review_fields_are_not_written_by_the_organization(org_a, api_client_for):
    assessment = factories.criterion(factories.make_cycle(org_a), "CM 5.3")
    client = api_client_for(factories.member(org_a, Role.EDITOR))
    response = client.patch(
        api(org_a, f"{assessment.pk}/"),
        {"assessor_level": 5, "strengths": "ดีมาก", "claimed_level": 2},
        format="json",
    )
    assert response.status_code == 200
    saved = fresh(assessment)
    assert (saved.assessor_level, saved.strengths, saved.claimed_level) == (None, "", 2)


def test_bad_input_and_other_organizations_ids_are_refused(org_a, org_b, api_client_for):
    assessment = factories.criterion(factories.make_cycle(org_a), "CM 5.3")
    client = api_client_for(english_member(org_a, Role.EDITOR))
    url = api(org_a, f"{assessment.pk}/")
    theirs_unit = OrgUnitFactory(organization=org_b)
    outsider = factories.member(org_b, Role.EDITOR)
    for changes, field in [
        ({"claimed_level": 6}, "claimed_level"),
        ({"responsible_unit": theirs_unit.pk}, "responsible_unit"),
        ({"owner": outsider.pk}, "owner"),
        ({"status": "done"}, "status"),
    ]:
        response = client.patch(url, changes, format="json")
        assert response.status_code == 400, changes
        assert field in response.json()
    response = client.patch(url, {"status": "reviewed"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"status": ["Only an assessor marks a criterion reviewed."]}
    saved = fresh(assessment)
    assert (saved.claimed_level, saved.owner_id, saved.status) == (
        None,
        None,
        CriterionStatus.NOT_STARTED,
    )


def test_claims_change_only_while_preparing(org_a, api_client_for):
    cycle = factories.submitted_cycle(org_a)
    assessment = factories.criterion(cycle, "CM 5.3")
    client = api_client_for(english_member(org_a, Role.EDITOR))
    response = client.patch(api(org_a, f"{assessment.pk}/"), {"claimed_level": 5}, format="json")
    assert response.status_code == 400
    assert response.json() == [
        "Claims and narratives change only while the cycle is being prepared."
    ]
    assert fresh(assessment).claimed_level == 3


def test_a_criterion_of_another_organization_is_not_found(org_a, org_b, api_client_for):
    theirs = factories.criterion(factories.review_cycle(org_b), "CM 5.3")
    for role, method, suffix, data in [
        (Role.VIEWER, "get", f"{theirs.pk}/", None),
        (Role.EDITOR, "patch", f"{theirs.pk}/", {"claimed_level": 1}),
        (Role.ASSESSOR, "post", f"{theirs.pk}/review/", {"assessor_level": 1}),
        (Role.COORDINATOR, "post", f"{theirs.pk}/review/", {"assessor_level": 1}),
    ]:
        client = api_client_for(factories.member(org_a, role))
        response = getattr(client, method)(api(org_a, suffix), data, format="json")
        assert response.status_code == 404, (role, method)
    assert fresh(theirs).assessor_level is None


def test_no_criterion_is_created_or_deleted_here(org_a, api_client_for):
    assessment = factories.criterion(factories.make_cycle(org_a), "CM 5.3")
    client = api_client_for(factories.member(org_a, Role.COORDINATOR))
    assert client.post(api(org_a), {}, format="json").status_code == 405
    assert client.delete(api(org_a, f"{assessment.pk}/")).status_code == 405


# --- the assessors' review ------------------------------------------------------------------


def review(client, assessment, **data):
    return client.post(
        api(assessment.organization, f"{assessment.pk}/review/"), data, format="json"
    )


def test_an_assessor_records_the_review(org_a, api_client_for):
    cycle = factories.review_cycle(org_a)
    assessment = factories.criterion(cycle, "CM 5.3")
    assessor = factories.member(org_a, Role.ASSESSOR)
    client = api_client_for(assessor)
    response = review(
        client, assessment, assessor_level=2, strengths="มีช่องทาง", opportunities="วัดผล",
        reviewed=True,
    )  # fmt: skip
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["assessor_level"], data["status"], data["reviewed_by"]) == (
        2,
        "reviewed",
        assessor.pk,
    )
    assert (data["strengths"], data["opportunities"]) == ("มีช่องทาง", "วัดผล")
    response = review(client, assessment, assessor_level=3)
    assert response.json()["status"] == "ready_for_review"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.EDITOR, Role.SECRETARY, Role.VIEWER])
def test_only_assessors_review(role, org_a, api_client_for):
    assessment = factories.criterion(factories.review_cycle(org_a), "CM 5.3")
    client = api_client_for(factories.member(org_a, role))
    assert review(client, assessment, assessor_level=2).status_code == 403
    assert fresh(assessment).assessor_level is None


def test_review_refusals(org_a, api_client_for):
    client = api_client_for(english_member(org_a, Role.ASSESSOR))
    preparing = factories.criterion(factories.make_cycle(org_a, fiscal_year=2569), "CM 5.3")
    response = review(client, preparing, assessor_level=2)
    assert response.status_code == 400
    assert response.json() == ["Reviews are recorded while the cycle is under review."]
    assessment = factories.criterion(factories.review_cycle(org_a), "CM 5.3")
    response = review(client, assessment, assessor_level=None, reviewed=True)
    assert response.status_code == 400
    assert response.json() == {
        "assessor_level": ["Record the assessor's level before marking it reviewed."]
    }
    assert review(client, assessment, assessor_level=7).status_code == 400
    assert review(client, assessment).status_code == 400  # the level is required (may be null)
    assert fresh(assessment).status == CriterionStatus.READY_FOR_REVIEW


def test_a_final_cycles_criteria_are_frozen(org_a, api_client_for):
    assessment = factories.criterion(factories.final_cycle(org_a), "CM 5.3")
    frozen = ["This assessment cycle is final: its claims, reviews and scores are frozen."]
    editor = api_client_for(english_member(org_a, Role.EDITOR))
    response = editor.patch(api(org_a, f"{assessment.pk}/"), {"claimed_level": 1}, format="json")
    assert (response.status_code, response.json()) == (400, frozen)
    assessor = api_client_for(english_member(org_a, Role.ASSESSOR))
    response = review(assessor, assessment, assessor_level=1)
    assert (response.status_code, response.json()) == (400, frozen)
    saved = fresh(assessment)
    assert (saved.claimed_level, saved.assessor_level) == (3, 3)
