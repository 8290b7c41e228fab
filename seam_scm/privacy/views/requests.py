"""Pages of data subject requests (PDPA s.30-36): the register with each request's 30-day
clock, registering one, its page with everything the modules hold about the person, changing
it while open, the JSON export of the person's data and finishing it (an erasure anonymizes
the chosen records).

Only the coordinator (Action.MANAGE_PRIVACY) reaches them: they show and export the personal
data of every module.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from seam_scm.forms import add_service_errors
from seam_scm.history import history_of
from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view

from .. import request_selectors as selectors
from .. import request_services
from ..clocks import request_clock
from ..models import DataSubjectRequest, RequestKind
from ..request_forms import CompleteForm, RequestEditForm, RequestFilterForm, RequestForm

PAGE_SIZE = 50
GET = ("GET",)
POST = ("POST",)


def _to_request(request: HttpRequest, data_request: DataSubjectRequest) -> HttpResponse:
    return redirect(
        "privacy:request_detail",
        org_slug=request.organization.slug,
        request_pk=data_request.pk,
    )


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@org_view(Action.MANAGE_PRIVACY, methods=GET)
def request_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = selectors.filters_from_query(request.GET)
    page = Paginator(selectors.request_list(filters, today), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "filter_form": RequestFilterForm(request.GET or None),
        "page": page,
        "requests": selectors.with_clocks(page.object_list, today),
        "counts": selectors.request_counts(today),
        "query_string": _query_without_page(request),
        "filtered": any(request.GET.get(key) for key in selectors.FILTER_KEYS),
        "open_filter": selectors.OPEN,
        "overdue_filter": selectors.OVERDUE,
    }
    return render(request, "privacy/request_list.html", context)


@org_view(Action.MANAGE_PRIVACY)
def request_create(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data_request = request_services.register(
                organization=request.organization, by=request.user, **form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Request %(reference)s registered.") % {"reference": data_request.reference},
            )
            return _to_request(request, data_request)
    context = {"title": _("Register a data subject request"), "form": form}
    return render(request, "privacy/request_form.html", context)


@org_view(Action.MANAGE_PRIVACY, methods=GET)
def request_detail(request: HttpRequest, request_pk: int) -> HttpResponse:
    data_request = get_object_or_404(DataSubjectRequest, pk=request_pk)
    finished = data_request.is_finished
    context = {
        "data_request": data_request,
        "clock": request_clock(data_request),
        "held": [] if finished else selectors.held_records(selectors.found_for(data_request)),
        "searched": selectors.person_query(data_request),
        "is_erasure": data_request.kind == RequestKind.ERASURE,
        "history": history_of(data_request),
    }
    return render(request, "privacy/request_detail.html", context)


@org_view(Action.MANAGE_PRIVACY)
def request_edit(request: HttpRequest, request_pk: int) -> HttpResponse:
    data_request = get_object_or_404(DataSubjectRequest, pk=request_pk)
    if data_request.is_finished:
        messages.error(request, str(request_services.FINISHED))
        return _to_request(request, data_request)
    form = RequestEditForm(request.POST or None, instance=data_request)
    if request.method == "POST" and form.is_valid():
        changed = form.changed_values()
        if not changed:
            messages.info(request, _("Nothing was changed."))
            return _to_request(request, data_request)
        try:
            request_services.update_request(data_request, **changed)
        except ValidationError as error:
            data_request.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("Request saved."))
            return _to_request(request, data_request)
    context = {
        "title": _("Edit request %(reference)s") % {"reference": data_request.reference},
        "form": form,
        "data_request": data_request,
    }
    return render(request, "privacy/request_form.html", context)


@org_view(Action.MANAGE_PRIVACY, methods=POST)
def request_export(request: HttpRequest, request_pk: int) -> HttpResponse:
    data_request = get_object_or_404(DataSubjectRequest, pk=request_pk)
    if not data_request.identity_verified:
        messages.error(request, str(request_services.UNVERIFIED_EXPORT))
        return _to_request(request, data_request)
    found = selectors.found_for(data_request)
    keys = request.POST.getlist("records")
    if keys:
        found = selectors.chosen(found, keys)
    content = request_services.export(
        data_request, found, membership=request.membership, path=request.path
    )
    response = HttpResponse(content, content_type="application/json")
    filename = request_services.export_filename(data_request)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@org_view(Action.MANAGE_PRIVACY)
def request_complete(request: HttpRequest, request_pk: int) -> HttpResponse:
    data_request = get_object_or_404(DataSubjectRequest, pk=request_pk)
    if data_request.is_finished:
        messages.error(request, str(request_services.FINISHED))
        return _to_request(request, data_request)
    found = selectors.found_for(data_request)
    held = selectors.held_records(found)
    form = CompleteForm(request.POST or None, request=data_request, held=held)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            request_services.complete(
                data_request,
                by=request.user,
                outcome=data["outcome"],
                found=selectors.chosen(found, data["records"]),
                refused=data["refused"],
                refusal_reason=data["refusal_reason"],
                confirm_erasure=data.get("confirm_erasure", False),
            )
        except ValidationError as error:
            data_request.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Request %(reference)s finished.") % {"reference": data_request.reference},
            )
            return _to_request(request, data_request)
    context = {
        "title": _("Finish request %(reference)s") % {"reference": data_request.reference},
        "form": form,
        "data_request": data_request,
        "clock": request_clock(data_request),
        "is_erasure": data_request.kind == RequestKind.ERASURE,
    }
    return render(request, "privacy/request_complete.html", context)


urlpatterns = [
    path("requests/", request_list, name="request_list"),
    path("requests/new/", request_create, name="request_create"),
    path("requests/<int:request_pk>/", request_detail, name="request_detail"),
    path("requests/<int:request_pk>/edit/", request_edit, name="request_edit"),
    path("requests/<int:request_pk>/export/", request_export, name="request_export"),
    path("requests/<int:request_pk>/complete/", request_complete, name="request_complete"),
]
