"""The records around a profile: VOS, risks, engagements, the team, groups and the review period."""

import datetime as dt
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from seam_scm.files.models import Attachment, FileVersion
from seam_scm.tenancy.roles import Role
from stakeholders import record_services
from stakeholders.models import (
    Engagement,
    PlanItem,
    RelationshipRisk,
    RiskRating,
    StakeholderGroup,
    StakeholderSettings,
    TeamMember,
    VoiceOfStakeholder,
    risk_rating,
)

from ..approvals.factories import draft_version, pdf_bytes
from ..files.factories import PDF, upload
from .factories import (
    group,
    line,
    make_engagement,
    make_risk,
    make_stakeholder,
    make_team_member,
    make_voice,
)

pytestmark = pytest.mark.django_db


def url(organization, suffix: str = "") -> str:
    return f"/o/{organization.slug}/stakeholders/{suffix}"


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


@pytest.fixture
def unit(org_a):
    return line(org_a, "CS", name_th="สายงานบริการลูกค้า")


@pytest.fixture
def stakeholder(org_a, unit):
    return make_stakeholder(org_a, code="COM-01", name_th="ชุมชนริมคลองประปา", units=[(unit, 1)])


# --- voice of stakeholders -------------------------------------------------------------------


def voice_data(unit, **overrides) -> dict:
    return {
        "polarity": "positive",
        "topic": "ต้องการให้แจ้งเตือนก่อนหยุดจ่ายน้ำ",
        "description": "ผ่านไลน์กลุ่มชุมชน",
        "source": "meeting",
        "heard_on": "15/08/2569",
        "importance": "4",
        "owner_unit": unit.pk,
        **overrides,
    }


def test_voice_create_records_it_on_the_stakeholder(org_a, stakeholder, unit, editor_a, client_for):
    response = client_for(editor_a).post(
        url(org_a, f"{stakeholder.pk}/voices/new/"), voice_data(unit)
    )
    assert response.status_code == 302
    assert response["Location"] == url(org_a, f"{stakeholder.pk}/#voices")
    with scope(organization=org_a):
        voice = VoiceOfStakeholder.objects.get()
    assert (voice.stakeholder_id, voice.heard_on, voice.importance, voice.owner_unit_id) == (
        stakeholder.pk,
        dt.date(2026, 8, 15),
        4,
        unit.pk,
    )
    page = _text(client_for(editor_a).get(url(org_a, f"{stakeholder.pk}/")))
    positive = re.search(r'data-testid="positive-voices">(.*?)</table>', page, re.S).group(1)
    assert "ต้องการให้แจ้งเตือนก่อนหยุดจ่ายน้ำ" in positive and "15 ส.ค. 2569" in positive


def test_voice_refuses_importance_outside_1_to_5(org_a, stakeholder, unit, editor_a, client_for):
    response = client_for(english(editor_a)).post(
        url(org_a, f"{stakeholder.pk}/voices/new/"), voice_data(unit, importance="7")
    )
    assert "Ensure this value is less than or equal to 5." in _text(response)
    with scope(organization=org_a):
        assert VoiceOfStakeholder.objects.count() == 0


def test_voice_owner_unit_must_be_active(org_a, stakeholder, editor_a, client_for):
    closed = line(org_a, "OLD", is_active=False)
    response = client_for(english(editor_a)).post(
        url(org_a, f"{stakeholder.pk}/voices/new/"), voice_data(closed)
    )
    assert "Select a valid choice." in _text(response)


def test_voice_edit_and_delete(org_a, stakeholder, unit, editor_a, client_for):
    voice = make_voice(org_a, stakeholder, owner_unit=unit)
    client = client_for(editor_a)
    response = client.post(
        url(org_a, f"voices/{voice.pk}/edit/"), voice_data(unit, polarity="negative", topic="ใหม่")
    )
    assert response.status_code == 302
    with scope(organization=org_a):
        voice.refresh_from_db()
    assert (voice.polarity, voice.topic) == ("negative", "ใหม่")
    assert client.post(url(org_a, f"voices/{voice.pk}/delete/")).status_code == 302
    with scope(organization=org_a):
        assert VoiceOfStakeholder.objects.count() == 0


def test_voice_addressed_by_a_plan_item_cannot_be_deleted(
    org_a, stakeholder, unit, editor_a, client_for
):
    voice = make_voice(org_a, stakeholder, owner_unit=unit)
    version = draft_version(org_a)
    with scope(organization=org_a):
        PlanItem.objects.create(
            organization=org_a, version=version, key=uuid.uuid4(), stakeholder=stakeholder,
            voice=voice, objective="ลดข้อร้องเรียน", activity="ประชุมชุมชน", owner_unit=unit,
            kpi="จำนวนข้อร้องเรียน", target="ลดลง 20%",
        )  # fmt: skip
    client = client_for(english(editor_a))
    response = client.post(url(org_a, f"voices/{voice.pk}/delete/"), follow=True)
    assert "A relationship plan item addresses this VOS, so it cannot be deleted." in _text(
        response
    )
    with scope(organization=org_a):
        assert VoiceOfStakeholder.objects.count() == 1


def test_detail_links_a_voice_to_the_risks_and_plan_items_that_answer_it(
    org_a, stakeholder, unit, editor_a, client_for
):
    voice = make_voice(org_a, stakeholder, owner_unit=unit, topic="น้ำขุ่นหลังฝนตก")
    risk = make_risk(org_a, stakeholder, owner_unit=unit, voices=[voice])
    version = draft_version(org_a, title="แผนสร้างความสัมพันธ์ 2570")
    with scope(organization=org_a):
        PlanItem.objects.create(
            organization=org_a, version=version, key=uuid.uuid4(), stakeholder=stakeholder,
            voice=voice, objective="ลดข้อร้องเรียน", activity="ล้างท่อประจำเดือน", owner_unit=unit,
            kpi="ข้อร้องเรียนน้ำขุ่น", target="ลดลง 20%",
        )  # fmt: skip
    page = _text(client_for(editor_a).get(url(org_a, f"{stakeholder.pk}/")))
    negative = re.search(r'data-testid="negative-voices">(.*?)</table>', page, re.S).group(1)
    assert f'href="#risk-{risk.pk}"' in negative
    assert f'href="/o/{org_a.slug}/documents/versions/{version.pk}/"' in negative
    plans = re.search(r'data-testid="plan-items">(.*?)</table>', page, re.S).group(1)
    assert "แผนสร้างความสัมพันธ์ 2570" in plans and "ล้างท่อประจำเดือน" in plans
    assert 'data-testid="status"' in plans


# --- relationship risks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("likelihood", "impact", "rating"),
    [
        (1, 4, RiskRating.LOW),
        (1, 5, RiskRating.MEDIUM),
        (3, 3, RiskRating.MEDIUM),
        (2, 5, RiskRating.HIGH),
        (4, 4, RiskRating.HIGH),
        (4, 5, RiskRating.VERY_HIGH),
        (5, 5, RiskRating.VERY_HIGH),
    ],
)
def test_risk_rating_bands(likelihood, impact, rating):
    assert risk_rating(likelihood, impact) == rating


def risk_data(unit, *voices, **overrides) -> dict:
    return {
        "description": "ชุมชนคัดค้านการวางท่อใหม่",
        "likelihood": "4",
        "impact": "5",
        "mitigation": "จัดเวทีรับฟังก่อนเริ่มงาน",
        "owner_unit": unit.pk,
        "corporate_register_ref": "CR-2570-07",
        "voices": [voice.pk for voice in voices],
        **overrides,
    }


def test_risk_create_with_the_voices_it_answers_and_its_rating(
    org_a, stakeholder, unit, editor_a, client_for
):
    voice = make_voice(org_a, stakeholder, owner_unit=unit)
    client = client_for(english(editor_a))
    response = client.post(url(org_a, f"{stakeholder.pk}/risks/new/"), risk_data(unit, voice))
    assert response.status_code == 302
    with scope(organization=org_a):
        risk = RelationshipRisk.objects.get()
        assert list(risk.voices.all()) == [voice]
    assert (risk.score, risk.rating) == (20, RiskRating.VERY_HIGH)
    page = _text(client.get(url(org_a, f"{stakeholder.pk}/")))
    risks = re.search(r'data-testid="risks">(.*?)</table>', page, re.S).group(1)
    assert "4 × 5 = 20" in risks
    assert 'data-testid="rating">Very high</span>' in risks
    assert "CR-2570-07" in risks


def test_risk_offers_only_voices_of_the_same_stakeholder(
    org_a, stakeholder, unit, editor_a, client_for
):
    other_voice = make_voice(org_a, make_stakeholder(org_a), owner_unit=unit, topic="ของคนอื่น")
    client = client_for(english(editor_a))
    form = _text(client.get(url(org_a, f"{stakeholder.pk}/risks/new/")))
    assert "ของคนอื่น" not in form
    response = client.post(url(org_a, f"{stakeholder.pk}/risks/new/"), risk_data(unit, other_voice))
    assert f"Select a valid choice. {other_voice.pk} is not one of the available choices." in (
        _text(response)
    )
    with scope(organization=org_a):
        assert RelationshipRisk.objects.count() == 0


def test_risk_service_refuses_voices_of_another_stakeholder(org_a, stakeholder, unit, english):
    other_voice = make_voice(org_a, make_stakeholder(org_a), owner_unit=unit)
    with scope(organization=org_a), pytest.raises(ValidationError) as error:
        record_services.save_risk(
            risk=RelationshipRisk(
                organization=org_a,
                stakeholder=stakeholder,
                owner_unit=unit,
                description="ทดสอบ",
                likelihood=2,
                impact=2,
            ),  # fmt: skip
            voices=[other_voice],
        )
    assert error.value.message_dict == {
        "voices": ["Choose only voices of the same stakeholder as the risk."]
    }


def test_risk_edit_and_delete(org_a, stakeholder, unit, editor_a, client_for):
    risk = make_risk(org_a, stakeholder, owner_unit=unit)
    client = client_for(editor_a)
    response = client.post(url(org_a, f"risks/{risk.pk}/edit/"), risk_data(unit, likelihood="1"))
    assert response.status_code == 302
    with scope(organization=org_a):
        risk.refresh_from_db()
    assert risk.rating == RiskRating.MEDIUM
    assert client.post(url(org_a, f"risks/{risk.pk}/delete/")).status_code == 302
    with scope(organization=org_a):
        assert RelationshipRisk.objects.count() == 0


# --- engagements -----------------------------------------------------------------------------


def engagement_data(*stakeholders, **overrides) -> dict:
    return {
        "held_on": "20/08/2569",
        "kind": "meeting",
        "title": "ประชุมรับฟังความคิดเห็นผู้ใช้น้ำ",
        "stakeholders": [s.pk for s in stakeholders],
        "participants": "ผู้แทนชุมชน 25 คน",
        "summary": "ชุมชนขอให้แจ้งเตือนก่อนหยุดจ่ายน้ำ",
        "follow_ups": "ตั้งกลุ่มไลน์แจ้งเตือน",
        **overrides,
    }


def test_engagement_create_with_stakeholders_and_minutes(
    org_a, stakeholder, editor_a, client_for, member_factory
):
    other = make_stakeholder(org_a, code="REG-01")
    data = engagement_data(stakeholder, other, minutes_file=upload("รายงานการประชุม.pdf", PDF))
    response = client_for(english(editor_a)).post(url(org_a, "engagements/new/"), data)
    assert response.status_code == 302
    with scope(organization=org_a):
        engagement = Engagement.objects.get()
        minutes = Attachment.objects.get()
        assert sorted(engagement.stakeholders.values_list("code", flat=True)) == [
            "COM-01",
            "REG-01",
        ]
    assert (minutes.record, minutes.effective_date) == (engagement, dt.date(2026, 8, 20))
    assert minutes.title == "Minutes: ประชุมรับฟังความคิดเห็นผู้ใช้น้ำ"
    thai_reader = member_factory(org_a, Role.EDITOR)
    page = _text(client_for(thai_reader).get(url(org_a, "engagements/")))
    listed = re.search(r'data-testid="minutes">(.*?)</td>', page, re.S).group(1)
    assert f'href="/o/{org_a.slug}/files/versions/{minutes.current_version_id}/download/"' in listed
    assert "รายงานการประชุม.pdf" in listed
    detail = _text(client_for(thai_reader).get(url(org_a, f"{stakeholder.pk}/")))
    assert "รายงานการประชุม.pdf" in detail and "20 ส.ค. 2569" in detail


def test_engagement_with_a_refused_minutes_file_saves_nothing(
    org_a, stakeholder, editor_a, client_for
):
    data = engagement_data(stakeholder, minutes_file=upload("รายงาน.pdf", b""))
    response = client_for(english(editor_a)).post(url(org_a, "engagements/new/"), data)
    page = _text(response)
    field = re.search(r'id="id_minutes_file">(.*?)</div>\s*</div>', page, re.S).group(1)
    assert '<div class="invalid-feedback d-block">The file is empty.' in field
    with scope(organization=org_a):
        assert Engagement.objects.count() == 0
        assert Attachment.objects.count() == 0
        assert FileVersion.objects.count() == 0


def test_engagement_needs_a_stakeholder(org_a, editor_a, client_for):
    response = client_for(english(editor_a)).post(url(org_a, "engagements/new/"), engagement_data())
    assert "This field is required." in _text(response)
    with scope(organization=org_a):
        assert Engagement.objects.count() == 0


def test_engagement_edit_adds_minutes_and_keeps_the_first(org_a, stakeholder, editor_a, client_for):
    engagement = make_engagement(org_a, [stakeholder])
    client = client_for(editor_a)
    for name in ("ครั้งที่1.pdf", "ครั้งที่2.pdf"):
        data = engagement_data(stakeholder, minutes_file=upload(name, pdf_bytes()))
        assert (
            client.post(url(org_a, f"engagements/{engagement.pk}/edit/"), data).status_code == 302
        )
    form = _text(client.get(url(org_a, f"engagements/{engagement.pk}/edit/")))
    assert "ครั้งที่1.pdf" in form and "ครั้งที่2.pdf" in form


def test_engagement_create_can_start_from_a_profile(org_a, stakeholder, editor_a, client_for):
    form = _text(
        client_for(editor_a).get(url(org_a, "engagements/new/"), {"stakeholder": stakeholder.pk})
    )
    assert re.search(rf'<option value="{stakeholder.pk}" selected>', form)


def test_engagement_delete_keeps_the_minutes_as_evidence(org_a, stakeholder, editor_a, client_for):
    client = client_for(editor_a)
    data = engagement_data(stakeholder, minutes_file=upload("รายงาน.pdf", PDF))
    client.post(url(org_a, "engagements/new/"), data)
    with scope(organization=org_a):
        engagement = Engagement.objects.get()
    assert client.post(url(org_a, f"engagements/{engagement.pk}/delete/")).status_code == 302
    with scope(organization=org_a):
        assert Engagement.objects.count() == 0
        assert Attachment.objects.count() == 1


def test_assessor_sees_engagement_minutes_without_a_download_link(
    org_a, stakeholder, editor_a, member_factory, client_for
):
    data = engagement_data(stakeholder, minutes_file=upload("รายงาน.pdf", PDF))
    client_for(editor_a).post(url(org_a, "engagements/new/"), data)
    page = _text(client_for(member_factory(org_a, Role.ASSESSOR)).get(url(org_a, "engagements/")))
    listed = re.search(r'data-testid="minutes">(.*?)</td>', page, re.S).group(1)
    assert "รายงาน.pdf" in listed and "download" not in listed


# --- the team, its order and the review period -----------------------------------------------


def test_team_page_groups_members_by_business_line(org_a, editor_a, client_for):
    cs = line(org_a, "CS", name_th="สายงานบริการลูกค้า")
    op = line(org_a, "OP", name_th="สายงานปฏิบัติการ")
    make_team_member(org_a, op, name="นายปฏิบัติ งานดี", team_role=TeamMember.TeamRole.MEMBER)
    make_team_member(org_a, cs, name="นางบริการ ใจดี", team_role=TeamMember.TeamRole.CHAIR)
    page = _text(client_for(editor_a).get(url(org_a, "team/")))
    lines = re.findall(r'<h2 class="h5 mt-2">([^<]+)</h2>', page)
    assert lines == ["CS สายงานบริการลูกค้า", "OP สายงานปฏิบัติการ"]
    assert page.index("นางบริการ ใจดี") < page.index("นายปฏิบัติ งานดี")


def test_team_member_add_edit_and_remove(org_a, editor_a, client_for):
    cs = line(org_a, "CS")
    client = client_for(editor_a)
    data = {"name": "นางสาวทีม งาน", "position": "นักวิเคราะห์", "business_line": cs.pk,
            "team_role": "secretary", "user": editor_a.pk}  # fmt: skip
    assert client.post(url(org_a, "team/new/"), data).status_code == 302
    with scope(organization=org_a):
        member = TeamMember.objects.get()
    assert (member.name, member.user, member.team_role) == ("นางสาวทีม งาน", editor_a, "secretary")
    data["team_role"] = "chair"
    assert client.post(url(org_a, f"team/{member.pk}/edit/"), data).status_code == 302
    assert client.post(url(org_a, f"team/{member.pk}/delete/")).status_code == 302
    with scope(organization=org_a):
        assert TeamMember.objects.count() == 0


def test_team_member_user_must_be_a_member_here(org_a, org_b, editor_a, client_for, member_factory):
    outsider = member_factory(org_b, Role.EDITOR)
    data = {"name": "คนนอก", "business_line": line(org_a).pk, "team_role": "member",
            "user": outsider.pk}  # fmt: skip
    response = client_for(english(editor_a)).post(url(org_a, "team/new/"), data)
    assert "Select a valid choice. That choice is not one of the available choices." in _text(
        response
    )


def test_team_order_upload_then_a_new_version(org_a, editor_a, client_for):
    client = client_for(editor_a)
    data = {"effective_date": "01/10/2569", "file": upload("คำสั่งแต่งตั้ง.pdf", PDF)}
    assert client.post(url(org_a, "team/order/"), data).status_code == 302
    data = {"effective_date": "01/11/2569", "file": upload("คำสั่งแต่งตั้งฉบับแก้ไข.pdf", pdf_bytes())}
    assert client.post(url(org_a, "team/order/"), data).status_code == 302
    with scope(organization=org_a):
        order = StakeholderSettings.objects.get().team_order
        assert order.versions.count() == 2
        assert order.record == StakeholderSettings.objects.get()
    page = _text(client.get(url(org_a, "team/")))
    box = re.search(r'data-testid="team-order">(.*?)</section>', page, re.S).group(1)
    assert "คำสั่งแต่งตั้งฉบับแก้ไข.pdf" in box and "1 ต.ค. 2569" in box
    assert f"/files/versions/{order.current_version_id}/download/" in box


def test_team_order_refuses_a_bad_file(org_a, editor_a, client_for):
    data = {"effective_date": "01/10/2569", "file": upload("คำสั่ง.pdf", b"")}
    response = client_for(editor_a).post(url(org_a, "team/order/"), data)
    assert response.status_code == 400
    with scope(organization=org_a):
        assert StakeholderSettings.objects.get().team_order is None
        assert Attachment.objects.count() == 0


def test_review_period_is_set_by_coordinators(org_a, coordinator_a, client_for):
    client = client_for(coordinator_a)
    assert client.post(url(org_a, "settings/"), {"review_months": "6"}).status_code == 302
    with scope(organization=org_a):
        assert StakeholderSettings.objects.get().review_months == 6
    assert client.post(url(org_a, "settings/"), {"review_months": "0"}).status_code == 400


def test_team_page_shows_the_settings_form_to_coordinators_only(
    org_a, coordinator_a, editor_a, client_for
):
    assert 'data-testid="settings-form"' in _text(
        client_for(coordinator_a).get(url(org_a, "team/"))
    )
    assert 'data-testid="settings-form"' not in _text(client_for(editor_a).get(url(org_a, "team/")))


# --- groups ----------------------------------------------------------------------------------


def test_groups_page_lists_the_default_groups_with_counts(org_a, editor_a, client_for):
    make_stakeholder(org_a, group_code="REG")
    page = _text(client_for(editor_a).get(url(org_a, "groups/")))
    codes = re.findall(r"<td>\d+</td><td>([A-Z]+)</td>", page)
    assert codes == ["REG", "MIN", "CUS", "EMP", "PAR", "SUP", "COM", "MED"]
    assert f'href="{url(org_a)}?group={group(org_a, "REG").pk}">1</a>' in page


def test_group_create_edit_and_duplicate_code(org_a, coordinator_a, client_for):
    client = client_for(english(coordinator_a))
    data = {"code": "NGO", "name_th": "องค์กรพัฒนาเอกชน", "name_en": "NGOs", "order": "9"}
    assert client.post(url(org_a, "groups/new/"), data).status_code == 302
    response = client.post(url(org_a, "groups/new/"), data)
    assert "Another group already uses this code." in _text(response)
    ngo = group(org_a, "NGO")
    data["name_en"] = "Non-governmental organizations"
    assert client.post(url(org_a, f"groups/{ngo.pk}/edit/"), data).status_code == 302
    assert group(org_a, "NGO").name_en == "Non-governmental organizations"


def test_group_in_use_cannot_be_deleted(org_a, coordinator_a, client_for):
    make_stakeholder(org_a, group_code="MED")
    client = client_for(english(coordinator_a))
    response = client.post(url(org_a, f"groups/{group(org_a, 'MED').pk}/delete/"), follow=True)
    assert "Stakeholders or plan items belong to this group, so it cannot be deleted." in _text(
        response
    )
    assert client.post(url(org_a, f"groups/{group(org_a, 'SUP').pk}/delete/")).status_code == 302
    with scope(organization=org_a):
        assert not StakeholderGroup.objects.filter(code="SUP").exists()


# --- roles -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.VIEWER, Role.SECRETARY])
def test_readers_get_403_on_every_record_write(
    role, org_a, stakeholder, unit, member_factory, client_for
):
    voice = make_voice(org_a, stakeholder, owner_unit=unit)
    risk = make_risk(org_a, stakeholder, owner_unit=unit)
    engagement = make_engagement(org_a, [stakeholder])
    member = make_team_member(org_a, unit)
    client = client_for(member_factory(org_a, role))
    writes = [
        f"{stakeholder.pk}/voices/new/",
        f"voices/{voice.pk}/edit/",
        f"voices/{voice.pk}/delete/",
        f"{stakeholder.pk}/risks/new/",
        f"risks/{risk.pk}/edit/",
        f"risks/{risk.pk}/delete/",
        "engagements/new/",
        f"engagements/{engagement.pk}/edit/",
        f"engagements/{engagement.pk}/delete/",
        "team/new/",
        f"team/{member.pk}/edit/",
        f"team/{member.pk}/delete/",
        "team/order/",
        "settings/",
        "groups/new/",
        f"groups/{group(org_a, 'MED').pk}/edit/",
        f"groups/{group(org_a, 'MED').pk}/delete/",
    ]
    assert {w: client.post(url(org_a, w)).status_code for w in writes} == dict.fromkeys(writes, 403)
    with scope(organization=org_a):
        counts = (
            VoiceOfStakeholder.objects.count(),
            RelationshipRisk.objects.count(),
            Engagement.objects.count(),
            TeamMember.objects.count(),
            StakeholderGroup.objects.count(),
        )
    assert counts == (1, 1, 1, 1, 8)


def test_editors_get_403_on_groups_and_the_review_period(org_a, editor_a, client_for):
    client = client_for(editor_a)
    assert client.get(url(org_a, "groups/new/")).status_code == 403
    assert client.post(url(org_a, f"groups/{group(org_a, 'MED').pk}/delete/")).status_code == 403
    assert client.post(url(org_a, "settings/"), {"review_months": "6"}).status_code == 403


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.VIEWER])
def test_readers_see_the_records_pages(role, org_a, stakeholder, member_factory, client_for):
    make_engagement(org_a, [stakeholder], title="เวทีชุมชน")
    client = client_for(member_factory(org_a, role))
    assert "เวทีชุมชน" in _text(client.get(url(org_a, "engagements/")))
    assert 'data-testid="add-team-member"' not in _text(client.get(url(org_a, "team/")))
    assert 'data-testid="create-group"' not in _text(client.get(url(org_a, "groups/")))
