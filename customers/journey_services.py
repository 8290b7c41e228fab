"""Writes of customer journey maps and their stages. Pages, the API and the demo data call these.

A journey map analyses what a segment's customers go through, stage by stage, to set the scope
of the service standard (FAQ CM-3): its critical points (moments of truth) must be covered by
a service guideline of the charter. A guideline holds on to the stage it covers, so a stage a
guideline points at cannot be deleted, not even with its journey map.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import JourneyMap, JourneyStage, ServiceGuideline

FOREIGN = gettext_lazy("This belongs to another organization.")


def _same_organization(record, **related) -> None:
    """Refuse a row that points at a row of another organization (a forged id, say)."""
    errors = {
        field: FOREIGN
        for field, other in related.items()
        if other is not None and other.organization_id != record.organization_id
    }
    if errors:
        raise ValidationError(errors)


def _guideline_versions(protected) -> str:
    versions = sorted(
        {
            (row.version.document.title, row.version.number)
            for row in protected
            if isinstance(row, ServiceGuideline)
        }
    )
    return ", ".join(f"{title} v{number}" for title, number in versions)


# --- journey maps ----------------------------------------------------------------------------


def save_journey(*, journey: JourneyMap) -> JourneyMap:
    journey.title = journey.title.strip()
    journey.full_clean()
    _same_organization(
        journey,
        segment=journey.segment,
        service=journey.service if journey.service_id else None,
    )
    journey.save()
    return journey


def delete_journey(*, journey: JourneyMap) -> None:
    """The map with its stages, unless a charter guideline covers one of them."""
    try:
        with transaction.atomic():
            journey.delete()
    except ProtectedError as error:
        raise ValidationError(
            _(
                "Guidelines of the service charter (%(versions)s) cover critical points of this "
                "journey map, so it cannot be deleted."
            )
            % {"versions": _guideline_versions(error.protected_objects)},
            code="protected",
        ) from None


# --- stages ----------------------------------------------------------------------------------


def next_order(journey: JourneyMap) -> int:
    """The order number after the journey's last stage."""
    last = journey.stages.aggregate(last=Max("order"))["last"]
    return 1 if last is None else last + 1


def save_stage(*, stage: JourneyStage) -> JourneyStage:
    stage.name = stage.name.strip()
    if stage.order is None and stage.journey_id:
        stage.order = next_order(stage.journey)
    stage.full_clean()
    _same_organization(stage, journey=stage.journey)
    stage.save()
    return stage


def delete_stage(*, stage: JourneyStage) -> None:
    """A stage no charter guideline covers."""
    try:
        with transaction.atomic():
            stage.delete()
    except ProtectedError as error:
        raise ValidationError(
            _(
                "A guideline of the service charter (%(versions)s) covers this stage, so it "
                "cannot be deleted. A guideline of an approved version stays as the board "
                "approved it; unmark the stage as a critical point instead, or link the "
                "guideline of the next draft to another stage."
            )
            % {"versions": _guideline_versions(error.protected_objects)},
            code="protected",
        ) from None
