"""The personal data a complaint case holds, declared for the privacy machinery."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from seam_scm.privacy.models import DataModule
from seam_scm.privacy.registry import Holder, PersonQuery, digits

from .models import CaseState, ComplaintCase

# What an erased description reads; the case's subject, times and figures stay.
ERASED_TEXT = "[ลบข้อมูลส่วนบุคคลแล้ว / personal data erased]"


def _matches(query: PersonQuery) -> Q:
    found = Q(pk__in=[])
    if query.name.strip():
        found |= Q(complainant_name__icontains=query.name.strip())
    if digits(query.phone):
        found |= Q(complainant_phone__icontains=digits(query.phone))
    if query.email.strip():
        found |= Q(complainant_email__iexact=query.email.strip())
    return found


def _retention_started_before(moment) -> Q:
    """A case's retention runs from its closing, or from its withdrawal."""
    return Q(state=CaseState.CLOSED, closed_at__lt=moment) | Q(
        state=CaseState.WITHDRAWN, updated_at__lt=moment
    )


def _describe(case: ComplaintCase) -> str:
    return _("Complaint %(reference)s") % {"reference": case.reference}


def _url(case: ComplaintCase) -> str:
    return reverse("complaints:case_detail", args=[case.organization.slug, case.pk])


COMPLAINANT = Holder(
    module=DataModule.COMPLAINTS,
    model=ComplaintCase,
    erased_values={
        "complainant_name": "",
        "complainant_phone": "",
        "complainant_email": "",
        "complainant_address": "",
        "description": ERASED_TEXT,
        "remedy_sought": "",
    },
    matches=_matches,
    retention_started_before=_retention_started_before,
    describe=_describe,
    url=_url,
    context_fields=("reference", "received_at", "subject", "state", "decision", "remedy"),
)
