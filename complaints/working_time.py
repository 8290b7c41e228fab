"""Working-time arithmetic for complaint time standards ("acknowledge within 8 working hours",
"resolve within 15 working days").

Everything here is a pure function of a `Calendar`, an immutable snapshot that
`calendar_for(organization)` builds once from the database (two queries); the arithmetic itself
never queries. Datetimes must be aware; results are aware datetimes in the calendar's zone
(settings.TIME_ZONE, Asia/Bangkok, which has no daylight saving time).

The rules:

- A working day is a day whose ISO weekday is one of the calendar's working weekdays and that is
  not a holiday. Its working period runs from `day_starts` to `day_ends` with no lunch break;
  the period is half-open, so the closing minute itself is no longer working time.
- Working hours: only time inside working periods counts. A start outside working time (before
  opening, after closing, on a weekend or holiday) begins at the next period's opening.
  `start + N working hours` is the moment N hours of working time have passed; ending exactly at
  a closing time gives that closing time, not the next day's opening.
- Working days: `start + N working days` is the CLOSE of the N-th whole working day that begins
  at or after the (effective) moment of receipt. The day of receipt counts only when the whole
  of its working period is still ahead, i.e. the complaint arrived before or at its opening;
  a receipt during working hours starts counting on the next working day, and a receipt after
  closing, on a weekend or on a holiday counts as received at the next opening. This follows the
  Thai Civil and Commercial Code's reading of periods in days (section 193/3: the first day is
  not counted unless the period starts at the beginning of the working day; 193/8: a period
  ending on a holiday runs to the next working day). Examples with Monday-Friday, 08:30-16:30:
  received Friday 18:00, 1 working day -> Monday 16:30; received Friday 10:00, 1 working day ->
  Monday 16:30; received Monday 08:00 or 08:30, 1 working day -> Monday 16:30; received Monday
  09:00, 1 working day -> Tuesday 16:30; received Monday 09:00, 3 working days -> Thursday 16:30.
- `working_time_between(a, b)` is the working time inside [a, b); it is antisymmetric
  (between(b, a) == -between(a, b)), so a negative value means b comes first.

Loops that look for the next working day stop after MAX_SEARCH_DAYS and raise NoWorkingTime;
a saved calendar always has a working weekday, so this only guards against a calendar whose
every working day for years is a holiday.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils import timezone

WORKING_HOURS = "working_hours"
WORKING_DAYS = "working_days"
UNITS = (WORKING_HOURS, WORKING_DAYS)

# Ten years: far more than any time standard, small enough to stop at once.
MAX_SEARCH_DAYS = 3660


class NoWorkingTime(ValueError):
    """The calendar has no working day within MAX_SEARCH_DAYS."""


def _default_zone() -> dt.tzinfo:
    return timezone.get_default_timezone()


@dataclass(frozen=True)
class Calendar:
    """An organization's working week, working hours and holidays, ready for arithmetic."""

    day_starts: dt.time = dt.time(8, 30)
    day_ends: dt.time = dt.time(16, 30)
    working_weekdays: frozenset[int] = frozenset({1, 2, 3, 4, 5})  # ISO: 1 = Monday
    holidays: frozenset[dt.date] = frozenset()
    zone: dt.tzinfo = field(default_factory=_default_zone)

    def __post_init__(self) -> None:
        if self.day_ends <= self.day_starts:
            raise ValueError("The working day must end after it starts.")
        weekdays = frozenset(self.working_weekdays)
        if not weekdays or not weekdays <= frozenset(range(1, 8)):
            raise ValueError("Working weekdays are a non-empty set of 1 (Monday) to 7 (Sunday).")
        object.__setattr__(self, "working_weekdays", weekdays)
        object.__setattr__(self, "holidays", frozenset(self.holidays))

    def is_working_day(self, day: dt.date) -> bool:
        return day.isoweekday() in self.working_weekdays and day not in self.holidays

    def opening(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.day_starts, tzinfo=self.zone)

    def closing(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, self.day_ends, tzinfo=self.zone)

    @property
    def day_length(self) -> dt.timedelta:
        return self.closing(dt.date(2000, 1, 3)) - self.opening(dt.date(2000, 1, 3))

    def working_days_from(self, day: dt.date) -> Iterator[dt.date]:
        """Working days on or after `day`, in order; NoWorkingTime after MAX_SEARCH_DAYS
        calendar days without one."""
        gap = 0
        while True:
            if self.is_working_day(day):
                gap = 0
                yield day
            else:
                gap += 1
                if gap > MAX_SEARCH_DAYS:
                    raise NoWorkingTime("No working day within ten years.")
            day += dt.timedelta(days=1)


def _local(moment: dt.datetime, calendar: Calendar) -> dt.datetime:
    if timezone.is_naive(moment):
        raise ValueError("Working-time arithmetic needs aware datetimes.")
    return moment.astimezone(calendar.zone)


def is_working_time(moment: dt.datetime, calendar: Calendar) -> bool:
    """Inside the working period of a working day (opening included, closing excluded)."""
    local = _local(moment, calendar)
    day = local.date()
    return calendar.is_working_day(day) and calendar.opening(day) <= local < calendar.closing(day)


def next_working_start(moment: dt.datetime, calendar: Calendar) -> dt.datetime:
    """The earliest working moment at or after `moment`: the moment itself when it is working
    time, else the opening of the next working period."""
    local = _local(moment, calendar)
    if is_working_time(local, calendar):
        return local
    day = local.date()
    if local >= calendar.opening(day):
        day += dt.timedelta(days=1)
    return calendar.opening(next(calendar.working_days_from(day)))


def add_working_time(start: dt.datetime, amount: int, unit: str, calendar: Calendar) -> dt.datetime:
    """The due moment `amount` working hours or working days after `start` (see the module's
    rules). Zero returns `start` unchanged; a negative amount is an error."""
    if unit not in UNITS:
        raise ValueError(f"Unknown unit {unit!r}; use one of {', '.join(UNITS)}.")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValueError("The amount of working time is a whole number, zero or more.")
    local = _local(start, calendar)
    if amount == 0:
        return local
    moment = next_working_start(local, calendar)
    if unit == WORKING_HOURS:
        return _add_hours(moment, dt.timedelta(hours=amount), calendar)
    return _add_days(moment, amount, calendar)


def _add_hours(moment: dt.datetime, remaining: dt.timedelta, calendar: Calendar) -> dt.datetime:
    for day in calendar.working_days_from(moment.date()):
        begin = max(moment, calendar.opening(day))
        available = calendar.closing(day) - begin
        if remaining <= available:
            return begin + remaining
        remaining -= available
    raise AssertionError("unreachable: working_days_from never ends")  # pragma: no cover


def _add_days(moment: dt.datetime, days: int, calendar: Calendar) -> dt.datetime:
    day = moment.date()
    # The day of receipt counts only when its whole working period is still ahead.
    first = day if moment == calendar.opening(day) else day + dt.timedelta(days=1)
    for count, working_day in enumerate(calendar.working_days_from(first), start=1):
        if count == days:
            return calendar.closing(working_day)
    raise AssertionError("unreachable: working_days_from never ends")  # pragma: no cover


def working_time_between(start: dt.datetime, end: dt.datetime, calendar: Calendar) -> dt.timedelta:
    """The working time inside [start, end); negative when `end` comes before `start`."""
    a, b = _local(start, calendar), _local(end, calendar)
    if b < a:
        return -working_time_between(b, a, calendar)
    total = dt.timedelta(0)
    day, last = a.date(), b.date()
    while day <= last:
        if calendar.is_working_day(day):
            overlap = min(b, calendar.closing(day)) - max(a, calendar.opening(day))
            if overlap > dt.timedelta(0):
                total += overlap
        day += dt.timedelta(days=1)
    return total


def calendar_for(organization) -> Calendar:
    """The organization's calendar and all its holidays, read once (two queries).

    An organization without a saved WorkingCalendar (there should be none: one is created with
    every organization) gets the default working week.
    """
    from django_scopes import scope

    from .models import Holiday, WorkingCalendar

    with scope(organization=organization):
        saved = WorkingCalendar.objects.filter(organization=organization).first()
        holidays = frozenset(
            Holiday.objects.filter(organization=organization).values_list("date", flat=True)
        )
    if saved is None:
        return Calendar(holidays=holidays)
    return Calendar(
        day_starts=saved.day_starts,
        day_ends=saved.day_ends,
        working_weekdays=frozenset(saved.working_weekdays),
        holidays=holidays,
    )
