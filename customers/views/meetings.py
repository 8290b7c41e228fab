"""Minutes of the board, committee and executive meetings that review the customer strategy,
plans and processes, such as segmentation and product performance (FAQ CM-16)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from seam_scm.forms import add_service_errors
from seam_scm.history import history_of
from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view

from .. import strategy_selectors, strategy_services
from ..meeting_forms import MeetingFilterForm, MeetingForm
from ..models import ReviewMeeting

GET = ("GET",)
PAGE_SIZE = 25


def _meeting(meeting_pk: int) -> ReviewMeeting:
    return get_object_or_404(
        ReviewMeeting.objects.select_related("minutes__current_version"), pk=meeting_pk
    )


@org_view(methods=GET)
def meeting_list(request: HttpRequest) -> HttpResponse:
    start_month = request.organization.fiscal_year_start_month
    filters = MeetingFilterForm(
        request.GET or None, years=strategy_selectors.meeting_years(start_month)
    )
    chosen = filters.cleaned_data if filters.is_valid() else {}
    meetings = strategy_selectors.meeting_list(
        body=chosen.get("body") or "",
        fiscal_year=chosen.get("year"),
        start_month=start_month,
    )
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "meetings": page.object_list,
        "page": page,
        "query_string": query.urlencode(),
    }
    return render(request, "customers/meeting_list.html", context)


def _save(request: HttpRequest, meeting: ReviewMeeting) -> HttpResponse:
    form = MeetingForm(
        request.POST or None,
        request.FILES or None,
        instance=meeting,
        organization=request.organization,
    )
    if request.method == "POST" and form.is_valid():
        try:
            strategy_services.save_meeting(
                form.instance,
                by=request.user,
                minutes_upload=form.cleaned_data.get("minutes_file"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Review meeting saved."))
            return redirect(
                "customers:meeting_detail",
                org_slug=request.organization.slug,
                meeting_pk=form.instance.pk,
            )
    context = {"form": form, "meeting": meeting if meeting.pk else None}
    return render(request, "customers/meeting_form.html", context)


@org_view(Action.EDIT_RECORDS)
def meeting_create(request: HttpRequest) -> HttpResponse:
    return _save(request, ReviewMeeting(organization=request.organization))


@org_view(Action.EDIT_RECORDS)
def meeting_edit(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    return _save(request, _meeting(meeting_pk))


@org_view(methods=GET)
def meeting_detail(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = _meeting(meeting_pk)
    context = {"meeting": meeting, "history": history_of(meeting)}
    return render(request, "customers/meeting_detail.html", context)


urlpatterns = [
    path("meetings/", meeting_list, name="meeting_list"),
    path("meetings/new/", meeting_create, name="meeting_create"),
    path("meetings/<int:meeting_pk>/", meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_pk>/edit/", meeting_edit, name="meeting_edit"),
]
