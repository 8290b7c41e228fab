"""The Excel import of the stakeholder database, on seam_scm.spreadsheets' all-or-nothing flow.

Import files are kept as evidence of the organization's stakeholder database
(its StakeholderSettings); a clean plan is saved through the same services as
the pages, profiles first, then the VOS that name them.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seam_scm.spreadsheets.imports import Importer
from seam_scm.spreadsheets.sheets import Action
from seam_scm.tenancy.models import Organization

from . import record_services, services, spreadsheets
from .models import Stakeholder, StakeholderSettings
from .spreadsheets import ImportPlan


def _database_record(organization: Organization) -> StakeholderSettings:
    """The record import files are evidence for: the organization's stakeholder database."""
    record, _created = StakeholderSettings.objects.get_or_create(organization=organization)
    return record


@transaction.atomic
def save_plan(plan: ImportPlan, *, by) -> None:
    """Save a clean plan: profiles first (keyed by code), then the VOS that name them."""
    if not plan.is_clean:
        raise ValidationError(_("The workbook has problems; nothing was imported."))
    saved: dict[str, Stakeholder] = dict(plan.existing)
    for row in plan.profiles:
        stakeholder = row.stakeholder
        if row.action != Action.UNCHANGED:
            stakeholder._history_user = by
            services.save_stakeholder(stakeholder, units=row.units)
        saved[stakeholder.code] = stakeholder
    for row in plan.voices:
        voice = row.voice
        if row.action == Action.UNCHANGED:
            continue
        voice.stakeholder = saved[row.code]
        voice._history_user = by
        record_services.save_voice(voice=voice)


IMPORTER = Importer(
    parse=spreadsheets.parse_import,
    save=save_plan,
    record=_database_record,
    title=spreadsheets.import_title,
    description=gettext_lazy("Uploaded to import into the stakeholder database."),
)
