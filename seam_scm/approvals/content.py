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

from dataclasses import dataclass, field
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


@dataclass
class PackSection:
    """Supporting data a board approval pack shows beside a document (see pack_sections).

    `template_name` renders it inside the pack's PDF (packs/pdf/base.html CSS; h2 for its
    title is written by the pack, the template starts with its content and uses h3 below);
    `context` is what the template needs besides `show_personal_data`.
    """

    title: str
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)
    # Set by the pack: the id of the section's heading (for the table of contents) and the
    # section rendered.
    anchor: str = ""
    html: str = ""


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

    # The board approval pack (approvals/pack.py) renders the content with this template
    # (context: version, show_personal_data) instead of `template_name` when it is set: a web
    # template with links and buttons does not belong in a printed document.
    pack_template_name: str = ""

    def pack_sections(
        self, version: DocumentVersion, *, show_personal_data: bool, fiscal_year: int
    ) -> list[PackSection]:
        """The data the board needs beside the document (VOC, KPIs, ...) for the fiscal year
        (B.E.) of the meeting. Runs in the pack's worker inside the organization's scope, so
        it reads with few queries; nothing personal unless `show_personal_data`."""
        return []

    def pack_redactions(self, version: DocumentVersion) -> dict[str, str]:
        """Texts of the snapshot that are personal data, each with what a pack without
        personal data shows instead (the changes table compares snapshots as text)."""
        return {}


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
