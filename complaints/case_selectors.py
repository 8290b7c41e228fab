"""Reads of complaint cases for the case pages, the API and the complaints overview: the list
with its filters, the SLA clocks of each case, the counts of what is due soon and overdue, and
the data of a case's page.

The SLA clocks (ISO 10002 "tracking"):

- the acknowledgement clock runs while the case is still "received"; it is due at
  `acknowledge_due_at`;
- the resolution clock runs while the case is open (OPEN_STATES); it is due at
  `resolve_due_at`, which a reopening moves on.

A running clock is overdue once its due time has passed and due soon when its due time falls
within the next DUE_SOON working hours of the organization's calendar. The threshold is
worked out once per request (`SlaWindow`), so that the list filters and counts run in the
database. A stopped clock is met or missed, as fixed on the case when it stopped
(`acknowledged_in_time`, `resolved_in_time`), or just stopped (a case withdrawn first).

Every function takes `now` where time matters, so tests pass a fixed moment. Queries run inside
the organization's scope; lists cost a fixed number of queries whatever their length.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, replace

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_scopes import get_scope

from seam_scm.approvals.models import FROZEN_STATUSES, DocumentKind
from seam_scm.files import selectors as file_selectors
from seam_scm.files.models import Attachment
from seam_scm.forms import positive_int
from seam_scm.history import HistoryRow, history_of
from seam_scm.tenancy.models import Membership, Organization
from seam_scm.tenancy.roles import ROLE_MATRIX
from seam_scm.tenancy.roles import Action as RoleAction
from seam_scm.thai.forms import BuddhistDateField

from . import working_time
from .case_services import PERSONAL_FIELDS
from .lifecycle import Action
from .models import (
    OPEN_STATES,
    CaseEvent,
    CaseState,
    ComplaintCase,
    ComplaintCategory,
    ComplaintChannel,
    EscalationRule,
    Severity,
)

# A running clock is "due soon" when it falls due within this many working hours.
DUE_SOON = 8

# The two clocks of a case are the clocks escalation rules watch.
ACKNOWLEDGEMENT = EscalationRule.Clock.ACKNOWLEDGEMENT
RESOLUTION = EscalationRule.Clock.RESOLUTION
CLOCK_LABELS = dict(EscalationRule.Clock.choices)

# Values of the `sla` filter.
SLA_DUE_SOON = "due_soon"
SLA_OVERDUE = "overdue"
SLA_FILTERS = (SLA_DUE_SOON, SLA_OVERDUE)
# The `state` filter also takes this: every open state.
OPEN = "open"

# What the change history of a case may not name for roles without personal data.
PERSONAL_HISTORY_FIELDS = (*PERSONAL_FIELDS, "lawful_basis")


class SlaStatus:
    ON_TIME = "on_time"  # running, not due soon yet
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET = "met"  # stopped within the standard
    MISSED = "missed"  # stopped after the due time
    STOPPED = "stopped"  # stopped without reaching its step (withdrawn)

    RUNNING = (ON_TIME, DUE_SOON, OVERDUE)
    ALL = (ON_TIME, DUE_SOON, OVERDUE, MET, MISSED, STOPPED)


def scope_organization() -> Organization | None:
    """The organization of the active scope (the request's, or a test's)."""
    organization = get_scope().get("organization")
    if isinstance(organization, Organization) or organization is None:
        return organization
    return Organization.objects.filter(pk=organization).first()


# --- the SLA window ------------------------------------------------------------------------


@dataclass(frozen=True)
class SlaWindow:
    """`now`, the moment DUE_SOON working hours later, and the calendar they came from."""

    now: dt.datetime
    due_soon_until: dt.datetime
    calendar: working_time.Calendar


def latest_step_at(case: ComplaintCase) -> dt.datetime:
    """When the case last moved: its latest timeline event, or its receipt."""
    latest = case.events.order_by("-at").values_list("at", flat=True).first()
    return max(latest, case.received_at) if latest else case.received_at


def sla_window(
    organization: Organization | None = None, *, now: dt.datetime | None = None
) -> SlaWindow:
    """Two queries (the organization's calendar); the rest is arithmetic."""
    organization = organization or scope_organization()
    calendar = working_time.calendar_for(organization)
    now = now or timezone.now()
    threshold = working_time.add_working_time(now, DUE_SOON, working_time.WORKING_HOURS, calendar)
    return SlaWindow(now=now, due_soon_until=threshold, calendar=calendar)


ACKNOWLEDGEMENT_RUNNING = Q(state=CaseState.RECEIVED)
RESOLUTION_RUNNING = Q(state__in=OPEN_STATES)


def overdue_q(clock: str, window: SlaWindow) -> Q:
    if clock == ACKNOWLEDGEMENT:
        return ACKNOWLEDGEMENT_RUNNING & Q(acknowledge_due_at__lt=window.now)
    return RESOLUTION_RUNNING & Q(resolve_due_at__lt=window.now)


def due_soon_q(clock: str, window: SlaWindow) -> Q:
    if clock == ACKNOWLEDGEMENT:
        return ACKNOWLEDGEMENT_RUNNING & Q(
            acknowledge_due_at__gte=window.now, acknowledge_due_at__lte=window.due_soon_until
        )
    return RESOLUTION_RUNNING & Q(
        resolve_due_at__gte=window.now, resolve_due_at__lte=window.due_soon_until
    )


def sla_q(kind: str, window: SlaWindow) -> Q:
    """Cases with a running clock that is overdue (SLA_OVERDUE) or due soon (SLA_DUE_SOON)."""
    build = overdue_q if kind == SLA_OVERDUE else due_soon_q
    return build(ACKNOWLEDGEMENT, window) | build(RESOLUTION, window)


def sla_counts(
    window: SlaWindow | None = None, *, now: dt.datetime | None = None
) -> dict[str, int]:
    """What the case list's summary strip and the complaints overview show, in one query (plus
    the calendar's two): open cases, cases with a clock due soon, cases overdue for
    acknowledgement, for resolution, and on either clock (`overdue`)."""
    window = window or sla_window(now=now)
    counts = ComplaintCase.objects.aggregate(
        open=Count("id", filter=RESOLUTION_RUNNING),
        due_soon=Count("id", filter=sla_q(SLA_DUE_SOON, window)),
        overdue_acknowledgement=Count("id", filter=overdue_q(ACKNOWLEDGEMENT, window)),
        overdue_resolution=Count("id", filter=overdue_q(RESOLUTION, window)),
        overdue=Count("id", filter=sla_q(SLA_OVERDUE, window)),
    )
    return {name: value or 0 for name, value in counts.items()}


# --- the clocks of one case ----------------------------------------------------------------


def describe_working_time(amount: dt.timedelta, calendar: working_time.Calendar) -> str:
    """3 working hours, 2 working days: whole working days once a day's length is reached."""
    minutes = int(abs(amount).total_seconds() // 60)
    day = int(calendar.day_length.total_seconds() // 60)
    if minutes >= day:
        days = minutes // day
        return ngettext("%(n)d working day", "%(n)d working days", days) % {"n": days}
    if minutes >= 60:
        hours = minutes // 60
        return ngettext("%(n)d working hour", "%(n)d working hours", hours) % {"n": hours}
    return ngettext("%(n)d working minute", "%(n)d working minutes", minutes) % {"n": minutes}


@dataclass(frozen=True)
class SlaClock:
    clock: str  # ACKNOWLEDGEMENT or RESOLUTION
    status: str  # one of SlaStatus
    due_at: dt.datetime
    done_at: dt.datetime | None = None
    # Working time from now to the due time while the clock runs; negative once overdue.
    left: dt.timedelta | None = None
    text: str = ""

    @property
    def label(self) -> str:
        return str(CLOCK_LABELS[self.clock])

    @property
    def running(self) -> bool:
        return self.status in SlaStatus.RUNNING

    @property
    def working_minutes_left(self) -> int | None:
        if self.left is None:
            return None
        return int(self.left.total_seconds() // 60)


def _clock(
    clock: str,
    *,
    running: bool,
    due_at: dt.datetime,
    in_time: bool | None,
    done_at: dt.datetime | None,
    window: SlaWindow,
) -> SlaClock:
    if running:
        left = working_time.working_time_between(window.now, due_at, window.calendar)
        amount = describe_working_time(left, window.calendar)
        if due_at < window.now:
            return SlaClock(
                clock, SlaStatus.OVERDUE, due_at, left=left,
                text=_("Overdue by %(time)s") % {"time": amount},
            )  # fmt: skip
        status = SlaStatus.DUE_SOON if due_at <= window.due_soon_until else SlaStatus.ON_TIME
        return SlaClock(
            clock, status, due_at, left=left, text=_("Due in %(time)s") % {"time": amount}
        )
    if in_time is None:
        return SlaClock(clock, SlaStatus.STOPPED, due_at, text=_("Stopped"))
    if in_time:
        return SlaClock(clock, SlaStatus.MET, due_at, done_at, text=_("Within the standard"))
    return SlaClock(clock, SlaStatus.MISSED, due_at, done_at, text=_("Late"))


@dataclass(frozen=True)
class CaseSla:
    acknowledgement: SlaClock
    resolution: SlaClock

    @property
    def clocks(self) -> tuple[SlaClock, SlaClock]:
        return (self.acknowledgement, self.resolution)

    @property
    def running(self) -> list[SlaClock]:
        return [clock for clock in self.clocks if clock.running]

    @property
    def headline(self) -> SlaClock:
        """The clock the list shows: the most urgent running one, else the resolution's."""
        running = sorted(self.running, key=lambda clock: clock.due_at)
        overdue = [clock for clock in running if clock.status == SlaStatus.OVERDUE]
        return (overdue or running or [self.resolution])[0]


def case_sla(case: ComplaintCase, window: SlaWindow) -> CaseSla:
    """The two clocks of a case at `window.now` (no queries)."""
    return CaseSla(
        acknowledgement=_clock(
            ACKNOWLEDGEMENT,
            running=case.state == CaseState.RECEIVED,
            due_at=case.acknowledge_due_at,
            in_time=case.acknowledged_in_time,
            done_at=case.acknowledged_at,
            window=window,
        ),
        resolution=_clock(
            RESOLUTION,
            running=case.state in OPEN_STATES,
            due_at=case.resolve_due_at,
            in_time=case.resolved_in_time,
            done_at=case.first_responded_at,
            window=window,
        ),
    )


def with_sla(cases, window: SlaWindow) -> list[ComplaintCase]:
    """The cases, each with `sla` (a CaseSla) set."""
    cases = list(cases)
    for case in cases:
        case.sla = case_sla(case, window)
    return cases


# --- the list and its filters (pages and API share the keys) ------------------------------


@dataclass
class CaseFilters:
    """What a person can narrow the case list by; every field optional."""

    search: str = ""
    state: str = ""  # a CaseState value or OPEN
    channel: uuid.UUID | None = None  # a channel's key: the same channel in every version
    category: uuid.UUID | None = None  # a category's key
    severity: str = ""
    unit: int | None = None
    handler: int | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    sla: str = ""  # SLA_DUE_SOON or SLA_OVERDUE


CASE_FILTER_KEYS = (
    "q",
    "state",
    "channel",
    "category",
    "severity",
    "unit",
    "handler",
    "received_from",
    "received_to",
    "sla",
)


def _choice(value, choices) -> str:
    return value if value in choices else ""


def _uuid_or_none(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value).strip())
    except (TypeError, ValueError):
        return None


def _date_or_none(value) -> dt.date | None:
    """A date as the pages send it (21/11/2569, Buddhist Era) or as the API does (2026-11-21)."""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return BuddhistDateField().to_python(text)
    except Exception:  # noqa: BLE001 - a malformed filter narrows nothing
        return None


def case_filters_from_query(query) -> CaseFilters:
    """Keys: q, state (a state or "open"), channel and category (keys), severity, unit and
    handler (ids), received_from and received_to (dates), sla ("due_soon" or "overdue")."""
    return CaseFilters(
        search=query.get("q", "").strip(),
        state=_choice(query.get("state", ""), (*CaseState.values, OPEN)),
        channel=_uuid_or_none(query.get("channel")),
        category=_uuid_or_none(query.get("category")),
        severity=_choice(query.get("severity", ""), Severity.values),
        unit=positive_int(query.get("unit")),
        handler=positive_int(query.get("handler")),
        received_from=_date_or_none(query.get("received_from")),
        received_to=_date_or_none(query.get("received_to")),
        sla=_choice(query.get("sla", ""), SLA_FILTERS),
    )


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def case_list(
    filters: CaseFilters | None = None, *, window: SlaWindow | None = None
) -> QuerySet[ComplaintCase]:
    """Cases with their channel, category, unit and handler, newest first. The SLA filter needs
    the window (made here when not given)."""
    filters = filters or CaseFilters()
    cases = ComplaintCase.objects.select_related("channel", "category", "unit", "handler")
    if filters.search:
        text = filters.search
        cases = cases.filter(
            Q(reference__icontains=text)
            | Q(external_reference__icontains=text)
            | Q(subject__icontains=text)
        )
    if filters.state == OPEN:
        cases = cases.filter(state__in=OPEN_STATES)
    elif filters.state:
        cases = cases.filter(state=filters.state)
    if filters.channel:
        cases = cases.filter(channel__key=filters.channel)
    if filters.category:
        cases = cases.filter(category__key=filters.category)
    if filters.severity:
        cases = cases.filter(severity=filters.severity)
    if filters.unit:
        cases = cases.filter(unit_id=filters.unit)
    if filters.handler:
        cases = cases.filter(handler_id=filters.handler)
    if filters.received_from:
        cases = cases.filter(received_at__gte=_local_midnight(filters.received_from))
    if filters.received_to:
        next_day = filters.received_to + dt.timedelta(days=1)
        cases = cases.filter(received_at__lt=_local_midnight(next_day))
    if filters.sla:
        cases = cases.filter(sla_q(filters.sla, window or sla_window()))
    return cases.order_by("-received_at", "-id")


def _newest_per_key(rows) -> list:
    """One row per key, the one of the newest policy version, in the policy's order."""
    newest: dict = {}
    for row in rows:
        kept = newest.get(row.key)
        if kept is None or row.version.number > kept.version.number:
            newest[row.key] = row
    return sorted(newest.values(), key=lambda row: (row.order, row.name))


def channel_choices() -> list[ComplaintChannel]:
    """The channels of every approved policy version, one per key (one query)."""
    rows = ComplaintChannel.objects.filter(
        version__document__kind=DocumentKind.COMPLAINT_POLICY,
        version__status__in=FROZEN_STATUSES,
    ).select_related("version")
    return _newest_per_key(rows)


def category_choices() -> list[ComplaintCategory]:
    """The categories of every approved policy version, one per key (one query)."""
    rows = ComplaintCategory.objects.filter(
        version__document__kind=DocumentKind.COMPLAINT_POLICY,
        version__status__in=FROZEN_STATUSES,
    ).select_related("version")
    return _newest_per_key(rows)


def same_row_in(version, row):
    """The row of `version` with the key of `row` (a channel or category of another version
    of the policy), or `row` itself when that version has none or it is already of it."""
    if row is None or version is None or row.version_id == version.pk:
        return row
    return type(row).objects.filter(version=version, key=row.key).first() or row


def handler_roles() -> list[str]:
    return sorted(ROLE_MATRIX[RoleAction.EDIT_RECORDS])


def possible_handlers(organization: Organization, current_id: int | None = None):
    """Members who may edit records (and so handle cases), plus the handler a case already
    names; ordered by name."""
    members = Membership.objects.filter(organization=organization, role__in=handler_roles())
    users = Q(pk__in=members.values("user_id"))
    if current_id:
        users |= Q(pk=current_id)
    return get_user_model().objects.filter(users).order_by("full_name", "email")


def organization_members(organization: Organization):
    """Every member of the organization (the list's handler filter)."""
    members = Membership.objects.filter(organization=organization)
    return (
        get_user_model()
        .objects.filter(pk__in=members.values("user_id"))
        .order_by("full_name", "email")
    )


# --- one case --------------------------------------------------------------------------------


def case(case_pk: int) -> ComplaintCase:
    """One case with what its page shows next to it (raises DoesNotExist)."""
    return ComplaintCase.objects.select_related(
        "channel",
        "category",
        "unit",
        "handler",
        "service_standard",
        "repeat_of",
        "policy_version__document",
    ).get(pk=case_pk)


def action_label(action: str) -> str:
    try:
        return str(Action(action).label)
    except ValueError:
        return action


def timeline(case: ComplaintCase) -> list[CaseEvent]:
    """The case's events in order, each with `action_label` (one query)."""
    events = list(case.events.select_related("by").order_by("at", "id"))
    for event in events:
        event.action_label = action_label(event.action)
    return events


def repeats_of(case: ComplaintCase) -> list[ComplaintCase]:
    return list(case.repeats.order_by("received_at", "id"))


def attachments_of(case: ComplaintCase) -> list[Attachment]:
    """The live evidence files of the case, newest first (one query). Only for roles that may
    see personal data: the caller checks."""
    return list(
        file_selectors.attachments_of(case)
        .select_related("current_version__uploaded_by")
        .order_by("-id")
    )


def case_history(case: ComplaintCase, *, personal_data: bool) -> list[HistoryRow]:
    """The case's saved changes. Without personal data, the complainant's fields are not named
    and changes of nothing else are left out."""
    history = history_of(case)
    if personal_data:
        return history
    hidden = {
        str(ComplaintCase._meta.get_field(name).verbose_name) for name in PERSONAL_HISTORY_FIELDS
    }
    kept = []
    for entry in history:
        fields = [name for name in entry.fields if name not in hidden]
        if entry.fields and not fields:
            continue
        kept.append(replace(entry, fields=fields))
    return kept


def with_events(cases: QuerySet[ComplaintCase]) -> QuerySet[ComplaintCase]:
    """The API's cases with their timeline, in one more query."""
    return cases.prefetch_related(
        Prefetch("events", queryset=CaseEvent.objects.select_related("by").order_by("at", "id"))
    )
