"""The customer management summary on the organization's home page:
`{% load customer_overview %}{% customer_summary %}`."""

from django import template
from django.db.models import Count, Q

from seam_scm.approvals.models import DocumentKind, DocumentVersion, VersionStatus
from seam_scm.thai.dates import current_fiscal_year

from ..models import CustomerSegment, ListeningChannel, VoiceOfCustomer

register = template.Library()


@register.inclusion_tag("customers/includes/home_summary.html", takes_context=True)
def customer_summary(context) -> dict:
    """A few figures of the organization in scope and links to the module's pages (3 queries)."""
    organization = context["organization"]
    fiscal_year = current_fiscal_year(organization.fiscal_year_start_month)
    charter = DocumentVersion.objects.filter(document__kind=DocumentKind.SERVICE_CHARTER).aggregate(
        approved=Count("id", filter=Q(status=VersionStatus.APPROVED)),
        published=Count("id", filter=Q(published_at__isnull=False)),
    )
    return {
        "organization": organization,
        "fiscal_year": fiscal_year,
        "segments": CustomerSegment.objects.count(),
        "channels": ListeningChannel.objects.filter(is_active=True).count(),
        "voc": VoiceOfCustomer.objects.filter(
            heard_on__range=(fiscal_year.start, fiscal_year.end)
        ).count(),
        "charter_approved": bool(charter["approved"]),
        "charter_published": bool(charter["published"]),
    }
