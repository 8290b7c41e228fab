"""Buddhist Era dates, Thai fiscal years and the template filters that show them."""

import datetime as dt

from django.template import Context, Template
from django.utils import translation

from seam_scm.thai.dates import FiscalYear, format_date, format_datetime

NOV_21 = dt.date(2026, 11, 21)
# 18:00 UTC on 20 November is 01:00 on 21 November in Bangkok (UTC+7).
NOV_20_EVENING_UTC = dt.datetime(2026, 11, 20, 18, 0, tzinfo=dt.UTC)


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


# --- format_date / format_datetime -------------------------------------------------


def test_format_date_thai_short_uses_buddhist_era():
    assert format_date(NOV_21, lang="th") == "21 พ.ย. 2569"


def test_format_date_thai_long_spells_the_month():
    assert format_date(NOV_21, long=True, lang="th") == "21 พฤศจิกายน 2569"


def test_format_date_english_short_uses_common_era():
    assert format_date(NOV_21, lang="en") == "21 Nov 2026"


def test_format_date_english_long_spells_the_month():
    assert format_date(NOV_21, long=True, lang="en") == "21 November 2026"


def test_format_date_follows_active_language_when_lang_not_given():
    with translation.override("th"):
        thai = format_date(NOV_21)
    with translation.override("en"):
        english = format_date(NOV_21)
    assert (thai, english) == ("21 พ.ย. 2569", "21 Nov 2026")


def test_format_date_aware_datetime_uses_bangkok_day():
    assert format_date(NOV_20_EVENING_UTC, lang="th") == "21 พ.ย. 2569"


def test_format_datetime_thai_has_suffix_and_bangkok_time():
    assert format_datetime(NOV_20_EVENING_UTC, lang="th") == "21 พ.ย. 2569 01:00 น."


def test_format_datetime_english_has_no_suffix():
    assert format_datetime(NOV_20_EVENING_UTC, lang="en") == "21 Nov 2026 01:00"


def test_format_datetime_naive_value_is_not_shifted():
    assert format_datetime(dt.datetime(2026, 11, 21, 14, 5), lang="th") == "21 พ.ย. 2569 14:05 น."


# --- FiscalYear ---------------------------------------------------------------------


def test_fiscal_year_named_2569_runs_october_to_september():
    year = FiscalYear.named(2569)
    assert (year.year, year.start, year.end) == (2569, dt.date(2025, 10, 1), dt.date(2026, 9, 30))


def test_fiscal_year_containing_last_day_of_september_is_same_year():
    assert FiscalYear.containing(dt.date(2026, 9, 30)) == FiscalYear.named(2569)


def test_fiscal_year_containing_first_of_october_is_next_year():
    assert FiscalYear.containing(dt.date(2026, 10, 1)) == FiscalYear.named(2570)


def test_fiscal_year_containing_first_of_october_previous_ce_year_is_2569():
    assert FiscalYear.containing(dt.date(2025, 10, 1)).year == 2569


def test_fiscal_year_containing_aware_datetime_uses_bangkok_day():
    # 30 Sep 2026 17:30 UTC is 1 Oct 2026 00:30 in Bangkok: already the next fiscal year.
    value = dt.datetime(2026, 9, 30, 17, 30, tzinfo=dt.UTC)
    assert FiscalYear.containing(value).year == 2570


def test_fiscal_year_start_month_1_is_the_calendar_year():
    year = FiscalYear.named(2569, start_month=1)
    assert (year.start, year.end) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_fiscal_year_start_month_1_containing_december_and_january():
    assert FiscalYear.containing(dt.date(2026, 12, 31), start_month=1).year == 2569
    assert FiscalYear.containing(dt.date(2027, 1, 1), start_month=1).year == 2570


def test_fiscal_year_in_operator_checks_boundaries():
    year = FiscalYear.named(2569)
    inside = [d in year for d in (dt.date(2025, 10, 1), dt.date(2026, 9, 30))]
    outside = [d in year for d in (dt.date(2025, 9, 30), dt.date(2026, 10, 1))]
    assert (inside, outside) == ([True, True], [False, False])


def test_fiscal_year_in_operator_accepts_aware_datetime():
    assert NOV_20_EVENING_UTC in FiscalYear.named(2570)


def test_fiscal_year_label_in_english():
    with translation.override("en"):
        assert FiscalYear.named(2569).label() == "Fiscal year 2569"


def test_fiscal_year_label_in_thai():
    with translation.override("th"):
        assert FiscalYear.named(2569).label() == "ปีงบประมาณ 2569"


def test_fiscal_year_str_is_the_label():
    with translation.override("en"):
        assert str(FiscalYear.named(2569)) == "Fiscal year 2569"


def test_fiscal_year_span_in_thai():
    with translation.override("th"):
        assert FiscalYear.named(2569).span() == "1 ต.ค. 2568 – 30 ก.ย. 2569"


# --- Template filters (builtins: no {% load %}) ---------------------------------------


def test_be_date_filter_renders_thai_short_date():
    with translation.override("th"):
        assert _render("{{ d|be_date }}", d=NOV_21) == "21 พ.ย. 2569"


def test_be_date_long_filter_renders_thai_long_date():
    with translation.override("th"):
        assert _render("{{ d|be_date_long }}", d=NOV_21) == "21 พฤศจิกายน 2569"


def test_be_datetime_filter_renders_bangkok_time():
    with translation.override("th"):
        assert _render("{{ d|be_datetime }}", d=NOV_20_EVENING_UTC) == "21 พ.ย. 2569 01:00 น."


def test_be_date_filter_in_english():
    with translation.override("en"):
        assert _render("{{ d|be_date }}", d=NOV_21) == "21 Nov 2026"


def test_fiscal_year_filter_uses_october_by_default():
    with translation.override("en"):
        assert _render("{{ d|fiscal_year }}", d=dt.date(2026, 10, 1)) == "Fiscal year 2570"


def test_fiscal_year_filter_takes_start_month():
    with translation.override("en"):
        assert _render("{{ d|fiscal_year:1 }}", d=dt.date(2026, 10, 1)) == "Fiscal year 2569"


def test_fiscal_year_filter_exposes_year_and_start():
    source = "{% with fy=d|fiscal_year %}{{ fy.year }} {{ fy.start|date:'Y-m-d' }}{% endwith %}"
    assert _render(source, d=NOV_21) == "2570 2026-10-01"


def test_date_filters_render_empty_string_for_none():
    source = "[{{ d|be_date }}][{{ d|be_date_long }}][{{ d|be_datetime }}]"
    assert _render(source, d=None) == "[][][]"


def test_date_filters_render_empty_string_for_empty_string():
    source = "[{{ d|be_date }}][{{ d|be_date_long }}][{{ d|be_datetime }}]"
    assert _render(source, d="") == "[][][]"


def test_fiscal_year_filter_renders_empty_string_for_empty_values():
    source = "[{{ d|fiscal_year }}]"
    assert [_render(source, d=value) for value in (None, "")] == ["[]", "[]"]
