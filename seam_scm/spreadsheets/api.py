"""An import in the API: POST a workbook (multipart "file"), ?dry_run=true to only check it.

An app's endpoint is a WorkbookImportViewSet with its `importer`, documented with
`@extend_schema_view(create=import_schema(...))` and a report serializer of its own name
whose `counts` are the app's (so that two apps' schema components never share a name).
"""

import json

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response

from seam_scm.tenancy.api import OrganizationViewSetMixin

from . import imports
from .sheets import MAX_UPLOAD_MB, XLSX_MIME, ImportFileError, ImportPlan


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=f"The import template filled in (.xlsx, at most {MAX_UPLOAD_MB} MB).",
        allow_empty_file=True,
        use_url=False,
    )


class ImportErrorSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField(allow_null=True, help_text="Row number in the sheet.")
    column = serializers.CharField(help_text="The column's name as in row 1; empty for a row.")
    message = serializers.CharField(help_text="In the caller's language.")


# The answer of an import. An app subclasses it under its own name and sets `counts` to a
# serializer of its plan's counts ("new_<part>", "updated_<part>", "unchanged_<part>"). A comment,
# not a docstring: the schema would show a docstring as every subclass's description.
class ImportReportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    imported = serializers.BooleanField(help_text="Whether anything was saved.")
    file = serializers.IntegerField(
        allow_null=True, help_text="The evidence file that keeps the upload, once imported."
    )
    counts = serializers.DictField(child=serializers.IntegerField())
    errors = ImportErrorSerializer(many=True)


def import_report(plan: ImportPlan, *, dry_run: bool, imported: bool, attachment=None) -> dict:
    return {
        "dry_run": dry_run,
        "imported": imported,
        "file": attachment.pk if attachment else None,
        "counts": plan.counts(),
        "errors": [error.as_dict() for error in plan.errors],
    }


def import_schema(*, summary: str, description: str, report: type[ImportReportSerializer]):
    """The OpenAPI description of an app's import endpoint (for extend_schema_view's create)."""
    return extend_schema(
        summary=summary,
        description=description,
        request={"multipart/form-data": ImportUploadSerializer},
        parameters=[
            OpenApiParameter(
                "dry_run", bool, description="Only check the file and report; import nothing."
            )
        ],
        responses={
            200: OpenApiResponse(report, description="Dry run: the preview."),
            201: OpenApiResponse(report, description="Imported."),
            400: OpenApiResponse(
                report,
                description='Problems in the rows (the report), or {"file": ["…"]} for a file '
                "that is not a readable workbook.",
            ),
        },
    )


class WorkbookImportViewSet(OrganizationViewSetMixin, viewsets.ViewSet):
    """POST: import a workbook, all or nothing (roles that may edit records)."""

    importer: imports.Importer
    parser_classes = [MultiPartParser, FormParser]

    def create(self, request, org_slug: str):
        serializer = ImportUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        dry_run = request.query_params.get("dry_run", "").lower() in {"1", "true", "yes", "on"}
        try:
            preview = imports.import_workbook(
                self.importer,
                organization=request.organization,
                by=request.user,
                upload=serializer.validated_data["file"],
                dry_run=dry_run,
            )
        except ImportFileError as error:
            raise ApiValidationError({"file": error.messages}) from error
        except imports.ImportRefused as refused:
            body = import_report(refused.plan, dry_run=dry_run, imported=False)
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        except ValidationError as error:  # refused while saving: everything rolled back
            raise ApiValidationError({"file": error.messages}) from error
        body = import_report(
            preview.plan, dry_run=dry_run, imported=not dry_run, attachment=preview.attachment
        )
        return Response(body, status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED)


class XlsxRenderer(BaseRenderer):
    """Lets a client ask for a workbook by its type; errors still answer as JSON text."""

    media_type = XLSX_MIME
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data, ensure_ascii=False).encode()
