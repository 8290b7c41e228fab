"""What a version contains, as plain data: kept with the approval, compared in diffs."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .content import content_for
from .models import DocumentVersion

FIELD_LABELS = {
    "document.title": _("Document title"),
    "document.reference": _("Reference"),
    "version.title": _("Title"),
    "version.summary": _("Summary"),
    "version.body": _("Text of the document"),
    "version.change_note": _("What changed"),
}


def build_snapshot(version: DocumentVersion) -> dict[str, Any]:
    document = version.document
    return {
        "document": {
            "kind": document.kind,
            "title": document.title,
            "reference": document.reference,
        },
        "version": {
            "number": version.number,
            "title": version.title,
            "summary": version.summary,
            "body": version.body,
            "change_note": version.change_note,
        },
        "files": [
            {
                "label": item.label,
                "file_name": item.file_version.original_name,
                "sha256": item.file_version.sha256,
                "size": item.file_version.size,
                "file_version_id": item.file_version_id,
            }
            for item in version.attachments.select_related("file_version")
        ],
        "content": content_for(document.kind).snapshot(version),
    }


def snapshot_of(version: DocumentVersion) -> dict[str, Any]:
    """The approved snapshot when there is one (exactly what the board saw), else the live one."""
    approval = getattr(version, "approval", None)
    return approval.snapshot if approval is not None else build_snapshot(version)


def flatten(data: Any, prefix: str = "") -> dict[str, str]:
    """{"a": {"b": [x, y]}} -> {"a.b[1]": x, "a.b[2]": y}: any two snapshots compare by key."""
    if isinstance(data, dict):
        flat: dict[str, str] = {}
        for key, value in data.items():
            flat.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(data, list):
        flat = {}
        for index, value in enumerate(data, start=1):
            flat.update(flatten(value, f"{prefix}[{index}]"))
        return flat
    return {prefix: "" if data is None else str(data)}


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str

    @property
    def kind(self) -> str:
        if not self.old:
            return "added"
        if not self.new:
            return "removed"
        return "changed"


# Stored snapshots come back from PostgreSQL's jsonb with their keys re-ordered, so the
# order a reader expects is spelled out: document, version, files, then module content.
SECTIONS = ["document", "version", "files", "content"]
FIELD_ORDER = [*FIELD_LABELS, "version.number"]


def _reading_order(field: str) -> tuple:
    section = field.split(".")[0].split("[")[0]
    rank = FIELD_ORDER.index(field) if field in FIELD_ORDER else len(FIELD_ORDER)
    return (SECTIONS.index(section) if section in SECTIONS else len(SECTIONS), rank, field)


# Bookkeeping that differs between any two versions and says nothing to a reader.
IGNORED = {"version.number"}


def diff_versions(old: DocumentVersion, new: DocumentVersion) -> list[FieldChange]:
    before, after = flatten(snapshot_of(old)), flatten(snapshot_of(new))
    changes = []
    for field in sorted(before.keys() | after.keys(), key=_reading_order):
        if field in IGNORED or field.endswith(".file_version_id"):
            continue
        if before.get(field, "") != after.get(field, ""):
            label = str(FIELD_LABELS.get(field, field))
            changes.append(FieldChange(field, label, before.get(field, ""), after.get(field, "")))
    return changes
