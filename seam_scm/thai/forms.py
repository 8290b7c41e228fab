"""Form fields for Thai conventions: dates typed and shown in the Buddhist Era."""

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .dates import BE_OFFSET

_BE_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


class BuddhistDateInput(forms.TextInput):
    """Shows 21/11/2569 for 21 November 2026."""

    def __init__(self, attrs=None):
        super().__init__(
            {"placeholder": _("dd/mm/yyyy (B.E.)"), "inputmode": "numeric", **(attrs or {})}
        )

    def format_value(self, value):
        if isinstance(value, dt.date):
            return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"
        return value


class BuddhistDateField(forms.DateField):
    """A date entered as day/month/year in the Buddhist Era, e.g. 21/11/2569."""

    widget = BuddhistDateInput
    default_error_messages = {
        "invalid": _(
            "Enter the date as day/month/year in the Buddhist Era, for example 21/11/2569."
        ),
        "not_buddhist_era": _(
            "The year looks like a Christian Era year; "
            "enter the Buddhist Era year, for example 2569."
        ),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        match = _BE_DATE.match(str(value))
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        day, month, year = (int(part) for part in match.groups())
        if year < 2400:
            raise forms.ValidationError(
                self.error_messages["not_buddhist_era"], code="not_buddhist_era"
            )
        try:
            return dt.date(year - BE_OFFSET, month, day)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
