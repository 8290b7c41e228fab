"""The Excel import of the stakeholder database: preview, then confirm; all or nothing.

1. `preview_import` checks that the upload is a real workbook within the
   limits, reads and validates every row (spreadsheets.parse_import) and, when
   nothing is wrong, keeps the file as an evidence file of the organization's
   stakeholder database: the import is then on record as where the data came
   from, and the confirmation needs nothing from the browser but its id.
2. `confirm_import` reads the kept file again and validates it again (the
   data may have changed since the preview; a preview is never trusted), then
   saves every profile and VOS in one transaction through the same services
   as the pages: a failure anywhere leaves nothing behind.

The API does both in one call (`import_workbook`). Writes record the acting
user in their history rows.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from seam_scm.files import selectors as file_selectors
from seam_scm.files import services as file_services
from seam_scm.files.models import Attachment
from seam_scm.tenancy.models import Organization

from . import record_services, services, spreadsheets
from .models import Stakeholder, StakeholderSettings
from .spreadsheets import ImportPlan


class ImportRefused(Exception):
    """The workbook has problems; `plan.errors` lists every one."""

    def __init__(self, plan: ImportPlan):
        super().__init__(f"{len(plan.errors)} problems in the workbook")
        self.plan = plan


@dataclass
class Preview:
    plan: ImportPlan
    attachment: Attachment | None  # the kept file, only when the plan is clean


def _database_record(organization: Organization) -> StakeholderSettings:
    """The record import files are evidence for: the organization's stakeholder database."""
    record, _created = StakeholderSettings.objects.get_or_create(organization=organization)
    return record


def import_files(organization: Organization) -> QuerySet[Attachment]:
    """The live evidence files uploaded for an import, newest first."""
    return file_selectors.attachments_of(_database_record(organization)).order_by("-id")


def preview_import(
    *, organization: Organization, by, upload: UploadedFile, today: dt.date | None = None
) -> Preview:
    """Validate the upload; when clean, keep it as evidence. Raises ImportFileError."""
    data = spreadsheets.read_upload(upload)
    plan = spreadsheets.parse_import(data, organization=organization)
    attachment = None
    if plan.is_clean:
        attachment = _keep(organization=organization, by=by, upload=upload, today=today)
    return Preview(plan=plan, attachment=attachment)


def _keep(*, organization: Organization, by, upload: UploadedFile, today: dt.date | None):
    today = today or timezone.localdate()
    upload.seek(0)
    return file_services.upload_attachment(
        organization=organization,
        uploaded_by=by,
        upload=upload,
        title=spreadsheets.import_title(today),
        description=_("Uploaded to import into the stakeholder database."),
        effective_date=today,
        record=_database_record(organization),
    )


def stored_bytes(attachment: Attachment) -> bytes:
    version = attachment.current_version
    with version.file.storage.open(version.file.name, "rb") as stored:
        return stored.read()


def confirm_import(*, organization: Organization, by, attachment: Attachment) -> ImportPlan:
    """Import a kept file: read and validate it again, then save it all in one transaction."""
    data = stored_bytes(attachment)
    with transaction.atomic():
        plan = spreadsheets.parse_import(data, organization=organization)
        if not plan.is_clean:
            raise ImportRefused(plan)
        save_plan(plan, by=by)
    return plan


def import_workbook(
    *,
    organization: Organization,
    by,
    upload: UploadedFile,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> Preview:
    """Check, validate and (unless a dry run) keep and import an upload in one go (the API)."""
    data = spreadsheets.read_upload(upload)
    with transaction.atomic():
        plan = spreadsheets.parse_import(data, organization=organization)
        if not plan.is_clean:
            raise ImportRefused(plan)
        if dry_run:
            return Preview(plan=plan, attachment=None)
        attachment = _keep(organization=organization, by=by, upload=upload, today=today)
        save_plan(plan, by=by)
    return Preview(plan=plan, attachment=attachment)


@transaction.atomic
def save_plan(plan: ImportPlan, *, by) -> None:
    """Save a clean plan: profiles first (keyed by code), then the VOS that name them."""
    if not plan.is_clean:
        raise ValidationError(_("The workbook has problems; nothing was imported."))
    saved: dict[str, Stakeholder] = dict(plan.existing)
    for row in plan.profiles:
        stakeholder = row.stakeholder
        if row.action != spreadsheets.Action.UNCHANGED:
            stakeholder._history_user = by
            services.save_stakeholder(stakeholder, units=row.units)
        saved[stakeholder.code] = stakeholder
    for row in plan.voices:
        voice = row.voice
        if row.action == spreadsheets.Action.UNCHANGED:
            continue
        voice.stakeholder = saved[row.code]
        voice._history_user = by
        record_services.save_voice(voice=voice)
