"""The breach register's rules: recording an incident, updating it, and closing it.

An incident's times follow one another: it occurred before it was discovered, and the
notifications come after the discovery and never in the future. The regulator is to be told
within 72 hours of the discovery (PDPA s.37(4)); a later notification says why. The risk
assessment is kept in every case, also when it concluded that nobody needed to be told; and an
incident closes only once the notifications its risk calls for are made: the regulator for a
risk, the regulator and the data subjects for a high risk.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seam_scm.tenancy.models import Organization

from . import services
from .models import BreachIncident, BreachRisk

FIELDS = (
    "title",
    "description",
    "discovered_at",
    "occurred_at",
    "data_categories",
    "subjects_affected",
    "risk",
    "risk_assessment",
    "regulator_notified_at",
    "late_notification_reason",
    "subjects_notified_at",
    "notifications",
    "actions",
    "closed_at",
)

DISCOVERED_IN_FUTURE = _("The discovery cannot be in the future.")
OCCURRED_AFTER_DISCOVERY = _("The breach cannot have occurred after it was discovered.")
BEFORE_DISCOVERY = _("This cannot be before the breach was discovered.")
IN_FUTURE = _("This cannot be in the future.")
LATE_REASON_NEEDED = _(
    "The regulator was notified more than 72 hours after the discovery: say why "
    "(PDPA section 37(4))."
)
ASSESSMENT_NEEDED = _(
    "Record the assessment of the risk to data subjects, also when it concludes that no "
    "notification is needed."
)
CLOSE_NEEDS_REGULATOR = _(
    "Notify the regulator before closing: the breach was assessed as a risk to data subjects."
)
CLOSE_NEEDS_SUBJECTS = _(
    "Notify the data subjects before closing: the breach was assessed as a high risk to them."
)
CLOSED_BEFORE_NOTIFICATION = _("The incident cannot be closed before its notifications.")


def check(incident: BreachIncident, *, now: dt.datetime | None = None) -> None:
    """Raise ValidationError with every broken rule, by field."""
    now = now or timezone.now()
    errors: dict[str, list] = {}

    def refuse(field: str, message) -> None:
        errors.setdefault(field, []).append(message)

    discovered = incident.discovered_at
    if not (incident.risk_assessment or "").strip():
        refuse("risk_assessment", ASSESSMENT_NEEDED)
    if discovered is not None:
        if discovered > now:
            refuse("discovered_at", DISCOVERED_IN_FUTURE)
        if incident.occurred_at and incident.occurred_at > discovered:
            refuse("occurred_at", OCCURRED_AFTER_DISCOVERY)
        for field in ("regulator_notified_at", "subjects_notified_at", "closed_at"):
            moment = getattr(incident, field)
            if moment is None:
                continue
            if moment < discovered:
                refuse(field, BEFORE_DISCOVERY)
            elif moment > now:
                refuse(field, IN_FUTURE)
        notified = incident.regulator_notified_at
        if (
            notified
            and notified > incident.regulator_deadline
            and not (incident.late_notification_reason or "").strip()
        ):
            refuse("late_notification_reason", LATE_REASON_NEEDED)
    if incident.closed_at is not None:
        _check_closing(incident, refuse)
    if errors:
        raise ValidationError(errors)


def _check_closing(incident: BreachIncident, refuse) -> None:
    closed = incident.closed_at
    needed = []
    if incident.risk in (BreachRisk.RISK, BreachRisk.HIGH):
        needed.append(("regulator_notified_at", CLOSE_NEEDS_REGULATOR))
    if incident.risk == BreachRisk.HIGH:
        needed.append(("subjects_notified_at", CLOSE_NEEDS_SUBJECTS))
    for field, message in needed:
        notified = getattr(incident, field)
        if notified is None:
            refuse("closed_at", message)
        elif notified > closed:
            refuse("closed_at", CLOSED_BEFORE_NOTIFICATION)


def _strip(fields: dict) -> dict:
    return {
        name: value.strip() if isinstance(value, str) else value for name, value in fields.items()
    }


def create_breach(*, organization: Organization, **fields) -> BreachIncident:
    """Record an incident; it takes the next reference of its year of discovery (BR2569-0001)."""
    fields = _strip(fields)
    check(BreachIncident(organization=organization, **fields))
    return services.register_breach(organization=organization, **fields)


def update_breach(*, incident: BreachIncident, **changes) -> BreachIncident:
    """Change an incident's details, its notifications or its closing. The reference stays."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValueError(f"Not a breach field: {', '.join(sorted(unknown))}")
    for name, value in _strip(changes).items():
        setattr(incident, name, value)
    check(incident)
    with transaction.atomic():
        incident.full_clean()
        incident.save()
    return incident
