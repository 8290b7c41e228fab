"""What the data subject request pages do, on top of privacy.services: register a request
(received no later than now; a verified identity says how it was verified), change it while it
is open, give the person's data as a JSON download, and finish it (an answer, the records it
concerned, a refusal with its reason, an erasure only when confirmed)."""

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from seam_scm.tenancy.models import Organization

from . import services
from .models import DataSubjectRequest, RequestKind, RequestStatus

RECEIVED_IN_FUTURE = gettext_lazy("A request cannot be received in the future.")
SAY_HOW_VERIFIED = gettext_lazy("Say how the identity was verified.")
FINISHED = gettext_lazy("This request is already finished and cannot be changed.")
NOT_AN_OPEN_STATUS = gettext_lazy(
    "Choose “Received” or “In progress”; a request is finished from its completion page."
)
UNVERIFIED_EXPORT = gettext_lazy(
    "Verify the data subject's identity before giving them a copy of their data."
)
CONFIRM_ERASURE = gettext_lazy(
    "Confirm that the personal data of the selected records is to be anonymized for good."
)
GIVE_REASON = gettext_lazy("Give the reason for refusing the request.")
SAY_ANSWER = gettext_lazy("Say what the data subject was told.")

# What the edit page may change.
EDITABLE_FIELDS = (
    "kind",
    "subject_name",
    "subject_phone",
    "subject_email",
    "details",
    "received_at",
    "identity_verified",
    "verification_note",
    "status",
)
OPEN_STATUSES = (RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS)


def _check(fields: dict, now: dt.datetime | None = None) -> None:
    errors = {}
    received_at = fields.get("received_at")
    if received_at is not None and received_at > (now or timezone.now()):
        errors["received_at"] = [str(RECEIVED_IN_FUTURE)]
    if fields.get("identity_verified") and not str(fields.get("verification_note", "")).strip():
        errors["verification_note"] = [str(SAY_HOW_VERIFIED)]
    if errors:
        raise ValidationError(errors)


def register(*, organization: Organization, by=None, **fields) -> DataSubjectRequest:
    """A new request, due 30 days after the local date it was received."""
    _check(fields)
    if not fields.get("identity_verified"):
        fields["verification_note"] = ""
    return services.register_request(organization=organization, handler=by, **fields)


def update_request(request: DataSubjectRequest, **changes) -> DataSubjectRequest:
    """Change an open request's details, verification or status (received / in progress).
    A new time of receipt moves the due date with it."""
    if request.is_finished:
        raise ValidationError(str(FINISHED), code="finished")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    if "status" in changes and changes["status"] not in OPEN_STATUSES:
        raise ValidationError({"status": [str(NOT_AN_OPEN_STATUS)]})
    values = {name: getattr(request, name) for name in EDITABLE_FIELDS} | changes
    _check(values)
    if not values["identity_verified"]:
        changes["verification_note"] = ""
    for name, value in changes.items():
        setattr(request, name, value)
    request.due_on = DataSubjectRequest.due_date_for(request.received_at)
    request.full_clean()
    request.save()
    return request


def export_filename(request: DataSubjectRequest) -> str:
    return f"{request.reference}-personal-data.json"


def export(
    request: DataSubjectRequest, found: list[services.Found], *, membership, path: str = ""
) -> bytes:
    """The person's data as JSON (PDPA s.30-31), logged in the access log. Only for a request
    whose requester's identity was verified."""
    if not request.identity_verified:
        raise ValidationError(str(UNVERIFIED_EXPORT), code="unverified")
    payload = services.export_person(found, request=request)
    count = len(found)
    what = ngettext(
        "%(reference)s: personal data export, %(count)s record",
        "%(reference)s: personal data export, %(count)s records",
        count,
    ) % {"reference": request.reference, "count": count}
    services.log_export(membership, what=what, path=path)
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def complete(
    request: DataSubjectRequest,
    *,
    by,
    outcome: str,
    found: list[services.Found] = (),
    refused: bool = False,
    refusal_reason: str = "",
    confirm_erasure: bool = False,
) -> DataSubjectRequest:
    """Finish the request with the answer given and the records it concerned. A refusal needs
    its reason; a granted erasure of records needs the coordinator's confirmation, since the
    records' personal data (and its history) is anonymized for good."""
    if request.is_finished:
        raise ValidationError(str(FINISHED), code="finished")
    errors = {}
    if not outcome.strip():
        errors["outcome"] = [str(SAY_ANSWER)]
    if refused and not refusal_reason.strip():
        errors["refusal_reason"] = [str(GIVE_REASON)]
    erasing = request.kind == RequestKind.ERASURE and not refused and found
    if erasing and not confirm_erasure:
        errors["confirm_erasure"] = [str(CONFIRM_ERASURE)]
    if errors:
        raise ValidationError(errors)
    answer = outcome.strip()
    if refused:
        answer += "\n\n" + _("Reason for refusing: %(reason)s") % {"reason": refusal_reason.strip()}
    return services.complete_request(
        request, by=by, outcome=answer, found=list(found), refused=refused
    )
