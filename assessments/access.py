"""Which evidence files an assessor may open: those an assessment links to.

An assessor sees evidence through the assessments it supports (files.access.downloadable asks
here): a file linked to a criterion, or a file of a linked record (a survey's report, an
approved document version's files, any file attached to the record), in the file's own
organization. A fixed number of queries for any number of files, so lists stay flat.
"""

from collections import defaultdict

from django.db.models import Q

from .models import EvidenceLink


def linked_evidence_ids(attachments) -> set[int]:
    from customers.models import Survey
    from seam_scm.approvals.models import VersionAttachment

    attachments = list(attachments)
    ids = {attachment.pk for attachment in attachments}
    organizations = {attachment.organization_id for attachment in attachments}
    links = EvidenceLink.objects.filter(organization_id__in=organizations)
    # The content type by a join, not a lookup: the first page of a process costs no more.
    files = {"record_type__app_label": "files", "record_type__model": "attachment"}
    linked = set(links.filter(record_id__in=ids, **files).values_list("record_id", flat=True))
    # Files attached to a linked record.
    by_record = defaultdict(set)
    for attachment in attachments:
        if attachment.record_type_id is not None:
            by_record[(attachment.record_type_id, attachment.record_id)].add(attachment.pk)
    if by_record:
        records = Q()
        for record_type_id, record_id in by_record:
            records |= Q(record_type_id=record_type_id, record_id=record_id)
        for key in links.filter(records).values_list("record_type_id", "record_id"):
            linked |= by_record[key]
    # Files of a linked document version, and the reports of linked surveys.
    linked |= _through(
        links.filter(kind__in=_version_kinds()),
        VersionAttachment.objects.filter(file_version__attachment_id__in=ids).values_list(
            "version_id", "file_version__attachment_id"
        ),
    )
    linked |= _through(
        links.filter(kind="survey"),
        Survey.objects.filter(report_id__in=ids).values_list("pk", "report_id"),
    )
    return linked


def _through(links, pairs) -> set[int]:
    """Attachments whose (record id, attachment id) pair names a linked record."""
    by_record = defaultdict(set)
    for record_id, attachment_id in pairs:
        by_record[record_id].add(attachment_id)
    if not by_record:
        return set()
    found = links.filter(record_id__in=list(by_record)).values_list("record_id", flat=True)
    return {attachment for record_id in found for attachment in by_record[record_id]}


def _version_kinds() -> list[str]:
    from .evidence import EVIDENCE_KINDS

    return [
        key
        for key, kind in EVIDENCE_KINDS.items()
        if kind.model_label == "approvals.DocumentVersion"
    ]
