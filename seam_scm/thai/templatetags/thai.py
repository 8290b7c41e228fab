"""Template filters for Thai conventions; loaded as builtins, so no {% load %} is needed."""

import datetime as dt

from django import template

from seam_scm.thai.dates import FiscalYear, format_date, format_datetime

register = template.Library()


@register.filter
def be_date(value: dt.date | dt.datetime | None) -> str:
    """{{ some_date|be_date }} -> 21 พ.ย. 2569"""
    return format_date(value) if value else ""


@register.filter
def be_date_long(value: dt.date | dt.datetime | None) -> str:
    """{{ some_date|be_date_long }} -> 21 พฤศจิกายน 2569"""
    return format_date(value, long=True) if value else ""


@register.filter
def be_datetime(value: dt.datetime | None) -> str:
    """{{ some_datetime|be_datetime }} -> 21 พ.ย. 2569 14:05 น."""
    return format_datetime(value) if value else ""


@register.filter
def fiscal_year(value: dt.date | dt.datetime | None, start_month: int = 10) -> FiscalYear | str:
    """{{ some_date|fiscal_year:organization.fiscal_year_start_month }} -> ปีงบประมาณ 2569"""
    return FiscalYear.containing(value, int(start_month)) if value else ""
