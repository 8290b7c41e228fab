"""Complaint handling (SE-AM criterion 5.3): an ISO 10002 lifecycle with working-time clocks.

This module holds the complaint-handling app's models. The first ones are the organization's
working calendar and its holidays: every acknowledgement and resolution standard is counted in
working hours or working days (see complaints.working_time), so the calendar comes first.

Dates and times are those of settings.TIME_ZONE (Asia/Bangkok); Thailand has no daylight
saving time.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from seam_scm.tenancy.models import BilingualNameMixin, TenantModel

# ISO weekday numbers: 1 = Monday ... 7 = Sunday.
ISO_WEEKDAYS = range(1, 8)
DEFAULT_WORKING_WEEKDAYS = [1, 2, 3, 4, 5]
DEFAULT_DAY_STARTS = dt.time(8, 30)
DEFAULT_DAY_ENDS = dt.time(16, 30)

DUPLICATE_HOLIDAY = _("This organization already has a holiday on this date.")
DUPLICATE_CALENDAR = _("This organization already has a working calendar.")


def default_working_weekdays() -> list[int]:
    return list(DEFAULT_WORKING_WEEKDAYS)


def weekday_name(iso_weekday: int) -> str:
    """Monday for 1 ... Sunday for 7, in the active language."""
    return str(WEEKDAYS[iso_weekday - 1])


def validate_working_weekdays(value) -> None:
    """A non-empty list of distinct ISO weekday numbers (1 = Monday ... 7 = Sunday)."""
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one working day of the week."), code="empty")
    if any(isinstance(day, bool) or not isinstance(day, int) for day in value) or any(
        day not in ISO_WEEKDAYS for day in value
    ):
        raise ValidationError(
            _("Working days are weekday numbers from 1 (Monday) to 7 (Sunday)."),
            code="invalid",
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("A weekday is listed more than once."), code="duplicate")


class WorkingCalendar(TenantModel):
    """The organization's working week and working hours; holidays are `Holiday` rows.

    One per organization, created with the organization. There is no lunch break: the working
    period of a day runs without interruption from `day_starts` to `day_ends`.
    """

    day_starts = models.TimeField(_("working day starts"), default=DEFAULT_DAY_STARTS)
    day_ends = models.TimeField(_("working day ends"), default=DEFAULT_DAY_ENDS)
    working_weekdays = models.JSONField(
        _("working days of the week"),
        default=default_working_weekdays,
        validators=[validate_working_weekdays],
        help_text=_("ISO weekday numbers: 1 = Monday ... 7 = Sunday."),
    )

    class Meta:
        verbose_name = _("working calendar")
        verbose_name_plural = _("working calendars")
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                name="workingcalendar_one_per_organization",
                violation_error_message=DUPLICATE_CALENDAR,
            )
        ]

    def __str__(self) -> str:
        return str(_("Working calendar"))

    def clean(self) -> None:
        if isinstance(self.working_weekdays, list) and all(
            isinstance(day, int) for day in self.working_weekdays
        ):
            self.working_weekdays = sorted(self.working_weekdays)
        if self.day_starts and self.day_ends and self.day_ends <= self.day_starts:
            raise ValidationError(
                {"day_ends": _("The working day must end after it starts.")}, code="order"
            )

    @property
    def weekday_names(self) -> list[str]:
        return [weekday_name(day) for day in sorted(self.working_weekdays)]

    @property
    def hours_per_day(self) -> dt.timedelta:
        start = dt.datetime.combine(dt.date.min, self.day_starts)
        return dt.datetime.combine(dt.date.min, self.day_ends) - start


class Holiday(BilingualNameMixin, TenantModel):
    """A day the organization does not work although it is a working weekday.

    The Thai public holidays of the current and next years are seeded for every organization
    (complaints.holidays); the coordinator edits them and adds the organization's own.
    """

    class Kind(models.TextChoices):
        PUBLIC = "public", _("Public holiday")
        SUBSTITUTION = "substitution", _("Substitution day")
        SPECIAL = "special", _("Special day off")
        ORGANIZATION = "organization", _("Organization's own day off")

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PUBLIC)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "date"],
                name="holiday_one_per_date",
                violation_error_message=DUPLICATE_HOLIDAY,
            )
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"
