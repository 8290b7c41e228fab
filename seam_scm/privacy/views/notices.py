"""Privacy pages: the privacy notice (PDPA s.23), versioned, and its public page.

Every member reads the versions; the SE-AM coordinator writes drafts and publishes them
(Action.MANAGE_PRIVACY). A published version is frozen: a change is a new version, which
starts from the latest text.

The public page (namespace public_privacy, no login) shows an organization's latest published
version, in Thai or English by the address, with the purposes of its record of processing in
use: purpose, lawful basis and retention, nothing else. Its parameter is `slug`, not
`org_slug`, on purpose: `org_slug` routes are members-only (seam_scm.tenancy.middleware).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_scopes import scope, scopes_disabled

from seam_scm.forms import add_service_errors
from seam_scm.history import history_of
from seam_scm.tenancy.models import Organization
from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view

from .. import processing_selectors as processing
from .. import services
from ..models import PrivacyNotice
from ..notice_forms import PrivacyNoticeForm

GET = ("GET",)
POST = ("POST",)


def public_path(slug: str, language: str = "th") -> str:
    name = "public_privacy:notice_en" if language == "en" else "public_privacy:notice"
    return reverse(name, kwargs={"slug": slug})


def _to_notice(request: HttpRequest, notice: PrivacyNotice) -> HttpResponse:
    return redirect(
        "privacy:notice_detail", org_slug=request.organization.slug, notice_pk=notice.pk
    )


@org_view(methods=GET)
def notice_list(request: HttpRequest) -> HttpResponse:
    notices = list(PrivacyNotice.objects.select_related("published_by").order_by("-version"))
    context = {
        "notices": notices,
        "current": services.published_notice(),
        "public_url": public_path(request.organization.slug),
        "public_url_en": public_path(request.organization.slug, "en"),
    }
    return render(request, "privacy/notice_list.html", context)


@org_view(methods=GET)
def notice_detail(request: HttpRequest, notice_pk: int) -> HttpResponse:
    notice = get_object_or_404(PrivacyNotice.objects.select_related("published_by"), pk=notice_pk)
    current = services.published_notice()
    context = {
        "notice": notice,
        "is_current": current is not None and current.pk == notice.pk,
        "history": history_of(notice),
        "public_url": public_path(request.organization.slug),
        "public_url_en": public_path(request.organization.slug, "en"),
    }
    return render(request, "privacy/notice_detail.html", context)


@org_view(Action.MANAGE_PRIVACY)
def notice_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, services.new_notice_draft(request.organization))


@org_view(Action.MANAGE_PRIVACY)
def notice_edit(request: HttpRequest, notice_pk: int) -> HttpResponse:
    notice = get_object_or_404(PrivacyNotice, pk=notice_pk)
    if notice.is_published:
        messages.error(request, str(services.NOTICE_FROZEN))
        return _to_notice(request, notice)
    return _edit(request, notice)


def _edit(request: HttpRequest, notice: PrivacyNotice) -> HttpResponse:
    form = PrivacyNoticeForm(request.POST or None, instance=notice)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_notice(form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Draft of version %(version)s saved. Publish it when it is ready.")
                % {"version": saved.version},
            )
            return _to_notice(request, saved)
    context = {
        "form": form,
        "notice": notice if notice.pk else None,
        "title": _("Edit the draft of version %(version)s") % {"version": notice.version}
        if notice.pk
        else _("Write a new version of the privacy notice"),
    }
    return render(request, "privacy/notice_form.html", context)


@org_view(Action.MANAGE_PRIVACY, methods=POST)
def notice_publish(request: HttpRequest, notice_pk: int) -> HttpResponse:
    notice = get_object_or_404(PrivacyNotice, pk=notice_pk)
    try:
        services.publish_notice(notice, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Version %(version)s of the privacy notice is published.")
            % {"version": notice.version},
        )
    return _to_notice(request, notice)


urlpatterns = [
    path("notices/", notice_list, name="notice_list"),
    path("notices/new/", notice_create, name="notice_create"),
    path("notices/<int:notice_pk>/", notice_detail, name="notice_detail"),
    path("notices/<int:notice_pk>/edit/", notice_edit, name="notice_edit"),
    path("notices/<int:notice_pk>/publish/", notice_publish, name="notice_publish"),
]


# --- the public page -------------------------------------------------------------------------


def _public_organization(slug: str) -> Organization:
    with scopes_disabled():
        return get_object_or_404(Organization, slug=slug)


@require_safe
def public_notice(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """The organization's latest published notice and the purposes of its record of
    processing in use."""
    organization = _public_organization(slug)
    other = "th" if language == "en" else "en"
    with scope(organization=organization), translation.override(language):
        notice = services.published_notice()
        if notice is None:
            raise Http404
        purposes = [
            {
                "purpose": (activity.purpose_en or activity.purpose)
                if language == "en"
                else activity.purpose,
                "basis": activity.get_lawful_basis_display(),
                "retention": processing.retention_text(activity.retention_months),
                "retention_starts": activity.retention_starts,
            }
            for activity in processing.purposes_in_use()
        ]
        context = {
            "public_organization": organization,
            "notice": notice,
            "body": notice.body(language),
            "purposes": purposes,
            "language": language,
            "other_language": other,
            "other_url": public_path(organization.slug, other),
        }
        response = render(request, "privacy/public_notice.html", context)
    response["Content-Language"] = language
    return response


public_urlpatterns = [
    path("<slug:slug>/", public_notice, {"language": "th"}, name="notice"),
    path("<slug:slug>/en/", public_notice, {"language": "en"}, name="notice_en"),
]
