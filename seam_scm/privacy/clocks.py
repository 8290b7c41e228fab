"""The two legal clocks: a data subject request's 30 days and a breach's 72 hours."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import BreachIncident, BreachRisk, DataSubjectRequest

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class Clock:
    status: str  # met, late, overdue, due_soon, open, not_required
    text: str

    @property
    def is_alarming(self) -> bool:
        return self.status in ("overdue", "late")


def request_clock(request: DataSubjectRequest, today: dt.date | None = None) -> Clock:
    today = today or timezone.localdate()
    if request.is_finished and request.completed_at:
        finished_on = timezone.localdate(request.completed_at)
        if finished_on <= request.due_on:
            return Clock("met", _("Answered within 30 days"))
        late = (finished_on - request.due_on).days
        return Clock(
            "late",
            ngettext("Answered %(days)s day late", "Answered %(days)s days late", late)
            % {"days": late},
        )
    left = (request.due_on - today).days
    if left < 0:
        return Clock(
            "overdue",
            ngettext("%(days)s day overdue", "%(days)s days overdue", -left) % {"days": -left},
        )
    status = "due_soon" if left <= DUE_SOON_DAYS else "open"
    if left == 0:
        return Clock(status, _("Due today"))
    return Clock(status, ngettext("%(days)s day left", "%(days)s days left", left) % {"days": left})


def breach_clock(incident: BreachIncident, now: dt.datetime | None = None) -> Clock:
    """The 72 hours to notify the regulator, from discovery (PDPA s.37(4))."""
    now = now or timezone.now()
    deadline = incident.regulator_deadline
    if incident.regulator_notified_at:
        if incident.regulator_notified_at <= deadline:
            return Clock("met", _("Regulator notified within 72 hours"))
        return Clock("late", _("Regulator notified after 72 hours"))
    if incident.risk == BreachRisk.NONE:
        return Clock("not_required", _("No notification needed: assessed as no risk"))
    if now > deadline:
        hours = int((now - deadline).total_seconds() // 3600)
        return Clock(
            "overdue",
            ngettext(
                "Regulator not notified: %(hours)s hour past the deadline",
                "Regulator not notified: %(hours)s hours past the deadline",
                hours,
            )
            % {"hours": hours},
        )
    hours = int((deadline - now).total_seconds() // 3600)
    status = "due_soon" if hours < 24 else "open"
    return Clock(
        status,
        ngettext(
            "%(hours)s hour left to notify the regulator",
            "%(hours)s hours left to notify the regulator",
            hours,
        )
        % {"hours": hours},
    )
