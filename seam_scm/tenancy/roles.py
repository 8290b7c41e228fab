"""The role matrix: the one place that says which role may do what.

Views, the API and templates ask `role_allows(role, action)`; nothing else
compares role names.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("SE-AM coordinator")
    EDITOR = "editor", _("Editor")
    SECRETARY = "secretary", _("Board secretary")
    ASSESSOR = "assessor", _("Assessor")
    VIEWER = "viewer", _("Viewer")


class Action(StrEnum):
    VIEW = "view"
    EDIT_RECORDS = "edit_records"
    SUBMIT_DOCUMENTS = "submit_documents"
    RECORD_APPROVALS = "record_approvals"
    EXPORT_PACKS = "export_packs"
    EXPORT_ASSESSMENT_PACKS = "export_assessment_packs"
    REVIEW_ASSESSMENTS = "review_assessments"
    VIEW_PERSONAL_DATA = "view_personal_data"
    MANAGE_ORGANIZATION = "manage_organization"
    MANAGE_PRIVACY = "manage_privacy"


_ALL = frozenset(Role)

ROLE_MATRIX: dict[Action, frozenset[Role]] = {
    Action.VIEW: _ALL,
    Action.EDIT_RECORDS: frozenset({Role.COORDINATOR, Role.EDITOR}),
    Action.SUBMIT_DOCUMENTS: frozenset({Role.COORDINATOR, Role.EDITOR}),
    Action.RECORD_APPROVALS: frozenset({Role.COORDINATOR, Role.SECRETARY}),
    # Board approval packs: the people who take documents to the board.
    Action.EXPORT_PACKS: frozenset({Role.COORDINATOR, Role.SECRETARY}),
    # Assessment packs: also the people who write the self-assessment and those who review it.
    Action.EXPORT_ASSESSMENT_PACKS: frozenset(
        {Role.COORDINATOR, Role.EDITOR, Role.SECRETARY, Role.ASSESSOR}
    ),
    Action.REVIEW_ASSESSMENTS: frozenset({Role.ASSESSOR}),
    # Assessors and viewers never see complainants' or representatives' contacts.
    Action.VIEW_PERSONAL_DATA: frozenset({Role.COORDINATOR, Role.EDITOR, Role.SECRETARY}),
    Action.MANAGE_ORGANIZATION: frozenset({Role.COORDINATOR}),
    # The record of processing, privacy notices, data subject requests, the access log and
    # the breach register: the coordinator answers for them to the regulator.
    Action.MANAGE_PRIVACY: frozenset({Role.COORDINATOR}),
}


def role_allows(role: str, action: Action | str) -> bool:
    return Role(role) in ROLE_MATRIX[Action(action)]


def allowed_actions(role: str) -> frozenset[Action]:
    return frozenset(action for action in Action if role_allows(role, action))
