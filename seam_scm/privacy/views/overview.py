"""Privacy pages: the privacy home.

Every member sees the record of processing in short and the privacy notice in force with its
public page. The SE-AM coordinator (Action.MANAGE_PRIVACY) also sees the work of answering for
personal data: open data subject requests and how many are overdue (30 days), open breaches and
how many passed the 72 hours without notifying the regulator, the access log and retention.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from seam_scm.tenancy.roles import Action, role_allows
from seam_scm.tenancy.views import org_view

from .. import overview_selectors as selectors
from .. import processing_selectors as processing
from .. import services
from .notices import public_path

GET = ("GET",)


@org_view(methods=GET)
def overview(request: HttpRequest) -> HttpResponse:
    slug = request.organization.slug
    purposes = [
        {"activity": activity, "retention": processing.retention_text(activity.retention_months)}
        for activity in processing.purposes_in_use()
    ]
    context = {
        "purposes": purposes,
        "notice": services.published_notice(),
        "public_url": public_path(slug),
        "public_url_en": public_path(slug, "en"),
        "public_link": request.build_absolute_uri(public_path(slug)),
        "public_link_en": request.build_absolute_uri(public_path(slug, "en")),
    }
    if role_allows(request.membership.role, Action.MANAGE_PRIVACY):
        context |= {
            "requests": selectors.requests_tally(),
            "breaches": selectors.breaches_tally(),
            "recent_accesses": selectors.recent_accesses(),
            "access_days": selectors.ACCESS_LOG_DAYS,
            "last_run": selectors.last_retention_run(),
        }
    return render(request, "privacy/overview.html", context)


urlpatterns = [
    path("", overview, name="overview"),
]
