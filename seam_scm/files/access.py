"""Who may download, see deleted, restore and purge evidence files.

The role matrix (tenancy.roles) stays the one place that names roles: these
rules are phrased in its actions. Pages and the API both ask here.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from seam_scm.tenancy.models import Membership
from seam_scm.tenancy.roles import Action, role_allows

from .models import Attachment

# Deleted files are the coordinators' business: they see them, restore them and
# may purge a file for good. Coordinators are the role that manages the organization.
MANAGE_DELETED = Action.MANAGE_ORGANIZATION


# Records whose files may show personal data (a complainant's ID card, say): modules register
# their models in AppConfig.ready(); their files are for roles that may see personal data.
_personal_data_records: set[str] = set()


def register_personal_data_record(model) -> None:
    _personal_data_records.add(model._meta.label_lower)


def personal_data_records_q(record_type: str = "record_type") -> Q:
    """Matches attachments of the registered records, through the `record_type` relation named
    (a join, so pages pay no extra query for it)."""
    condition = Q(pk__in=[])
    for label in sorted(_personal_data_records):
        app_label, model = label.split(".")
        condition |= Q(**{f"{record_type}__app_label": app_label, f"{record_type}__model": model})
    return condition


def may_see_personal_data(membership: Membership | None) -> bool:
    return membership is not None and role_allows(membership.role, Action.VIEW_PERSONAL_DATA)


def holds_personal_data(attachment: Attachment) -> bool:
    if attachment.record_type_id is None:
        return False
    # get_for_id answers from the manager's cache: no query per attachment on a list page.
    record_type = ContentType.objects.get_for_id(attachment.record_type_id)
    return f"{record_type.app_label}.{record_type.model}" in _personal_data_records


def may_manage_deleted(membership: Membership | None) -> bool:
    return membership is not None and role_allows(membership.role, MANAGE_DELETED)


def may_download(membership: Membership | None, attachment: Attachment) -> bool:
    """The one rule for downloading any version of an attachment (see `downloadable`)."""
    return attachment.pk in downloadable(membership, [attachment])


def downloadable(membership: Membership | None, attachments) -> set[int]:
    """The ids of the attachments the member may download, in a fixed number of queries.

    Every member who may read records may download, except that an assessor
    (the role that reviews assessments) sees evidence through the assessments
    it supports: only files linked to an assessment. A deleted file is only
    for coordinators. A file of a record that holds personal data (a complaint
    case) is only for the roles that may see personal data.
    """
    if membership is None:
        return set()
    candidates = [
        attachment
        for attachment in attachments
        if (not attachment.is_deleted or may_manage_deleted(membership))
        and (not holds_personal_data(attachment) or may_see_personal_data(membership))
    ]
    if role_allows(membership.role, Action.REVIEW_ASSESSMENTS):
        return linked_to_assessment(candidates)
    if role_allows(membership.role, Action.VIEW):
        return {attachment.pk for attachment in candidates}
    return set()


# The assessments module answers which files are evidence for an assessment; it registers
# its check in AppConfig.ready(), so that this core app does not import a module app.
_assessment_link_checks: list = []


def register_assessment_link_check(check) -> None:
    """`check(attachments) -> set of ids` of those linked to an assessment of their organization."""
    _assessment_link_checks.append(check)


def linked_to_assessment(attachments) -> set[int]:
    attachments = list(attachments)
    if not attachments:
        return set()
    linked: set[int] = set()
    for check in _assessment_link_checks:
        linked |= check(attachments)
    return linked
