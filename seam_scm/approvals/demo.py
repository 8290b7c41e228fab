"""Demo governed documents: an approved and published complaint policy and the draft of a
relationship plan (the stakeholders demo then fills in its items and has the board approve it).

The customer service charter, with its structured standards, comes from the customers demo
(customers/demo.py), like the customer and market strategy.

Built through the services, as people would; skipped when the organization already has
governed documents, so `seed_demo` can run again.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from seam_scm.files.demo import sample_pdf
from seam_scm.tenancy.models import Membership, Organization
from seam_scm.tenancy.roles import Role

from . import services
from .models import ApprovingBody, DocumentKind, GovernedDocument

COMPLAINT_POLICY = """1. องค์กรเปิดรับข้อร้องเรียนผ่านช่องทางที่หลากหลาย ได้แก่ เคาน์เตอร์บริการ ศูนย์บริการลูกค้าทางโทรศัพท์ เว็บไซต์ อีเมล และศูนย์ดำรงธรรม 1567
2. ตอบรับข้อร้องเรียนภายใน 1 วันทำการ และแจ้งผลการพิจารณาภายใน 15 วันทำการ
3. จัดการข้อร้องเรียนอย่างเป็นธรรม โปร่งใส และรักษาความลับของผู้ร้องเรียน
4. วิเคราะห์สาเหตุและนำผลไปปรับปรุงกระบวนการอย่างต่อเนื่องตามแนวทาง ISO 10002"""


def _member(role: str):
    membership = Membership.objects.filter(role=role).select_related("user").first()
    return membership.user if membership else None


def _minutes(organization: Organization, number: str) -> SimpleUploadedFile:
    pdf = sample_pdf(
        [
            organization.name_en or organization.slug,
            f"Minutes of the Board of Directors, meeting {number}",
            "Agenda 4.2: the board approved the document as proposed.",
            "Signed: Governor",
        ]
    )
    return SimpleUploadedFile(f"minutes-{number.replace('/', '-')}.pdf", pdf)


def _approve(organization, version, by, *, number: str, day: dt.date, agenda: str) -> None:
    services.submit_version(version=version, by=by)
    services.record_approval(
        version=version,
        by=by,
        body=ApprovingBody.BOARD,
        meeting_number=number,
        meeting_date=day,
        agenda_item=agenda,
        resolution="ที่ประชุมพิจารณาแล้วมีมติเห็นชอบตามที่ฝ่ายบริหารเสนอ",
        signed_by_name="นายวิชัย ประเสริฐวงศ์",
        signed_by_position="ผู้ว่าการ",
        minutes_upload=_minutes(organization, number),
    )
    version.refresh_from_db()


def seed(*, organization: Organization) -> None:
    coordinator = _member(Role.COORDINATOR)
    secretary = _member(Role.SECRETARY) or coordinator
    if coordinator is None or GovernedDocument.objects.exists():
        return

    policy = services.declare_document(
        organization=organization,
        by=coordinator,
        kind=DocumentKind.COMPLAINT_POLICY,
        title="นโยบายและระเบียบปฏิบัติการจัดการข้อร้องเรียน",
        reference="POL-CM-05",
    )
    version = policy.versions.get()
    version.summary = "นโยบายการจัดการข้อร้องเรียนตามแนวทาง ISO 10002 สำหรับทุกช่องทางบริการ"
    version.body = COMPLAINT_POLICY
    services.save_draft(version)
    _approve(
        organization, version, secretary, number="10/2569", day=dt.date(2026, 9, 24), agenda="5.1"
    )
    services.publish_version(version=version)

    plan = services.declare_document(
        organization=organization,
        by=coordinator,
        kind=DocumentKind.RELATIONSHIP_PLAN,
        title="แผนการสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสีย ปีงบประมาณ 2570",
        reference="SRP-2570",
    )
    version = plan.versions.get()
    version.summary = "ร่างแผนสำหรับเสนอคณะกรรมการในไตรมาสแรกของปีงบประมาณ"
    services.save_draft(version)
