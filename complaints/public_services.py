"""Writes of the public complaint form (no login): filing a complaint, and the flood limit.

The form files through case_services.register_case like every other way in, so a complaint
from the web keeps the same rules (the policy in force, its categories and time standards,
the reference, the timeline). Callers activate the organization's scope first.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy

from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy import services as privacy_services
from seam_scm.privacy.models import DataModule, PrivacyNotice, ProcessingActivity
from seam_scm.tenancy.models import Organization

from . import case_services
from .models import CaseSource, ComplaintCase, ComplaintCategory, ComplaintChannel, Severity

NO_WAY_TO_REPLY = gettext_lazy(
    "Give a phone number or an e-mail address so that we can answer you, or tick "
    "“anonymous” if you need no answer."
)

NO_CONTACTS_TAKEN = gettext_lazy(
    "The organization cannot keep contact details sent through this form at the moment, so it "
    "cannot answer you here. Send the complaint anonymously (tick the box), or use one of its "
    "other channels to get an answer."
)


@dataclass(frozen=True)
class ContactTerms:
    """Under what the form takes a complainant's contacts: the complaints module's purpose in
    use with the public-task basis (the one case_services will record), and the privacy
    notice in force. Without such a purpose the form takes anonymous complaints only."""

    purpose: ProcessingActivity | None
    notice: PrivacyNotice | None

    @property
    def takes_contacts(self) -> bool:
        return self.purpose is not None


def contact_terms() -> ContactTerms:
    """The terms of the organization in scope, as the form shows them."""
    try:
        purpose = privacy_services.purpose_for_basis(DataModule.COMPLAINTS, LawfulBasis.PUBLIC_TASK)
    except ValidationError:
        purpose = None
    return ContactTerms(purpose=purpose, notice=privacy_services.published_notice())


def notice_given(version: int | None) -> PrivacyNotice | None:
    """The published notice the form showed (its version came back with the form), or the one
    in force when the version is missing or names no published notice."""
    if version:
        shown = PrivacyNotice.objects.filter(version=version, published_at__isnull=False).first()
        if shown is not None:
            return shown
    return privacy_services.published_notice()


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
    notice_version: int | None = None,
) -> ComplaintCase:
    """Register a complaint sent through the public form, received now.

    Staff assess the severity later, so it starts at medium. The complainant's contacts are
    kept for handling the complaint and replying, a public task (PDPA s.24(4)): the case
    records the complaints module's purpose with that basis (case_services resolves it) and
    the privacy notice the form showed (`notice_version`). An anonymous complaint keeps no
    contacts and so needs neither.
    """
    check_reply_contact(is_anonymous=is_anonymous, phone=complainant_phone, email=complainant_email)
    contacts = {
        "complainant_name": complainant_name.strip(),
        "complainant_phone": complainant_phone.strip(),
        "complainant_email": complainant_email.strip(),
    }
    if is_anonymous:
        contacts = dict.fromkeys(contacts, "")
    privacy = {}
    if any(contacts.values()):
        if not contact_terms().takes_contacts:
            raise ValidationError({"is_anonymous": [str(NO_CONTACTS_TAKEN)]}, code="no_purpose")
        privacy = {
            "lawful_basis": LawfulBasis.PUBLIC_TASK,
            "privacy_notice": notice_given(notice_version),
        }
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
        **privacy,
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
