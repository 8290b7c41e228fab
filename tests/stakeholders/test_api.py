"""The stakeholder API: profiles, VOS, risks, engagements, groups and the team."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from seam_scm.files.models import Attachment
from seam_scm.tenancy.models import OrgUnit
from seam_scm.tenancy.roles import Role
from stakeholders.models import (
    Engagement,
    PlanItem,
    RelationshipRisk,
    Representative,
    Stakeholder,
    StakeholderGroup,
    TeamMember,
    VoiceOfStakeholder,
)

from ..approvals.factories import draft_version
from ..files.factories import PDF, upload
from .factories import (
    department,
    group,
    line,
    make_engagement,
    make_risk,
    make_stakeholder,
    make_team_member,
    make_voice,
)

pytestmark = pytest.mark.django_db


def api(organization, suffix: str) -> str:
    return f"/api/v1/orgs/{organization.slug}/{suffix}"


@pytest.fixture
def editor_a(org_a, member_factory):
    user = member_factory(org_a, Role.EDITOR)
    user.language = "en"  # messages are asserted in English
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def cs_line(org_a):
    return line(org_a, "CS", name_th="สายงานบริการลูกค้า")


def profile_payload(organization, **overrides) -> dict:
    return {
        "code": "REG-01",
        "name_th": "สำนักงานคณะกรรมการนโยบายรัฐวิสาหกิจ",
        "name_en": "SEPO",
        "side": "external",
        "group": group(organization, "REG").pk,
        "status": "government",
        "source": "primary",
        "influence": 5,
        "interest": 4,
        "current_level": 3,
        "target_level": 5,
        **overrides,
    }


REPRESENTATIVE = {
    "kind": "representative",
    "name": "นายสมศักดิ์ ผู้แทน",
    "position": "ผู้อำนวยการกอง",
    "phone": "02-298-5880",
    "email": "somsak@example.go.th",
    "lawful_basis": "public_task",
}


# --- profiles --------------------------------------------------------------------------------


def test_list_profiles_with_units_and_computed_fields(org_a, cs_line, editor_a, api_client_for):
    make_stakeholder(
        org_a, code="S-1", influence=5, interest=2, current_level=2, target_level=4,
        last_reviewed=dt.date(2020, 1, 1), key_issues="", units=[(cs_line, 3)],
    )  # fmt: skip
    response = api_client_for(editor_a).get(api(org_a, "stakeholders/"))
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["units"] == [
        {
            "unit": cs_line.pk,
            "unit_code": "CS",
            "unit_name": "สายงานบริการลูกค้า",
            "importance_rank": 3,
        }
    ]
    assert (row["quadrant"], row["relationship_gap"], row["stale"]) == ("keep_satisfied", 2, True)
    assert row["missing_fields"] == ["key issues", "representatives or coordinators"]
    assert row["representatives"] == []


def test_list_filters_with_the_list_page_query_keys(org_a, cs_line, editor_a, api_client_for):
    make_stakeholder(org_a, code="S-1", name_th="ชุมชนริมคลอง", influence=5, interest=5)
    make_stakeholder(org_a, code="S-2", name_th="สื่อมวลชน", group_code="MED", units=[(cs_line, 1)])
    client = api_client_for(editor_a)

    def codes(**query):
        response = client.get(api(org_a, "stakeholders/"), query)
        return [row["code"] for row in response.json()["results"]]

    assert codes(q="ริมคลอง") == ["S-1"]
    assert codes(quadrant="manage_closely") == ["S-1"]
    assert codes(group=group(org_a, "MED").pk) == ["S-2"]
    assert codes(unit=cs_line.pk) == ["S-2"]
    assert codes(incomplete="true") == ["S-1", "S-2"]
    assert codes(stale="true") == []


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.VIEWER])
def test_representatives_are_absent_for_assessors_and_viewers(
    role, org_a, member_factory, api_client_for
):
    stakeholder = make_stakeholder(org_a, representatives=[REPRESENTATIVE])
    client = api_client_for(member_factory(org_a, role))
    listed = client.get(api(org_a, "stakeholders/")).json()["results"][0]
    detail = client.get(api(org_a, f"stakeholders/{stakeholder.pk}/")).json()
    for row in (listed, detail):
        assert "representatives" not in row
        assert "นายสมศักดิ์" not in str(row) and "somsak@" not in str(row)
        # Completeness still knows a representative exists.
        assert "representatives or coordinators" not in row["missing_fields"]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.EDITOR, Role.SECRETARY])
def test_representatives_are_nested_for_roles_with_personal_data(
    role, org_a, member_factory, api_client_for
):
    stakeholder = make_stakeholder(org_a, representatives=[REPRESENTATIVE])
    detail = api_client_for(member_factory(org_a, role)).get(
        api(org_a, f"stakeholders/{stakeholder.pk}/")
    )
    (representative,) = detail.json()["representatives"]
    assert {k: v for k, v in representative.items() if k in REPRESENTATIVE} == REPRESENTATIVE
    # The purpose of the record of processing that gives the lawful basis.
    with scopes_disabled():
        purpose = Representative.objects.get(stakeholder=stakeholder).processing_activity
    assert representative["processing_activity"] == purpose.pk
    assert representative["processing_purpose"] == purpose.purpose


def test_create_profile_with_units_and_representatives(org_a, cs_line, editor_a, api_client_for):
    cs_department = department(org_a, cs_line, "CS-CR")
    payload = profile_payload(
        org_a,
        units=[
            {"unit": cs_line.pk, "importance_rank": 2},
            {"unit": cs_department.pk, "importance_rank": 1},
        ],
        representatives=[REPRESENTATIVE],
    )
    response = api_client_for(editor_a).post(api(org_a, "stakeholders/"), payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [u["unit_code"] for u in body["units"]] == ["CS-CR", "CS"]
    assert body["quadrant"] == "manage_closely"
    with scope(organization=org_a):
        stakeholder = Stakeholder.objects.get(code="REG-01")
        assert stakeholder.representatives.get().name == "นายสมศักดิ์ ผู้แทน"
        assert stakeholder.history.get().history_user == editor_a


def test_update_replaces_representatives_by_id(org_a, editor_a, api_client_for):
    stakeholder = make_stakeholder(org_a, representatives=[{"name": "คนเดิม"}, {"name": "คนที่จะลบ"}])
    with scope(organization=org_a):
        kept = stakeholder.representatives.get(name="คนเดิม")
    payload = {
        "representatives": [
            {**REPRESENTATIVE, "id": kept.pk, "name": "คนเดิม", "phone": "099"},
            {**REPRESENTATIVE, "name": "คนใหม่"},
        ]
    }
    response = api_client_for(editor_a).patch(
        api(org_a, f"stakeholders/{stakeholder.pk}/"), payload, format="json"
    )
    assert response.status_code == 200, response.json()
    with scope(organization=org_a):
        rows = sorted(stakeholder.representatives.values_list("id", "name", "phone"))
    assert rows[0] == (kept.pk, "คนเดิม", "099")
    assert [name for _, name, _ in rows] == ["คนเดิม", "คนใหม่"]


def test_patch_without_units_keeps_them(org_a, cs_line, editor_a, api_client_for):
    stakeholder = make_stakeholder(org_a, units=[(cs_line, 1)])
    response = api_client_for(editor_a).patch(
        api(org_a, f"stakeholders/{stakeholder.pk}/"), {"name_en": "New"}, format="json"
    )
    assert response.status_code == 200
    assert [u["unit_code"] for u in response.json()["units"]] == ["CS"]


def test_create_refuses_a_duplicate_code_and_bad_scales(org_a, editor_a, api_client_for):
    make_stakeholder(org_a, code="REG-01")
    client = api_client_for(editor_a)
    response = client.post(api(org_a, "stakeholders/"), profile_payload(org_a), format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"code": ["Another stakeholder already uses this code."]},
    )
    response = client.post(
        api(org_a, "stakeholders/"), profile_payload(org_a, code="X", influence=7), format="json"
    )
    assert response.json() == {"influence": ["Ensure this value is less than or equal to 5."]}


def test_create_refuses_units_of_another_organization_and_divisions(
    org_a, org_b, cs_line, editor_a, api_client_for
):
    foreign = line(org_b, "FOREIGN")
    division = OrgUnit(
        organization=org_a, kind=OrgUnit.Kind.DIVISION, code="DIV",
        parent=department(org_a, cs_line), name_th="กอง",
    )  # fmt: skip
    with scope(organization=org_a):
        division.save()
    client = api_client_for(editor_a)
    for unit in (foreign, division):
        payload = profile_payload(org_a, units=[{"unit": unit.pk, "importance_rank": 1}])
        response = client.post(api(org_a, "stakeholders/"), payload, format="json")
        assert response.status_code == 400
        assert list(response.json()) == ["units"]
    with scope(organization=org_a):
        assert Stakeholder.objects.count() == 0


def test_delete_refuses_a_stakeholder_named_in_a_plan(org_a, cs_line, editor_a, api_client_for):
    named = make_stakeholder(org_a, code="S-PLAN")
    free = make_stakeholder(org_a, code="S-FREE")
    with scope(organization=org_a):
        PlanItem.objects.create(
            organization=org_a, version=draft_version(org_a), key=uuid.uuid4(), stakeholder=named,
            objective="o", activity="a", owner_unit=cs_line, kpi="k", target="t",
        )  # fmt: skip
    client = api_client_for(editor_a)
    response = client.delete(api(org_a, f"stakeholders/{named.pk}/"))
    assert (response.status_code, response.json()) == (
        400,
        ["This stakeholder is named in a relationship plan and cannot be deleted."],
    )
    assert client.delete(api(org_a, f"stakeholders/{free.pk}/")).status_code == 204


def test_review_action_sets_today(org_a, editor_a, api_client_for):
    stakeholder = make_stakeholder(org_a, last_reviewed=dt.date(2020, 1, 1))
    response = api_client_for(editor_a).post(api(org_a, f"stakeholders/{stakeholder.pk}/review/"))
    assert response.status_code == 200
    assert response.json()["last_reviewed"] == timezone.localdate().isoformat()
    assert response.json()["stale"] is False


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.VIEWER])
def test_readers_get_403_on_api_writes(role, org_a, cs_line, member_factory, api_client_for):
    stakeholder = make_stakeholder(org_a)
    voice = make_voice(org_a, stakeholder, owner_unit=cs_line)
    client = api_client_for(member_factory(org_a, role))
    attempts = [
        client.post(api(org_a, "stakeholders/"), profile_payload(org_a), format="json"),
        client.patch(
            api(org_a, f"stakeholders/{stakeholder.pk}/"), {"name_th": "x"}, format="json"
        ),
        client.post(api(org_a, f"stakeholders/{stakeholder.pk}/review/")),
        client.delete(api(org_a, f"stakeholders/{stakeholder.pk}/")),
        client.delete(api(org_a, f"stakeholder-voices/{voice.pk}/")),
        client.post(api(org_a, "stakeholder-risks/"), {}, format="json"),
        client.post(api(org_a, "stakeholder-engagements/"), {}, format="json"),
        client.post(api(org_a, "stakeholder-team/"), {}, format="json"),
        client.post(api(org_a, "stakeholder-groups/"), {}, format="json"),
    ]
    assert [r.status_code for r in attempts] == [403] * len(attempts)


# --- VOS, risks, engagements, groups, team ---------------------------------------------------


def test_voices_create_and_filter_by_stakeholder(org_a, cs_line, editor_a, api_client_for):
    first = make_stakeholder(org_a)
    second = make_stakeholder(org_a)
    make_voice(org_a, second, owner_unit=cs_line)
    client = api_client_for(editor_a)
    payload = {"stakeholder": first.pk, "polarity": "positive", "topic": "อยากได้ข้อมูลคุณภาพน้ำ",
               "source": "survey", "heard_on": "2026-07-01", "importance": 3,
               "owner_unit": cs_line.pk}  # fmt: skip
    response = client.post(api(org_a, "stakeholder-voices/"), payload, format="json")
    assert response.status_code == 201, response.json()
    rows = client.get(api(org_a, "stakeholder-voices/"), {"stakeholder": first.pk}).json()
    assert [(r["topic"], r["risks"], r["plan_items"]) for r in rows["results"]] == [
        ("อยากได้ข้อมูลคุณภาพน้ำ", [], [])
    ]


def test_voice_for_a_stakeholder_of_another_org_is_refused(
    org_a, org_b, cs_line, editor_a, api_client_for
):
    foreign = make_stakeholder(org_b)
    payload = {"stakeholder": foreign.pk, "polarity": "negative", "topic": "x", "source": "media",
               "heard_on": "2026-07-01", "importance": 3, "owner_unit": cs_line.pk}  # fmt: skip
    response = api_client_for(editor_a).post(
        api(org_a, "stakeholder-voices/"), payload, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["stakeholder"]


def test_risks_show_score_and_rating_and_refuse_other_stakeholders_voices(
    org_a, cs_line, editor_a, api_client_for
):
    stakeholder = make_stakeholder(org_a)
    own = make_voice(org_a, stakeholder, owner_unit=cs_line)
    other = make_voice(org_a, make_stakeholder(org_a), owner_unit=cs_line)
    client = api_client_for(editor_a)
    payload = {"stakeholder": stakeholder.pk, "description": "ชุมชนคัดค้าน", "likelihood": 3,
               "impact": 4, "owner_unit": cs_line.pk, "voices": [own.pk]}  # fmt: skip
    response = client.post(api(org_a, "stakeholder-risks/"), payload, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["score"], response.json()["rating"]) == (12, "high")
    payload["voices"] = [other.pk]
    response = client.post(api(org_a, "stakeholder-risks/"), payload, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"voices": ["Choose only voices of the same stakeholder as the risk."]},
    )
    with scope(organization=org_a):
        assert RelationshipRisk.objects.count() == 1


def test_engagement_create_and_attach_minutes(org_a, editor_a, api_client_for):
    stakeholders = [make_stakeholder(org_a), make_stakeholder(org_a)]
    client = api_client_for(editor_a)
    payload = {"held_on": "2026-08-20", "kind": "forum", "title": "เวทีรับฟัง",
               "stakeholders": [s.pk for s in stakeholders], "summary": "สรุป"}  # fmt: skip
    response = client.post(api(org_a, "stakeholder-engagements/"), payload, format="json")
    assert response.status_code == 201, response.json()
    engagement_id = response.json()["id"]
    response = client.post(
        api(org_a, f"stakeholder-engagements/{engagement_id}/minutes/"),
        {"file": upload("รายงาน.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    (minutes,) = response.json()["minutes"]
    assert minutes["file_name"] == "รายงาน.pdf"
    with scope(organization=org_a):
        assert Attachment.objects.get().record == Engagement.objects.get()
    listed = client.get(api(org_a, "stakeholder-engagements/")).json()["results"]
    assert [m["file_name"] for m in listed[0]["minutes"]] == ["รายงาน.pdf"]


def test_engagement_minutes_refused_file_gives_400(org_a, editor_a, api_client_for):
    engagement = make_engagement(org_a)
    response = api_client_for(editor_a).post(
        api(org_a, f"stakeholder-engagements/{engagement.pk}/minutes/"),
        {"file": upload("รายงาน.pdf", b"")},
        format="multipart",
    )
    assert (response.status_code, response.json()) == (
        400,
        {"file": ["The file is empty."]},
    )


def test_groups_are_written_by_coordinators_only(org_a, coordinator_a, editor_a, api_client_for):
    payload = {"code": "NGO", "name_th": "องค์กรพัฒนาเอกชน", "order": 9}
    assert (
        api_client_for(editor_a).post(api(org_a, "stakeholder-groups/"), payload).status_code == 403
    )
    response = api_client_for(coordinator_a).post(api(org_a, "stakeholder-groups/"), payload)
    assert response.status_code == 201
    with scope(organization=org_a):
        assert StakeholderGroup.objects.filter(code="NGO").count() == 1
    with translation.override("en"):
        again = api_client_for(coordinator_a).post(api(org_a, "stakeholder-groups/"), payload)
    assert again.status_code == 400 and list(again.json()) == ["code"]


def test_team_members_by_api(org_a, cs_line, editor_a, org_b, member_factory, api_client_for):
    client = api_client_for(editor_a)
    payload = {"name": "นางสาวทีม", "business_line": cs_line.pk, "team_role": "chair",
               "user": editor_a.pk}  # fmt: skip
    response = client.post(api(org_a, "stakeholder-team/"), payload, format="json")
    assert response.status_code == 201, response.json()
    payload["user"] = member_factory(org_b, Role.EDITOR).pk
    assert client.post(api(org_a, "stakeholder-team/"), payload, format="json").status_code == 400
    payload.update(user=None, business_line=department(org_a, cs_line).pk)
    response = client.post(api(org_a, "stakeholder-team/"), payload, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"business_line": ["Choose a business line (สายงาน)."]},
    )
    with scope(organization=org_a):
        assert TeamMember.objects.count() == 1


def test_lists_show_only_the_own_organization(org_a, org_b, editor_a, api_client_for):
    for organization in (org_a, org_b):
        stakeholder = make_stakeholder(organization)
        make_voice(organization, stakeholder)
        make_risk(organization, stakeholder)
        make_engagement(organization, [stakeholder])
        make_team_member(organization)
    client = api_client_for(editor_a)
    with scope(organization=org_a):
        expected = {
            "stakeholders/": list(Stakeholder.objects.values_list("id", flat=True)),
            "stakeholder-voices/": list(VoiceOfStakeholder.objects.values_list("id", flat=True)),
            "stakeholder-risks/": list(RelationshipRisk.objects.values_list("id", flat=True)),
            "stakeholder-engagements/": list(Engagement.objects.values_list("id", flat=True)),
            "stakeholder-team/": list(TeamMember.objects.values_list("id", flat=True)),
        }
    for suffix, ids in expected.items():
        rows = client.get(api(org_a, suffix)).json()["results"]
        assert [row["id"] for row in rows] == ids, suffix
