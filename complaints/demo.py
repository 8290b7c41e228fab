"""Demo complaint handling of the two demo enterprises: the waterworks authority (lwa) and the
community enterprise bank (ceb).

For each:
- the complaint handling policy and procedures (criterion 5.3 level 1): declared with the
  default channels, categories, time standards and escalation rules, adapted to the enterprise
  (its call center number, one channel not in use), its text in twelve clauses following the
  steps of ISO 10002, approved by the board about thirteen months ago and published;
- heads of the units that handle complaints, whom the SLA notices reach;
- a year of cases (about 150 to 170), received mostly on working days, across the channels
  (counters and the call center most), categories and severities (few critical), each handled
  through the lifecycle at plausible working times: most acknowledged and resolved within the
  standards and closed with the complainant's satisfaction, some late, some escalated, some
  reopened and closed again, a few withdrawn, some repeat complaints of the same person, and
  the latest ones still open at every step, some due soon and some overdue.

Cases are dated back from today (the services refuse times in the future), drawn with
`random.Random(slug)` so that the same day gives the same demo. Built through the services, as
people would; skipped when the organization already has complaint cases, so `seed_demo` can
run again.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from seam_scm.approvals import services as approvals
from seam_scm.approvals.models import ApprovingBody, DocumentVersion, VersionStatus
from seam_scm.files.demo import sample_pdf
from seam_scm.personal_data import LawfulBasis
from seam_scm.tenancy.models import Membership, Organization, OrgUnit
from seam_scm.tenancy.roles import Role
from seam_scm.tenancy.services import save_unit
from seam_scm.thai.dates import be_year

from . import case_services, policy_selectors, policy_services, working_time
from .lifecycle import Action
from .models import (
    CaseSource,
    ComplaintCase,
    ComplaintCategory,
    ComplaintChannel,
    Severity,
)

K = ComplaintChannel.Kind
LOW, MEDIUM, HIGH, CRITICAL = Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL
HOURS = working_time.WORKING_HOURS


@dataclass(frozen=True)
class Kind:
    """A kind of complaint the enterprise receives again and again; cases are drawn from it."""

    category: str
    subject: str
    description: str  # {place} is filled in per case
    remedy_sought: str
    unit: str
    decision: str
    remedy: str
    root_cause: str
    corrective_action: str
    weight: int = 10
    severities: tuple[tuple[str, int], ...] = ((LOW, 2), (MEDIUM, 6), (HIGH, 2))


@dataclass(frozen=True)
class ComplaintDemo:
    slug: str
    call_center: str  # the call center's number
    website: str
    email: str
    line: str
    channels_off: tuple[str, ...]  # kinds not in use
    product_names: tuple[str, str]  # the PRD category, renamed to the enterprise's business
    places: tuple[str, ...]
    kinds: tuple[Kind, ...]
    # unit code -> role of the demo user who heads it
    heads: dict[str, str]
    chair: str


LWA = ComplaintDemo(
    slug="lwa",
    call_center="1662",
    website="https://www.lwa.example/complaint",
    email="complaint@lwa.example",
    line="@lwa.care",
    channels_off=(K.SOCIAL_MEDIA,),
    product_names=("น้ำประปาและระบบท่อ", "Water supply and pipes"),
    places=(
        "หมู่ 3 ต.บ้านใหม่ อ.เมือง",
        "ซอยสุขสันต์ 5 ต.ในเมือง",
        "หมู่บ้านร่มไม้ ต.หนองปลาไหล",
        "ถนนเจริญราษฎร์ ต.ท่าทอง",
        "ชุมชนริมคลอง ต.บางพระ",
        "หมู่ 7 ต.ดอนแก้ว",
        "ตลาดสดเทศบาล ต.ในเมือง",
        "โครงการบ้านสวนพฤกษา ต.ห้วยโป่ง",
    ),
    kinds=(
        Kind(
            "PRD",
            "น้ำประปาไม่ไหล",
            "น้ำประปาไม่ไหลตั้งแต่เช้าที่ {place} ไม่ได้รับแจ้งล่วงหน้า ต้องซื้อน้ำใช้",
            "ขอให้แก้ไขโดยเร็วและจัดน้ำสำรองให้ระหว่างซ่อม",
            "OP-MT",
            "ซ่อมท่อจ่ายน้ำที่ชำรุดแล้วเสร็จ น้ำไหลปกติ แจ้งผู้ร้องเรียนทางโทรศัพท์",
            "จัดรถบรรทุกน้ำแจกจ่ายระหว่างซ่อม",
            "ท่อจ่ายน้ำขนาด 100 มม. แตกจากแรงดันน้ำสูงช่วงกลางคืน",
            "ติดตั้งวาล์วลดแรงดันในพื้นที่และส่ง SMS แจ้งก่อนหยุดจ่ายน้ำทุกครั้ง",
            weight=16,
            severities=((MEDIUM, 5), (HIGH, 4), (CRITICAL, 1)),
        ),
        Kind(
            "PRD",
            "น้ำประปาขุ่น มีตะกอน",
            "น้ำประปาที่ {place} ขุ่นและมีตะกอนสีน้ำตาลมา 2 วัน ใช้ซักผ้าไม่ได้",
            "ขอให้ตรวจคุณภาพน้ำและล้างท่อ",
            "OP-PR",
            "ล้างท่อจ่ายน้ำในพื้นที่และตรวจคุณภาพน้ำผ่านเกณฑ์แล้ว",
            "มอบน้ำดื่มบรรจุขวดให้ครัวเรือนในพื้นที่",
            "ตะกอนสะสมในท่อหลังการซ่อมท่อเมน",
            "กำหนดให้ระบายตะกอนทุกครั้งหลังซ่อมท่อเมนและตรวจความขุ่นก่อนเปิดจ่ายน้ำ",
            weight=12,
        ),
        Kind(
            "BIL",
            "ค่าน้ำสูงผิดปกติ",
            "ใบแจ้งหนี้ค่าน้ำเดือนนี้ที่ {place} สูงกว่าปกติเกือบสามเท่า ทั้งที่ใช้น้ำเท่าเดิม",
            "ขอให้ตรวจมาตรวัดน้ำและทบทวนใบแจ้งหนี้",
            "CS-BR",
            "ตรวจพบการจดเลขมาตรผิด ออกใบแจ้งหนี้ใหม่ตามการใช้น้ำจริงแล้ว",
            "ปรับลดค่าน้ำตามการใช้จริงและคืนเงินส่วนเกินเข้าบัญชี",
            "พนักงานจดเลขมาตรผิดหลัก",
            "ใช้แอปจดมาตรที่ถ่ายภาพหน้าปัดประกอบทุกครั้ง และตรวจค่าที่ต่างจากเฉลี่ยเกินร้อยละ 50",
            weight=14,
            severities=((LOW, 4), (MEDIUM, 6)),
        ),
        Kind(
            "PRD",
            "ท่อแตก น้ำรั่วไหลบนถนน",
            "ท่อประปาแตกที่ {place} น้ำไหลท่วมถนน รถสัญจรลำบาก",
            "ขอให้ซ่อมด่วน",
            "OP-MT",
            "ซ่อมท่อแตกและคืนสภาพผิวถนนเรียบร้อย",
            "ไม่มีค่าเสียหาย ผู้ร้องเรียนพอใจกับการซ่อม",
            "ท่อใยหินเก่าอายุเกิน 30 ปี",
            "บรรจุการเปลี่ยนท่อใยหินในพื้นที่ไว้ในแผนลงทุนปีถัดไป",
            weight=10,
            severities=((MEDIUM, 4), (HIGH, 6)),
        ),
        Kind(
            "SRV",
            "ขอติดตั้งมาตรวัดน้ำใหม่ล่าช้า",
            "ยื่นคำขอติดตั้งมาตรวัดน้ำที่ {place} และชำระเงินแล้วกว่า 1 เดือน ยังไม่มีผู้มาติดตั้ง",
            "ขอให้ติดตั้งตามมาตรฐานเวลาที่ประกาศ",
            "CS-BR",
            "ติดตั้งมาตรวัดน้ำเรียบร้อยและแจ้งผู้ร้องเรียนแล้ว",
            "ยกเว้นค่าธรรมเนียมติดตั้งบางส่วน",
            "ผู้รับจ้างติดตั้งมีงานค้างเกินกำลัง",
            "เพิ่มผู้รับจ้างสำรองและติดตามงานค้างเกิน 7 วันทำการทุกสัปดาห์",
            weight=8,
        ),
        Kind(
            "STF",
            "พนักงานพูดจาไม่สุภาพ",
            "พนักงานที่สำนักงานสาขาซึ่งดูแล {place} พูดจาไม่สุภาพเมื่อสอบถามเรื่องค่าน้ำ",
            "ขอให้ตักเตือนพนักงาน",
            "CS-CR",
            "ผู้บังคับบัญชาตักเตือนพนักงานและโทรขออภัยผู้ร้องเรียน",
            "ขออภัยผู้ร้องเรียนเป็นลายลักษณ์อักษร",
            "พนักงานขาดทักษะการรับมือลูกค้าที่ไม่พอใจ",
            "จัดอบรมการให้บริการสำหรับพนักงานหน้าเคาน์เตอร์ทุกสาขา",
            weight=6,
            severities=((LOW, 5), (MEDIUM, 5)),
        ),
        Kind(
            "PRD",
            "น้ำมีกลิ่นคลอรีนแรง",
            "น้ำประปาที่ {place} มีกลิ่นคลอรีนแรงผิดปกติ เด็กอาบแล้วผิวแห้ง",
            "ขอให้ตรวจปริมาณคลอรีน",
            "OP-PR",
            "ปรับอัตราการเติมคลอรีนที่สถานีผลิตน้ำ ผลตรวจคลอรีนอิสระอยู่ในเกณฑ์",
            "ชี้แจงผลตรวจคุณภาพน้ำให้ชุมชนทราบ",
            "เครื่องจ่ายคลอรีนตั้งค่าสูงเกินหลังการซ่อมบำรุง",
            "ตรวจสอบค่าคลอรีนปลายเส้นท่อทุกวันหลังซ่อมบำรุงเครื่องจ่าย",
            weight=6,
            severities=((LOW, 3), (MEDIUM, 7)),
        ),
        Kind(
            "SRV",
            "คืนสภาพถนนหลังวางท่อไม่เรียบร้อย",
            "หลังวางท่อที่ {place} ผิวถนนเป็นหลุม รถจักรยานยนต์ล้มแล้ว 2 คัน",
            "ขอให้ซ่อมผิวถนนโดยเร็ว",
            "OP-MT",
            "ผู้รับจ้างซ่อมผิวถนนตามมาตรฐานแล้ว",
            "ชดใช้ค่าซ่อมรถจักรยานยนต์ตามหลักฐาน",
            "ผู้รับจ้างบดอัดดินไม่ได้มาตรฐานก่อนปูผิว",
            "ตรวจรับงานคืนสภาพถนนก่อนจ่ายค่างวดทุกครั้ง",
            weight=5,
            severities=((MEDIUM, 6), (HIGH, 4)),
        ),
        Kind(
            "INF",
            "ไม่ได้รับแจ้งการหยุดจ่ายน้ำล่วงหน้า",
            "มีการหยุดจ่ายน้ำที่ {place} โดยไม่ได้ประกาศล่วงหน้า ร้านอาหารเสียรายได้",
            "ขอให้แจ้งล่วงหน้าอย่างน้อย 1 วัน",
            "CS-CR",
            "ชี้แจงเหตุฉุกเฉินและเพิ่มช่องทางแจ้งข่าวผ่าน LINE ของพื้นที่",
            "ขออภัยและลงทะเบียนรับข่าวหยุดจ่ายน้ำทาง SMS ให้ผู้ร้องเรียน",
            "ประกาศเฉพาะบนเว็บไซต์ ไม่ถึงผู้ใช้น้ำ",
            "ส่ง SMS และข้อความ LINE ถึงผู้ใช้น้ำในพื้นที่ก่อนหยุดจ่ายน้ำตามแผนทุกครั้ง",
            weight=6,
            severities=((LOW, 4), (MEDIUM, 6)),
        ),
        Kind(
            "BIL",
            "ชำระค่าน้ำแล้วยังถูกตัดน้ำ",
            "ชำระค่าน้ำผ่านแอปธนาคารแล้ว แต่พนักงานมาตัดน้ำที่ {place}",
            "ขอให้ต่อน้ำทันทีและยกเว้นค่าต่อน้ำ",
            "CS-BR",
            "ต่อน้ำคืนภายในวันเดียวกันและยกเลิกค่าธรรมเนียมต่อน้ำ",
            "ยกเว้นค่าธรรมเนียมต่อน้ำ",
            "ข้อมูลการชำระเงินจากธนาคารเข้าระบบล่าช้า 2 วัน",
            "ตรวจสอบรายการชำระเงินล่าสุดก่อนออกใบสั่งตัดน้ำทุกครั้ง",
            weight=5,
            severities=((MEDIUM, 4), (HIGH, 6)),
        ),
        Kind(
            "SRV",
            "โทรศูนย์บริการรอสายนาน",
            "โทรแจ้งปัญหาน้ำไม่ไหลที่ {place} ผ่านศูนย์บริการลูกค้า รอสายนานกว่า 20 นาที",
            "ขอให้เพิ่มคู่สาย",
            "CS-CR-2",
            "เพิ่มพนักงานรับสายช่วงเช้าและเปิดระบบโทรกลับอัตโนมัติ",
            "โทรกลับผู้ร้องเรียนและบันทึกเรื่องน้ำไม่ไหลให้",
            "จำนวนสายเข้าช่วง 07.00-09.00 น. สูงกว่ากำลังพนักงาน",
            "จัดตารางพนักงานตามปริมาณสายรายชั่วโมงและติดตามเวลารอสายทุกสัปดาห์",
            weight=6,
            severities=((LOW, 6), (MEDIUM, 4)),
        ),
        Kind(
            "ETH",
            "เจ้าหน้าที่เรียกเงินเพื่อเร่งติดตั้งมาตร",
            "ผู้อ้างว่าเป็นเจ้าหน้าที่เรียกเงิน 500 บาทเพื่อเร่งติดตั้งมาตรวัดน้ำที่ {place}",
            "ขอให้ตรวจสอบและลงโทษผู้กระทำผิด",
            "SP-RM",
            "ตั้งกรรมการสอบข้อเท็จจริงและแจ้งผลการสอบสวนให้ผู้ร้องเรียนทราบ",
            "คืนเงินที่ผู้ร้องเรียนจ่ายไป",
            "ผู้รับจ้างช่วงแอบอ้างชื่อองค์กร",
            "ยกเลิกสัญญาผู้รับจ้างช่วงและประชาสัมพันธ์ว่าการติดตั้งไม่มีค่าใช้จ่ายนอกใบเสร็จ",
            weight=2,
            severities=((HIGH, 8), (CRITICAL, 2)),
        ),
    ),
    heads={
        "CS-CR": Role.EDITOR,
        "CS-CR-1": Role.EDITOR,
        "SP-PL": Role.COORDINATOR,
        "OP-MT": Role.VIEWER,
        "GV-BS": Role.SECRETARY,
    },
    chair="นายวิชัย ประเสริฐวงศ์",
)

CEB = ComplaintDemo(
    slug="ceb",
    call_center="1357",
    website="https://www.ceb.example/complaint",
    email="care@ceb.example",
    line="@ceb.bank",
    channels_off=(K.LINE,),
    product_names=("สินเชื่อและเงินฝาก", "Loans and deposits"),
    places=(
        "สาขาเชียงราย",
        "สาขาน่าน",
        "สาขาขอนแก่น",
        "สาขาอุดรธานี",
        "สาขาสกลนคร",
        "หน่วยบริการเคลื่อนที่ อ.แม่สาย",
        "สาขาลำปาง",
        "สาขาร้อยเอ็ด",
    ),
    kinds=(
        Kind(
            "PRD",
            "อนุมัติสินเชื่อวิสาหกิจชุมชนล่าช้า",
            "วิสาหกิจชุมชนยื่นขอสินเชื่อที่{place} เอกสารครบแล้วกว่า 45 วัน ยังไม่ทราบผล",
            "ขอให้แจ้งผลการพิจารณาโดยเร็ว",
            "MK-LN-1",
            "พิจารณาอนุมัติสินเชื่อแล้ว แจ้งผลและนัดทำสัญญา",
            "ลดค่าธรรมเนียมจัดการสินเชื่อร้อยละ 50",
            "เอกสารค้างตรวจที่ฝ่ายสินเชื่อเพราะไม่มีระบบติดตามสถานะ",
            "ใช้ระบบติดตามคำขอสินเชื่อและแจ้งสถานะลูกค้าทาง SMS ทุกขั้นตอน",
            weight=14,
        ),
        Kind(
            "BIL",
            "คิดดอกเบี้ยไม่ตรงกับสัญญา",
            "ใบแจ้งยอดสินเชื่อจาก{place} คิดดอกเบี้ยสูงกว่าอัตราในสัญญา",
            "ขอให้คำนวณดอกเบี้ยใหม่และคืนส่วนเกิน",
            "MK-LN",
            "คำนวณดอกเบี้ยใหม่ตามสัญญาและคืนดอกเบี้ยส่วนเกินเข้าบัญชีแล้ว",
            "คืนดอกเบี้ยส่วนเกินพร้อมค่าชดเชย",
            "ระบบปรับอัตราดอกเบี้ยลอยตัวกับสัญญาอัตราคงที่โดยผิดพลาด",
            "ตรวจสอบประเภทอัตราดอกเบี้ยของสัญญาก่อนปรับอัตราทุกครั้ง",
            weight=10,
            severities=((MEDIUM, 6), (HIGH, 4)),
        ),
        Kind(
            "BIL",
            "ถูกหักค่าธรรมเนียมโอนเงินซ้ำ",
            "โอนเงินผ่านแอปครั้งเดียว แต่ถูกหักค่าธรรมเนียมสองครั้ง (บัญชีเปิดที่{place})",
            "ขอคืนค่าธรรมเนียมที่หักซ้ำ",
            "MK-CX",
            "คืนค่าธรรมเนียมที่หักซ้ำเข้าบัญชีแล้ว",
            "คืนค่าธรรมเนียม",
            "งานประมวลผลรายการซ้ำเมื่อระบบเชื่อมต่อหมดเวลา",
            "แก้ไขโปรแกรมให้ตรวจรายการซ้ำก่อนหักค่าธรรมเนียม",
            weight=10,
            severities=((LOW, 6), (MEDIUM, 4)),
        ),
        Kind(
            "SRV",
            "แอปพลิเคชันธนาคารเข้าใช้งานไม่ได้",
            "เข้าแอปพลิเคชันของธนาคารไม่ได้ทั้งวัน ต้องเดินทางไปทำรายการที่{place}",
            "ขอให้แก้ไขระบบและแจ้งเหตุขัดข้องล่วงหน้า",
            "MK-CX",
            "แก้ไขระบบยืนยันตัวตนแล้ว ใช้งานได้ปกติ",
            "ยกเว้นค่าธรรมเนียมทำรายการที่สาขาในวันที่ระบบขัดข้อง",
            "ใบรับรองความปลอดภัยของระบบยืนยันตัวตนหมดอายุ",
            "ตั้งการแจ้งเตือนใบรับรองหมดอายุล่วงหน้า 30 วัน",
            weight=10,
            severities=((MEDIUM, 4), (HIGH, 5), (CRITICAL, 1)),
        ),
        Kind(
            "SRV",
            "รอคิวที่สาขานาน",
            "รอคิวฝากเงินที่{place} นานกว่า 1 ชั่วโมง เปิดให้บริการเพียงช่องเดียว",
            "ขอให้เพิ่มช่องบริการช่วงต้นเดือน",
            "BR-NE",
            "จัดพนักงานเสริมช่วงต้นเดือนและเปิดตู้รับฝากเงินอัตโนมัติ",
            "ขออภัยผู้ร้องเรียนและแนะนำบริการผ่านแอป",
            "พนักงานลาพร้อมกันในช่วงที่ลูกค้ามาก",
            "กำหนดวันห้ามลาช่วงต้นเดือนและจัดพนักงานหมุนเวียนจากสาขาใกล้เคียง",
            weight=9,
            severities=((LOW, 6), (MEDIUM, 4)),
        ),
        Kind(
            "STF",
            "พนักงานให้ข้อมูลไม่ครบถ้วน",
            "พนักงาน{place}ไม่แจ้งเงื่อนไขค่าปรับชำระหนี้ก่อนกำหนด",
            "ขอให้ยกเว้นค่าปรับ",
            "BR-N",
            "ยกเว้นค่าปรับและชี้แจงเงื่อนไขสัญญาให้ผู้ร้องเรียนแล้ว",
            "ยกเว้นค่าปรับชำระหนี้ก่อนกำหนด",
            "พนักงานใหม่ไม่ได้รับการอบรมเงื่อนไขผลิตภัณฑ์",
            "จัดทำเอกสารสรุปเงื่อนไขผลิตภัณฑ์ให้ลูกค้าลงนามรับทราบ",
            weight=7,
        ),
        Kind(
            "INF",
            "ไม่ได้รับหนังสือแจ้งยอดหนี้คงเหลือ",
            "ไม่ได้รับหนังสือแจ้งยอดหนี้สินเชื่อประจำปีของ{place}",
            "ขอให้ส่งหนังสือแจ้งยอดหนี้",
            "MK-LN",
            "ส่งหนังสือแจ้งยอดหนี้ทางอีเมลและไปรษณีย์แล้ว",
            "ส่งหนังสือแจ้งยอดหนี้ให้ทันที",
            "ที่อยู่ในระบบไม่เป็นปัจจุบัน",
            "ให้สาขาทบทวนที่อยู่ลูกค้าทุกครั้งที่มาทำรายการ",
            weight=6,
            severities=((LOW, 7), (MEDIUM, 3)),
        ),
        Kind(
            "PRD",
            "ขอปรับโครงสร้างหนี้แต่ไม่ได้รับการติดต่อกลับ",
            "ยื่นขอปรับโครงสร้างหนี้ที่{place}เพราะผลผลิตเสียหายจากน้ำท่วม ยังไม่มีผู้ติดต่อกลับ",
            "ขอพักชำระหนี้ระหว่างพิจารณา",
            "MK-LN-1",
            "อนุมัติพักชำระเงินต้น 12 เดือนตามมาตรการช่วยเหลือผู้ประสบภัย",
            "พักชำระเงินต้นและงดคิดเบี้ยปรับ",
            "คำขอตกหล่นระหว่างส่งต่อจากสาขาถึงฝ่ายสินเชื่อ",
            "รับคำขอปรับโครงสร้างหนี้ผ่านระบบออนไลน์เท่านั้น พร้อมเลขที่คำขอ",
            weight=7,
            severities=((MEDIUM, 5), (HIGH, 5)),
        ),
        Kind(
            "ETH",
            "สงสัยพนักงานเรียกรับค่าดำเนินการนอกระบบ",
            "พนักงานสินเชื่อที่{place}ขอค่าดำเนินการเป็นเงินสดโดยไม่ออกใบเสร็จ",
            "ขอให้ตรวจสอบ",
            "ST-CP",
            "ตรวจสอบข้อเท็จจริงแล้วดำเนินการทางวินัยกับพนักงาน และแจ้งผลให้ผู้ร้องเรียนทราบ",
            "คืนเงินที่ผู้ร้องเรียนจ่ายไป",
            "การควบคุมการรับเงินสดนอกเคาน์เตอร์ไม่เพียงพอ",
            "ห้ามรับเงินสดนอกระบบและประชาสัมพันธ์ช่องทางแจ้งเบาะแส",
            weight=2,
            severities=((HIGH, 7), (CRITICAL, 3)),
        ),
        Kind(
            "SRV",
            "บัตรเดบิตถูกเครื่อง ATM เก็บ",
            "บัตรเดบิตถูกเครื่อง ATM หน้า{place}เก็บไว้ ทั้งที่ใส่รหัสถูกต้อง",
            "ขอรับบัตรคืนหรือออกบัตรใหม่ฟรี",
            "BR-N",
            "ออกบัตรใหม่ให้โดยไม่คิดค่าธรรมเนียม",
            "ยกเว้นค่าออกบัตรใหม่",
            "เครื่องอ่านบัตรของตู้ ATM เสื่อมสภาพ",
            "เปลี่ยนเครื่องอ่านบัตรและตรวจตู้ ATM ทุกเดือน",
            weight=5,
            severities=((LOW, 6), (MEDIUM, 4)),
        ),
        Kind(
            "INF",
            "อัตราดอกเบี้ยบนเว็บไซต์ไม่ตรงกับสาขา",
            "อัตราดอกเบี้ยเงินฝากประจำบนเว็บไซต์สูงกว่าที่{place}แจ้ง",
            "ขอให้ใช้อัตราตามที่ประกาศบนเว็บไซต์",
            "MK-CX",
            "ปรับปรุงประกาศอัตราดอกเบี้ยบนเว็บไซต์ให้ตรงกันและใช้อัตราที่สูงกว่าให้ผู้ร้องเรียน",
            "ให้อัตราดอกเบี้ยตามประกาศบนเว็บไซต์",
            "ไม่ได้ปรับประกาศบนเว็บไซต์หลังคณะกรรมการปรับอัตรา",
            "ให้ฝ่ายบริหารประสบการณ์ลูกค้ายืนยันการปรับประกาศทุกช่องทางภายในวันที่มีผล",
            weight=5,
            severities=((LOW, 5), (MEDIUM, 5)),
        ),
    ),
    heads={
        "MK-CX": Role.EDITOR,
        "MK-CX-1": Role.EDITOR,
        "ST-PE": Role.COORDINATOR,
        "BR-N": Role.VIEWER,
        "MD-BS": Role.SECRETARY,
    },
    chair="นางสาวกาญจนา ศรีวัฒนา",
)

DEMOS = {demo.slug: demo for demo in (LWA, CEB)}

# Channels new cases come through, by weight (inactive ones are skipped).
CHANNEL_WEIGHTS = {
    K.COUNTER: 30,
    K.CALL_CENTER: 30,
    K.WEBSITE: 11,
    K.EMAIL: 7,
    K.LETTER: 3,
    K.LINE: 8,
    K.SOCIAL_MEDIA: 5,
    K.DAMRONGDHAMMA: 4,
    K.HOTLINE_1111: 2,
}
# How the decision reaches the complainant, by channel.
DECISION_CHANNELS = {
    K.EMAIL: "อีเมล",
    K.WEBSITE: "อีเมล",
    K.LETTER: "หนังสือ",
    K.LINE: "LINE",
    K.SOCIAL_MEDIA: "ข้อความส่วนตัว Facebook",
    K.DAMRONGDHAMMA: "หนังสือผ่านศูนย์ดำรงธรรม",
    K.HOTLINE_1111: "หนังสือผ่านศูนย์บริการประชาชน 1111",
}
# Channels open outside office hours.
ALWAYS_OPEN = {K.WEBSITE, K.EMAIL, K.LINE, K.SOCIAL_MEDIA, K.CALL_CENTER}

FIRST_NAMES = (
    "สมชาย", "สมหญิง", "วิไลวรรณ", "ประยุทธ", "นงลักษณ์", "สุรเชษฐ์", "พรทิพย์", "อำนาจ",
    "จันทร์เพ็ญ", "ชยพล", "กมลชนก", "บุญมี", "ศิริพร", "ธีรวัฒน์", "มาลัย", "ปิยะพงษ์",
    "อรุณี", "เกียรติศักดิ์", "สุภาวดี", "ทองใบ",
)  # fmt: skip
LAST_NAMES = (
    "ใจดี", "มีสุข", "ทองมา", "แสงอรุณ", "บุญประเสริฐ", "ศรีสวัสดิ์", "พึ่งบุญ", "คำแก้ว",
    "วงศ์สวัสดิ์", "อินทร์แก้ว", "สายทอง", "ชัยมงคล", "เพ็ชรรัตน์", "รักษาศรี", "นาคสุข",
)  # fmt: skip


def policy_text(organization: Organization, demo: ComplaintDemo, channels: list[str]) -> str:
    """The policy and procedures in twelve clauses, following the steps of ISO 10002."""
    name = organization.name_th
    return f"""1. หลักการ {name} ถือว่าข้อร้องเรียนทุกเรื่องเป็นโอกาสในการปรับปรุงบริการ จัดการข้อร้องเรียนอย่างเป็นธรรม โปร่งใส รวดเร็ว และรักษาความลับ ตามแนวทางมาตรฐาน ISO 10002 โดยยึดผู้ร้องเรียนเป็นศูนย์กลาง
2. การรับเรื่อง รับข้อร้องเรียนผ่านช่องทางที่หลากหลาย ได้แก่ {", ".join(channels)} ทุกเรื่องบันทึกในระบบพร้อมเลขที่เรื่อง วันเวลาที่รับ ข้อมูลประกอบ และสิ่งที่ผู้ร้องเรียนต้องการ ผู้ร้องเรียนเลือกไม่เปิดเผยชื่อได้
3. การติดตามเรื่อง ติดตามทุกเรื่องตั้งแต่รับจนปิดเรื่อง ผู้ร้องเรียนตรวจสอบสถานะได้ด้วยลิงก์ติดตามเรื่องหรือศูนย์บริการลูกค้า {demo.call_center} และได้รับแจ้งความคืบหน้าเมื่อใกล้ครบกำหนด
4. การตอบรับเรื่อง ตอบรับและแจ้งเลขที่เรื่องแก่ผู้ร้องเรียนภายใน 8 ชั่วโมงทำการ เรื่องรุนแรงสูงภายใน 4 ชั่วโมงทำการ และเรื่องวิกฤตที่กระทบความปลอดภัยหรือผู้ใช้บริการจำนวนมากภายใน 1 ชั่วโมงทำการ
5. การประเมินเบื้องต้น ประเมินความรุนแรง ผลกระทบ ความซับซ้อน และความจำเป็นต้องดำเนินการทันที จัดลำดับความเร่งด่วนโดยเรื่องด้านความปลอดภัยมาก่อน และมอบหมายหน่วยงานกับผู้รับผิดชอบ
6. การตรวจสอบข้อเท็จจริง หน่วยงานที่รับผิดชอบตรวจสอบข้อเท็จจริงอย่างเป็นกลาง ตามความรุนแรงและความถี่ของเรื่อง เรื่องที่เกี่ยวกับการทุจริตหรือประพฤติมิชอบส่งฝ่ายที่เป็นอิสระจากหน่วยงานที่ถูกร้องเรียน
7. การแก้ไขปัญหา แก้ไขให้แล้วเสร็จภายใน 15 วันทำการสำหรับเรื่องรุนแรงต่ำ 10 วันทำการสำหรับเรื่องรุนแรงปานกลาง 5 วันทำการสำหรับเรื่องรุนแรงสูง และ 8 ชั่วโมงทำการสำหรับเรื่องวิกฤต พร้อมเยียวยาตามความเหมาะสม
8. การแจ้งผลการพิจารณา แจ้งผลการพิจารณาและการแก้ไขแก่ผู้ร้องเรียนและบุคลากรที่เกี่ยวข้องผ่านช่องทางที่ผู้ร้องเรียนสะดวก และบันทึกวันที่และช่องทางที่แจ้งไว้เป็นหลักฐาน
9. การปิดเรื่อง ปิดเรื่องเมื่อผู้ร้องเรียนยอมรับผล โดยบันทึกการเยียวยา สาเหตุของปัญหา และการแก้ไขป้องกัน พร้อมสอบถามความพึงพอใจต่อการจัดการเรื่อง 1-5 คะแนน หากผู้ร้องเรียนไม่ยอมรับผล ให้เปิดเรื่องใหม่และแจ้งช่องทางอื่น เช่น ศูนย์ดำรงธรรม 1567
10. การยกระดับ ระบบแจ้งผู้รับผิดชอบและหัวหน้าหน่วยงานก่อนครบกำหนด 1 วันทำการ และเมื่อเกินกำหนด เรื่องที่เกินอำนาจหรือซับซ้อนยกระดับถึงผู้บริหารระดับฝ่ายขึ้นไป
11. การวิเคราะห์และปรับปรุง รายงานสถิติข้อร้องเรียน สัดส่วนที่ตอบรับและแก้ไขทันมาตรฐาน เรื่องร้องเรียนซ้ำ และความพึงพอใจ ต่อผู้บริหารทุกเดือนและต่อคณะกรรมการทุกไตรมาส วิเคราะห์สาเหตุร่วมเพื่อปรับปรุงกระบวนการ และทบทวนนโยบายนี้ปีละครั้ง
12. การรักษาความลับและข้อมูลส่วนบุคคล ใช้ข้อมูลของผู้ร้องเรียนเพื่อจัดการข้อร้องเรียนเท่านั้น ตามฐานการปฏิบัติหน้าที่ในการดำเนินภารกิจเพื่อประโยชน์สาธารณะ (พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562 มาตรา 24 (4)) เปิดเผยเฉพาะผู้ที่จำเป็นต้องรู้ และผู้ร้องเรียนจะไม่ได้รับผลเสียใดจากการร้องเรียน"""


# --- seeding -----------------------------------------------------------------------------------


def seed(*, organization: Organization) -> None:
    demo = DEMOS.get(organization.slug)
    people = _people()
    coordinator = people.get(Role.COORDINATOR)
    if demo is None or coordinator is None or ComplaintCase.objects.exists():
        return
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    _assign_heads(demo, units, people)
    version = _policy(organization, demo, people)
    handlers = [people.get(Role.EDITOR) or coordinator, coordinator]
    _cases(organization, demo, version, units=units, handlers=handlers)


def _people() -> dict[str, object]:
    memberships = Membership.objects.select_related("user").order_by("id")
    people: dict[str, object] = {}
    for membership in memberships:
        people.setdefault(membership.role, membership.user)
    return people


def _assign_heads(demo: ComplaintDemo, units: dict[str, OrgUnit], people) -> None:
    for code, role in demo.heads.items():
        unit = units.get(code)
        if unit is not None and people.get(role) is not None and unit.head_id is None:
            unit.head = people[role]
            save_unit(unit)


RESOLUTION = "ที่ประชุมพิจารณาแล้วมีมติอนุมัตินโยบายและระเบียบวิธีปฏิบัติในการจัดการข้อร้องเรียนตามที่ฝ่ายบริหารเสนอ"


def _pdf(name: str, lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, sample_pdf(lines), content_type="application/pdf")


def _policy(organization: Organization, demo: ComplaintDemo, people) -> DocumentVersion:
    """The policy in force: declared with the defaults, adapted, approved about thirteen
    months ago and published (the existing one when the organization has it already)."""
    version = policy_selectors.policy_in_force()
    if version is not None:
        return version
    coordinator = people[Role.COORDINATOR]
    secretary = people.get(Role.SECRETARY) or coordinator
    document = policy_selectors.policy_document() or policy_services.create_policy(
        organization=organization, by=coordinator
    )
    version = document.versions.order_by("-number").first()
    contacts = {
        K.COUNTER: "สำนักงานทุกแห่ง ในเวลาทำการ 08.30-16.30 น.",
        K.CALL_CENTER: f"โทร {demo.call_center}",
        K.WEBSITE: demo.website,
        K.EMAIL: demo.email,
        K.LINE: demo.line,
        K.DAMRONGDHAMMA: "โทร 1567 หรือศูนย์ดำรงธรรมจังหวัด",
        K.HOTLINE_1111: "โทร 1111 หรือ www.1111.go.th",
    }
    for channel in ComplaintChannel.objects.filter(version=version):
        channel.contact = contacts.get(channel.kind, "")
        channel.is_active = channel.kind not in demo.channels_off
        if channel.kind == K.CALL_CENTER:
            channel.name_th = f"ศูนย์บริการลูกค้าทางโทรศัพท์ {demo.call_center}"
            channel.name_en = f"Call center {demo.call_center}"
        policy_services.save_channel(channel)
    products = ComplaintCategory.objects.get(version=version, code="PRD")
    products.name_th, products.name_en = demo.product_names
    policy_services.save_category(products)
    active = ComplaintChannel.objects.filter(version=version, is_active=True).order_by("order")
    version.summary = (
        "นโยบายและขั้นตอนการจัดการข้อร้องเรียนตามแนวทาง ISO 10002 ทุกช่องทาง "
        "พร้อมมาตรฐานเวลาตอบรับและแก้ไขตามความรุนแรง"
    )
    version.body = policy_text(organization, demo, [channel.name_th for channel in active])
    approvals.save_draft(version)
    if version.status in (VersionStatus.DRAFT, VersionStatus.RETURNED):
        approvals.submit_version(version=version, by=coordinator)
    day = _meeting_day(timezone.localdate() - dt.timedelta(days=395))
    number = f"10/{be_year(day.year)}"
    approvals.record_approval(
        version=version,
        by=secretary,
        body=ApprovingBody.BOARD,
        meeting_number=number,
        meeting_date=day,
        agenda_item="4.3",
        resolution=RESOLUTION,
        signed_by_name=demo.chair,
        signed_by_position="ประธานกรรมการ",
        minutes_upload=_pdf(
            f"board-minutes-{number.replace('/', '-')}-4.3.pdf",
            [
                organization.name_en or organization.slug,
                f"Minutes of the Board of Directors, meeting {number}",
                "Agenda 4.3: complaint handling policy and procedures approved as proposed",
                "Signed: Chairman",
            ],
        ),
    )
    version.refresh_from_db()
    approvals.publish_version(version=version)
    return version


def _meeting_day(around: dt.date) -> dt.date:
    """The Thursday on or before `around`: the board meets on Thursdays."""
    return around - dt.timedelta(days=(around.weekday() - 3) % 7)


# --- cases ------------------------------------------------------------------------------------


@dataclass
class Person:
    name: str
    phone: str
    email: str


class _Clock:
    """Working-time arithmetic on the organization's calendar, read once."""

    def __init__(self, organization: Organization, now: dt.datetime):
        self.calendar = working_time.calendar_for(organization)
        self.now = now

    def after_hours(self, start: dt.datetime, hours: float) -> dt.datetime:
        """`hours` working hours (to the minute) after `start`."""
        whole = int(hours)
        moment = working_time.add_working_time(start, whole, HOURS, self.calendar)
        minutes = dt.timedelta(minutes=round((hours - whole) * 60))
        later = moment + minutes
        if minutes and working_time.is_working_time(later, self.calendar):
            return later
        return working_time.add_working_time(start, whole + 1, HOURS, self.calendar)

    def between(self, start: dt.datetime, end: dt.datetime, share: float) -> dt.datetime:
        """The moment `share` of the working time from start to end has passed."""
        spent = working_time.working_time_between(start, end, self.calendar)
        return self.after_hours(start, max(spent.total_seconds() / 3600 * share, 0.1))

    def hours_ago(self, hours: int) -> dt.datetime:
        """The moment `hours` working hours before now."""
        calendar, remaining = self.calendar, dt.timedelta(hours=hours)
        day, moment = timezone.localdate(self.now), timezone.localtime(self.now)
        for _day in range(working_time.MAX_SEARCH_DAYS):
            if calendar.is_working_day(day):
                top = min(moment, calendar.closing(day))
                available = top - calendar.opening(day)
                if available >= remaining:
                    return top - remaining
                remaining -= max(available, dt.timedelta(0))
            day -= dt.timedelta(days=1)
            moment = calendar.closing(day)
        raise working_time.NoWorkingTime("No working day within ten years.")

    def working_days_ago(self, count: int) -> dt.date:
        """The working day `count` working days before the next closing time (today's while
        the office is open): a case received then with a standard of `count` working days is
        due at that closing."""
        calendar = self.calendar
        local = timezone.localtime(self.now)
        day = local.date()
        if not calendar.is_working_day(day) or local >= calendar.closing(day):
            day = next(calendar.working_days_from(day + dt.timedelta(days=1)))
        while count:
            day -= dt.timedelta(days=1)
            if calendar.is_working_day(day):
                count -= 1
        return day

    def received(self, rng: random.Random, days_ago: int, channel_kind: str) -> dt.datetime:
        """A moment of receipt about `days_ago` days back: working hours of a working day,
        except now and then for the channels that never close."""
        day = timezone.localdate(self.now) - dt.timedelta(days=days_ago)
        if channel_kind in ALWAYS_OPEN and rng.random() < 0.2:
            hour = rng.choice([6, 7, 18, 19, 20, 21])
            return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, rng.randrange(60))))
        day = next(self.calendar.working_days_from(day))
        return self.calendar.opening(day) + dt.timedelta(minutes=rng.randrange(5, 450))


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _person(rng: random.Random, kind: str) -> Person:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    phone = f"08{rng.randrange(1, 10)}{rng.randrange(1000000, 9999999)}"
    email = ""
    if kind in (K.EMAIL, K.WEBSITE) or rng.random() < 0.2:
        email = f"customer{rng.randrange(1000, 9999)}@example.com"
    return Person(f"{first} {last}", phone, email)


@dataclass
class Plan:
    """How one demo case goes, decided up front."""

    received_at: dt.datetime
    kind: Kind
    severity: str
    channel: ComplaintChannel
    person: Person | None  # None: anonymous
    place: str
    # closed, late, reopened, escalated or withdrawn; or, for a case still open, the state it
    # is left in: received, acknowledged, assessed, investigating, escalated, responded or
    # reopened (prefixed "open:").
    fate: str
    ack_late: bool = False


# The fates of the year's cases, by weight.
FATES = (("closed", 70), ("late", 10), ("reopened", 6), ("escalated", 5), ("withdrawn", 3))
# The recent cases still open: (state left in, severity, received N working hours ago or on
# the working day N working days before the next closing time). With the default standards
# some clocks are due soon and some are overdue.
OPEN_CASES = (
    ("received", MEDIUM, "hours", 1),
    ("received", MEDIUM, "hours", 5),  # acknowledgement due within 3 working hours
    ("received", MEDIUM, "hours", 11),  # acknowledgement 3 working hours late
    ("received", HIGH, "hours", 6),  # acknowledgement (4 working hours) late
    ("acknowledged", MEDIUM, "days", 1),
    ("assessed", LOW, "days", 2),
    ("assessed", HIGH, "days", 5),  # resolution (5 working days) due at the next closing
    ("investigating", MEDIUM, "days", 3),
    ("investigating", MEDIUM, "days", 6),
    ("investigating", HIGH, "days", 7),  # resolution two working days late
    ("investigating", MEDIUM, "days", 10),  # resolution (10 working days) due soon
    ("investigating", MEDIUM, "days", 13),  # resolution three working days late
    ("escalated", HIGH, "days", 8),  # resolution three working days late
    ("escalated", HIGH, "days", 4),
    ("responded", MEDIUM, "days", 4),  # waiting for the complainant before closing
    ("reopened", MEDIUM, "days", 12),
)


def _cases(organization, demo, version, *, units, handlers) -> None:
    rng = random.Random(demo.slug)
    clock = _Clock(organization, timezone.now() - case_services.CLOCK_SKEW)
    channels = [
        (c, CHANNEL_WEIGHTS.get(c.kind, 1))
        for c in ComplaintChannel.objects.filter(version=version, is_active=True)
    ]
    categories = {c.code: c for c in ComplaintCategory.objects.filter(version=version)}
    kinds = [(kind, kind.weight) for kind in demo.kinds]
    people: list[tuple[Person, Kind]] = []

    def draw(received_at, channel, *, fate, severity=None, ack_late=False) -> Plan:
        kind, person = _weighted(rng, kinds), None
        if people and rng.random() < 0.07:  # a repeat complaint: same person, same matter
            person, kind = rng.choice(people)
        elif rng.random() > 0.12:
            person = _person(rng, channel.kind)
            people.append((person, kind))
        return Plan(
            received_at=received_at,
            kind=kind,
            severity=severity or _weighted(rng, kind.severities),
            channel=channel,
            person=person,
            place=rng.choice(demo.places),
            fate=fate,
            ack_late=ack_late,
        )

    plans = []
    for _index in range(rng.randrange(140, 156)):
        channel = _weighted(rng, channels)
        received = clock.received(rng, rng.randrange(21, 362), channel.kind)
        plans.append(
            draw(received, channel, fate=_weighted(rng, FATES), ack_late=rng.random() < 0.08)
        )
    for state, severity, unit, amount in OPEN_CASES:
        if unit == "hours":
            received = clock.hours_ago(amount)
        else:
            day = clock.working_days_ago(amount)
            received = clock.calendar.opening(day) + dt.timedelta(minutes=rng.randrange(30, 300))
        plans.append(
            draw(received, _weighted(rng, channels), fate=f"open:{state}", severity=severity)
        )
    plans.sort(key=lambda plan: plan.received_at)
    for plan in plans:
        if plan.received_at < clock.now:
            _case(organization, plan, rng, clock, categories, units, handlers)


def _case(organization, plan: Plan, rng, clock: _Clock, categories, units, handlers) -> None:
    kind, channel = plan.kind, plan.channel
    handler = rng.choice(handlers)
    complainant = {}
    if plan.person is not None:
        complainant = {
            "complainant_name": plan.person.name,
            "complainant_phone": plan.person.phone,
            "complainant_email": plan.person.email,
            "lawful_basis": LawfulBasis.PUBLIC_TASK,
        }
    public = channel.kind == K.WEBSITE
    case = case_services.register_case(
        organization=organization,
        by=None if public else handler,
        received_at=plan.received_at,
        channel=channel,
        category=categories[kind.category],
        subject=kind.subject,
        description=kind.description.format(place=plan.place),
        severity=plan.severity,
        source=CaseSource.PUBLIC_FORM if public else CaseSource.STAFF,
        remedy_sought=kind.remedy_sought,
        is_anonymous=plan.person is None,
        **complainant,
    )
    steps = _CaseSteps(case, plan, rng, clock, handler=handler, unit=units.get(kind.unit))
    if plan.fate.startswith("open:"):
        steps.leave_open(plan.fate.removeprefix("open:"))
    else:
        steps.handle()


# The notes of the timeline, as the handlers wrote them.
NOTES = {
    Action.ACKNOWLEDGE: "ตอบรับเรื่องและแจ้งเลขที่เรื่องแก่ผู้ร้องเรียน",
    Action.ASSESS: "ประเมินความรุนแรงแล้ว มอบหมาย{unit}ดำเนินการ",
    Action.INVESTIGATE: "ตรวจสอบข้อเท็จจริงกับหน่วยงานในพื้นที่",
    Action.ESCALATE: "เรื่องเกินอำนาจของหน่วยงาน ยกระดับให้ผู้อำนวยการฝ่ายพิจารณา",
    Action.CLOSE: "ผู้ร้องเรียนยอมรับผลการแก้ไข",
    Action.REOPEN: "ผู้ร้องเรียนแจ้งว่าปัญหากลับมาเกิดซ้ำหลังแก้ไข ขอให้ตรวจสอบอีกครั้ง",
    Action.WITHDRAW: "ผู้ร้องเรียนขอถอนเรื่องเนื่องจากตกลงกับหน่วยงานในพื้นที่ได้แล้ว",
}


class _CaseSteps:
    """Takes one case through the lifecycle as its plan says, at plausible working times."""

    def __init__(self, case, plan: Plan, rng: random.Random, clock: _Clock, *, handler, unit):
        self.case, self.plan, self.rng, self.clock = case, plan, rng, clock
        self.handler, self.unit = handler, unit
        # Set at the first step that would come after now: the case stays open before it.
        self.stopped = False

    def move(self, action: str, at: dt.datetime, **details) -> None:
        if self.stopped or at > self.clock.now:
            self.stopped = True
            return
        note = NOTES.get(action, "").format(unit=self.unit.name_th if self.unit else "")
        self.case = case_services.move_case(
            case=self.case, action=action, by=self.handler, at=at, note=note, **details
        )

    def acknowledge(self, *, late: bool, until: dt.datetime) -> dt.datetime:
        case, clock = self.case, self.clock
        if late:
            at = clock.after_hours(case.acknowledge_due_at, self.rng.uniform(0.5, 6))
        else:
            at = clock.between(
                case.received_at, case.acknowledge_due_at, self.rng.uniform(0.1, 0.8)
            )
        at = min(at, until)
        self.move(Action.ACKNOWLEDGE, at)
        return at

    def assess(self, at: dt.datetime) -> None:
        self.move(Action.ASSESS, at, unit=self.unit, handler=self.handler)

    def respond(self, at: dt.datetime) -> None:
        self.move(
            Action.RESPOND,
            at,
            decision=self.plan.kind.decision,
            decision_communicated_at=at,
            decision_channel=DECISION_CHANNELS.get(self.plan.channel.kind, "โทรศัพท์"),
        )

    def close(self, at: dt.datetime, satisfaction: int | None) -> None:
        kind = self.plan.kind
        self.move(
            Action.CLOSE,
            at,
            remedy=kind.remedy,
            root_cause=kind.root_cause,
            corrective_action=kind.corrective_action,
            satisfaction=satisfaction,
        )

    def satisfaction(self, *, late: bool) -> int | None:
        if self.rng.random() < 0.15:
            return None  # the complainant did not answer
        if late:
            return self.rng.choice([2, 3, 3, 4])
        return _weighted(self.rng, ((3, 15), (4, 45), (5, 40)))

    def handle(self) -> None:
        """A case of the past year, taken to its end."""
        plan, rng, clock = self.plan, self.rng, self.clock
        late = plan.fate == "late"
        acknowledged = self.acknowledge(late=plan.ack_late, until=clock.now)
        assessed = clock.after_hours(acknowledged, rng.uniform(0.2, 2))
        self.assess(assessed)
        if plan.fate == "withdrawn":
            self.move(Action.WITHDRAW, clock.after_hours(assessed, rng.uniform(2, 16)))
            return
        since = assessed
        if plan.severity != LOW or plan.fate != "closed":
            # A simple matter of low severity is answered straight after the assessment.
            since = clock.after_hours(assessed, rng.uniform(0.2, 3))
            self.move(Action.INVESTIGATE, since)
        if plan.fate == "escalated":
            since = clock.between(since, self.case.resolve_due_at, 0.3)
            parent = self.unit.parent if self.unit and self.unit.parent_id else self.unit
            self.move(Action.ESCALATE, since, unit=parent)
        due = self.case.resolve_due_at
        if late:
            responded = clock.after_hours(due, rng.uniform(2, 30))
        else:
            responded = clock.between(since, due, rng.uniform(0.2, 0.9))
        self.respond(responded)
        closed = clock.after_hours(responded, rng.uniform(2, 24))
        self.close(closed, self.satisfaction(late=late))
        if plan.fate == "reopened":
            reopened = clock.after_hours(closed, rng.uniform(8, 40))
            self.move(Action.REOPEN, reopened)
            again = clock.between(reopened, self.case.resolve_due_at, rng.uniform(0.2, 0.7))
            self.respond(again)
            self.close(clock.after_hours(again, rng.uniform(2, 16)), rng.choice([3, 4, None]))

    def leave_open(self, state: str) -> None:
        """A recent case, left in `state`; its steps so far spread up to now."""
        if state == "received":
            return
        clock, now = self.clock, self.clock.now
        acknowledged = self.acknowledge(
            late=False, until=clock.between(self.case.received_at, now, 0.2)
        )
        if state == "acknowledged":
            return
        steps = {
            "assessed": [Action.ASSESS],
            "investigating": [Action.ASSESS, Action.INVESTIGATE],
            "escalated": [Action.ASSESS, Action.INVESTIGATE, Action.ESCALATE],
            "responded": [Action.ASSESS, Action.INVESTIGATE, Action.RESPOND],
            "reopened": [
                Action.ASSESS,
                Action.INVESTIGATE,
                Action.RESPOND,
                Action.CLOSE,
                Action.REOPEN,
            ],
        }[state]
        for number, action in enumerate(steps, start=1):
            at = clock.between(acknowledged, now, 0.9 * number / len(steps))
            if action == Action.ASSESS:
                self.assess(at)
            elif action == Action.RESPOND:
                self.respond(at)
            elif action == Action.CLOSE:
                self.close(at, 2)
            else:
                self.move(action, at)
