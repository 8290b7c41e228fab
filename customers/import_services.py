"""The Excel import of VOC and survey results, on seam_scm.spreadsheets' all-or-nothing flow.

Import files are kept as evidence of the organization's customer database (its
CustomerSettings row); a clean plan is saved through the same services as the pages
(record_services.save_voc, survey_services.save_result), so every rule is checked again.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seam_scm.files import selectors as file_selectors
from seam_scm.files.models import Attachment
from seam_scm.spreadsheets.imports import Importer
from seam_scm.spreadsheets.sheets import Action
from seam_scm.tenancy.models import Organization

from . import record_services, spreadsheets, survey_services
from .models import CustomerSettings
from .spreadsheets import CustomerImportPlan


def customer_database(organization: Organization) -> CustomerSettings:
    """The record import files are evidence for: the organization's customer database."""
    record, _created = CustomerSettings.objects.get_or_create(organization=organization)
    return record


def recent_import_files(limit: int = 5) -> list[Attachment]:
    """The latest live import files of the scope's organization, newest first (no write: an
    organization that never imported has no CustomerSettings row yet, and gets none here)."""
    record = CustomerSettings.objects.first()
    if record is None:
        return []
    files = file_selectors.attachments_of(record).select_related("current_version__uploaded_by")
    return list(files.order_by("-id")[:limit])


@transaction.atomic
def save_plan(plan: CustomerImportPlan, *, by) -> None:
    """Save a clean plan: the VOC, then the survey results; rows found unchanged are left be."""
    if not plan.is_clean:
        raise ValidationError(_("The workbook has problems; nothing was imported."))
    for row in plan.voc:
        if row.action != Action.UNCHANGED:
            row.voc._history_user = by
            record_services.save_voc(voc=row.voc)
    for row in plan.survey_results:
        if row.action != Action.UNCHANGED:
            row.result._history_user = by
            survey_services.save_result(result=row.result)


IMPORTER = Importer(
    parse=spreadsheets.parse_import,
    save=save_plan,
    record=customer_database,
    title=spreadsheets.import_title,
    description=gettext_lazy(
        "Uploaded to import VOC and survey results into the customer database."
    ),
)
