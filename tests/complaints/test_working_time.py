"""Working-time arithmetic (complaints.working_time): pure functions, no database.

The calendar of most tests: Monday to Friday, 08:30-16:30 (8 hours, no lunch break), Bangkok
time. November 2026: Friday 20, Saturday 21, Sunday 22, Monday 23 ... Friday 27.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from complaints.holidays import holidays_of
from complaints.working_time import (
    MAX_SEARCH_DAYS,
    WORKING_DAYS,
    WORKING_HOURS,
    Calendar,
    NoWorkingTime,
    add_working_time,
    is_working_time,
    next_working_start,
    working_time_between,
)

BANGKOK = ZoneInfo("Asia/Bangkok")
H = dt.timedelta(hours=1)
PLAIN = Calendar(zone=BANGKOK)
# Friday 27 November 2026 is a holiday, right before the weekend.
FRIDAY_OFF = Calendar(holidays=frozenset({dt.date(2026, 11, 27)}), zone=BANGKOK)
THAI_2026 = Calendar(holidays=frozenset(row.date for row in holidays_of(2026)), zone=BANGKOK)


def at(day: int, hour: int, minute: int = 0, month: int = 11, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BANGKOK)


def hours(start, amount, calendar=PLAIN):
    return add_working_time(start, amount, WORKING_HOURS, calendar)


def days(start, amount, calendar=PLAIN):
    return add_working_time(start, amount, WORKING_DAYS, calendar)


# --- what counts as working time -----------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "working"),
    [
        (at(23, 8, 30), True),  # opening minute
        (at(23, 8, 29), False),
        (at(23, 12, 0), True),  # no lunch break
        (at(23, 16, 29), True),
        (at(23, 16, 30), False),  # closing minute is no longer working time
        (at(21, 10, 0), False),  # Saturday
        (at(22, 10, 0), False),  # Sunday
    ],
)
def test_is_working_time(moment, working):
    assert is_working_time(moment, PLAIN) is working


def test_a_holiday_is_not_working_time():
    assert is_working_time(at(27, 10), PLAIN)
    assert not is_working_time(at(27, 10), FRIDAY_OFF)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(23, 10, 15), at(23, 10, 15)),  # inside: the moment itself
        (at(23, 7, 0), at(23, 8, 30)),  # before opening: today's opening
        (at(23, 16, 30), at(24, 8, 30)),  # at closing: tomorrow's opening
        (at(20, 18, 0), at(23, 8, 30)),  # Friday evening: Monday
        (at(21, 11, 0), at(23, 8, 30)),  # Saturday: Monday
        (at(22, 23, 59), at(23, 8, 30)),  # Sunday night: Monday
    ],
)
def test_next_working_start(moment, expected):
    assert next_working_start(moment, PLAIN) == expected


def test_next_working_start_skips_a_holiday_on_friday_and_the_weekend():
    assert next_working_start(at(26, 17, 0), FRIDAY_OFF) == at(30, 8, 30)
    assert next_working_start(at(27, 9, 0), FRIDAY_OFF) == at(30, 8, 30)


# --- working hours -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "amount", "due"),
    [
        (at(23, 9, 0), 2, at(23, 11, 0)),
        (at(23, 11, 30), 2, at(23, 13, 30)),  # through midday: there is no lunch break
        (at(23, 8, 30), 8, at(23, 16, 30)),  # a whole day ends at closing, not next morning
        (at(23, 15, 30), 2, at(24, 9, 30)),  # the rest of today, then tomorrow morning
        (at(23, 16, 30), 8, at(24, 16, 30)),  # received at closing: starts tomorrow
        (at(23, 7, 0), 1, at(23, 9, 30)),  # received before opening
        (at(20, 15, 30), 2, at(23, 9, 30)),  # Friday afternoon, over the weekend
        (at(20, 18, 0), 1, at(23, 9, 30)),  # Friday evening
        (at(21, 10, 0), 8, at(23, 16, 30)),  # Saturday
        (at(23, 8, 30), 40, at(27, 16, 30)),  # a whole working week
        (at(23, 10, 0), 20, at(25, 14, 0)),  # several days: 6.5 + 8 + 5.5
        (at(20, 12, 0), 24, at(25, 12, 0)),  # several days over a weekend
    ],
)
def test_add_working_hours(start, amount, due):
    assert hours(start, amount) == due


def test_working_hours_skip_a_holiday_on_friday_before_the_weekend():
    assert hours(at(26, 15, 30), 2, FRIDAY_OFF) == at(30, 9, 30)
    assert hours(at(26, 8, 30), 16, FRIDAY_OFF) == at(30, 16, 30)


def test_working_hours_skip_songkran():
    # Thursday 9 April 2026, then Friday 10; Monday 13 to Wednesday 15 are Songkran.
    start = at(9, 15, 30, month=4)
    assert hours(start, 9, THAI_2026) == at(10, 16, 30, month=4)
    assert hours(start, 10, THAI_2026) == at(16, 9, 30, month=4)


def test_result_is_in_the_calendar_zone_whatever_the_input_zone():
    friday_evening_utc = dt.datetime(2026, 11, 20, 11, 0, tzinfo=dt.UTC)  # 18:00 in Bangkok
    due = hours(friday_evening_utc, 1)
    assert due == at(23, 9, 30)
    assert due.utcoffset() == dt.timedelta(hours=7)


# --- working days --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "amount", "due"),
    [
        # The Thai reading: the day of receipt counts only if all of it is still ahead.
        (at(20, 18, 0), 1, at(23, 16, 30)),  # Friday evening -> Monday at closing
        (at(20, 10, 0), 1, at(23, 16, 30)),  # Friday during the day -> Monday at closing
        (at(21, 10, 0), 1, at(23, 16, 30)),  # Saturday -> Monday
        (at(23, 8, 0), 1, at(23, 16, 30)),  # before opening: Monday counts
        (at(23, 8, 30), 1, at(23, 16, 30)),  # at opening: Monday counts
        (at(23, 9, 0), 1, at(24, 16, 30)),  # during Monday: Tuesday
        (at(23, 16, 30), 1, at(24, 16, 30)),  # at closing: Tuesday
        (at(23, 9, 0), 3, at(26, 16, 30)),
        (at(23, 9, 0), 5, at(30, 16, 30)),  # over the weekend
        (at(20, 18, 0), 15, at(11, 16, 30, month=12)),  # three weeks
    ],
)
def test_add_working_days(start, amount, due):
    assert days(start, amount) == due


def test_working_days_skip_a_holiday_on_friday_before_the_weekend():
    assert days(at(26, 10, 0), 1, FRIDAY_OFF) == at(30, 16, 30)
    assert days(at(26, 10, 0), 2, FRIDAY_OFF) == at(1, 16, 30, month=12)
    assert days(at(26, 18, 0), 1, FRIDAY_OFF) == at(30, 16, 30)  # Thursday evening
    assert days(at(27, 10, 0), 1, FRIDAY_OFF) == at(30, 16, 30)  # on the holiday itself


def test_working_days_skip_thai_holidays_of_2026():
    # Thursday 9 April, 3 working days: Friday 10, (Songkran 13-15), Thursday 16, Friday 17.
    assert days(at(9, 10, 0, month=4), 3, THAI_2026) == at(17, 16, 30, month=4)
    # Friday 4 December, 1 working day: Saturday 5 is Father's Day, Monday 7 its substitution.
    assert days(at(4, 10, 0, month=12), 1, THAI_2026) == at(8, 16, 30, month=12)
    # Received after closing on 31 December 2025: 1 January 2026 is New Year's Day and Friday
    # 2 January the Cabinet's special day off, so the first working day is Monday 5 January.
    assert days(at(31, 17, 0, month=12, year=2025), 1, THAI_2026) == at(5, 16, 30, month=1)


def test_a_calendar_with_saturdays_and_other_hours():
    six_days = Calendar(
        day_starts=dt.time(8, 0),
        day_ends=dt.time(17, 0),
        working_weekdays=frozenset(range(1, 7)),
        zone=BANGKOK,
    )
    assert days(at(20, 18, 0), 1, six_days) == at(21, 17, 0)
    assert hours(at(20, 16, 0), 2, six_days) == at(21, 9, 0)
    assert six_days.day_length == 9 * H


# --- working time between two moments ------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (at(23, 9, 0), at(23, 11, 0), 2 * H),
        (at(23, 9, 0), at(23, 9, 0), 0 * H),  # zero
        (at(23, 7, 0), at(23, 8, 30), 0 * H),  # all before opening
        (at(23, 7, 0), at(23, 18, 0), 8 * H),  # covers the whole day
        (at(20, 15, 30), at(23, 9, 30), 2 * H),  # over the weekend
        (at(21, 9, 0), at(22, 15, 0), 0 * H),  # all on the weekend
        (at(23, 0, 0), at(30, 0, 0), 40 * H),  # a week
        (at(23, 12, 0), at(24, 12, 0), 8 * H),  # noon to noon
    ],
)
def test_working_time_between(start, end, expected):
    assert working_time_between(start, end, PLAIN) == expected


def test_working_time_between_leaves_holidays_out():
    assert working_time_between(at(23, 0, 0), at(30, 0, 0), FRIDAY_OFF) == 32 * H
    assert working_time_between(at(26, 15, 30), at(30, 9, 30), FRIDAY_OFF) == 2 * H


@pytest.mark.parametrize(
    ("start", "end"),
    [(at(20, 15, 30), at(23, 9, 30)), (at(23, 9, 0), at(27, 14, 45)), (at(21, 1), at(22, 1))],
)
def test_working_time_between_is_antisymmetric(start, end):
    forward = working_time_between(start, end, FRIDAY_OFF)
    assert working_time_between(end, start, FRIDAY_OFF) == -forward


def _starts(calendar_days: int = 21, step_minutes: int = 37):
    """Moments every 37 minutes over three weeks: inside and outside working time, weekends,
    the Friday holiday, opening and closing minutes reached now and then."""
    moment = at(16, 0, 0)
    for _ in range(calendar_days * 24 * 60 // step_minutes):
        yield moment
        moment += dt.timedelta(minutes=step_minutes)
    yield from (at(23, 8, 30), at(23, 16, 30), at(27, 8, 30), at(26, 16, 30))


@pytest.mark.parametrize("amount", [1, 3, 8, 13, 40])
def test_adding_working_hours_then_measuring_gives_the_same_hours(amount):
    for start in _starts():
        due = hours(start, amount, FRIDAY_OFF)
        assert working_time_between(start, due, FRIDAY_OFF) == amount * H, start
        assert due > start
        assert is_working_time(due - dt.timedelta(seconds=1), FRIDAY_OFF), start


@pytest.mark.parametrize("amount", [1, 2, 5, 15])
def test_adding_working_days_ends_at_a_closing_with_n_to_n_plus_1_days_of_work(amount):
    day = FRIDAY_OFF.day_length
    for start in _starts():
        due = days(start, amount, FRIDAY_OFF)
        assert due == FRIDAY_OFF.closing(due.date()), start
        assert FRIDAY_OFF.is_working_day(due.date()), start
        assert amount * day <= working_time_between(start, due, FRIDAY_OFF) < (amount + 1) * day


# --- refusals and guards -------------------------------------------------------------------


def test_zero_returns_the_start_and_negative_or_odd_amounts_are_refused():
    assert hours(at(21, 10), 0) == at(21, 10)
    assert days(at(21, 10), 0) == at(21, 10)
    for amount in (-1, 1.5, True):
        with pytest.raises(ValueError):
            hours(at(23, 9), amount)
    with pytest.raises(ValueError):
        add_working_time(at(23, 9), 1, "calendar_days", PLAIN)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        hours(dt.datetime(2026, 11, 23, 9, 0), 1)
    with pytest.raises(ValueError):
        working_time_between(dt.datetime(2026, 11, 23, 9, 0), at(23, 10), PLAIN)


def test_a_calendar_must_have_a_working_day_and_a_positive_period():
    with pytest.raises(ValueError):
        Calendar(working_weekdays=frozenset(), zone=BANGKOK)
    with pytest.raises(ValueError):
        Calendar(working_weekdays=frozenset({0, 1}), zone=BANGKOK)
    with pytest.raises(ValueError):
        Calendar(day_starts=dt.time(9), day_ends=dt.time(9), zone=BANGKOK)


def test_the_search_for_a_working_day_stops_instead_of_looping():
    # Mondays only, and every Monday for more than ten years is a holiday.
    mondays = frozenset(
        dt.date(2026, 11, 23) + dt.timedelta(weeks=n) for n in range(MAX_SEARCH_DAYS // 7 + 10)
    )
    hopeless = Calendar(working_weekdays=frozenset({1}), holidays=mondays, zone=BANGKOK)
    with pytest.raises(NoWorkingTime):
        next_working_start(at(23, 9), hopeless)
    with pytest.raises(NoWorkingTime):
        days(at(23, 9), 1, hopeless)
