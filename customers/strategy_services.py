"""Writes to the customer and market strategy (criterion 1.1) and to review meetings (FAQ CM-16).
Pages, the API and the demo data call these.

The strategy of a plan period is a governed document (kind customer_market_strategy): its
versions hold the strategic objectives and the long-term and annual action plan items, and go
through the approvals pages (submit, board approval, new draft). Content may change only while
its version is a draft or returned; once approved, the database freezes it.

The cascade of KPIs to units, staff and partners and the record of how the plan was
communicated happen after the approval, so they live beside the versions, keyed by the lasting
key of an objective or item: a revision keeps them.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seam_scm.approvals import services as approvals
from seam_scm.approvals.models import DocumentKind, DocumentVersion, VersionStatus
from seam_scm.files.models import Attachment
from seam_scm.files.services import upload_attachment
from seam_scm.tenancy.models import Organization

from .models import (
    ActionPlanItem,
    CustomerStrategy,
    KpiCascade,
    PlanCommunication,
    ReviewMeeting,
    StrategicObjective,
)

# Fiscal years a strategy may cover (Buddhist Era).
FIRST_YEAR, LAST_YEAR = 2500, 2700

NOT_EDITABLE = gettext_lazy(
    "The strategy's objectives and action plans can only be changed while its latest version "
    "is a draft or returned. Start a new draft on the approvals page to change an approved "
    "strategy."
)
NOT_A_STRATEGY = gettext_lazy("This version is not a version of a customer and market strategy.")
OTHER_ORGANIZATION = gettext_lazy("This belongs to another organization.")
DELETED_FILE = gettext_lazy("This evidence file was deleted.")
NOT_BOTH = gettext_lazy("Choose an existing evidence file or upload one, not both.")
UNIT_NEEDED = gettext_lazy("Choose the unit the KPI is cascaded to.")
STAFF_NAME_NEEDED = gettext_lazy("Name the staff member (and position) the KPI is cascaded to.")
PARTNER_NAME_NEEDED = gettext_lazy("Name the partner organization the KPI is cascaded to.")


def strategy_title(first_year: int, last_year: int) -> str:
    """The document's title is part of what the board approves, so it is always Thai."""
    return f"แผนยุทธศาสตร์ด้านลูกค้าและตลาด ปีงบประมาณ {first_year}-{last_year}"


def strategy_reference(first_year: int, last_year: int) -> str:
    return f"CMS-{first_year}-{last_year}"


def _check_years(first_year, last_year) -> None:
    errors: dict[str, list[str]] = {}
    for field, year in (("first_year", first_year), ("last_year", last_year)):
        if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
            errors[field] = [_("Enter the fiscal year in the Buddhist Era, for example 2570.")]
    if not errors and last_year < first_year:
        errors["last_year"] = [_("The last fiscal year must not come before the first.")]
    if errors:
        raise ValidationError(errors)


def overlapping_strategy(first_year: int, last_year: int, *, exclude_pk=None):
    """Another strategy whose period shares a fiscal year with this one, if any."""
    strategies = CustomerStrategy.objects.filter(
        first_year__lte=last_year, last_year__gte=first_year
    ).select_related("document")
    if exclude_pk is not None:
        strategies = strategies.exclude(pk=exclude_pk)
    return strategies.order_by("first_year").first()


@transaction.atomic
def create_strategy(
    *, organization: Organization, by, first_year: int, last_year: int
) -> CustomerStrategy:
    """Declare the strategy's governed document (with its first, empty draft) and its row."""
    _check_years(first_year, last_year)
    # Two people creating strategies at the same moment: the second waits and sees the first.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    other = overlapping_strategy(first_year, last_year)
    if other is not None:
        raise ValidationError(
            {
                "first_year": _(
                    "The period overlaps the strategy for fiscal years %(first)s-%(last)s. "
                    "Each fiscal year belongs to one strategy."
                )
                % {"first": other.first_year, "last": other.last_year}
            }
        )
    document = approvals.declare_document(
        organization=organization,
        by=by,
        kind=DocumentKind.CUSTOMER_MARKET_STRATEGY,
        title=strategy_title(first_year, last_year),
        reference=strategy_reference(first_year, last_year),
    )
    strategy = CustomerStrategy(
        organization=organization, document=document, first_year=first_year, last_year=last_year
    )
    strategy.full_clean()
    strategy.save()
    return strategy


# --- versions ------------------------------------------------------------------------------


def latest_version(strategy: CustomerStrategy) -> DocumentVersion:
    return strategy.document.versions.order_by("-number").first()


def approved_version(strategy: CustomerStrategy) -> DocumentVersion | None:
    return strategy.document.versions.filter(status=VersionStatus.APPROVED).first()


def reference_version(strategy: CustomerStrategy) -> DocumentVersion:
    """What cascades and communications follow: the approved version, else the latest one."""
    return approved_version(strategy) or latest_version(strategy)


def require_editable(version: DocumentVersion) -> None:
    if not version.is_editable:
        raise ValidationError(str(NOT_EDITABLE), code="not_editable")


def _strategy_of_version(version_id: int) -> tuple[DocumentVersion, CustomerStrategy]:
    version = DocumentVersion.objects.select_related("document").get(pk=version_id)
    strategy = CustomerStrategy.objects.filter(document_id=version.document_id).first()
    if strategy is None:
        raise ValidationError({"version": str(NOT_A_STRATEGY)}, code="not_a_strategy")
    return version, strategy


def _merge_full_clean(row, errors: dict, exclude=None, validate_constraints=True) -> dict:
    try:
        row.full_clean(exclude=exclude, validate_constraints=validate_constraints)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    return errors


def _add(errors: dict, field: str, message) -> None:
    errors.setdefault(field, []).append(str(message))


# --- strategic objectives ------------------------------------------------------------------


@transaction.atomic
def save_objective(objective: StrategicObjective) -> StrategicObjective:
    """Validate and save an objective of a draft version; a new one gets its lasting key."""
    version, _strategy = _strategy_of_version(objective.version_id)
    require_editable(version)
    objective.version = version
    objective.organization_id = version.organization_id
    if objective.key is None:
        objective.key = uuid.uuid4()
    errors = _merge_full_clean(objective, {})
    if errors:
        raise ValidationError(errors)
    objective.save()
    return objective


def delete_objective(*, objective: StrategicObjective) -> None:
    require_editable(objective.version)
    serving = list(
        ActionPlanItem.objects.filter(
            version_id=objective.version_id, objective_key=objective.key
        ).values_list("project", flat=True)
    )
    if serving:
        raise ValidationError(
            _(
                "Action plan items serve this objective (%(projects)s); "
                "link them to another objective first."
            )
            % {"projects": ", ".join(serving)},
            code="objective_in_use",
        )
    objective.delete()


# --- action plan items ---------------------------------------------------------------------


def _validate_item(item: ActionPlanItem, strategy: CustomerStrategy) -> dict:
    errors: dict[str, list[str]] = {}
    period = {"first": strategy.first_year, "last": strategy.last_year}
    if item.horizon == ActionPlanItem.Horizon.ANNUAL and item.fiscal_year is None:
        _add(errors, "fiscal_year", _("An item of the annual plan needs its fiscal year."))
    if item.fiscal_year is not None and not (
        strategy.first_year <= item.fiscal_year <= strategy.last_year
    ):
        _add(
            errors,
            "fiscal_year",
            _("Choose a fiscal year of the strategy's period, %(first)s to %(last)s.") % period,
        )
    if (
        item.objective_key is not None
        and not StrategicObjective.objects.filter(
            version_id=item.version_id, key=item.objective_key
        ).exists()
    ):
        _add(errors, "objective_key", _("Choose a strategic objective of the same version."))
    if item.owner_unit_id is not None and item.owner_unit.organization_id != item.organization_id:
        _add(errors, "owner_unit", OTHER_ORGANIZATION)
    if item.budget is not None and item.budget < 0:
        _add(errors, "budget", _("The budget cannot be negative."))
    return errors


@transaction.atomic
def save_action_item(item: ActionPlanItem) -> ActionPlanItem:
    """Validate and save an action plan item of a draft version; every problem at once."""
    version, strategy = _strategy_of_version(item.version_id)
    require_editable(version)
    item.version = version
    item.organization_id = version.organization_id
    if item.key is None:
        item.key = uuid.uuid4()
    item.partners = (item.partners or "").strip()
    errors = _validate_item(item, strategy)
    errors = _merge_full_clean(item, errors)
    if errors:
        raise ValidationError(errors)
    item.save()
    return item


def delete_action_item(*, item: ActionPlanItem) -> None:
    require_editable(item.version)
    item.delete()


# --- evidence ------------------------------------------------------------------------------


def _check_evidence(attachment: Attachment | None, organization_id: int, field: str) -> dict:
    errors: dict = {}
    if attachment is None:
        return errors
    if attachment.organization_id != organization_id:
        _add(errors, field, OTHER_ORGANIZATION)
    elif attachment.is_deleted:
        _add(errors, field, DELETED_FILE)
    return errors


def _upload_evidence(
    *, organization, by, upload: UploadedFile, title: str, effective_date, record, field: str
) -> Attachment:
    """Store an uploaded evidence file for the record; its refusals name the form's field."""
    try:
        return upload_attachment(
            organization=organization,
            uploaded_by=by,
            upload=upload,
            title=title,
            effective_date=effective_date,
            record=record,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            messages = [m for field_messages in error.message_dict.values() for m in field_messages]
        else:
            messages = error.messages
        raise ValidationError({field: messages}) from None


# --- KPI cascade ---------------------------------------------------------------------------


def cascade_sources(strategy: CustomerStrategy) -> dict[uuid.UUID, str]:
    """Keys a KPI may be cascaded from, with the level each needs: the objectives (strategy
    level) and items (plan level) of the approved version, or of the latest one while none is
    approved."""
    version = reference_version(strategy)
    sources = dict.fromkeys(
        version.strategic_objectives.values_list("key", flat=True), KpiCascade.Level.STRATEGY
    )
    sources.update(
        dict.fromkeys(
            version.action_plan_items.values_list("key", flat=True), KpiCascade.Level.PLAN
        )
    )
    return sources


def _validate_cascade(cascade: KpiCascade) -> dict:
    errors: dict[str, list[str]] = {}
    strategy = cascade.strategy
    if cascade.source_key is not None:
        level = cascade_sources(strategy).get(_as_uuid(cascade.source_key))
        if level is None:
            _add(
                errors,
                "source_key",
                _(
                    "Choose a strategic objective or an action plan item of the strategy's "
                    "approved version (or of its latest version while none is approved)."
                ),
            )
        elif cascade.level and cascade.level != level:
            _add(
                errors,
                "level",
                _("A strategic objective is cascaded at strategy level.")
                if level == KpiCascade.Level.STRATEGY
                else _("An action plan item is cascaded at plan or project level."),
            )
    if cascade.recipient_kind == KpiCascade.RecipientKind.UNIT:
        cascade.recipient_name = ""
        if cascade.unit_id is None:
            _add(errors, "unit", UNIT_NEEDED)
        elif cascade.unit.organization_id != cascade.organization_id:
            _add(errors, "unit", OTHER_ORGANIZATION)
    elif cascade.recipient_kind:
        cascade.unit = None
        cascade.recipient_name = (cascade.recipient_name or "").strip()
        if not cascade.recipient_name:
            _add(
                errors,
                "recipient_name",
                STAFF_NAME_NEEDED
                if cascade.recipient_kind == KpiCascade.RecipientKind.STAFF
                else PARTNER_NAME_NEEDED,
            )
    if cascade.evidence_id is not None:
        errors.update(_check_evidence(cascade.evidence, cascade.organization_id, "evidence"))
    return errors


def _as_uuid(value) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def cascade_evidence_title(cascade: KpiCascade) -> str:
    return _("KPI cascade: %(kpi)s to %(recipient)s") % {
        "kpi": cascade.kpi,
        "recipient": cascade.recipient,
    }


@transaction.atomic
def save_cascade(
    cascade: KpiCascade,
    *,
    by=None,
    evidence_upload: UploadedFile | None = None,
    evidence_title: str = "",
) -> KpiCascade:
    """A KPI and target handed to a unit, a staff member or a partner, with optional evidence
    (uploaded here and kept with the strategy). All or nothing; every problem at once."""
    cascade.organization_id = cascade.strategy.organization_id
    errors = _validate_cascade(cascade)
    if evidence_upload is not None and cascade.evidence_id is not None:
        _add(errors, "evidence_file", NOT_BOTH)
    # The constraint on unit and name is checked above, next to the right field.
    # An unknown source has no level either: one message says it.
    exclude = ["evidence", "level"] if "source_key" in errors else ["evidence"]
    errors = _merge_full_clean(cascade, errors, exclude=exclude, validate_constraints=False)
    if errors:
        raise ValidationError(errors)
    if evidence_upload is not None:
        cascade.evidence = _upload_evidence(
            organization=cascade.strategy.organization,
            by=by,
            upload=evidence_upload,
            title=(evidence_title or "").strip() or cascade_evidence_title(cascade),
            effective_date=cascade.cascaded_on,
            record=cascade.strategy,
            field="evidence_file",
        )
    cascade.save()
    return cascade


def delete_cascade(*, cascade: KpiCascade) -> None:
    """The cascade goes; its evidence file stays among the evidence files."""
    cascade.delete()


# --- communication of the plan -------------------------------------------------------------


def communication_evidence_title(communication: PlanCommunication) -> str:
    return _("Communication of the customer strategy: %(audience)s") % {
        "audience": communication.audience_detail
    }


@transaction.atomic
def save_communication(
    communication: PlanCommunication,
    *,
    by=None,
    evidence_upload: UploadedFile | None = None,
    evidence_title: str = "",
) -> PlanCommunication:
    """How the strategy and its plans were communicated: to whom, when, through what channel."""
    strategy = communication.strategy
    communication.organization_id = strategy.organization_id
    errors: dict[str, list[str]] = {}
    if (
        communication.version_id is not None
        and communication.version.document_id != strategy.document_id
    ):
        _add(errors, "version", _("Choose a version of this strategy."))
    if communication.evidence_id is not None:
        errors.update(
            _check_evidence(communication.evidence, communication.organization_id, "evidence")
        )
    if evidence_upload is not None and communication.evidence_id is not None:
        _add(errors, "evidence_file", NOT_BOTH)
    communication.audience_detail = (communication.audience_detail or "").strip()
    errors = _merge_full_clean(communication, errors, exclude=["evidence"])
    if errors:
        raise ValidationError(errors)
    if evidence_upload is not None:
        communication.evidence = _upload_evidence(
            organization=strategy.organization,
            by=by,
            upload=evidence_upload,
            title=(evidence_title or "").strip() or communication_evidence_title(communication),
            effective_date=communication.communicated_on,
            record=strategy,
            field="evidence_file",
        )
    communication.save()
    return communication


def delete_communication(*, communication: PlanCommunication) -> None:
    communication.delete()


# --- review meetings -----------------------------------------------------------------------


def minutes_title(meeting: ReviewMeeting) -> str:
    return _("Minutes: %(meeting)s, meeting %(number)s") % {
        "meeting": meeting.body_name or meeting.get_body_display(),
        "number": meeting.meeting_number,
    }


@transaction.atomic
def save_meeting(
    meeting: ReviewMeeting,
    *,
    by=None,
    minutes_upload: UploadedFile | None = None,
    minutes_title_text: str = "",
) -> ReviewMeeting:
    """A meeting that reviewed the customer strategy, plans or processes, with its minutes:
    an evidence file picked from the list or uploaded here (kept with the meeting)."""
    errors: dict[str, list[str]] = {}
    for field in ("meeting_number", "body_name", "agenda", "resolution"):
        setattr(meeting, field, (getattr(meeting, field) or "").strip())
    if meeting.body == ReviewMeeting.Body.COMMITTEE and not meeting.body_name:
        _add(errors, "body_name", _("Name the committee or subcommittee."))
    if meeting.minutes_id is not None:
        errors.update(_check_evidence(meeting.minutes, meeting.organization_id, "minutes"))
    if minutes_upload is not None and meeting.minutes_id is not None:
        _add(errors, "minutes_file", NOT_BOTH)
    errors = _merge_full_clean(meeting, errors, exclude=["minutes"])
    if errors:
        raise ValidationError(errors)
    is_new = meeting.pk is None
    if is_new:
        meeting.save()
    if minutes_upload is not None:
        try:
            meeting.minutes = _upload_evidence(
                organization=meeting.organization,
                by=by,
                upload=minutes_upload,
                title=(minutes_title_text or "").strip() or minutes_title(meeting),
                effective_date=meeting.held_on,
                record=meeting,
                field="minutes_file",
            )
        except ValidationError:
            if is_new:  # the transaction forgets the meeting; so does the form showing it
                meeting.pk = None
                meeting._state.adding = True
            raise
    if not is_new or minutes_upload is not None:
        meeting.save()
    return meeting


def delete_meeting(*, meeting: ReviewMeeting) -> None:
    """The meeting goes; its minutes stay among the evidence files."""
    meeting.delete()
