"""The cell rules every import shares: whole numbers, decimals and the kinds that use them."""

import datetime as dt
from decimal import Decimal
from enum import StrEnum

import pytest
from django.utils import translation

from seam_scm.spreadsheets.cells import CellProblem, parse_decimal, parse_scale, parse_whole
from seam_scm.spreadsheets.sheets import Column, Kind, Lookups, WorkbookParser
from stakeholders.models import EngagementLevel, Stakeholder


def _problem(parse, *args, **kwargs) -> str:
    with translation.override("en"), pytest.raises(CellProblem) as caught:
        parse(*args, **kwargs)
    return caught.value.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12.5, Decimal("12.50")),
        ("12.5", Decimal("12.50")),
        ("1,234.50", Decimal("1234.50")),
        ("-3", Decimal("-3.00")),
        (7, Decimal("7.00")),
        (0.1, Decimal("0.10")),
        (Decimal("12.500"), Decimal("12.50")),
        (" 1,000,000 ", Decimal("1000000.00")),
    ],
)
def test_decimal_accepts_numbers_text_and_thousands_commas(value, expected):
    number = parse_decimal(value)

    assert number == expected
    assert number.as_tuple().exponent == -2


@pytest.mark.parametrize(
    "value", ["12,5", "1,23.5", "abc", "12.345", 12.345, True, float("nan"), ""]
)
def test_decimal_refuses_decimal_commas_words_and_extra_places(value):
    message = _problem(parse_decimal, value)

    assert message.startswith("Enter a number with at most 2 decimal places, for example 1,234.50;")


def test_decimal_keeps_within_its_bounds():
    assert parse_decimal("100", low=0, high=100) == Decimal("100.00")
    assert _problem(parse_decimal, "-0.5", low=0) == (
        "“-0.5” is less than 0, the lowest value this column allows."
    )
    assert _problem(parse_decimal, "100.01", high=100) == (
        "“100.01” is more than 100, the highest value this column allows."
    )


def test_decimal_places_can_be_set():
    assert parse_decimal("3", places=0) == Decimal("3")
    assert _problem(parse_decimal, "3.5", places=0).startswith(
        "Enter a number with at most 0 decimal places"
    )


def test_whole_number_reads_numbers_and_text_within_bounds():
    assert (parse_whole(4.0), parse_whole("12"), parse_whole(0, 0, 10)) == (4, 12, 0)
    assert _problem(parse_whole, "1.5") == "Enter a whole number; “1.5” is not one."
    assert _problem(parse_whole, 11, 0, 10) == (
        "“11” is more than 10, the highest value this column allows."
    )


def test_scale_keeps_its_own_message():
    assert parse_scale("5") == 5
    assert _problem(parse_scale, 7) == "Enter a whole number from 1 to 5; “7” is not one."
    assert _problem(parse_scale, "x") == "Enter a whole number from 1 to 5; “x” is not one."


def test_generic_kinds_convert_numbers_choices_and_dates():
    parser = WorkbookParser(Lookups())

    def convert(column, raw):
        return parser.convert(column, raw, str(raw))

    assert convert(Column("score", Kind.DECIMAL, low=0, high=100), "87.5") == Decimal("87.50")
    assert convert(Column("respondents", Kind.WHOLE, low=0), 120.0) == 120
    assert convert(Column("level", Kind.CHOICE, choices=EngagementLevel), "3 – Consult") == 3
    assert convert(Column("side", Kind.CHOICE, choices=Stakeholder.Side), "External") == "external"
    assert convert(Column("on", Kind.DATE), "21/11/2569") == dt.date(2026, 11, 21)


def test_a_kind_no_parser_knows_fails_loudly():
    class Other(StrEnum):
        ODD = "odd"

    with pytest.raises(NotImplementedError):
        WorkbookParser(Lookups()).convert(Column("x", Other.ODD), "1", "1")
