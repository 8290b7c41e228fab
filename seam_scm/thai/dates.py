"""Buddhist Era dates and Thai fiscal years.

The Buddhist Era (พ.ศ.) is the Common Era plus 543; months and days do not
change. A Thai fiscal year is named by the BE year in which it ends:
ปีงบประมาณ 2569 runs from 1 ต.ค. 2568 to 30 ก.ย. 2569.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

BE_OFFSET = 543

THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
THAI_MONTHS_LONG = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(buddhist_year: int) -> int:
    return buddhist_year - BE_OFFSET


def _as_local_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def format_date(
    value: dt.date | dt.datetime, *, long: bool = False, lang: str | None = None
) -> str:
    """`21 พ.ย. 2569` in Thai (Buddhist Era); `21 Nov 2026` in English."""
    day = _as_local_date(value)
    if (lang or get_language() or "th").startswith("th"):
        months = THAI_MONTHS_LONG if long else THAI_MONTHS_SHORT
        return f"{day.day} {months[day.month - 1]} {be_year(day.year)}"
    month = calendar.month_name[day.month] if long else calendar.month_abbr[day.month]
    return f"{day.day} {month} {day.year}"


def format_datetime(value: dt.datetime, *, lang: str | None = None) -> str:
    """`21 พ.ย. 2569 14:05 น.` in Thai; `21 Nov 2026 14:05` in English."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    lang = lang or get_language() or "th"
    clock = local.strftime("%H:%M")
    suffix = " น." if lang.startswith("th") else ""
    return f"{format_date(local, lang=lang)} {clock}{suffix}"


@dataclass(frozen=True)
class FiscalYear:
    """A fiscal year named, as in Thai practice, by the BE year in which it ends."""

    year: int  # Buddhist Era
    start: dt.date
    end: dt.date

    @classmethod
    def named(cls, buddhist_year: int, start_month: int = 10) -> "FiscalYear":
        end_ce = ce_year(buddhist_year)
        start_ce = end_ce if start_month == 1 else end_ce - 1
        start = dt.date(start_ce, start_month, 1)
        end = dt.date(start_ce + 1, start_month, 1) - dt.timedelta(days=1)
        return cls(year=buddhist_year, start=start, end=end)

    @classmethod
    def containing(cls, value: dt.date | dt.datetime, start_month: int = 10) -> "FiscalYear":
        day = _as_local_date(value)
        ends_in = day.year + 1 if start_month > 1 and day.month >= start_month else day.year
        return cls.named(be_year(ends_in), start_month)

    def __contains__(self, value: dt.date) -> bool:
        return self.start <= _as_local_date(value) <= self.end

    def label(self) -> str:
        return _("Fiscal year %(year)s") % {"year": self.year}

    def span(self) -> str:
        return f"{format_date(self.start)} – {format_date(self.end)}"

    def __str__(self) -> str:
        return self.label()


def current_fiscal_year(start_month: int = 10) -> FiscalYear:
    return FiscalYear.containing(timezone.localdate(), start_month)
