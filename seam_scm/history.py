"""What the history pages show: every saved change of a record, who made it, which fields.

Every TenantModel keeps its history with django-simple-history. History tables are not scoped
by django-scopes, so the queries here filter by organization themselves.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class HistoryRow:
    when: dt.datetime
    user: object
    change: str
    fields: list[str]
    what: str = ""  # in a merged history: which record changed


def _rows(model, historical_rows: list, describe: Callable | None = None) -> list[HistoryRow]:
    """One record's historical rows (newest first), each compared with the one before it."""
    labels = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
    history = []
    for index, row in enumerate(historical_rows):
        older = historical_rows[index + 1] if index + 1 < len(historical_rows) else None
        changed = []
        if older is not None and row.history_type == "~":
            delta = row.diff_against(older, excluded_fields=["updated_at", "created_at"])
            names = {change.field for change in delta.changes}
            changed = [str(f.verbose_name) for f in model._meta.concrete_fields if f.name in names]
        history.append(
            HistoryRow(
                row.history_date,
                row.history_user,
                labels[row.history_type],
                changed,
                describe(row) if describe else "",
            )
        )
    return history


def history_of(record) -> list[HistoryRow]:
    """Every saved change of the record, newest first.

    Changes of many-to-many lists are not in it: simple-history does not track them.
    """
    model = type(record)
    # An organization is the tenant itself; every other record's rows carry its organization.
    tenant = (
        {"organization_id": record.organization_id} if hasattr(record, "organization_id") else {}
    )
    rows = list(
        model.history.filter(**tenant, id=record.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    return _rows(model, rows)


def merged_history(record, child_model, parent_field: str, describe: Callable) -> list[HistoryRow]:
    """The record's history and its child rows' (deleted ones too), newest first.

    `describe(historical_child_row)` names the child in each row. Two queries.
    """
    rows = list(
        child_model.history.filter(
            organization_id=record.organization_id, **{f"{parent_field}_id": record.pk}
        )
        .select_related("history_user")
        .order_by("id", "-history_date", "-history_id")
    )
    by_child: dict[int, list] = defaultdict(list)
    for row in rows:
        by_child[row.id].append(row)
    children = [
        entry for versions in by_child.values() for entry in _rows(child_model, versions, describe)
    ]
    return sorted([*history_of(record), *children], key=lambda entry: entry.when, reverse=True)
