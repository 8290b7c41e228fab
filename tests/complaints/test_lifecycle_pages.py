"""Moving a case through its ISO 10002 lifecycle on its pages: every legal step, refused steps,
what each step needs, and what the timeline then shows."""

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from complaints.lifecycle import MOVE_FIELDS, MOVES, NOTE_REQUIRED, Action
from complaints.models import CaseEvent, CaseState, ComplaintCase
from seam_scm.tenancy.roles import Role

from ..factories import OrgUnitFactory
from .factories import CLOSING, RESPONSE, approved_policy, category, make_case, member, move

pytestmark = pytest.mark.django_db

# One way to reach each state from "received", through the services.
PATH_TO = {
    CaseState.RECEIVED: [],
    CaseState.ACKNOWLEDGED: [Action.ACKNOWLEDGE],
    CaseState.ASSESSED: [Action.ACKNOWLEDGE, Action.ASSESS],
    CaseState.INVESTIGATING: [Action.ACKNOWLEDGE, Action.ASSESS, Action.INVESTIGATE],
    CaseState.ESCALATED: [Action.ACKNOWLEDGE, Action.ESCALATE],
    CaseState.RESPONDED: [Action.ACKNOWLEDGE, Action.ASSESS, Action.RESPOND],
    CaseState.CLOSED: [Action.ACKNOWLEDGE, Action.ASSESS, Action.RESPOND, Action.CLOSE],
    CaseState.REOPENED: [Action.ACKNOWLEDGE, Action.ASSESS, Action.RESPOND, Action.REOPEN],
    CaseState.WITHDRAWN: [Action.WITHDRAW],
}
NOTES = {
    Action.ESCALATE: "เกินอำนาจของฝ่าย",
    Action.REOPEN: "ผู้ร้องแจ้งว่ายังไม่ได้รับการแก้ไข",
    Action.WITHDRAW: "ผู้ร้องขอถอนเรื่อง",
}
LEGAL = [(state, action) for action, m in MOVES.items() for state in sorted(m.sources)]
# For each state, the first and the last step it does not allow (the services' tests try
# every pair).
ILLEGAL = sorted(
    {
        (state, refused[index])
        for state in CaseState.values
        for refused in [[a for a, m in MOVES.items() if state not in m.sources]]
        for index in (0, -1)
    }
)


def url(case, suffix: str = "") -> str:
    return f"/o/{case.organization.slug}/complaints/cases/{case.pk}/{suffix}"


def be(moment: dt.datetime) -> tuple[str, str]:
    local = timezone.localtime(moment)
    return f"{local.day:02d}/{local.month:02d}/{local.year + 543}", local.strftime("%H:%M")


def moment(name: str, value: dt.datetime) -> dict:
    day, time = be(value)
    return {f"{name}_0": day, f"{name}_1": time}


def service_details(action: str) -> dict:
    """What the services need to take a step (for reaching a state)."""
    if action == Action.RESPOND:
        return {**RESPONSE, "decision_communicated_at": timezone.now() - dt.timedelta(hours=1)}
    if action == Action.CLOSE:
        return CLOSING
    return {}


def page_data(case, action: str) -> dict:
    """A filled-in form of the step, as a person would send it."""
    data = {"note": NOTES.get(action, "ดำเนินการแล้ว"), **moment("at", timezone.now())}
    fields = MOVE_FIELDS[action]
    if "severity" in fields:
        data["severity"] = case.severity
    if "category" in fields:
        data["category"] = case.category_id
    if "unit" in fields:
        data["unit"] = case.unit_id or ""
    if "handler" in fields:
        data["handler"] = case.handler_id or ""
    if action == Action.RESPOND:
        data.update(RESPONSE, **moment("decision_communicated_at", timezone.now()))
    if action == Action.CLOSE:
        data.update(CLOSING, satisfaction="4")
    return data


@pytest.fixture
def editor(org_a):
    approved_policy(org_a)
    user = member(org_a, Role.EDITOR)
    user.language = "en"
    user.save()
    return user


def case_in(state: str, organization, editor) -> ComplaintCase:
    case = make_case(organization, by=editor, received_at=timezone.now() - dt.timedelta(days=2))
    for action in PATH_TO[state]:
        case = move(case, action, by=editor, note=NOTES.get(action, ""), **service_details(action))
    assert case.state == state
    return case


def fresh(case) -> ComplaintCase:
    with scopes_disabled():
        return ComplaintCase.objects.get(pk=case.pk)


def events_of(case) -> list[CaseEvent]:
    with scopes_disabled():
        return list(CaseEvent.objects.filter(case=case).order_by("at", "id"))


@pytest.mark.parametrize(("state", "action"), LEGAL)
def test_each_legal_step_works_through_its_page(state, action, org_a, editor, client_for):
    case = case_in(state, org_a, editor)
    client = client_for(editor)
    form_page = client.get(url(case, f"{action}/"))
    assert form_page.status_code == 200
    assert set(MOVE_FIELDS[action]) <= set(form_page.context["form"].fields)
    response = client.post(url(case, f"{action}/"), page_data(case, action))
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == url(case) + "#timeline"
    assert fresh(case).state == MOVES[action].target
    last = events_of(case)[-1]
    assert (last.action, last.from_state, last.to_state, last.by) == (
        action,
        state,
        MOVES[action].target,
        editor,
    )
    assert last.note == NOTES.get(action, "ดำเนินการแล้ว")


@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_an_illegal_step_is_refused_and_changes_nothing(state, action, org_a, editor, client_for):
    case = case_in(state, org_a, editor)
    client = client_for(editor)
    before = len(events_of(case))
    for response in (
        client.get(url(case, f"{action}/")),
        client.post(url(case, f"{action}/"), page_data(case, action)),
    ):
        assert response.status_code == 302
        assert response["Location"] == url(case)
    assert fresh(case).state == state and len(events_of(case)) == before
    page = client.get(url(case)).content.decode()
    assert "cannot be moved by" in page


@pytest.mark.parametrize("step", ["fly", "update", "receive", "ACKNOWLEDGE"])
def test_an_unknown_step_is_not_found(step, org_a, editor, client_for):
    case = case_in(CaseState.RECEIVED, org_a, editor)
    assert client_for(editor).get(url(case, f"{step}/")).status_code == 404


def test_the_page_offers_only_the_steps_allowed_now(org_a, editor, client_for):
    case = case_in(CaseState.RESPONDED, org_a, editor)
    body = client_for(editor).get(url(case)).content.decode()
    offered = [a for a in Action.values if f'data-testid="move-{a}"' in body]
    assert offered == ["close", "reopen", "withdraw"]


@pytest.mark.parametrize(
    ("state", "action", "missing", "message"),
    [
        (CaseState.ASSESSED, Action.RESPOND, "decision", "This field is required."),
        (CaseState.ASSESSED, Action.RESPOND, "decision_channel", "This field is required."),
        (CaseState.ASSESSED, Action.RESPOND, "decision_communicated_at", "This field is required."),
        (CaseState.RESPONDED, Action.CLOSE, "remedy", "This field is required."),
        (CaseState.RESPONDED, Action.CLOSE, "root_cause", "This field is required."),
        (CaseState.RESPONDED, Action.CLOSE, "corrective_action", "This field is required."),
        (CaseState.ACKNOWLEDGED, Action.ESCALATE, "note", "This field is required."),
        (CaseState.CLOSED, Action.REOPEN, "note", "This field is required."),
        (CaseState.RECEIVED, Action.WITHDRAW, "note", "This field is required."),
    ],
)
def test_a_step_needs_what_it_records(state, action, missing, message, org_a, editor, client_for):
    case = case_in(state, org_a, editor)
    data = page_data(case, action)
    for key in (missing, f"{missing}_0", f"{missing}_1"):
        data.pop(key, None)
    response = client_for(editor).post(url(case, f"{action}/"), data)
    assert response.status_code == 200
    assert response.context["form"].errors[missing] == [message]
    assert fresh(case).state == state


def test_the_service_explains_a_blank_note_where_a_reason_is_needed(org_a, editor, client_for):
    case = case_in(CaseState.ACKNOWLEDGED, org_a, editor)
    response = client_for(editor).post(
        url(case, "escalate/"), page_data(case, "escalate") | {"note": "   "}
    )
    assert response.context["form"].errors["note"]
    assert fresh(case).state == CaseState.ACKNOWLEDGED
    assert Action.ESCALATE in NOTE_REQUIRED


def test_a_step_cannot_be_dated_in_the_future_or_before_receipt(org_a, editor, client_for):
    case = case_in(CaseState.RECEIVED, org_a, editor)
    client = client_for(editor)
    later = client.post(
        url(case, "acknowledge/"), {**moment("at", timezone.now() + dt.timedelta(days=1))}
    )
    assert later.context["form"].errors["at"] == ["This time is in the future."]
    earlier = client.post(
        url(case, "acknowledge/"), {**moment("at", case.received_at - dt.timedelta(days=1))}
    )
    assert earlier.context["form"].errors["at"] == [
        "This time is before the complaint was received."
    ]
    assert fresh(case).state == CaseState.RECEIVED


def test_a_step_left_at_now_is_taken_now_even_right_after_receipt(org_a, editor, client_for):
    """The form's times are to the minute: a case received a few seconds ago is acknowledged
    "now" without being told it happened before receipt."""
    case = make_case(org_a, by=editor, received_at=timezone.now())
    response = client_for(editor).post(url(case, "acknowledge/"), moment("at", timezone.now()))
    assert response.status_code == 302
    acknowledged = fresh(case)
    assert acknowledged.acknowledged_at >= case.received_at
    assert acknowledged.acknowledged_in_time


def test_assessing_records_severity_category_unit_and_handler(org_a, editor, client_for):
    case = case_in(CaseState.ACKNOWLEDGED, org_a, editor)
    unit = OrgUnitFactory(organization=org_a)
    billing = category(case.policy_version, "BIL")
    data = page_data(case, "assess") | {
        "severity": "critical",
        "category": billing.pk,
        "unit": unit.pk,
        "handler": editor.pk,
    }
    assert client_for(editor).post(url(case, "assess/"), data).status_code == 302
    assessed = fresh(case)
    assert (assessed.severity, assessed.category_id, assessed.unit, assessed.handler) == (
        "critical",
        billing.pk,
        unit,
        editor,
    )
    # Critical: resolve within 8 working hours; the due time moved forward.
    assert (assessed.resolve_within, assessed.resolve_unit) == (8, "working_hours")
    assert assessed.resolve_due_at < case.resolve_due_at


def test_assessing_refuses_another_organizations_unit_and_handler(org_a, org_b, editor, client_for):
    case = case_in(CaseState.ACKNOWLEDGED, org_a, editor)
    data = page_data(case, "assess") | {
        "unit": OrgUnitFactory(organization=org_b).pk,
        "handler": member(org_b, Role.EDITOR).pk,
    }
    response = client_for(editor).post(url(case, "assess/"), data)
    assert set(response.context["form"].errors) == {"unit", "handler"}
    assert fresh(case).state == CaseState.ACKNOWLEDGED


def test_closing_without_an_answer_leaves_satisfaction_empty(org_a, editor, client_for):
    case = case_in(CaseState.RESPONDED, org_a, editor)
    data = page_data(case, "close") | {"satisfaction": ""}
    assert client_for(editor).post(url(case, "close/"), data).status_code == 302
    closed = fresh(case)
    assert (closed.state, closed.satisfaction) == (CaseState.CLOSED, None)
    assert closed.root_cause == CLOSING["root_cause"]


def test_the_timeline_shows_each_step_with_who_when_and_the_note(org_a, editor, client_for):
    case = case_in(CaseState.CLOSED, org_a, editor)
    reopen = page_data(case, "reopen")
    client = client_for(editor)
    client.post(url(case, "reopen/"), reopen)
    response = client.get(url(case))
    body = response.content.decode()
    events = response.context["events"]
    assert [event.action for event in events] == [
        "receive",
        "acknowledge",
        "assess",
        "respond",
        "close",
        "reopen",
    ]
    assert [event.action_label for event in events][-2:] == ["Close", "Reopen"]
    assert "Closed → Reopened" in body
    assert NOTES[Action.REOPEN] in body
    assert editor.get_full_name() in body
    assert 'data-testid="reopen-count"' in body
    assert RESPONSE["decision"] in body and CLOSING["corrective_action"] in body


def test_only_roles_that_edit_records_may_move_a_case(org_a, editor, client_for):
    case = case_in(CaseState.RECEIVED, org_a, editor)
    for role in (Role.VIEWER, Role.ASSESSOR, Role.SECRETARY):
        client = client_for(member(org_a, role))
        assert (
            client.post(url(case, "acknowledge/"), page_data(case, "acknowledge")).status_code
            == 403
        )
    coordinator = client_for(member(org_a, Role.COORDINATOR))
    assert (
        coordinator.post(url(case, "acknowledge/"), page_data(case, "acknowledge")).status_code
        == 302
    )
    assert fresh(case).state == CaseState.ACKNOWLEDGED


def test_a_step_sent_a_minute_after_its_form_opened_stays_after_the_step_before(
    org_a, editor, client_for
):
    """The form offers the minute it was opened; sent in a later minute, that minute may hold
    the previous step, which must stay before this one on the timeline."""
    previous = timezone.now().replace(second=40) - dt.timedelta(minutes=2)
    case = make_case(org_a, by=editor, received_at=previous - dt.timedelta(days=1))
    for action in PATH_TO[CaseState.RESPONDED]:
        case = move(case, action, by=editor, at=previous, **service_details(action))
    data = page_data(case, Action.CLOSE) | moment("at", previous)
    response = client_for(editor).post(url(case, "close/"), data)
    assert response.status_code == 302, response.context["form"].errors
    respond, close = events_of(case)[-2:]
    assert (respond.action, close.action) == (Action.RESPOND, Action.CLOSE)
    assert close.at == respond.at == previous
