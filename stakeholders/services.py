"""Writes to the stakeholder database. Pages, the API and the Excel import all call these."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from seam_scm.privacy import services as privacy_services
from seam_scm.privacy.models import DataModule
from seam_scm.tenancy.models import Organization, OrgUnit

from .models import (
    Representative,
    Stakeholder,
    StakeholderGroup,
    StakeholderSettings,
    StakeholderUnit,
)

DEFAULT_GROUPS = [
    ("REG", "หน่วยงานกำกับดูแล", "Regulators"),
    ("MIN", "กระทรวงเจ้าสังกัด", "Ministry"),
    ("CUS", "ลูกค้า", "Customers"),
    ("EMP", "พนักงาน", "Employees"),
    ("PAR", "คู่ความร่วมมือและพันธมิตร", "Partners"),
    ("SUP", "คู่ค้า", "Suppliers"),
    ("COM", "ชุมชนและสังคม", "Community"),
    ("MED", "สื่อมวลชน", "Media"),
]


def ensure_defaults(*, organization: Organization) -> None:
    """Give an organization the usual stakeholder groups and settings, once."""
    if not StakeholderGroup.objects.exists():
        StakeholderGroup.objects.bulk_create(
            StakeholderGroup(
                organization=organization, code=code, name_th=th, name_en=en, order=index
            )
            for index, (code, th, en) in enumerate(DEFAULT_GROUPS)
        )
    StakeholderSettings.objects.get_or_create(organization=organization)


@dataclass(frozen=True)
class UnitRank:
    unit: OrgUnit
    importance_rank: int


@transaction.atomic
def save_stakeholder(
    stakeholder: Stakeholder, *, units: Iterable[UnitRank] | None = None
) -> Stakeholder:
    """Validate and save a profile; when `units` is given, it replaces the unit links."""
    stakeholder.full_clean()
    stakeholder.save()
    if units is not None:
        StakeholderUnit.objects.filter(stakeholder=stakeholder).delete()
        for link in units:
            row = StakeholderUnit(
                organization_id=stakeholder.organization_id,
                stakeholder=stakeholder,
                unit=link.unit,
                importance_rank=link.importance_rank,
            )
            row.full_clean(exclude=["stakeholder"])
            row.save()
    return stakeholder


def save_representative(representative: Representative) -> Representative:
    """A representative's contacts are kept for a purpose of the record of processing."""
    try:
        privacy_services.apply_purpose(representative, DataModule.STAKEHOLDERS)
    except ValidationError as error:
        raise ValidationError({"lawful_basis": error.messages}) from None
    representative.full_clean()
    representative.save()
    return representative
