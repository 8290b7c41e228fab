"""Writes to governed documents. Every status change goes through `_move` and is recorded."""

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seam_scm.files.models import FileVersion
from seam_scm.files.services import upload_attachment
from seam_scm.tenancy.models import Organization, OrgUnit

from .content import content_for
from .models import (
    EDITABLE_STATUSES,
    OPEN_STATUSES,
    Approval,
    DocumentVersion,
    GovernedDocument,
    Transition,
    VersionAttachment,
    VersionStatus,
)
from .snapshot import build_snapshot


def _move(version: DocumentVersion, to_status: str, *, by, reason: str = "") -> None:
    Transition.objects.create(
        organization_id=version.organization_id,
        version=version,
        from_status=version.status,
        to_status=to_status,
        by=by,
        reason=reason,
    )
    version.status = to_status
    version.save(update_fields=["status", "updated_at"])


def _require(version: DocumentVersion, statuses: tuple[str, ...], message: str) -> None:
    if version.status not in statuses:
        raise ValidationError(message, code="wrong_status")


@transaction.atomic
def declare_document(
    *,
    organization: Organization,
    by,
    kind: str,
    title: str,
    reference: str = "",
    owner_unit: OrgUnit | None = None,
    description: str = "",
) -> GovernedDocument:
    """Create a governed document with its first, empty draft."""
    document = GovernedDocument(
        organization=organization,
        kind=kind,
        title=title,
        reference=reference,
        owner_unit=owner_unit,
        description=description,
    )
    document.full_clean()
    document.save()
    version = DocumentVersion(organization=organization, document=document, number=1, title=title)
    version.save()
    Transition.objects.create(
        organization=organization, version=version, to_status=VersionStatus.DRAFT, by=by
    )
    return document


def save_document(document: GovernedDocument) -> GovernedDocument:
    document.full_clean()
    document.save()
    return document


def save_draft(version: DocumentVersion) -> DocumentVersion:
    _require(version, EDITABLE_STATUSES, _("Only a draft or a returned version can be edited."))
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def submit_version(*, version: DocumentVersion, by) -> None:
    _require(version, EDITABLE_STATUSES, _("Only a draft or a returned version can be submitted."))
    _move(version, VersionStatus.SUBMITTED, by=by)


@transaction.atomic
def withdraw_version(*, version: DocumentVersion, by) -> None:
    _require(version, (VersionStatus.SUBMITTED,), _("Only a submitted version can be withdrawn."))
    _move(version, VersionStatus.DRAFT, by=by)


@transaction.atomic
def return_version(*, version: DocumentVersion, by, reason: str) -> None:
    _require(version, (VersionStatus.SUBMITTED,), _("Only a submitted version can be returned."))
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say why the version is returned.")}, code="reason_required"
        )
    _move(version, VersionStatus.RETURNED, by=by, reason=reason.strip())


@transaction.atomic
def record_approval(
    *,
    version: DocumentVersion,
    by,
    body: str,
    meeting_number: str,
    meeting_date: dt.date,
    agenda_item: str,
    resolution: str,
    signed_by_name: str,
    signed_by_position: str,
    minutes_upload: UploadedFile | None = None,
    minutes: FileVersion | None = None,
    committee_name: str = "",
    delegation_reference: str = "",
) -> Approval:
    """Record the board's resolution, freeze the version, and supersede the one before.

    The snapshot is taken now, so it holds exactly what was submitted. The
    approval row is written before the version turns approved, because the
    database refuses new rows for an approved version.
    """
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    _require(version, (VersionStatus.SUBMITTED,), _("Only a submitted version can be approved."))
    approval = Approval(
        organization_id=version.organization_id,
        version=version,
        body=body,
        committee_name=committee_name.strip(),
        delegation_reference=delegation_reference.strip(),
        meeting_number=meeting_number.strip(),
        meeting_date=meeting_date,
        agenda_item=agenda_item.strip(),
        resolution=resolution.strip(),
        signed_by_name=signed_by_name.strip(),
        signed_by_position=signed_by_position.strip(),
        recorded_by=by,
        snapshot=build_snapshot(version),
    )
    # Check everything else first, so that bad input stores no minutes file.
    approval.full_clean(exclude=["minutes"])
    if minutes_upload is not None:
        minutes = upload_attachment(
            organization=version.organization,
            uploaded_by=by,
            upload=minutes_upload,
            title=_("Signed minutes, meeting %(number)s") % {"number": approval.meeting_number},
            description=str(version),
            effective_date=meeting_date,
            record=version,
        ).current_version
    if minutes is None:
        raise ValidationError({"minutes": _("Attach the signed minutes.")}, code="minutes_required")
    approval.minutes = minutes
    approval.save()
    for previous in DocumentVersion.objects.filter(
        document_id=version.document_id, status=VersionStatus.APPROVED
    ):
        _move(previous, VersionStatus.SUPERSEDED, by=by)
    _move(version, VersionStatus.APPROVED, by=by)
    return approval


@transaction.atomic
def start_new_draft(*, document: GovernedDocument, by) -> DocumentVersion:
    """Editing an approved document starts here: a copy of the latest version, as a draft."""
    if document.versions.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            _("A version of this document is already being prepared."), code="open_version"
        )
    latest = document.versions.order_by("-number").first()
    draft = DocumentVersion.objects.create(
        organization_id=document.organization_id,
        document=document,
        number=latest.number + 1,
        title=latest.title,
        summary=latest.summary,
        body=latest.body,
    )
    VersionAttachment.objects.bulk_create(
        VersionAttachment(
            organization_id=document.organization_id,
            version=draft,
            file_version_id=item.file_version_id,
            label=item.label,
        )
        for item in latest.attachments.all()
    )
    content_for(document.kind).copy(latest, draft)
    Transition.objects.create(
        organization_id=document.organization_id,
        version=draft,
        to_status=VersionStatus.DRAFT,
        by=by,
        reason=_("Started from version %(number)s") % {"number": latest.number},
    )
    return draft


@transaction.atomic
def attach_file(
    *, version: DocumentVersion, by, label: str, upload: UploadedFile, effective_date: dt.date
) -> VersionAttachment:
    """Upload a file as part of a draft; the version keeps that exact file version."""
    _require(version, EDITABLE_STATUSES, _("Files can only be added to a draft."))
    attachment = upload_attachment(
        organization=version.organization,
        uploaded_by=by,
        upload=upload,
        title=label,
        description=str(version),
        effective_date=effective_date,
        record=version,
    )
    return VersionAttachment.objects.create(
        organization_id=version.organization_id,
        version=version,
        file_version=attachment.current_version,
        label=label,
    )


def detach_file(*, item: VersionAttachment) -> None:
    _require(item.version, EDITABLE_STATUSES, _("Files can only be removed from a draft."))
    item.delete()


def publish_version(*, version: DocumentVersion) -> DocumentVersion:
    _require(version, (VersionStatus.APPROVED,), _("Only an approved version can be published."))
    version.public_token = version.public_token or secrets.token_urlsafe(16)
    version.published_at = timezone.now()
    version.save(update_fields=["public_token", "published_at", "updated_at"])
    return version


def unpublish_version(*, version: DocumentVersion) -> DocumentVersion:
    # The token is kept: printed QR codes work again if the version is republished.
    version.published_at = None
    version.save(update_fields=["published_at", "updated_at"])
    return version
