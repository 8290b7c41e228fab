"""The Excel import and export in the API.

POST /api/v1/orgs/<org>/stakeholder-import/ (multipart "file"): the same checks as the
page; with ?dry_run=true it answers the preview or the error report and imports nothing,
otherwise a clean file is kept as evidence and imported in one transaction.
GET /api/v1/orgs/<org>/stakeholder-export/: the filtered list as a workbook, with the
filters of the list page; personal data only for roles that may see it.
"""

import json

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from seam_scm.tenancy.api import OrganizationViewSetMixin
from seam_scm.tenancy.roles import Action, role_allows

from . import import_services, selectors, spreadsheets
from .models import Quadrant, Stakeholder
from .spreadsheets import ImportFileError


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=(
            "The import template filled in (.xlsx, at most "
            f"{spreadsheets.MAX_UPLOAD_MB} MB): sheets “stakeholders” and “voices”."
        ),
        allow_empty_file=True,
        use_url=False,
    )


class ImportErrorSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField(allow_null=True, help_text="Row number in the sheet.")
    column = serializers.CharField(help_text="The column's name as in row 1; empty for a row.")
    message = serializers.CharField(help_text="In the caller's language.")


class ImportCountsSerializer(serializers.Serializer):
    new_profiles = serializers.IntegerField()
    updated_profiles = serializers.IntegerField()
    unchanged_profiles = serializers.IntegerField()
    new_voices = serializers.IntegerField()
    updated_voices = serializers.IntegerField()
    unchanged_voices = serializers.IntegerField()


class ImportReportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    imported = serializers.BooleanField(help_text="Whether anything was saved.")
    file = serializers.IntegerField(
        allow_null=True, help_text="The evidence file that keeps the upload, once imported."
    )
    counts = ImportCountsSerializer()
    errors = ImportErrorSerializer(many=True)


def _report(plan, *, dry_run: bool, imported: bool, attachment=None) -> dict:
    return {
        "dry_run": dry_run,
        "imported": imported,
        "file": attachment.pk if attachment else None,
        "counts": plan.counts(),
        "errors": [error.as_dict() for error in plan.errors],
    }


class StakeholderImportViewSet(OrganizationViewSetMixin, viewsets.ViewSet):
    """Import stakeholder profiles and VOS from the Excel template (coordinators and editors)."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Import stakeholder profiles and VOS from an Excel workbook",
        description=(
            "All or nothing. A file with any problem imports nothing and answers 400 with every "
            "problem as (sheet, row, column, message). Profiles are keyed by code: existing codes "
            "are updated. With dry_run=true nothing is saved and the answer is the preview."
        ),
        request={"multipart/form-data": ImportUploadSerializer},
        parameters=[
            OpenApiParameter(
                "dry_run", bool, description="Only check the file and report; import nothing."
            )
        ],
        responses={
            200: OpenApiResponse(ImportReportSerializer, description="Dry run: the preview."),
            201: OpenApiResponse(ImportReportSerializer, description="Imported."),
            400: OpenApiResponse(
                ImportReportSerializer,
                description='Problems in the rows (the report), or {"file": ["…"]} for a file '
                "that is not a readable workbook.",
            ),
        },
    )
    def create(self, request, org_slug: str):
        serializer = ImportUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        dry_run = request.query_params.get("dry_run", "").lower() in {"1", "true", "yes", "on"}
        try:
            preview = import_services.import_workbook(
                organization=request.organization,
                by=request.user,
                upload=serializer.validated_data["file"],
                dry_run=dry_run,
            )
        except ImportFileError as error:
            raise ApiValidationError({"file": error.messages}) from error
        except import_services.ImportRefused as refused:
            body = _report(refused.plan, dry_run=dry_run, imported=False)
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        except ValidationError as error:  # refused while saving: everything rolled back
            raise ApiValidationError({"file": error.messages}) from error
        body = _report(
            preview.plan, dry_run=dry_run, imported=not dry_run, attachment=preview.attachment
        )
        return Response(body, status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED)


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


class XlsxRenderer(BaseRenderer):
    """Lets a client ask for the workbook by its type; errors still answer as JSON text."""

    media_type = spreadsheets.XLSX_MIME
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data, ensure_ascii=False).encode()


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
        responses={(200, spreadsheets.XLSX_MIME): OpenApiTypes.BINARY},
    )
    def list(self, request, org_slug: str):
        filters = selectors.filters_from_query(request.query_params)
        workbook = spreadsheets.export_workbook(
            organization=request.organization,
            filters=filters,
            personal_data=role_allows(request.membership.role, Action.VIEW_PERSONAL_DATA),
        )
        return spreadsheets.xlsx_response(
            workbook, spreadsheets.export_filename(request.organization, filters.today)
        )
