"""Writes to the working calendar and the holidays. The pages, the API, the management command
and the new-organization signal all call these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from seam_scm.tenancy.models import Organization

from .holidays import seed_holidays
from .models import DUPLICATE_HOLIDAY, Holiday, WorkingCalendar


def ensure_calendar(*, organization: Organization) -> WorkingCalendar:
    """The organization's working calendar, created with the defaults the first time."""
    with scope(organization=organization):
        calendar, _created = WorkingCalendar.objects.get_or_create(organization=organization)
    return calendar


def give_defaults(*, organization: Organization, today=None) -> None:
    """A new organization's calendar and the Thai holidays of this year and the next."""
    year = (today or timezone.localdate()).year
    with transaction.atomic():
        ensure_calendar(organization=organization)
        seed_holidays(organization=organization, years=[year, year + 1])


def save_calendar(*, calendar: WorkingCalendar) -> WorkingCalendar:
    calendar.full_clean()
    calendar.save()
    return calendar


def save_holiday(*, holiday: Holiday) -> Holiday:
    """Validate and save a holiday; one per date per organization."""
    if holiday.date and (
        Holiday.objects.filter(organization_id=holiday.organization_id, date=holiday.date)
        .exclude(pk=holiday.pk)
        .exists()
    ):
        raise ValidationError({"date": DUPLICATE_HOLIDAY})
    holiday.full_clean()
    holiday.save()
    return holiday


def delete_holiday(*, holiday: Holiday) -> None:
    """Delete a holiday. A seeded public holiday comes back only if its year is seeded again."""
    holiday.delete()
