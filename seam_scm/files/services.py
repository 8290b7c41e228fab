"""Writes to evidence files. Pages, the API, demo data and other modules call these.

An upload is all or nothing: the metadata and the file are validated first,
then the file is stored under a new unguessable name, then the rows are
written in one transaction; if anything fails after the file was stored, the
stored file is deleted again. A purge works the other way round: the rows go
first and the stored files only once that transaction has committed, so a
purge that fails loses no file.

Every write sets the acting user on the history row itself, so history names
them also when the write does not come from a request (commands, tasks).
"""

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seam_scm.tenancy.access import membership_for
from seam_scm.tenancy.models import Organization

from .access import may_manage_deleted
from .models import Attachment, ChangeReason, DownloadLog, FileVersion, evidence_path
from .validation import CheckedFile, validate_upload

logger = logging.getLogger(__name__)

KEPT_ELSEWHERE = gettext_lazy(
    "This file is part of another record, such as a board approval, and cannot be deleted."
)


def upload_attachment(
    *,
    organization: Organization,
    uploaded_by,
    upload: UploadedFile,
    title: str,
    description: str = "",
    effective_date: dt.date,
    effective_until: dt.date | None = None,
    record=None,
) -> Attachment:
    """A new evidence file with its first version. `record` is what it is evidence for, if any."""
    attachment = Attachment(
        organization=organization,
        title=str(title).strip(),
        description=str(description).strip(),
        effective_date=effective_date,
        effective_until=effective_until,
    )
    if record is not None:
        if record.organization_id != organization.id:
            raise ValidationError(_("The record belongs to another organization."), code="foreign")
        attachment.record = record

    # Report every problem at once (the page shows each next to its field).
    errors: dict = {}
    try:
        attachment.full_clean(exclude=["current_version"])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        checked = validate_upload(upload)
    except ValidationError as error:
        errors.setdefault("file", []).extend(error.error_list)
    if errors:
        raise ValidationError(errors)

    version = _new_version(organization.id, checked, uploaded_by, number=1)
    with _stored(upload, version), transaction.atomic():
        _save_with_history(attachment, uploaded_by, ChangeReason.UPLOADED)
        version.attachment = attachment
        _save_with_history(version, uploaded_by, ChangeReason.UPLOADED)
        # Pointing at the first version is part of the upload, not a change of its own:
        # no second history row.
        Attachment.objects.filter(pk=attachment.pk).update(current_version=version)
        attachment.current_version = version
    return attachment


def replace_file(*, attachment: Attachment, uploaded_by, upload: UploadedFile) -> FileVersion:
    """Upload a new version and make it current; earlier versions stay downloadable."""
    _refuse_if_deleted(attachment)
    try:
        checked = validate_upload(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None

    version = _new_version(attachment.organization_id, checked, uploaded_by, number=0)
    with _stored(upload, version), transaction.atomic():
        # The lock makes two replacements at the same moment take numbers one after the other.
        locked = Attachment.objects.select_for_update().get(pk=attachment.pk)
        _refuse_if_deleted(locked)
        version.attachment = locked
        version.number = (locked.versions.aggregate(Max("number"))["number__max"] or 0) + 1
        _save_with_history(version, uploaded_by, ChangeReason.UPLOADED)
        locked.current_version = version
        _save_with_history(locked, uploaded_by, ChangeReason.REPLACED)
    attachment.current_version = version
    return version


def delete_attachment(*, attachment: Attachment, by, purge: bool = False) -> None:
    """Soft delete (hidden, kept, restorable); a coordinator may instead purge for good.

    A purge removes the rows and the stored files of every version. What
    remains: the history rows (with the acting user) and the download log,
    which keeps the name and SHA-256 of what was downloaded.
    """
    if purge:
        _require_coordinator(attachment, by)
    if is_kept_by_another_record(attachment):
        raise ValidationError(KEPT_ELSEWHERE, code="protected")
    if purge:
        _purge(attachment, by)
        return
    if attachment.is_deleted:
        return
    attachment.deleted_at = timezone.now()
    attachment.deleted_by = by
    _save_with_history(attachment, by, ChangeReason.DELETED)


def is_kept_by_another_record(attachment: Attachment) -> bool:
    """Whether a record of another module holds on to this file or one of its versions.

    Such a record points here with on_delete=PROTECT: e.g. a board approval
    pins the exact version of its signed minutes. Hiding or removing that
    evidence would leave the record pointing at nothing, so it is refused. The
    modules are found through the relations, not named here.
    """
    for model, lookup in ((Attachment, "pk"), (FileVersion, "attachment")):
        # include_hidden: such references often have no reverse accessor (related_name="+").
        relations = [
            field
            for field in model._meta.get_fields(include_hidden=True)
            if field.auto_created and not field.concrete and field.is_relation
        ]
        for relation in relations:
            if relation.on_delete is not models.PROTECT or relation.related_model in (
                Attachment,
                FileVersion,
            ):
                continue
            # The base manager is not scoped; the filter on this attachment is the boundary.
            rows = relation.related_model._base_manager.filter(
                **{f"{relation.field.name}__{lookup}": attachment.pk}
            )
            if rows.exists():
                return True
    return False


def purge_record_files(record, *, by=None) -> list[Attachment]:
    """Purge every file that is evidence for `record` (deleted ones too), for the erasure of the
    personal data the record holds: a complainant's letter is as personal as their name. Files
    another record holds on to (e.g. pinned by a board approval) are left, and returned."""
    kept = []
    files = Attachment.objects.filter(
        record_type=ContentType.objects.get_for_model(record), record_id=record.pk
    )
    for attachment in files:
        if is_kept_by_another_record(attachment):
            kept.append(attachment)
        else:
            _purge(attachment, by)
    return kept


def restore_attachment(*, attachment: Attachment, by) -> None:
    _require_coordinator(attachment, by)
    if not attachment.is_deleted:
        return
    attachment.deleted_at = None
    attachment.deleted_by = None
    _save_with_history(attachment, by, ChangeReason.RESTORED)


def sweep_orphan_files(*, older_than: dt.timedelta, dry_run: bool = False) -> list[str]:
    """Delete stored files that no version refers to and that are older than `older_than`.

    An upload cleans up after itself, but it cannot see a transaction around
    it: when a caller's outer transaction rolls back after the upload, the
    rows vanish and the stored file stays. Files are named at random, so such
    an orphan leaks nothing; this removes them. The age keeps uploads whose
    transaction has not committed yet. Runs across organizations (platform task).
    """
    storage = FileVersion._meta.get_field("file").storage
    known = set(FileVersion.objects.with_scopes_disabled().values_list("file", flat=True))
    cutoff = timezone.now() - older_than
    orphans = [
        name
        for name in _stored_names(storage, "")
        if name not in known and storage.get_modified_time(name) < cutoff
    ]
    if not dry_run:
        for name in orphans:
            _delete_blob(name)
    return orphans


def _stored_names(storage, folder: str) -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}{name}"
    for sub in folders:
        yield from _stored_names(storage, f"{folder}{sub}/")


def record_download(*, version: FileVersion, user) -> DownloadLog:
    return DownloadLog.objects.create(
        organization_id=version.organization_id,
        file_version=version,
        user=user,
        attachment_title=version.attachment.title,
        file_name=version.original_name,
        version_number=version.number,
        sha256=version.sha256,
    )


# --- helpers ----------------------------------------------------------------------------------


def _new_version(organization_id: int, checked: CheckedFile, uploaded_by, number: int):
    version = FileVersion(
        organization_id=organization_id,
        number=number,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=uploaded_by,
    )
    version.full_clean(exclude=["attachment", "file"], validate_constraints=False)
    return version


@contextmanager
def _stored(upload: UploadedFile, version: FileVersion) -> Iterator[None]:
    """Store the upload as the version's file; delete it again if the block fails."""
    storage = version.file.storage
    name = evidence_path(version, version.original_name)
    try:
        version.file = storage.save(name, upload)
    except BaseException:
        _delete_blob(name)  # a partly written file
        raise
    try:
        yield
    except BaseException:
        _delete_blob(version.file.name)
        raise


def _delete_blob(name: str) -> None:
    storage = FileVersion._meta.get_field("file").storage
    try:
        if storage.exists(name):
            storage.delete(name)
    except Exception:  # never hide the error that brought us here
        logger.exception("Could not delete stored evidence file %s", name)


def _save_with_history(instance, user, reason: ChangeReason) -> None:
    instance._history_user = user
    instance._change_reason = reason.value
    try:
        instance.save()
    finally:
        del instance._history_user, instance._change_reason


def _refuse_if_deleted(attachment: Attachment) -> None:
    if attachment.is_deleted:
        raise ValidationError(
            _("This file has been deleted. Restore it before uploading a new version."),
            code="deleted",
        )


def _require_coordinator(attachment: Attachment, user) -> None:
    if not may_manage_deleted(membership_for(user, attachment.organization)):
        raise PermissionDenied(_("Only the SE-AM coordinator may do this."))


@transaction.atomic
def _purge(attachment: Attachment, by) -> None:
    versions = list(FileVersion.objects.filter(attachment_id=attachment.pk))
    names = [version.file.name for version in versions]
    # The attachment points at its current version and every version at the
    # attachment; unhook the first so that the versions can go. The attachment's
    # last history row below still shows which version was current.
    Attachment.objects.filter(pk=attachment.pk).update(current_version=None)
    try:
        for version in versions:
            version._history_user, version._change_reason = by, ChangeReason.PURGED.value
            version.delete()
        attachment._history_user, attachment._change_reason = by, ChangeReason.PURGED.value
        attachment.delete()
    except ProtectedError:  # pinned between the check above and now
        raise ValidationError(KEPT_ELSEWHERE, code="protected") from None
    transaction.on_commit(lambda: [_delete_blob(name) for name in names])
