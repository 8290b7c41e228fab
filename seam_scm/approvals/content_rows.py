"""Rules every module's content rows share (the charter's standards, the complaint policy's
channels, ...): a row is written only into an editable version of its own document, never
points at another organization's rows, and is saved after one full validation.

Each module keeps its own messages (they name its document) and calls these from its services.
"""

from django.core.exceptions import ValidationError
from django.db.models import Max, Model
from django.utils.functional import Promise

from .models import DocumentVersion

OTHER_ORGANIZATION_CODE = "other_organization"


def editable_version_of(
    row: Model,
    *,
    kind: str,
    no_draft: Promise | str,
    wrong_document: Promise | str,
    not_editable: Promise | str,
    other_organization: Promise | str,
) -> DocumentVersion:
    """The row's version, locked until the transaction ends, after checking that it is an
    editable version of a document of `kind` of the row's organization. Sets the row's
    organization from the version."""
    if row.version_id is None:
        raise ValidationError({"version": str(no_draft)}, code="no_draft")
    version = (
        DocumentVersion.objects.select_for_update()
        .select_related("document")
        .filter(pk=row.version_id)
        .first()
    )
    if version is None or version.document.kind != kind:
        raise ValidationError({"version": str(wrong_document)}, code="wrong_document")
    if row.organization_id is not None and row.organization_id != version.organization_id:
        raise ValidationError({"version": str(other_organization)}, code=OTHER_ORGANIZATION_CODE)
    require_editable(version, not_editable)
    row.organization_id = version.organization_id
    row.version = version
    return version


def require_editable(version: DocumentVersion, message: Promise | str) -> None:
    if not version.is_editable:
        raise ValidationError(str(message), code="not_editable")


def refuse_other_organizations(
    row: Model, errors: dict, message: Promise | str, *fields: str
) -> None:
    """Add an error for each named reference to a row of another organization (a forged id)."""
    for name in fields:
        if getattr(row, f"{name}_id") is None:
            continue
        if getattr(row, name).organization_id != row.organization_id:
            errors.setdefault(name, []).append(str(message))


def validated_save(row: Model, errors: dict) -> Model:
    """Report the rules' errors and the model's own in one go, then save."""
    try:
        row.full_clean(exclude=list(errors))
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    row.save()
    return row


def next_order(queryset) -> int:
    """Where a new row goes: after the last one."""
    return (queryset.aggregate(top=Max("order"))["top"] or 0) + 1
