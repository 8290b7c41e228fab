"""Writes of profiles and their records: VOS, risks, engagements, the team, groups, settings.

Pages and the API call these (the Excel import calls services.save_stakeholder
directly). Each validates with full_clean() and refuses rows that point at
another organization's data, so every caller gets the same message.
"""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seam_scm.files import services as file_services
from seam_scm.files.models import Attachment
from seam_scm.tenancy.models import Organization

from .models import (
    Engagement,
    RelationshipRisk,
    Representative,
    Stakeholder,
    StakeholderGroup,
    StakeholderSettings,
    TeamMember,
    VoiceOfStakeholder,
)
from .services import UnitRank, save_representative, save_stakeholder

DUPLICATE_STAKEHOLDER_CODE = gettext_lazy("Another stakeholder already uses this code.")
DUPLICATE_GROUP_CODE = gettext_lazy("Another group already uses this code.")


def _same_organization(record, **related) -> None:
    """Refuse a row that points at a row of another organization (a forged id, say)."""
    errors = {
        field: _("This belongs to another organization.")
        for field, other in related.items()
        if other is not None and other.organization_id != record.organization_id
    }
    if errors:
        raise ValidationError(errors)


# --- profiles ------------------------------------------------------------------------------


@transaction.atomic
def save_profile(
    *,
    stakeholder: Stakeholder,
    units: Iterable[UnitRank] | None = None,
    representatives: Iterable[Representative] = (),
    removed_representatives: Iterable[Representative] = (),
) -> Stakeholder:
    """A profile with its units and representatives, all or nothing.

    `units` replaces the unit links when given; `representatives` are saved
    (new ones are attached to the profile) and `removed_representatives` deleted.
    """
    units = list(units) if units is not None else None
    stakeholder.code = stakeholder.code.strip()
    if Stakeholder.objects.filter(code=stakeholder.code).exclude(pk=stakeholder.pk).exists():
        raise ValidationError({"code": DUPLICATE_STAKEHOLDER_CODE})
    _same_organization(stakeholder, group=stakeholder.group if stakeholder.group_id else None)
    for link in units or []:
        _same_organization(stakeholder, units=link.unit)
    save_stakeholder(stakeholder, units=units)
    for representative in removed_representatives:
        if representative.pk and representative.stakeholder_id == stakeholder.pk:
            representative.delete()
    for representative in representatives:
        representative.organization_id = stakeholder.organization_id
        representative.stakeholder = stakeholder
        save_representative(representative)
    return stakeholder


def mark_reviewed(*, stakeholder: Stakeholder, today: dt.date | None = None) -> Stakeholder:
    """The profile was checked and is current as of today."""
    stakeholder.last_reviewed = today or timezone.localdate()
    return save_stakeholder(stakeholder)


def delete_stakeholder(*, stakeholder: Stakeholder) -> None:
    try:
        with transaction.atomic():
            stakeholder.delete()
    except ProtectedError:
        raise ValidationError(
            _("This stakeholder is named in a relationship plan and cannot be deleted."),
            code="protected",
        ) from None


# --- voice of stakeholders -----------------------------------------------------------------


def save_voice(*, voice: VoiceOfStakeholder) -> VoiceOfStakeholder:
    voice.full_clean()
    _same_organization(voice, stakeholder=voice.stakeholder, owner_unit=voice.owner_unit)
    voice.save()
    return voice


def delete_voice(*, voice: VoiceOfStakeholder) -> None:
    try:
        with transaction.atomic():
            voice.delete()
    except ProtectedError:
        raise ValidationError(
            _("A relationship plan item addresses this VOS, so it cannot be deleted."),
            code="protected",
        ) from None


# --- relationship risks --------------------------------------------------------------------


@transaction.atomic
def save_risk(
    *, risk: RelationshipRisk, voices: Iterable[VoiceOfStakeholder] | None = None
) -> RelationshipRisk:
    """A risk and, when given, the VOS it answers (only the same stakeholder's)."""
    risk.full_clean()
    _same_organization(risk, stakeholder=risk.stakeholder, owner_unit=risk.owner_unit)
    voices = list(voices) if voices is not None else None
    if voices and any(voice.stakeholder_id != risk.stakeholder_id for voice in voices):
        raise ValidationError(
            {"voices": _("Choose only voices of the same stakeholder as the risk.")}
        )
    risk.save()
    if voices is not None:
        risk.voices.set(voices)
    return risk


def delete_risk(*, risk: RelationshipRisk) -> None:
    risk.delete()


# --- engagements ---------------------------------------------------------------------------


def minutes_title(engagement: Engagement) -> str:
    return _("Minutes: %(title)s") % {"title": engagement.title}


@transaction.atomic
def save_engagement(
    *,
    engagement: Engagement,
    stakeholders: Iterable[Stakeholder],
    minutes: UploadedFile | None = None,
    uploaded_by=None,
) -> Engagement:
    """An engagement, its stakeholders and, optionally, its minutes as evidence, all or nothing.

    A refused minutes file (wrong type, empty, too large) raises ValidationError
    with the file's messages under "minutes_file", and nothing is saved.
    """
    stakeholders = list(stakeholders)
    if not stakeholders:
        raise ValidationError({"stakeholders": _("Choose at least one stakeholder.")})
    for stakeholder in stakeholders:
        _same_organization(engagement, stakeholders=stakeholder)
    engagement.full_clean()
    engagement.save()
    engagement.stakeholders.set(stakeholders)
    if minutes is not None:
        try:
            file_services.upload_attachment(
                organization=engagement.organization,
                uploaded_by=uploaded_by,
                upload=minutes,
                title=minutes_title(engagement),
                effective_date=engagement.held_on,
                record=engagement,
            )
        except ValidationError as error:
            messages = error.message_dict if hasattr(error, "error_dict") else {}
            raise ValidationError(
                {"minutes_file": [m for field in messages.values() for m in field]}
                if messages
                else {"minutes_file": error.messages}
            ) from None
    return engagement


def delete_engagement(*, engagement: Engagement) -> None:
    engagement.delete()


# --- the cross-functional team, its appointment order, groups and settings -----------------


def save_team_member(*, member: TeamMember) -> TeamMember:
    member.full_clean()
    _same_organization(member, business_line=member.business_line)
    if member.business_line.kind != member.business_line.Kind.LINE:
        raise ValidationError({"business_line": _("Choose a business line (สายงาน).")})
    member.save()
    return member


def delete_team_member(*, member: TeamMember) -> None:
    member.delete()


def settings_of(*, organization: Organization) -> StakeholderSettings:
    settings, _created = StakeholderSettings.objects.get_or_create(organization=organization)
    return settings


def save_settings(*, settings: StakeholderSettings) -> StakeholderSettings:
    settings.full_clean()
    settings.save()
    return settings


@transaction.atomic
def upload_team_order(
    *, organization: Organization, uploaded_by, upload: UploadedFile, effective_date: dt.date
) -> Attachment:
    """The team's appointment order. A later upload becomes a new version of the same file."""
    settings = StakeholderSettings.objects.select_for_update().get(
        pk=settings_of(organization=organization).pk
    )
    order = settings.team_order
    if order is not None and not order.is_deleted:
        file_services.replace_file(attachment=order, uploaded_by=uploaded_by, upload=upload)
        return order
    order = file_services.upload_attachment(
        organization=organization,
        uploaded_by=uploaded_by,
        upload=upload,
        title=_("Appointment order of the stakeholder management team"),
        effective_date=effective_date,
        record=settings,
    )
    settings.team_order = order
    settings.save(update_fields=["team_order", "updated_at"])
    return order


def save_group(*, group: StakeholderGroup) -> StakeholderGroup:
    group.code = group.code.strip()
    if StakeholderGroup.objects.filter(code=group.code).exclude(pk=group.pk).exists():
        raise ValidationError({"code": DUPLICATE_GROUP_CODE})
    group.full_clean()
    group.save()
    return group


def delete_group(*, group: StakeholderGroup) -> None:
    try:
        with transaction.atomic():
            group.delete()
    except ProtectedError:
        raise ValidationError(
            _("Stakeholders or plan items belong to this group, so it cannot be deleted."),
            code="protected",
        ) from None
