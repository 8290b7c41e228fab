"""SLA clocks of complaint cases at fixed moments: on time, due soon, overdue, met, missed and
stopped; the database filters and counts agree with them; the list's other filters."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django_scopes import scope

from complaints import case_selectors as selectors
from complaints.case_selectors import SlaStatus
from complaints.models import ComplaintCategory
from seam_scm.tenancy.roles import Role

from ..factories import OrgUnitFactory
from .factories import CLOSING, RESPONSE, approved_policy, make_case, member, move

pytestmark = pytest.mark.django_db

BANGKOK = ZoneInfo("Asia/Bangkok")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """February 2026: Monday the 9th to Friday the 27th has no holiday."""
    return dt.datetime(2026, 2, day, hour, minute, tzinfo=BANGKOK)


# Received Monday 9 February 10:00, medium severity: acknowledge within 8 working hours
# (Tuesday 10:00), resolve within 10 working days (Monday 23 February 16:30).
RECEIVED = at(9, 10)
ACK_DUE = at(10, 10)
RESOLVE_DUE = at(23, 16, 30)


@pytest.fixture
def editor(org_a):
    approved_policy(org_a)
    return member(org_a, Role.EDITOR)


@pytest.fixture
def case(org_a, editor):
    return make_case(org_a, by=editor, received_at=RECEIVED)


def clocks(case, now):
    with scope(organization=case.organization):
        window = selectors.sla_window(case.organization, now=now)
        case.refresh_from_db()
        return selectors.case_sla(case, window)


def filtered(organization, now, **query) -> list[int]:
    with scope(organization=organization):
        window = selectors.sla_window(organization, now=now)
        filters = selectors.case_filters_from_query(query)
        return [case.pk for case in selectors.case_list(filters, window=window)]


def counts(organization, now) -> dict:
    with scope(organization=organization):
        return selectors.sla_counts(now=now)


def test_the_due_times_follow_the_time_standard(case):
    assert (case.acknowledge_due_at, case.resolve_due_at) == (ACK_DUE, RESOLVE_DUE)


def test_the_due_soon_threshold_is_eight_working_hours_ahead(org_a, editor):
    with scope(organization=org_a):
        friday = selectors.sla_window(org_a, now=at(13, 14))
        saturday = selectors.sla_window(org_a, now=at(14, 12))
    assert selectors.DUE_SOON == 8
    assert friday.due_soon_until == at(16, 14)  # 2.5 hours on Friday, 5.5 on Monday
    assert saturday.due_soon_until == at(16, 16, 30)  # the whole of Monday


@pytest.mark.parametrize(
    ("now", "status", "text", "minutes"),
    [
        (at(9, 9, 59), SlaStatus.ON_TIME, "Due in 1 working day", 481),
        (at(9, 10), SlaStatus.DUE_SOON, "Due in 1 working day", 480),  # exactly 8 hours ahead
        (at(9, 10, 1), SlaStatus.DUE_SOON, "Due in 7 working hours", 479),
        (at(9, 16), SlaStatus.DUE_SOON, "Due in 2 working hours", 120),
        (at(10, 9, 45), SlaStatus.DUE_SOON, "Due in 15 working minutes", 15),
        (at(10, 12), SlaStatus.OVERDUE, "Overdue by 2 working hours", -120),
        (at(11, 10), SlaStatus.OVERDUE, "Overdue by 1 working day", -480),
        (at(14, 12), SlaStatus.OVERDUE, "Overdue by 3 working days", -1830),  # a Saturday
    ],
)
def test_the_acknowledgement_clock_while_received(case, english, now, status, text, minutes):
    clock = clocks(case, now).acknowledgement
    assert (clock.status, clock.text, clock.working_minutes_left) == (status, text, minutes)
    assert clock.running and clock.due_at == ACK_DUE


def test_acknowledging_stops_its_clock_and_the_resolution_clock_runs_on(case, editor, english):
    move(case, "acknowledge", by=editor, at=at(10, 11))  # an hour late
    sla = clocks(case, at(23, 9))
    assert (sla.acknowledgement.status, sla.acknowledgement.done_at) == (
        SlaStatus.MISSED,
        at(10, 11),
    )
    assert sla.acknowledgement.text == "Late" and sla.acknowledgement.left is None
    assert (sla.resolution.status, sla.resolution.text) == (
        SlaStatus.DUE_SOON,
        "Due in 7 working hours",
    )
    assert sla.running == [sla.resolution] and sla.headline == sla.resolution
    assert clocks(case, at(24, 9)).resolution.status == SlaStatus.OVERDUE


def test_responding_in_time_meets_the_resolution_clock(case, editor):
    move(case, "acknowledge", by=editor, at=at(9, 11))
    move(case, "assess", by=editor, at=at(9, 12))
    move(case, "respond", by=editor, at=at(12, 10), decision_communicated_at=at(12, 10),
         **RESPONSE)  # fmt: skip
    move(case, "close", by=editor, at=at(13, 10), **CLOSING)
    sla = clocks(case, at(27, 10))
    assert [clock.status for clock in sla.clocks] == [SlaStatus.MET, SlaStatus.MET]
    assert sla.resolution.done_at == at(12, 10) and sla.running == []


def test_a_case_withdrawn_before_acknowledgement_stops_both_clocks(case, editor):
    move(case, "withdraw", by=editor, at=at(9, 11), note="ผู้ร้องขอถอนเรื่อง")
    sla = clocks(case, at(27, 10))
    assert [clock.status for clock in sla.clocks] == [SlaStatus.STOPPED, SlaStatus.STOPPED]


def test_the_headline_is_the_most_urgent_running_clock(case):
    sla = clocks(case, at(12, 10))
    assert sla.headline == sla.acknowledgement
    assert sla.acknowledgement.status == SlaStatus.OVERDUE
    assert sla.resolution.status == SlaStatus.ON_TIME


def test_the_filters_and_counts_agree_with_the_clocks(org_a, editor, case):
    # High severity, received Monday 9:00: resolve within 5 working days (Monday 16 16:30).
    urgent = make_case(org_a, by=editor, received_at=at(9, 9), severity="high")
    move(urgent, "acknowledge", by=editor, at=at(9, 9, 30))
    assert urgent.resolve_due_at == at(16, 16, 30)

    def expect(now, soon: list, late: list, numbers: tuple):
        """The cases due soon and overdue, and the counts: due soon, overdue for
        acknowledgement, for resolution, on either."""
        assert filtered(org_a, now, sla="due_soon") == soon
        assert filtered(org_a, now, sla="overdue") == late
        names = ("due_soon", "overdue_acknowledgement", "overdue_resolution", "overdue")
        assert counts(org_a, now) == {"open": 2, **dict(zip(names, numbers, strict=True))}

    # Monday 9 16:00: the case's acknowledgement is due within 8 working hours.
    expect(at(9, 16), [case.pk], [], (1, 0, 0, 0))
    # Thursday 12: its acknowledgement is overdue.
    expect(at(12, 10), [], [case.pk], (0, 1, 0, 1))
    move(case, "acknowledge", by=editor, at=at(12, 11))
    # Monday 16 9:00: the urgent case's resolution is due at 16:30.
    expect(at(16, 9), [urgent.pk], [], (1, 0, 0, 0))
    # Friday 20 9:00: the urgent one is overdue; the other is due Monday 16:30, beyond the
    # next 8 working hours (Monday 9:00).
    expect(at(20, 9), [], [urgent.pk], (0, 0, 1, 1))
    # Monday 23 9:00: now the other is due soon.
    expect(at(23, 9), [case.pk], [urgent.pk], (1, 0, 1, 1))


def test_closed_and_withdrawn_cases_are_neither_due_nor_overdue(org_a, editor, case):
    move(case, "withdraw", by=editor, at=at(9, 11), note="ผู้ร้องขอถอนเรื่อง")
    now = at(27, 9)
    assert filtered(org_a, now, sla="overdue") == []
    assert counts(org_a, now) == dict.fromkeys(
        ("open", "due_soon", "overdue_acknowledgement", "overdue_resolution", "overdue"), 0
    )


def test_the_list_filters(org_a, editor, case):
    unit = OrgUnitFactory(organization=org_a)
    billing = make_case(org_a, by=editor, received_at=at(16, 9), category_code="BIL",
                        channel_kind="email", severity="high", unit=unit, handler=editor,
                        subject="ค่าน้ำแพงผิดปกติ")  # fmt: skip
    move(billing, "acknowledge", by=editor, at=at(16, 10))
    now = at(27, 9)
    everything = filtered(org_a, now)
    assert everything == [billing.pk, case.pk]  # newest first
    assert filtered(org_a, now, q="แพง") == [billing.pk]
    assert filtered(org_a, now, q=case.reference) == [case.pk]
    assert filtered(org_a, now, state="acknowledged") == [billing.pk]
    assert filtered(org_a, now, state="open") == everything
    assert filtered(org_a, now, state="closed") == []
    assert filtered(org_a, now, channel=str(billing.channel.key)) == [billing.pk]
    assert filtered(org_a, now, category=str(billing.category.key)) == [billing.pk]
    assert filtered(org_a, now, severity="high") == [billing.pk]
    assert filtered(org_a, now, unit=str(unit.pk)) == [billing.pk]
    assert filtered(org_a, now, handler=str(editor.pk)) == [billing.pk]
    assert filtered(org_a, now, received_from="2026-02-16") == [billing.pk]
    assert filtered(org_a, now, received_to="15/02/2569") == [case.pk]
    assert filtered(org_a, now, received_from="09/02/2569", received_to="2026-02-09") == [case.pk]
    # Junk narrows nothing.
    assert filtered(org_a, now, state="bogus", channel="x", unit="-1", received_to="32/13") == (
        everything
    )


def test_the_category_filter_groups_the_versions_of_the_policy(org_a, editor, case):
    """A new policy version copies its categories with the same keys: one choice in the
    filter, and cases of both versions under it."""
    with scope(organization=org_a):
        old = ComplaintCategory.objects.get(pk=case.category_id)
        choices = selectors.category_choices()
    assert [row.key for row in choices].count(old.key) == 1
    assert filtered(org_a, at(27, 9), category=str(old.key)) == [case.pk]


def test_changed_history_hides_personal_fields_only_without_personal_data(org_a, editor):
    from complaints import case_services

    case = make_case(org_a, by=editor, received_at=RECEIVED, complainant_phone="0812345678",
                     lawful_basis="public_task")  # fmt: skip
    with scope(organization=org_a):
        case_services.update_case(case=case, by=editor, complainant_phone="0899999999")
        case_services.update_case(case=case, by=editor, complainant_phone="0811111111",
                                  subject="น้ำขุ่น")  # fmt: skip
        hidden = selectors.case_history(case, personal_data=False)
        shown = selectors.case_history(case, personal_data=True)
    assert len(shown) == 3 and len(hidden) == 2
    assert [len(row.fields) for row in hidden] == [1, 0]
