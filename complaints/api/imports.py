"""The Excel import of historical complaint cases in the API.

POST /api/v1/orgs/<org>/complaint-case-import/ (multipart "file"): the same checks as the
import page; with ?dry_run=true it answers the preview or the error report and imports nothing,
otherwise a clean file is kept as evidence and imported in one transaction.
"""

from drf_spectacular.utils import extend_schema_view
from rest_framework import serializers

from seam_scm.spreadsheets.api import ImportReportSerializer, WorkbookImportViewSet, import_schema

from .. import import_services


class ComplaintCaseImportCountsSerializer(serializers.Serializer):
    new_cases = serializers.IntegerField()
    updated_cases = serializers.IntegerField(help_text="Always 0: cases are only added.")
    unchanged_cases = serializers.IntegerField(help_text="Always 0: cases are only added.")


class ComplaintCaseImportReportSerializer(ImportReportSerializer):
    counts = ComplaintCaseImportCountsSerializer()


@extend_schema_view(
    create=import_schema(
        summary="Import historical complaint cases from an Excel workbook",
        description=(
            "All or nothing. The workbook's sheet “Cases” (or “เรื่องร้องเรียน”) holds one case "
            "handled in a previous system per row: its reference there (each imported once), "
            "when it was received, its channel and category under the policy in force on that "
            "day, the complainant, and the times it was acknowledged, responded to, closed or "
            "withdrawn. Each row is registered as a new case and its steps are replayed at "
            "those times, so the clocks and KPI facts are the policy's. A file with any "
            "problem imports nothing and answers 400 with every problem as (sheet, row, "
            "column, message). With dry_run=true nothing is saved and the answer is the "
            "preview."
        ),
        report=ComplaintCaseImportReportSerializer,
    )
)
class ComplaintCaseImportViewSet(WorkbookImportViewSet):
    """Import historical complaint cases from the Excel template (coordinators and editors)."""

    importer = import_services.IMPORTER


ROUTES = [("complaint-case-import", ComplaintCaseImportViewSet, "complaint-case-import")]
