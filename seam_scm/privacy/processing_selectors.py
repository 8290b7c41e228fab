"""Reads of the record of processing: its purposes, how many records of each module name each
purpose, and the retention period in words. Callers activate the organization's scope first."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import registry
from .models import DataModule, ProcessingActivity


@dataclass(frozen=True)
class RecordCount:
    """How many records of one kind (a registry holder) name a purpose."""

    module: str  # the module's label
    label: str  # the kind of record, e.g. "complaint case"
    count: int


def retention_text(months: int) -> str:
    """A retention period in years and months: "5 years", "2 years 6 months", "6 months"."""
    years, rest = divmod(months, 12)
    year_text = ngettext("%(years)s year", "%(years)s years", years) % {"years": years}
    month_text = ngettext("%(months)s month", "%(months)s months", rest) % {"months": rest}
    if years and rest:
        return _("%(years)s %(months)s") % {"years": year_text, "months": month_text}
    return year_text if years else month_text


def activities() -> list[ProcessingActivity]:
    """Every purpose of the organization's record of processing, in use or retired."""
    return list(ProcessingActivity.objects.order_by("order", "id"))


def purposes_in_use() -> list[ProcessingActivity]:
    return list(ProcessingActivity.objects.filter(is_active=True).order_by("order", "id"))


def record_counts() -> dict[int, list[RecordCount]]:
    """Per purpose (by id), how many records of each kind name it: one query per kind of
    record, whatever the number of purposes. Erased records still count: they keep their
    purpose."""
    counts: dict[int, list[RecordCount]] = defaultdict(list)
    for holder in registry.holders():
        rows = (
            holder.queryset()
            .exclude(processing_activity=None)
            .order_by()
            .values("processing_activity")
            .annotate(n=Count("pk"))
        )
        module = str(DataModule(holder.module).label)
        for row in rows:
            counts[row["processing_activity"]].append(
                RecordCount(module=module, label=holder.label, count=row["n"])
            )
    return dict(counts)


def records_by_module(activity: ProcessingActivity) -> dict[str, int]:
    """How many records of each module (its value) name the purpose."""
    counts: dict[str, int] = defaultdict(int)
    for holder in registry.holders():
        counts[str(holder.module)] += holder.queryset().filter(processing_activity=activity).count()
    return {module: n for module, n in counts.items() if n}
