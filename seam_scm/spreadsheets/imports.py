"""An Excel import, all or nothing: preview, then confirm; or both in one call (the API).

1. `preview_import` checks that the upload is a real workbook within the
   limits, reads and validates every row (the importer's `parse`) and, when
   nothing is wrong, keeps the file as an evidence file of the importer's
   record: the import is then on record as where the data came from, and the
   confirmation needs nothing from the browser but its id.
2. `confirm_import` reads the kept file again and validates it again (the
   data may have changed since the preview; a preview is never trusted), then
   saves it all in one transaction (the importer's `save`): a failure anywhere
   leaves nothing behind.

The API does both in one call (`import_workbook`). Writes record the acting
user in their history rows.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from seam_scm.files import selectors as file_selectors
from seam_scm.files import services as file_services
from seam_scm.files.models import Attachment
from seam_scm.tenancy.models import Organization

from .sheets import ImportPlan, read_upload


@dataclass(frozen=True)
class Importer:
    """What an app's import is made of. Every function runs inside the organization's scope."""

    # Reads the workbook's bytes into a plan; never writes. Raises ImportFileError.
    parse: Callable[..., ImportPlan]  # parse(data, *, organization)
    # Saves a clean plan, atomically (it may also be called on its own).
    save: Callable[..., None]  # save(plan, *, by)
    # The organization's record that kept import files are evidence of.
    record: Callable[[Organization], models.Model]
    # The kept file's title, from the day of the import.
    title: Callable[[dt.date], str]
    description: Promise | str  # the kept file's description


class ImportRefused(Exception):
    """The workbook has problems; `plan.errors` lists every one."""

    def __init__(self, plan: ImportPlan):
        super().__init__(f"{len(plan.errors)} problems in the workbook")
        self.plan = plan


@dataclass
class Preview:
    plan: ImportPlan
    attachment: Attachment | None  # the kept file, only when the plan is clean


def import_files(importer: Importer, organization: Organization) -> QuerySet[Attachment]:
    """The live evidence files uploaded for an import, newest first."""
    return file_selectors.attachments_of(importer.record(organization)).order_by("-id")


def preview_import(
    importer: Importer,
    *,
    organization: Organization,
    by,
    upload: UploadedFile,
    today: dt.date | None = None,
) -> Preview:
    """Validate the upload; when clean, keep it as evidence. Raises ImportFileError."""
    data = read_upload(upload)
    plan = importer.parse(data, organization=organization)
    attachment = None
    if plan.is_clean:
        attachment = _keep(importer, organization=organization, by=by, upload=upload, today=today)
    return Preview(plan=plan, attachment=attachment)


def _keep(
    importer: Importer,
    *,
    organization: Organization,
    by,
    upload: UploadedFile,
    today: dt.date | None,
) -> Attachment:
    today = today or timezone.localdate()
    upload.seek(0)
    return file_services.upload_attachment(
        organization=organization,
        uploaded_by=by,
        upload=upload,
        title=importer.title(today),
        description=importer.description,
        effective_date=today,
        record=importer.record(organization),
    )


def _clean_plan(importer: Importer, data: bytes, organization: Organization) -> ImportPlan:
    plan = importer.parse(data, organization=organization)
    if not plan.is_clean:
        raise ImportRefused(plan)
    return plan


def stored_bytes(attachment: Attachment) -> bytes:
    version = attachment.current_version
    with version.file.storage.open(version.file.name, "rb") as stored:
        return stored.read()


def confirm_import(
    importer: Importer, *, organization: Organization, by, attachment: Attachment
) -> ImportPlan:
    """Import a kept file: read and validate it again, then save it all in one transaction."""
    data = stored_bytes(attachment)
    with transaction.atomic():
        plan = _clean_plan(importer, data, organization)
        importer.save(plan, by=by)
    return plan


def import_workbook(
    importer: Importer,
    *,
    organization: Organization,
    by,
    upload: UploadedFile,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> Preview:
    """Check, validate and (unless a dry run) keep and import an upload in one go (the API)."""
    data = read_upload(upload)
    with transaction.atomic():
        plan = _clean_plan(importer, data, organization)
        if dry_run:
            return Preview(plan=plan, attachment=None)
        attachment = _keep(importer, organization=organization, by=by, upload=upload, today=today)
        importer.save(plan, by=by)
    return Preview(plan=plan, attachment=attachment)
