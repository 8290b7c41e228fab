"""One cell of an import: how what someone typed maps onto a stored value, or why it cannot.

Every parse_* function takes the cell's raw value (text, a number or a date,
as openpyxl reads it) and returns the value to store, or raises CellProblem
with a message in the reader's language.
"""

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.datetime import from_excel

from seam_scm.tenancy.models import OrgUnit
from seam_scm.thai.dates import BE_OFFSET
from seam_scm.thai.forms import BuddhistDateField

SEPARATOR = " – "


def normal_text(text: str) -> str:
    """Lower case, NFC, dashes unified and runs of white space collapsed, for matching."""
    text = unicodedata.normalize("NFC", text).replace("—", "–")
    return " ".join(text.split()).lower()


# --- choices --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: str  # what is stored: "external", "3", a group's or a unit's code
    label: str  # in the active language
    aliases: tuple[str, ...] = ()  # other ways to write it: the label in every language


class OptionSet:
    """The allowed values of a choice column, and how a typed cell maps onto one."""

    def __init__(self, options: Iterable[Option], *, show_value: bool = True):
        self.options = list(options)
        self.show_value = show_value
        self._lookup: dict[str, str] = {}
        for option in self.options:
            for text in (option.value, self.text(option), option.label, *option.aliases):
                if text:
                    self._lookup.setdefault(normal_text(str(text)), option.value)

    def text(self, option: Option) -> str:
        """How a value is written in the workbook and offered in its drop-down list."""
        if not self.show_value:
            return option.label
        return f"{option.value}{SEPARATOR}{option.label}" if option.label else option.value

    def text_of(self, value) -> str:
        for option in self.options:
            if option.value == str(value):
                return self.text(option)
        return "" if value in (None, "") else str(value)

    def resolve(self, text: str) -> str | None:
        key = normal_text(text)
        if key in self._lookup:
            return self._lookup[key]
        # "REG – anything": the code before the separator decides.
        for separator in (" – ", " - "):
            if separator in key:
                head = key.split(separator, 1)[0].strip()
                if head in self._lookup:
                    return self._lookup[head]
        return None

    def listed(self, limit: int = 12) -> str:
        values = [option.value if self.show_value else option.label for option in self.options]
        shown = ", ".join(values[:limit])
        return shown + (", …" if len(values) > limit else "")


def _labels_in_every_language(label: Promise | str) -> tuple[str, ...]:
    labels = []
    for language in ("th", "en"):
        with translation.override(language):
            labels.append(str(label))
    return tuple(labels)


def choice_options(choices) -> OptionSet:
    """A model's TextChoices or IntegerChoices, written "code – label"."""
    return OptionSet(
        Option(str(value), str(label), _labels_in_every_language(label))
        for value, label in zip(choices.values, choices.labels, strict=True)
    )


YES, NO = gettext_lazy("Yes"), gettext_lazy("No")


def yes_no_options() -> OptionSet:
    return OptionSet(
        [
            Option("yes", str(YES), (*_labels_in_every_language(YES), "true", "1", "y")),
            Option("no", str(NO), (*_labels_in_every_language(NO), "false", "0", "n")),
        ],
        show_value=False,
    )


def unit_options(units: Iterable[OrgUnit]) -> OptionSet:
    return OptionSet(Option(u.code, u.name, (u.name_th, u.name_en)) for u in units)


# --- reading cells --------------------------------------------------------------------------


def format_be(value: dt.date | None) -> str:
    """21/11/2569: how the workbook writes a date (text, so that no locale turns it around)."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return format_be(value)
    return unicodedata.normalize("NFC", str(value)).strip()


class CellProblem(Exception):
    """A cell's value cannot be used; the message says why, in the reader's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


def _whole_number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    return int(text) if re.fullmatch(r"[0-9]+", text) else None


def _check_range(value, number, low, high) -> None:
    if low is not None and number < low:
        raise CellProblem(
            _("“%(value)s” is less than %(low)s, the lowest value this column allows.")
            % {"value": cell_text(value), "low": low}
        )
    if high is not None and number > high:
        raise CellProblem(
            _("“%(value)s” is more than %(high)s, the highest value this column allows.")
            % {"value": cell_text(value), "high": high}
        )


def parse_whole(value, low: int | None = None, high: int | None = None) -> int:
    """A whole number, within low..high where they are given."""
    number = _whole_number(value)
    if number is None:
        raise CellProblem(
            _("Enter a whole number; “%(value)s” is not one.") % {"value": cell_text(value)}
        )
    _check_range(value, number, low, high)
    return number


def parse_scale(value) -> int:
    """A rating from 1 to 5."""
    try:
        return parse_whole(value, 1, 5)
    except CellProblem:
        # One message for both problems: the scale is small enough to name in full.
        raise CellProblem(
            _("Enter a whole number from 1 to 5; “%(value)s” is not one.")
            % {"value": cell_text(value)}
        ) from None


# 1234.5, 1,234.50 or -12: thousands commas are allowed only in groups of three, so that
# a decimal comma ("12,5") is refused instead of being read as 125.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|[+-]?\.[0-9]+")


def _as_decimal(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float: 0.1, not 0.1000…01.
        return Decimal(repr(value)) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    text = str(value).strip()
    return Decimal(text.replace(",", "")) if _DECIMAL.fullmatch(text) else None


def _rounded(number: Decimal, places: int) -> Decimal | None:
    """The number with exactly `places` decimals; None when it needs more (12.500 needs two)."""
    if -number.normalize().as_tuple().exponent > places:
        return None
    try:
        return number.quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:  # more digits than a Decimal holds
        return None


def parse_decimal(
    value,
    *,
    low: Decimal | int | None = None,
    high: Decimal | int | None = None,
    places: int = 2,
) -> Decimal:
    """A number with at most `places` decimals, within low..high where they are given."""
    number = _as_decimal(value)
    rounded = None if number is None else _rounded(number, places)
    if rounded is None:
        raise CellProblem(
            _(
                "Enter a number with at most %(places)s decimal places, for example 1,234.50; "
                "“%(value)s” is not one."
            )
            % {"places": places, "value": cell_text(value)}
        )
    _check_range(value, rounded, low, high)
    return rounded


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        # Typed as 21/11/2569 into a spreadsheet that does not use the Buddhist calendar.
        if value.year >= 2400:
            return value.replace(year=value.year - BE_OFFSET)
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        # A date kept as Excel's day number, e.g. in a cell formatted as a plain number.
        return parse_date(from_excel(value))
    try:
        return BuddhistDateField().clean(cell_text(value))
    except ValidationError as error:
        raise CellProblem(error.messages[0]) from None


def parse_choice(value, options: OptionSet) -> str:
    resolved = options.resolve(cell_text(value))
    if resolved is None:
        raise CellProblem(
            _("“%(value)s” is not one of the choices of this column: %(choices)s.")
            % {"value": cell_text(value), "choices": options.listed()}
        )
    return resolved
