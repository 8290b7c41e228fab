import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.functional import LazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from .roles import Role

slug_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$",
    _("Use 3-50 lower-case letters, digits and hyphens."),
)


DUPLICATE_UNIT_CODE = _("Another unit of this organization already uses this code.")


class BilingualNameMixin(models.Model):
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Thai."""
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th


class _EvidenceStorage(LazyObject):
    """The private "evidence" storage, looked up on each use (as files.models does: that
    module imports this one, so it cannot be imported here)."""

    @property
    def _wrapped(self) -> Storage:
        return storages["evidence"]


def logo_storage() -> Storage:
    return _EvidenceStorage()


def logo_path(organization: "Organization", filename: str) -> str:
    """org-<id>/logo/<random>: beside the organization's evidence, under a name nobody can
    guess and without an extension (the type is read from the bytes when it is served)."""
    return f"org-{organization.pk}/logo/{uuid.uuid4().hex}"


class Organization(BilingualNameMixin):
    """A state enterprise: the tenant. Every piece of data belongs to exactly one."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True, validators=[slug_validator])
    short_name = models.CharField(
        _("short name"), max_length=30, help_text=_("The usual abbreviation, such as กปภ.")
    )
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("fiscal year starts in month"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Thai government fiscal years start in October."),
    )
    # On the cover of every pack. A replaced logo's file is kept: the history names it.
    logo = models.FileField(
        _("logo"),
        storage=logo_storage,
        upload_to=logo_path,
        max_length=255,
        blank=True,
        help_text=_("PNG or JPEG, at most 1 MB. Shown on the cover of evidence packs."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_th"]


class TenantModel(models.Model):
    """Base for every row owned by an organization.

    The scoped manager refuses to run a query unless an organization scope is
    active (see tenancy.middleware), so forgetting the tenant filter is an
    error rather than a leak. History keeps every change with the acting user.
    """

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedManager(organization="organization")
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class OrgUnit(BilingualNameMixin, TenantModel):
    """A unit of the organization chart: สายงาน > ฝ่าย > กอง."""

    class Kind(models.TextChoices):
        LINE = "line", _("Business line (สายงาน)")
        DEPARTMENT = "department", _("Department (ฝ่าย)")
        DIVISION = "division", _("Division (กอง)")

    # Which kind of unit may sit directly above each kind.
    PARENT_KIND = {Kind.LINE: None, Kind.DEPARTMENT: Kind.LINE, Kind.DIVISION: Kind.DEPARTMENT}

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=30)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Told when a complaint assigned to the unit is about to breach its standard.
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head of unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("organization unit")
        verbose_name_plural = _("organization units")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code"],
                name="orgunit_code_unique",
                violation_error_message=DUPLICATE_UNIT_CODE,
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        if self.kind not in self.Kind.values:
            return  # the field's own validation reports it
        expected_parent_kind = self.PARENT_KIND[self.Kind(self.kind)]
        if expected_parent_kind is None and self.parent_id:
            raise ValidationError({"parent": _("A business line is a top unit and has no parent.")})
        if expected_parent_kind is not None and (
            self.parent is None or self.parent.kind != expected_parent_kind
        ):
            raise ValidationError(
                {
                    "parent": _("A unit of kind %(kind)s must sit under a %(parent)s.")
                    % {
                        "kind": self.Kind(self.kind).label,
                        "parent": self.Kind(expected_parent_kind).label,
                    }
                }
            )
        if self.parent_id and self.parent.organization_id != self.organization_id:
            raise ValidationError({"parent": _("The parent unit belongs to another organization.")})


class Membership(TenantModel):
    """A user's seat in an organization, with the one role that decides what they may do."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
