"""The public complaint pages, no login: the intake form of an organization and the tracking
page of a case, in Thai or English by the address whatever the visitor's cookie says.

The form files through the website-form channel of the policy in force; without an active
one the organization does not take complaints online and the page lists its other channels.
The tracking page shows the status of a case, never its content, to whoever holds the link
(the token in the address); it is kept out of search engines and out of Referer headers.
Flood protection: a honeypot field, and a limit of filed complaints per client address and
organization (settings.PUBLIC_COMPLAINT_RATE). CSRF protection stays on.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_scopes import scope, scopes_disabled

from seam_scm.forms import add_service_errors
from seam_scm.privacy.processing_selectors import retention_text
from seam_scm.privacy.views.notices import public_path as notice_path
from seam_scm.tenancy.models import Organization

from .. import public_selectors as selectors
from .. import public_services as services
from ..models import CaseState
from ..public_forms import HONEYPOT, PublicComplaintForm

# HTTP 429 Too Many Requests.
TOO_MANY_REQUESTS = 429


def _public_organization(slug: str) -> Organization:
    with scopes_disabled():
        return get_object_or_404(Organization, slug=slug)


def _other(language: str) -> str:
    return "th" if language == "en" else "en"


@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """The complaint form of the organization named in the address (GET, POST)."""
    organization = _public_organization(slug)
    with scope(organization=organization), translation.override(language):
        response = _intake(request, organization, language)
    response["Content-Language"] = language
    return response


def _intake(request: HttpRequest, organization: Organization, language: str) -> HttpResponse:
    intake = selectors.intake()
    context = {
        "public_organization": organization,
        "language": language,
        "other_language": _other(language),
        "other_url": selectors.form_path(organization.slug, _other(language)),
        "other_channels": selectors.other_channels(intake.policy),
    }
    if not intake.accepts_online:
        # Nothing to file through: say so, and refuse a posted form.
        status = 403 if request.method == "POST" else 200
        return render(request, "complaints/public_unavailable.html", context, status=status)
    terms = services.contact_terms()
    context |= _privacy_context(organization, language, terms)
    form = PublicComplaintForm(request.POST or None, policy=intake.policy, terms=terms)
    if request.method == "POST":
        if form.filled_honeypot:
            # A robot: answer as if it worked, keep nothing.
            messages.success(request, _("Thank you. Your complaint has been sent."))
            return redirect(selectors.form_path(organization.slug, language))
        address = services.client_address(request)
        if services.over_rate_limit(organization=organization, address=address):
            return render(
                request,
                "complaints/public_rate_limited.html",
                context,
                status=TOO_MANY_REQUESTS,
            )
        if form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k != HONEYPOT}
            try:
                case = services.file_public_complaint(
                    organization=organization, channel=intake.channel, **fields
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                services.count_filed_complaint(organization=organization, address=address)
                messages.success(
                    request,
                    _("Your complaint has been filed under reference %(reference)s.")
                    % {"reference": case.reference},
                )
                return redirect(selectors.tracking_path(case.tracking_token, language))
    context["form"] = form
    return render(request, "complaints/public_form.html", context)


def _privacy_context(organization: Organization, language: str, terms) -> dict:
    """What the form says about the contacts: the purpose they are kept for, its retention
    and the privacy notice in force, with a link to its public page in the form's language."""
    purpose = terms.purpose
    context = {"terms": terms, "notice_url": notice_path(organization.slug, language)}
    if purpose is not None:
        context |= {
            "purpose_name": (purpose.purpose_en or purpose.purpose)
            if language == "en"
            else purpose.purpose,
            "retention": retention_text(purpose.retention_months),
        }
    return context


@require_safe
def public_track(request: HttpRequest, token: str, language: str) -> HttpResponse:
    """The status of the case whose tracking token is in the address, never its content."""
    case = selectors.tracked_case(token)
    if case is None:
        raise Http404
    organization = case.organization
    with scope(organization=organization), translation.override(language):
        path = selectors.tracking_path(token, language)
        context = {
            "public_organization": organization,
            "case": case,
            "status": selectors.status_of(case),
            "legend": selectors.status_legend(),
            "last_update": selectors.last_update(case),
            "is_closed": case.state == CaseState.CLOSED,
            "tracking_url": request.build_absolute_uri(path),
            "language": language,
            "other_language": _other(language),
            "other_url": selectors.tracking_path(token, _other(language)),
        }
        response = render(request, "complaints/public_track.html", context)
    response["Content-Language"] = language
    # The token is in the address: keep it out of Referer headers, search engines and caches.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    add_never_cache_headers(response)
    return response
