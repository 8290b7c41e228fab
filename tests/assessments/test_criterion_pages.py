"""The criterion page and the self-assessment form: what the page shows (texts, levels with
their expected artefacts, the claim and whether the data backs it, the narrative, the review),
who may edit, the refusals, and the freeze of a final cycle."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from assessments.models import CriterionAssessment, CriterionStatus
from seam_scm.tenancy.roles import Role

from ..factories import OrgUnitFactory
from . import factories as f

pytestmark = pytest.mark.django_db


def url(assessment, suffix: str = "") -> str:
    return f"/o/{assessment.organization.slug}/assessments/criteria/{assessment.pk}/{suffix}"


def english(user):
    user.language = "en"
    user.save()
    return user


def person(organization, role=Role.EDITOR):
    return english(f.member(organization, role))


def reload(assessment) -> CriterionAssessment:
    with scopes_disabled():
        return CriterionAssessment.objects.get(pk=assessment.pk)


def edit_data(**overrides) -> dict:
    data = {
        "claimed_level": "2",
        "target_level": "",
        "approach": "มีนโยบายการจัดการข้อร้องเรียนที่คณะกรรมการอนุมัติ",
        "deployment": "ทุกสายงาน",
        "learning": "ทบทวนทุกไตรมาส",
        "integration": "เชื่อมกับแผนยุทธศาสตร์",
        "responsible_unit": "",
        "owner": "",
        "due_date": "30/09/2570",
        "status": CriterionStatus.IN_PROGRESS,
    }
    data.update(overrides)
    return data


# --- the page ---------------------------------------------------------------------------------


def test_page_shows_the_criterion_and_says_what_is_not_yet_provided(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a), "CM 5.3")
    body = client_for(person(org_a, Role.VIEWER)).get(url(assessment)).content.decode()
    assert 'data-testid="criterion-code">CM 5.3<' in body
    assert "Complaint management" in body
    assert 'data-testid="criterion-weight">5%' in body
    # The source gives no description, no note and no texts for levels 2 to 5.
    assert body.count('data-testid="level"') == 5
    assert body.count("not yet provided") >= 2 + 4
    # Breadcrumb back to the cycle.
    assert f"/o/{org_a.slug}/assessments/{assessment.cycle_id}/" in body


def test_untitled_criterion_without_weight_says_so(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a), "CM 5.2")
    body = client_for(person(org_a)).get(url(assessment)).content.decode()
    assert "Title not yet provided" in body
    assert body.count("not yet provided") >= 3 + 5  # title, description, weight; five levels


def test_levels_list_expected_artefacts_with_their_state(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a), "CM 5.3")
    f.make_snapshot(org_a)  # the complaint KPIs of the cycle's fiscal year: present
    body = client_for(person(org_a)).get(url(assessment)).content.decode()
    assert 'data-artefact="complaint_policy" data-state="missing"' in body
    assert 'data-artefact="complaint_register" data-state="missing"' in body
    assert 'data-artefact="complaint_kpis" data-state="present"' in body
    # The policy's own readiness checks are listed under its artefact.
    assert "Approved complaint handling policy with several channels" in body


def test_missing_artefacts_lead_editors_to_where_they_are_provided(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a, code=f.BOT), "MC 7")  # policy and KPIs
    editor = client_for(person(org_a)).get(url(assessment)).content.decode()
    assert "kpi-snapshots/new/?fiscal_year=2570&amp;next=" in editor
    board = f.criterion(assessment.cycle, "MC 1")  # a board resolution: a document
    editor = client_for(person(org_a)).get(url(board)).content.decode()
    assert "evidence/new/?kind=file&amp;artefact=board_resolution" in editor
    viewer = client_for(person(org_a, Role.VIEWER)).get(url(board)).content.decode()
    assert 'data-testid="provide-artefact"' not in viewer


def test_an_unbacked_claim_is_a_strong_warning(org_a, client_for):
    cycle = f.make_cycle(org_a)
    assessment = f.claim(cycle, "CM 5.3", 3)
    body = client_for(person(org_a)).get(url(assessment)).content.decode()
    assert 'data-testid="claim-unbacked"' in body
    assert "The claim of level 3 is not backed by the data." in body
    assert 'data-testid="highest-backed">0<' in body
    assert 'data-testid="claimed-level">3<' in body
    assert 'data-testid="target-level">3 ' in body
    assert "none: the target is reached" in body


def test_a_backed_claim_says_so_and_shows_the_gap(org_a, client_for):
    cycle = f.make_cycle(org_a)
    f.claim(cycle, "CM 5.2", 1, target_level=4)  # CM 5.2 expects no artefact
    assessment = f.criterion(cycle, "CM 5.2")
    body = client_for(person(org_a)).get(url(assessment)).content.decode()
    assert 'data-testid="claim-unchecked"' in body
    assert "3 levels below the target" in body


def test_page_shows_the_narrative_owner_unit_and_due_date(org_a, client_for):
    cycle = f.make_cycle(org_a)
    unit = OrgUnitFactory(organization=org_a, code="CS", name_th="สายงานบริการลูกค้า")
    owner = f.member(org_a)
    assessment = f.claim(
        cycle, "CM 5.3", 1, approach="นโยบายเป็นลายลักษณ์อักษร", responsible_unit=unit,
        owner=owner, due_date=dt.date(2027, 9, 30),
    )  # fmt: skip
    viewer = f.member(org_a, Role.VIEWER)  # Thai: the date in the Buddhist Era
    body = client_for(viewer).get(url(assessment)).content.decode()
    assert "นโยบายเป็นลายลักษณ์อักษร" in body
    assert "สายงานบริการลูกค้า" in body
    assert owner.get_full_name() in body
    assert "30 ก.ย. 2570" in body


@pytest.mark.parametrize("role", list(Role))
def test_every_member_may_read_the_page(role, org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    assert client_for(f.member(org_a, role)).get(url(assessment)).status_code == 200


def test_buttons_follow_the_role_and_the_state(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    editor = client_for(person(org_a)).get(url(assessment)).content.decode()
    assert 'data-testid="edit-self-assessment"' in editor
    assert 'data-testid="link-evidence"' in editor
    assert 'data-testid="record-review"' not in editor
    viewer = client_for(person(org_a, Role.VIEWER)).get(url(assessment)).content.decode()
    for testid in ("edit-self-assessment", "link-evidence", "record-review", "comment-form"):
        assert f'data-testid="{testid}"' not in viewer
    assessor = client_for(person(org_a, Role.ASSESSOR)).get(url(assessment)).content.decode()
    assert 'data-testid="comment-form"' in assessor
    assert 'data-testid="record-review"' not in assessor  # not under review yet


def test_history_shows_who_changed_the_self_assessment(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    editor = person(org_a)
    client = client_for(editor)
    client.post(url(assessment, "edit/"), edit_data())
    body = client.get(url(assessment)).content.decode()
    assert 'data-testid="last-change"' in body
    assert str(editor) in body.split('data-testid="last-change"')[1].split("</p>")[0]


# --- the self-assessment form -----------------------------------------------------------------


def test_editor_saves_the_self_assessment(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    unit = OrgUnitFactory(organization=org_a)
    owner = f.member(org_a)
    editor = person(org_a)
    client = client_for(editor)
    assert client.get(url(assessment, "edit/")).status_code == 200
    response = client.post(
        url(assessment, "edit/"),
        edit_data(responsible_unit=unit.pk, owner=owner.pk, target_level="4"),
    )
    assert response.status_code == 302
    assert response["Location"] == url(assessment)
    saved = reload(assessment)
    assert saved.claimed_level == 2
    assert saved.target_level == 4
    assert saved.responsible_unit_id == unit.pk
    assert saved.owner_id == owner.pk
    assert saved.due_date == dt.date(2027, 9, 30)
    assert saved.status == CriterionStatus.IN_PROGRESS
    assert "Self-assessment saved." in client.get(url(assessment)).content.decode()


def test_level_zero_and_no_level_are_claims_too(org_a, client_for):
    assessment = f.claim(f.make_cycle(org_a), "CM 5.3", 3)
    client = client_for(person(org_a))
    client.post(url(assessment, "edit/"), edit_data(claimed_level="0"))
    assert reload(assessment).claimed_level == 0
    client.post(url(assessment, "edit/"), edit_data(claimed_level=""))
    assert reload(assessment).claimed_level is None


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("claimed_level", "6", "Select a valid choice."),
        ("status", CriterionStatus.REVIEWED, "Select a valid choice."),
        ("due_date", "30/09/2027", "The year looks like a Christian Era year"),
    ],
)
def test_form_refuses_bad_input(field, value, message, org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    response = client_for(person(org_a)).post(url(assessment, "edit/"), edit_data(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert reload(assessment).claimed_level is None


def test_units_and_owners_of_another_organization_are_refused(org_a, org_b, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    foreign_unit = OrgUnitFactory(organization=org_b)
    outsider = f.member(org_b)
    client = client_for(person(org_a))
    for field, value in (("responsible_unit", foreign_unit.pk), ("owner", outsider.pk)):
        response = client.post(url(assessment, "edit/"), edit_data(**{field: value}))
        assert "Select a valid choice." in response.content.decode()
    assert reload(assessment).claimed_level is None


def test_inactive_units_are_not_offered(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    OrgUnitFactory(organization=org_a, code="OLD", name_th="หน่วยที่ยุบแล้ว", is_active=False)
    OrgUnitFactory(organization=org_a, code="NEW", name_th="หน่วยที่ใช้งาน")
    body = client_for(person(org_a)).get(url(assessment, "edit/")).content.decode()
    assert "หน่วยที่ใช้งาน" in body
    assert "หน่วยที่ยุบแล้ว" not in body


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.ASSESSOR, Role.VIEWER])
def test_roles_that_do_not_edit_records_get_403(role, org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    client = client_for(f.member(org_a, role))
    assert client.get(url(assessment, "edit/")).status_code == 403
    assert client.post(url(assessment, "edit/"), edit_data()).status_code == 403
    assert reload(assessment).claimed_level is None


def test_claims_are_refused_once_the_cycle_is_submitted(org_a, client_for):
    cycle = f.submitted_cycle(org_a)
    assessment = f.criterion(cycle)
    client = client_for(person(org_a))
    response = client.post(url(assessment, "edit/"), edit_data(claimed_level="5"), follow=True)
    assert "Claims and narratives change only while the cycle is being prepared." in (
        response.content.decode()
    )
    assert reload(assessment).claimed_level == 3
    assert client.get(url(assessment, "edit/")).status_code == 302


def test_nothing_changed_says_so(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    client = client_for(person(org_a))
    data = edit_data(claimed_level="", approach="", deployment="", learning="", integration="",
                     due_date="", status=CriterionStatus.NOT_STARTED)  # fmt: skip
    response = client.post(url(assessment, "edit/"), data, follow=True)
    assert "Nothing was changed." in response.content.decode()


# --- the review -------------------------------------------------------------------------------


def test_assessor_records_the_review_and_the_organization_sees_it(org_a, client_for):
    cycle = f.review_cycle(org_a)
    assessment = f.criterion(cycle)
    assessor = person(org_a, Role.ASSESSOR)
    client = client_for(assessor)
    assert 'data-testid="record-review"' in client.get(url(assessment)).content.decode()
    assert client.get(url(assessment, "review/")).status_code == 200
    response = client.post(
        url(assessment, "review/"),
        {"assessor_level": "2", "strengths": "มีนโยบายชัดเจน", "opportunities": "ควรวัดผล",
         "reviewed": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    saved = reload(assessment)
    assert (saved.assessor_level, saved.status) == (2, CriterionStatus.REVIEWED)
    assert saved.reviewed_by == assessor
    for role in (Role.VIEWER, Role.EDITOR, Role.SECRETARY):
        body = client_for(person(org_a, role)).get(url(assessment)).content.decode()
        assert 'data-testid="assessor-level">2<' in body
        assert "มีนโยบายชัดเจน" in body and "ควรวัดผล" in body
        assert assessor.get_full_name() in body


def test_review_refuses_reviewed_without_a_level(org_a, client_for):
    assessment = f.criterion(f.review_cycle(org_a))
    response = client_for(person(org_a, Role.ASSESSOR)).post(
        url(assessment, "review/"), {"assessor_level": "", "reviewed": "on"}
    )
    assert response.status_code == 200
    assert "Record the assessor&#x27;s level before marking it reviewed." in (
        response.content.decode()
    )
    assert reload(assessment).status == CriterionStatus.READY_FOR_REVIEW


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.EDITOR, Role.SECRETARY, Role.VIEWER])
def test_only_assessors_review(role, org_a, client_for):
    assessment = f.criterion(f.review_cycle(org_a))
    client = client_for(f.member(org_a, role))
    assert client.get(url(assessment, "review/")).status_code == 403
    assert client.post(url(assessment, "review/"), {"assessor_level": "1"}).status_code == 403
    assert reload(assessment).assessor_level is None


def test_review_is_refused_before_the_review_starts(org_a, client_for):
    assessment = f.criterion(f.submitted_cycle(org_a))
    client = client_for(person(org_a, Role.ASSESSOR))
    response = client.post(url(assessment, "review/"), {"assessor_level": "1"}, follow=True)
    assert "Reviews are recorded while the cycle is under review." in response.content.decode()
    assert reload(assessment).assessor_level is None


# --- a final cycle ----------------------------------------------------------------------------


def test_final_cycle_page_shows_no_forms_and_refuses_posts(org_a, client_for):
    cycle = f.final_cycle(org_a)
    assessment = f.criterion(cycle)
    frozen = "This assessment cycle is final"
    for role in (Role.COORDINATOR, Role.EDITOR, Role.ASSESSOR):
        client = client_for(person(org_a, role))
        body = client.get(url(assessment)).content.decode()
        assert frozen in body
        assert '<form method="post" action="/o/' not in body
        assert "<textarea" not in body
        for testid in ("edit-self-assessment", "link-evidence", "record-review", "remove-evidence"):
            assert f'data-testid="{testid}"' not in body
    editor = client_for(person(org_a))
    assert (
        frozen in editor.post(url(assessment, "edit/"), edit_data(), follow=True).content.decode()
    )
    assessor = client_for(person(org_a, Role.ASSESSOR))
    response = assessor.post(url(assessment, "review/"), {"assessor_level": "5"}, follow=True)
    assert frozen in response.content.decode()
    saved = reload(assessment)
    assert (saved.claimed_level, saved.assessor_level) == (3, 3)


def test_another_organizations_criterion_is_404(org_a, org_b, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    client = client_for(f.member(org_b, Role.COORDINATOR))
    other = f"/o/{org_b.slug}/assessments/criteria/{assessment.pk}/"
    for suffix in ("", "edit/", "evidence/new/"):
        assert client.get(other + suffix).status_code == 404
