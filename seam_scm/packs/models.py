"""Evidence packs: PDF files built by a worker from an organization's records.

A pack is a job and its result. It is created queued, a worker moves it to
running (with a percentage) and then to done (the stored file with its SHA-256,
page count, size and build time) or failed (a reason the user can read). Every
move is a conditional UPDATE on the row, so the page polling it always sees what
the worker last did, whatever the broker says. A done pack never changes:
building again makes a new pack.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from seam_scm.tenancy.models import TenantModel

PACK_DONE_IS_FINAL = _("A finished pack cannot change; build a new pack instead.")


class PackStorage(LazyObject):
    """The "packs" storage, looked up on each use so that tests can point it elsewhere."""

    @property
    def _wrapped(self) -> Storage:
        return storages["packs"]


def pack_storage() -> Storage:
    return PackStorage()


class PackKind(models.TextChoices):
    BOARD = "board", _("Board approval pack")
    ASSESSMENT = "assessment", _("Assessment pack")


class PackState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Building")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class EvidencePack(TenantModel):
    reference = models.CharField(_("pack reference"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=PackKind.choices)
    title = models.CharField(_("title"), max_length=255)
    # What the pack is about: a document version (board) or an assessment cycle.
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    # Kind-specific choices, e.g. {"criteria": [ids]} for part of a cycle.
    options = models.JSONField(default=dict, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), help_text=_("B.E."))
    meeting = models.CharField(
        _("meeting"), max_length=255, blank=True, help_text=_("e.g. Board meeting no. 5/2570")
    )
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    agenda_item = models.CharField(_("agenda item"), max_length=100, blank=True)
    # Decided when the pack is requested, from the requester's role, and kept:
    # a pack with personal data is downloaded only by roles that may see it.
    includes_personal_data = models.BooleanField(_("includes personal data"), default=False)
    # The requester's language: the pack's headings and labels are in it.
    language = models.CharField(_("language"), max_length=8, default="th")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    state = models.CharField(
        _("state"), max_length=20, choices=PackState.choices, default=PackState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=255, blank=True)
    # Build attempts started; a redelivered task counts again, up to a cap.
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    failure_reason = models.TextField(_("reason"), blank=True)

    file = models.FileField(storage=pack_storage, max_length=255, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    build_seconds = models.FloatField(_("build time (s)"), null=True, blank=True)

    class Meta:
        verbose_name = _("evidence pack")
        verbose_name_plural = _("evidence packs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "reference"], name="unique_pack_reference"
            ),
        ]
        indexes = [models.Index(fields=["organization", "fiscal_year", "kind"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_finished(self) -> bool:
        return self.state in (PackState.DONE, PackState.FAILED)

    @property
    def download_name(self) -> str:
        return f"{self.reference}.pdf"

    def save(self, *args, **kwargs):
        # The worker moves a pack by conditional UPDATEs (services); a save() of a
        # finished pack would overwrite what it recorded.
        if self.pk and type(self).objects.filter(pk=self.pk, state=PackState.DONE).exists():
            raise ValidationError(PACK_DONE_IS_FINAL)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        # Asked of the row too: this instance may have been loaded before the pack finished.
        if self.state == PackState.DONE or (
            self.pk and type(self).objects.filter(pk=self.pk, state=PackState.DONE).exists()
        ):
            raise ValidationError(PACK_DONE_IS_FINAL)
        return super().delete(*args, **kwargs)


class PackDownload(TenantModel):
    """Who downloaded which pack, and when: kept for as long as the pack."""

    pack = models.ForeignKey(EvidencePack, on_delete=models.PROTECT, related_name="downloads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20)
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = _("pack download")
        verbose_name_plural = _("pack downloads")
        ordering = ["-created_at", "-id"]
