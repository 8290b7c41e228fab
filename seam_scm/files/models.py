"""Evidence files: an Attachment is the evidence; each upload of it is a FileVersion.

Files live in the private "evidence" storage (see settings.STORAGES), never
under a public URL: every download goes through a view that checks the member
and logs the download.
"""

import uuid
from enum import StrEnum

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from seam_scm.tenancy.models import TenantModel

UNTIL_BEFORE_DATE = _("The end of the period cannot be before its start.")


class ChangeReason(StrEnum):
    """history_change_reason of an attachment's history rows: what the change was."""

    UPLOADED = "uploaded"
    REPLACED = "replaced"
    DELETED = "deleted"
    RESTORED = "restored"
    PURGED = "purged"


class EvidenceStorage(LazyObject):
    """The "evidence" storage of the settings, looked up again on every use.

    A FileField calls its storage callable once, when the model class is
    built. Looking the storage up on each use instead means a changed
    STORAGES setting (tests, the S3 emulator) reaches the field too; Django
    resets its `storages` cache whenever STORAGES changes.
    """

    @property
    def _wrapped(self) -> Storage:
        return storages["evidence"]


def evidence_storage() -> Storage:
    return EvidenceStorage()


def evidence_path(version: "FileVersion", filename: str) -> str:
    """org-<id>/<year>/<random>: a per-organization prefix and a name nobody can guess.

    The original name (often Thai, sometimes personal) stays in the database
    only; the stored name carries no extension so that nothing serves it by type.
    """
    return f"org-{version.organization_id}/{timezone.now():%Y}/{uuid.uuid4().hex}"


class Attachment(TenantModel):
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    effective_date = models.DateField(
        _("effective date"), help_text=_("The date or start of the period this evidence supports.")
    )
    effective_until = models.DateField(
        _("effective until"),
        null=True,
        blank=True,
        help_text=_("The end of the period, when the evidence covers more than one day."),
    )
    # The record this file is evidence for, in any module; empty for a file kept on its own.
    record_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    current_version = models.ForeignKey(
        "FileVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["-effective_date", "-id"]
        indexes = [models.Index(fields=["record_type", "record_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=F("effective_date")),
                name="attachment_period_in_order",
                violation_error_message=UNTIL_BEFORE_DATE,
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def clean(self) -> None:
        # Also a database constraint; here so that the form shows it next to the field.
        if (
            self.effective_until
            and self.effective_date
            and self.effective_until < self.effective_date
        ):
            raise ValidationError({"effective_until": UNTIL_BEFORE_DATE})


class FileVersion(TenantModel):
    """One uploaded file of an Attachment, never changed: a new file is a new version."""

    attachment = models.ForeignKey(
        Attachment,
        verbose_name=_("evidence file"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(storage=evidence_storage, upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("file version")
        verbose_name_plural = _("file versions")
        ordering = ["attachment", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["attachment", "number"], name="fileversion_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.number})"

    @property
    def uploaded_at(self):
        return self.created_at


class DownloadLog(TenantModel):
    """Who downloaded which file version, and when (created_at).

    The log outlives the file: when a coordinator purges an attachment the
    version link becomes empty, and the copied name, title and SHA-256 still
    say exactly what was downloaded.
    """

    file_version = models.ForeignKey(
        FileVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="downloads"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("downloaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    attachment_title = models.CharField(_("title"), max_length=255)
    file_name = models.CharField(_("file name"), max_length=255)
    version_number = models.PositiveIntegerField(_("version"))
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-created_at", "-id"]
