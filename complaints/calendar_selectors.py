"""Reads of the working calendar and the holidays, for the pages and the API."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from seam_scm.thai.dates import BE_OFFSET

from . import working_time
from .holidays import known_years
from .models import Holiday, WorkingCalendar


def year_from_query(value, default: int | None = None) -> int:
    """A calendar year (Christian Era) from "?year=": 2026 and 2569 (Buddhist Era) both mean
    2026; anything else is the default (this year)."""
    fallback = default or timezone.localdate().year
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return fallback
    if 2400 <= year <= 2800:
        year -= BE_OFFSET
    return year if 1900 <= year <= 2300 else fallback


def holidays_in(year: int) -> QuerySet[Holiday]:
    return Holiday.objects.filter(date__year=year).order_by("date")


def years_to_offer(year: int) -> list[int]:
    """The years the calendar page links to: those with holidays or seed data, this year and
    the next, and the year shown with its neighbours."""
    this_year = timezone.localdate().year
    years = {day.year for day in Holiday.objects.dates("date", "year")}
    years |= {this_year, this_year + 1, year - 1, year, year + 1, *known_years()}
    return sorted(years)


def calendar_of(organization) -> WorkingCalendar:
    """The organization's saved calendar, or an unsaved one with the defaults."""
    return WorkingCalendar.objects.filter(organization=organization).first() or WorkingCalendar(
        organization=organization
    )


def working_days_in(year: int, calendar: working_time.Calendar) -> int:
    day, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    count = 0
    while day <= end:
        count += calendar.is_working_day(day)
        day += dt.timedelta(days=1)
    return count
