"""Governed documents: versioned, submitted, approved by the board, frozen, published.

A GovernedDocument (the customer service charter, the complaint policy, a
relationship plan, ...) has DocumentVersions. Each version carries the common
text fields below; a module adds its own structured content in a model that
points at the version (see content.py). Once a version is approved, the
database itself refuses changes to it and to its content (see db.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seam_scm.tenancy.models import OrgUnit, TenantModel


class DocumentKind(models.TextChoices):
    CUSTOMER_MARKET_STRATEGY = "customer_market_strategy", _("Customer and market strategy")
    STAKEHOLDER_STRATEGY = "stakeholder_strategy", _("Stakeholder strategy")
    RELATIONSHIP_PLAN = "relationship_plan", _("Stakeholder relationship plan")
    SERVICE_CHARTER = "service_charter", _("Customer service charter and service standards")
    COMPLAINT_POLICY = "complaint_policy", _("Complaint handling policy and procedures")
    OTHER = "other", _("Other governed document")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


# An approved version stays frozen after a newer one supersedes it.
FROZEN_STATUSES = (VersionStatus.APPROVED, VersionStatus.SUPERSEDED)
OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.SUBMITTED, VersionStatus.RETURNED)
EDITABLE_STATUSES = (VersionStatus.DRAFT, VersionStatus.RETURNED)


class GovernedDocument(TenantModel):
    kind = models.CharField(_("kind"), max_length=40, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=255)
    reference = models.CharField(
        _("reference"), max_length=50, blank=True, help_text=_("The organization's document code.")
    )
    owner_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("owner unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("governed document")
        verbose_name_plural = _("governed documents")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(TenantModel):
    document = models.ForeignKey(
        GovernedDocument,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    # The common content every governed document has. Frozen once approved.
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text of the document"), blank=True)
    change_note = models.TextField(
        _("what changed"), blank=True, help_text=_("What this version changes, for the board.")
    )
    # Publication may change after approval; it is not part of what was approved.
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    public_token = models.CharField(max_length=40, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="version_number_unique"),
            # One version in the works at a time: edits start from the latest version.
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(status__in=OPEN_STATUSES),
                name="version_one_open_per_document",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status__in=FROZEN_STATUSES),
                name="version_published_only_when_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class VersionAttachment(TenantModel):
    """A file that is part of a version, pinned to the exact file version (and its SHA-256)."""

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="attachments"
    )
    file_version = models.ForeignKey(
        "files.FileVersion", verbose_name=_("file"), on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(_("label"), max_length=255)

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ["id"]


class Transition(TenantModel):
    """One step of a version's life: who moved it, when (created_at), and why."""

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=20, choices=VersionStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=VersionStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "id"]


class ApprovingBody(models.TextChoices):
    BOARD = "board", _("Board of directors (คณะกรรมการรัฐวิสาหกิจ)")
    COMMITTEE = "committee", _("Committee assigned by the board")


class Approval(TenantModel):
    """The board's (or its committee's) resolution on one version, with a frozen snapshot."""

    version = models.OneToOneField(
        DocumentVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="approval",
    )
    body = models.CharField(_("approving body"), max_length=20, choices=ApprovingBody.choices)
    committee_name = models.CharField(_("committee"), max_length=255, blank=True)
    delegation_reference = models.CharField(
        _("delegation reference"),
        max_length=255,
        blank=True,
        help_text=_("The board resolution or order that assigned the committee."),
    )
    meeting_number = models.CharField(
        _("meeting number"), max_length=50, help_text=_("For example 12/2569.")
    )
    meeting_date = models.DateField(_("meeting date"))
    agenda_item = models.CharField(_("agenda item"), max_length=100)
    resolution = models.TextField(_("resolution"))
    minutes = models.ForeignKey(
        "files.FileVersion",
        verbose_name=_("signed minutes"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_by_name = models.CharField(_("signed by"), max_length=255)
    signed_by_position = models.CharField(
        _("position of the signer"), max_length=255, help_text=_("For example ผู้ว่าการ.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    snapshot = models.JSONField(_("what was approved"))

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["-meeting_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(body="board") | ~Q(committee_name=""),
                name="approval_committee_named",
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} — {self.meeting_number}"

    @property
    def approving_body_name(self) -> str:
        return (
            self.committee_name if self.body == ApprovingBody.COMMITTEE else self.get_body_display()
        )
