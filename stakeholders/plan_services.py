"""Writes to relationship plans: the plan of a business line for a fiscal year, its items, and
the progress recorded on them during the year. Pages, the API and the demo data call these.

A plan is a governed document (kind relationship_plan): its versions go through the approvals
pages (submit, board approval, new draft). Items belong to one version and may change only while
that version is a draft or returned; once the board approves it, the database freezes them.
Progress is not part of what the board approved: it is kept per plan and item key, so it
follows an item into later versions.
"""

import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seam_scm.approvals import services as approvals
from seam_scm.approvals.models import DocumentKind, DocumentVersion, VersionStatus
from seam_scm.files.models import Attachment
from seam_scm.files.services import upload_attachment
from seam_scm.tenancy.models import Organization, OrgUnit
from seam_scm.thai.dates import FiscalYear

from .models import PlanItem, PlanItemProgress, RelationshipPlan

# Fiscal years a plan may be made for (Buddhist Era).
FIRST_YEAR, LAST_YEAR = 2500, 2700


def plan_title(business_line: OrgUnit, fiscal_year: int) -> str:
    """The document's title is part of what the board approves, so it is always Thai."""
    return f"แผนการสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสีย {business_line.name_th} ปีงบประมาณ {fiscal_year}"


def duplicate_plan_message(business_line: OrgUnit, fiscal_year: int) -> str:
    return _("%(line)s already has a relationship plan for fiscal year %(year)s.") % {
        "line": business_line.name,
        "year": fiscal_year,
    }


@transaction.atomic
def create_plan(
    *, organization: Organization, by, business_line: OrgUnit, fiscal_year: int
) -> RelationshipPlan:
    """Declare the plan's governed document (with its first, empty draft) and the plan row."""
    if business_line.organization_id != organization.id:
        raise ValidationError({"business_line": _("The unit belongs to another organization.")})
    if business_line.kind != OrgUnit.Kind.LINE:
        raise ValidationError({"business_line": _("Choose a business line (สายงาน).")})
    if not FIRST_YEAR <= fiscal_year <= LAST_YEAR:
        raise ValidationError(
            {"fiscal_year": _("Enter the fiscal year in the Buddhist Era, for example 2570.")}
        )
    if RelationshipPlan.objects.filter(
        business_line=business_line, fiscal_year=fiscal_year
    ).exists():
        raise ValidationError({"fiscal_year": duplicate_plan_message(business_line, fiscal_year)})
    document = approvals.declare_document(
        organization=organization,
        by=by,
        kind=DocumentKind.RELATIONSHIP_PLAN,
        title=plan_title(business_line, fiscal_year),
        reference=f"SRP-{fiscal_year}-{business_line.code}"[:50],
        owner_unit=business_line,
    )
    plan = RelationshipPlan(
        organization=organization,
        document=document,
        business_line=business_line,
        fiscal_year=fiscal_year,
    )
    try:
        # Someone may have created the same plan a moment ago: the constraint decides.
        with transaction.atomic():
            plan.save()
    except IntegrityError:
        raise ValidationError(
            {"fiscal_year": duplicate_plan_message(business_line, fiscal_year)}
        ) from None
    return plan


# --- items ---------------------------------------------------------------------------------

NOT_EDITABLE = gettext_lazy(
    "Items can only be changed while the plan's latest version is a draft or returned. "
    "Start a new draft on the approvals page to change an approved plan."
)


def require_editable(version: DocumentVersion) -> None:
    if not version.is_editable:
        raise ValidationError(str(NOT_EDITABLE), code="not_editable")


def fiscal_months(start_month: int = 10) -> list[int]:
    """Month numbers in fiscal-year order: 10, 11, 12, 1, ..., 9 for the Thai government."""
    return [(start_month - 1 + offset) % 12 + 1 for offset in range(12)]


def _clean_months(months: Iterable, start_month: int) -> list[int]:
    try:
        chosen = {int(month) for month in months}
    except (TypeError, ValueError):
        chosen = {0}
    if not chosen <= set(range(1, 13)):
        raise ValidationError({"months": _("Months are numbers from 1 to 12.")})
    return [month for month in fiscal_months(start_month) if month in chosen]


def _validate_item(item: PlanItem) -> None:
    """The rules of an item beyond its fields; every problem reported at once."""
    errors: dict[str, list[str]] = {}
    if item.stakeholder_id is None and item.group_id is None:
        errors.setdefault("stakeholder", []).append(
            _("Name the stakeholder or the stakeholder group the item is for.")
        )
    if item.voice_id is not None:
        voice = item.voice
        if item.stakeholder_id is not None and voice.stakeholder_id != item.stakeholder_id:
            errors.setdefault("voice", []).append(
                _("Choose a voice of the stakeholder the item is for.")
            )
        elif item.stakeholder_id is None and voice.stakeholder.group_id != item.group_id:
            errors.setdefault("voice", []).append(
                _("Choose a voice of a stakeholder in the item's group.")
            )
    for field in ("stakeholder", "group", "voice", "owner_unit", "referenced_plan"):
        related = getattr(item, field) if getattr(item, f"{field}_id") is not None else None
        if related is not None and related.organization_id != item.organization_id:
            errors.setdefault(field, []).append(_("This belongs to another organization."))
    if item.referenced_plan_id is not None and item.referenced_plan.is_deleted:
        errors.setdefault("referenced_plan", []).append(_("This evidence file was deleted."))
    if item.budget is not None and item.budget < 0:
        errors.setdefault("budget", []).append(_("The budget cannot be negative."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_plan_item(
    item: PlanItem,
    *,
    by=None,
    unit_plan_upload: UploadedFile | None = None,
    unit_plan_title: str = "",
) -> PlanItem:
    """Validate and save an item of a draft version; a new item gets its lasting key.

    `unit_plan_upload` stores an existing unit plan as evidence (kept with the plan, for the
    fiscal year) and references it from the item instead of retyping it.
    """
    version = DocumentVersion.objects.select_related("document").get(pk=item.version_id)
    plan = (
        RelationshipPlan.objects.select_related("organization")
        .filter(document=version.document)
        .first()
    )
    if plan is None:
        raise ValidationError({"version": _("This version is not a relationship plan.")})
    require_editable(version)
    item.version = version
    item.organization_id = version.organization_id
    if item.key is None:
        item.key = uuid.uuid4()
    item.months = _clean_months(item.months or [], plan.organization.fiscal_year_start_month)
    errors: dict = {}
    for check in (_validate_item, lambda i: i.full_clean(exclude=["referenced_plan"])):
        try:
            check(item)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    if unit_plan_upload is not None:
        year = FiscalYear.named(plan.fiscal_year, plan.organization.fiscal_year_start_month)
        attachment = upload_attachment(
            organization=plan.organization,
            uploaded_by=by,
            upload=unit_plan_upload,
            title=unit_plan_title.strip() or unit_plan_upload.name,
            description=str(plan),
            effective_date=year.start,
            effective_until=year.end,
            record=plan,
        )
        item.referenced_plan = attachment
    item.save()
    return item


def delete_plan_item(*, item: PlanItem) -> None:
    require_editable(item.version)
    item.delete()


# --- progress ------------------------------------------------------------------------------


def approved_version(plan: RelationshipPlan) -> DocumentVersion | None:
    return plan.document.versions.filter(status=VersionStatus.APPROVED).first()


def check_progress_allowed(*, plan: RelationshipPlan, item_key: uuid.UUID | str) -> None:
    """Progress is recorded on the items of the approved version."""
    approved = approved_version(plan)
    if approved is None:
        raise ValidationError(
            _("Progress is recorded once the board has approved the plan."), code="not_approved"
        )
    if not approved.plan_items.filter(key=item_key).exists():
        raise ValidationError(
            _("Progress is recorded on items of the approved plan, and this item is not one."),
            code="not_approved_item",
        )


@transaction.atomic
def record_progress(
    *, plan: RelationshipPlan, item_key: uuid.UUID | str, percent: int, result: str = ""
) -> PlanItemProgress:
    """Progress of an item of the approved plan. Allowed after approval: it is not approved
    content. The key ties it to the item in every version, so a revision keeps it."""
    check_progress_allowed(plan=plan, item_key=item_key)
    progress = PlanItemProgress.objects.select_for_update().filter(
        plan=plan, item_key=item_key
    ).first() or PlanItemProgress(
        organization_id=plan.organization_id, plan=plan, item_key=item_key
    )
    progress.percent = percent
    progress.result = (result or "").strip()
    progress.full_clean()
    progress.save()
    return progress


def referenceable_unit_plans():
    """Evidence files an item may reference as an existing unit plan."""
    return Attachment.objects.filter(deleted_at__isnull=True).order_by("-effective_date", "title")
