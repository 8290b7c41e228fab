"""What the organization does with personal data: find a person across the modules, export
what is held about them, erase it by anonymization, apply the retention periods, and log who
looked at it. Every function works inside the current organization's scope."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seam_scm import references
from seam_scm.files import services as file_services
from seam_scm.tenancy.models import Organization
from seam_scm.thai.dates import be_year

from . import registry
from .models import (
    AccessKind,
    BreachIncident,
    ConsentRecord,
    DataSubjectRequest,
    PersonalDataAccess,
    PrivacyNotice,
    ProcessingActivity,
    RequestKind,
    RequestStatus,
)
from .registry import Holder, PersonQuery

logger = logging.getLogger(__name__)

NO_PURPOSE = gettext_lazy(
    "The record of processing has no purpose in use for this module with this lawful basis; "
    "add one to the record of processing first."
)
ERASED_REASON = gettext_lazy("Personal data erased (%(why)s)")


@dataclass(frozen=True)
class Found:
    """A record holding the person's data."""

    holder: Holder
    record: Model

    @property
    def key(self) -> str:
        return f"{self.holder.model_label}:{self.record.pk}"

    def summary(self) -> dict:
        """What a request keeps of the record: no personal values."""
        return {
            "model": self.holder.model_label,
            "id": self.record.pk,
            "record": self.holder.describe(self.record),
        }


# --- references ------------------------------------------------------------------------------


def _locked_organization(organization: Organization) -> None:
    """Serialize numbering within an organization (the caller is in a transaction)."""
    Organization.objects.select_for_update().filter(pk=organization.pk).first()


# --- the record of processing ----------------------------------------------------------------


def purposes_for(module: str, *, current_id: int | None = None) -> list[ProcessingActivity]:
    """The purposes in use that name `module`, plus the one a record already names."""
    return [
        activity
        for activity in ProcessingActivity.objects.order_by("order", "id")
        if (activity.is_active and module in activity.modules) or activity.pk == current_id
    ]


def purpose_for_basis(module: str, lawful_basis: str) -> ProcessingActivity:
    """The module's first purpose in use with this lawful basis, for callers that give the
    basis (imports, the public form, older API clients) rather than the purpose."""
    for activity in purposes_for(module):
        if activity.lawful_basis == lawful_basis:
            return activity
    raise ValidationError(str(NO_PURPOSE), code="no_purpose")


NOT_FOR_MODULE = gettext_lazy("This purpose is not in use for this module.")
NOT_IN_USE = gettext_lazy(
    "This purpose is no longer in use; records that named it keep it, new ones cannot."
)


def _already_named(record, activity: ProcessingActivity) -> bool:
    return (
        bool(record.pk)
        and type(record).objects.filter(pk=record.pk, processing_activity=activity).exists()
    )


def apply_purpose(record, module: str) -> None:
    """Keep a record's purpose and lawful basis together: a named purpose gives its basis; a
    basis alone (imports, the public form, API clients that send it) is matched to the module's
    first purpose in use with that basis. Raises ValidationError when the record of processing
    has no such purpose, so no personal data is kept without one."""
    activity = record.processing_activity if record.processing_activity_id else None
    if activity is not None and (
        not record.lawful_basis or activity.lawful_basis == record.lawful_basis
    ):
        if module not in activity.modules:
            raise ValidationError(str(NOT_FOR_MODULE), code="not_for_module")
        if not activity.is_active and not _already_named(record, activity):
            raise ValidationError(str(NOT_IN_USE), code="not_in_use")
        record.lawful_basis = activity.lawful_basis
        return
    if not record.lawful_basis:
        record.processing_activity = None
        return
    record.processing_activity = purpose_for_basis(module, record.lawful_basis)


def published_notice() -> PrivacyNotice | None:
    return PrivacyNotice.objects.filter(published_at__isnull=False).order_by("-version").first()


NOTICE_FROZEN = gettext_lazy("A published notice cannot change; write a new version instead.")


def save_notice(notice: PrivacyNotice) -> PrivacyNotice:
    """A draft notice; a new one takes the next version number."""
    if (
        notice.pk
        and PrivacyNotice.objects.filter(pk=notice.pk, published_at__isnull=False).exists()
    ):
        raise ValidationError(str(NOTICE_FROZEN), code="frozen")
    with transaction.atomic():
        if not notice.pk:
            _locked_organization(notice.organization)
            highest = PrivacyNotice.objects.order_by("-version").values_list("version", flat=True)
            notice.version = (highest.first() or 0) + 1
        notice.full_clean()
        notice.save()
    return notice


LATER_PUBLISHED = gettext_lazy(
    "Version %(version)s is already published; a draft older than it can no longer be "
    "published. Write a new version instead."
)


def new_notice_draft(organization) -> PrivacyNotice:
    """An unsaved draft with the texts of the latest version, published or not."""
    latest = PrivacyNotice.objects.order_by("-version").first()
    return PrivacyNotice(
        organization=organization,
        body_th=latest.body_th if latest else "",
        body_en=latest.body_en if latest else "",
    )


def publish_notice(notice: PrivacyNotice, *, by, at: dt.datetime | None = None) -> PrivacyNotice:
    """Publish a draft: from then on it is the notice the public pages show, and it is frozen.
    A draft older than a published version cannot be published: the public pages show the
    highest published version, so it would change nothing people see."""
    if notice.is_published:
        raise ValidationError(str(NOTICE_FROZEN), code="frozen")
    later = (
        PrivacyNotice.objects.filter(published_at__isnull=False, version__gt=notice.version)
        .order_by("-version")
        .first()
    )
    if later is not None:
        raise ValidationError(str(LATER_PUBLISHED % {"version": later.version}), code="later")
    notice.published_at = at or timezone.now()
    notice.published_by = by
    notice.save()
    return notice


# --- finding, exporting and erasing a person -------------------------------------------------


def find_person(query: PersonQuery) -> list[Found]:
    """Every record, in every module, whose personal data matches the query. Records already
    erased hold nothing of anybody and are left out."""
    if not query:
        return []
    found = []
    for holder in registry.holders():
        rows = holder.queryset().filter(holder.matches(query), personal_data_erased_at=None)
        found.extend(Found(holder, row) for row in rows.order_by("pk"))
    return found


def find_records(keys: list[str]) -> list[Found]:
    """The records named by `Found.key` strings (as a form posts them back)."""
    found = []
    for key in keys:
        label, _sep, pk = key.rpartition(":")
        holder = registry.holder_for(label)
        if holder is None or not pk.isdigit():
            continue
        record = holder.queryset().filter(pk=int(pk)).first()
        if record is not None:
            found.append(Found(holder, record))
    return found


def _value(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Model):
        return str(value)
    return value


def export_person(found: list[Found], *, request: DataSubjectRequest | None = None) -> dict:
    """What is held about a person, machine-readable (PDPA s.30-31): each record with its
    purpose, lawful basis, retention period, consents and the data itself."""
    records = []
    for item in found:
        record, holder = item.record, item.holder
        activity = record.processing_activity
        consents = ConsentRecord.objects.filter(
            record_type=ContentType.objects.get_for_model(record), record_id=record.pk
        ).select_related("activity", "notice")
        records.append(
            {
                "module": holder.module,
                "type": holder.label,
                "id": record.pk,
                "record": holder.describe(record),
                "purpose": activity.purpose if activity else None,
                "lawful_basis": activity.lawful_basis if activity else None,
                "retention_months": activity.retention_months if activity else None,
                "personal_data": {
                    name: _value(getattr(record, name)) for name in holder.personal_fields
                },
                "context": {name: _value(getattr(record, name)) for name in holder.context_fields},
                "consents": [
                    {
                        "purpose": consent.activity.purpose,
                        "notice_version": consent.notice.version if consent.notice else None,
                        "channel": consent.channel,
                        "given_at": _value(consent.given_at),
                        "withdrawn_at": _value(consent.withdrawn_at),
                        "withdrawal_effect": consent.withdrawal_effect,
                    }
                    for consent in consents
                ],
            }
        )
    return {
        "format": "seam-scm/personal-data-export/1",
        "generated_at": timezone.localtime().isoformat(),
        "request": request.reference if request else None,
        "records": records,
    }


def erase(found: list[Found], *, why: str) -> int:
    """Erase the people's data from the records by anonymization, and from their history; the
    files that are evidence for those records are purged (a file pinned by another record,
    such as a board approval, stays and is logged).

    The record stays, so every count, time and score that statistics use stays as it was; only
    the fields that are personal data change (registry.Holder.erased_values). History keeps a
    row for the erasure, and the earlier rows lose the erased values too: what was erased
    must not survive in the history tables. Returns how many records were erased."""
    erased = 0
    now = timezone.now()
    with transaction.atomic():
        for item in found:
            record, holder = item.record, item.holder
            if record.personal_data_erased_at is not None:
                continue
            for name, value in holder.erased_values.items():
                setattr(record, name, value)
            record.personal_data_erased_at = now
            # simple-history's reason column holds 100 characters; long purposes are cut.
            record._change_reason = str(ERASED_REASON % {"why": why})[:100]
            record.save()
            record.history.filter(id=record.pk).update(**holder.erased_values)
            kept = file_services.purge_record_files(record)
            if kept:
                logger.warning(
                    "Erasure of %s kept %s file(s) another record holds on to: %s",
                    holder.describe(record),
                    len(kept),
                    ", ".join(str(attachment.pk) for attachment in kept),
                )
            erased += 1
    return erased


# --- retention -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionLine:
    activity: ProcessingActivity
    holder: Holder
    records: list[Model]


def expired(now: dt.datetime | None = None) -> list[RetentionLine]:
    """For each purpose and kind of record, the records whose retention period has ended and
    whose personal data is still there."""
    now = now or timezone.now()
    lines = []
    for activity in ProcessingActivity.objects.order_by("order", "id"):
        cutoff = now - activity.retention_period()
        for holder in registry.holders():
            if holder.module not in activity.modules:
                continue
            rows = list(
                holder.queryset()
                .filter(
                    holder.retention_started_before(cutoff),
                    processing_activity=activity,
                    personal_data_erased_at=None,
                )
                .order_by("pk")
            )
            if rows:
                lines.append(RetentionLine(activity, holder, rows))
    return lines


def apply_retention(*, dry_run: bool, now: dt.datetime | None = None) -> list[RetentionLine]:
    """Anonymize what `expired` finds (unless `dry_run`) and say what it was."""
    lines = expired(now)
    if not dry_run:
        for line in lines:
            erase(
                [Found(line.holder, record) for record in line.records],
                why=_("retention period of “%(purpose)s” ended")
                % {"purpose": line.activity.purpose},
            )
    return lines


# --- the access log --------------------------------------------------------------------------


def log_access(
    membership, *, kind: str, what: str, record: Model | None = None, path: str = ""
) -> PersonalDataAccess:
    return PersonalDataAccess.objects.create(
        organization=membership.organization,
        user=membership.user,
        role=membership.role,
        kind=kind,
        what=what[:255],
        record_type=ContentType.objects.get_for_model(record) if record is not None else None,
        record_id=record.pk if record is not None else None,
        path=path[:500],
    )


def log_view(membership, record: Model, *, path: str = "") -> None:
    """A page showed a record's personal data to the member."""
    holder = registry.holder_for(type(record))
    what = holder.describe(record) if holder else str(record._meta.verbose_name)
    log_access(membership, kind=AccessKind.VIEW, what=what, record=record, path=path)


def log_export(membership, what: str, *, path: str = "") -> None:
    """An export with personal data was given to the member."""
    log_access(membership, kind=AccessKind.EXPORT, what=what, path=path)


# --- data subject requests -------------------------------------------------------------------


def register_request(*, organization: Organization, **fields) -> DataSubjectRequest:
    with transaction.atomic():
        _locked_organization(organization)
        request = DataSubjectRequest(organization=organization, **fields)
        request.due_on = DataSubjectRequest.due_date_for(request.received_at)
        year = be_year(timezone.localdate(request.received_at).year)
        request.reference = references.next_reference(
            DataSubjectRequest.objects.all(), f"DSR{year}-"
        )
        request.full_clean()
        request.save()
    return request


def complete_request(
    request: DataSubjectRequest,
    *,
    by,
    outcome: str,
    found: list[Found] = (),
    refused: bool = False,
) -> DataSubjectRequest:
    """Finish a request: the answer given, and the records it concerned. An erasure request
    that is granted erases those records."""
    if request.is_finished:
        raise ValidationError(_("This request is already finished."), code="finished")
    if not outcome.strip():
        raise ValidationError({"outcome": _("Say what the data subject was told.")})
    if not refused and not request.identity_verified:
        raise ValidationError(
            _("Verify the data subject's identity before answering the request."),
            code="unverified",
        )
    with transaction.atomic():
        if request.kind == RequestKind.ERASURE and not refused:
            erase(list(found), why=request.reference)
        request.records = [item.summary() for item in found]
        request.outcome = outcome.strip()
        request.status = RequestStatus.REFUSED if refused else RequestStatus.COMPLETED
        request.completed_at = timezone.now()
        request.handler = by
        request.save()
    return request


# --- breaches --------------------------------------------------------------------------------


def register_breach(*, organization: Organization, **fields) -> BreachIncident:
    with transaction.atomic():
        _locked_organization(organization)
        incident = BreachIncident(organization=organization, **fields)
        year = be_year(timezone.localdate(incident.discovered_at).year)
        incident.reference = references.next_reference(BreachIncident.objects.all(), f"BR{year}-")
        incident.full_clean()
        incident.save()
    return incident
