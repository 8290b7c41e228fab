"""Reads of evidence files, for the pages, the API and other modules.

They run inside the request's organization scope, like every tenant query.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from seam_scm.tenancy.models import Membership

from .access import may_manage_deleted, may_see_personal_data, personal_data_records_q
from .models import Attachment, ChangeReason, DownloadLog, FileVersion
from .validation import TYPE_BY_KEY


def visible_attachments(membership: Membership) -> QuerySet[Attachment]:
    """Every attachment the member may open: deleted ones only for coordinators, files of
    records holding personal data only for the roles that may see it."""
    attachments = Attachment.objects.all()
    if not may_manage_deleted(membership):
        attachments = attachments.filter(deleted_at__isnull=True)
    if not may_see_personal_data(membership):
        attachments = attachments.exclude(personal_data_records_q())
    return attachments


def visible_versions(membership: Membership) -> QuerySet[FileVersion]:
    versions = FileVersion.objects.select_related("attachment", "uploaded_by")
    if not may_manage_deleted(membership):
        versions = versions.filter(attachment__deleted_at__isnull=True)
    if not may_see_personal_data(membership):
        versions = versions.exclude(personal_data_records_q("attachment__record_type"))
    return versions


def attachment_list(
    membership: Membership, *, search: str = "", type_key: str = "", deleted: bool = False
) -> QuerySet[Attachment]:
    """The list page and the API list: live files, or (for coordinators) the deleted ones."""
    attachments = (
        visible_attachments(membership)
        .filter(deleted_at__isnull=not deleted)
        .select_related("current_version__uploaded_by", "deleted_by")
        .annotate(version_count=Count("versions"))
        # A query with an aggregate does not use Meta.ordering: pages need a stable order.
        .order_by("-effective_date", "-id")
    )
    if search := search.strip():
        attachments = attachments.filter(
            Q(title__icontains=search) | Q(current_version__original_name__icontains=search)
        )
    if type_key in TYPE_BY_KEY:
        attachments = attachments.filter(current_version__content_type=TYPE_BY_KEY[type_key].mime)
    return attachments


def with_versions(attachments: QuerySet[Attachment]) -> QuerySet[Attachment]:
    """Attachments with their versions and uploaders, in a fixed number of queries."""
    return attachments.select_related(
        "current_version__uploaded_by", "deleted_by"
    ).prefetch_related(
        Prefetch("versions", queryset=FileVersion.objects.select_related("uploaded_by"))
    )


def attachments_of(record) -> QuerySet[Attachment]:
    """The live files attached to a record of any module."""
    return Attachment.objects.filter(
        record_type=ContentType.objects.get_for_model(record),
        record_id=record.pk,
        deleted_at__isnull=True,
    ).select_related("current_version")


def recent_downloads(attachment: Attachment, limit: int = 20) -> list[DownloadLog]:
    return list(
        DownloadLog.objects.filter(file_version__attachment=attachment).select_related("user")[
            :limit
        ]
    )


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    user: object
    change: str


def attachment_history(attachment: Attachment) -> list[HistoryEntry]:
    """Every change to the attachment, newest first, with the acting user.

    History tables are not scoped by django-scopes: filtered by organization here.
    """
    rows = (
        Attachment.history.filter(organization_id=attachment.organization_id, id=attachment.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    numbers = dict(FileVersion.objects.filter(attachment=attachment).values_list("id", "number"))
    return [
        HistoryEntry(row.history_date, row.history_user, _describe(row, numbers)) for row in rows
    ]


def _describe(row, version_numbers: dict[int, int]) -> str:
    number = version_numbers.get(row.current_version_id)
    labels = {
        ChangeReason.UPLOADED: _("Uploaded"),
        ChangeReason.REPLACED: _("Version %(number)s uploaded and made current")
        % {"number": number},
        ChangeReason.DELETED: _("Deleted"),
        ChangeReason.RESTORED: _("Restored"),
        ChangeReason.PURGED: _("Deleted permanently"),
    }
    if row.history_change_reason in labels:
        return labels[row.history_change_reason]
    return {"+": _("Created"), "-": _("Deleted permanently")}.get(row.history_type, _("Changed"))


def purged_attachments(organization_id: int, limit: int = 50) -> list:
    """The last rows of attachments a coordinator deleted for good: who, when, what."""
    return list(
        Attachment.history.filter(organization_id=organization_id, history_type="-")
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
