"""API of customer surveys: surveys, their results, trends and the external-survey coverage.

The same services and rules as the pages.

- `surveys`: satisfaction, dissatisfaction and engagement surveys (filter `fiscal_year`,
  `type`, `conducted_by`, `measure`); `POST surveys/{id}/report/` uploads the report;
- `survey-results`: scores per segment (or all customers), measure and dimension (filter
  `survey`, `measure`, `segment`, where `segment=all` means results of all customers);
- `survey-trends`: per measure and segment, the score across fiscal years as a percentage
  of the scale top (read-only);
- `survey-coverage`: the fiscal years without the annual survey by an external consultant
  the SE-AM criteria require (read-only).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from seam_scm.files.models import Attachment
from seam_scm.tenancy.api import (
    IsOrganizationMember,
    OrgRelatedField,
    ServiceModelViewSet,
    UserLanguageMixin,
)
from seam_scm.tenancy.roles import Action

from .. import survey_selectors, survey_services
from ..models import CustomerSegment, Measure, Survey, SurveyResult

EXTERNAL_ONLY = "Required when conducted by an external consultant."


class LiveAttachmentField(OrgRelatedField):
    """An evidence file of the organization that is not deleted."""

    def get_queryset(self):
        return Attachment.objects.filter(deleted_at__isnull=True)


class CustomerSurveySerializer(serializers.ModelSerializer):
    report = LiveAttachmentField(
        Attachment,
        allow_null=True,
        required=False,
        help_text="Evidence file id of the report (see /files/), or upload it to /report/.",
    )
    is_external_annual = serializers.BooleanField(
        read_only=True,
        help_text=(
            "An annual survey by an external consultant: the survey the SE-AM criteria "
            "require every fiscal year. An internal annual survey does not count."
        ),
    )
    result_count = serializers.SerializerMethodField(help_text="Results recorded.")

    class Meta:
        model = Survey
        fields = [
            "id",
            "title",
            "fiscal_year",
            "survey_type",
            "conducted_by",
            "firm",
            "contract_reference",
            "method",
            "sample_size",
            "period_start",
            "period_end",
            "scale_min",
            "scale_max",
            "report",
            "is_external_annual",
            "result_count",
        ]
        extra_kwargs = {
            "fiscal_year": {"help_text": "Fiscal year in the Buddhist Era, 2500-2700."},
            "firm": {"help_text": EXTERNAL_ONLY},
            "contract_reference": {"help_text": EXTERNAL_ONLY},
        }

    def get_result_count(self, survey) -> int:
        count = getattr(survey, "result_count", None)
        return survey.results.count() if count is None else count


class CustomerSurveyReportUploadSerializer(serializers.Serializer):
    # Empty files are refused by the evidence checks, with the same message as on the pages.
    file = serializers.FileField(
        allow_empty_file=True, help_text="The survey report (PDF, DOCX, ...), checked by content."
    )


class CustomerSurveyResultSerializer(serializers.ModelSerializer):
    survey = OrgRelatedField(Survey)
    segment = OrgRelatedField(
        CustomerSegment, allow_null=True, required=False, help_text="Empty for all customers."
    )
    percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        read_only=True,
        help_text="score ÷ the survey's scale maximum × 100",
    )

    class Meta:
        model = SurveyResult
        fields = [
            "id",
            "survey",
            "segment",
            "measure",
            "dimension",
            "score",
            "respondents",
            "percent",
        ]
        # One result per survey, segment, measure and dimension: the service checks it with
        # its own message (and without making the segment required).
        validators = []


SURVEY_FILTERS = [
    OpenApiParameter("fiscal_year", int, description="Fiscal year (B.E.)"),
    OpenApiParameter("type", str, enum=Survey.SurveyType.values, description="Survey type"),
    OpenApiParameter("conducted_by", str, enum=Survey.ConductedBy.values),
    OpenApiParameter("measure", str, enum=Measure.values, description="Has results of it"),
]


@extend_schema_view(
    list=extend_schema(summary="List customer surveys", parameters=SURVEY_FILTERS),
    retrieve=extend_schema(summary="One customer survey"),
    create=extend_schema(summary="Record a customer survey"),
    destroy=extend_schema(summary="Delete a survey and its results (the report file stays)"),
)
class SurveyViewSet(ServiceModelViewSet):
    model = Survey
    serializer_class = CustomerSurveySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Survey.objects.none()
        return survey_selectors.survey_list(survey_selectors.survey_filters(self.request.GET))

    def save_row(self, survey):
        return survey_services.save_survey(survey=survey)

    def delete_row(self, survey):
        survey_services.delete_survey(survey=survey)

    @extend_schema(
        request={"multipart/form-data": CustomerSurveyReportUploadSerializer},
        responses={201: CustomerSurveySerializer},
        summary="Upload the survey's report as a new evidence file (replaces the link)",
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def report(self, request, org_slug: str, pk: int):
        survey = self.get_object()
        upload = CustomerSurveyReportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        survey.report = None
        try:
            survey_services.save_survey(
                survey=survey,
                report_upload=upload.validated_data["file"],
                uploaded_by=request.user,
            )
        except DjangoValidationError as error:
            errors = getattr(error, "message_dict", {})
            raise ApiValidationError({"file": errors.get("report_file", error.messages)}) from None
        return Response(
            self.get_serializer(self.get_queryset().get(pk=survey.pk)).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema_view(
    list=extend_schema(
        summary="List survey results",
        parameters=[
            OpenApiParameter("survey", int, description="Only this survey's results"),
            OpenApiParameter("measure", str, enum=Measure.values),
            OpenApiParameter(
                "segment", str, description="A segment id, or `all` for results of all customers"
            ),
        ],
    ),
    create=extend_schema(summary="Add a survey result (the score within the survey's scale)"),
)
class SurveyResultViewSet(ServiceModelViewSet):
    model = SurveyResult
    serializer_class = CustomerSurveyResultSerializer

    def get_queryset(self):
        results = super().get_queryset().select_related("survey", "segment")
        params = self.request.query_params
        if (survey := params.get("survey", "")).isdigit():
            results = results.filter(survey_id=int(survey))
        if (measure := params.get("measure", "")) in Measure.values:
            results = results.filter(measure=measure)
        segment = params.get("segment", "")
        if segment == survey_selectors.ALL_CUSTOMERS:
            results = results.filter(segment__isnull=True)
        elif segment.isdigit():
            results = results.filter(segment_id=int(segment))
        return results

    def save_row(self, result):
        return survey_services.save_result(result=result)

    def delete_row(self, result):
        survey_services.delete_result(result=result)


# --- trends and coverage ---------------------------------------------------------------------


class CustomerTrendPointSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(source="year")
    percent = serializers.DecimalField(
        max_digits=5, decimal_places=1, help_text="Mean percentage of the scale top."
    )
    basis = serializers.SerializerMethodField(
        help_text="`overall`: the mean of the overall dimension; `all_dimensions`: no overall "
        "dimension was reported, so the mean of all dimensions."
    )
    results = serializers.IntegerField(help_text="How many results the mean is of.")
    surveys = serializers.IntegerField(help_text="From how many surveys.")

    @extend_schema_field(
        {"type": "string", "enum": ["overall", "all_dimensions"]}  # inline: no named enum
    )
    def get_basis(self, point) -> str:
        return "overall" if point.overall else "all_dimensions"


class CustomerTrendSeriesSerializer(serializers.Serializer):
    segment = serializers.SerializerMethodField(help_text="Segment id; null for all customers.")
    label = serializers.CharField()
    points = serializers.SerializerMethodField()

    def get_segment(self, series) -> int | None:
        return series.segment.pk if series.segment else None

    @extend_schema_field(CustomerTrendPointSerializer(many=True))
    def get_points(self, series) -> list[dict]:
        points = [series.points[year] for year in sorted(series.points)]
        return CustomerTrendPointSerializer(points, many=True).data


class CustomerMeasureTrendSerializer(serializers.Serializer):
    measure = serializers.ChoiceField(choices=Measure.choices)
    label = serializers.CharField()
    series = CustomerTrendSeriesSerializer(many=True)


class CustomerSurveyTrendsSerializer(serializers.Serializer):
    normalisation = serializers.CharField()
    fiscal_years = serializers.ListField(child=serializers.IntegerField())
    measures = CustomerMeasureTrendSerializer(many=True)


class CustomerSurveyCoverageSerializer(serializers.Serializer):
    current_fiscal_year = serializers.IntegerField()
    years_without_external_survey = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="From the earliest fiscal year with a survey (at most the current year "
        "minus 2) to the current one.",
    )
    requirement = serializers.CharField()


class ReadOnlyCustomerViewSet(UserLanguageMixin, viewsets.ViewSet):
    permission_classes = [IsOrganizationMember]

    def required_action(self, request) -> Action:
        return Action.VIEW


class SurveyTrendsViewSet(ReadOnlyCustomerViewSet):
    """Survey scores across fiscal years, as on the trends page."""

    @extend_schema(
        summary="Survey trends: per measure and segment, the score across fiscal years",
        description=(
            "Each score is normalised to the percentage of its survey's scale top (score ÷ "
            "scale maximum × 100). Where a year, measure and segment have several results, "
            "the point is the mean of the overall dimension (overall or ภาพรวม) if one "
            "exists, else the mean of all dimensions (see `basis`)."
        ),
        parameters=[
            OpenApiParameter("measure", str, enum=Measure.values),
            OpenApiParameter(
                "external_only", bool, description="Only annual surveys by an external consultant"
            ),
            OpenApiParameter(
                "segment", str, description="A segment id, or `all` for all customers only"
            ),
        ],
        responses=CustomerSurveyTrendsSerializer,
    )
    def list(self, request, org_slug: str):
        params = request.query_params
        measure = params.get("measure", "")
        segment = params.get("segment", "")
        trends = survey_selectors.survey_trends(
            measure=measure if measure in Measure.values else None,
            external_only=params.get("external_only", "").lower() in {"1", "true", "yes"},
            segment=int(segment)
            if segment.isdigit()
            else (survey_selectors.ALL_CUSTOMERS if segment == "all" else None),
        )
        data = {
            "normalisation": str(survey_selectors.NORMALISATION),
            "fiscal_years": trends.years,
            "measures": trends.measures,
        }
        return Response(CustomerSurveyTrendsSerializer(data).data)


class SurveyCoverageViewSet(ReadOnlyCustomerViewSet):
    """Whether every fiscal year has the annual survey by an external consultant."""

    @extend_schema(
        summary="Fiscal years without an annual survey by an external consultant",
        responses=CustomerSurveyCoverageSerializer,
    )
    def list(self, request, org_slug: str):
        data = {
            "current_fiscal_year": survey_selectors.current_fiscal_year(),
            "years_without_external_survey": (
                survey_selectors.fiscal_years_without_external_survey()
            ),
            "requirement": str(survey_services.INTERNAL_ANNUAL_NOTE),
        }
        return Response(CustomerSurveyCoverageSerializer(data).data)


ROUTES = [
    ("surveys", SurveyViewSet, "survey"),
    ("survey-results", SurveyResultViewSet, "survey-result"),
    ("survey-trends", SurveyTrendsViewSet, "survey-trends"),
    ("survey-coverage", SurveyCoverageViewSet, "survey-coverage"),
]
