"""Which evidence files an assessor may open: those an assessment links to.

An assessor sees evidence through the assessments it supports (files.access.may_download asks
here): a file linked to a criterion, a file attached to a linked record (a survey's report,
an approved document version's files), in the file's own organization.
"""

from django.contrib.contenttypes.models import ContentType

from .models import EvidenceLink


def is_linked_evidence(attachment) -> bool:
    from seam_scm.approvals.models import VersionAttachment
    from seam_scm.files.models import Attachment

    links = EvidenceLink.objects.filter(organization_id=attachment.organization_id)
    if links.filter(
        record_type=ContentType.objects.get_for_model(Attachment), record_id=attachment.pk
    ).exists():
        return True
    if (
        attachment.record_type_id is not None
        and links.filter(
            record_type_id=attachment.record_type_id, record_id=attachment.record_id
        ).exists()
    ):
        return True
    version_ids = VersionAttachment.objects.filter(file_version__attachment=attachment).values_list(
        "version_id", flat=True
    )
    return links.filter(
        kind__in=_version_kinds(), record_id__in=list(version_ids)
    ).exists() or _is_linked_survey_report(attachment, links)


def _version_kinds() -> list[str]:
    from .evidence import EVIDENCE_KINDS

    return [
        key
        for key, kind in EVIDENCE_KINDS.items()
        if kind.model_label == "approvals.DocumentVersion"
    ]


def _is_linked_survey_report(attachment, links) -> bool:
    from customers.models import Survey

    surveys = Survey.objects.filter(report=attachment).values_list("pk", flat=True)
    return links.filter(kind="survey", record_id__in=list(surveys)).exists()
