"""The board approval pack: one governed document version, ready for the board meeting.

What a director reads, in order: a cover (organization, logo, document, meeting, agenda item,
dates in the Buddhist Era), the contents, a summary with what the board is asked to decide,
the document itself rendered from its structured data, the supporting data its module offers
(content_for(kind).pack_sections: VOC, surveys, complaint KPIs, stakeholder analysis), what
changed since the last approved version, the resolution page with spaces for the decision and
the signatures, and the version's files as an annex (PDFs appended, others attached).

Registered by ApprovalsConfig.ready(); the packs machinery runs `collect` in the worker, inside
the organization's scope and the requester's language.
"""

import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from seam_scm.packs.kinds import (
    IncludedFile,
    PackContent,
    PackKindSpec,
    logo_data_uri,
    register_pack_kind,
)
from seam_scm.packs.models import PackKind
from seam_scm.tenancy.roles import Action
from seam_scm.thai.dates import FiscalYear

from .content import PackSection, content_for
from .models import FROZEN_STATUSES, DocumentVersion, VersionStatus
from .snapshot import FieldChange, diff_versions

TEMPLATE = "approvals/pack/board.html"


def pack_title(version: DocumentVersion, options: dict) -> str:
    return _("%(title)s, version %(number)s") % {
        "title": version.document.title,
        "number": version.number,
    }


def meeting_fiscal_year(version: DocumentVersion, meeting_date) -> int:
    """The fiscal year (B.E.) of the meeting, or of today when the request names no date, by
    the organization's fiscal year start."""
    start_month = version.organization.fiscal_year_start_month
    return FiscalYear.containing(meeting_date or timezone.localdate(), start_month).year


def fiscal_year_of(version: DocumentVersion) -> int:
    return meeting_fiscal_year(version, None)


# --- what the pack shows ---------------------------------------------------------------------


@dataclass(frozen=True)
class ShownChange:
    """A row of the changes table, with personal data withheld where the pack must not show it."""

    label: str
    field: str
    old: str
    new: str
    kind: str


def _redact(text: str, redactions: dict[str, str]) -> str:
    for personal, shown in redactions.items():
        text = text.replace(personal, shown)
    return text


def readable_field(field: str) -> str:
    """A content field's path as a reader can follow it: "content.standards[2].target" ->
    "standards 2 · target" (the common fields have labels of their own)."""
    path = field.removeprefix("content.")
    path = re.sub(r"\[(\d+)\]", r" \1", path)
    return path.replace(".", " · ").replace("_", " ")


# Bookkeeping a director does not read: the keys that carry a row across versions, ids of
# linked rows, file sizes (a file's change shows in its name and SHA-256).
HIDDEN_FIELD_ENDINGS = (".key", "_key", "_id", ".size")


def shown_changes(changes: list[FieldChange], redactions: dict[str, str]) -> list[ShownChange]:
    return [
        ShownChange(
            label=change.label if change.label != change.field else readable_field(change.field),
            field=change.field,
            old=_redact(change.old, redactions),
            new=_redact(change.new, redactions),
            kind=change.kind,
        )
        for change in changes
        if not change.field.endswith(HIDDEN_FIELD_ENDINGS)
    ]


def previous_approved(version: DocumentVersion) -> DocumentVersion | None:
    """The newest version of the same document approved before this one (superseded or not)."""
    return (
        DocumentVersion.objects.filter(
            document_id=version.document_id,
            status__in=FROZEN_STATUSES,
            number__lt=version.number,
        )
        .select_related("approval", "document")
        .order_by("-number")
        .first()
    )


def decision_asked(version: DocumentVersion) -> str:
    return _(
        "To consider and approve “%(title)s” (%(kind)s), version %(number)s, as set out in "
        "this pack."
    ) % {
        "title": version.title,
        "kind": version.document.get_kind_display(),
        "number": version.number,
    }


def _rendered(section: PackSection, show_personal_data: bool) -> SafeString:
    context = {**section.context, "show_personal_data": show_personal_data}
    # Rendered by our own template, which escapes what it shows.
    return mark_safe(render_to_string(section.template_name, context))


def collect(pack, progress) -> PackContent:
    progress(2, _("Reading the document"))
    version = DocumentVersion.objects.select_related(
        "document", "document__owner_unit", "approval", "organization"
    ).get(pk=pack.subject_id)
    document = version.document
    organization = pack.organization
    show_personal_data = pack.includes_personal_data
    content = content_for(document.kind)
    submitted = (
        version.transitions.filter(to_status=VersionStatus.SUBMITTED)
        .order_by("-created_at", "-id")
        .first()
    )

    progress(4, _("Comparing with the last approved version"))
    previous = previous_approved(version)
    changes = diff_versions(previous, version) if previous is not None else []
    redactions = {} if show_personal_data else content.pack_redactions(version)

    progress(6, _("Collecting the supporting data"))
    sections = content.pack_sections(
        version, show_personal_data=show_personal_data, fiscal_year=pack.fiscal_year
    )
    for number, section in enumerate(sections, start=1):
        section.anchor = f"supporting-{number}"
        section.html = _rendered(section, show_personal_data)

    progress(8, _("Listing the document's files"))
    files = [
        IncludedFile(version=item.file_version, label=item.label, section=_("Annex"))
        for item in version.attachments.select_related("file_version").order_by("id")
    ]

    toc = [
        {"anchor": "summary", "title": _("Summary for the board"), "level": 1},
        {"anchor": "document", "title": _("The document"), "level": 1},
    ]
    if sections:
        toc.append({"anchor": "supporting", "title": _("Supporting data"), "level": 1})
        toc += [{"anchor": s.anchor, "title": s.title, "level": 2} for s in sections]
    toc += [
        {
            "anchor": "changes",
            "title": _("Changes since the last approved version"),
            "level": 1,
        },
        {"anchor": "resolution", "title": _("Resolution of the board"), "level": 1},
        {"anchor": "annex", "title": _("Annex: the document's files"), "level": 1},
    ]

    progress(10, _("Preparing the pages"))
    context = {
        "pack": pack,
        "organization": organization,
        "version": version,
        "document": document,
        "approval": getattr(version, "approval", None),
        "submitted": submitted,
        "logo_uri": logo_data_uri(organization),
        "today": timezone.localdate(),
        "fiscal_year": FiscalYear.named(pack.fiscal_year, organization.fiscal_year_start_month),
        "decision": decision_asked(version),
        "content_template": content.pack_template_name or content.template_name,
        "show_personal_data": show_personal_data,
        "sections": sections,
        "previous": previous,
        "changes": shown_changes(changes, redactions),
        "toc": toc,
    }
    return PackContent(TEMPLATE, context, files)


def register() -> None:
    register_pack_kind(
        PackKindSpec(
            kind=PackKind.BOARD,
            action=Action.EXPORT_PACKS,
            subject_model=DocumentVersion,
            title=pack_title,
            fiscal_year=fiscal_year_of,
            collect=collect,
            meeting_fiscal_year=meeting_fiscal_year,
        )
    )
