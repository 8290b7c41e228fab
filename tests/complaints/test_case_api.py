"""The complaint case API: list and filters, one case with its timeline and clocks, recording,
changing and moving a case; personal data by role; other organizations' ids; no deleting."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from complaints import policy_services
from complaints.models import CaseEvent, ComplaintCase, ComplaintChannel
from seam_scm.tenancy.roles import ROLE_MATRIX, Action, Role

from ..factories import OrgUnitFactory
from .factories import (
    CLOSING,
    RESPONSE,
    approved_policy,
    category,
    channel,
    make_case,
    member,
    move,
)

pytestmark = pytest.mark.django_db

COMPLAINANT = {
    "complainant_name": "นายมานะ ขยันยิ่ง",
    "complainant_phone": "0823456789",
    "complainant_email": "mana.khayan@example.com",
    "complainant_address": "12 ซอยสุขุมวิท 71",
    "lawful_basis": "public_task",
}
PERSONAL_KEYS = set(COMPLAINANT)


def api(organization, suffix: str = "") -> str:
    return f"/api/v1/orgs/{organization.slug}/complaint-cases/{suffix}"


def fresh(case) -> ComplaintCase:
    with scopes_disabled():
        return ComplaintCase.objects.get(pk=case.pk)


def new_case(version, **overrides) -> dict:
    data = {
        "received_at": (timezone.now() - dt.timedelta(hours=3)).isoformat(),
        "channel": channel(version).pk,
        "category": category(version).pk,
        "subject": "มิเตอร์น้ำรั่ว",
        "description": "น้ำรั่วที่มิเตอร์หน้าบ้าน",
        **COMPLAINANT,
        "note": "โทรแจ้งศูนย์บริการ",
    }
    data.update(overrides)
    return data


@pytest.fixture
def policy(org_a):
    return approved_policy(org_a)


@pytest.fixture
def editor(org_a):
    user = member(org_a, Role.EDITOR)
    user.language = "en"
    user.save()
    return user


# --- reading -------------------------------------------------------------------------------


def test_a_case_comes_with_its_timeline_and_clocks(org_a, policy, editor, api_client_for):
    case = make_case(org_a, by=editor, **COMPLAINANT)
    move(case, "acknowledge", by=editor)
    data = api_client_for(editor).get(api(org_a, f"{case.pk}/")).json()
    assert (data["reference"], data["state"]) == (case.reference, "acknowledged")
    assert [event["action"] for event in data["events"]] == ["receive", "acknowledge"]
    assert data["events"][1]["from_state"] == "received"
    assert data["events"][1]["by_name"] == editor.get_full_name()
    assert data["sla"]["acknowledgement"]["status"] == "met"
    assert data["sla"]["resolution"]["status"] in {"on_time", "due_soon"}
    assert data["sla"]["resolution"]["working_minutes_left"] > 0
    assert data["complainant_email"] == COMPLAINANT["complainant_email"]
    assert "tracking_token" not in data


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR])
def test_personal_data_is_absent_for_viewers_and_assessors(role, org_a, policy, api_client_for):
    case = make_case(org_a, **COMPLAINANT)
    client = api_client_for(member(org_a, role))
    for response in (client.get(api(org_a)), client.get(api(org_a, f"{case.pk}/"))):
        assert response.status_code == 200
        body = response.content.decode()
        for value in ("มานะ", "0823456789", "mana.khayan", "สุขุมวิท"):
            assert value not in body
    data = client.get(api(org_a, f"{case.pk}/")).json()
    assert PERSONAL_KEYS.isdisjoint(data)
    assert data["is_anonymous"] is False and data["subject"] == case.subject


def test_the_list_filters_like_the_page(org_a, policy, editor, api_client_for):
    unit = OrgUnitFactory(organization=org_a)
    old = make_case(org_a, by=editor, received_at=timezone.now() - dt.timedelta(days=40),
                    subject="ค่าน้ำแพง", category_code="BIL")  # fmt: skip
    new = make_case(org_a, by=editor, unit=unit)
    client = api_client_for(editor)

    def ids(query: str = "") -> list[int]:
        return [row["id"] for row in client.get(api(org_a) + query).json()["results"]]

    assert ids() == [new.pk, old.pk]
    assert ids("?q=แพง") == [old.pk]
    assert ids(f"?unit={unit.pk}") == [new.pk]
    assert ids(f"?category={old.category.key}") == [old.pk]
    assert ids("?sla=overdue") == [old.pk]
    assert ids("?state=open") == [new.pk, old.pk]
    day = timezone.localdate(new.received_at).isoformat()
    assert ids(f"?received_from={day}") == [new.pk]


def test_list_query_count_does_not_grow_with_cases(org_a, policy, editor, api_client_for):
    client = api_client_for(editor)

    def add(count: int) -> None:
        for _ in range(count):
            case = make_case(org_a, by=editor, unit=OrgUnitFactory(organization=org_a),
                             handler=editor, **COMPLAINANT)  # fmt: skip
            move(case, "acknowledge", by=editor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(api(org_a) + "?sla=overdue&state=open").status_code == 200
        return len(context)

    add(1)
    queries()
    one = queries()
    add(3)
    assert queries() == one


def test_the_timeline_endpoint_is_read_only_and_filtered_by_case(
    org_a, policy, editor, api_client_for
):
    first = make_case(org_a, by=editor)
    second = make_case(org_a, by=editor)
    move(second, "acknowledge", by=editor)
    client = api_client_for(editor)
    url = f"/api/v1/orgs/{org_a.slug}/complaint-case-events/"
    rows = client.get(f"{url}?case={second.pk}").json()["results"]
    assert [(row["case"], row["action"]) for row in rows] == [
        (second.pk, "receive"),
        (second.pk, "acknowledge"),
    ]
    assert len(client.get(url).json()["results"]) == 3
    assert client.get(f"{url}?case=x").status_code == 400
    event = rows[0]["id"]
    assert client.post(url, {"case": first.pk, "action": "close"}).status_code == 405
    assert client.delete(f"{url}{event}/").status_code == 405


# --- recording -----------------------------------------------------------------------------


def test_an_editor_records_a_case(org_a, policy, editor, api_client_for):
    response = api_client_for(editor).post(api(org_a), new_case(policy), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    case = fresh(ComplaintCase(pk=data["id"]))
    assert data["reference"] == case.reference and data["state"] == "received"
    assert (case.complainant_phone, case.source) == ("0823456789", "staff")
    assert [event["note"] for event in data["events"]] == ["โทรแจ้งศูนย์บริการ"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"lawful_basis": ""}, "lawful_basis",
         "Choose the lawful basis for keeping the complainant's contacts."),
        ({"received_at": "2099-01-01T10:00:00+07:00"}, "received_at",
         "This time is in the future."),
        ({"subject": ""}, "subject", "This field may not be blank."),
    ],
)  # fmt: skip
def test_recording_refuses_bad_input(
    overrides, field, message, org_a, policy, editor, api_client_for
):
    response = api_client_for(editor).post(api(org_a), new_case(policy, **overrides), format="json")
    assert response.status_code == 400
    assert response.json()[field] == [message]
    with scopes_disabled():
        assert not ComplaintCase.objects.filter(organization=org_a).exists()


def test_recording_without_an_approved_policy_is_refused(org_a, org_b, editor, api_client_for):
    theirs = approved_policy(org_b)
    with scope(organization=org_a):
        policy_services.create_policy(organization=org_a, by=editor)
    response = api_client_for(editor).post(api(org_a), new_case(theirs), format="json")
    assert response.status_code == 400


def test_a_channel_not_in_use_is_refused(org_a, editor, api_client_for):
    by = member(org_a, Role.COORDINATOR)
    with scope(organization=org_a):
        document = policy_services.create_policy(organization=org_a, by=by)
        draft = document.versions.get()
        ComplaintChannel.objects.filter(version=draft, kind="letter").update(is_active=False)
    version = approved_policy(org_a, by=by)
    data = new_case(version, channel=channel(version, "letter").pk)
    response = api_client_for(editor).post(api(org_a), data, format="json")
    assert response.status_code == 400
    assert response.json()["channel"] == ["This channel is not in use."]


def test_ids_of_another_organization_are_refused(org_a, org_b, policy, editor, api_client_for):
    theirs = approved_policy(org_b)
    their_case = make_case(org_b)
    data = new_case(
        policy,
        channel=channel(theirs).pk,
        category=category(theirs).pk,
        unit=OrgUnitFactory(organization=org_b).pk,
        handler=member(org_b, Role.EDITOR).pk,
        repeat_of=their_case.pk,
    )
    response = api_client_for(editor).post(api(org_a), data, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"channel", "category", "unit", "handler", "repeat_of"}
    client = api_client_for(editor)
    assert client.get(api(org_a, f"{their_case.pk}/")).status_code == 404
    assert client.post(api(org_a, f"{their_case.pk}/move/"), {"action": "acknowledge"},
                       format="json").status_code == 404  # fmt: skip


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.SECRETARY])
def test_roles_that_may_not_edit_cannot_write(role, org_a, policy, api_client_for):
    case = make_case(org_a)
    client = api_client_for(member(org_a, role))
    assert client.post(api(org_a), new_case(policy), format="json").status_code == 403
    assert (
        client.patch(api(org_a, f"{case.pk}/"), {"subject": "x"}, format="json").status_code == 403
    )
    move_url = api(org_a, f"{case.pk}/move/")
    assert client.post(move_url, {"action": "acknowledge"}, format="json").status_code == 403
    assert fresh(case).state == "received" and fresh(case).subject == case.subject


def test_cases_are_never_deleted_or_replaced(org_a, policy, editor, api_client_for):
    case = make_case(org_a, by=editor)
    client = api_client_for(editor)
    assert client.delete(api(org_a, f"{case.pk}/")).status_code == 405
    assert client.put(api(org_a, f"{case.pk}/"), new_case(policy), format="json").status_code == 405
    assert fresh(case).pk == case.pk


# --- changing ------------------------------------------------------------------------------


def test_changing_details_is_kept_on_the_timeline(org_a, policy, editor, api_client_for):
    case = make_case(org_a, by=editor)
    unit = OrgUnitFactory(organization=org_a)
    response = api_client_for(editor).patch(
        api(org_a, f"{case.pk}/"),
        {"subject": "มิเตอร์รั่วและน้ำขุ่น", "unit": unit.pk, "note": "ผู้ร้องแจ้งเพิ่ม"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["subject"], data["unit"]) == ("มิเตอร์รั่วและน้ำขุ่น", unit.pk)
    assert data["events"][-1]["action"] == "update"
    assert data["events"][-1]["note"] == "Changed: subject, assigned unit\nผู้ร้องแจ้งเพิ่ม"


def test_the_date_of_receipt_never_changes(org_a, policy, editor, api_client_for):
    case = make_case(org_a, by=editor)
    response = api_client_for(editor).patch(
        api(org_a, f"{case.pk}/"), {"received_at": "2026-01-05T10:00:00+07:00"}, format="json"
    )
    assert response.status_code == 400 and "received_at" in response.json()
    assert fresh(case).received_at == case.received_at


def test_a_writer_without_personal_data_neither_sees_nor_changes_it(
    org_a, policy, editor, api_client_for, monkeypatch
):
    """Were the role matrix to let an editor write records without seeing personal data, the
    complainant's fields would stay out of their reads and writes alike."""
    case = make_case(org_a, by=editor, **COMPLAINANT)
    monkeypatch.setitem(ROLE_MATRIX, Action.VIEW_PERSONAL_DATA, frozenset({Role.COORDINATOR}))
    response = api_client_for(editor).patch(
        api(org_a, f"{case.pk}/"),
        {"complainant_phone": "", "is_anonymous": True, "subject": "มิเตอร์รั่ว"},
        format="json",
    )
    assert response.status_code == 200
    assert PERSONAL_KEYS.isdisjoint(response.json())
    kept = fresh(case)
    assert (kept.complainant_phone, kept.is_anonymous, kept.subject) == (
        "0823456789",
        False,
        "มิเตอร์รั่ว",
    )


# --- moving --------------------------------------------------------------------------------


def test_a_case_is_moved_to_closure_through_the_api(org_a, policy, editor, api_client_for):
    case = make_case(org_a, by=editor, received_at=timezone.now() - dt.timedelta(days=2))
    client = api_client_for(editor)
    url = api(org_a, f"{case.pk}/move/")
    handler = member(org_a, Role.COORDINATOR)
    steps = [
        {"action": "acknowledge"},
        {"action": "assess", "severity": "high", "handler": handler.pk},
        {"action": "investigate", "note": "ส่งช่างตรวจสอบ"},
        {"action": "respond", **RESPONSE,
         "decision_communicated_at": (timezone.now() - dt.timedelta(minutes=5)).isoformat()},
        {"action": "close", **CLOSING, "satisfaction": 5},
    ]  # fmt: skip
    for step in steps:
        response = client.post(url, step, format="json")
        assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["state"], data["severity"], data["handler"]) == ("closed", "high", handler.pk)
    assert data["satisfaction"] == 5 and data["root_cause"] == CLOSING["root_cause"]
    assert [event["action"] for event in data["events"]] == [
        "receive",
        "acknowledge",
        "assess",
        "investigate",
        "respond",
        "close",
    ]
    assert data["sla"]["resolution"]["status"] == "met"


def test_an_illegal_move_is_refused_and_changes_nothing(org_a, policy, editor, api_client_for):
    case = make_case(org_a, by=editor)
    response = api_client_for(editor).post(
        api(org_a, f"{case.pk}/move/"), {"action": "close", **CLOSING}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == ["A case that is “Received” cannot be moved by “Close”."]
    assert fresh(case).state == "received"
    with scopes_disabled():
        assert CaseEvent.objects.filter(case=case).count() == 1


@pytest.mark.parametrize(
    ("path", "step", "field"),
    [
        (["acknowledge", "assess"], {"action": "respond", **RESPONSE}, "decision_communicated_at"),
        (["acknowledge"], {"action": "escalate"}, "note"),
        (["acknowledge"], {"action": "acknowledge"}, None),
        ([], {"action": "acknowledge", "decision": "ไม่เกี่ยว"}, "decision"),
        ([], {"action": "acknowledge", "at": "2099-01-01T10:00:00+07:00"}, "at"),
        ([], {"action": "fly"}, "action"),
    ],
)
def test_a_move_is_checked(path, step, field, org_a, policy, editor, api_client_for):
    case = make_case(org_a, by=editor)
    for action in path:
        case = move(case, action, by=editor)
    response = api_client_for(editor).post(api(org_a, f"{case.pk}/move/"), step, format="json")
    assert response.status_code == 400
    if field:
        assert field in response.json()
    assert fresh(case).state == case.state


def test_a_move_refuses_another_organizations_unit(org_a, org_b, policy, editor, api_client_for):
    case = make_case(org_a, by=editor)
    move(case, "acknowledge", by=editor)
    step = {"action": "assess", "unit": OrgUnitFactory(organization=org_b).pk}
    response = api_client_for(editor).post(api(org_a, f"{case.pk}/move/"), step, format="json")
    assert response.status_code == 400 and "unit" in response.json()
    assert fresh(case).state == "acknowledged"
