"""The Excel import and exports of the customer database in the API.

POST /api/v1/orgs/<org>/customer-import/ (multipart "file"): the same checks as the import
page; with ?dry_run=true it answers the preview or the error report and imports nothing,
otherwise a clean file is kept as evidence and imported in one transaction.
GET /api/v1/orgs/<org>/voc-export/: the VOC list as a workbook, with the list's filters.
GET /api/v1/orgs/<org>/survey-results-export/: every survey result, or one fiscal year's.
"""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.renderers import JSONRenderer

from seam_scm.spreadsheets.api import (
    ImportReportSerializer,
    WorkbookImportViewSet,
    XlsxRenderer,
    import_schema,
)
from seam_scm.spreadsheets.sheets import XLSX_MIME
from seam_scm.spreadsheets.writing import xlsx_response
from seam_scm.tenancy.api import OrganizationViewSetMixin

from .. import import_services, record_selectors, spreadsheets
from .records import VOC_PARAMETERS


class CustomerImportCountsSerializer(serializers.Serializer):
    new_voc = serializers.IntegerField()
    updated_voc = serializers.IntegerField()
    unchanged_voc = serializers.IntegerField()
    new_survey_results = serializers.IntegerField()
    updated_survey_results = serializers.IntegerField()
    unchanged_survey_results = serializers.IntegerField()


class CustomerImportReportSerializer(ImportReportSerializer):
    counts = CustomerImportCountsSerializer()


@extend_schema_view(
    create=import_schema(
        summary="Import VOC and survey results from an Excel workbook",
        description=(
            "All or nothing. A file with any problem imports nothing and answers 400 with every "
            "problem as (sheet, row, column, message). The workbook's sheets are “voc” (a VOC "
            "with the same channel, segment, topic and date heard as one recorded is updated) "
            "and “survey_results” (a result names its survey by fiscal year and exact title; "
            "one with the same survey, segment, measure and dimension as one recorded is "
            "updated). Surveys are not created. With dry_run=true nothing is saved and the "
            "answer is the preview."
        ),
        report=CustomerImportReportSerializer,
    )
)
class CustomerImportViewSet(WorkbookImportViewSet):
    """Import VOC and survey results from the Excel template (coordinators and editors)."""

    importer = import_services.IMPORTER


class VocExportViewSet(OrganizationViewSetMixin, viewsets.ViewSet):
    """The VOC list as an Excel workbook (any member)."""

    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(
        summary="Export the filtered VOC list to Excel",
        description=(
            "The same filters as the VOC list. The workbook's sheet “voc” uses the import "
            "template's columns, so it can be edited and imported again."
        ),
        parameters=VOC_PARAMETERS,
        responses={(200, XLSX_MIME): OpenApiTypes.BINARY},
    )
    def list(self, request, org_slug: str):
        filters = record_selectors.voc_filters_from_query(
            request.query_params, start_month=request.organization.fiscal_year_start_month
        )
        workbook = spreadsheets.export_voc(organization=request.organization, filters=filters)
        filename = spreadsheets.voc_export_filename(request.organization, timezone.localdate())
        return xlsx_response(workbook, filename)


class SurveyResultsExportViewSet(OrganizationViewSetMixin, viewsets.ViewSet):
    """Survey results as an Excel workbook (any member)."""

    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(
        summary="Export survey results to Excel",
        description=(
            "Every survey result, or one fiscal year's. The workbook's sheet “survey_results” "
            "uses the import template's columns (plus computed ones the import ignores), so it "
            "can be edited and imported again."
        ),
        parameters=[
            OpenApiParameter("fiscal_year", int, description="Only this fiscal year (B.E.)")
        ],
        responses={(200, XLSX_MIME): OpenApiTypes.BINARY},
    )
    def list(self, request, org_slug: str):
        year = spreadsheets.fiscal_year_from_query(request.query_params)
        workbook = spreadsheets.export_survey_results(
            organization=request.organization, fiscal_year=year
        )
        filename = spreadsheets.results_export_filename(
            request.organization, timezone.localdate(), year
        )
        return xlsx_response(workbook, filename)


ROUTES = [
    ("customer-import", CustomerImportViewSet, "customer-import"),
    ("voc-export", VocExportViewSet, "voc-export"),
    ("survey-results-export", SurveyResultsExportViewSet, "survey-results-export"),
]
