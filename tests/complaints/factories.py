"""Complaint-handling rows for tests, built through the services as a person would: the policy
is declared, filled with its default content and approved by the board; cases are registered
and moved through complaints.case_services."""

import datetime as dt

from django.utils import timezone
from django_scopes import scope

from complaints import case_services, policy_selectors, policy_services
from complaints.models import ComplaintCategory, ComplaintChannel
from seam_scm.approvals import services as approvals
from seam_scm.tenancy.roles import Role

from ..approvals.factories import APPROVAL_FIELDS, pdf_upload
from ..factories import MembershipFactory

# Before every case the tests build, so that each falls under the approved policy.
POLICY_MEETING_DATE = dt.date(2025, 9, 25)


def member(organization, role=Role.EDITOR):
    return MembershipFactory(organization=organization, role=role).user


def approved_policy(organization, *, by=None, meeting_date=POLICY_MEETING_DATE):
    """The organization's policy with the default content, approved; returns the version."""
    by = by or member(organization, Role.COORDINATOR)
    with scope(organization=organization):
        document = policy_selectors.policy_document() or policy_services.create_policy(
            organization=organization, by=by
        )
        version = document.versions.order_by("-number").first()
        approvals.submit_version(version=version, by=by)
        fields = {**APPROVAL_FIELDS, "meeting_date": meeting_date}
        approvals.record_approval(version=version, by=by, minutes_upload=pdf_upload(), **fields)
        version.refresh_from_db()
    return version


def channel(version, kind=ComplaintChannel.Kind.COUNTER) -> ComplaintChannel:
    with scope(organization=version.organization):
        return ComplaintChannel.objects.get(version=version, kind=kind)


def category(version, code="SRV") -> ComplaintCategory:
    with scope(organization=version.organization):
        return ComplaintCategory.objects.get(version=version, code=code)


def make_case(
    organization,
    *,
    by=None,
    received_at=None,
    channel_kind=ComplaintChannel.Kind.COUNTER,
    category_code="SRV",
    **fields,
):
    """A registered case under the organization's approved policy (approved here if needed)."""
    with scope(organization=organization):
        version = policy_selectors.policy_in_force()
    version = version or approved_policy(organization)
    by = by or member(organization)
    fields.setdefault("subject", "น้ำประปาไม่ไหล")
    fields.setdefault("description", "น้ำไม่ไหลตั้งแต่เช้า ยังไม่มีเจ้าหน้าที่มาตรวจสอบ")
    with scope(organization=organization):
        return case_services.register_case(
            organization=organization,
            by=by,
            received_at=received_at or timezone.now() - dt.timedelta(hours=1),
            channel=channel(version, channel_kind),
            category=category(version, category_code),
            **fields,
        )


def move(case, action, *, by=None, **details):
    by = by or member(case.organization)
    with scope(organization=case.organization):
        return case_services.move_case(case=case, action=action, by=by, **details)


RESPONSE = {
    "decision": "ซ่อมท่อแตกแล้ว และแจ้งผู้ร้องเรียนทางโทรศัพท์",
    "decision_channel": "โทรศัพท์",
}
CLOSING = {
    "remedy": "ลดค่าน้ำเดือนนี้ร้อยละ 10",
    "root_cause": "ท่อเมนเก่าชำรุด",
    "corrective_action": "เปลี่ยนท่อเมนทั้งซอย",
}


def closed_case(organization, *, by=None, satisfaction=4, **fields):
    """A case taken through every step to closed."""
    by = by or member(organization)
    case = make_case(organization, by=by, **fields)
    now = timezone.now()
    for action in ("acknowledge", "assess", "investigate"):
        case = move(case, action, by=by)
    case = move(case, "respond", by=by, decision_communicated_at=now, **RESPONSE)
    return move(case, "close", by=by, satisfaction=satisfaction, **CLOSING)
