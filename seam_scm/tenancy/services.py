"""Writes to organizations, units and memberships. Views, the API and commands call these."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scope

from seam_scm.files.validation import JPEG, PNG, validate_upload

from .models import Membership, Organization, OrgUnit
from .roles import Role

User = get_user_model()

LOGO_MAX_BYTES = 1024 * 1024
LOGO_TOO_LARGE = _("The logo is larger than 1 MB. Save it smaller and upload it again.")
LOGO_NOT_AN_IMAGE = _("The logo must be a PNG or JPEG image.")


@transaction.atomic
def create_organization(
    *,
    slug: str,
    name_th: str,
    name_en: str = "",
    short_name: str,
    fiscal_year_start_month: int = 10,
) -> Organization:
    organization = Organization(
        slug=slug,
        name_th=name_th,
        name_en=name_en,
        short_name=short_name,
        fiscal_year_start_month=fiscal_year_start_month,
    )
    organization.full_clean()
    organization.save()
    return organization


def validate_logo(upload: UploadedFile) -> None:
    """A logo is a PNG or JPEG of at most 1 MB that Pillow reads through (files.validation)."""
    if upload.size is not None and upload.size > LOGO_MAX_BYTES:
        raise ValidationError(LOGO_TOO_LARGE, code="logo_too_large")
    try:
        checked = validate_upload(upload)
    except ValidationError as error:
        if getattr(error, "code", None) == "unsupported_type":
            raise ValidationError(LOGO_NOT_AN_IMAGE, code="logo_type") from None
        raise
    if checked.size > LOGO_MAX_BYTES:
        raise ValidationError(LOGO_TOO_LARGE, code="logo_too_large")
    if checked.file_type not in (PNG, JPEG):
        raise ValidationError(LOGO_NOT_AN_IMAGE, code="logo_type")


def logo_content_type(head: bytes) -> str:
    """A stored logo's type from its first bytes: it is stored without an extension, and only
    PNG and JPEG are accepted."""
    return "image/png" if head.startswith(b"\x89PNG") else "image/jpeg"


@transaction.atomic
def update_organization(
    *,
    organization: Organization,
    name_th: str,
    name_en: str = "",
    short_name: str,
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
) -> Organization:
    """Change the names and the logo (a new upload wins over `remove_logo`).

    The history records every change with the acting user. A replaced logo's file stays in
    storage, so that the history's older rows still name a file that exists.
    """
    organization.name_th = name_th
    organization.name_en = name_en
    organization.short_name = short_name
    if logo is not None:
        validate_logo(logo)
    elif remove_logo:
        organization.logo = ""
    organization.full_clean(exclude=["logo"])
    if logo is None:
        organization.save()
        return organization
    logo.seek(0)
    organization.logo.save(logo.name, logo, save=False)
    try:
        organization.save()
    except Exception:
        # The database refused the row: the file just stored must not stay behind.
        organization.logo.storage.delete(organization.logo.name)
        raise
    return organization


def save_unit(unit: OrgUnit) -> OrgUnit:
    """Validate the tree rules (สายงาน > ฝ่าย > กอง, unique code) and the head, and save."""
    unit.full_clean()
    if unit.head_id is not None and not _is_member_of(unit.organization_id, unit.head_id):
        raise ValidationError(
            {"head": _("The head of a unit must be a member of the organization.")},
            code="head_not_member",
        )
    unit.save()
    return unit


def _is_member_of(organization_id: int, user_id: int) -> bool:
    # Filtered by the organization itself, so it holds whatever scope the caller opened.
    return (
        Membership.objects.with_scopes_disabled()
        .filter(organization_id=organization_id, user_id=user_id)
        .exists()
    )


@transaction.atomic
def add_member(
    *,
    organization: Organization,
    email: str,
    role: str,
    full_name: str = "",
    password: str | None = None,
    unit: OrgUnit | None = None,
    notify: bool = True,
) -> Membership:
    """Give a person (created if new) a role in the organization, and tell them by e-mail.

    A new person without a password gets a link to set one; the e-mail is
    queued only once the transaction commits.
    """
    from .tasks import notify_new_member

    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, password, full_name=full_name)
    elif password:
        user.set_password(password)
        user.save(update_fields=["password"])
    with scope(organization=organization):
        membership = Membership.objects.filter(user=user).first()
        if membership is not None:
            if membership.role != role or (unit is not None and membership.unit != unit):
                change_role(membership=membership, role=role, unit=unit or membership.unit)
            return membership
        membership = Membership(organization=organization, user=user, role=Role(role), unit=unit)
        membership.full_clean()
        membership.save()
    if notify:
        notify_new_member.delay_on_commit(organization.id, membership.id)
    return membership


def _ensure_other_coordinator(membership: Membership) -> None:
    others = Membership.objects.filter(role=Role.COORDINATOR).exclude(pk=membership.pk)
    if membership.role == Role.COORDINATOR and not others.exists():
        raise ValidationError(_("An organization needs at least one coordinator."))


@transaction.atomic
def change_role(*, membership: Membership, role: str, unit: OrgUnit | None) -> Membership:
    """Set the member's role and unit (None: no unit)."""
    if role != Role.COORDINATOR:
        _ensure_other_coordinator(membership)
    membership.role = Role(role)
    membership.unit = unit
    membership.save()
    return membership


def is_member(*, email: str) -> bool:
    """Whether someone with this address already belongs to the current organization."""
    return Membership.objects.filter(user__email__iexact=email.strip()).exists()


@transaction.atomic
def remove_member(*, membership: Membership) -> None:
    """Remove a member; the units they headed are left without a head."""
    _ensure_other_coordinator(membership)
    for unit in OrgUnit.objects.filter(
        organization_id=membership.organization_id, head_id=membership.user_id
    ):
        unit.head = None
        unit.save(update_fields=["head", "updated_at"])
    membership.delete()
