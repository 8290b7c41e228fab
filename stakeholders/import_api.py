"""The Excel import and export in the API.

POST /api/v1/orgs/<org>/stakeholder-import/ (multipart "file"): the same checks as the
page; with ?dry_run=true it answers the preview or the error report and imports nothing,
otherwise a clean file is kept as evidence and imported in one transaction.
GET /api/v1/orgs/<org>/stakeholder-export/: the filtered list as a workbook, with the
filters of the list page; personal data only for roles that may see it.
"""

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
from seam_scm.tenancy.roles import Action, role_allows

from . import import_services, privacy, selectors, spreadsheets
from .models import Quadrant, Stakeholder


class StakeholderImportCountsSerializer(serializers.Serializer):
    new_profiles = serializers.IntegerField()
    updated_profiles = serializers.IntegerField()
    unchanged_profiles = serializers.IntegerField()
    new_voices = serializers.IntegerField()
    updated_voices = serializers.IntegerField()
    unchanged_voices = serializers.IntegerField()


class StakeholderImportReportSerializer(ImportReportSerializer):
    counts = StakeholderImportCountsSerializer()


@extend_schema_view(
    create=import_schema(
        summary="Import stakeholder profiles and VOS from an Excel workbook",
        description=(
            "All or nothing. A file with any problem imports nothing and answers 400 with every "
            "problem as (sheet, row, column, message). Profiles are keyed by code: existing codes "
            "are updated. With dry_run=true nothing is saved and the answer is the preview. The "
            "workbook's sheets are “stakeholders” and “voices”."
        ),
        report=StakeholderImportReportSerializer,
    )
)
class StakeholderImportViewSet(WorkbookImportViewSet):
    """Import stakeholder profiles and VOS from the Excel template (coordinators and editors)."""

    importer = import_services.IMPORTER


EXPORT_PARAMETERS = [
    OpenApiParameter("q", str, description="Search code, names and key issues (Thai text)."),
    OpenApiParameter("group", int, description="Stakeholder group id."),
    OpenApiParameter("unit", int, description="Unit id; a business line includes its units."),
    OpenApiParameter("quadrant", str, enum=list(Quadrant.values)),
    OpenApiParameter("side", str, enum=list(Stakeholder.Side.values)),
    OpenApiParameter("gap", bool, description="Only profiles below their target level."),
    OpenApiParameter("stale", bool, description="Only profiles not reviewed in time."),
    OpenApiParameter("incomplete", bool, description="Only profiles missing required fields."),
]


class StakeholderExportViewSet(OrganizationViewSetMixin, viewsets.ViewSet):
    """The stakeholder list as an Excel workbook (any member)."""

    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(
        summary="Export the filtered stakeholder list to Excel",
        description=(
            "The same filters as the list page. The workbook's sheets “stakeholders” and "
            "“voices” use the import template's columns (plus computed ones), so it can be "
            "imported again. Representatives' contacts are included, on their own sheet, only "
            "for roles that may see personal data."
        ),
        parameters=EXPORT_PARAMETERS,
        responses={(200, XLSX_MIME): OpenApiTypes.BINARY},
    )
    def list(self, request, org_slug: str):
        filters = selectors.filters_from_query(request.query_params)
        personal_data = role_allows(request.membership.role, Action.VIEW_PERSONAL_DATA)
        workbook = spreadsheets.export_workbook(
            organization=request.organization, filters=filters, personal_data=personal_data
        )
        filename = spreadsheets.export_filename(request.organization, filters.today)
        if personal_data:
            privacy.log_export(request.membership, filters, filename, path=request.get_full_path())
        return xlsx_response(workbook, filename)
