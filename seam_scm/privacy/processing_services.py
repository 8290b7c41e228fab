"""Writes of the record of processing: adding and changing a purpose.

A purpose that records already name keeps what those records rely on: its lawful basis (the
records and consents were kept under it) and the modules of those records. To change them,
the coordinator retires the purpose ("in use" off) and adds a new one. Nothing is deleted.
Callers activate the organization's scope first.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy

from .models import ConsentRecord, DataModule, ProcessingActivity
from .processing_selectors import records_by_module

NO_MODULE = gettext_lazy("Choose at least one module that holds the data.")
UNKNOWN_MODULE = gettext_lazy("Choose among the modules offered.")
NO_RETENTION = gettext_lazy("Give a retention period of at least one month.")
BASIS_IN_USE = gettext_lazy(
    "Records or consents already name this purpose under its lawful basis, so the basis "
    "cannot change. Take the purpose out of use and add a new one with the other basis."
)
MODULE_IN_USE = gettext_lazy(
    "Records of “%(module)s” name this purpose; it keeps that module. Take the purpose out of "
    "use instead."
)


def next_order() -> int:
    highest = ProcessingActivity.objects.aggregate(highest=Max("order"))["highest"]
    return (highest or 0) + 1


def _check(activity: ProcessingActivity, errors: dict) -> None:
    modules = list(activity.modules or [])
    if not modules:
        errors.setdefault("modules", []).append(str(NO_MODULE))
    elif any(module not in DataModule.values for module in modules):
        errors.setdefault("modules", []).append(str(UNKNOWN_MODULE))
    if activity.retention_months is not None and activity.retention_months < 1:
        errors.setdefault("retention_months", []).append(str(NO_RETENTION))
    if not activity.pk:
        return
    before = ProcessingActivity.objects.get(pk=activity.pk)
    used = records_by_module(before)
    if before.lawful_basis != activity.lawful_basis and (
        used or ConsentRecord.objects.filter(activity=before).exists()
    ):
        errors.setdefault("lawful_basis", []).append(str(BASIS_IN_USE))
    for module in before.modules:
        if module not in modules and used.get(module):
            label = DataModule(module).label if module in DataModule.values else module
            errors.setdefault("modules", []).append(str(MODULE_IN_USE % {"module": label}))


def save_activity(activity: ProcessingActivity) -> ProcessingActivity:
    """Add or change a purpose of the record of processing; raises ValidationError with the
    fields to blame."""
    errors: dict = {}
    with transaction.atomic():
        _check(activity, errors)
        try:
            activity.full_clean(exclude=list(errors))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
        activity.modules = [m for m in DataModule.values if m in activity.modules]
        activity.save()
    return activity
