"""How a module describes a kind of pack: what it is about and what goes into it.

The packs machinery (jobs, rendering, PDF assembly, downloads) knows no module.
A module registers a `PackKindSpec` in its AppConfig.ready(); the board pack is
registered by the approvals app, the assessment pack by the assessments app.
`collect` returns a template and its context plus the stored files the pack
includes, in reading order. The template extends "packs/pdf/base.html" and places
each file with `{% include "packs/pdf/included_file.html" %}`: a PDF's pages are
appended there, any other file is embedded in the PDF as an attachment, and the
manifest lists them all with their SHA-256.
"""

import base64
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import Model

from seam_scm.files.models import FileVersion
from seam_scm.tenancy.roles import Action

Progress = Callable[[int, str], None]


@dataclass(eq=False)
class IncludedFile:
    """A stored file the pack includes. The kind fills the first fields; staging the rest."""

    version: FileVersion
    label: str
    # Where in the pack it belongs, for the manifest (e.g. "CM 1.1").
    section: str = ""
    # Set by the machinery before rendering:
    number: int = 0
    path: Path | None = None
    sha256: str = ""
    pdf_pages: int = 0  # 0: not appended, embedded as an attachment instead
    embedded_name: str = ""

    @property
    def anchor(self) -> str:
        return f"included-file-{self.number}"

    @property
    def appended(self) -> bool:
        return self.pdf_pages > 0

    def page_anchor(self, page: int) -> str:
        return f"{self.anchor}-page-{page}"

    @property
    def pages(self) -> list[tuple[int, str]]:
        """(number, anchor) of each appended page, for the templates."""
        return [(page, self.page_anchor(page)) for page in range(1, self.pdf_pages + 1)]


@dataclass
class PackContent:
    template_name: str
    context: dict[str, Any]
    files: list[IncludedFile] = field(default_factory=list)


@dataclass(frozen=True)
class PackKindSpec:
    kind: str
    # Who may request and download packs of this kind.
    action: Action
    subject_model: type[Model]
    # (subject, options) -> the pack's title.
    title: Callable[[Any, dict], str]
    # subject -> the fiscal year (B.E.) the pack is filed under.
    fiscal_year: Callable[[Any], int]
    # (pack, progress) -> what goes into the PDF. Runs in the worker, inside the
    # organization's scope and the requester's language.
    collect: Callable[[Any, Progress], PackContent]
    # A pack made for a meeting (the board pack) is filed under the fiscal year of the meeting:
    # (subject, meeting date or None) -> the fiscal year (B.E.); used instead of fiscal_year.
    meeting_fiscal_year: Callable[[Any, dt.date | None], int] | None = None


_kinds: dict[str, PackKindSpec] = {}


def register_pack_kind(spec: PackKindSpec) -> None:
    _kinds[spec.kind] = spec


def pack_kind(kind: str) -> PackKindSpec:
    return _kinds[kind]


def logo_data_uri(organization) -> str:
    """The organization's logo for a cover, inline as a data: URI ("" without one).

    Inline, because WeasyPrint cannot fetch a private file from the evidence storage (which
    may be a bucket). A logo that cannot be read must not stop the pack: the cover then shows
    the monogram of the short name instead.
    """
    from seam_scm.tenancy.services import logo_content_type

    logo = organization.logo
    if not logo:
        return ""
    try:
        with logo.storage.open(logo.name, "rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    return f"data:{logo_content_type(data[:8])};base64,{base64.b64encode(data).decode('ascii')}"
