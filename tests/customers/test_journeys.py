"""Customer journey maps: stages, coverage of critical points by the charter, pages and roles."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django_scopes import scope

from customers import journey_selectors, journey_services
from customers.models import JourneyMap, JourneyStage, ServiceGuideline
from seam_scm.approvals import services as approvals
from seam_scm.tenancy.roles import Role

from ..approvals.factories import APPROVAL_FIELDS, pdf_upload
from .factories import (
    coordinator,
    make_guideline,
    make_journey,
    make_product,
    make_segment,
    make_stage,
    make_standard,
)

pytestmark = pytest.mark.django_db


def url(organization, suffix: str = "") -> str:
    return f"/o/{organization.slug}/customers/journeys/{suffix}"


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def editor_a(org_a, member_factory):
    return member_factory(org_a, Role.EDITOR)


def approve(organization, version):
    by = coordinator(organization)
    with scope(organization=organization):
        approvals.submit_version(version=version, by=by)
        approvals.record_approval(
            version=version, by=by, minutes_upload=pdf_upload(), **APPROVAL_FIELDS
        )
        version.refresh_from_db()
    return version


def new_draft(organization, version):
    with scope(organization=organization):
        return approvals.start_new_draft(document=version.document, by=coordinator(organization))


def coverage(organization, journey=None) -> dict[str, bool]:
    with scope(organization=organization):
        points = journey_selectors.critical_point_coverage(journey)
    return {point.stage.name: point.covered for point in points}


# --- services --------------------------------------------------------------------------------


def test_journey_refuses_a_segment_of_another_organization(org_a, org_b, english):
    journey = JourneyMap(organization=org_a, segment=make_segment(org_b), title="x")
    with scope(organization=org_a), pytest.raises(ValidationError) as caught:
        journey_services.save_journey(journey=journey)
    assert caught.value.message_dict == {"segment": ["This belongs to another organization."]}


def test_journey_refuses_a_product_of_another_organization(org_a, org_b, english):
    journey = JourneyMap(
        organization=org_a, segment=make_segment(org_a), service=make_product(org_b), title="x"
    )
    with scope(organization=org_a), pytest.raises(ValidationError) as caught:
        journey_services.save_journey(journey=journey)
    assert caught.value.message_dict == {"service": ["This belongs to another organization."]}


def test_stage_without_order_goes_after_the_last(org_a):
    journey = make_journey(org_a)
    make_stage(org_a, journey=journey, order=4)
    with scope(organization=org_a):
        stage = journey_services.save_stage(
            stage=JourneyStage(
                organization=org_a,
                journey=journey,
                name="ชำระเงิน",
                customer_actions="ชำระค่าติดตั้ง",
                touchpoints="เคาน์เตอร์",
            )
        )
    assert stage.order == 5


def test_stage_a_guideline_covers_cannot_be_deleted(org_a, english):
    stage = make_stage(org_a)
    free = make_stage(org_a, journey=stage.journey, is_critical=False)
    make_guideline(org_a, journey_stage=stage)
    with scope(organization=org_a):
        with pytest.raises(ValidationError) as caught:
            journey_services.delete_stage(stage=stage)
        assert "กฎบัตรและมาตรฐานการให้บริการลูกค้า v1" in caught.value.messages[0]
        assert "covers this stage, so it cannot be deleted" in caught.value.messages[0]
        assert JourneyStage.objects.filter(pk=stage.pk).exists()
        journey_services.delete_stage(stage=free)
        assert not JourneyStage.objects.filter(pk=free.pk).exists()
        with pytest.raises(ValidationError):
            journey_services.delete_journey(journey=stage.journey)
        assert JourneyMap.objects.filter(pk=stage.journey_id).exists()


def test_journey_without_covered_stages_can_be_deleted(org_a):
    stage = make_stage(org_a)
    with scope(organization=org_a):
        journey_services.delete_journey(journey=stage.journey)
        assert not JourneyStage.objects.exists()


# --- coverage of critical points -------------------------------------------------------------


def test_without_a_charter_no_critical_point_is_covered(org_a):
    journey = make_journey(org_a)
    make_stage(org_a, journey=journey, name="ยื่นคำขอ")
    make_stage(org_a, journey=journey, name="รอติดตั้ง", is_critical=False)
    assert coverage(org_a, journey) == {"ยื่นคำขอ": False}
    with scope(organization=org_a):
        assert journey_selectors.coverage_version() is None


def test_a_draft_charter_counts_while_none_is_approved(org_a):
    journey = make_journey(org_a)
    covered = make_stage(org_a, journey=journey, name="ยื่นคำขอ")
    make_stage(org_a, journey=journey, name="ติดตั้งมาตร")
    make_guideline(org_a, journey_stage=covered)
    assert coverage(org_a, journey) == {"ยื่นคำขอ": True, "ติดตั้งมาตร": False}


def test_the_approved_version_counts_over_a_newer_draft(org_a):
    journey = make_journey(org_a)
    first = make_stage(org_a, journey=journey, name="ยื่นคำขอ")
    second = make_stage(org_a, journey=journey, name="ติดตั้งมาตร")
    standard = make_standard(org_a)
    make_guideline(org_a, standard=standard, journey_stage=first)
    approved = approve(org_a, standard.version)
    draft = new_draft(org_a, approved)
    with scope(organization=org_a):
        # The draft drops the guideline copied from v1 and covers the second stage instead.
        ServiceGuideline.objects.filter(version=draft).delete()
        draft_standard = draft.service_standards.get()
    make_guideline(org_a, standard=draft_standard, journey_stage=second)
    with scope(organization=org_a):
        points = journey_selectors.critical_point_coverage(journey)
        assert journey_selectors.coverage_version() == approved
    assert {p.stage.name: (p.covered, len(p.guidelines), len(p.planned)) for p in points} == {
        "ยื่นคำขอ": (True, 1, 0),
        "ติดตั้งมาตร": (False, 0, 1),
    }


def test_coverage_of_every_journey(org_a):
    one = make_stage(org_a, name="ยื่นคำขอ")
    make_stage(org_a, name="แจ้งซ่อม")
    make_guideline(org_a, journey_stage=one)
    assert coverage(org_a) == {"ยื่นคำขอ": True, "แจ้งซ่อม": False}


# --- pages -----------------------------------------------------------------------------------


def test_list_counts_stages_critical_points_and_uncovered_ones(org_a, coordinator_a, client_for):
    residential = make_segment(org_a, name_th="ที่อยู่อาศัย", order=1)
    business = make_segment(org_a, name_th="ธุรกิจ", order=2)
    connection = make_journey(org_a, segment=residential, title="ขอติดตั้งประปา")
    covered = make_stage(org_a, journey=connection)
    make_stage(org_a, journey=connection)
    make_stage(org_a, journey=connection, is_critical=False)
    make_guideline(org_a, journey_stage=covered)
    make_journey(org_a, segment=business, title="แจ้งท่อแตก")
    client = client_for(coordinator_a)
    page = _text(client.get(url(org_a)))
    rows = re.findall(r'<tr data-testid="journey-row">(.*?)</tr>', page, re.S)
    assert len(rows) == 2
    assert "ขอติดตั้งประปา" in rows[0] and "ที่อยู่อาศัย" in rows[0]
    counts = [
        re.search(rf'data-testid="{name}">(.*?)</td>', rows[0], re.S).group(1)
        for name in ("stage-count", "critical-count", "uncovered-count")
    ]
    assert counts[:2] == ["3", "2"] and ">1<" in counts[2]
    filtered = _text(client.get(url(org_a, f"?segment={business.pk}")))
    assert "แจ้งท่อแตก" in filtered and "ขอติดตั้งประปา" not in filtered


def test_detail_shows_the_swimlane_and_the_coverage(org_a, coordinator_a, client_for):
    journey = make_journey(org_a, title="ขอติดตั้งประปา")
    make_stage(org_a, journey=journey, order=2, name="ชำระเงิน", is_critical=False, feeling=2)
    first = make_stage(org_a, journey=journey, order=1, name="ยื่นคำขอ", feeling=4)
    make_stage(org_a, journey=journey, order=3, name="ติดตั้งมาตร")
    make_guideline(org_a, journey_stage=first, critical_point="รับคำขอที่เคาน์เตอร์")
    page = _text(client_for(english(coordinator_a)).get(url(org_a, f"{journey.pk}/")))
    swimlane = re.search(r'data-testid="journey-swimlane">(.*?)</table>', page, re.S).group(1)
    heads = re.findall(r'data-testid="stage-column(-critical)?">\s*(\d\. [^<\n]+)', swimlane)
    assert heads == [("-critical", "1. ยื่นคำขอ"), ("", "2. ชำระเงิน"), ("-critical", "3. ติดตั้งมาตร")]
    assert "Happy (4/5)" in swimlane and "text-danger" in swimlane
    assert "กรอกคำขอและยื่นเอกสาร" in swimlane and "ต้องเดินทางมายื่นเอกสารเอง" in swimlane
    section = re.search(r'data-testid="coverage">(.*?)</ul>', page, re.S).group(1)
    points = re.findall(r'data-testid="critical-point">(.*?)</li>', section, re.S)
    assert "ยื่นคำขอ" in points[0] and 'data-testid="covered"' in points[0]
    assert "รับคำขอที่เคาน์เตอร์" in points[0]
    assert "ติดตั้งมาตร" in points[1] and 'data-testid="not-covered"' in points[1]
    try:
        charter_url = reverse("customers:charter", kwargs={"org_slug": org_a.slug})
    except NoReverseMatch:  # the charter pages are another area's; the link appears with them
        charter_url = None
    if charter_url:
        assert f'href="{charter_url}" data-testid="charter-link"' in page


def journey_data(segment, **overrides) -> dict:
    return {
        "segment": segment.pk,
        "service": "",
        "title": "การขอติดตั้งประปาใหม่",
        "description": "",
        "last_reviewed": "15/10/2569",
        **overrides,
    }


def stage_data(**overrides) -> dict:
    return {
        "order": "",
        "name": "ยื่นคำขอ",
        "customer_actions": "กรอกคำขอ",
        "touchpoints": "สาขา",
        "pain_points": "",
        "feeling": "3",
        "is_critical": "on",
        "critical_reason": "ความประทับใจแรก",
        **overrides,
    }


def test_editor_builds_a_journey_map(org_a, editor_a, client_for):
    segment = make_segment(org_a)
    client = client_for(editor_a)
    assert _text(client.get(url(org_a, f"new/?segment={segment.pk}")))
    response = client.post(url(org_a, "new/"), journey_data(segment))
    with scope(organization=org_a):
        journey = JourneyMap.objects.get()
    assert response["Location"] == url(org_a, f"{journey.pk}/")
    assert str(journey.last_reviewed) == "2026-10-15"

    add = url(org_a, f"{journey.pk}/stages/new/")
    assert 'value="1"' in _text(client.get(add))  # the next order is offered
    assert client.post(add, stage_data()).status_code == 302
    assert client.post(add, stage_data(name="ชำระเงิน", is_critical="")).status_code == 302
    with scope(organization=org_a):
        first, second = journey.stages.order_by("order")
    assert (first.order, first.is_critical, second.order, second.is_critical) == (1, True, 2, False)

    edit = url(org_a, f"stages/{second.pk}/edit/")
    response = client.post(edit, stage_data(name="ชำระค่าติดตั้ง", order="0"))
    assert response["Location"] == url(org_a, f"{journey.pk}/#stage-{second.pk}")
    page = _text(client.get(url(org_a, f"{journey.pk}/")))
    assert page.index("0. ชำระค่าติดตั้ง") < page.index("1. ยื่นคำขอ")

    delete = url(org_a, f"stages/{second.pk}/delete/")
    assert client.get(delete).status_code == 405
    assert client.post(delete)["Location"] == url(org_a, f"{journey.pk}/#stages")
    with scope(organization=org_a):
        assert list(journey.stages.all()) == [first]


def test_deleting_a_covered_stage_on_the_page_explains_why_not(org_a, editor_a, client_for):
    stage = make_stage(org_a)
    make_guideline(org_a, journey_stage=stage)
    client = client_for(english(editor_a))
    response = client.post(url(org_a, f"stages/{stage.pk}/delete/"), follow=True)
    assert "covers this stage, so it cannot be deleted" in _text(response)
    with scope(organization=org_a):
        assert JourneyStage.objects.filter(pk=stage.pk).exists()


def test_journey_form_refuses_another_organizations_segment(org_a, org_b, editor_a, client_for):
    foreign = make_segment(org_b)
    page = _text(client_for(english(editor_a)).post(url(org_a, "new/"), journey_data(foreign)))
    assert "Select a valid choice" in page
    with scope(organization=org_a):
        assert JourneyMap.objects.count() == 0


def test_detail_shows_history_of_the_map_and_its_stages(org_a, editor_a, client_for):
    segment = make_segment(org_a)
    client = client_for(english(editor_a))
    client.post(url(org_a, "new/"), journey_data(segment))
    with scope(organization=org_a):
        journey = JourneyMap.objects.get()
    client.post(url(org_a, f"{journey.pk}/edit/"), journey_data(segment, title="ชื่อใหม่"))
    client.post(url(org_a, f"{journey.pk}/stages/new/"), stage_data())
    with scope(organization=org_a):
        stage = journey.stages.get()
    client.post(url(org_a, f"stages/{stage.pk}/delete/"))
    page = _text(client.get(url(org_a, f"{journey.pk}/")))
    history = re.search(r'data-testid="history">(.*?)</ul>', page, re.S).group(1)
    entries = re.findall(r"<li>(.*?)</li>", history, re.S)
    assert len(entries) == 4
    assert "1. ยื่นคำขอ · Deleted" in entries[0]
    assert "1. ยื่นคำขอ · Created" in entries[1]
    assert "Changed: title" in entries[2]
    assert str(editor_a) in entries[2]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.SECRETARY])
def test_readers_read_but_do_not_write(org_a, member_factory, client_for, role):
    stage = make_stage(org_a)
    journey = stage.journey
    client = client_for(member_factory(org_a, role))
    for page in ("", f"{journey.pk}/"):
        text = _text(client.get(url(org_a, page)))
        for testid in ("create-journey", "edit-journey", "add-stage"):
            assert f'data-testid="{testid}"' not in text
    for page in (
        "new/",
        f"{journey.pk}/edit/",
        f"{journey.pk}/stages/new/",
        f"stages/{stage.pk}/edit/",
    ):
        assert client.get(url(org_a, page)).status_code == 403
    assert client.post(url(org_a, f"stages/{stage.pk}/delete/")).status_code == 403
    with scope(organization=org_a):
        assert JourneyStage.objects.filter(pk=stage.pk).exists()


def test_stage_of_another_organization_is_not_found(org_a, org_b, editor_a, client_for):
    theirs = make_stage(org_b)
    client = client_for(editor_a)
    assert client.get(url(org_a, f"stages/{theirs.pk}/edit/")).status_code == 404
    assert client.post(url(org_a, f"stages/{theirs.pk}/delete/")).status_code == 404
    assert (
        client.post(url(org_a, f"{theirs.journey_id}/stages/new/"), stage_data()).status_code == 404
    )
    with scope(organization=org_b):
        assert JourneyStage.objects.count() == 1
