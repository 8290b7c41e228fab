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


# --- after every module's demo ---------------------------------------------------------------


def finish(*, organization: Organization) -> None:
    """What needs the modules' demo records: consents of the representatives whose basis is
    consent (one withdrawn), the notice version each complaint was received under, an open
    access request, a completed erasure request and a breach. Skipped once done."""
    from complaints.models import CaseState, ComplaintCase
    from stakeholders.models import Representative

    from . import consent_services
    from .models import BreachIncident, BreachRisk, ConsentChannel, RequestKind, RequestStatus
    from .registry import PersonQuery

    coordinator = Membership.objects.filter(role=Role.COORDINATOR).select_related("user").first()
    if coordinator is None or BreachIncident.objects.exists():
        return
    by = coordinator.user
    now = timezone.now()
    notices = list(PrivacyNotice.objects.filter(published_at__isnull=False).order_by("version"))

    def notice_at(moment):
        given = [notice for notice in notices if notice.published_at <= moment]
        return given[-1] if given else None

    # Complaints received with contacts got the notice in force on the day.
    with_contacts = ComplaintCase.objects.filter(is_anonymous=False, privacy_notice__isnull=True)
    for notice in reversed(notices):
        with_contacts.filter(received_at__gte=notice.published_at).update(privacy_notice=notice)

    # Consents of the representatives kept on consent, collected on paper or in person.
    representatives = Representative.objects.filter(
        lawful_basis=LawfulBasis.CONSENT, personal_data_erased_at=None
    ).order_by("pk")
    consents = []
    for index, representative in enumerate(representatives):
        given_at = now - dt.timedelta(days=60 + 45 * index)
        consents.append(
            consent_services.record_consent(
                record=representative,
                activity=representative.processing_activity,
                channel=ConsentChannel.PAPER_FORM if index % 2 else ConsentChannel.IN_PERSON,
                given_at=given_at,
                collected_by=by,
                notice=notice_at(given_at) or (notices[0] if notices else None),
            )
        )
    if len(consents) > 1:
        consent_services.withdraw_consent(
            consents[-1],
            by=by,
            withdrawn_at=now - dt.timedelta(days=12),
            effect=(
                "ผู้แทนแจ้งขอถอนความยินยอมทางอีเมล องค์กรจะไม่ส่งหนังสือเชิญเข้าร่วมกิจกรรมอีก "
                "และจะลบข้อมูลติดต่อเมื่อครบกำหนดตรวจทานรายชื่อครั้งถัดไป"
            ),
        )

    # An open access request of a real complainant, identity verified.
    named = ComplaintCase.objects.filter(is_anonymous=False, personal_data_erased_at=None).exclude(
        complainant_name=""
    )
    open_case = named.filter(state__in=[s for s in CaseState.values if s != "closed"]).first()
    if open_case is not None:
        request = services.register_request(
            organization=organization,
            kind=RequestKind.ACCESS,
            subject_name=open_case.complainant_name,
            subject_phone=open_case.complainant_phone,
            subject_email=open_case.complainant_email,
            details="ขอสำเนาข้อมูลส่วนบุคคลและประวัติการดำเนินการเรื่องร้องเรียนทั้งหมดของตน",
            received_at=now - dt.timedelta(days=10),
            identity_verified=True,
            verification_note="ตรวจบัตรประจำตัวประชาชนที่เคาน์เตอร์บริการ",
            handler=by,
        )
        request.status = RequestStatus.IN_PROGRESS
        request.save()

    # A completed erasure request: a complainant whose cases are all closed.
    for case in named.filter(state=CaseState.CLOSED).exclude(
        complainant_name=getattr(open_case, "complainant_name", "")
    ):
        found = services.find_person(PersonQuery(name=case.complainant_name))
        if not found or any(
            getattr(item.record, "state", CaseState.CLOSED) != CaseState.CLOSED for item in found
        ):
            continue
        received = now - dt.timedelta(days=40)
        request = services.register_request(
            organization=organization,
            kind=RequestKind.ERASURE,
            subject_name=case.complainant_name,
            subject_phone=case.complainant_phone,
            subject_email=case.complainant_email,
            details="ขอให้ลบข้อมูลส่วนบุคคลของตนออกจากระบบ เนื่องจากเรื่องร้องเรียนได้ข้อยุติแล้ว",
            received_at=received,
            identity_verified=True,
            verification_note="ยืนยันตัวตนทางโทรศัพท์ด้วยเลขที่เรื่องร้องเรียนและวันเกิด",
            handler=by,
        )
        services.complete_request(
            request,
            by=by,
            outcome="ทำให้ข้อมูลส่วนบุคคลในเรื่องร้องเรียนไม่สามารถระบุตัวบุคคลได้แล้ว สถิติยังคงอยู่",
            found=found,
        )
        type(request).objects.filter(pk=request.pk).update(
            completed_at=received + dt.timedelta(days=20)
        )
        break

    # A breach: an e-mail with a complainant's reply sent to the wrong recipient.
    discovered = now - dt.timedelta(days=75)
    services.register_breach(
        organization=organization,
        title="ส่งอีเมลแจ้งผลการดำเนินการเรื่องร้องเรียนถึงผู้รับผิดคน",
        description=(
            "เจ้าหน้าที่ส่งอีเมลแจ้งผลการพิจารณาเรื่องร้องเรียนซึ่งมีชื่อ ที่อยู่ และเบอร์โทรศัพท์ของผู้ร้องเรียน "
            "ไปยังผู้ร้องเรียนอีกรายหนึ่งที่มีชื่อคล้ายกัน"
        ),
        discovered_at=discovered,
        occurred_at=discovered - dt.timedelta(hours=3),
        data_categories="ชื่อ-นามสกุล ที่อยู่ เบอร์โทรศัพท์ รายละเอียดข้อร้องเรียน",
        subjects_affected=1,
        risk=BreachRisk.RISK,
        risk_assessment=(
            "ข้อมูลติดต่อและรายละเอียดข้อร้องเรียนของบุคคลหนึ่งรายถูกเปิดเผยต่อบุคคลภายนอกหนึ่งราย "
            "ไม่มีข้อมูลอ่อนไหวหรือข้อมูลทางการเงิน ผู้รับยืนยันการลบอีเมลแล้ว ประเมินว่ามีความเสี่ยง "
            "ต่อสิทธิของเจ้าของข้อมูลแต่ไม่สูง จึงแจ้งสำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล"
        ),
        regulator_notified_at=discovered + dt.timedelta(hours=30),
        notifications="แจ้ง สคส. ผ่านระบบแจ้งเหตุออนไลน์ เลขรับแจ้ง PDPC-DEMO-0001",
        actions=(
            "ขอให้ผู้รับลบอีเมลและยืนยันเป็นลายลักษณ์อักษร; ปิดการเติมชื่อผู้รับอัตโนมัติในระบบอีเมล; "
            "อบรมเจ้าหน้าที่ศูนย์รับเรื่องร้องเรียนเรื่องการตรวจสอบผู้รับก่อนส่ง"
        ),
        closed_at=discovered + dt.timedelta(days=14),
    )
