"""Demo record of processing and privacy notices of the demo enterprises.

The starter purposes every organization gets are completed with the purposes the demo
stakeholder map and surveys need (contract partners, people who consented, employees and the
press, the union and the board, survey respondents), and two published versions of the privacy
notice. Runs before the modules' demos, which keep personal data under these purposes.
Skipped when the organization already has a notice.
"""

import datetime as dt

from django.utils import timezone

from seam_scm.personal_data import LawfulBasis
from seam_scm.tenancy.models import Membership, Organization
from seam_scm.tenancy.roles import Role

from . import services
from .models import DataModule, PrivacyNotice, ProcessingActivity

STAKEHOLDERS = [DataModule.STAKEHOLDERS.value]

PURPOSES = [
    {
        "purpose": "การติดต่อคู่สัญญา ผู้รับจ้าง และผู้ส่งมอบ เพื่อปฏิบัติตามสัญญา",
        "purpose_en": "Contacting contract partners, contractors and suppliers under the contract",
        "data_categories": "ชื่อ-นามสกุล ตำแหน่ง เบอร์โทรศัพท์ อีเมล",
        "subject_categories": "ผู้แทนของคู่สัญญา ผู้รับจ้าง และผู้ส่งมอบ",
        "lawful_basis": LawfulBasis.CONTRACT,
        "retention_months": 60,
        "retention_starts": "วันที่สัญญาสิ้นสุด หรือวันที่ปรับปรุงข้อมูลติดต่อครั้งล่าสุด",
        "modules": STAKEHOLDERS,
    },
    {
        "purpose": "การเชิญเข้าร่วมรับฟังความคิดเห็นและกิจกรรมของผู้แทนชุมชน ภาคประชาสังคม และภาควิชาการ",
        "purpose_en": (
            "Inviting community, civil society and academic representatives to hearings and "
            "activities"
        ),
        "data_categories": "ชื่อ-นามสกุล ตำแหน่ง เบอร์โทรศัพท์ อีเมล",
        "subject_categories": "ผู้แทนชุมชน เครือข่ายภาคประชาสังคม นักวิชาการ",
        "lawful_basis": LawfulBasis.CONSENT,
        "retention_months": 24,
        "retention_starts": "วันที่ปรับปรุงข้อมูลติดต่อครั้งล่าสุด หรือเมื่อถอนความยินยอม",
        "modules": STAKEHOLDERS,
    },
    {
        "purpose": "การประสานงานกับผู้แทนพนักงาน สื่อมวลชน และองค์กรผู้บริโภค",
        "purpose_en": "Working with employee representatives, the press and consumer bodies",
        "data_categories": "ชื่อ-นามสกุล ตำแหน่ง เบอร์โทรศัพท์ อีเมล",
        "subject_categories": "ผู้แทนพนักงาน ผู้สื่อข่าว เจ้าหน้าที่องค์กรผู้บริโภค",
        "lawful_basis": LawfulBasis.LEGITIMATE_INTEREST,
        "retention_months": 24,
        "retention_starts": "วันที่ปรับปรุงข้อมูลติดต่อครั้งล่าสุด",
        "modules": STAKEHOLDERS,
    },
    {
        "purpose": "การติดต่อสหภาพแรงงานและเลขานุการคณะกรรมการตามที่กฎหมายกำหนด",
        "purpose_en": "Contacting the labour union and the board secretary as the law requires",
        "data_categories": "ชื่อ-นามสกุล ตำแหน่ง เบอร์โทรศัพท์ อีเมล",
        "subject_categories": "ผู้แทนสหภาพแรงงาน เลขานุการคณะกรรมการ",
        "lawful_basis": LawfulBasis.LEGAL_OBLIGATION,
        "retention_months": 60,
        "retention_starts": "วันที่ปรับปรุงข้อมูลติดต่อครั้งล่าสุด",
        "modules": STAKEHOLDERS,
    },
    {
        "purpose": "การสำรวจความพึงพอใจและความผูกพันของลูกค้าเพื่อจัดทำสถิติ",
        "purpose_en": "Customer satisfaction and engagement surveys, for statistics",
        "data_categories": "คำตอบแบบสำรวจ และชื่อกับช่องทางติดต่อหากผู้ตอบประสงค์ให้ติดต่อกลับ",
        "subject_categories": "ผู้ตอบแบบสำรวจ",
        "lawful_basis": LawfulBasis.RESEARCH,
        "retention_months": 36,
        "retention_starts": "วันที่ปิดการสำรวจ",
        "modules": [DataModule.CUSTOMERS.value],
    },
]

NOTICE_TH = """{name} ("องค์กร") ให้ความสำคัญกับการคุ้มครองข้อมูลส่วนบุคคลของท่าน ตามพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562

1. ข้อมูลที่เก็บรวบรวม: ชื่อ-นามสกุล เบอร์โทรศัพท์ อีเมล ที่อยู่ และรายละเอียดที่ท่านแจ้ง
2. วัตถุประสงค์และฐานทางกฎหมาย: เพื่อรับและจัดการข้อร้องเรียนและแจ้งผลแก่ท่าน (การปฏิบัติหน้าที่ในการดำเนินภารกิจเพื่อประโยชน์สาธารณะ) และเพื่อติดต่อประสานงานกับผู้มีส่วนได้ส่วนเสียตามวัตถุประสงค์ที่ระบุไว้ในบันทึกรายการกิจกรรมการประมวลผล
3. ระยะเวลาการเก็บรักษา: ข้อมูลผู้ร้องเรียนเก็บไว้ 5 ปีนับจากวันปิดเรื่อง แล้วจะถูกทำให้ไม่สามารถระบุตัวบุคคลได้
4. สิทธิของท่าน: ขอเข้าถึงและขอรับสำเนา ขอให้โอนย้าย ขอแก้ไข คัดค้าน และขอให้ลบหรือทำให้ไม่สามารถระบุตัวบุคคลได้ องค์กรจะดำเนินการภายใน 30 วัน
5. ติดต่อเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคล: dpo@{slug}.example"""

NOTICE_EN = """{name} ("the organization") protects your personal data under the Personal Data Protection Act B.E. 2562 (2019).

1. Data collected: name, telephone number, e-mail, address and the details you give.
2. Purposes and lawful bases: receiving and handling complaints and replying to you (public task), and keeping in contact with stakeholders for the purposes in our record of processing.
3. Retention: complainants' data is kept for 5 years after the case is closed, then anonymized.
4. Your rights: access and copy, portability, rectification, objection, and erasure or anonymization. We answer within 30 days.
5. Data protection officer: dpo@{slug}.example"""


def seed(*, organization: Organization) -> None:
    if PrivacyNotice.objects.exists():
        return
    start = ProcessingActivity.objects.count() + 1
    for order, fields in enumerate(PURPOSES, start=start):
        ProcessingActivity.objects.create(organization=organization, order=order, **fields)
    coordinator = Membership.objects.filter(role=Role.COORDINATOR).select_related("user").first()
    by = coordinator.user if coordinator else None
    texts = {"name": organization.name_th, "slug": organization.slug}
    now = timezone.now()
    first = services.save_notice(
        PrivacyNotice(
            organization=organization,
            body_th=NOTICE_TH.format(**texts).replace("5 ปีนับจากวันปิดเรื่อง", "3 ปีนับจากวันปิดเรื่อง"),
            body_en=NOTICE_EN.format(**texts | {"name": organization.name_en}).replace(
                "5 years", "3 years"
            ),
        )
    )
    services.publish_notice(first, by=by, at=now - dt.timedelta(days=540))
    second = services.save_notice(
        PrivacyNotice(
            organization=organization,
            body_th=NOTICE_TH.format(**texts),
            body_en=NOTICE_EN.format(**texts | {"name": organization.name_en}),
        )
    )
    services.publish_notice(second, by=by, at=now - dt.timedelta(days=200))
