"""SLA notices: which escalation rules fire for which cases at a given moment, who is told, that
each notice goes out once per rule and due time, and the periodic task over every organization.

Every test passes `now` in (a moment relative to the case's due times) instead of waiting.
"""

import datetime as dt
import logging
import smtplib
import threading
import time

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from complaints import notices
from complaints.models import EscalationRule, Severity, SlaNotice
from complaints.tasks import send_sla_notices
from complaints.working_time import calendar_for, working_time_between
from seam_scm.approvals import services as approvals
from seam_scm.tenancy.roles import Role

from ..factories import OrgUnitFactory
from . import factories
from .factories import CLOSING, RESPONSE, make_case, member, move
from .route_builders import draft_policy

pytestmark = pytest.mark.django_db

Clock = EscalationRule.Clock
MINUTE = dt.timedelta(minutes=1)
DUE_SOON_RESOLUTION = "ใกล้ครบกำหนดแก้ไขข้อร้องเรียน / Complaint resolution due soon"
OVERDUE_RESOLUTION = "เกินกำหนดแก้ไขข้อร้องเรียน / Complaint resolution overdue"
OVERDUE_ACKNOWLEDGEMENT = "เกินกำหนดตอบรับข้อร้องเรียน / Complaint acknowledgement overdue"
COMPLAINANT = {
    "complainant_name": "นางสาวมาลี ร้องทุกข์",
    "complainant_phone": "0812345678",
    "complainant_email": "malee@example.net",
    "lawful_basis": "legitimate_interest",
}


# --- building blocks ---------------------------------------------------------------------


def policy_with(organization, *extra_rules: dict):
    """The approved policy: the default rules plus `extra_rules` (added to the draft before the
    board approves it, since an approved version is frozen)."""
    version = draft_policy(organization)
    with scope(organization=organization):
        for order, fields in enumerate(extra_rules, start=10):
            EscalationRule.objects.create(
                organization=organization, version=version, order=order, **fields
            )
    return factories.approved_policy(organization)


def rule(version, clock, hours, **fields) -> EscalationRule:
    with scope(organization=version.organization):
        return EscalationRule.objects.get(
            version=version, clock=clock, hours_before_due=hours, **fields
        )


class Team:
    """A handler and a unit whose head is a member too."""

    def __init__(self, organization, code="CS"):
        self.handler = member(organization, Role.EDITOR)
        self.head = member(organization, Role.VIEWER)
        self.unit = OrgUnitFactory(organization=organization, code=code, head=self.head)

    @property
    def emails(self) -> list[str]:
        return [self.handler.email, self.head.email]


def team_case(organization, team, **fields):
    return make_case(organization, unit=team.unit, handler=team.handler, **fields)


def acknowledged(case):
    return move(case, "acknowledge")


def send(organization, now) -> list[SlaNotice]:
    with scope(organization=organization):
        return notices.send_due_notices(organization, now=now)


def selected(organization, now) -> list[notices.DueNotice]:
    with scope(organization=organization):
        return notices.due_notices(organization, now=now)


def recorded(case) -> list[tuple]:
    with scopes_disabled():
        return sorted(
            SlaNotice.objects.filter(case=case).values_list("rule_key", "due_at", "recipients"),
            key=lambda row: row[1],
        )


def calendar(organization):
    return calendar_for(organization)


@pytest.fixture
def version(org_a):
    return policy_with(org_a)


@pytest.fixture
def team(org_a):
    return Team(org_a)


# --- before the breach and at it ---------------------------------------------------------


def test_six_working_hours_before_resolution_due_sends_the_eight_hour_warning(org_a, version, team):
    case = acknowledged(team_case(org_a, team, **COMPLAINANT))
    now = case.resolve_due_at - dt.timedelta(hours=6)
    assert working_time_between(now, case.resolve_due_at, calendar(org_a)) == dt.timedelta(hours=6)

    sent = send(org_a, now)

    warning = rule(version, Clock.RESOLUTION, 8)
    assert [(n.rule_key, n.due_at) for n in sent] == [(warning.key, case.resolve_due_at)]
    assert sent[0].recipients == ", ".join(team.emails)
    assert sent[0].sent_at == now
    [message] = mail.outbox
    assert message.to == team.emails
    assert message.subject == f"[{case.reference}] {DUE_SOON_RESOLUTION}"
    assert case.subject in message.body
    assert f"/o/{org_a.slug}/complaints/cases/{case.pk}/" in message.body
    assert message.body.count("http://") == 2  # the link, in Thai and in English
    assert "6 ชั่วโมง" in message.body and "6 h of working time left" in message.body
    year_be = timezone.localtime(case.resolve_due_at).year + 543
    assert str(year_be) in message.body
    assert "ครบกำหนดแก้ไข" in message.body and "Resolution due" in message.body
    for value in COMPLAINANT.values():
        if value != "legitimate_interest":
            assert value not in message.body
            assert value not in message.subject


def test_the_breach_notice_goes_out_once_the_due_time_has_passed(org_a, version, team):
    case = acknowledged(team_case(org_a, team))
    send(org_a, case.resolve_due_at - dt.timedelta(hours=6))
    mail.outbox.clear()

    sent = send(org_a, case.resolve_due_at + MINUTE)

    breach = rule(version, Clock.RESOLUTION, 0)
    assert [n.rule_key for n in sent] == [breach.key]
    [message] = mail.outbox
    assert message.subject == f"[{case.reference}] {OVERDUE_RESOLUTION}"
    assert message.to == team.emails
    assert "is past its resolution standard" in message.body


def test_nothing_before_the_warning_window(org_a, version, team):
    case = acknowledged(team_case(org_a, team))
    # Nine working hours before a 16:30 due time: 15:30 the working day before.
    now = case.resolve_due_at - dt.timedelta(hours=1)
    now = now - dt.timedelta(days=1)
    while working_time_between(now, case.resolve_due_at, calendar(org_a)) <= dt.timedelta(hours=8):
        now -= dt.timedelta(days=1)
    assert send(org_a, now) == []
    assert mail.outbox == []


def test_a_late_case_gets_the_breach_notice_only(org_a, version, team):
    """A warning means nothing once the standard is breached."""
    case = acknowledged(team_case(org_a, team))
    sent = send(org_a, case.resolve_due_at + dt.timedelta(days=3))
    assert [n.rule_key for n in sent] == [rule(version, Clock.RESOLUTION, 0).key]


def test_running_again_sends_nothing_more(org_a, version, team):
    case = acknowledged(team_case(org_a, team))
    for now in (
        case.resolve_due_at - dt.timedelta(hours=6),
        case.resolve_due_at - dt.timedelta(hours=2),
        case.resolve_due_at + MINUTE,
        case.resolve_due_at + dt.timedelta(hours=2),
        case.resolve_due_at + dt.timedelta(days=5),
    ):
        send(org_a, now)
    assert len(mail.outbox) == 2
    assert len(recorded(case)) == 2
    assert send(org_a, case.resolve_due_at + dt.timedelta(days=6)) == []


# --- the acknowledgement clock -----------------------------------------------------------


def test_an_unacknowledged_case_past_its_acknowledgement_standard_is_reported(org_a, version, team):
    case = team_case(org_a, team)
    sent = send(org_a, case.acknowledge_due_at + MINUTE)
    assert [(n.rule_key, n.due_at) for n in sent] == [
        (rule(version, Clock.ACKNOWLEDGEMENT, 0).key, case.acknowledge_due_at)
    ]
    [message] = mail.outbox
    assert message.subject == f"[{case.reference}] {OVERDUE_ACKNOWLEDGEMENT}"
    assert "ครบกำหนดตอบรับ" in message.body and "Acknowledgement due" in message.body


def test_an_acknowledged_case_gets_no_acknowledgement_notice(org_a, version, team):
    case = acknowledged(team_case(org_a, team))
    assert send(org_a, case.acknowledge_due_at + MINUTE) == []
    assert mail.outbox == []


# --- finished cases ------------------------------------------------------------------------


def test_closed_and_withdrawn_cases_get_no_notices(org_a, version, team):
    closed = factories.closed_case(org_a, unit=team.unit, handler=team.handler)
    withdrawn = move(team_case(org_a, team), "withdraw", note="ผู้ร้องเรียนขอถอนเรื่อง")
    responded = acknowledged(team_case(org_a, team))
    for action in ("assess", "investigate"):
        responded = move(responded, action)
    responded = move(responded, "respond", decision_communicated_at=timezone.now(), **RESPONSE)
    latest = max(case.resolve_due_at for case in (closed, withdrawn, responded))
    assert send(org_a, latest + dt.timedelta(days=30)) == []
    assert mail.outbox == []


def test_a_reopened_case_with_a_new_due_time_is_told_again(org_a, version, team):
    received = timezone.now() - dt.timedelta(days=40)
    case = acknowledged(team_case(org_a, team, received_at=received))
    first_due = case.resolve_due_at
    assert [n.due_at for n in send(org_a, timezone.now())] == [first_due]
    for action in ("assess", "investigate"):
        case = move(case, action)
    case = move(case, "respond", decision_communicated_at=timezone.now(), **RESPONSE)
    case = move(case, "close", **CLOSING)
    assert send(org_a, timezone.now()) == []

    case = move(case, "reopen", note="ผู้ร้องเรียนแจ้งว่ายังมีปัญหาอยู่")
    assert case.resolve_due_at > first_due

    warning = send(org_a, case.resolve_due_at - dt.timedelta(hours=6))
    breach = send(org_a, case.resolve_due_at + MINUTE)
    assert [n.rule_key for n in warning] == [rule(version, Clock.RESOLUTION, 8).key]
    assert [n.rule_key for n in breach] == [rule(version, Clock.RESOLUTION, 0).key]
    assert [row[1] for row in recorded(case)] == [
        first_due,
        case.resolve_due_at,
        case.resolve_due_at,
    ]
    assert len(mail.outbox) == 3


# --- rules of the policy -----------------------------------------------------------------


def test_a_rule_for_one_severity_applies_to_that_severity_only(org_a, team):
    version = policy_with(
        org_a,
        {
            "clock": Clock.RESOLUTION,
            "hours_before_due": 4,
            "severity": Severity.HIGH,
            "description": "ด่วนมาก: เตือนก่อนครบกำหนด 4 ชั่วโมงทำการ",
        },
    )
    urgent = rule(version, Clock.RESOLUTION, 4)
    warning = rule(version, Clock.RESOLUTION, 8)
    high = acknowledged(team_case(org_a, team, severity=Severity.HIGH))
    medium = acknowledged(team_case(org_a, team, severity=Severity.MEDIUM))

    high_sent = send(org_a, high.resolve_due_at - dt.timedelta(hours=2))
    medium_sent = send(org_a, medium.resolve_due_at - dt.timedelta(hours=2))

    assert {(n.case_id, n.rule_key) for n in high_sent} == {
        (high.pk, warning.key),
        (high.pk, urgent.key),
    }
    # (By then the high case is past due: it gets its breach notice.)
    assert {n.rule_key for n in medium_sent if n.case_id == medium.pk} == {warning.key}
    assert any("ด่วนมาก" in message.body for message in mail.outbox)


def test_the_head_of_the_escalation_unit_is_told_too(org_a, team):
    management = Team(org_a, code="EXE")
    version = policy_with(
        org_a,
        {
            "clock": Clock.RESOLUTION,
            "hours_before_due": 0,
            "notify_handler": False,
            "notify_unit_head": False,
            "escalate_to": management.unit,
            "description": "รายงานผู้บริหารเมื่อเกินกำหนด",
        },
        {
            "clock": Clock.ACKNOWLEDGEMENT,
            "hours_before_due": 0,
            "escalate_to": team.unit,
            "description": "หัวหน้าหน่วยงานได้รับแจ้งครั้งเดียว",
        },
    )
    case = team_case(org_a, team)

    acknowledgement = send(org_a, case.acknowledge_due_at + MINUTE)
    resolution = send(org_a, case.resolve_due_at + MINUTE)

    escalation = rule(version, Clock.RESOLUTION, 0, escalate_to=management.unit)
    assert {n.rule_key: n.recipients for n in resolution} == {
        rule(version, Clock.RESOLUTION, 0, escalate_to=None).key: ", ".join(team.emails),
        escalation.key: management.head.email,
    }
    # The unit's head is its escalation unit's head as well: told once.
    assert {n.recipients for n in acknowledgement} == {", ".join(team.emails)}
    assert sorted(message.to for message in mail.outbox) == sorted(
        [team.emails, team.emails, team.emails, [management.head.email]]
    )


def test_notices_follow_the_rules_of_the_case_s_own_policy_version(org_a, version, team):
    """A rule that only a newer draft of the policy holds does not apply to the case."""
    case = acknowledged(team_case(org_a, team))
    with scope(organization=org_a):
        draft = approvals.start_new_draft(document=version.document, by=team.handler)
        EscalationRule.objects.create(
            organization=org_a, version=draft, clock=Clock.RESOLUTION, hours_before_due=40
        )
    sent = send(org_a, case.resolve_due_at - dt.timedelta(hours=30))
    assert sent == []
    assert selected(org_a, case.resolve_due_at + MINUTE)[0].rule.version_id == version.pk


# --- recipients ----------------------------------------------------------------------------


def test_without_anyone_to_tell_the_notice_is_recorded_and_no_mail_goes(org_a, version, caplog):
    case = acknowledged(make_case(org_a))
    with caplog.at_level(logging.WARNING, logger="complaints.notices"):
        sent = send(org_a, case.resolve_due_at + MINUTE)
    assert [(n.rule_key, n.recipients) for n in sent] == [
        (rule(version, Clock.RESOLUTION, 0).key, "")
    ]
    assert mail.outbox == []
    assert case.reference in caplog.text and "nobody to tell" in caplog.text
    assert send(org_a, case.resolve_due_at + dt.timedelta(hours=1)) == []


def test_inactive_people_and_former_members_are_not_told(org_a, version, team):
    case = acknowledged(team_case(org_a, team))
    team.handler.is_active = False
    team.handler.save(update_fields=["is_active"])
    with scopes_disabled():
        # The head left the organization (removed directly: the service would clear the head).
        team.head.memberships.filter(organization=org_a).delete()
    sent = send(org_a, case.resolve_due_at + MINUTE)
    assert [n.recipients for n in sent] == [""]
    assert mail.outbox == []


# --- sending: at most one worker, retried when the mail server fails ------------------------


def test_a_notice_another_worker_recorded_meanwhile_is_not_sent_twice(org_a, version, team):
    case = acknowledged(team_case(org_a, team))
    now = case.resolve_due_at + MINUTE
    [due] = selected(org_a, now)
    with scope(organization=org_a):
        SlaNotice.objects.create(
            organization=org_a, case=case, rule_key=due.rule.key, due_at=due.due_at, sent_at=now
        )
        assert notices.send_notice(org_a, due, now=now) is None
    assert mail.outbox == []
    assert len(recorded(case)) == 1


def test_a_mail_server_failure_leaves_nothing_recorded_and_the_next_run_retries(
    org_a, version, team, monkeypatch, caplog
):
    case = acknowledged(team_case(org_a, team))
    now = case.resolve_due_at + MINUTE

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with caplog.at_level(logging.ERROR, logger="complaints.notices"):
        assert send(org_a, now) == []
    assert recorded(case) == []
    assert "will be tried again" in caplog.text

    monkeypatch.undo()
    assert len(send(org_a, now + dt.timedelta(minutes=15))) == 1
    assert len(mail.outbox) == 1


WORKERS = 4


@pytest.mark.django_db(transaction=True)
def test_workers_running_at_once_send_each_notice_once(
    org_a, flushable_frozen_rows, monkeypatch, caplog
):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers need PostgreSQL; SQLite serializes every writer anyway.")
    policy_with(org_a)
    case = acknowledged(team_case(org_a, Team(org_a)))
    now = case.resolve_due_at + MINUTE
    deliver = EmailMessage.send

    def slow_send(self, fail_silently=False):
        time.sleep(0.3)  # the mail server takes its time while the other workers arrive
        return deliver(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", slow_send)
    select = notices.due_notices
    selected_by_all = threading.Barrier(WORKERS)

    def select_then_wait(*args, **kwargs):
        found = select(*args, **kwargs)
        selected_by_all.wait()  # every worker has found the notice unsent
        return found

    monkeypatch.setattr(notices, "due_notices", select_then_wait)
    start = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            start.wait()
            send(org_a, now)
        except BaseException as error:  # noqa: BLE001 - reported below, in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    with caplog.at_level(logging.INFO, logger="complaints.notices"):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    # The others found the notice being recorded, waited for it and gave way.
    assert caplog.text.count("was sent by another worker") == WORKERS - 1
    assert len(mail.outbox) == 1
    assert len(recorded(case)) == 1


# --- the periodic task ---------------------------------------------------------------------


def test_the_task_serves_every_organization_and_keeps_them_apart(org_a, org_b):
    policy_with(org_a)
    policy_with(org_b)
    team_a, team_b = Team(org_a), Team(org_b)
    received = timezone.now() - dt.timedelta(days=40)
    case_a = acknowledged(team_case(org_a, team_a, received_at=received))
    case_b = acknowledged(team_case(org_b, team_b, received_at=received))

    assert send_sla_notices.delay().get() == 2

    by_reference = {message.subject.split("]")[0][1:]: message for message in mail.outbox}
    assert set(by_reference) == {case_a.reference, case_b.reference}
    assert by_reference[case_a.reference].to == team_a.emails
    assert by_reference[case_b.reference].to == team_b.emails
    assert f"/o/{org_b.slug}/" in by_reference[case_b.reference].body
    assert f"/o/{org_b.slug}/" not in by_reference[case_a.reference].body
    with scopes_disabled():
        assert set(SlaNotice.objects.values_list("organization_id", "case_id")) == {
            (org_a.pk, case_a.pk),
            (org_b.pk, case_b.pk),
        }
    assert send_sla_notices.delay().get() == 0


def test_the_task_is_scheduled_every_fifteen_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["send-complaint-sla-notices"]
    assert entry == {"task": send_sla_notices.name, "schedule": 15 * 60}


# --- efficiency ----------------------------------------------------------------------------


def _selection_queries(organization, now, cal) -> tuple[int, int]:
    with scope(organization=organization), CaptureQueriesContext(connection) as queries:
        found = notices.due_notices(organization, now=now, calendar=cal)
    return len(queries), len(found)


def test_the_selection_reads_a_fixed_number_of_queries(org_a, version, team):
    received = timezone.now() - dt.timedelta(days=40)
    cal = calendar(org_a)
    first = team_case(org_a, team, received_at=received)
    now = first.resolve_due_at + dt.timedelta(days=10)
    one = _selection_queries(org_a, now, cal)
    for _ in range(3):
        team_case(org_a, team, received_at=received)
    more = _selection_queries(org_a, now, cal)
    assert one == (4, 2)  # acknowledgement and resolution breach of one case
    assert more == (4, 8)
