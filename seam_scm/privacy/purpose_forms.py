"""Choosing a record's purpose of processing: the forms of every module holding personal data
offer the purposes of the record of processing, labelled with their lawful basis and retention
period; the lawful basis follows from the purpose (services.apply_purpose).

Kept apart from consent_forms so that modules' forms can import it without import cycles.
"""

from django import forms
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ProcessingActivity


def retention_text(months: int) -> str:
    """24 -> "2 years", 18 -> "1 year 6 months", 6 -> "6 months"."""
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(ngettext("%(n)s year", "%(n)s years", years) % {"n": years})
    if rest or not years:
        parts.append(ngettext("%(n)s month", "%(n)s months", rest) % {"n": rest})
    return " ".join(parts)


def purpose_name(activity: ProcessingActivity) -> str:
    """The purpose in the reader's language (Thai unless English is chosen and written)."""
    if (get_language() or "").startswith("en") and activity.purpose_en:
        return activity.purpose_en
    return activity.purpose


def purpose_label(activity: ProcessingActivity) -> str:
    """“<purpose> — <basis> (kept <N years/months>)”."""
    return _("%(purpose)s — %(basis)s (kept %(retention)s)") % {
        "purpose": purpose_name(activity),
        "basis": activity.get_lawful_basis_display(),
        "retention": retention_text(activity.retention_months),
    }


class PurposeChoiceField(forms.ModelChoiceField):
    """A purpose of the record of processing, labelled with its basis and retention period.

    Its choices are a list (services.purposes_for), so set them with `set_purposes`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Purpose of processing"))
        kwargs.setdefault(
            "help_text",
            _(
                "From the record of processing: why the organization keeps this person's data. "
                "Its lawful basis and retention period apply."
            ),
        )
        super().__init__(queryset=ProcessingActivity.objects.none(), **kwargs)

    def set_purposes(self, module: str, *, current_id: int | None = None) -> None:
        ids = [activity.pk for activity in services.purposes_for(module, current_id=current_id)]
        self.queryset = ProcessingActivity.objects.filter(pk__in=ids).order_by("order", "id")

    def label_from_instance(self, obj) -> str:
        return purpose_label(obj)
