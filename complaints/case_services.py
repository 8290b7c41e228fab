"""Writes to complaint cases: registering a case, moving it through its lifecycle, changing its
details. Pages, the public form, the API, the import and the demo data all come through here.

Callers activate the organization's scope (django_scopes) first. Every function validates with
the people's words (ValidationError, field errors where a field is to blame) and writes the
case's timeline: one CaseEvent per registration, move and change.
"""

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seam_scm.privacy import services as privacy_services
from seam_scm.privacy.models import DataModule
from seam_scm.tenancy.models import Membership, Organization
from seam_scm.tenancy.roles import Action as RoleAction
from seam_scm.tenancy.roles import role_allows
from seam_scm.thai.dates import be_year

from . import policy_selectors, working_time
from .lifecycle import MOVE_FIELDS, MOVES, NOTE_REQUIRED, Action
from .models import (
    OPEN_STATES,
    CaseEvent,
    CaseSource,
    CaseState,
    ComplaintCase,
    ReferenceCounter,
)

# A clock a few minutes ahead of ours still counts as "now".
CLOCK_SKEW = dt.timedelta(minutes=5)
# An earlier case of the same person and category within this time makes a repeat complaint.
REPEAT_WINDOW = dt.timedelta(days=365)

NO_POLICY = gettext_lazy(
    "The complaint handling policy has no approved version yet. Cases take their channels, "
    "categories and time standards from the approved policy; have it approved first."
)
NOT_IN_POLICY = gettext_lazy("Choose one of the policy in force on the day of receipt.")
INACTIVE_CHANNEL = gettext_lazy("This channel is not in use.")
NO_TIME_STANDARD = gettext_lazy(
    "The policy sets no time standard for this category and severity; add one to the policy."
)
IN_THE_FUTURE = gettext_lazy("This time is in the future.")
BEFORE_RECEIPT = gettext_lazy("This time is before the complaint was received.")
OTHER_ORGANIZATION = gettext_lazy("This belongs to another organization.")
INACTIVE_UNIT = gettext_lazy("This unit is no longer in use.")
NOT_A_HANDLER = gettext_lazy("Choose a member of the organization who may edit records.")
NEEDS_BASIS = gettext_lazy("Choose the lawful basis for keeping the complainant's contacts.")
ILLEGAL_MOVE = gettext_lazy("A case that is “%(state)s” cannot be moved by “%(action)s”.")
REQUIRED = gettext_lazy("This field is required.")
NOTE_NEEDED = gettext_lazy("Give the reason in the note.")
CLOSED_CASE = gettext_lazy(
    "The category, severity and channel of a finished case stay as they were."
)
SELF_REPEAT = gettext_lazy("A case cannot repeat itself or a later case.")

PERSONAL_FIELDS = (
    "complainant_name",
    "complainant_phone",
    "complainant_email",
    "complainant_address",
)
# What `update_case` may change; the reference and the date of receipt never change.
EDITABLE_FIELDS = (
    "channel",
    "category",
    "severity",
    "subject",
    "description",
    "remedy_sought",
    "service_standard",
    "is_anonymous",
    *PERSONAL_FIELDS,
    "lawful_basis",
    # The purpose of the record of processing (gives the lawful basis) and the notice given.
    "processing_activity",
    "privacy_notice",
    "unit",
    "handler",
    "repeat_of",
)
CLOCK_FIELDS = ("category", "severity")
# Copied from the policy's time standard by _apply_standard, never typed by anyone: when no
# standard applies, the error says so and these are not reported as missing as well.
STANDARD_FIELDS = (
    "acknowledge_within",
    "acknowledge_unit",
    "resolve_within",
    "resolve_unit",
    "acknowledge_due_at",
    "resolve_due_at",
)


# --- references ----------------------------------------------------------------------------


def format_reference(organization: Organization, year_be: int, number: int) -> str:
    """กปภ-2569-000123: the short name without dots or spaces, the Buddhist year, the number."""
    short = "".join(ch for ch in organization.short_name if ch not in ". ")
    return f"{short or organization.slug}-{year_be}-{number:06d}"


def next_reference(organization: Organization, received_at: dt.datetime) -> str:
    """The next reference of the year of receipt. Must run inside the caller's transaction: the
    counter row stays locked until it commits, so concurrent cases queue for their numbers and
    a rolled-back case gives its number back unused by anyone else."""
    year_be = be_year(timezone.localdate(received_at).year)
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
        organization=organization, year_be=year_be
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number", "updated_at"])
    return format_reference(organization, year_be, counter.last_number)


# --- rules shared by registration and changes ----------------------------------------------


def _now() -> dt.datetime:
    return timezone.now()


def _add_error(errors: dict, field: str, message) -> None:
    errors.setdefault(field, []).append(str(message))


def _check_time(errors: dict, field: str, moment: dt.datetime | None, case: ComplaintCase) -> None:
    if moment is None:
        return
    if moment > _now() + CLOCK_SKEW:
        _add_error(errors, field, IN_THE_FUTURE)
    elif case.received_at and moment < case.received_at:
        _add_error(errors, field, BEFORE_RECEIPT)


def may_handle(membership: Membership | None) -> bool:
    return membership is not None and role_allows(membership.role, RoleAction.EDIT_RECORDS)


def _check_case(case: ComplaintCase, errors: dict, *, source: str) -> None:
    """The rules every saved case keeps, beyond the model's own field validation."""
    version = case.policy_version
    if case.channel_id is not None:
        if case.channel.version_id != version.pk:
            _add_error(errors, "channel", NOT_IN_POLICY)
        elif not case.channel.is_active and source != CaseSource.IMPORT:
            _add_error(errors, "channel", INACTIVE_CHANNEL)
    if case.category_id is not None and case.category.version_id != version.pk:
        _add_error(errors, "category", NOT_IN_POLICY)
    for name in ("unit", "service_standard", "repeat_of"):
        related = getattr(case, name) if getattr(case, f"{name}_id") else None
        if related is not None and related.organization_id != case.organization_id:
            _add_error(errors, name, OTHER_ORGANIZATION)
    if case.unit_id and not case.unit.is_active and "unit" not in errors:
        _add_error(errors, "unit", INACTIVE_UNIT)
    if case.handler_id:
        membership = Membership.objects.filter(
            organization_id=case.organization_id, user_id=case.handler_id
        ).first()
        if not may_handle(membership):
            _add_error(errors, "handler", NOT_A_HANDLER)
    if case.repeat_of_id and "repeat_of" not in errors:
        earlier = case.repeat_of
        if earlier.pk == case.pk or earlier.received_at > case.received_at:
            _add_error(errors, "repeat_of", SELF_REPEAT)
    if case.is_anonymous:
        for name in PERSONAL_FIELDS:
            setattr(case, name, "")
        case.lawful_basis = ""
        case.processing_activity = None
    else:
        try:
            privacy_services.apply_purpose(case, DataModule.COMPLAINTS)
        except ValidationError as error:
            _add_error(errors, "lawful_basis", error.messages[0])
    if (
        not case.is_anonymous
        and "lawful_basis" not in errors
        and any(getattr(case, name) for name in PERSONAL_FIELDS)
        and not case.lawful_basis
    ):
        _add_error(errors, "lawful_basis", NEEDS_BASIS)


def _apply_standard(case: ComplaintCase, errors: dict, *, resolution_clock_from=None) -> None:
    """Copy the policy's time standard for the case's category and severity onto the case and
    work out the due times from the organization's working calendar."""
    if case.category_id is None or "category" in errors:
        return
    standard = policy_selectors.time_standard_for(case.category, case.severity)
    if standard is None:
        _add_error(errors, "severity", NO_TIME_STANDARD)
        return
    case.acknowledge_within = standard.acknowledge_within
    case.acknowledge_unit = standard.acknowledge_unit
    case.resolve_within = standard.resolve_within
    case.resolve_unit = standard.resolve_unit
    calendar = working_time.calendar_for(case.organization)
    case.acknowledge_due_at = working_time.add_working_time(
        case.received_at, standard.acknowledge_within, standard.acknowledge_unit, calendar
    )
    case.resolve_due_at = working_time.add_working_time(
        resolution_clock_from or case.received_at,
        standard.resolve_within,
        standard.resolve_unit,
        calendar,
    )


def _validate(case: ComplaintCase, errors: dict) -> None:
    """Raise the rules' errors together with the model's own."""
    unset = [name for name in STANDARD_FIELDS if getattr(case, name) in (None, "")]
    try:
        case.full_clean(exclude=[*errors, *unset, "reference", "tracking_token"])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _save(case: ComplaintCase, errors: dict) -> ComplaintCase:
    _validate(case, errors)
    case.save()
    return case


def _event(case: ComplaintCase, action: str, *, by, at, from_state: str = "", note: str = ""):
    return CaseEvent.objects.create(
        organization_id=case.organization_id,
        case=case,
        action=action,
        from_state=from_state,
        to_state=case.state,
        at=at,
        by=by,
        note=note.strip(),
    )


def find_repeat_of(case: ComplaintCase) -> ComplaintCase | None:
    """The latest earlier case of the same complainant (same e-mail or phone) in the same
    category (across policy versions) within REPEAT_WINDOW, if any."""
    if case.is_anonymous or not (case.complainant_email or case.complainant_phone):
        return None
    same_person = ComplaintCase.objects.none()
    if case.complainant_email:
        same_person |= ComplaintCase.objects.filter(
            complainant_email__iexact=case.complainant_email
        )
    if case.complainant_phone:
        same_person |= ComplaintCase.objects.filter(complainant_phone=case.complainant_phone)
    return (
        same_person.filter(
            organization_id=case.organization_id,
            category__key=case.category.key,
            received_at__lt=case.received_at,
            received_at__gte=case.received_at - REPEAT_WINDOW,
        )
        .exclude(pk=case.pk)
        .order_by("-received_at")
        .first()
    )


# --- registering ---------------------------------------------------------------------------


@transaction.atomic
def register_case(
    *,
    organization: Organization,
    by,
    received_at: dt.datetime,
    channel,
    category,
    subject: str,
    description: str,
    severity: str = "medium",
    source: str = CaseSource.STAFF,
    external_reference: str = "",
    note: str = "",
    **details,
) -> ComplaintCase:
    """File a new case under the policy in force on the day of receipt.

    `details` are other fields of EDITABLE_FIELDS (complainant, unit, handler, ...). The case
    gets its reference, its time standard and due times, its tracking token and, when the
    complainant has complained about the same category before, the earlier case as `repeat_of`.
    `external_reference` is the case's number in a previous system (historical imports).
    """
    unknown = set(details) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"register_case() got unexpected fields: {', '.join(sorted(unknown))}")
    errors: dict = {}
    policy = policy_selectors.policy_in_force(timezone.localdate(received_at))
    if policy is None:
        raise ValidationError(str(NO_POLICY), code="no_policy")
    case = ComplaintCase(
        organization=organization,
        policy_version=policy,
        source=source,
        external_reference=str(external_reference).strip(),
        received_at=received_at,
        channel=channel,
        category=category,
        severity=severity,
        subject=str(subject).strip(),
        description=str(description).strip(),
        state=CaseState.RECEIVED,
        **details,
    )
    if received_at > _now() + CLOCK_SKEW:
        _add_error(errors, "received_at", IN_THE_FUTURE)
    _check_case(case, errors, source=source)
    _apply_standard(case, errors)
    if "repeat_of" not in details and not errors:
        case.repeat_of = find_repeat_of(case)
    _validate(case, errors)
    case.reference = next_reference(organization, received_at)
    case.tracking_token = secrets.token_urlsafe(32)
    case.save()
    _event(case, Action.RECEIVE, by=by, at=received_at, note=note)
    return case


# --- moving through the lifecycle ----------------------------------------------------------


def _locked(case: ComplaintCase) -> ComplaintCase:
    """The case again, locked until the transaction ends, with what the rules read about it."""
    return (
        ComplaintCase.objects.select_for_update(of=("self",))
        .select_related("organization", "policy_version", "channel", "category", "unit")
        .get(pk=case.pk)
    )


def _resolution_clock_start(case: ComplaintCase) -> dt.datetime:
    """A reopened case's resolution clock restarts at the reopening."""
    if case.reopen_count:
        reopened = case.events.filter(action=Action.REOPEN).order_by("-at", "-id").first()
        if reopened is not None:
            return reopened.at
    return case.received_at


@transaction.atomic
def move_case(
    *,
    case: ComplaintCase,
    action: str,
    by,
    at: dt.datetime | None = None,
    note: str = "",
    **details,
) -> ComplaintCase:
    """Take one step of the lifecycle (complaints.lifecycle), recorded on the timeline.

    `at` is when it happened (default now); `details` are the fields the step records (see
    lifecycle.MOVE_FIELDS), e.g. the decision and how it was communicated for RESPOND.
    """
    case = _locked(case)
    move = MOVES.get(action)
    if move is None:
        raise ValidationError(_("Unknown action."), code="unknown_action")
    if case.state not in move.sources:
        raise ValidationError(
            ILLEGAL_MOVE % {"state": CaseState(case.state).label, "action": Action(action).label},
            code="illegal_move",
        )
    unknown = set(details) - set(MOVE_FIELDS[action])
    if unknown:
        raise TypeError(f"{action} does not record: {', '.join(sorted(unknown))}")
    at = at or _now()
    errors: dict = {}
    _check_time(errors, "at", at, case)
    for name in move.required:
        value = details.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            _add_error(errors, name, REQUIRED)
    if action in NOTE_REQUIRED and not note.strip():
        _add_error(errors, "note", NOTE_NEEDED)
    if action == Action.RESPOND:
        _check_time(
            errors, "decision_communicated_at", details.get("decision_communicated_at"), case
        )
    clock_changed = any(
        name in details and details[name] != getattr(case, name)
        for name in ("category", "severity")
    )
    for name, value in details.items():
        setattr(case, name, value.strip() if isinstance(value, str) else value)
    from_state = case.state
    case.state = move.target
    _record_facts(case, action, at)
    _check_case(case, errors, source=case.source)
    if clock_changed:
        _apply_standard(case, errors, resolution_clock_from=_resolution_clock_start(case))
    _save(case, errors)
    _event(case, action, by=by, at=at, from_state=from_state, note=note)
    return case


def _record_facts(case: ComplaintCase, action: str, at: dt.datetime) -> None:
    """What a step fixes on the case: its time stamps and, the first time, the KPI facts."""
    if action == Action.ACKNOWLEDGE:
        case.acknowledged_at = at
        case.acknowledged_in_time = at <= case.acknowledge_due_at
    elif action == Action.ESCALATE:
        case.escalation_level += 1
    elif action == Action.RESPOND:
        case.responded_at = at
        if case.first_responded_at is None:
            case.first_responded_at = at
            case.resolved_in_time = at <= case.resolve_due_at
            calendar = working_time.calendar_for(case.organization)
            spent = working_time.working_time_between(case.received_at, at, calendar)
            case.resolution_minutes = int(spent.total_seconds() // 60)
    elif action == Action.CLOSE:
        case.closed_at = at
    elif action == Action.REOPEN:
        case.reopen_count += 1
        case.closed_at = None
        calendar = working_time.calendar_for(case.organization)
        case.resolve_due_at = working_time.add_working_time(
            at, case.resolve_within, case.resolve_unit, calendar
        )


# --- changing details ----------------------------------------------------------------------


@transaction.atomic
def update_case(*, case: ComplaintCase, by, note: str = "", **fields) -> ComplaintCase:
    """Change a case's details or assignment; the timeline names the fields changed.

    The category, severity and channel change only while the case is open; changing the
    category or severity applies the policy's time standard for the new pair.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"update_case() got unexpected fields: {', '.join(sorted(unknown))}")
    case = _locked(case)
    changed = [name for name, value in fields.items() if getattr(case, name) != value]
    if not changed:
        return case
    errors: dict = {}
    if case.state not in OPEN_STATES:
        for name in ("channel", *CLOCK_FIELDS):
            if name in changed:
                _add_error(errors, name, CLOSED_CASE)
    for name, value in fields.items():
        setattr(case, name, value.strip() if isinstance(value, str) else value)
    _check_case(case, errors, source=case.source)
    if any(name in changed for name in CLOCK_FIELDS):
        _apply_standard(case, errors, resolution_clock_from=_resolution_clock_start(case))
    _save(case, errors)
    labels = ", ".join(str(ComplaintCase._meta.get_field(name).verbose_name) for name in changed)
    text = _("Changed: %(fields)s") % {"fields": labels}
    _event(
        case,
        Action.UPDATE,
        by=by,
        at=_now(),
        from_state=case.state,
        note=f"{text}\n{note.strip()}".strip(),
    )
    return case
