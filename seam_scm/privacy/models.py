"""Personal data protection (PDPA): how an organization justifies, keeps, finds and erases the
personal data its modules hold.

- The record of processing (s.39) lists each purpose with its lawful basis, the categories of
  data and of data subjects, the retention period and the modules that hold the data. Every
  record holding personal data names one of its purposes (`PersonalDataFields`).
- The privacy notice (s.23) is versioned; a published version never changes.
- Consent records (s.19) say who consented to what, under which notice, and its withdrawal.
- Data subject requests (s.30-36) are registered with their 30-day due date.
- The access log says who viewed or exported whose personal data.
- The breach register keeps each incident with its 72-hour deadline to notify the regulator
  (s.37(4)) and the risk assessment, even when no notification was needed.
"""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seam_scm.personal_data import LawfulBasis
from seam_scm.tenancy.models import TenantModel

REQUEST_DAYS = 30  # PDPA s.30: access and copy within 30 days; the register uses it for all
REGULATOR_HOURS = 72  # PDPA s.37(4)


class DataModule(models.TextChoices):
    """The modules that hold personal data."""

    STAKEHOLDERS = "stakeholders", _("Stakeholders")
    CUSTOMERS = "customers", _("Customers")
    COMPLAINTS = "complaints", _("Complaints")


class ProcessingActivity(TenantModel):
    """One purpose of the record of processing."""

    purpose = models.CharField(_("purpose"), max_length=255)
    purpose_en = models.CharField(_("purpose (English)"), max_length=255, blank=True)
    data_categories = models.TextField(
        _("categories of personal data"), help_text=_("For example: name, telephone, e-mail.")
    )
    subject_categories = models.TextField(
        _("categories of data subjects"),
        help_text=_("For example: complainants, stakeholder representatives."),
    )
    lawful_basis = models.CharField(_("lawful basis"), max_length=30, choices=LawfulBasis.choices)
    retention_months = models.PositiveSmallIntegerField(
        _("retention period (months)"),
        help_text=_("How long the data is kept once the record's retention starts."),
    )
    retention_starts = models.CharField(
        _("retention counted from"),
        max_length=255,
        blank=True,
        help_text=_("For example: the closing of the complaint."),
    )
    modules = models.JSONField(_("modules holding the data"), default=list)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("New records may choose only purposes in use.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("processing purpose")
        verbose_name_plural = _("record of processing")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.purpose} ({self.get_lawful_basis_display()})"

    def retention_period(self) -> dt.timedelta:
        """The period as days: a month counted as 30 days and a year (12 months) as 365."""
        years, months = divmod(self.retention_months, 12)
        return dt.timedelta(days=365 * years + 30 * months)

    def module_labels(self) -> list[str]:
        return [str(DataModule(m).label) for m in self.modules if m in DataModule.values]


class PersonalDataFields(models.Model):
    """What every record holding a person's data adds: its purpose in the record of processing
    (whose lawful basis and retention period apply), the privacy notice the person was given
    when the data was collected, and when its personal data was erased."""

    processing_activity = models.ForeignKey(
        ProcessingActivity,
        verbose_name=_("purpose of processing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    privacy_notice = models.ForeignKey(
        "privacy.PrivacyNotice",
        verbose_name=_("privacy notice given"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    personal_data_erased_at = models.DateTimeField(
        _("personal data erased"), null=True, blank=True, editable=False
    )

    class Meta:
        abstract = True


class PrivacyNotice(TenantModel):
    """A version of the organization's privacy notice. Published versions are frozen."""

    version = models.PositiveIntegerField(_("version"))
    body_th = models.TextField(_("notice in Thai"))
    body_en = models.TextField(_("notice in English"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "version"], name="privacy_notice_version_once"
            )
        ]

    def __str__(self) -> str:
        return _("Privacy notice, version %(version)s") % {"version": self.version}

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def body(self, language: str) -> str:
        return self.body_en if language == "en" and self.body_en else self.body_th


class ConsentChannel(models.TextChoices):
    WEB_FORM = "web_form", _("Web form")
    PAPER_FORM = "paper_form", _("Paper form")
    EMAIL = "email", _("E-mail")
    TELEPHONE = "telephone", _("Telephone (recorded)")
    IN_PERSON = "in_person", _("In person")


class ConsentRecord(TenantModel):
    """A person's consent to one purpose, given under a notice version, and its withdrawal.

    It points at the record holding the person's data rather than copying who they are, so
    erasing that record leaves the consent's proof without the person in it."""

    activity = models.ForeignKey(
        ProcessingActivity, verbose_name=_("purpose"), on_delete=models.PROTECT, related_name="+"
    )
    record_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    record_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("record_type", "record_id")
    notice = models.ForeignKey(
        PrivacyNotice,
        verbose_name=_("privacy notice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=ConsentChannel.choices)
    given_at = models.DateTimeField(_("given"))
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("collected by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the person gave it on the public web form."),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawal_effect = models.TextField(_("effect of the withdrawal"), blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        indexes = [models.Index(fields=["record_type", "record_id"])]

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class RequestKind(models.TextChoices):
    ACCESS = "access", pgettext_lazy("data subject request", "Access")
    PORTABILITY = "portability", _("Copy or portability")
    RECTIFICATION = "rectification", _("Rectification")
    OBJECTION = "objection", _("Objection")
    ERASURE = "erasure", _("Erasure")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("request status", "Received")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    REFUSED = "refused", _("Refused")


FINISHED_REQUEST_STATUSES = (RequestStatus.COMPLETED, RequestStatus.REFUSED)


class DataSubjectRequest(TenantModel):
    """A data subject's request, due 30 days after it was received.

    The requester's name and contacts are what the organization must keep to show that it
    answered; the search terms say whom to look for across the modules."""

    reference = models.CharField(_("reference"), max_length=40, editable=False)
    kind = models.CharField(_("request"), max_length=20, choices=RequestKind.choices)
    subject_name = models.CharField(_("data subject's name"), max_length=255)
    subject_phone = models.CharField(_("phone"), max_length=50, blank=True)
    subject_email = models.EmailField(_("e-mail address"), blank=True)
    details = models.TextField(_("what is asked"), blank=True)
    received_at = models.DateTimeField(_("received"))
    due_on = models.DateField(_("due"), editable=False)
    identity_verified = models.BooleanField(_("identity verified"), default=False)
    verification_note = models.CharField(_("how identity was verified"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.TextField(_("answer given"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # What the request touched, without personal values: [{"model", "id", "record"}]
    records = models.JSONField(_("records concerned"), default=list, blank=True)

    class Meta:
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "reference"], name="data_subject_request_reference_once"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @staticmethod
    def due_date_for(received_at: dt.datetime) -> dt.date:
        return timezone.localdate(received_at) + dt.timedelta(days=REQUEST_DAYS)

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_REQUEST_STATUSES


class AccessKind(models.TextChoices):
    VIEW = "view", pgettext_lazy("access log", "Viewed")
    EXPORT = "export", pgettext_lazy("access log", "Exported")


class PersonalDataAccess(TenantModel):
    """One look at personal data: who, when, what (a record or an export), and how."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20)
    kind = models.CharField(_("access"), max_length=10, choices=AccessKind.choices)
    what = models.CharField(_("what"), max_length=255)
    record_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    path = models.CharField(_("address"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")
        ordering = ["-created_at", "-id"]


class BreachRisk(models.TextChoices):
    NONE = "none", _("Unlikely to result in a risk (regulator not notified)")
    RISK = "risk", _("Risk to data subjects (notify the regulator)")
    HIGH = "high", _("High risk (notify the regulator and the data subjects)")


class BreachIncident(TenantModel):
    """A personal data breach, from discovery to closure."""

    reference = models.CharField(_("reference"), max_length=40, editable=False)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("what happened"))
    discovered_at = models.DateTimeField(_("discovered"))
    occurred_at = models.DateTimeField(_("occurred"), null=True, blank=True)
    data_categories = models.TextField(_("personal data concerned"), blank=True)
    subjects_affected = models.PositiveIntegerField(
        _("data subjects affected"), null=True, blank=True
    )
    risk = models.CharField(_("risk to data subjects"), max_length=10, choices=BreachRisk.choices)
    risk_assessment = models.TextField(_("risk assessment"))
    regulator_notified_at = models.DateTimeField(_("regulator notified"), null=True, blank=True)
    late_notification_reason = models.TextField(
        _("reason for notifying after 72 hours"), blank=True
    )
    subjects_notified_at = models.DateTimeField(_("data subjects notified"), null=True, blank=True)
    notifications = models.TextField(
        _("notifications made"), blank=True, help_text=_("To whom, how, and their reference.")
    )
    actions = models.TextField(_("actions taken"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal data breach")
        verbose_name_plural = _("breach register")
        ordering = ["-discovered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "reference"], name="breach_reference_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def regulator_deadline(self) -> dt.datetime:
        return self.discovered_at + dt.timedelta(hours=REGULATOR_HOURS)


class RetentionRun(TenantModel):
    """What one run of the retention task did (or, in a dry run, would have done)."""

    dry_run = models.BooleanField(_("dry run"))
    erased = models.PositiveIntegerField(_("records anonymized"))
    # [{"purpose": ..., "model": ..., "records": [{"id", "record"}]}], without personal values
    report = models.JSONField(_("report"), default=list)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the scheduled task ran it."),
    )

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-created_at", "-id"]
