"""Writes to the complaint handling policy (criterion 5.3 level 1).

The policy is THE governed document of kind `complaint_policy` of an organization (at most
one). Its versions go through the approvals pages; the content of a version (channels,
categories, time standards, escalation rules) may change only while that version is a draft
or returned, and the database freezes it once approved. The newest approved version is the
policy in force (policy_selectors.policy_in_force).

Pages, the API and the demo data write the content through the save_/delete_ functions below:
each locks the version, refuses frozen versions, versions of other documents and rows of other
organizations, validates with full_clean() and raises ValidationError in the people's words
(field errors where a field is to blame). A row keeps its `key` across edits and versions, so
that KPIs group the cases of several versions by the same channel or category.
"""

import uuid

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Model, ProtectedError
from django.utils.translation import gettext_lazy

from seam_scm.approvals import content_rows
from seam_scm.approvals import services as approvals
from seam_scm.approvals.models import (
    DocumentKind,
    DocumentVersion,
    GovernedDocument,
    VersionStatus,
)
from seam_scm.tenancy.models import Organization

from .models import (
    ComplaintCategory,
    ComplaintChannel,
    EscalationRule,
    Severity,
    TimeStandard,
    TimeUnit,
)

# The document's title is part of what the board approves, so it is always Thai.
POLICY_TITLE = "นโยบายและระเบียบวิธีปฏิบัติในการจัดการข้อร้องเรียน"
POLICY_REFERENCE = "CHP"

ALREADY_EXISTS = gettext_lazy(
    "The organization already has its complaint handling policy; change it through a new draft."
)
NOT_EDITABLE = gettext_lazy(
    "The complaint handling policy can only be changed while its latest version is a draft or "
    "returned. Start a new draft on the approvals page to change an approved policy."
)
WAITING_FOR_BOARD = gettext_lazy(
    "The draft is waiting for the board's decision. Withdraw it on the approvals page to change "
    "it again."
)
NO_POLICY = gettext_lazy("Create the complaint handling policy first.")
NO_DRAFT = gettext_lazy(
    "The policy has no draft to change. Start a new draft on the approvals page first."
)
NOT_THE_POLICY = gettext_lazy("This version is not a version of the complaint handling policy.")
OTHER_ORGANIZATION = gettext_lazy("This belongs to another organization.")
OTHER_VERSION = gettext_lazy("Choose a category of the same policy version.")
DUPLICATE_CODE = gettext_lazy("Another category of this policy uses this code.")
DUPLICATE_STANDARD = gettext_lazy("This category already has a time standard for this severity.")
NOBODY_NOTIFIED = gettext_lazy(
    "Choose who is notified: the handler, the head of the assigned unit or another unit's head."
)
STILL_USED = gettext_lazy("Complaint cases refer to this row; it cannot be deleted.")

# A new policy starts from the channels the SE-AM criteria and Thai government practice expect
# (criterion 5.3 level 1 asks for several), ISO 10002's usual categories and time standards
# that the organization then adapts before submitting the draft to the board.
DEFAULT_CHANNELS = [
    (ComplaintChannel.Kind.COUNTER, "เคาน์เตอร์บริการ ณ สำนักงาน", "Service counters"),
    (ComplaintChannel.Kind.CALL_CENTER, "ศูนย์บริการลูกค้าทางโทรศัพท์", "Call center"),
    (ComplaintChannel.Kind.WEBSITE, "แบบฟอร์มร้องเรียนบนเว็บไซต์", "Website complaint form"),
    (ComplaintChannel.Kind.EMAIL, "อีเมล", "E-mail"),
    (ComplaintChannel.Kind.LETTER, "หนังสือร้องเรียน", "Letter"),
    (ComplaintChannel.Kind.LINE, "LINE Official Account", "LINE Official Account"),
    (ComplaintChannel.Kind.SOCIAL_MEDIA, "สื่อสังคมออนไลน์", "Social media"),
    (ComplaintChannel.Kind.DAMRONGDHAMMA, "ศูนย์ดำรงธรรม 1567", "Damrongdhamma Center 1567"),
    (ComplaintChannel.Kind.HOTLINE_1111, "สายด่วนรัฐบาล 1111", "Government hotline 1111"),
]
DEFAULT_CATEGORIES = [
    ("SRV", "คุณภาพการให้บริการ", "Service quality"),
    ("STF", "พฤติกรรมการให้บริการของเจ้าหน้าที่", "Staff conduct"),
    ("BIL", "ค่าบริการและการเรียกเก็บเงิน", "Charges and billing"),
    ("PRD", "ผลิตภัณฑ์และบริการ", "Products and services"),
    ("INF", "ข้อมูลและการสื่อสาร", "Information and communication"),
    ("ETH", "การทุจริตและประพฤติมิชอบ", "Fraud and misconduct"),
]
# severity: (acknowledge within, unit, resolve within, unit)
DEFAULT_TIME_STANDARDS = {
    Severity.LOW: (8, TimeUnit.WORKING_HOURS, 15, TimeUnit.WORKING_DAYS),
    Severity.MEDIUM: (8, TimeUnit.WORKING_HOURS, 10, TimeUnit.WORKING_DAYS),
    Severity.HIGH: (4, TimeUnit.WORKING_HOURS, 5, TimeUnit.WORKING_DAYS),
    Severity.CRITICAL: (1, TimeUnit.WORKING_HOURS, 8, TimeUnit.WORKING_HOURS),
}
# clock, working hours before due (0 = at the breach), description
DEFAULT_ESCALATION_RULES = [
    (EscalationRule.Clock.ACKNOWLEDGEMENT, 0, "แจ้งเมื่อเกินกำหนดเวลาตอบรับเรื่อง"),
    (EscalationRule.Clock.RESOLUTION, 8, "เตือนล่วงหน้า 1 วันทำการก่อนครบกำหนดแก้ไข"),
    (EscalationRule.Clock.RESOLUTION, 0, "แจ้งเมื่อเกินกำหนดเวลาแก้ไข"),
]


def add_default_content(version: DocumentVersion) -> None:
    """Fill an empty draft with the default channels, categories, standards and rules."""
    base = {"organization_id": version.organization_id, "version": version}
    for order, (kind, name_th, name_en) in enumerate(DEFAULT_CHANNELS, start=1):
        ComplaintChannel.objects.create(
            **base, order=order, kind=kind, name_th=name_th, name_en=name_en
        )
    for order, (code, name_th, name_en) in enumerate(DEFAULT_CATEGORIES, start=1):
        category = ComplaintCategory.objects.create(
            **base, order=order, code=code, name_th=name_th, name_en=name_en
        )
        for severity, (ack, ack_unit, resolve, resolve_unit) in DEFAULT_TIME_STANDARDS.items():
            TimeStandard.objects.create(
                **base,
                category=category,
                severity=severity,
                acknowledge_within=ack,
                acknowledge_unit=ack_unit,
                resolve_within=resolve,
                resolve_unit=resolve_unit,
            )
    for order, (clock, hours, description) in enumerate(DEFAULT_ESCALATION_RULES, start=1):
        EscalationRule.objects.create(
            **base, order=order, clock=clock, hours_before_due=hours, description=description
        )


@transaction.atomic
def create_policy(
    *, organization: Organization, by, with_defaults: bool = True
) -> GovernedDocument:
    """Declare the policy with its first draft (holding the default content unless told not
    to); an organization has only one."""
    # Lock the organization so that two people creating it at once make one policy.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    if GovernedDocument.objects.filter(
        organization=organization, kind=DocumentKind.COMPLAINT_POLICY
    ).exists():
        raise ValidationError(str(ALREADY_EXISTS), code="policy_exists")
    document = approvals.declare_document(
        organization=organization,
        by=by,
        kind=DocumentKind.COMPLAINT_POLICY,
        title=POLICY_TITLE,
        reference=POLICY_REFERENCE,
    )
    if with_defaults:
        add_default_content(document.versions.get())
    return document


# --- the draft -----------------------------------------------------------------------------


def open_draft(document: GovernedDocument | None = None) -> DocumentVersion | None:
    """The policy's version whose content may be changed now (draft or returned), if any."""
    if document is None:
        document = GovernedDocument.objects.filter(kind=DocumentKind.COMPLAINT_POLICY).first()
    if document is None:
        return None
    latest = document.versions.order_by("-number").first()
    return latest if latest is not None and latest.is_editable else None


def no_draft_reason(document: GovernedDocument | None) -> str:
    """Why there is nothing to edit: no policy, a draft waiting for the board, or none."""
    if document is None:
        return str(NO_POLICY)
    latest = document.versions.order_by("-number").first()
    if latest is not None and latest.status == VersionStatus.SUBMITTED:
        return str(WAITING_FOR_BOARD)
    return str(NOT_EDITABLE)


# --- rules shared by every content row -----------------------------------------------------


def require_editable(version: DocumentVersion) -> None:
    content_rows.require_editable(version, NOT_EDITABLE)


def _policy_version(row: Model) -> DocumentVersion:
    """The row's version, locked, after checking it is an editable version of the policy of
    the row's organization."""
    return content_rows.editable_version_of(
        row,
        kind=DocumentKind.COMPLAINT_POLICY,
        no_draft=NO_DRAFT,
        wrong_document=NOT_THE_POLICY,
        not_editable=NOT_EDITABLE,
        other_organization=OTHER_ORGANIZATION,
    )


def _keep_key(row: Model, model: type[Model]) -> None:
    """A new row gets a new key; an edited row keeps the one it has in the database."""
    if row.pk is None:
        row.key = uuid.uuid4()
    else:
        row.key = model.objects.filter(pk=row.pk).values_list("key", flat=True).get()


def _place_new_row(row: Model, rows) -> None:
    """A new row without an order (0) goes after the last one of its version."""
    if row.pk is None and not row.order:
        row.order = content_rows.next_order(rows)


def _check_related(row: Model, errors: dict, *fields: str) -> None:
    content_rows.refuse_other_organizations(row, errors, OTHER_ORGANIZATION, *fields)


_validated_save = content_rows.validated_save


def _delete(row: Model) -> None:
    version = DocumentVersion.objects.select_for_update().get(pk=row.version_id)
    require_editable(version)
    try:
        row.delete()
    except ProtectedError as error:
        raise ValidationError(str(STILL_USED), code="protected") from error


# --- channels ------------------------------------------------------------------------------


@transaction.atomic
def save_channel(channel: ComplaintChannel) -> ComplaintChannel:
    """A channel through which the organization receives complaints, active or not."""
    version = _policy_version(channel)
    _keep_key(channel, ComplaintChannel)
    _place_new_row(channel, version.complaint_channels.all())
    channel.contact = (channel.contact or "").strip()
    return _validated_save(channel, {})


@transaction.atomic
def delete_channel(*, channel: ComplaintChannel) -> None:
    _delete(channel)


# --- categories ----------------------------------------------------------------------------


@transaction.atomic
def save_category(category: ComplaintCategory) -> ComplaintCategory:
    """A category of complaints; its code is unique within the version."""
    version = _policy_version(category)
    _keep_key(category, ComplaintCategory)
    _place_new_row(category, version.complaint_categories.all())
    category.code = (category.code or "").strip()
    errors: dict = {}
    if (
        category.code
        and ComplaintCategory.objects.filter(version_id=version.pk, code=category.code)
        .exclude(pk=category.pk)
        .exists()
    ):
        errors["code"] = [str(DUPLICATE_CODE)]
    return _validated_save(category, errors)


@transaction.atomic
def delete_category(*, category: ComplaintCategory) -> None:
    """Deletes the category with its time standards."""
    _delete(category)


# --- time standards ------------------------------------------------------------------------


@transaction.atomic
def save_time_standard(standard: TimeStandard) -> TimeStandard:
    """How fast complaints of a category and severity are acknowledged and resolved; its
    version is its category's when not given."""
    if standard.version_id is None and standard.category_id is not None:
        standard.version_id = standard.category.version_id
    version = _policy_version(standard)
    errors: dict = {}
    _check_related(standard, errors, "category")
    if "category" not in errors and standard.category_id is not None:
        if standard.category.version_id != version.pk:
            errors["category"] = [str(OTHER_VERSION)]
        elif (
            standard.severity
            and TimeStandard.objects.filter(
                category_id=standard.category_id, severity=standard.severity
            )
            .exclude(pk=standard.pk)
            .exists()
        ):
            errors["severity"] = [str(DUPLICATE_STANDARD)]
    return _validated_save(standard, errors)


@transaction.atomic
def delete_time_standard(*, time_standard: TimeStandard) -> None:
    _delete(time_standard)


# --- escalation rules ----------------------------------------------------------------------


@transaction.atomic
def save_escalation_rule(rule: EscalationRule) -> EscalationRule:
    """Who is told, and how long before the due time (0: at the breach)."""
    version = _policy_version(rule)
    _keep_key(rule, EscalationRule)
    _place_new_row(rule, version.complaint_escalation_rules.all())
    rule.description = (rule.description or "").strip()
    errors: dict = {}
    _check_related(rule, errors, "escalate_to")
    if not (rule.notify_handler or rule.notify_unit_head or rule.escalate_to_id):
        errors[NON_FIELD_ERRORS] = [str(NOBODY_NOTIFIED)]
    return _validated_save(rule, errors)


@transaction.atomic
def delete_escalation_rule(*, escalation_rule: EscalationRule) -> None:
    _delete(escalation_rule)
