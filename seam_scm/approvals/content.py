"""How a module plugs its own structured content into governed documents.

Every version has the common fields (title, summary, body) and pinned files.
A module whose documents hold more (the charter's service standards, the
items of a relationship plan, ...) keeps them in its own models, each with a
foreign key to DocumentVersion, and registers a `DocumentContent` for its
document kind in its AppConfig.ready():

    register_content(DocumentKind.SERVICE_CHARTER, CharterContent())

The approvals mechanism then snapshots that content when the board approves
a version, copies it into the next draft, shows it in diffs, renders it on
the version and public pages, and freezes its tables in the database.
"""

from typing import Any

from django.db.models import Model

from .db import freeze_with_version
from .models import DocumentVersion


def copy_rows(rows, target: DocumentVersion, **overrides) -> dict[int, Model]:
    """Copy content rows into the draft `target`, keeping every other field (keys included).

    `overrides` name fields to set on each copy, to a value or to a function of the copy (to
    point a row at the copy of its parent). Returns the copies by the source rows' ids.
    """
    copies = {}
    for row in rows:
        source_id = row.pk
        row.pk = None
        row.id = None
        row._state.adding = True
        row.version = target
        for name, value in overrides.items():
            setattr(row, name, value(row) if callable(value) else value)
        row.save()
        copies[source_id] = row
    return copies


def unit_label(unit) -> str:
    """How a snapshot names a unit: code and Thai name, stable across languages."""
    return f"{unit.code} {unit.name_th}" if unit else ""


class DocumentContent:
    """The common case: no content beyond the version's own fields."""

    # Models whose rows belong to a version through a `version` foreign key.
    models: tuple[type[Model], ...] = ()
    # A template rendering the content (context: version); "" for none.
    template_name: str = ""
    # Documents whose module keeps a row of its own beside them (a relationship plan's business
    # line and year, ...) are declared on the module's pages, not the generic document form.
    declared_by_module: bool = False

    def snapshot(self, version: DocumentVersion) -> dict[str, Any]:
        """JSON-safe data that says exactly what this version contains."""
        return {}

    def copy(self, source: DocumentVersion, target: DocumentVersion) -> None:
        """Copy the content of `source` into the new draft `target`."""


_registry: dict[str, DocumentContent] = {}
_general = DocumentContent()


def register_content(kind: str, content: DocumentContent) -> None:
    _registry[kind] = content
    for model in content.models:
        freeze_with_version(model)


def content_for(kind: str) -> DocumentContent:
    return _registry.get(kind, _general)


def kinds_declared_by_modules() -> set[str]:
    return {kind for kind, content in _registry.items() if content.declared_by_module}
