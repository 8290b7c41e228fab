"""The ISO 10002 lifecycle of a case (complaints.lifecycle, complaints.case_services): every
legal move works, every other move is refused, and each move records what it must."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from complaints import case_services
from complaints.lifecycle import MOVES, Action, allowed_actions
from complaints.models import CaseState, ComplaintCase, Severity
from seam_scm.tenancy.roles import Role

from ..factories import OrgUnitFactory
from .factories import CLOSING, RESPONSE, approved_policy, category, channel, make_case, member

BANGKOK = ZoneInfo("Asia/Bangkok")
# Monday 9 February 2026, 10:00: no holiday that week or the next two.
RECEIVED = dt.datetime(2026, 2, 9, 10, 0, tzinfo=BANGKOK)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 2, day, hour, minute, tzinfo=BANGKOK)


# The details each move needs, so that the walk below can take any legal step.
DETAILS = {
    Action.RESPOND: {**RESPONSE, "decision_communicated_at": at(12, 11)},
    Action.CLOSE: CLOSING,
}
NOTES = {Action.ESCALATE: "เกินอำนาจของฝ่าย", Action.REOPEN: "ยังไม่ได้รับการแก้ไข"}
NOTES[Action.WITHDRAW] = "ผู้ร้องเรียนขอถอนเรื่อง"

# One way to reach each state from "received".
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


def step(case, action, by, when=None, **extra):
    with scope(organization=case.organization):
        return case_services.move_case(
            case=case,
            action=action,
            by=by,
            at=when or at(12, 11),
            note=NOTES.get(action, ""),
            **{**DETAILS.get(action, {}), **extra},
        )


def case_in(state, organization, by):
    case = make_case(organization, by=by, received_at=RECEIVED)
    for action in PATH_TO[state]:
        case = step(case, action, by)
    assert case.state == state
    return case


def test_every_state_is_reachable_and_the_paths_are_legal():
    assert set(PATH_TO) == set(CaseState)
    # Nothing leaves a withdrawn case; a closed case can only be reopened.
    assert allowed_actions(CaseState.WITHDRAWN) == []
    assert allowed_actions(CaseState.CLOSED) == [Action.REOPEN]


@pytest.mark.django_db
@pytest.mark.parametrize("state", list(CaseState), ids=str)
def test_each_move_is_allowed_exactly_from_its_source_states(state, org_a):
    by = member(org_a)
    approved_policy(org_a)
    for action, move in MOVES.items():
        case = case_in(state, org_a, by)
        if state in move.sources:
            moved = step(case, action, by)
            assert moved.state == move.target
            with scope(organization=org_a):
                last = moved.events.order_by("-id").first()
            assert (last.action, last.from_state, last.to_state) == (action, state, move.target)
        else:
            with pytest.raises(ValidationError) as refused:
                step(case, action, by)
            assert refused.value.code == "illegal_move"
            with scope(organization=org_a):
                assert ComplaintCase.objects.get(pk=case.pk).state == state


@pytest.mark.django_db
def test_a_refused_move_names_the_state_and_the_action(org_a):
    by = member(org_a)
    by.language = "en"
    case = case_in(CaseState.RECEIVED, org_a, by)
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        step(case, Action.CLOSE, by)
    assert refused.value.messages == ["A case that is “Received” cannot be moved by “Close”."]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "action, state, missing",
    [
        (Action.RESPOND, CaseState.ASSESSED, ["decision", "decision_communicated_at"]),
        (Action.CLOSE, CaseState.RESPONDED, ["remedy", "root_cause", "corrective_action"]),
    ],
)
def test_a_move_needs_what_it_records(action, state, missing, org_a):
    by = member(org_a)
    case = case_in(state, org_a, by)
    given = {k: v for k, v in DETAILS[action].items() if k not in missing}
    with scope(organization=org_a), pytest.raises(ValidationError) as refused:
        case_services.move_case(case=case, action=action, by=by, at=at(12, 11), **given)
    assert set(missing) <= set(refused.value.message_dict)


@pytest.mark.django_db
@pytest.mark.parametrize("action", [Action.ESCALATE, Action.REOPEN, Action.WITHDRAW])
def test_escalating_reopening_and_withdrawing_need_a_reason(action, org_a):
    by = member(org_a)
    state = CaseState.CLOSED if action == Action.REOPEN else CaseState.ACKNOWLEDGED
    case = case_in(state, org_a, by)
    with scope(organization=org_a), pytest.raises(ValidationError) as refused:
        case_services.move_case(case=case, action=action, by=by, at=at(12, 11), note="  ")
    assert "note" in refused.value.message_dict


@pytest.mark.django_db
def test_a_step_cannot_happen_before_receipt_or_in_the_future(org_a):
    by = member(org_a)
    case = case_in(CaseState.RECEIVED, org_a, by)
    with pytest.raises(ValidationError) as before:
        step(case, Action.ACKNOWLEDGE, by, when=at(9, 9))
    with pytest.raises(ValidationError) as future:
        step(case, Action.ACKNOWLEDGE, by, when=dt.datetime(2099, 1, 1, tzinfo=BANGKOK))
    assert "at" in before.value.message_dict and "at" in future.value.message_dict


@pytest.mark.django_db
def test_due_times_follow_the_time_standard_in_working_time(org_a):
    case = make_case(org_a, received_at=RECEIVED)  # medium: 8 working hours / 10 working days
    assert (case.acknowledge_within, case.acknowledge_unit) == (8, "working_hours")
    # 6.5 hours on Monday (10:00-16:30), the last 1.5 on Tuesday from 08:30.
    assert case.acknowledge_due_at == at(10, 10, 0)
    # Received during working hours: the days count from Tuesday; the 10th is Monday 23rd.
    assert case.resolve_due_at == at(23, 16, 30)


@pytest.mark.django_db
def test_acknowledging_and_responding_fix_the_kpi_facts(org_a):
    by = member(org_a)
    case = make_case(org_a, by=by, received_at=RECEIVED)
    case = step(case, Action.ACKNOWLEDGE, by, when=at(10, 10, 1))  # one minute late
    assert case.acknowledged_at == at(10, 10, 1)
    assert case.acknowledged_in_time is False
    case = step(case, Action.ASSESS, by, when=at(10, 11))
    case = step(case, Action.RESPOND, by, when=at(12, 11))
    # Mon 10:00-16:30 (6.5 h) + Tue (8 h) + Wed (8 h) + Thu 08:30-11:00 (2.5 h) = 25 h.
    assert case.resolution_minutes == 25 * 60
    assert case.resolved_in_time is True
    assert case.first_responded_at == case.responded_at == at(12, 11)


@pytest.mark.django_db
def test_reopening_restarts_the_resolution_clock_and_keeps_the_first_response(org_a):
    by = member(org_a)
    case = case_in(CaseState.CLOSED, org_a, by)
    first = case.first_responded_at
    case = step(case, Action.REOPEN, by, when=at(13, 9))
    assert (case.reopen_count, case.closed_at) == (1, None)
    # Reopened Friday 13th 09:00, during working hours: ten working days from Monday 16th.
    assert case.resolve_due_at == at(27, 16, 30)
    case = step(case, Action.RESPOND, by, when=at(16, 10))
    case = step(case, Action.CLOSE, by, when=at(16, 11))
    assert case.first_responded_at == first
    assert case.responded_at == at(16, 10)
    assert case.closed_at == at(16, 11)
    with scope(organization=org_a):
        actions = list(case.events.values_list("action", flat=True))
    assert actions == ["receive", *PATH_TO[CaseState.CLOSED], "reopen", "respond", "close"]


@pytest.mark.django_db
def test_assessing_a_higher_severity_applies_its_time_standard(org_a):
    by = member(org_a)
    case = case_in(CaseState.ACKNOWLEDGED, org_a, by)
    case = step(case, Action.ASSESS, by, when=at(9, 11), severity=Severity.CRITICAL)
    # Critical: resolve within 8 working hours of receipt (Mon 10:00 -> Tue 10:00).
    assert (case.resolve_within, case.resolve_unit) == (8, "working_hours")
    assert case.resolve_due_at == at(10, 10)


@pytest.mark.django_db
def test_escalating_raises_the_level(org_a):
    by = member(org_a)
    case = case_in(CaseState.ESCALATED, org_a, by)
    assert case.escalation_level == 1


# --- registering and changing -------------------------------------------------------------


@pytest.mark.django_db
def test_no_case_before_a_policy_is_approved(org_a):
    from complaints import policy_services

    by = member(org_a)
    with scope(organization=org_a):
        draft = policy_services.create_policy(organization=org_a, by=by).versions.get()
        with pytest.raises(ValidationError) as refused:
            case_services.register_case(
                organization=org_a,
                by=by,
                received_at=RECEIVED,
                channel=draft.complaint_channels.first(),
                category=draft.complaint_categories.first(),
                subject="ก",
                description="ข",
            )
    assert refused.value.code == "no_policy"


@pytest.mark.django_db
def test_channel_and_category_come_from_the_policy_in_force(org_a, org_b):
    version = approved_policy(org_a)
    other = approved_policy(org_b)
    by = member(org_a)
    with scope(organization=org_a), pytest.raises(ValidationError) as refused:
        case_services.register_case(
            organization=org_a,
            by=by,
            received_at=RECEIVED,
            channel=channel(other),
            category=category(other),
            subject="ก",
            description="ข",
        )
    assert {"channel", "category"} <= set(refused.value.message_dict)
    assert make_case(org_a, received_at=RECEIVED).policy_version == version


@pytest.mark.django_db
def test_contacts_need_a_lawful_basis_and_anonymity_drops_them(org_a):
    approved_policy(org_a)
    with pytest.raises(ValidationError) as refused:
        make_case(org_a, complainant_name="นางสาวมาลี ใจดี", complainant_phone="0812345678")
    assert "lawful_basis" in refused.value.message_dict
    anonymous = make_case(
        org_a, is_anonymous=True, complainant_name="นางสาวมาลี ใจดี", lawful_basis="consent"
    )
    assert (anonymous.complainant_name, anonymous.lawful_basis) == ("", "")


@pytest.mark.django_db
def test_handler_must_be_a_member_who_may_edit_and_unit_of_this_organization(org_a, org_b):
    approved_policy(org_a)
    viewer = member(org_a, Role.VIEWER)
    outsider = member(org_b)
    foreign_unit = OrgUnitFactory(organization=org_b)
    for fields, field in [
        ({"handler": viewer}, "handler"),
        ({"handler": outsider}, "handler"),
        ({"unit": foreign_unit}, "unit"),
    ]:
        with pytest.raises(ValidationError) as refused:
            make_case(org_a, **fields)
        assert field in refused.value.message_dict


@pytest.mark.django_db
def test_a_case_in_the_future_is_refused(org_a):
    approved_policy(org_a)
    with pytest.raises(ValidationError) as refused:
        make_case(org_a, received_at=dt.datetime(2099, 1, 1, tzinfo=BANGKOK))
    assert "received_at" in refused.value.message_dict


@pytest.mark.django_db
def test_the_same_person_complaining_again_about_the_same_category_is_a_repeat(org_a):
    contacts = {"complainant_phone": "0812345678", "lawful_basis": "public_task"}
    first = make_case(org_a, received_at=RECEIVED, **contacts)
    other_category = make_case(org_a, received_at=at(10, 9), category_code="BIL", **contacts)
    again = make_case(org_a, received_at=at(11, 9), **contacts)
    stranger = make_case(org_a, received_at=at(11, 10), complainant_phone="0899999999",
                         lawful_basis="public_task")  # fmt: skip
    assert other_category.repeat_of is None
    assert again.repeat_of == first
    assert stranger.repeat_of is None


@pytest.mark.django_db
def test_changes_are_on_the_timeline_by_name_not_value(org_a):
    by = member(org_a)
    by.language = "en"
    case = make_case(org_a, by=by, received_at=RECEIVED)
    from django.utils import translation

    with translation.override("en"), scope(organization=org_a):
        case = case_services.update_case(
            case=case,
            by=by,
            complainant_name="นายสมชาย ทดสอบ",
            lawful_basis="public_task",
            severity=Severity.HIGH,
        )
        event = case.events.order_by("-id").first()
    assert event.action == "update"
    assert "complainant's name" in event.note and "severity" in event.note
    assert "สมชาย" not in event.note
    # High: resolve within 5 working days, counted from Tuesday 10th: Monday 16th closing.
    assert case.resolve_due_at == at(16, 16, 30)


@pytest.mark.django_db
def test_a_finished_case_keeps_its_category_and_severity(org_a):
    by = member(org_a)
    case = case_in(CaseState.CLOSED, org_a, by)
    with scope(organization=org_a), pytest.raises(ValidationError) as refused:
        case_services.update_case(case=case, by=by, severity=Severity.LOW)
    assert "severity" in refused.value.message_dict


@pytest.mark.django_db
def test_a_missing_time_standard_is_named_once(org_a):
    from complaints import policy_services
    from complaints.models import TimeStandard

    by = member(org_a, Role.COORDINATOR)
    with scope(organization=org_a):
        draft = policy_services.create_policy(organization=org_a, by=by).versions.get()
        TimeStandard.objects.filter(
            version=draft, category__code="SRV", severity=Severity.LOW
        ).delete()
    approved_policy(org_a, by=by)
    with pytest.raises(ValidationError) as refused:
        make_case(org_a, received_at=RECEIVED, severity=Severity.LOW)
    assert refused.value.message_dict == {"severity": [str(case_services.NO_TIME_STANDARD)]}
