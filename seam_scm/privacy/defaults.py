"""The record of processing a new organization starts with: the two purposes its modules need
from the first day (the public complaint form takes complainants' contacts at once). The
coordinator reviews them and adds the organization's own."""

from seam_scm.personal_data import LawfulBasis

from .models import DataModule, ProcessingActivity

STARTER_PURPOSES = [
    {
        "purpose": "การรับและจัดการข้อร้องเรียน และการแจ้งผลการดำเนินการแก่ผู้ร้องเรียน",
        "purpose_en": "Receiving and handling complaints, and replying to complainants",
        "data_categories": "ชื่อ-นามสกุล เบอร์โทรศัพท์ อีเมล ที่อยู่ และรายละเอียดข้อร้องเรียน",
        "subject_categories": "ผู้ร้องเรียน",
        "lawful_basis": LawfulBasis.PUBLIC_TASK,
        "retention_months": 60,
        "retention_starts": "วันที่ปิดเรื่องร้องเรียน",
        "modules": [DataModule.COMPLAINTS.value],
    },
    {
        "purpose": "การติดต่อประสานงานและสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสีย",
        "purpose_en": "Keeping in contact and building relationships with stakeholders",
        "data_categories": "ชื่อ-นามสกุล ตำแหน่ง เบอร์โทรศัพท์ อีเมล",
        "subject_categories": "ผู้แทนและผู้ประสานงานของผู้มีส่วนได้ส่วนเสีย",
        "lawful_basis": LawfulBasis.PUBLIC_TASK,
        "retention_months": 24,
        "retention_starts": "วันที่ปรับปรุงข้อมูลติดต่อครั้งล่าสุด",
        "modules": [DataModule.STAKEHOLDERS.value],
    },
]


def give_starter_record(organization) -> None:
    if ProcessingActivity.objects.filter(organization=organization).exists():
        return
    for order, fields in enumerate(STARTER_PURPOSES, start=1):
        ProcessingActivity.objects.create(organization=organization, order=order, **fields)
