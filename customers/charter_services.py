"""Writes to the customer service charter and service standards (criterion 5.1).

The charter is THE governed document of kind `service_charter` of an organization: there is
no wrapper model, and an organization has at most one. Its versions go through the approvals
pages (submit, the board's approval, publication, new draft). The structured content of a
version (introduction in English, commitments, service standards with their protocols,
blueprint steps, guidelines at critical points, the service recovery plan) may change only
while that version is a draft or returned; once approved, the database freezes it.

Pages, the API and the demo data call these functions; each validates with full_clean()
and raises ValidationError in the people's words (field errors where a field is to blame).
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seam_scm.approvals import content_rows
from seam_scm.approvals import services as approvals
from seam_scm.approvals.models import DocumentKind, DocumentVersion, GovernedDocument
from seam_scm.tenancy.models import Organization

from .models import (
    BlueprintStep,
    CharterCommitment,
    CharterIntro,
    JourneyStage,
    RecoveryScenario,
    ServiceGuideline,
    ServiceStandard,
)

# The document's title is part of what the board approves, so it is always Thai.
CHARTER_TITLE = "กฎบัตรและมาตรฐานการให้บริการลูกค้า"
CHARTER_REFERENCE = "CSC"

NOT_EDITABLE = gettext_lazy(
    "The charter can only be changed while its latest version is a draft or returned. "
    "Start a new draft on the approvals page to change an approved charter."
)
NO_DRAFT = gettext_lazy(
    "The charter has no draft to change. Start a new draft on the approvals page first."
)
NOT_THE_CHARTER = gettext_lazy("This version is not a version of the service charter.")
ALREADY_EXISTS = gettext_lazy(
    "The organization already has its service charter; change it through a new draft."
)
OTHER_VERSION = gettext_lazy("Choose a service of the same charter version.")
OTHER_ORGANIZATION = gettext_lazy("This belongs to another organization.")
NOT_CRITICAL_STAGE = gettext_lazy(
    "Choose a stage of a journey map that is marked as a critical point (moment of truth)."
)
EMERGENCY_NEEDS_CONTINUITY = gettext_lazy(
    "An emergency scenario must name the business continuity plan it follows."
)
TIME_LIMIT_NEEDS_UNIT = gettext_lazy("Choose the unit of the time limit.")
TIME_UNIT_NEEDS_LIMIT = gettext_lazy("Enter the time limit, or leave its unit empty.")


# --- the document --------------------------------------------------------------------------


def charter_document() -> GovernedDocument | None:
    """The organization's charter (inside its scope), or None before it is created."""
    return GovernedDocument.objects.filter(kind=DocumentKind.SERVICE_CHARTER).order_by("id").first()


def open_draft(document: GovernedDocument | None = None) -> DocumentVersion | None:
    """The charter's version that may be edited now (draft or returned), if any."""
    document = document or charter_document()
    if document is None:
        return None
    latest = document.versions.order_by("-number").first()
    return latest if latest is not None and latest.is_editable else None


@transaction.atomic
def create_charter(*, organization: Organization, by) -> GovernedDocument:
    """Declare the charter with its first, empty draft; an organization has only one."""
    # Lock the organization so that two people creating it at once make one charter.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    if GovernedDocument.objects.filter(
        organization=organization, kind=DocumentKind.SERVICE_CHARTER
    ).exists():
        raise ValidationError(str(ALREADY_EXISTS), code="charter_exists")
    return approvals.declare_document(
        organization=organization,
        by=by,
        kind=DocumentKind.SERVICE_CHARTER,
        title=CHARTER_TITLE,
        reference=CHARTER_REFERENCE,
    )


# --- rules shared by every content row -----------------------------------------------------


def require_editable(version: DocumentVersion) -> None:
    content_rows.require_editable(version, NOT_EDITABLE)


def _charter_version(row: Model) -> DocumentVersion:
    """The row's version, locked, after checking it is an editable version of the charter."""
    return content_rows.editable_version_of(
        row,
        kind=DocumentKind.SERVICE_CHARTER,
        no_draft=NO_DRAFT,
        wrong_document=NOT_THE_CHARTER,
        not_editable=NOT_EDITABLE,
        other_organization=OTHER_ORGANIZATION,
    )


def _check_related(row: Model, errors: dict, *fields: str) -> None:
    content_rows.refuse_other_organizations(row, errors, OTHER_ORGANIZATION, *fields)


def _check_same_version(row: Model, errors: dict) -> None:
    if row.standard_id is not None and row.standard.version_id != row.version_id:
        errors.setdefault("standard", []).append(str(OTHER_VERSION))


_validated_save = content_rows.validated_save


def _delete(row: Model) -> None:
    version = DocumentVersion.objects.select_for_update().get(pk=row.version_id)
    require_editable(version)
    row.delete()


_next_order = content_rows.next_order


# --- introduction --------------------------------------------------------------------------


@transaction.atomic
def save_intro(intro: CharterIntro) -> CharterIntro:
    """The English title and summary and the contacts of a draft (one per version)."""
    _charter_version(intro)
    errors: dict = {}
    existing = CharterIntro.objects.filter(version_id=intro.version_id).exclude(pk=intro.pk)
    if existing.exists():
        errors["version"] = [_("This version already has its introduction; change that one.")]
    return _validated_save(intro, errors)


@transaction.atomic
def update_intro(*, version: DocumentVersion, **fields) -> CharterIntro:
    """Create or change the introduction of a draft version (upsert)."""
    intro = CharterIntro.objects.filter(version=version).first() or CharterIntro(
        organization_id=version.organization_id, version=version
    )
    for name, value in fields.items():
        setattr(intro, name, value)
    return save_intro(intro)


@transaction.atomic
def delete_intro(*, intro: CharterIntro) -> None:
    _delete(intro)


# --- commitments ---------------------------------------------------------------------------


@transaction.atomic
def save_commitment(commitment: CharterCommitment) -> CharterCommitment:
    version = _charter_version(commitment)
    if commitment.pk is None and not commitment.order:
        commitment.order = _next_order(version.charter_commitments.all())
    return _validated_save(commitment, {})


@transaction.atomic
def delete_commitment(*, commitment: CharterCommitment) -> None:
    _delete(commitment)


# --- service standards ---------------------------------------------------------------------


@transaction.atomic
def save_standard(standard: ServiceStandard) -> ServiceStandard:
    """A service's standard with its protocol; a new one gets its lasting key."""
    version = _charter_version(standard)
    if standard.key is None:
        standard.key = uuid.uuid4()
    if standard.pk is None and not standard.order:
        standard.order = _next_order(version.service_standards.all())
    errors: dict = {}
    _check_related(standard, errors, "product", "owner_unit")
    if standard.time_limit is not None and not standard.time_unit:
        errors.setdefault("time_unit", []).append(str(TIME_LIMIT_NEEDS_UNIT))
    if standard.time_limit is None and standard.time_unit:
        errors.setdefault("time_limit", []).append(str(TIME_UNIT_NEEDS_LIMIT))
    if (
        ServiceStandard.objects.filter(version_id=standard.version_id, key=standard.key)
        .exclude(pk=standard.pk)
        .exists()
    ):
        errors.setdefault("key", []).append(_("Another service of this version has this key."))
    return _validated_save(standard, errors)


@transaction.atomic
def delete_standard(*, standard: ServiceStandard) -> None:
    """Deletes the standard with its blueprint steps, guidelines and recovery scenarios."""
    _delete(standard)


# --- blueprint -----------------------------------------------------------------------------


@transaction.atomic
def save_blueprint_step(step: BlueprintStep) -> BlueprintStep:
    """A step of a service's blueprint; its version is the service's version."""
    if step.version_id is None and step.standard_id is not None:
        step.version_id = step.standard.version_id
    _charter_version(step)
    errors: dict = {}
    _check_related(step, errors, "standard")
    if "standard" not in errors:
        _check_same_version(step, errors)
    if step.pk is None and not step.order and step.standard_id is not None:
        step.order = _next_order(BlueprintStep.objects.filter(standard_id=step.standard_id))
    return _validated_save(step, errors)


@transaction.atomic
def delete_blueprint_step(*, step: BlueprintStep) -> None:
    _delete(step)


# --- guidelines at critical points ---------------------------------------------------------


@transaction.atomic
def save_guideline(guideline: ServiceGuideline) -> ServiceGuideline:
    """How staff behave at a critical point of a service or of a customer journey."""
    _charter_version(guideline)
    errors: dict = {}
    _check_related(guideline, errors, "standard", "journey_stage")
    if "standard" not in errors:
        _check_same_version(guideline, errors)
    if (
        guideline.journey_stage_id is not None
        and "journey_stage" not in errors
        and not guideline.journey_stage.is_critical
    ):
        errors.setdefault("journey_stage", []).append(str(NOT_CRITICAL_STAGE))
    return _validated_save(guideline, errors)


@transaction.atomic
def delete_guideline(*, guideline: ServiceGuideline) -> None:
    _delete(guideline)


# --- service recovery plan -----------------------------------------------------------------


@transaction.atomic
def save_recovery(scenario: RecoveryScenario) -> RecoveryScenario:
    """A line of the service recovery plan; an emergency names its business continuity plan."""
    _charter_version(scenario)
    scenario.continuity_link = (scenario.continuity_link or "").strip()
    errors: dict = {}
    _check_related(scenario, errors, "standard", "owner_unit")
    if "standard" not in errors:
        _check_same_version(scenario, errors)
    if scenario.situation == RecoveryScenario.Situation.EMERGENCY and not scenario.continuity_link:
        errors.setdefault("continuity_link", []).append(str(EMERGENCY_NEEDS_CONTINUITY))
    return _validated_save(scenario, errors)


@transaction.atomic
def delete_recovery(*, scenario: RecoveryScenario) -> None:
    _delete(scenario)


def critical_stages():
    """Journey stages a guideline may cover: those marked as critical points."""
    return JourneyStage.objects.filter(is_critical=True).select_related("journey__segment")
