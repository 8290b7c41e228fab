"""SLA notices: the e-mails the escalation rules of the complaint handling policy send as a
case's acknowledgement or resolution clock runs out (complaints.tasks runs this every 15
minutes for every organization).

A rule (EscalationRule, part of the policy version the case falls under) applies to a case when

- its severity is empty or the case's severity;
- its clock is running: acknowledgement while the case is received and not yet acknowledged,
  resolution while the case is open (OPEN_STATES);
- the time has come: a rule of 0 hours ("at the breach") once the due time has passed; a rule
  of N hours while the due time is still ahead but at most N working hours away (counted on
  the organization's working calendar). A warning makes no sense once the standard is
  breached, so a case that is already late gets only the breach notices;
- no notice was recorded yet for this case, rule and due time (SlaNotice). A reopened case, or
  one whose category or severity changed, has a new due time, so its rules fire again.

The notice goes to the case's handler and the head of its assigned unit (as the rule says) and
to the head of the unit the rule escalates to: active people who are still members of the
organization. When nobody can be told, the notice is recorded all the same (with no
recipients) and a warning logged, so that it is not tried again every 15 minutes.

`due_notices` is the selection: a pure function of the database and `now`, reading a fixed
number of queries per organization whatever the number of cases. `send_due_notices` records
and sends them. Both run inside the organization's scope.
"""

import datetime as dt
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from seam_scm.tenancy.models import Membership, Organization

from . import working_time
from .models import OPEN_STATES, CaseState, ComplaintCase, EscalationRule, SlaNotice

logger = logging.getLogger(__name__)

Clock = EscalationRule.Clock

# Which due time each clock runs to, and in which states it runs.
DUE_FIELD = {Clock.ACKNOWLEDGEMENT: "acknowledge_due_at", Clock.RESOLUTION: "resolve_due_at"}
RUNNING_STATES = {Clock.ACKNOWLEDGEMENT: (CaseState.RECEIVED,), Clock.RESOLUTION: OPEN_STATES}

SUBJECT_TEMPLATE = "complaints/email/sla_notice_subject.txt"
BODY_TEMPLATE = "complaints/email/sla_notice_body.txt"


@dataclass(frozen=True)
class DueNotice:
    """A rule whose time has come for a case, not yet sent, and who is to be told."""

    case: ComplaintCase
    rule: EscalationRule
    due_at: dt.datetime
    # Working time left until the due time; None once it has passed (a breach notice).
    remaining: dt.timedelta | None
    recipients: tuple  # users, in the order handler, unit head, escalation unit head

    @property
    def breached(self) -> bool:
        return self.remaining is None

    @property
    def emails(self) -> list[str]:
        return [user.email for user in self.recipients]


# --- which notices are due ---------------------------------------------------------------


def rule_applies(
    rule: EscalationRule,
    case: ComplaintCase,
    *,
    now: dt.datetime,
    calendar: working_time.Calendar,
) -> tuple[bool, dt.timedelta | None]:
    """Whether the rule's time has come for the case, and the working time left (None once
    the due time has passed). Does not look at notices already sent."""
    if rule.severity and rule.severity != case.severity:
        return False, None
    if case.state not in RUNNING_STATES[rule.clock]:
        return False, None
    due_at = getattr(case, DUE_FIELD[rule.clock])
    if now >= due_at:
        return rule.hours_before_due == 0, None
    if rule.hours_before_due == 0:
        return False, None
    remaining = working_time.working_time_between(now, due_at, calendar)
    return remaining <= dt.timedelta(hours=rule.hours_before_due), remaining


def _window_ends(hours: int, now: dt.datetime, calendar: working_time.Calendar) -> dt.datetime:
    """The latest due time that is at most `hours` working hours after `now`.

    A due time in the non-working stretch right after the window (the evening, a weekend)
    is still within it: no working time separates it from the window's end.
    """
    end = working_time.add_working_time(now, hours, working_time.WORKING_HOURS, calendar)
    return working_time.next_working_start(end, calendar)


def _recipients(case: ComplaintCase, rule: EscalationRule, member_ids: set[int]) -> tuple:
    """Handler, head of the assigned unit, head of the escalation unit: active members only,
    each once."""
    candidates = []
    if rule.notify_handler:
        candidates.append(case.handler)
    if rule.notify_unit_head and case.unit is not None:
        candidates.append(case.unit.head)
    if rule.escalate_to is not None:
        candidates.append(rule.escalate_to.head)
    people, seen = [], set()
    for user in candidates:
        if user is None or user.pk in seen:
            continue
        if user.is_active and user.email and user.pk in member_ids:
            seen.add(user.pk)
            people.append(user)
    return tuple(people)


def due_notices(
    organization: Organization,
    *,
    now: dt.datetime,
    calendar: working_time.Calendar | None = None,
) -> list[DueNotice]:
    """The notices due at `now` and not sent yet, in the order of the cases' due times.

    Reads the rules, the candidate cases (open, with a running clock due within the largest
    lead time of its rules), the notices already sent for them and the members: four queries,
    plus two for the calendar unless it is given, however many cases there are.
    """
    rules_by_version: dict[int, list[EscalationRule]] = defaultdict(list)
    for rule in EscalationRule.objects.select_related("escalate_to__head"):
        rules_by_version[rule.version_id].append(rule)
    if not rules_by_version:
        return []
    calendar = calendar or working_time.calendar_for(organization)

    clocks = Q()
    for clock, field in DUE_FIELD.items():
        leads = [
            rule.hours_before_due
            for rules in rules_by_version.values()
            for rule in rules
            if rule.clock == clock
        ]
        if leads:
            window_ends = _window_ends(max(leads), now, calendar)
            clocks |= Q(state__in=RUNNING_STATES[clock], **{f"{field}__lte": window_ends})
    candidates = ComplaintCase.objects.filter(
        clocks, state__in=OPEN_STATES, policy_version_id__in=list(rules_by_version)
    )
    cases = list(
        candidates.select_related("handler", "unit__head", "category").order_by(
            "resolve_due_at", "pk"
        )
    )
    if not cases:
        return []
    sent = set(
        SlaNotice.objects.filter(case__in=candidates.values("pk")).values_list(
            "case_id", "rule_key", "due_at"
        )
    )
    member_ids = set(Membership.objects.values_list("user_id", flat=True))

    notices = []
    for case in cases:
        for rule in rules_by_version[case.policy_version_id]:
            applies, remaining = rule_applies(rule, case, now=now, calendar=calendar)
            due_at = getattr(case, DUE_FIELD[rule.clock])
            if applies and (case.pk, rule.key, due_at) not in sent:
                notices.append(
                    DueNotice(
                        case=case,
                        rule=rule,
                        due_at=due_at,
                        remaining=remaining,
                        recipients=_recipients(case, rule, member_ids),
                    )
                )
    return notices


# --- sending ---------------------------------------------------------------------------------


def case_url(organization: Organization, case: ComplaintCase) -> str:
    path = reverse(
        "complaints:case_detail", kwargs={"org_slug": organization.slug, "case_pk": case.pk}
    )
    return settings.SITE_URL.rstrip("/") + path


def _split(remaining: dt.timedelta | None) -> tuple[int, int] | None:
    if remaining is None:
        return None
    minutes = int(remaining.total_seconds() // 60)
    return minutes // 60, minutes % 60


def build_message(organization: Organization, notice: DueNotice) -> EmailMessage:
    """One e-mail to everyone the notice tells. People read it in different languages, so it
    is written in Thai and then in English (see the templates); it names the case, never the
    complainant."""
    remaining = _split(notice.remaining)
    context = {
        "organization": organization,
        "case": notice.case,
        "rule": notice.rule,
        "due_at": notice.due_at,
        "breached": notice.breached,
        "acknowledgement": notice.rule.clock == Clock.ACKNOWLEDGEMENT,
        "hours_left": remaining[0] if remaining else None,
        "minutes_left": remaining[1] if remaining else None,
        "case_url": case_url(organization, notice.case),
    }
    subject = " ".join(render_to_string(SUBJECT_TEMPLATE, context).split())
    body = render_to_string(BODY_TEMPLATE, context)
    return EmailMessage(subject=subject, body=body, to=notice.emails)


def send_notice(organization: Organization, notice: DueNotice, *, now: dt.datetime):
    """Record the notice and send its e-mail; the SlaNotice, or None when another worker
    recorded it first or the mail server refused it (it is then tried again next run).

    Record, send, then commit: the SlaNotice row is inserted first, in a transaction that
    stays open while the mail is handed to the server and commits only after that.
    - Two workers running at once both try to insert the same (case, rule, due time); the
      unique constraint makes the second wait for the first and then fail, so it sends nothing.
    - If the mail server cannot be reached or refuses the mail, the row is rolled back and the
      next run tries again: an SLA warning that silently never arrives would defeat its purpose.
    - The one window for a duplicate is a crash after the server accepted the mail and before
      the commit: the next run then sends it again. Sending first and recording afterwards would
      widen that window to every concurrent run; recording and committing before sending would
      lose the notice whenever the server is down. So delivery is at least once, and exactly
      once barring that crash.
    """
    message = build_message(organization, notice) if notice.recipients else None
    try:
        with transaction.atomic():
            recorded = SlaNotice.objects.create(
                organization=organization,
                case=notice.case,
                rule_key=notice.rule.key,
                due_at=notice.due_at,
                sent_at=now,
                recipients=", ".join(notice.emails),
            )
            if message is not None:
                message.send()
    except IntegrityError:
        logger.info(
            "SLA notice for case %s, rule %s was sent by another worker.",
            notice.case.reference,
            notice.rule.key,
        )
        return None
    except (smtplib.SMTPException, OSError):
        logger.exception(
            "SLA notice for case %s, rule %s could not be sent; it will be tried again.",
            notice.case.reference,
            notice.rule.key,
        )
        return None
    if message is None:
        logger.warning(
            "SLA notice for case %s (rule %s) has nobody to tell: no handler or unit head who "
            "is an active member with an e-mail address. Recorded without sending.",
            notice.case.reference,
            notice.rule,
        )
    return recorded


def send_due_notices(
    organization: Organization,
    *,
    now: dt.datetime | None = None,
    calendar: working_time.Calendar | None = None,
) -> list[SlaNotice]:
    """Send every notice due at `now` (default: now) in the organization; the notices
    recorded. Runs inside the organization's scope."""
    now = now or timezone.now()
    sent = []
    for notice in due_notices(organization, now=now, calendar=calendar):
        recorded = send_notice(organization, notice, now=now)
        if recorded is not None:
            sent.append(recorded)
    return sent
