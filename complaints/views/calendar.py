"""The working calendar page: working week and hours, and the holidays of a chosen year.

Everyone reads it (Action.VIEW); the SE-AM coordinator changes it (Action.MANAGE_ORGANIZATION),
because every complaint's due times are counted on it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from seam_scm.forms import add_service_errors
from seam_scm.history import history_of
from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view
from seam_scm.thai.dates import be_year

from .. import calendar_selectors as selectors
from .. import calendar_services as services
from ..calendar_forms import HolidayForm, WorkingCalendarForm
from ..holidays import provisional_years
from ..models import Holiday
from ..working_time import calendar_for

GET = ("GET",)
POST = ("POST",)


def _to_calendar(request: HttpRequest, year: int | None = None) -> HttpResponse:
    url = reverse("complaints:calendar", kwargs={"org_slug": request.organization.slug})
    return redirect(f"{url}?year={year}" if year else url)


@org_view(methods=GET)
def calendar(request: HttpRequest) -> HttpResponse:
    year = selectors.year_from_query(request.GET.get("year"))
    working_calendar = selectors.calendar_of(request.organization)
    context = {
        "year": year,
        "be_year": be_year(year),
        "years": [(y, be_year(y)) for y in selectors.years_to_offer(year)],
        "working_calendar": working_calendar,
        "holidays": list(selectors.holidays_in(year)),
        "working_days": selectors.working_days_in(year, calendar_for(request.organization)),
        "provisional": year in provisional_years(),
        "history": history_of(working_calendar) if working_calendar.pk else [],
    }
    return render(request, "complaints/calendar.html", context)


@org_view(Action.MANAGE_ORGANIZATION)
def calendar_edit(request: HttpRequest) -> HttpResponse:
    working_calendar = services.ensure_calendar(organization=request.organization)
    form = WorkingCalendarForm(request.POST or None, instance=working_calendar)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_calendar(calendar=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Working calendar saved."))
            return _to_calendar(request)
    context = {"form": form, "title": _("Edit the working week and hours")}
    return render(request, "complaints/calendar_form.html", context)


@org_view(Action.MANAGE_ORGANIZATION)
def holiday_create(request: HttpRequest) -> HttpResponse:
    return _edit_holiday(request, Holiday(organization=request.organization))


@org_view(Action.MANAGE_ORGANIZATION)
def holiday_edit(request: HttpRequest, holiday_pk: int) -> HttpResponse:
    return _edit_holiday(request, get_object_or_404(Holiday, pk=holiday_pk))


def _edit_holiday(request: HttpRequest, holiday: Holiday) -> HttpResponse:
    year = holiday.date.year if holiday.pk else selectors.year_from_query(request.GET.get("year"))
    form = HolidayForm(request.POST or None, instance=holiday)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_holiday(holiday=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Holiday saved."))
            return _to_calendar(request, saved.date.year)
    context = {
        "form": form,
        "holiday": holiday if holiday.pk else None,
        "year": year,
        "title": _("Edit holiday") if holiday.pk else _("Add a holiday"),
        "history": history_of(holiday) if holiday.pk else [],
    }
    return render(request, "complaints/holiday_form.html", context)


@org_view(Action.MANAGE_ORGANIZATION, methods=POST)
def holiday_delete(request: HttpRequest, holiday_pk: int) -> HttpResponse:
    holiday = get_object_or_404(Holiday, pk=holiday_pk)
    year = holiday.date.year
    services.delete_holiday(holiday=holiday)
    messages.success(request, _("Holiday deleted."))
    return _to_calendar(request, year)


urlpatterns = [
    path("calendar/", calendar, name="calendar"),
    path("calendar/edit/", calendar_edit, name="calendar_edit"),
    path("calendar/holidays/new/", holiday_create, name="holiday_create"),
    path("calendar/holidays/<int:holiday_pk>/edit/", holiday_edit, name="holiday_edit"),
    path("calendar/holidays/<int:holiday_pk>/delete/", holiday_delete, name="holiday_delete"),
]
