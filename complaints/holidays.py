"""Thai public holidays as data, and the service that gives them to an organization.

The list is the one a Thai state enterprise usually keeps: the annual public holidays the
Cabinet sets, National Labour Day (a holiday of state enterprises by law), the substitution
days (วันหยุดชดเชย) that follow a holiday falling on a Saturday or Sunday, and the special days
off (วันหยุดพิเศษ) the Cabinet announced. The Royal Ploughing Ceremony day (วันพืชมงคล) is a
holiday of government offices only and is not seeded; an organization that observes it adds
it on the calendar page as its own day off.

Sources, checked in November 2026:
- 2026 (พ.ศ. 2569): the Cabinet's resolution of 12 November 2024 (Friday 2 January 2569 a
  special day off), confirmed by the Secretariat of the Cabinet on 6 November 2025; a further
  proposal of special days for 2569 was withdrawn by the Cabinet on 2 December 2025. The dates
  of the year as published by Thai Rath and Kapook (ปฏิทินวันหยุด 2569) and by the Australian
  Embassy in Bangkok. 2569 has an extra eighth lunar month (อธิกมาส): มาฆบูชา falls on the full
  moon of the fourth month (3 March) and วิสาขบูชา on that of the seventh (31 May, a Sunday,
  with the substitution day on Monday 1 June).
- 2027 (พ.ศ. 2570): fixed-date holidays by the standing Cabinet resolutions. The Cabinet had not
  announced the year's list when this was written, so every lunar date and every substitution
  day of 2027 is PROVISIONAL (marked below): มาฆบูชา 21 February (publicholidays.asia) and
  อาสาฬหบูชา 18 July (calendar-yearly.com); วิสาขบูชา 20 May and เข้าพรรษา 19 July follow
  from those two by the lunar months' lengths (month 6's full moon is 88 days after month 3's,
  and month 8's 59 days after month 6's); substitution days follow the usual rule (the next
  working day that is not itself a holiday, as in 2020 when อาสาฬหบูชา fell on a Sunday before
  เข้าพรรษา on the Monday). Check them against the Cabinet's announcement (usually late in the
  year before) and correct them on the calendar page.

Later years: add the year's list to THAI_HOLIDAYS from the Cabinet's announcement, then run
`manage.py seed_holidays --year <year>`.
"""

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from django.db import transaction
from django_scopes import scope

PUBLIC = "public"
SUBSTITUTION = "substitution"
SPECIAL = "special"


class HolidayData(NamedTuple):
    date: dt.date
    name_th: str
    name_en: str
    kind: str = PUBLIC  # a complaints.models.Holiday.Kind value
    provisional: bool = False  # not yet announced by the Cabinet


def _d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


NEW_YEAR = ("วันขึ้นปีใหม่", "New Year's Day")
MAKHA = ("วันมาฆบูชา", "Makha Bucha Day")
CHAKRI = (
    "วันพระบาทสมเด็จพระพุทธยอดฟ้าจุฬาโลกมหาราชและวันที่ระลึกมหาจักรีบรมราชวงศ์ (วันจักรี)",
    "Chakri Memorial Day",
)
SONGKRAN = ("วันสงกรานต์", "Songkran Festival")
LABOUR = ("วันแรงงานแห่งชาติ", "National Labour Day")
CORONATION = ("วันฉัตรมงคล", "Coronation Day")
VISAKHA = ("วันวิสาขบูชา", "Visakha Bucha Day")
QUEEN = (
    "วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าสุทิดา พัชรสุธาพิมลลักษณ พระบรมราชินี",
    "H.M. Queen Suthida's Birthday",
)
KING = (
    "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระวชิรเกล้าเจ้าอยู่หัว",
    "H.M. King Maha Vajiralongkorn's Birthday",
)
ASALHA = ("วันอาสาฬหบูชา", "Asarnha Bucha Day")
LENT = ("วันเข้าพรรษา", "Buddhist Lent Day")
MOTHER = ("วันแม่แห่งชาติ", "National Mother's Day (H.M. Queen Sirikit's birthday)")
NAWAMINTHRA = (
    "วันนวมินทรมหาราช (วันคล้ายวันสวรรคต พระบาทสมเด็จพระบรมชนกาธิเบศร มหาภูมิพลอดุลยเดชมหาราช)",
    "King Bhumibol Adulyadej the Great Memorial Day",
)
PIYA = ("วันปิยมหาราช", "King Chulalongkorn Memorial Day")
FATHER = (
    "วันคล้ายวันพระบรมราชสมภพ รัชกาลที่ 9 วันชาติ และวันพ่อแห่งชาติ",
    "King Bhumibol's Birthday, National Day and National Father's Day",
)
CONSTITUTION = ("วันรัฐธรรมนูญ", "Constitution Day")
NEW_YEARS_EVE = ("วันสิ้นปี", "New Year's Eve")


def _substitution(of: tuple[str, str]) -> tuple[str, str]:
    return f"วันหยุดชดเชย{of[0].split(' (')[0]}", f"Substitution for {of[1]}"


THAI_HOLIDAYS: dict[int, tuple[HolidayData, ...]] = {
    2026: (  # พ.ศ. 2569
        HolidayData(_d(2026, 1, 1), *NEW_YEAR),
        HolidayData(
            _d(2026, 1, 2),
            "วันหยุดราชการเพิ่มเป็นกรณีพิเศษ (ต่อเนื่องวันขึ้นปีใหม่)",
            "Special day off after New Year's Day",
            SPECIAL,
        ),
        HolidayData(_d(2026, 3, 3), *MAKHA),
        HolidayData(_d(2026, 4, 6), *CHAKRI),
        HolidayData(_d(2026, 4, 13), *SONGKRAN),
        HolidayData(_d(2026, 4, 14), *SONGKRAN),
        HolidayData(_d(2026, 4, 15), *SONGKRAN),
        HolidayData(_d(2026, 5, 1), *LABOUR),
        HolidayData(_d(2026, 5, 4), *CORONATION),
        HolidayData(_d(2026, 5, 31), *VISAKHA),  # a Sunday
        HolidayData(_d(2026, 6, 1), *_substitution(VISAKHA), SUBSTITUTION),
        HolidayData(_d(2026, 6, 3), *QUEEN),
        HolidayData(_d(2026, 7, 28), *KING),
        HolidayData(_d(2026, 7, 29), *ASALHA),
        HolidayData(_d(2026, 7, 30), *LENT),
        HolidayData(_d(2026, 8, 12), *MOTHER),
        HolidayData(_d(2026, 10, 13), *NAWAMINTHRA),
        HolidayData(_d(2026, 10, 23), *PIYA),
        HolidayData(_d(2026, 12, 5), *FATHER),  # a Saturday
        HolidayData(_d(2026, 12, 7), *_substitution(FATHER), SUBSTITUTION),
        HolidayData(_d(2026, 12, 10), *CONSTITUTION),
        HolidayData(_d(2026, 12, 31), *NEW_YEARS_EVE),
    ),
    2027: (  # พ.ศ. 2570 — lunar dates and substitution days announced provisionally
        HolidayData(_d(2027, 1, 1), *NEW_YEAR),
        HolidayData(_d(2027, 2, 21), *MAKHA, provisional=True),  # a Sunday
        HolidayData(_d(2027, 2, 22), *_substitution(MAKHA), SUBSTITUTION, provisional=True),
        HolidayData(_d(2027, 4, 6), *CHAKRI),
        HolidayData(_d(2027, 4, 13), *SONGKRAN),
        HolidayData(_d(2027, 4, 14), *SONGKRAN),
        HolidayData(_d(2027, 4, 15), *SONGKRAN),
        HolidayData(_d(2027, 5, 1), *LABOUR),  # a Saturday
        HolidayData(_d(2027, 5, 3), *_substitution(LABOUR), SUBSTITUTION, provisional=True),
        HolidayData(_d(2027, 5, 4), *CORONATION),
        HolidayData(_d(2027, 5, 20), *VISAKHA, provisional=True),
        HolidayData(_d(2027, 6, 3), *QUEEN),
        HolidayData(_d(2027, 7, 18), *ASALHA, provisional=True),  # a Sunday
        HolidayData(_d(2027, 7, 19), *LENT, provisional=True),
        HolidayData(_d(2027, 7, 20), *_substitution(ASALHA), SUBSTITUTION, provisional=True),
        HolidayData(_d(2027, 7, 28), *KING),
        HolidayData(_d(2027, 8, 12), *MOTHER),
        HolidayData(_d(2027, 10, 13), *NAWAMINTHRA),
        HolidayData(_d(2027, 10, 23), *PIYA),  # a Saturday
        HolidayData(_d(2027, 10, 25), *_substitution(PIYA), SUBSTITUTION, provisional=True),
        HolidayData(_d(2027, 12, 5), *FATHER),  # a Sunday
        HolidayData(_d(2027, 12, 6), *_substitution(FATHER), SUBSTITUTION, provisional=True),
        HolidayData(_d(2027, 12, 10), *CONSTITUTION),
        HolidayData(_d(2027, 12, 31), *NEW_YEARS_EVE),
    ),
}


def known_years() -> list[int]:
    """Years (Christian Era) whose Thai holidays are in THAI_HOLIDAYS."""
    return sorted(THAI_HOLIDAYS)


def provisional_years() -> set[int]:
    """Years with dates the Cabinet had not announced yet when the list was written."""
    return {year for year, rows in THAI_HOLIDAYS.items() if any(row.provisional for row in rows)}


def holidays_of(year: int) -> tuple[HolidayData, ...]:
    return THAI_HOLIDAYS.get(year, ())


def missing_holidays(existing_dates: Iterable[dt.date], years: Iterable[int]) -> list[HolidayData]:
    """The holidays of `years` on dates the organization has no row for (any row, any name)."""
    taken = set(existing_dates)
    return [
        row for year in sorted(set(years)) for row in holidays_of(year) if row.date not in taken
    ]


def seed_holidays(*, organization, years: Iterable[int]) -> list:
    """Add the Thai public holidays of `years` that the organization does not have yet.

    A holiday is added only where the organization has no holiday row on that date, so a
    seeded holiday the coordinator renamed or changed stays as edited, and the organization's
    own day off on the same date wins. A seeded holiday the coordinator deleted comes back
    only if the year is seeded again (`manage.py seed_holidays --year ...`): deleting it is
    undone by re-seeding, which is why seeding runs by itself only when an organization is
    created. Years without data in THAI_HOLIDAYS add nothing. Returns the new rows.
    """
    from simple_history.utils import bulk_create_with_history

    from .models import Holiday

    years = sorted(set(years))
    with scope(organization=organization), transaction.atomic():
        existing = Holiday.objects.filter(date__year__in=years).values_list("date", flat=True)
        rows = [
            Holiday(
                organization=organization,
                date=row.date,
                name_th=row.name_th,
                name_en=row.name_en,
                kind=row.kind,
            )
            for row in missing_holidays(existing, years)
        ]
        if rows:
            bulk_create_with_history(rows, Holiday)
        return rows
