"""Writes of satisfaction, dissatisfaction and engagement surveys and their results.

Pages, the API, the Excel import and the demo data call these, so every caller gets the same
rules and messages:

- a survey by an external consultant names the firm and the contract;
- the criteria require an annual survey by an external consultant (FAQ CM-11, CM-17): an
  annual survey the organization runs itself may be recorded, but it does not count as that;
- the period ends on or after it starts, the fiscal year is a Buddhist Era year, the scale's
  top is above its bottom;
- a result's score lies within its survey's scale, and a survey has one result per segment
  (or all customers), measure and dimension.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seam_scm.files import services as file_services

from .models import Survey, SurveyResult

# Fiscal years a survey may be recorded for (Buddhist Era).
FIRST_YEAR, LAST_YEAR = 2500, 2700

FIRM_REQUIRED = gettext_lazy("Name the consulting firm that conducted the survey.")
CONTRACT_REQUIRED = gettext_lazy("Give the reference of the consultant's contract.")
PERIOD_ORDER = gettext_lazy("The period must end on or after the day it starts.")
SCALE_ORDER = gettext_lazy("The highest score of the scale must be above the lowest.")
YEAR_RANGE = gettext_lazy("Enter the fiscal year in the Buddhist Era, for example 2569.")
REPORT_AND_UPLOAD = gettext_lazy("Choose an existing file or upload a new one, not both.")
REPORT_DELETED = gettext_lazy("This evidence file has been deleted; choose another one.")
FOREIGN = gettext_lazy("This belongs to another organization.")
DUPLICATE_RESULT = gettext_lazy(
    "This survey already has a result for this segment, measure and dimension; "
    "change that result instead."
)
INTERNAL_ANNUAL_NOTE = gettext_lazy(
    "The SE-AM criteria require an annual survey by an external consultant (FAQ CM-11, CM-17). "
    "An annual survey the organization conducts itself may be recorded, but it does not count "
    "as that survey."
)


def score_outside_scale(survey: Survey) -> str:
    return _("The score must lie within the survey's scale, from %(min)s to %(max)s.") % {
        "min": survey.scale_min,
        "max": survey.scale_max,
    }


def _same_organization(record, **related) -> None:
    """Refuse a row that points at a row of another organization (a forged id, say)."""
    errors = {
        field: FOREIGN
        for field, other in related.items()
        if other is not None and other.organization_id != record.organization_id
    }
    if errors:
        raise ValidationError(errors)


# --- surveys ---------------------------------------------------------------------------------


def check_survey(survey: Survey) -> None:
    """The survey's own rules, every problem at once (field -> messages)."""
    errors: dict[str, list] = {}
    survey.firm = survey.firm.strip()
    survey.contract_reference = survey.contract_reference.strip()
    if survey.conducted_by == Survey.ConductedBy.EXTERNAL:
        if not survey.firm:
            errors.setdefault("firm", []).append(FIRM_REQUIRED)
        if not survey.contract_reference:
            errors.setdefault("contract_reference", []).append(CONTRACT_REQUIRED)
    if survey.fiscal_year is not None and not FIRST_YEAR <= survey.fiscal_year <= LAST_YEAR:
        errors.setdefault("fiscal_year", []).append(YEAR_RANGE)
    if survey.period_start and survey.period_end and survey.period_end < survey.period_start:
        errors.setdefault("period_end", []).append(PERIOD_ORDER)
    if (
        survey.scale_min is not None
        and survey.scale_max is not None
        and survey.scale_max <= survey.scale_min
    ):
        errors.setdefault("scale_max", []).append(SCALE_ORDER)
    elif survey.pk is not None and survey.scale_min is not None and survey.scale_max is not None:
        # The results already recorded must still fit a changed scale.
        span = SurveyResult.objects.filter(survey_id=survey.pk).aggregate(
            low=Min("score"), high=Max("score")
        )
        if span["low"] is not None and (
            span["low"] < survey.scale_min or span["high"] > survey.scale_max
        ):
            errors.setdefault("scale_max", []).append(
                _("Recorded results range from %(low)s to %(high)s: the scale must include them.")
                % {key: Decimal(value).quantize(Decimal("0.01")) for key, value in span.items()}
            )
    if survey.report_id is not None:
        report = survey.report
        _same_organization(survey, report=report)
        if report.is_deleted:
            errors.setdefault("report", []).append(REPORT_DELETED)
    if errors:
        raise ValidationError(errors)


def report_title(survey: Survey) -> str:
    return _("Survey report: %(title)s") % {"title": survey.title}


@transaction.atomic
def save_survey(
    *,
    survey: Survey,
    report_upload: UploadedFile | None = None,
    uploaded_by=None,
) -> Survey:
    """A survey and, optionally, its report uploaded as a new evidence file, all or nothing.

    Pick an existing file by setting `survey.report`, or give `report_upload`, not both. A
    refused upload (wrong type, empty, too large) raises ValidationError under "report_file",
    and nothing is saved.
    """
    if report_upload is not None and survey.report_id is not None:
        raise ValidationError({"report_file": REPORT_AND_UPLOAD})
    check_survey(survey)
    survey.full_clean()
    survey.save()
    if report_upload is not None:
        try:
            report = file_services.upload_attachment(
                organization=survey.organization,
                uploaded_by=uploaded_by,
                upload=report_upload,
                title=report_title(survey),
                effective_date=survey.period_end,
                record=survey,
            )
        except ValidationError as error:
            messages = error.message_dict if hasattr(error, "error_dict") else {}
            raise ValidationError(
                {"report_file": [m for field in messages.values() for m in field]}
                if messages
                else {"report_file": error.messages}
            ) from None
        survey.report = report
        survey.save(update_fields=["report", "updated_at"])
    return survey


def delete_survey(*, survey: Survey) -> None:
    """The survey and its results; the report stays among the evidence files."""
    survey.delete()


# --- results ---------------------------------------------------------------------------------


def check_result(result: SurveyResult) -> None:
    """A result's rules against its survey: within the scale, and once per survey."""
    survey = result.survey
    _same_organization(result, survey=survey, segment=result.segment)
    result.dimension = result.dimension.strip()
    errors: dict[str, list] = {}
    if result.score is not None and not survey.scale_min <= result.score <= survey.scale_max:
        errors.setdefault("score", []).append(score_outside_scale(survey))
    duplicate = SurveyResult.objects.filter(
        Q(segment_id=result.segment_id) if result.segment_id else Q(segment__isnull=True),
        survey_id=survey.pk,
        measure=result.measure,
        dimension__iexact=result.dimension,
    ).exclude(pk=result.pk)
    if result.dimension and duplicate.exists():
        errors.setdefault("dimension", []).append(DUPLICATE_RESULT)
    if errors:
        raise ValidationError(errors)


def save_result(*, result: SurveyResult) -> SurveyResult:
    # The field rules first (they also turn typed-in values into numbers); the unique
    # constraint is then checked by check_result, case-insensitively and with its own message.
    result.dimension = (result.dimension or "").strip()
    result.full_clean(validate_constraints=False)
    check_result(result)
    result.save()
    return result


def delete_result(*, result: SurveyResult) -> None:
    result.delete()
