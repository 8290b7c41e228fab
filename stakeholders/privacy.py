"""The personal data a stakeholder's representative holds, declared for the privacy machinery."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from seam_scm.privacy import services
from seam_scm.privacy.models import DataModule
from seam_scm.privacy.registry import Holder, PersonQuery, digits

from . import selectors
from .models import Representative

ERASED_NAME = "[ลบข้อมูลส่วนบุคคลแล้ว / personal data erased]"


def _matches(query: PersonQuery) -> Q:
    found = Q(pk__in=[])
    if query.name.strip():
        found |= Q(name__icontains=query.name.strip())
    if digits(query.phone):
        found |= Q(phone__icontains=digits(query.phone))
    if query.email.strip():
        found |= Q(email__iexact=query.email.strip())
    return found


def _retention_started_before(moment) -> Q:
    """A contact's retention runs from the last time it was confirmed (saved)."""
    return Q(updated_at__lt=moment)


def _describe(representative: Representative) -> str:
    return _("%(kind)s of %(stakeholder)s") % {
        "kind": representative.get_kind_display(),
        "stakeholder": representative.stakeholder,
    }


def _url(representative: Representative) -> str:
    return reverse(
        "stakeholders:detail",
        args=[representative.organization.slug, representative.stakeholder_id],
    )


REPRESENTATIVE = Holder(
    module=DataModule.STAKEHOLDERS,
    model=Representative,
    erased_values={"name": ERASED_NAME, "position": "", "phone": "", "email": ""},
    matches=_matches,
    retention_started_before=_retention_started_before,
    describe=_describe,
    url=_url,
    context_fields=("stakeholder", "kind"),
)


def log_export(membership, filters, filename: str, *, path: str) -> None:
    """The export workbook's sheet of representatives is personal data: log how many contacts
    it gave (pages and API alike), when it gave any."""
    stakeholders = selectors.stakeholder_list(filters)
    contacts = Representative.objects.filter(
        stakeholder__in=stakeholders.order_by().values("pk"), personal_data_erased_at=None
    ).count()
    if contacts:
        what = _(
            "Stakeholder export (%(file)s): %(contacts)s representative contacts, "
            "%(stakeholders)s stakeholders"
        ) % {"file": filename, "contacts": contacts, "stakeholders": stakeholders.count()}
        services.log_export(membership, what, path=path)
