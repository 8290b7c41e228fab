"""Writes of the public complaint form (no login): filing a complaint, and the flood limit.

The form files through case_services.register_case like every other way in, so a complaint
from the web keeps the same rules (the policy in force, its categories and time standards,
the reference, the timeline). Callers activate the organization's scope first.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from seam_scm.personal_data import LawfulBasis
from seam_scm.tenancy.models import Organization

from . import case_services
from .models import CaseSource, ComplaintCase, ComplaintCategory, ComplaintChannel, Severity

NO_WAY_TO_REPLY = gettext_lazy(
    "Give a phone number or an e-mail address so that we can answer you, or tick "
    "“anonymous” if you need no answer."
)


def check_reply_contact(*, is_anonymous: bool, phone: str, email: str) -> None:
    """A complainant who is not anonymous gives at least one way to send them the answer."""
    if not is_anonymous and not (phone.strip() or email.strip()):
        raise ValidationError({"complainant_phone": [str(NO_WAY_TO_REPLY)]}, code="no_contact")


def file_public_complaint(
    *,
    organization: Organization,
    channel: ComplaintChannel,
    category: ComplaintCategory,
    subject: str,
    description: str,
    remedy_sought: str = "",
    is_anonymous: bool = False,
    complainant_name: str = "",
    complainant_phone: str = "",
    complainant_email: str = "",
) -> ComplaintCase:
    """Register a complaint sent through the public form, received now.

    Staff assess the severity later, so it starts at medium. The complainant's contacts are
    kept for handling the complaint and replying, a public task (PDPA s.24(4)); an anonymous
    complaint keeps no contacts and so needs no lawful basis.
    """
    check_reply_contact(is_anonymous=is_anonymous, phone=complainant_phone, email=complainant_email)
    contacts = {
        "complainant_name": complainant_name.strip(),
        "complainant_phone": complainant_phone.strip(),
        "complainant_email": complainant_email.strip(),
    }
    if is_anonymous:
        contacts = dict.fromkeys(contacts, "")
    return case_services.register_case(
        organization=organization,
        by=None,
        received_at=timezone.now(),
        channel=channel,
        category=category,
        subject=subject,
        description=description,
        severity=Severity.MEDIUM,
        source=CaseSource.PUBLIC_FORM,
        remedy_sought=remedy_sought.strip(),
        is_anonymous=is_anonymous,
        lawful_basis=LawfulBasis.PUBLIC_TASK if any(contacts.values()) else "",
        **contacts,
    )


# --- the flood limit -----------------------------------------------------------------------
#
# At most settings.PUBLIC_COMPLAINT_RATE = (cases, seconds) filed complaints per client address
# and organization, counted in Django's cache (local memory in tests and development, Redis in
# production, where every web worker shares it). The window starts with the first complaint.


def client_address(request: HttpRequest) -> str:
    """The address the request came from.

    Behind settings.TRUSTED_PROXY_COUNT reverse proxies, REMOTE_ADDR is the nearest proxy's, so
    the client is the address the outermost trusted proxy saw: that many entries from the right
    of X-Forwarded-For. Entries further left are whatever the client claimed and are ignored.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or "unknown"


def _rate_key(organization: Organization, address: str) -> str:
    return f"complaints:public-form:{organization.pk}:{address}"


def over_rate_limit(*, organization: Organization, address: str) -> bool:
    limit, _window = settings.PUBLIC_COMPLAINT_RATE
    return (cache.get(_rate_key(organization, address)) or 0) >= limit


def count_filed_complaint(*, organization: Organization, address: str) -> None:
    _limit, window = settings.PUBLIC_COMPLAINT_RATE
    key = _rate_key(organization, address)
    cache.add(key, 0, timeout=window)
    try:
        cache.incr(key)
    except ValueError:  # the window ran out between add and incr
        cache.set(key, 1, timeout=window)
