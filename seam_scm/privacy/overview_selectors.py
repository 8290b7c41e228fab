"""Reads of the privacy home: the open data subject requests and breaches with their legal
clocks, and the latest retention run. Callers activate the organization's scope first."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from . import clocks
from .models import (
    FINISHED_REQUEST_STATUSES,
    BreachIncident,
    DataSubjectRequest,
    PersonalDataAccess,
    RetentionRun,
)

ACCESS_LOG_DAYS = 30


@dataclass(frozen=True)
class Tally:
    open: int
    alarming: int  # requests overdue; breaches past the 72 hours without notifying


def requests_tally(today: dt.date | None = None) -> Tally:
    rows = list(
        DataSubjectRequest.objects.exclude(status__in=FINISHED_REQUEST_STATUSES).only(
            "status", "due_on", "completed_at"
        )
    )
    overdue = sum(1 for row in rows if clocks.request_clock(row, today).status == "overdue")
    return Tally(open=len(rows), alarming=overdue)


def breaches_tally(now: dt.datetime | None = None) -> Tally:
    rows = list(
        BreachIncident.objects.filter(closed_at=None).only(
            "discovered_at", "risk", "regulator_notified_at"
        )
    )
    late = sum(1 for row in rows if clocks.breach_clock(row, now).status == "overdue")
    return Tally(open=len(rows), alarming=late)


def recent_accesses(days: int = ACCESS_LOG_DAYS) -> int:
    since = timezone.now() - dt.timedelta(days=days)
    return PersonalDataAccess.objects.filter(created_at__gte=since).count()


def last_retention_run() -> RetentionRun | None:
    return RetentionRun.objects.order_by("-created_at", "-id").first()
