"""Demo customer management of the two demo enterprises: the waterworks authority (lwa) and the
community enterprise bank (ceb).

For each: products and services, customer segments with their profiles and shares, direct and
indirect listening channels, a year of VOC in the four categories (fiscal year 2569 and the
start of 2570, with responses and measured results), the annual survey by an external
consultant in 2568 and 2569 with results per segment, measure and dimension, and the
organization's own post-service and point-of-service surveys, a journey map per main segment
with its critical points, the customer and market strategy 2567-2571 approved by the board
(objectives, long-term and annual plans, KPIs cascaded to units, staff and partners, and how
the plan was communicated), the meetings that reviewed it, and the customer service charter:
version 1 approved and published, version 2 in preparation.

At the community enterprise bank one critical point of a journey map, found after the
charter's approval, is covered only by the draft of version 2, so the overview shows a gap
being closed. Everything is dated, not relative to today, so the demo is the same every time;
the VOC use `random.Random(slug)`.

Built through the modules' services, as people would. Skipped when the organization already
has customer records, so `seed_demo` can run again.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from seam_scm.approvals import services as approvals
from seam_scm.approvals.models import ApprovingBody, DocumentKind, GovernedDocument
from seam_scm.files.demo import sample_pdf
from seam_scm.files.services import upload_attachment
from seam_scm.tenancy.models import Membership, Organization, OrgUnit
from seam_scm.tenancy.roles import Role

from . import (
    charter_services,
    journey_services,
    record_services,
    strategy_services,
    survey_services,
)
from .models import (
    ActionPlanItem,
    BlueprintStep,
    CharterCommitment,
    CustomerSegment,
    CustomerStrategy,
    Frequency,
    JourneyMap,
    JourneyStage,
    KpiCascade,
    ListeningChannel,
    Measure,
    PlanCommunication,
    ProductService,
    RecoveryScenario,
    ReviewMeeting,
    ServiceGuideline,
    ServiceStandard,
    StrategicObjective,
    Survey,
    SurveyResult,
    VocCategory,
    VoiceOfCustomer,
)

# The day the demo pretends it is: VOC and surveys end before it.
DEMO_TODAY = dt.date(2026, 11, 20)
FIRST_VOC_MONTH = dt.date(2025, 10, 1)  # fiscal year 2569 starts
LAST_VOC_DAY = dt.date(2026, 11, 15)

K = ListeningChannel.Kind
F = Frequency
C = VocCategory
POS, NEU, NEG = (
    VoiceOfCustomer.Sentiment.POSITIVE,
    VoiceOfCustomer.Sentiment.NEUTRAL,
    VoiceOfCustomer.Sentiment.NEGATIVE,
)
CORE, SUPPORT = ServiceStandard.ServiceKind.CORE, ServiceStandard.ServiceKind.SUPPORT
T = ServiceStandard.TimeUnit
NORMAL, EMERGENCY = RecoveryScenario.Situation.NORMAL_ERROR, RecoveryScenario.Situation.EMERGENCY


@dataclass(frozen=True)
class Product:
    code: str
    name_th: str
    name_en: str
    kind: str
    owner: str
    description: str


@dataclass(frozen=True)
class Segment:
    code: str
    name_th: str
    name_en: str
    description: str
    needs: str
    customers: int
    size_note: str
    revenue: str | None
    volume: str | None
    channels: str
    products: tuple[str, ...]


@dataclass(frozen=True)
class Channel:
    code: str
    name_th: str
    name_en: str
    kind: str
    frequency: str
    owner: str
    practice: str
    segments: tuple[str, ...]


@dataclass(frozen=True)
class Voc:
    """A kind of VOC the organization hears again and again; the demo draws records from it."""

    category: str
    topic: str
    description: str
    sentiment: str
    importance: int
    segments: tuple[str, ...]
    channels: tuple[str, ...]
    owner: str
    action: str
    result: str


@dataclass(frozen=True)
class Stage:
    name: str
    actions: str
    touchpoints: str
    pain_points: str
    feeling: int
    critical: str = ""  # why it is a moment of truth; empty when it is not one


@dataclass(frozen=True)
class Journey:
    segment: str
    service: str
    title: str
    description: str
    stages: tuple[Stage, ...]


@dataclass(frozen=True)
class Objective:
    ref: str
    objective: str
    kpi: str
    target: str
    unit: str  # the unit its KPI is cascaded to


@dataclass(frozen=True)
class Item:
    objective: str  # an Objective.ref
    horizon: str
    fiscal_year: int | None
    objective_text: str
    project: str
    owner: str
    kpi: str
    target: str
    budget: str
    partners: str = ""
    staff: str = ""  # a staff member the KPI is also cascaded to


@dataclass(frozen=True)
class Communication:
    version: int
    audience: str
    audience_detail: str
    communicated_on: dt.date
    channel: str
    note: str


@dataclass(frozen=True)
class Step:
    customer_action: str
    frontstage: str
    backstage: str
    support: str
    evidence: str
    critical: bool = False


@dataclass(frozen=True)
class Standard:
    ref: str
    service_th: str
    service_en: str
    kind: str
    product: str
    time_th: str
    time_en: str
    limit: int | None
    unit: str
    metric: str
    target: str
    method: str
    frequency: str
    owner: str
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class Guideline:
    standard: str
    stage: tuple[int, int] | None  # (journey index, stage index) of a critical stage
    critical_point: str
    behaviour: str
    role: str
    procedure: str = ""
    draft_only: bool = False  # added by version 2


@dataclass(frozen=True)
class Recovery:
    standard: str
    situation: str
    scenario: str
    trigger: str
    actions: str
    owner: str
    continuity: str = ""


@dataclass(frozen=True)
class Meeting:
    body: str
    body_name: str
    number: str
    held_on: dt.date
    agenda: str
    resolution: str


@dataclass(frozen=True)
class Revision:
    """The small change version 2 of the charter makes to one standard."""

    standard: str
    time_th: str
    time_en: str
    limit: int
    metric: str
    change_note: str


@dataclass(frozen=True)
class CustomerDemo:
    slug: str
    planning_unit: str
    customer_unit: str
    chair: str
    products: list[Product]
    segments: list[Segment]
    channels: list[Channel]
    vocs: list[Voc]
    survey_firms: dict[int, tuple[str, str]]  # fiscal year -> (firm, contract)
    survey_method: str
    survey_bias: dict[str, Decimal]  # segment -> how its scores differ from the average
    journeys: list[Journey]
    objectives: list[Objective]
    items: list[Item]
    communications: list[Communication]
    meetings: list[Meeting]
    intro: dict[str, str]
    charter_summary: str
    commitments: list[tuple[str, str]]
    standards: list[Standard]
    guidelines: list[Guideline]
    recoveries: list[Recovery]
    revision: Revision


LT, AN = ActionPlanItem.Horizon.LONG_TERM, ActionPlanItem.Horizon.ANNUAL
A = PlanCommunication.Audience
CH = PlanCommunication.Channel

# --- the waterworks authority ------------------------------------------------------------------

LWA = CustomerDemo(
    slug="lwa",
    planning_unit="SP-PL",
    customer_unit="CS-CR",
    chair="นายวิชัย ประเสริฐวงศ์",
    products=[
        Product("P-WATER", "น้ำประปา", "Tap water", ProductService.Kind.PRODUCT, "OP-PR",
                "น้ำประปาที่ผลิตได้มาตรฐานน้ำบริโภคของกรมอนามัย จ่ายผ่านโครงข่ายท่อ 18 สาขา"),
        Product("S-CONNECT", "การขอติดตั้งประปาใหม่", "New water connection",
                ProductService.Kind.SERVICE, "CS-BR",
                "รับคำขอ สำรวจ ประเมินราคา และติดตั้งมาตรวัดน้ำสำหรับผู้ใช้น้ำรายใหม่"),
        Product("S-REPAIR", "การซ่อมท่อแตกรั่ว", "Burst and leaking pipe repair",
                ProductService.Kind.SERVICE, "OP-MT",
                "รับแจ้งและซ่อมท่อแตกรั่วทั้งท่อประธานและท่อบริการหน้ามาตรวัดน้ำ"),
        Product("S-BILL", "การแจ้งหนี้และรับชำระค่าน้ำ", "Billing and payment",
                ProductService.Kind.SERVICE, "CS-BR",
                "จดมาตรวัดน้ำ ออกใบแจ้งหนี้ และรับชำระที่สาขา ตัวแทน แอปพลิเคชัน และหักบัญชี"),
        Product("S-QUALITY", "การตรวจสอบคุณภาพน้ำตามคำขอ", "Water quality testing on request",
                ProductService.Kind.SERVICE, "OP-PR",
                "เก็บตัวอย่างน้ำที่บ้านหรือสถานประกอบการของลูกค้าและแจ้งผลการตรวจวิเคราะห์"),
    ],
    segments=[
        Segment("RES", "ผู้ใช้น้ำประเภทที่อยู่อาศัย", "Residential customers",
                "บ้านเรือน ทาวน์เฮาส์ และห้องชุดที่ใช้น้ำเพื่อการอุปโภคบริโภค",
                "น้ำสะอาด ไหลแรงต่อเนื่อง ค่าน้ำถูกต้อง แจ้งเตือนก่อนหยุดจ่ายน้ำ ชำระเงินสะดวก",
                1_250_000, "จำนวนผู้ใช้น้ำ (ราย) ณ 30 ก.ย. 2569", "52.00", "61.00",
                "แอปพลิเคชันและ LINE Official, ศูนย์บริการลูกค้า 1662, สำนักงานสาขา",
                ("P-WATER", "S-CONNECT", "S-REPAIR", "S-BILL", "S-QUALITY")),
        Segment("BUS", "ผู้ใช้น้ำประเภทธุรกิจและพาณิชย์", "Commercial customers",
                "ร้านค้า ร้านอาหาร โรงแรม อาคารสำนักงาน และโรงพยาบาลเอกชน",
                "น้ำไม่หยุดไหลในเวลาทำการ แจ้งล่วงหน้าก่อนซ่อมบำรุง ใบแจ้งหนี้รวมหลายสาขา",
                180_000, "จำนวนผู้ใช้น้ำ (ราย) ณ 30 ก.ย. 2569", "28.00", "21.00",
                "เจ้าหน้าที่ดูแลลูกค้ารายสำคัญ, อีเมล, ศูนย์บริการลูกค้า 1662",
                ("P-WATER", "S-CONNECT", "S-REPAIR", "S-BILL")),
        Segment("IND", "ผู้ใช้น้ำประเภทอุตสาหกรรม", "Industrial customers",
                "โรงงานในนิคมและเขตประกอบการอุตสาหกรรมที่ใช้น้ำเกิน 2,000 ลบ.ม. ต่อเดือน",
                "ปริมาณและแรงดันน้ำเพียงพอต่อการผลิต คุณภาพน้ำคงที่ แผนสำรองน้ำในภาวะแล้ง",
                4_200, "จำนวนผู้ใช้น้ำ (ราย) ณ 30 ก.ย. 2569", "14.00", "15.00",
                "ผู้จัดการลูกค้ารายสำคัญ, การประชุมกลุ่มผู้ใช้น้ำอุตสาหกรรมรายไตรมาส",
                ("P-WATER", "S-REPAIR", "S-BILL", "S-QUALITY")),
        Segment("GOV", "ส่วนราชการและรัฐวิสาหกิจ", "Government agencies",
                "ส่วนราชการ โรงเรียน โรงพยาบาลรัฐ และองค์กรปกครองส่วนท้องถิ่น",
                "ใบแจ้งหนี้ตรงตามระเบียบเบิกจ่าย ประสานงานโครงการขยายเขตจ่ายน้ำ",
                12_500, "จำนวนผู้ใช้น้ำ (ราย) ณ 30 ก.ย. 2569", "6.00", "3.00",
                "หนังสือราชการ, สำนักงานสาขา, การประชุมร่วมกับท้องถิ่น",
                ("P-WATER", "S-CONNECT", "S-BILL")),
    ],
    channels=[
        Channel("CH-CALL", "ศูนย์บริการลูกค้าทางโทรศัพท์ 1662", "Call centre 1662", K.CALL_CENTER,
                F.CONTINUOUS, "CS-CR-2",
                "รับสายตลอด 24 ชั่วโมง บันทึกทุกเรื่องในระบบ CRM จัดประเภทตาม 4 หมวด VOC "
                "และสรุปประเด็นสำคัญเสนอฝ่ายลูกค้าสัมพันธ์ทุกสัปดาห์",
                ("RES", "BUS", "IND", "GOV")),
        Channel("CH-COUNTER", "เคาน์เตอร์บริการสำนักงานสาขา", "Branch service counters", K.COUNTER,
                F.CONTINUOUS, "CS-BR",
                "พนักงานบันทึกข้อเสนอแนะของลูกค้าลงแบบฟอร์มอิเล็กทรอนิกส์ ผู้จัดการสาขาทบทวนทุกวันศุกร์",
                ("RES", "BUS", "GOV")),
        Channel("CH-WEB", "เว็บไซต์และระบบรับเรื่องออนไลน์", "Website and online requests",
                K.WEBSITE, F.CONTINUOUS, "CS-CR",
                "แบบฟอร์มรับเรื่องบนเว็บไซต์เชื่อมกับ CRM ตอบรับอัตโนมัติและส่งต่อหน่วยงานภายใน 1 วันทำการ",
                ("RES", "BUS", "GOV")),
        Channel("CH-SOCIAL", "LINE Official และ Facebook", "LINE Official and Facebook",
                K.SOCIAL_MEDIA, F.DAILY, "CS-CR",
                "ทีมสื่อสารออนไลน์ตอบข้อความในเวลาทำการ และใช้เครื่องมือ social listening "
                "ติดตามการกล่าวถึงองค์กรทุกวัน",
                ("RES", "BUS")),
        Channel("CH-SURVEY", "การสำรวจความพึงพอใจประจำปีโดยที่ปรึกษาภายนอก",
                "Annual survey by an external consultant", K.SURVEY, F.YEARLY, "SP-PL-1",
                "ว่าจ้างที่ปรึกษาภายนอกสำรวจความพึงพอใจ ความไม่พึงพอใจ และความผูกพันทุกกลุ่มลูกค้าปีละครั้ง",
                ("RES", "BUS", "IND", "GOV")),
        Channel("CH-SMS", "แบบสอบถามหลังรับบริการทาง SMS", "Post-service SMS survey", K.SURVEY,
                F.MONTHLY, "CS-CR",
                "ส่ง SMS สอบถามความพึงพอใจหลังปิดงานซ่อมและติดตั้ง สรุปผลรายเดือนแยกตามสาขา",
                ("RES", "BUS")),
        Channel("CH-KAM", "การเยี่ยมพบลูกค้ารายสำคัญ", "Key account visits", K.COUNTER,
                F.QUARTERLY, "CS-CR",
                "ผู้จัดการลูกค้ารายสำคัญเยี่ยมโรงงานและอาคารขนาดใหญ่ไตรมาสละครั้ง บันทึกประเด็นในรายงานเยี่ยม",
                ("IND", "BUS")),
        Channel("CH-BENCH", "การเทียบเคียงกับการประปาและผู้ให้บริการน้ำรายอื่น",
                "Benchmarking with other water utilities", K.COMPARATORS, F.YEARLY, "SP-PL-1",
                "เทียบมาตรฐานเวลาและอัตราค่าบริการกับการประปาอื่นและผู้ผลิตน้ำเอกชนในนิคมอุตสาหกรรม",
                ("RES", "IND")),
        Channel("CH-MEDIA", "การติดตามข่าวและสื่อออนไลน์", "News and online media monitoring",
                K.ONLINE_MEDIA, F.DAILY, "CS-CR",
                "สรุปข่าวและกระทู้ที่กล่าวถึงองค์กรทุกเช้า ประเด็นเร่งด่วนส่งผู้บริหารทันที",
                ("RES", "BUS", "GOV")),
        Channel("CH-DATA", "ข้อมูลการใช้น้ำและการแจ้งซ่อมในระบบ CRM",
                "Consumption and service request data", K.INTERACTION_DATA, F.MONTHLY, "SP-PL-1",
                "วิเคราะห์ข้อมูลการใช้น้ำผิดปกติ การแจ้งซ่อมซ้ำ และการค้างชำระรายเดือน เพื่อหาประเด็นที่ลูกค้าไม่ได้บอก",
                ("RES", "BUS", "IND", "GOV")),
        Channel("CH-COMMUNITY", "เวทีรับฟังความคิดเห็นร่วมกับท้องถิ่น",
                "Community forums with local authorities", K.STAKEHOLDERS, F.QUARTERLY, "CS-BR",
                "จัดเวทีร่วมกับองค์กรปกครองส่วนท้องถิ่นและผู้นำชุมชนไตรมาสละครั้งในพื้นที่ที่มีปัญหาน้ำ",
                ("RES", "GOV")),
    ],
    vocs=[
        Voc(C.PRODUCT_SERVICE, "น้ำประปาไหลอ่อนในช่วงเช้า",
            "ผู้ใช้น้ำในหมู่บ้านจัดสรรชานเมืองแจ้งว่าน้ำไหลอ่อนช่วง 06.00-08.00 น.", NEG, 5,
            ("RES",), ("CH-CALL", "CH-SOCIAL", "CH-DATA"), "OP-PR",
            "ปรับแรงดันสถานีสูบจ่ายช่วงเช้าและติดตั้งเครื่องวัดแรงดันออนไลน์ในพื้นที่",
            "แรงดันน้ำช่วงเช้าเพิ่มจาก 0.6 เป็น 1.1 บาร์ เรื่องแจ้งซ้ำลดลงร้อยละ 70 ใน 2 เดือน"),
        Voc(C.PRODUCT_SERVICE, "น้ำมีสีขุ่นหลังซ่อมท่อ",
            "หลังซ่อมท่อประธานน้ำมีตะกอนสีน้ำตาลประมาณ 1 วัน", NEG, 4,
            ("RES", "BUS"), ("CH-CALL", "CH-WEB", "CH-SOCIAL"), "OP-MT",
            "ระบายตะกอนในท่อหลังซ่อมทุกครั้งและแจ้งลูกค้าให้เปิดน้ำทิ้งก่อนใช้",
            "เรื่องแจ้งน้ำขุ่นหลังซ่อมลดลงจาก 38 เป็น 11 เรื่องต่อเดือน"),
        Voc(C.PRODUCT_SERVICE, "ต้องการน้ำสำรองช่วงหน้าแล้งสำหรับการผลิต",
            "โรงงานกังวลว่าจะถูกลดแรงดันน้ำในหน้าแล้ง", NEG, 5,
            ("IND",), ("CH-KAM", "CH-BENCH"), "OP-PR",
            "ทำแผนจ่ายน้ำหน้าแล้งร่วมกับนิคมอุตสาหกรรมและแจ้งปริมาณน้ำสำรองล่วงหน้า",
            "ไม่มีโรงงานถูกลดแรงดันน้ำในหน้าแล้งปี 2569"),
        Voc(C.PRODUCT_SERVICE, "น้ำประปาสะอาด ดื่มได้ตามมาตรฐาน",
            "ชื่นชมโครงการน้ำประปาดื่มได้ในโรงเรียน", POS, 3,
            ("RES", "GOV"), ("CH-COMMUNITY", "CH-SOCIAL"), "OP-PR",
            "ขยายโครงการน้ำประปาดื่มได้ไปยังโรงเรียนอีก 40 แห่ง",
            "โรงเรียนในโครงการ 120 แห่ง ผลตรวจคุณภาพผ่านทุกแห่ง"),
        Voc(C.PRODUCT_SERVICE, "ราคาน้ำในนิคมสูงกว่าผู้ผลิตน้ำเอกชน",
            "จากการเทียบเคียง ผู้ผลิตน้ำเอกชนเสนอราคาน้ำดิบต่ำกว่าร้อยละ 5", NEU, 4,
            ("IND",), ("CH-BENCH", "CH-KAM"), "SP-PL-1",
            "เสนออัตราค่าน้ำแบบสัญญาระยะยาวสำหรับโรงงานที่ใช้น้ำสูง",
            "โรงงาน 12 แห่งลงนามสัญญาระยะยาว"),
        Voc(C.CUSTOMER_SUPPORT, "รอสายศูนย์บริการ 1662 นานช่วงน้ำไม่ไหล",
            "ช่วงเกิดท่อแตกวงกว้าง ลูกค้ารอสายเกิน 5 นาที", NEG, 5,
            ("RES", "BUS"), ("CH-CALL", "CH-SOCIAL", "CH-MEDIA"), "CS-CR-2",
            "เปิดข้อความเสียงแจ้งสถานการณ์อัตโนมัติและเพิ่มพนักงานรับสายสำรองช่วงเหตุฉุกเฉิน",
            "เวลารอสายเฉลี่ยช่วงเหตุฉุกเฉินลดลงจาก 6 นาทีเหลือ 1.5 นาที"),
        Voc(C.CUSTOMER_SUPPORT, "ไม่ได้รับแจ้งล่วงหน้าก่อนหยุดจ่ายน้ำ",
            "ต้องการให้แจ้งทาง SMS หรือ LINE ล่วงหน้าอย่างน้อย 24 ชั่วโมง", NEG, 5,
            ("RES", "BUS", "IND"), ("CH-CALL", "CH-SOCIAL", "CH-KAM", "CH-COMMUNITY"), "CS-CR-2",
            "ส่งแจ้งเตือนการหยุดจ่ายน้ำตามแผนผ่าน SMS, LINE และแอปพลิเคชันทุกครั้ง",
            "ร้อยละ 96 ของการหยุดจ่ายน้ำตามแผนแจ้งล่วงหน้าอย่างน้อย 24 ชั่วโมง"),
        Voc(C.CUSTOMER_SUPPORT, "พนักงานสาขาให้คำแนะนำดีมาก",
            "ลูกค้าชมพนักงานที่ช่วยตรวจสอบการรั่วภายในบ้าน", POS, 3,
            ("RES",), ("CH-COUNTER", "CH-SMS"), "CS-BR",
            "แจ้งคำชมเชยถึงพนักงานและนำกรณีตัวอย่างไปใช้อบรมพนักงานใหม่",
            "นำไปใช้ในหลักสูตรอบรมพนักงานบริการ 2 รุ่น"),
        Voc(C.CUSTOMER_SUPPORT, "ช่างซ่อมไม่แจ้งเวลาเข้าซ่อม",
            "ลูกค้าต้องรออยู่บ้านทั้งวันโดยไม่ทราบเวลาช่างเข้าพื้นที่", NEG, 4,
            ("RES", "BUS"), ("CH-CALL", "CH-SMS", "CH-WEB"), "OP-MT",
            "ส่ง SMS แจ้งชื่อช่างและช่วงเวลาเข้าซ่อมอัตโนมัติจากระบบงานซ่อม",
            "คะแนนความพึงพอใจหลังซ่อมเพิ่มจาก 4.02 เป็น 4.31"),
        Voc(C.TRANSACTION, "ค่าน้ำสูงผิดปกติ สงสัยจดมาตรผิด",
            "ใบแจ้งหนี้สูงกว่าเดือนก่อน 3 เท่าโดยไม่มีการใช้น้ำเพิ่ม", NEG, 5,
            ("RES", "BUS"), ("CH-CALL", "CH-COUNTER", "CH-WEB", "CH-DATA"), "CS-BR",
            "ตรวจสอบมาตรและภาพถ่ายการจดหน่วย ออกใบแจ้งหนี้ใหม่ และเพิ่มการตรวจซ้ำอัตโนมัติเมื่อหน่วยเพิ่มเกินร้อยละ 50",
            "ใบแจ้งหนี้ผิดพลาดลดลงจากร้อยละ 0.42 เป็นร้อยละ 0.15"),
        Voc(C.TRANSACTION, "ต้องการชำระค่าน้ำผ่าน QR code",
            "ลูกค้าต้องการสแกนจ่ายจากใบแจ้งหนี้โดยไม่ต้องเปิดแอปของการประปา", NEU, 4,
            ("RES", "BUS"), ("CH-SOCIAL", "CH-WEB", "CH-SMS"), "CS-BR",
            "พิมพ์ Thai QR Payment บนใบแจ้งหนี้ทุกฉบับ",
            "สัดส่วนการชำระผ่าน QR เพิ่มเป็นร้อยละ 34 ของรายการชำระ"),
        Voc(C.TRANSACTION, "ใบแจ้งหนี้รวมหลายสาขาสำหรับธุรกิจ",
            "ธุรกิจที่มีหลายสาขาต้องการใบแจ้งหนี้และใบเสร็จรวมฉบับเดียว", NEU, 3,
            ("BUS", "GOV"), ("CH-KAM", "CH-WEB"), "CS-BR",
            "เปิดบริการใบแจ้งหนี้รวม (consolidated billing) สำหรับลูกค้าองค์กร",
            "ลูกค้าองค์กร 210 รายใช้ใบแจ้งหนี้รวม"),
        Voc(C.TRANSACTION, "ขั้นตอนขอติดตั้งประปาใหม่ใช้เอกสารมาก",
            "ต้องยื่นสำเนาเอกสารหลายรายการและเดินทางมาสาขา 2 ครั้ง", NEG, 4,
            ("RES", "GOV"), ("CH-COUNTER", "CH-WEB", "CH-COMMUNITY"), "CS-BR",
            "เปิดยื่นคำขอออนไลน์พร้อมแนบเอกสาร และใช้ข้อมูลบัตรประชาชนแทนสำเนา",
            "ร้อยละ 45 ของคำขอติดตั้งใหม่ยื่นออนไลน์ ไม่ต้องมาสาขา"),
        Voc(C.TRANSACTION, "เอกสารเบิกจ่ายของส่วนราชการไม่ตรงระเบียบ",
            "หน่วยงานรัฐต้องการใบเสร็จที่ระบุเลขที่หนังสือสั่งจ่าย", NEU, 3,
            ("GOV",), ("CH-COUNTER", "CH-COMMUNITY"), "CS-BR",
            "เพิ่มช่องอ้างอิงเลขที่หนังสือในใบเสร็จสำหรับส่วนราชการ",
            "ไม่มีเรื่องแจ้งซ้ำหลังปรับแบบฟอร์ม"),
        Voc(C.RELATIONSHIP, "อยากให้มีโครงการลดค่าน้ำเมื่อน้ำไม่ไหลนาน",
            "ชุมชนเสนอให้มีมาตรการชดเชยเมื่อหยุดจ่ายน้ำเกิน 24 ชั่วโมง", NEG, 4,
            ("RES",), ("CH-COMMUNITY", "CH-MEDIA", "CH-SOCIAL"), "CS-CR",
            "เสนอหลักเกณฑ์ส่วนลดค่าน้ำกรณีหยุดจ่ายน้ำเกิน 24 ชั่วโมงต่อคณะกรรมการ",
            "คณะกรรมการเห็นชอบหลักเกณฑ์ มีผลตั้งแต่ปีงบประมาณ 2570"),
        Voc(C.RELATIONSHIP, "ชื่นชมกิจกรรมประปาเพื่อชุมชน",
            "ผู้นำชุมชนชื่นชมกิจกรรมตรวจรั่วและซ่อมท่อในบ้านผู้สูงอายุ", POS, 3,
            ("RES", "GOV"), ("CH-COMMUNITY", "CH-SOCIAL", "CH-MEDIA"), "CS-CR",
            "ขยายกิจกรรมไปยังชุมชนอีก 12 แห่ง",
            "ครัวเรือนผู้สูงอายุได้รับการซ่อมท่อ 860 หลัง"),
        Voc(C.RELATIONSHIP, "ลูกค้าอุตสาหกรรมต้องการผู้ประสานงานคนเดียว",
            "โรงงานต้องการผู้ติดต่อประจำที่ตอบได้ทุกเรื่อง", NEU, 4,
            ("IND",), ("CH-KAM",), "CS-CR",
            "แต่งตั้งผู้จัดการลูกค้ารายสำคัญประจำนิคมอุตสาหกรรมทุกแห่ง",
            "ความผูกพันของลูกค้าอุตสาหกรรมเพิ่มจาก 3.92 เป็น 4.18"),
        Voc(C.RELATIONSHIP, "ข่าวลือเรื่องสารปนเปื้อนในน้ำประปา",
            "มีการแชร์ข้อมูลคลาดเคลื่อนในกลุ่มไลน์ชุมชน", NEG, 4,
            ("RES",), ("CH-MEDIA", "CH-SOCIAL"), "CS-CR",
            "เผยแพร่ผลตรวจคุณภาพน้ำรายสัปดาห์และชี้แจงผ่านสื่อท้องถิ่น",
            "การกล่าวถึงเชิงลบในสื่อออนไลน์ลดลงร้อยละ 60 ใน 1 เดือน"),
    ],
    survey_firms={
        2568: ("บริษัท ไทยมาร์เก็ตอินไซต์ จำกัด", "สัญญาจ้างเลขที่ กปถ. 45/2568"),
        2569: ("สถาบันวิจัยสังคม มหาวิทยาลัยนครหลวง", "สัญญาจ้างเลขที่ กปถ. 38/2569"),
    },
    survey_method="สัมภาษณ์ตัวต่อตัวและทางโทรศัพท์ สุ่มตัวอย่างแบบชั้นภูมิตามกลุ่มลูกค้าและสาขา "
    "ความเชื่อมั่นร้อยละ 95 มาตรวัด 5 ระดับ",
    survey_bias={"RES": Decimal("0"), "BUS": Decimal("-0.08"), "IND": Decimal("-0.15"),
                 "GOV": Decimal("0.10")},
    journeys=[
        Journey("RES", "S-CONNECT", "การขอติดตั้งประปาใหม่สำหรับบ้านพักอาศัย",
                "ตั้งแต่ลูกค้าหาข้อมูลจนได้ใช้น้ำและได้รับใบแจ้งหนี้ฉบับแรก", (
                    Stage("หาข้อมูลการขอใช้น้ำ", "ค้นหาขั้นตอน ค่าใช้จ่าย และเอกสาร",
                          "เว็บไซต์ LINE Official ศูนย์บริการ 1662",
                          "ข้อมูลค่าใช้จ่ายไม่ชัดเจน", 3),
                    Stage("ยื่นคำขอ", "กรอกคำขอออนไลน์หรือที่สาขา พร้อมเอกสาร",
                          "ระบบยื่นคำขอออนไลน์ เคาน์เตอร์สาขา",
                          "ต้องเดินทางมายื่นเอกสารเพิ่ม", 2,
                          "ความประทับใจแรก ลูกค้าตัดสินว่าบริการง่ายหรือยาก"),
                    Stage("สำรวจและประเมินราคา", "นัดช่างสำรวจหน้างาน รับใบประเมินราคา",
                          "ช่างสำรวจ SMS นัดหมาย", "ไม่ทราบเวลาที่ช่างจะมา", 3),
                    Stage("ชำระค่าติดตั้ง", "ชำระค่าติดตั้งและค่าประกันการใช้น้ำ",
                          "QR code แอปพลิเคชัน สาขา", "", 4),
                    Stage("ติดตั้งมาตรวัดน้ำ", "รอช่างติดตั้งและทดสอบการไหลของน้ำ",
                          "ช่างติดตั้ง SMS แจ้งวันติดตั้ง", "ติดตั้งเลยกำหนดนัด", 2,
                          "คำมั่นเรื่องเวลาติดตั้ง 7 วันทำการ ลูกค้าเห็นผลตรงนี้"),
                    Stage("ใช้น้ำและรับใบแจ้งหนี้ฉบับแรก", "ตรวจสอบหน่วยน้ำและชำระค่าน้ำครั้งแรก",
                          "ใบแจ้งหนี้ แอปพลิเคชัน", "ค่าน้ำเดือนแรกสูงเพราะรวมค่าธรรมเนียม", 3,
                          "ใบแจ้งหนี้แรกที่ถูกต้องสร้างความเชื่อมั่นระยะยาว"),
                )),
        Journey("BUS", "S-REPAIR", "การแจ้งซ่อมท่อแตกรั่วของผู้ประกอบการ",
                "จากการพบท่อแตกรั่วจนน้ำกลับมาไหลปกติ", (
                    Stage("พบปัญหาและแจ้งซ่อม", "โทร 1662 หรือแจ้งผ่าน LINE พร้อมภาพถ่าย",
                          "ศูนย์บริการ 1662 LINE Official", "รอสายนานช่วงเหตุการณ์ใหญ่", 2,
                          "ลูกค้าต้องการความมั่นใจว่าเรื่องถูกรับแล้ว"),
                    Stage("รับเลขที่งานและเวลาเข้าซ่อม", "รับ SMS เลขที่งานและช่วงเวลาเข้าซ่อม",
                          "SMS ระบบงานซ่อม", "ไม่ทราบเวลาช่างเข้าพื้นที่", 3),
                    Stage("ช่างเข้าซ่อม", "เปิดพื้นที่ให้ช่าง รอการซ่อม",
                          "ช่างซ่อม รถงานซ่อม", "ร้านต้องปิดระหว่างซ่อม", 2,
                          "ธุรกิจเสียรายได้ทุกชั่วโมงที่น้ำไม่ไหล"),
                    Stage("น้ำกลับมาไหล", "ตรวจสอบความใสของน้ำ", "ช่างซ่อม",
                          "น้ำขุ่นหลังซ่อม", 3),
                    Stage("ประเมินความพึงพอใจ", "ตอบแบบสอบถาม SMS", "SMS", "", 4),
                )),
        Journey("IND", "P-WATER", "การจ่ายน้ำให้โรงงานช่วงหน้าแล้ง",
                "การวางแผนและติดตามการจ่ายน้ำร่วมกับโรงงานในนิคมอุตสาหกรรม", (
                    Stage("รับแผนการใช้น้ำของโรงงาน", "ส่งประมาณการใช้น้ำรายเดือน",
                          "ผู้จัดการลูกค้ารายสำคัญ อีเมล", "", 4),
                    Stage("ประชุมแผนจ่ายน้ำหน้าแล้ง", "ร่วมประชุมกลุ่มผู้ใช้น้ำอุตสาหกรรม",
                          "การประชุมรายไตรมาส", "ข้อมูลปริมาณน้ำดิบมาช้า", 3,
                          "โรงงานตัดสินใจแผนการผลิตจากข้อมูลนี้"),
                    Stage("ติดตามแรงดันและคุณภาพน้ำ", "ดูข้อมูลแรงดันออนไลน์",
                          "แดชบอร์ดออนไลน์", "", 4),
                    Stage("แจ้งเหตุผิดปกติ", "รับแจ้งเตือนเมื่อแรงดันลดลง",
                          "SMS ผู้จัดการลูกค้ารายสำคัญ", "แจ้งช้ากว่าที่โรงงานต้องการ", 2),
                )),
    ],
    objectives=[
        Objective("O1", "ยกระดับคุณภาพน้ำและความต่อเนื่องในการจ่ายน้ำให้ตรงความต้องการของทุกกลุ่มลูกค้า",
                  "ร้อยละของพื้นที่ที่มีแรงดันน้ำตามมาตรฐาน", "ไม่น้อยกว่าร้อยละ 95 ภายในปี 2571",
                  "OP"),
        Objective("O2", "ยกระดับประสบการณ์ลูกค้าด้วยบริการดิจิทัลและมาตรฐานบริการที่วัดผลได้",
                  "คะแนนความพึงพอใจของลูกค้าโดยรวม (ที่ปรึกษาภายนอก)",
                  "ไม่น้อยกว่า 4.30 จาก 5 ภายในปี 2571", "CS"),
        Objective("O3", "สร้างความผูกพันและความสัมพันธ์ระยะยาวกับลูกค้าและชุมชน",
                  "คะแนนความผูกพันของลูกค้า", "ไม่น้อยกว่า 4.20 จาก 5 ภายในปี 2571", "CS-CR"),
    ],
    items=[
        Item("O1", LT, None, "ลดน้ำสูญเสียและเพิ่มแรงดันน้ำในพื้นที่ปลายท่อ",
             "โครงการปรับปรุงโครงข่ายท่อและบริหารแรงดันน้ำ (DMA) 2567-2571", "OP-MT",
             "ร้อยละน้ำสูญเสีย", "ไม่เกินร้อยละ 25 ในปี 2571", "850000000.00",
             "ผู้รับเหมางานวางท่อ", "นายสมชาย ใจดี ผู้อำนวยการฝ่ายบำรุงรักษาระบบท่อ"),
        Item("O2", LT, None, "ให้ลูกค้าทำธุรกรรมได้ครบทุกเรื่องผ่านช่องทางดิจิทัล",
             "โครงการแพลตฟอร์มบริการลูกค้าดิจิทัล", "CS-CR", "ร้อยละของธุรกรรมผ่านช่องทางดิจิทัล",
             "ไม่น้อยกว่าร้อยละ 60 ในปี 2571", "120000000.00", "ธนาคารพันธมิตรผู้ให้บริการรับชำระ"),
        Item("O3", LT, None, "สร้างความสัมพันธ์กับชุมชนในพื้นที่ให้บริการ",
             "โครงการประปาเพื่อชุมชน", "CS-BR", "จำนวนชุมชนที่ร่วมกิจกรรมต่อปี",
             "ไม่น้อยกว่า 60 ชุมชนต่อปี", "25000000.00", "องค์กรปกครองส่วนท้องถิ่น"),
        Item("O1", AN, 2569, "เพิ่มแรงดันน้ำช่วงเช้าในพื้นที่ชานเมือง",
             "ติดตั้งเครื่องวัดแรงดันออนไลน์ 120 จุด", "OP-PR", "จำนวนจุดวัดแรงดันที่ใช้งาน",
             "120 จุด", "18000000.00", "", "นางสาวมาลี ศรีสุข ผู้จัดการกองควบคุมแรงดัน"),
        Item("O2", AN, 2569, "ลดเวลาติดตั้งประปาใหม่",
             "ยื่นคำขอติดตั้งประปาใหม่ออนไลน์ครบทุกสาขา", "CS-BR",
             "ร้อยละของคำขอที่ติดตั้งภายใน 7 วันทำการ", "ร้อยละ 90", "6500000.00",
             "ผู้รับเหมาติดตั้งมาตรวัดน้ำ"),
        Item("O3", AN, 2569, "ให้ลูกค้ารู้ล่วงหน้าก่อนหยุดจ่ายน้ำ",
             "ระบบแจ้งเตือนหยุดจ่ายน้ำผ่าน SMS และ LINE", "CS-CR-2",
             "ร้อยละของการหยุดจ่ายน้ำตามแผนที่แจ้งล่วงหน้า 24 ชั่วโมง", "ร้อยละ 95", "3500000.00"),
        Item("O1", AN, 2570, "จ่ายน้ำโรงงานได้ต่อเนื่องในหน้าแล้ง",
             "แผนจ่ายน้ำหน้าแล้งร่วมกับนิคมอุตสาหกรรม", "OP-PR",
             "จำนวนโรงงานที่ถูกลดแรงดันในหน้าแล้ง", "0 ราย", "4000000.00",
             "การนิคมอุตสาหกรรมและผู้ประกอบการนิคม"),
        Item("O2", AN, 2570, "ซ่อมท่อแตกรั่วได้เร็วขึ้น",
             "ศูนย์สั่งการงานซ่อมและติดตามช่างแบบเรียลไทม์", "OP-MT",
             "ร้อยละของท่อแตกรั่วที่ซ่อมเสร็จภายใน 12 ชั่วโมงในเขตเมือง", "ร้อยละ 90",
             "9500000.00", "", "นายสมชาย ใจดี ผู้อำนวยการฝ่ายบำรุงรักษาระบบท่อ"),
        Item("O3", AN, 2570, "ชดเชยลูกค้าเมื่อบริการไม่เป็นไปตามคำมั่น",
             "มาตรการส่วนลดค่าน้ำเมื่อหยุดจ่ายน้ำเกิน 24 ชั่วโมง", "CS-CR",
             "ร้อยละของลูกค้าที่มีสิทธิ์ได้รับส่วนลดในรอบบิลถัดไป", "ร้อยละ 100", "12000000.00"),
    ],
    communications=[
        Communication(1, A.EXECUTIVES, "คณะผู้บริหารระดับสูงและผู้อำนวยการฝ่าย",
                      dt.date(2025, 10, 8), CH.MEETING,
                      "ชี้แจงแผนยุทธศาสตร์และแผนปฏิบัติการประจำปี 2569 ในการประชุมผู้บริหาร"),
        Communication(1, A.STAFF, "พนักงานทุกสาขา", dt.date(2025, 10, 20), CH.INTRANET,
                      "เผยแพร่สรุปแผนยุทธศาสตร์ด้านลูกค้าและตลาดบนอินทราเน็ต"),
        Communication(2, A.UNITS, "ทุกสายงานและสาขา", dt.date(2026, 10, 2), CH.LETTER,
                      "หนังสือเวียนแจ้งแผนปฏิบัติการประจำปี 2570 และตัวชี้วัดที่ถ่ายทอด"),
        Communication(2, A.STAFF, "พนักงานบริการลูกค้าและช่างซ่อม", dt.date(2026, 10, 15),
                      CH.TRAINING, "อบรมมาตรฐานบริการและเป้าหมายปี 2570 จำนวน 6 รุ่น"),
        Communication(2, A.PARTNERS, "ผู้รับเหมางานวางท่อ การนิคมอุตสาหกรรม และธนาคารพันธมิตร",
                      dt.date(2026, 10, 22), CH.MEETING,
                      "ประชุมคู่ค้าและพันธมิตรเพื่อชี้แจงเป้าหมายร่วม"),
        Communication(2, A.CUSTOMERS, "ลูกค้าและประชาชนทั่วไป", dt.date(2026, 11, 2),
                      CH.WEBSITE, "เผยแพร่สรุปแผนและคำมั่นด้านบริการบนเว็บไซต์"),
    ],
    meetings=[
        Meeting(ReviewMeeting.Body.COMMITTEE, "คณะอนุกรรมการด้านลูกค้าและตลาด", "3/2569",
                dt.date(2026, 6, 18),
                "ทบทวนการจำแนกกลุ่มลูกค้าและผลการดำเนินงานตามแผนปฏิบัติการครึ่งปีแรก 2569 "
                "และสรุป VOC รายไตรมาส",
                "ให้แยกกลุ่มลูกค้าอุตสาหกรรมออกจากธุรกิจ และเร่งรัดโครงการแจ้งเตือนหยุดจ่ายน้ำ"),
        Meeting(ReviewMeeting.Body.BOARD, "", "10/2569", dt.date(2026, 9, 24),
                "ทบทวนแผนยุทธศาสตร์ด้านลูกค้าและตลาด และพิจารณาแผนปฏิบัติการประจำปี 2570",
                "อนุมัติแผนปฏิบัติการประจำปี 2570 และให้รายงานความก้าวหน้ารายไตรมาส"),
        Meeting(ReviewMeeting.Body.EXECUTIVES, "", "ผบ. 45/2569", dt.date(2026, 11, 12),
                "ผลสำรวจความพึงพอใจประจำปี 2569 และ VOC ไตรมาสที่ 4",
                "ให้ปรับมาตรฐานเวลาซ่อมท่อแตกรั่วเป็น 12 ชั่วโมงในเขตเมือง เสนอคณะกรรมการ"),
    ],
    intro={
        "title_en": "Customer Service Charter and Service Standards",
        "summary_en": "The Local Waterworks Authority promises clean, safe water around the "
        "clock and service that is prompt, courteous and fair. These standards say how fast "
        "we serve you and how we put things right.",
        "contact_th": "สอบถามรายละเอียดเพิ่มเติม ศูนย์บริการลูกค้า 1662 ตลอด 24 ชั่วโมง "
        "หรือ www.lwa.example/charter",
        "contact_en": "For details call 1662 (24 hours) or visit www.lwa.example/charter",
    },
    charter_summary="คำมั่นและมาตรฐานการให้บริการของการประปาท้องถิ่น "
    "ครอบคลุมบริการหลักและบริการสนับสนุน พร้อมแผนรับมือเมื่อบริการผิดพลาด",
    commitments=[
        ("จ่ายน้ำประปาสะอาด ได้มาตรฐานน้ำบริโภค อย่างต่อเนื่องตลอด 24 ชั่วโมง",
         "We supply clean water that meets drinking standards, 24 hours a day."),
        ("ให้บริการด้วยความสุภาพ เต็มใจ รวดเร็ว และเท่าเทียม",
         "We serve everyone courteously, willingly, promptly and equally."),
        ("แจ้งล่วงหน้าอย่างน้อย 24 ชั่วโมงก่อนหยุดจ่ายน้ำตามแผน",
         "We give at least 24 hours' notice of planned interruptions."),
        ("ออกใบแจ้งหนี้ที่ถูกต้อง โปร่งใส ตรวจสอบได้",
         "We issue correct, transparent bills you can check."),
        ("รับฟังทุกความคิดเห็นและแจ้งผลการดำเนินการกลับทุกเรื่อง",
         "We listen to every comment and tell you what we did about it."),
        ("คุ้มครองข้อมูลส่วนบุคคลของลูกค้าตามกฎหมาย",
         "We protect your personal data as the law requires."),
    ],
    standards=[
        Standard("connect", "การขอติดตั้งประปาใหม่", "New water connection", CORE, "S-CONNECT",
                 "ติดตั้งมาตรวัดน้ำภายใน 7 วันทำการ หลังชำระค่าติดตั้ง",
                 "Meter installed within 7 working days of payment", 7, T.WORKING_DAYS,
                 "ร้อยละของคำขอที่ติดตั้งภายใน 7 วันทำการ", "ไม่น้อยกว่าร้อยละ 90",
                 "ระบบงานติดตั้งนับวันทำการจากวันชำระค่าติดตั้งถึงวันบันทึกติดตั้งมาตร",
                 F.MONTHLY, "CS-BR", (
                     Step("ยื่นคำขอออนไลน์หรือที่สาขา", "พนักงานตรวจเอกสารครบในครั้งเดียว ออกเลขที่คำขอ",
                          "ตรวจสอบสิทธิ์และพื้นที่ให้บริการ", "ระบบคำขอออนไลน์ ระบบ CRM",
                          "ใบรับคำขอ SMS ยืนยัน", True),
                     Step("นัดหมายและรับการสำรวจ", "ช่างสำรวจแนะนำตัวและอธิบายจุดติดตั้ง",
                          "ประเมินราคาจากแบบมาตรฐาน", "ระบบนัดหมาย แผนที่ GIS",
                          "ใบประเมินราคา"),
                     Step("ชำระค่าติดตั้ง", "รับชำระและออกใบเสร็จ", "ยืนยันการชำระในระบบ",
                          "ระบบรับชำระ Thai QR", "ใบเสร็จรับเงิน"),
                     Step("รับการติดตั้ง", "ช่างติดตั้งมาตรและทดสอบการไหล", "เบิกมาตรและวัสดุ",
                          "คลังพัสดุ ระบบงานติดตั้ง", "มาตรวัดน้ำ ป้ายเลขที่ผู้ใช้น้ำ", True),
                     Step("เริ่มใช้น้ำ", "ส่ง SMS ต้อนรับและวันจดมาตรครั้งแรก", "เปิดบัญชีผู้ใช้น้ำ",
                          "ระบบบิล", "SMS ต้อนรับ"),
                 )),
        Standard("repair", "การซ่อมท่อแตกรั่ว", "Burst and leaking pipe repair", CORE,
                 "S-REPAIR", "ซ่อมเสร็จภายใน 24 ชั่วโมงนับจากรับแจ้ง",
                 "Repaired within 24 hours of your report", 24, T.HOURS,
                 "ร้อยละของงานซ่อมที่เสร็จภายใน 24 ชั่วโมง", "ไม่น้อยกว่าร้อยละ 95",
                 "ระบบงานซ่อมบันทึกเวลารับแจ้งและเวลาปิดงานพร้อมภาพถ่าย", F.WEEKLY, "OP-MT", (
                     Step("แจ้งท่อแตกทาง 1662 หรือ LINE", "พนักงานรับเรื่อง ยืนยันตำแหน่ง แจ้งเลขที่งาน",
                          "จ่ายงานให้ทีมซ่อมใกล้ที่สุด", "ระบบ CRM ระบบติดตามรถงานซ่อม",
                          "SMS เลขที่งาน", True),
                     Step("รอช่าง", "SMS แจ้งชื่อช่างและเวลาเข้าพื้นที่", "ทีมซ่อมเตรียมอุปกรณ์",
                          "คลังอุปกรณ์ซ่อม", "SMS ชื่อช่าง"),
                     Step("ช่างเข้าซ่อม", "ช่างแนะนำตัว กั้นพื้นที่ปลอดภัย และแจ้งเวลาที่คาดว่าจะเสร็จ",
                          "ปิดวาล์วและซ่อม", "ระบบแผนที่วาล์ว", "ป้ายเตือนบริเวณงานซ่อม", True),
                     Step("น้ำกลับมาไหล", "ช่างระบายตะกอนและแจ้งลูกค้า", "ปิดงานพร้อมภาพถ่าย",
                          "ระบบงานซ่อม", "ภาพถ่ายก่อนและหลังซ่อม"),
                 )),
        Standard("supply", "การแก้ไขน้ำไม่ไหลหรือไหลอ่อน", "No water or low pressure", CORE,
                 "P-WATER", "แก้ไขหรือจัดน้ำสำรองภายใน 8 ชั่วโมง",
                 "Fixed, or backup water supplied, within 8 hours", 8, T.HOURS,
                 "ร้อยละของเรื่องน้ำไม่ไหลที่แก้ไขหรือจัดรถน้ำภายใน 8 ชั่วโมง",
                 "ไม่น้อยกว่าร้อยละ 90",
                 "ระบบ CRM นับเวลาจากรับแจ้งถึงน้ำไหลปกติหรือรถน้ำถึงพื้นที่", F.MONTHLY, "OP-PR", (
                     Step("แจ้งน้ำไม่ไหล", "พนักงานตรวจสอบพื้นที่ที่มีเหตุและแจ้งสาเหตุทันที",
                          "ตรวจแรงดันจากระบบออนไลน์", "แดชบอร์ดแรงดันน้ำ", "SMS เลขที่เรื่อง"),
                     Step("รับข้อมูลการแก้ไข", "แจ้งเวลาที่น้ำจะกลับมาไหล", "ปรับแรงดันสถานีสูบ",
                          "ระบบ SCADA", "ข้อความแจ้งสถานการณ์บน LINE", True),
                     Step("รับน้ำสำรองหากเกิน 8 ชั่วโมง", "รถน้ำเข้าจุดจ่ายน้ำชุมชน",
                          "จัดรถน้ำและจุดจ่าย", "หน่วยรถน้ำเคลื่อนที่", "รถน้ำ ป้ายจุดจ่ายน้ำ"),
                     Step("น้ำไหลปกติ", "แจ้งปิดเรื่องและสอบถามความพึงพอใจ", "ปิดเรื่องในระบบ",
                          "ระบบ CRM", "SMS แบบสอบถาม"),
                 )),
        Standard("payment", "การชำระค่าน้ำที่สำนักงานสาขา", "Paying your bill at a branch",
                 SUPPORT, "S-BILL", "ไม่เกิน 10 นาทีต่อราย", "No more than 10 minutes",
                 10, T.MINUTES, "ร้อยละของลูกค้าที่ใช้เวลารอและรับบริการไม่เกิน 10 นาที",
                 "ไม่น้อยกว่าร้อยละ 95", "ระบบบัตรคิวบันทึกเวลารับบัตรถึงเวลาปิดรายการ",
                 F.MONTHLY, "CS-BR"),
        Standard("call", "การให้ข้อมูลทางศูนย์บริการลูกค้า 1662", "Information from call centre 1662",
                 SUPPORT, "", "รับสายภายใน 30 วินาที และตอบเรื่องที่ต้องตรวจสอบภายใน 1 วันทำการ",
                 "Calls answered within 30 seconds; answers needing checks within 1 working day",
                 None, "", "ร้อยละของสายที่รับภายใน 30 วินาที", "ไม่น้อยกว่าร้อยละ 85",
                 "รายงานระบบชุมสายอัตโนมัติ (ACD) รายวัน", F.DAILY, "CS-CR-2"),
        Standard("quality", "การตรวจสอบคุณภาพน้ำตามคำขอ", "Water quality testing on request",
                 SUPPORT, "S-QUALITY", "เก็บตัวอย่างภายใน 2 วันทำการ แจ้งผลภายใน 5 วันทำการ",
                 "Sample taken within 2 working days; result within 5 working days", 5,
                 T.WORKING_DAYS, "ร้อยละของคำขอที่แจ้งผลภายใน 5 วันทำการ", "ร้อยละ 100",
                 "ทะเบียนคำขอของห้องปฏิบัติการ", F.MONTHLY, "OP-PR"),
        Standard("complaint", "การจัดการข้อร้องเรียน", "Complaint handling", SUPPORT, "",
                 "ยืนยันการรับเรื่องภายใน 1 วันทำการ และแจ้งผลภายใน 15 วันทำการ",
                 "Acknowledged within 1 working day; outcome within 15 working days", 15,
                 T.WORKING_DAYS, "ร้อยละของข้อร้องเรียนที่แจ้งผลภายใน 15 วันทำการ",
                 "ไม่น้อยกว่าร้อยละ 95", "ระบบจัดการข้อร้องเรียนตามแนวทาง ISO 10002",
                 F.MONTHLY, "CS-CR-1"),
    ],
    guidelines=[
        Guideline("connect", (0, 1), "การรับคำขอติดตั้งที่เคาน์เตอร์และออนไลน์",
                  "ทักทาย ตรวจเอกสารให้ครบในครั้งเดียว แจ้งค่าใช้จ่ายและกำหนดวันสำรวจเป็นลายลักษณ์อักษร",
                  "พนักงานบริการลูกค้าสาขา", "คู่มือการรับคำขอใช้น้ำ ฉบับปี 2568"),
        Guideline("connect", (0, 4), "การติดตั้งมาตรวัดน้ำตามนัด",
                  "โทรยืนยันก่อนเข้าพื้นที่ 1 วัน ติดตั้งและทดสอบต่อหน้าลูกค้า อธิบายการอ่านมาตร",
                  "ช่างติดตั้ง"),
        Guideline("payment", (0, 5), "ใบแจ้งหนี้ฉบับแรก",
                  "ส่ง SMS อธิบายรายการในใบแจ้งหนี้ฉบับแรก และตรวจซ้ำเมื่อหน่วยน้ำสูงผิดปกติ",
                  "พนักงานบริการลูกค้าสาขา", "ระเบียบการจดมาตรวัดน้ำและออกใบแจ้งหนี้"),
        Guideline("repair", (1, 0), "การรับแจ้งท่อแตกรั่ว",
                  "ยืนยันตำแหน่ง แจ้งเลขที่งานและเวลาที่คาดว่าช่างจะถึงภายในสายเดียว",
                  "พนักงานศูนย์บริการ 1662"),
        Guideline("repair", (1, 2), "การเข้าซ่อมในพื้นที่ธุรกิจ",
                  "แนะนำตัว แจ้งเวลาที่คาดว่าจะเสร็จ และแจ้งความคืบหน้าทุก 2 ชั่วโมงหากล่าช้า",
                  "หัวหน้าทีมซ่อม"),
        Guideline("supply", (2, 1), "การประชุมแผนจ่ายน้ำหน้าแล้ง",
                  "ส่งข้อมูลปริมาณน้ำดิบล่วงหน้า 7 วันก่อนประชุม และสรุปมติให้โรงงานภายใน 2 วัน",
                  "ผู้จัดการลูกค้ารายสำคัญ"),
    ],
    recoveries=[
        Recovery("connect", NORMAL, "ติดตั้งมาตรวัดน้ำไม่ทันตามมาตรฐาน",
                 "คำขอเกิน 7 วันทำการหลังชำระเงิน",
                 "ผู้จัดการสาขาโทรขออภัย นัดติดตั้งภายใน 2 วันทำการ และยกเว้นค่าธรรมเนียมแรกเข้า",
                 "CS-BR"),
        Recovery("payment", NORMAL, "ใบแจ้งหนี้ผิดพลาด", "ลูกค้าทักท้วงหรือระบบพบหน่วยน้ำสูงเกินร้อยละ 50",
                 "ระงับการตัดน้ำ ตรวจมาตรภายใน 2 วันทำการ ออกใบแจ้งหนี้ใหม่และแจ้งลูกค้า", "CS-BR"),
        Recovery("repair", NORMAL, "ช่างไม่เข้าพื้นที่ตามเวลาที่แจ้ง", "เกินเวลานัด 1 ชั่วโมง",
                 "ศูนย์สั่งการโทรแจ้งเวลาใหม่ และจัดทีมสำรองหากเกิน 2 ชั่วโมง", "OP-MT"),
        Recovery("supply", EMERGENCY, "ท่อประธานแตก น้ำไม่ไหลเป็นวงกว้าง",
                 "ผู้ใช้น้ำได้รับผลกระทบเกิน 5,000 ราย หรือเกิน 8 ชั่วโมง",
                 "เปิดศูนย์ปฏิบัติการฉุกเฉิน จัดรถน้ำ แจ้งสถานการณ์ทุก 2 ชั่วโมงทุกช่องทาง",
                 "OP", "แผนบริหารความต่อเนื่องทางธุรกิจ กรณีหยุดจ่ายน้ำเป็นวงกว้าง (BCP-OP-01)"),
        Recovery("payment", EMERGENCY, "ระบบรับชำระเงินและออกใบแจ้งหนี้ขัดข้อง",
                 "ระบบใช้งานไม่ได้เกิน 2 ชั่วโมง",
                 "รับชำระด้วยใบเสร็จมือ เลื่อนวันครบกำหนดชำระ และงดค่าปรับชำระล่าช้า", "CS-BR",
                 "แผนความต่อเนื่องระบบสารสนเทศ (BCP-IT-02)"),
    ],
    revision=Revision("repair", "ซ่อมเสร็จภายใน 12 ชั่วโมงนับจากรับแจ้ง (เขตเมือง)",
                      "Repaired within 12 hours of your report (urban areas)", 12,
                      "ร้อยละของงานซ่อมในเขตเมืองที่เสร็จภายใน 12 ชั่วโมง",
                      "ลดเวลาซ่อมท่อแตกรั่วในเขตเมืองจาก 24 เป็น 12 ชั่วโมง "
                      "ตามผลสำรวจปี 2569 และมติที่ประชุมผู้บริหาร ผบ. 45/2569"),
)  # fmt: skip

# --- the community enterprise bank -------------------------------------------------------------

CEB = CustomerDemo(
    slug="ceb",
    planning_unit="ST-PE",
    customer_unit="MK-CX",
    chair="นางอรุณี ธนากร",
    products=[
        Product("L-CE", "สินเชื่อวิสาหกิจชุมชน", "Community enterprise loan",
                ProductService.Kind.PRODUCT, "MK-LN-1",
                "สินเชื่อเงินทุนหมุนเวียนและลงทุนสำหรับวิสาหกิจชุมชนที่จดทะเบียน วงเงินสูงสุด 5 ล้านบาท"),
        Product("L-MICRO", "สินเชื่อผู้ประกอบการรายย่อย", "Micro-entrepreneur loan",
                ProductService.Kind.PRODUCT, "MK-LN",
                "สินเชื่อวงเงินไม่เกิน 200,000 บาท ยื่นผ่านแอปพลิเคชันได้"),
        Product("D-SAVE", "เงินฝากออมทรัพย์ชุมชน", "Community savings account",
                ProductService.Kind.PRODUCT, "BR", "บัญชีเงินฝากออมทรัพย์ดอกเบี้ยพิเศษสำหรับสมาชิกชุมชน"),
        Product("S-APP", "บริการธนาคารผ่านแอปพลิเคชัน", "Mobile banking",
                ProductService.Kind.SERVICE, "MK-CX", "โอน ชำระ ตรวจยอด และยื่นสินเชื่อผ่านแอปพลิเคชัน"),
        Product("S-ADVISE", "บริการที่ปรึกษาธุรกิจชุมชน", "Business advisory",
                ProductService.Kind.SERVICE, "MK-LN-1",
                "ที่ปรึกษาช่วยทำแผนธุรกิจ บัญชี และการตลาดให้วิสาหกิจชุมชน"),
        Product("S-RESTRUCT", "การปรับโครงสร้างหนี้", "Debt restructuring",
                ProductService.Kind.SERVICE, "MK-LN",
                "ปรับเงื่อนไขการชำระหนี้ให้ลูกหนี้ที่ได้รับผลกระทบจากภัยธรรมชาติหรือรายได้ลดลง"),
    ],
    segments=[
        Segment("CE", "วิสาหกิจชุมชนจดทะเบียน", "Registered community enterprises",
                "กลุ่มวิสาหกิจชุมชนที่จดทะเบียนกับกรมส่งเสริมการเกษตร",
                "สินเชื่อดอกเบี้ยเหมาะสม พิจารณาเร็ว คำปรึกษาด้านการตลาดและบัญชี",
                28_400, "จำนวนกลุ่ม ณ 30 ก.ย. 2569", "46.00", "38.00",
                "สาขา, เจ้าหน้าที่สินเชื่อชุมชน, LINE Official",
                ("L-CE", "D-SAVE", "S-ADVISE", "S-RESTRUCT")),
        Segment("MICRO", "ผู้ประกอบการรายย่อยในชุมชน", "Micro-entrepreneurs",
                "ร้านค้าชุมชน ผู้ผลิตสินค้า OTOP และผู้ค้าออนไลน์รายย่อย",
                "สินเชื่อวงเงินเล็ก อนุมัติเร็ว ยื่นผ่านมือถือ ไม่ต้องใช้หลักทรัพย์",
                152_000, "จำนวนราย ณ 30 ก.ย. 2569", "31.00", "34.00",
                "แอปพลิเคชัน, LINE Official, ศูนย์บริการลูกค้า",
                ("L-MICRO", "D-SAVE", "S-APP", "S-RESTRUCT")),
        Segment("FARM", "เกษตรกรรายย่อย", "Smallholder farmers",
                "เกษตรกรสมาชิกวิสาหกิจชุมชนที่กู้รายบุคคล",
                "งวดชำระตามฤดูกาลผลผลิต มาตรการช่วยเหลือเมื่อเกิดภัยธรรมชาติ",
                210_000, "จำนวนราย ณ 30 ก.ย. 2569", "15.00", "20.00",
                "สาขา, หน่วยบริการเคลื่อนที่, ผู้นำชุมชน",
                ("L-MICRO", "D-SAVE", "S-RESTRUCT")),
        Segment("COOP", "สหกรณ์และกลุ่มออมทรัพย์", "Cooperatives and savings groups",
                "สหกรณ์การเกษตรและกลุ่มออมทรัพย์เพื่อการผลิต",
                "บริการบัญชีนิติบุคคล สินเชื่อเพื่อปล่อยกู้ต่อ รายงานยอดรายเดือน",
                3_100, "จำนวนแห่ง ณ 30 ก.ย. 2569", "6.00", "6.00",
                "เจ้าหน้าที่ดูแลลูกค้าสถาบัน, อีเมล", ("L-CE", "D-SAVE", "S-APP")),
        Segment("DEP", "ผู้ฝากเงินรายบุคคล", "Individual depositors",
                "สมาชิกในครัวเรือนของลูกค้าสินเชื่อและประชาชนในพื้นที่",
                "ฝากถอนสะดวก แอปพลิเคชันใช้ง่าย ความปลอดภัยของบัญชี",
                540_000, "จำนวนบัญชี ณ 30 ก.ย. 2569", "2.00", "2.00",
                "แอปพลิเคชัน, สาขา", ("D-SAVE", "S-APP")),
    ],
    channels=[
        Channel("CH-CALL", "ศูนย์บริการลูกค้า 1357", "Contact centre 1357", K.CALL_CENTER,
                F.CONTINUOUS, "MK-CX",
                "รับสายทุกวัน 07.00-22.00 น. บันทึกในระบบ CRM จัดหมวด VOC และสรุปรายสัปดาห์",
                ("CE", "MICRO", "FARM", "COOP", "DEP")),
        Channel("CH-BRANCH", "สาขาและหน่วยบริการเคลื่อนที่", "Branches and mobile units", K.COUNTER,
                F.CONTINUOUS, "BR",
                "พนักงานสาขาบันทึกข้อเสนอแนะในแท็บเล็ต ผู้จัดการสาขาทบทวนทุกสัปดาห์",
                ("CE", "FARM", "COOP", "DEP")),
        Channel("CH-APP", "ความคิดเห็นในแอปพลิเคชันและร้านค้าแอป", "In-app feedback and app store reviews",
                K.WEBSITE, F.WEEKLY, "MK-CX",
                "รวบรวมความคิดเห็นในแอปและรีวิวบนร้านค้าแอปทุกสัปดาห์ จัดลำดับความสำคัญร่วมกับทีมพัฒนา",
                ("MICRO", "DEP")),
        Channel("CH-SOCIAL", "LINE Official และ Facebook", "LINE Official and Facebook",
                K.SOCIAL_MEDIA, F.DAILY, "MK-CX",
                "ตอบข้อความภายใน 2 ชั่วโมงในเวลาทำการ ติดตามการกล่าวถึงธนาคารทุกวัน",
                ("CE", "MICRO", "DEP")),
        Channel("CH-SURVEY", "การสำรวจประจำปีโดยที่ปรึกษาภายนอก", "Annual survey by an external consultant",
                K.SURVEY, F.YEARLY, "ST-PE",
                "ว่าจ้างที่ปรึกษาภายนอกสำรวจความพึงพอใจ ความไม่พึงพอใจ และความผูกพันปีละครั้ง",
                ("CE", "MICRO", "FARM", "COOP", "DEP")),
        Channel("CH-POS", "แบบประเมิน ณ จุดบริการ", "Point-of-service rating", K.SURVEY,
                F.MONTHLY, "BR", "แท็บเล็ตประเมินความพึงพอใจที่เคาน์เตอร์สาขา สรุปผลรายเดือน",
                ("CE", "FARM", "DEP")),
        Channel("CH-RM", "เจ้าหน้าที่สินเชื่อชุมชนเยี่ยมลูกค้า", "Community loan officer visits",
                K.COUNTER, F.MONTHLY, "MK-LN-1",
                "เจ้าหน้าที่เยี่ยมกลุ่มวิสาหกิจเดือนละครั้ง บันทึกประเด็นในรายงานเยี่ยมลูกค้า",
                ("CE", "COOP", "FARM")),
        Channel("CH-COMPETE", "การติดตามผลิตภัณฑ์ของธนาคารและสถาบันการเงินอื่น",
                "Competitor product monitoring", K.COMPETITORS, F.QUARTERLY, "ST-PE",
                "เปรียบเทียบอัตราดอกเบี้ย ค่าธรรมเนียม และระยะเวลาอนุมัติกับสถาบันการเงินเฉพาะกิจและธนาคารพาณิชย์",
                ("CE", "MICRO")),
        Channel("CH-NETWORK", "เครือข่ายผู้นำชุมชนและหน่วยงานส่งเสริม", "Community leader network",
                K.STAKEHOLDERS, F.QUARTERLY, "BR",
                "ประชุมร่วมกับเกษตรอำเภอ พัฒนาชุมชน และผู้นำเครือข่ายวิสาหกิจชุมชนไตรมาสละครั้ง",
                ("CE", "FARM", "COOP")),
        Channel("CH-DATA", "ข้อมูลธุรกรรมและการยื่นสินเชื่อ", "Transaction and loan application data",
                K.INTERACTION_DATA, F.MONTHLY, "ST-PE",
                "วิเคราะห์การยื่นสินเชื่อที่ไม่สำเร็จ การค้างชำระ และธุรกรรมล้มเหลวในแอปรายเดือน",
                ("CE", "MICRO", "FARM", "COOP", "DEP")),
    ],
    vocs=[
        Voc(C.PRODUCT_SERVICE, "ต้องการสินเชื่อวงเงินสูงขึ้นสำหรับเครื่องจักรแปรรูป",
            "กลุ่มแปรรูปผลผลิตต้องการวงเงินลงทุนเกิน 5 ล้านบาท", NEU, 4,
            ("CE", "COOP"), ("CH-RM", "CH-NETWORK", "CH-BRANCH"), "MK-LN-1",
            "ออกผลิตภัณฑ์สินเชื่อเครื่องจักรแปรรูปวงเงินสูงสุด 10 ล้านบาท",
            "อนุมัติสินเชื่อใหม่ 86 กลุ่ม วงเงินรวม 412 ล้านบาท"),
        Voc(C.PRODUCT_SERVICE, "งวดชำระไม่ตรงฤดูเก็บเกี่ยว",
            "เกษตรกรต้องการชำระตามรอบรายได้จากผลผลิต", NEG, 5,
            ("FARM",), ("CH-BRANCH", "CH-NETWORK", "CH-RM", "CH-DATA"), "MK-LN",
            "เปิดทางเลือกงวดชำระตามฤดูกาลผลผลิตสำหรับสินเชื่อรายบุคคล",
            "สัดส่วนหนี้ค้างชำระเกิน 90 วันของเกษตรกรลดลงจากร้อยละ 6.1 เป็น 4.3"),
        Voc(C.PRODUCT_SERVICE, "ดอกเบี้ยสูงกว่าสถาบันการเงินเฉพาะกิจอื่น",
            "จากการเทียบเคียง สินเชื่อรายย่อยของธนาคารอื่นต่ำกว่าร้อยละ 0.5", NEU, 4,
            ("MICRO", "CE"), ("CH-COMPETE", "CH-SOCIAL"), "ST-PE",
            "ลดดอกเบี้ยสำหรับลูกค้าชำระดีต่อเนื่อง 12 เดือน",
            "ลูกค้าชำระดี 18,500 รายได้ลดดอกเบี้ย"),
        Voc(C.PRODUCT_SERVICE, "ชื่นชมบริการที่ปรึกษาธุรกิจชุมชน",
            "กลุ่มวิสาหกิจชื่นชมที่ปรึกษาช่วยทำบัญชีและหาตลาด", POS, 3,
            ("CE",), ("CH-RM", "CH-NETWORK"), "MK-LN-1",
            "ขยายทีมที่ปรึกษาอีก 2 ภาค", "กลุ่มที่ได้รับคำปรึกษามียอดขายเพิ่มเฉลี่ยร้อยละ 18"),
        Voc(C.PRODUCT_SERVICE, "ต้องการเงินฝากดอกเบี้ยพิเศษสำหรับกลุ่มออมทรัพย์",
            "กลุ่มออมทรัพย์ต้องการบัญชีนิติบุคคลดอกเบี้ยสูงกว่าบัญชีทั่วไป", NEU, 3,
            ("COOP",), ("CH-RM", "CH-BRANCH"), "MK-LN",
            "ออกบัญชีเงินฝากกลุ่มออมทรัพย์ดอกเบี้ยขั้นบันได", "เปิดบัญชีใหม่ 640 กลุ่ม"),
        Voc(C.CUSTOMER_SUPPORT, "ไม่ทราบสถานะคำขอสินเชื่อ",
            "ยื่นคำขอแล้ว 2 สัปดาห์ยังไม่ทราบว่าอยู่ขั้นตอนใด", NEG, 5,
            ("CE", "MICRO"), ("CH-CALL", "CH-SOCIAL", "CH-APP", "CH-BRANCH"), "MK-CX",
            "แสดงสถานะคำขอสินเชื่อในแอปและส่ง LINE แจ้งทุกครั้งที่เปลี่ยนขั้นตอน",
            "สายสอบถามสถานะสินเชื่อลดลงร้อยละ 55"),
        Voc(C.CUSTOMER_SUPPORT, "เจ้าหน้าที่สินเชื่อชุมชนให้คำแนะนำดี",
            "ลูกค้าชมเจ้าหน้าที่ที่ช่วยเตรียมเอกสารจนยื่นได้ครั้งเดียว", POS, 3,
            ("CE", "FARM"), ("CH-RM", "CH-POS", "CH-BRANCH"), "MK-LN-1",
            "ยกย่องเจ้าหน้าที่และถ่ายทอดแนวปฏิบัติให้ทุกสาขา", "นำไปใช้ในคู่มือการเตรียมเอกสารสินเชื่อ"),
        Voc(C.CUSTOMER_SUPPORT, "รอสายศูนย์บริการนานช่วงสิ้นเดือน",
            "ลูกค้ารอสายเกิน 5 นาทีช่วงวันที่ 25-31", NEG, 4,
            ("MICRO", "DEP"), ("CH-CALL", "CH-SOCIAL"), "MK-CX",
            "เพิ่มพนักงานรับสายช่วงสิ้นเดือนและเปิดบริการโทรกลับ",
            "เวลารอสายเฉลี่ยช่วงสิ้นเดือนลดจาก 5.2 เป็น 1.8 นาที"),
        Voc(C.CUSTOMER_SUPPORT, "ต้องการคำอธิบายเงื่อนไขปรับโครงสร้างหนี้เป็นภาษาง่าย",
            "เอกสารมาตรการช่วยเหลือเข้าใจยาก", NEG, 4,
            ("FARM", "MICRO"), ("CH-BRANCH", "CH-NETWORK", "CH-CALL"), "MK-CX",
            "จัดทำอินโฟกราฟิกและคลิปวิดีโออธิบายมาตรการเป็นภาษาถิ่น",
            "ผู้ยื่นขอปรับโครงสร้างหนี้ที่เอกสารครบในครั้งแรกเพิ่มจากร้อยละ 52 เป็น 78"),
        Voc(C.TRANSACTION, "โอนเงินผ่านแอปไม่สำเร็จแต่เงินถูกตัด",
            "รายการค้างสถานะระหว่างดำเนินการ เงินคืนช้า 3 วัน", NEG, 5,
            ("MICRO", "DEP"), ("CH-APP", "CH-CALL", "CH-SOCIAL", "CH-DATA"), "MK-CX",
            "ปรับระบบกระทบยอดอัตโนมัติให้คืนเงินภายในวันเดียว",
            "รายการค้างเกิน 1 วันลดลงร้อยละ 92"),
        Voc(C.TRANSACTION, "ยื่นสินเชื่อต้องใช้สำเนาเอกสารจำนวนมาก",
            "ต้องถ่ายสำเนาเอกสารกลุ่มหลายชุด", NEG, 4,
            ("CE", "COOP"), ("CH-BRANCH", "CH-RM", "CH-NETWORK"), "MK-LN-1",
            "ดึงข้อมูลทะเบียนวิสาหกิจชุมชนจากระบบภาครัฐแทนสำเนา",
            "เอกสารที่ต้องยื่นลดจาก 11 เป็น 5 รายการ"),
        Voc(C.TRANSACTION, "แอปพลิเคชันใช้งานง่ายขึ้น",
            "ผู้ใช้ชมเมนูใหม่ที่ชำระค่างวดได้ในสองขั้นตอน", POS, 3,
            ("MICRO", "DEP"), ("CH-APP", "CH-SOCIAL"), "MK-CX",
            "ขยายรูปแบบเมนูใหม่ไปยังบริการอื่นในแอป", "คะแนนรีวิวแอปเพิ่มจาก 3.6 เป็น 4.3"),
        Voc(C.TRANSACTION, "ต้องการรายงานยอดบัญชีกลุ่มรายเดือนทางอีเมล",
            "สหกรณ์ต้องใช้รายงานประกอบการประชุมสมาชิก", NEU, 3,
            ("COOP",), ("CH-RM", "CH-CALL"), "MK-CX",
            "ส่งรายงานยอดบัญชีนิติบุคคลทางอีเมลอัตโนมัติทุกสิ้นเดือน", "สหกรณ์ 1,240 แห่งรับรายงานอัตโนมัติ"),
        Voc(C.RELATIONSHIP, "อยากให้ธนาคารช่วยหาตลาดสินค้าชุมชน",
            "กลุ่มวิสาหกิจต้องการช่องทางขายสินค้าออนไลน์", NEU, 4,
            ("CE", "MICRO"), ("CH-NETWORK", "CH-RM", "CH-SOCIAL"), "MK-LN-1",
            "จัดงานตลาดนัดสินค้าชุมชนและร้านค้าออนไลน์ร่วมกับพันธมิตร",
            "สินค้าชุมชน 320 รายการขึ้นร้านค้าออนไลน์ ยอดขายรวม 14 ล้านบาท"),
        Voc(C.RELATIONSHIP, "ชื่นชมโครงการออมวันละบาทเพื่อลูกหลาน",
            "ผู้ปกครองชื่นชมกิจกรรมออมเงินในโรงเรียน", POS, 3,
            ("DEP", "FARM"), ("CH-BRANCH", "CH-SOCIAL", "CH-NETWORK"), "BR",
            "ขยายโครงการไปยังโรงเรียนอีก 150 แห่ง", "บัญชีเงินฝากเยาวชนใหม่ 22,000 บัญชี"),
        Voc(C.RELATIONSHIP, "ไม่ได้รับข่าวสารมาตรการช่วยเหลือน้ำท่วม",
            "ลูกค้าในพื้นที่น้ำท่วมไม่ทราบมาตรการพักชำระหนี้", NEG, 5,
            ("FARM", "CE"), ("CH-NETWORK", "CH-CALL", "CH-SOCIAL", "CH-BRANCH"), "MK-CX",
            "ส่ง SMS และประกาศผ่านผู้นำชุมชนทันทีที่มีมาตรการ",
            "ลูกค้าในพื้นที่ประสบภัยร้อยละ 88 ยื่นขอรับความช่วยเหลือภายใน 30 วัน"),
        Voc(C.RELATIONSHIP, "ต้องการผู้ดูแลประจำสำหรับสหกรณ์",
            "สหกรณ์ต้องการเจ้าหน้าที่คนเดียวที่ดูแลทุกเรื่อง", NEU, 4,
            ("COOP",), ("CH-RM",), "MK-LN",
            "กำหนดเจ้าหน้าที่ดูแลลูกค้าสถาบันประจำสหกรณ์ทุกแห่ง",
            "ความผูกพันของกลุ่มสหกรณ์เพิ่มจาก 3.95 เป็น 4.21"),
    ],
    survey_firms={
        2568: ("บริษัท รูรัล รีเสิร์ช แอนด์ คอนซัลติ้ง จำกัด", "สัญญาเลขที่ ธวช. 112/2568"),
        2569: ("บริษัท รูรัล รีเสิร์ช แอนด์ คอนซัลติ้ง จำกัด", "สัญญาเลขที่ ธวช. 97/2569"),
    },
    survey_method="แบบสอบถามตัวต่อตัวโดยพนักงานสัมภาษณ์ของที่ปรึกษา สุ่มแบบหลายขั้นตอนตามภาคและกลุ่มลูกค้า "
    "มาตรวัด 5 ระดับ",
    survey_bias={"CE": Decimal("0.05"), "MICRO": Decimal("-0.10"), "FARM": Decimal("0"),
                 "COOP": Decimal("0.08"), "DEP": Decimal("-0.05")},
    journeys=[
        Journey("CE", "L-CE", "การขอสินเชื่อวิสาหกิจชุมชน",
                "จากการรู้จักผลิตภัณฑ์จนได้รับเงินกู้และติดตามหลังการให้สินเชื่อ", (
                    Stage("รู้จักผลิตภัณฑ์", "ฟังเจ้าหน้าที่ในเวทีชุมชน ค้นข้อมูลทาง LINE",
                          "เวทีชุมชน LINE Official", "ไม่แน่ใจว่ากลุ่มมีคุณสมบัติหรือไม่", 3),
                    Stage("ปรึกษาและเตรียมแผนธุรกิจ", "พบเจ้าหน้าที่สินเชื่อชุมชนเพื่อทำแผน",
                          "เจ้าหน้าที่สินเชื่อชุมชน", "ทำแผนธุรกิจไม่เป็น", 3,
                          "ลูกค้าตัดสินใจยื่นหรือไม่ยื่นจากคำแนะนำนี้"),
                    Stage("ยื่นคำขอและเอกสาร", "ยื่นคำขอพร้อมเอกสารกลุ่ม", "สาขา",
                          "เอกสารมาก ต้องถ่ายสำเนาหลายชุด", 2,
                          "เอกสารไม่ครบทำให้ต้องกลับมาหลายครั้ง"),
                    Stage("รอผลพิจารณา", "ติดตามสถานะคำขอ", "ศูนย์บริการลูกค้า แอปพลิเคชัน",
                          "ไม่ทราบสถานะ", 2, "ความไม่แน่นอนเป็นสาเหตุหลักของความไม่พึงพอใจ"),
                    Stage("ทำสัญญาและรับเงิน", "ลงนามสัญญาและรับเงินเข้าบัญชีกลุ่ม", "สาขา",
                          "", 4),
                    Stage("ชำระคืนและรับคำปรึกษาต่อเนื่อง", "ชำระค่างวดและรับคำปรึกษาธุรกิจ",
                          "แอปพลิเคชัน ที่ปรึกษาธุรกิจ", "", 4),
                )),
        Journey("MICRO", "L-MICRO", "การขอสินเชื่อรายย่อยผ่านแอปพลิเคชัน",
                "ผู้ประกอบการรายย่อยยื่นขอสินเชื่อทางมือถือ", (
                    Stage("ดาวน์โหลดและยืนยันตัวตน", "ยืนยันตัวตนด้วยบัตรประชาชนและใบหน้า",
                          "แอปพลิเคชัน", "ยืนยันตัวตนไม่ผ่านในที่แสงน้อย", 2,
                          "ลูกค้าเลิกใช้แอปถ้าขั้นแรกไม่ผ่าน"),
                    Stage("กรอกคำขอ", "กรอกข้อมูลรายได้และแนบภาพร้าน", "แอปพลิเคชัน",
                          "แบบฟอร์มยาว", 3),
                    Stage("รอผลอนุมัติ", "รอแจ้งผลทางแอป", "แอปพลิเคชัน LINE", "", 3,
                          "คำมั่นเรื่องแจ้งผลภายใน 3 วันทำการ"),
                    Stage("รับเงินและชำระคืน", "รับเงินเข้าบัญชี ตั้งชำระอัตโนมัติ",
                          "แอปพลิเคชัน", "", 4),
                )),
        Journey("FARM", "S-RESTRUCT", "การขอปรับโครงสร้างหนี้ของเกษตรกร",
                "เกษตรกรที่ได้รับผลกระทบจากภัยธรรมชาติขอปรับเงื่อนไขการชำระหนี้", (
                    Stage("รับรู้มาตรการ", "ได้ยินจากผู้นำชุมชนหรือ SMS", "ผู้นำชุมชน SMS",
                          "ไม่ได้รับข่าวสาร", 2, "ลูกค้าที่ไม่รู้มาตรการจะค้างชำระ"),
                    Stage("ยื่นคำขอ", "ยื่นคำขอที่สาขาหรือหน่วยเคลื่อนที่", "สาขา หน่วยบริการเคลื่อนที่",
                          "เอกสารเข้าใจยาก", 2),
                    Stage("เจรจาเงื่อนไขใหม่", "ตกลงงวดชำระใหม่กับเจ้าหน้าที่", "สาขา",
                          "กังวลว่าจะเสียประวัติ", 2, "ลูกค้าตัดสินใจว่าจะชำระต่อหรือไม่"),
                    Stage("ลงนามและชำระตามเงื่อนไขใหม่", "ลงนามบันทึกข้อตกลง", "สาขา", "", 4),
                )),
    ],
    objectives=[
        Objective("O1", "เพิ่มการเข้าถึงแหล่งเงินทุนของวิสาหกิจชุมชนและผู้ประกอบการรายย่อย",
                  "จำนวนวิสาหกิจชุมชนที่ได้รับสินเชื่อ", "ไม่น้อยกว่า 12,000 กลุ่มภายในปี 2571",
                  "MK"),
        Objective("O2", "ยกระดับประสบการณ์ลูกค้าด้วยบริการดิจิทัลที่รวดเร็วและเข้าใจง่าย",
                  "คะแนนความพึงพอใจของลูกค้า (ที่ปรึกษาภายนอก)", "ไม่น้อยกว่า 4.25 จาก 5",
                  "MK-CX"),
        Objective("O3", "สร้างความผูกพันกับลูกค้าและเครือข่ายชุมชนอย่างยั่งยืน",
                  "คะแนนความผูกพันของลูกค้า", "ไม่น้อยกว่า 4.10 จาก 5", "BR"),
    ],
    items=[
        Item("O1", LT, None, "ขยายสินเชื่อวิสาหกิจชุมชนทุกภาค",
             "โครงการสินเชื่อวิสาหกิจชุมชนเข้มแข็ง 2567-2571", "MK-LN-1",
             "ยอดสินเชื่อวิสาหกิจชุมชนคงค้าง", "48,000 ล้านบาทในปี 2571", "150000000.00",
             "กรมส่งเสริมการเกษตร", "นางสาวจันทร์เพ็ญ ศรีวงศ์ ผู้อำนวยการกองสินเชื่อวิสาหกิจชุมชน"),
        Item("O2", LT, None, "ยื่นและติดตามสินเชื่อได้ครบทางดิจิทัล", "โครงการธนาคารดิจิทัลเพื่อชุมชน",
             "MK-CX", "ร้อยละของคำขอสินเชื่อรายย่อยผ่านแอป", "ไม่น้อยกว่าร้อยละ 70 ในปี 2571",
             "320000000.00", "บริษัทผู้พัฒนาระบบ"),
        Item("O3", LT, None, "เครือข่ายผู้นำชุมชนเป็นหุ้นส่วนของธนาคาร", "โครงการเครือข่ายผู้นำชุมชน",
             "BR", "จำนวนผู้นำเครือข่ายที่ร่วมกิจกรรม", "2,000 คนในปี 2571", "40000000.00",
             "กรมการพัฒนาชุมชน"),
        Item("O1", AN, 2569, "งวดชำระตามฤดูกาลผลผลิต", "สินเชื่องวดชำระตามฤดูกาล", "MK-LN",
             "จำนวนเกษตรกรที่ใช้งวดตามฤดูกาล", "30,000 ราย", "5000000.00"),
        Item("O2", AN, 2569, "แจ้งสถานะคำขอสินเชื่อแบบเรียลไทม์", "ระบบติดตามสถานะคำขอในแอป",
             "MK-CX", "ร้อยละของคำขอที่ลูกค้าเห็นสถานะในแอป", "ร้อยละ 100", "12000000.00",
             "บริษัทผู้พัฒนาระบบ", "นายธีรพงษ์ แสงทอง ผู้จัดการฝ่ายบริหารประสบการณ์ลูกค้า"),
        Item("O3", AN, 2569, "สื่อสารมาตรการช่วยเหลือถึงลูกค้าได้ทันเวลา",
             "ระบบแจ้งมาตรการผ่าน SMS และผู้นำชุมชน", "BR",
             "ร้อยละของลูกค้าในพื้นที่ภัยพิบัติที่ได้รับแจ้งภายใน 3 วัน", "ร้อยละ 90", "2500000.00",
             "ผู้นำเครือข่ายวิสาหกิจชุมชน"),
        Item("O1", AN, 2570, "สินเชื่อเครื่องจักรแปรรูป", "สินเชื่อเครื่องจักรแปรรูปผลผลิตชุมชน",
             "MK-LN-1", "วงเงินอนุมัติ", "600 ล้านบาท", "3000000.00",
             "สถาบันวิจัยเทคโนโลยีเกษตร"),
        Item("O2", AN, 2570, "ลดเวลาพิจารณาสินเชื่อวิสาหกิจชุมชน",
             "ปรับกระบวนการพิจารณาสินเชื่อแบบไม่ใช้กระดาษ", "MK-LN-1",
             "ร้อยละของคำขอที่แจ้งผลภายใน 12 วันทำการ", "ร้อยละ 85", "8000000.00", "",
             "นางสาวจันทร์เพ็ญ ศรีวงศ์ ผู้อำนวยการกองสินเชื่อวิสาหกิจชุมชน"),
        Item("O3", AN, 2570, "ตลาดสินค้าชุมชนออนไลน์", "ร้านค้าออนไลน์สินค้าชุมชนร่วมกับพันธมิตร",
             "MK", "ยอดขายสินค้าชุมชนผ่านร้านค้าออนไลน์", "30 ล้านบาท", "6000000.00",
             "แพลตฟอร์มตลาดออนไลน์พันธมิตร"),
    ],
    communications=[
        Communication(1, A.EXECUTIVES, "คณะผู้บริหารและผู้จัดการภาค", dt.date(2025, 10, 6),
                      CH.MEETING, "ชี้แจงแผนในการประชุมผู้บริหารประจำเดือน"),
        Communication(1, A.STAFF, "พนักงานสาขาทุกภาค", dt.date(2025, 10, 27), CH.EMAIL,
                      "ส่งสรุปแผนและตัวชี้วัดถึงพนักงานทางอีเมล"),
        Communication(2, A.UNITS, "ทุกสายงานและเครือข่ายสาขา", dt.date(2026, 10, 5), CH.LETTER,
                      "หนังสือเวียนแผนปฏิบัติการประจำปี 2570 และตัวชี้วัดระดับหน่วยงาน"),
        Communication(2, A.STAFF, "เจ้าหน้าที่สินเชื่อชุมชนและพนักงานสาขา", dt.date(2026, 10, 19),
                      CH.TRAINING, "สัมมนาถ่ายทอดเป้าหมายปี 2570 ทั้ง 4 ภาค"),
        Communication(2, A.PARTNERS, "กรมส่งเสริมการเกษตร กรมการพัฒนาชุมชน และพันธมิตรด้านตลาด",
                      dt.date(2026, 10, 28), CH.MEETING, "ประชุมหารือเป้าหมายร่วมกับหน่วยงานพันธมิตร"),
        Communication(2, A.CUSTOMERS, "ลูกค้าและเครือข่ายชุมชน", dt.date(2026, 11, 4),
                      CH.SOCIAL_MEDIA, "เผยแพร่สรุปแผนผ่าน LINE Official และ Facebook"),
    ],
    meetings=[
        Meeting(ReviewMeeting.Body.COMMITTEE, "คณะกรรมการกำกับดูแลด้านลูกค้าและผลิตภัณฑ์", "2/2569",
                dt.date(2026, 5, 21),
                "ทบทวนการจำแนกกลุ่มลูกค้า ผลการดำเนินงานผลิตภัณฑ์สินเชื่อ และ VOC ครึ่งปีแรก",
                "ให้เพิ่มกลุ่มสหกรณ์และกลุ่มออมทรัพย์เป็นกลุ่มลูกค้าแยก และเร่งระบบติดตามสถานะคำขอ"),
        Meeting(ReviewMeeting.Body.BOARD, "", "10/2569", dt.date(2026, 9, 24),
                "ทบทวนแผนยุทธศาสตร์ด้านลูกค้าและตลาด และพิจารณาแผนปฏิบัติการประจำปี 2570",
                "อนุมัติแผนปฏิบัติการประจำปี 2570"),
        Meeting(ReviewMeeting.Body.EXECUTIVES, "", "ผบ. 22/2569", dt.date(2026, 11, 10),
                "ผลสำรวจความพึงพอใจประจำปี 2569 และแผนที่การเดินทางของลูกค้าที่ทบทวนใหม่",
                "ให้เพิ่มแนวทางบริการที่จุดยืนยันตัวตนในแอป และลดมาตรฐานเวลาพิจารณาสินเชื่อเป็น 12 วันทำการ"),
    ],
    intro={
        "title_en": "Customer Service Charter and Service Standards",
        "summary_en": "The Community Enterprise Bank stands by community enterprises, small "
        "businesses and farmers with fair, fast and understandable financial services.",
        "contact_th": "สอบถามเพิ่มเติม ศูนย์บริการลูกค้า 1357 ทุกวัน 07.00-22.00 น. หรือทุกสาขา",
        "contact_en": "Call 1357 (daily 7 am to 10 pm) or visit any branch.",
    },
    charter_summary="คำมั่นและมาตรฐานการให้บริการของธนาคารเพื่อวิสาหกิจชุมชน "
    "สำหรับสินเชื่อ เงินฝาก และบริการดิจิทัล",
    commitments=[
        ("ให้บริการทางการเงินที่เป็นธรรม โปร่งใส และเข้าใจง่าย",
         "We offer fair, transparent and easy-to-understand financial services."),
        ("พิจารณาสินเชื่อรวดเร็วและแจ้งสถานะทุกขั้นตอน",
         "We decide on loans quickly and keep you informed at every step."),
        ("อธิบายเงื่อนไข ดอกเบี้ย และค่าธรรมเนียมให้ครบถ้วนก่อนลงนาม",
         "We explain all terms, interest and fees before you sign."),
        ("ดูแลลูกค้าที่ประสบภัยหรือมีรายได้ลดลงด้วยมาตรการที่เหมาะสม",
         "We support customers hit by disasters or falling income."),
        ("รักษาความปลอดภัยของบัญชีและข้อมูลส่วนบุคคล",
         "We keep your accounts and personal data safe."),
    ],
    standards=[
        Standard("celoan", "การพิจารณาสินเชื่อวิสาหกิจชุมชน", "Community enterprise loan decision",
                 CORE, "L-CE", "แจ้งผลพิจารณาภายใน 15 วันทำการ หลังได้รับเอกสารครบ",
                 "Decision within 15 working days of a complete application", 15, T.WORKING_DAYS,
                 "ร้อยละของคำขอที่แจ้งผลภายใน 15 วันทำการ", "ไม่น้อยกว่าร้อยละ 90",
                 "ระบบสินเชื่อนับวันทำการจากวันที่เอกสารครบถึงวันแจ้งผล", F.MONTHLY, "MK-LN-1", (
                     Step("ปรึกษาเจ้าหน้าที่", "เจ้าหน้าที่ประเมินคุณสมบัติและช่วยทำแผนธุรกิจ",
                          "ตรวจข้อมูลทะเบียนวิสาหกิจชุมชน", "ระบบทะเบียนวิสาหกิจชุมชนภาครัฐ",
                          "แบบประเมินเบื้องต้น", True),
                     Step("ยื่นคำขอ", "ตรวจเอกสารครบในครั้งเดียว ออกใบรับคำขอ",
                          "บันทึกคำขอในระบบสินเชื่อ", "ระบบสินเชื่อ", "ใบรับคำขอ", True),
                     Step("ติดตามสถานะ", "แจ้งสถานะทาง LINE ทุกครั้งที่เปลี่ยนขั้นตอน",
                          "วิเคราะห์สินเชื่อและตรวจสถานที่", "ระบบแจ้งเตือน", "ข้อความแจ้งสถานะ",
                          True),
                     Step("รับผลพิจารณา", "เจ้าหน้าที่อธิบายเงื่อนไขและดอกเบี้ย", "อนุมัติตามอำนาจ",
                          "ระบบอนุมัติสินเชื่อ", "หนังสือแจ้งผล"),
                     Step("ทำสัญญาและรับเงิน", "ลงนามสัญญา อธิบายตารางชำระ", "เบิกจ่ายเข้าบัญชีกลุ่ม",
                          "ระบบเงินฝาก", "สัญญาเงินกู้ ตารางชำระ"),
                 )),
        Standard("microloan", "สินเชื่อรายย่อยผ่านแอปพลิเคชัน", "Micro loan through the app", CORE,
                 "L-MICRO", "แจ้งผลภายใน 3 วันทำการ", "Decision within 3 working days", 3,
                 T.WORKING_DAYS, "ร้อยละของคำขอผ่านแอปที่แจ้งผลภายใน 3 วันทำการ",
                 "ไม่น้อยกว่าร้อยละ 95", "ระบบสินเชื่อดิจิทัลบันทึกเวลายื่นและเวลาแจ้งผล", F.WEEKLY,
                 "MK-LN", (
                     Step("ยืนยันตัวตน", "แอปแนะนำวิธีถ่ายภาพและช่วยเหลือผ่านแชต",
                          "ตรวจสอบตัวตนกับฐานข้อมูลทะเบียนราษฎร", "ระบบ e-KYC", "ข้อความยืนยัน",
                          True),
                     Step("กรอกคำขอ", "แบบฟอร์มสั้นพร้อมตัวอย่าง", "ประเมินคะแนนเครดิต",
                          "ระบบ credit scoring", "หน้าจอสรุปคำขอ"),
                     Step("รับผล", "แจ้งผลทางแอปและ LINE", "อนุมัติอัตโนมัติตามเกณฑ์",
                          "ระบบอนุมัติ", "ข้อความแจ้งผล", True),
                     Step("รับเงิน", "แสดงตารางชำระและตั้งหักบัญชีอัตโนมัติ", "เบิกจ่าย",
                          "ระบบเงินฝาก", "ตารางชำระในแอป"),
                 )),
        Standard("restructure", "การปรับโครงสร้างหนี้", "Debt restructuring", CORE, "S-RESTRUCT",
                 "แจ้งผลภายใน 30 วัน", "Decision within 30 days", 30, T.DAYS,
                 "ร้อยละของคำขอที่แจ้งผลภายใน 30 วัน", "ไม่น้อยกว่าร้อยละ 90",
                 "ทะเบียนคำขอปรับโครงสร้างหนี้", F.MONTHLY, "MK-LN", (
                     Step("รับรู้มาตรการ", "ส่ง SMS และประกาศผ่านผู้นำชุมชน", "กำหนดพื้นที่ประสบภัย",
                          "ข้อมูลพื้นที่ภัยพิบัติจาก ปภ.", "SMS ประกาศ", True),
                     Step("ยื่นคำขอ", "พนักงานอธิบายมาตรการด้วยภาษาง่าย", "ตรวจสอบหนี้คงค้าง",
                          "ระบบสินเชื่อ", "ใบรับคำขอ"),
                     Step("เจรจาเงื่อนไข", "เสนอทางเลือกงวดชำระอย่างน้อย 2 แบบ",
                          "คำนวณความสามารถชำระหนี้", "แบบจำลองงวดชำระ", "ตารางเปรียบเทียบ",
                          True),
                     Step("ลงนาม", "อธิบายผลต่อประวัติเครดิต", "บันทึกเงื่อนไขใหม่",
                          "ระบบสินเชื่อ", "บันทึกข้อตกลง"),
                 )),
        Standard("account", "การเปิดบัญชีเงินฝากที่สาขา", "Opening an account at a branch", SUPPORT,
                 "D-SAVE", "ไม่เกิน 15 นาทีต่อราย", "No more than 15 minutes", 15, T.MINUTES,
                 "ร้อยละของการเปิดบัญชีที่เสร็จภายใน 15 นาที", "ไม่น้อยกว่าร้อยละ 90",
                 "ระบบบัตรคิวและระบบเปิดบัญชี", F.MONTHLY, "BR"),
        Standard("contact", "ศูนย์บริการลูกค้า 1357", "Contact centre 1357", SUPPORT, "S-APP",
                 "รับสายภายใน 30 วินาที", "Calls answered within 30 seconds", None, "",
                 "ร้อยละของสายที่รับภายใน 30 วินาที", "ไม่น้อยกว่าร้อยละ 80",
                 "รายงานระบบชุมสายอัตโนมัติรายวัน", F.DAILY, "MK-CX"),
        Standard("advice", "บริการที่ปรึกษาธุรกิจชุมชน", "Business advice", SUPPORT, "S-ADVISE",
                 "นัดพบที่ปรึกษาภายใน 5 วันทำการ", "Meeting with an adviser within 5 working days",
                 5, T.WORKING_DAYS, "ร้อยละของคำขอที่นัดพบภายใน 5 วันทำการ", "ร้อยละ 95",
                 "ทะเบียนนัดหมายที่ปรึกษา", F.QUARTERLY, "MK-LN-1"),
        Standard("complaint", "การจัดการข้อร้องเรียน", "Complaint handling", SUPPORT, "",
                 "ยืนยันการรับเรื่องภายใน 1 วันทำการ และแจ้งผลภายใน 15 วันทำการ",
                 "Acknowledged within 1 working day; outcome within 15 working days", 15,
                 T.WORKING_DAYS, "ร้อยละของข้อร้องเรียนที่แจ้งผลภายใน 15 วันทำการ",
                 "ไม่น้อยกว่าร้อยละ 95", "ระบบจัดการข้อร้องเรียน", F.MONTHLY, "MK-CX-1"),
    ],
    guidelines=[
        Guideline("celoan", (0, 1), "การให้คำปรึกษาก่อนยื่นสินเชื่อ",
                  "ใช้แบบประเมินคุณสมบัติ อธิบายเงื่อนไขด้วยภาษาง่าย และนัดวันยื่นพร้อมรายการเอกสาร",
                  "เจ้าหน้าที่สินเชื่อชุมชน", "คู่มือสินเชื่อวิสาหกิจชุมชน บทที่ 2"),
        Guideline("celoan", (0, 2), "การรับคำขอและเอกสาร",
                  "ตรวจเอกสารครบในครั้งเดียว ดึงข้อมูลทะเบียนแทนสำเนา ออกใบรับคำขอที่ระบุวันแจ้งผล",
                  "พนักงานสินเชื่อสาขา"),
        Guideline("celoan", (0, 3), "ระหว่างรอผลพิจารณา",
                  "แจ้งสถานะทาง LINE ทุกขั้นตอน โทรแจ้งทันทีเมื่อต้องขอเอกสารเพิ่ม",
                  "เจ้าหน้าที่วิเคราะห์สินเชื่อ"),
        Guideline("microloan", (1, 2), "การแจ้งผลสินเชื่อผ่านแอป",
                  "แจ้งผลพร้อมเหตุผลและทางเลือกเมื่อไม่อนุมัติ", "ทีมสินเชื่อดิจิทัล"),
        Guideline("restructure", (2, 0), "การแจ้งมาตรการช่วยเหลือ",
                  "ส่ง SMS ภายใน 3 วันหลังประกาศพื้นที่ภัยพิบัติ และส่งสื่อให้ผู้นำชุมชน",
                  "ผู้จัดการสาขา"),
        Guideline("restructure", (2, 2), "การเจรจาเงื่อนไขใหม่",
                  "เสนอทางเลือกอย่างน้อย 2 แบบ อธิบายผลต่อประวัติเครดิต และให้เวลาตัดสินใจ",
                  "เจ้าหน้าที่สินเชื่อ", "ระเบียบการปรับโครงสร้างหนี้ พ.ศ. 2567"),
        Guideline("microloan", (1, 0), "การยืนยันตัวตนในแอป",
                  "เมื่อยืนยันไม่ผ่าน 2 ครั้ง ให้แชตกับเจ้าหน้าที่ทันทีหรือนัดยืนยันที่สาขาใกล้บ้าน",
                  "ทีมบริการลูกค้าดิจิทัล", draft_only=True),
    ],
    recoveries=[
        Recovery("celoan", NORMAL, "พิจารณาสินเชื่อเกินมาตรฐาน", "เกิน 15 วันทำการหลังเอกสารครบ",
                 "ผู้จัดการสาขาโทรแจ้งเหตุผลและวันแจ้งผลใหม่ และยกเว้นค่าธรรมเนียมประเมินหลักประกัน",
                 "MK-LN-1"),
        Recovery("microloan", NORMAL, "โอนเงินไม่สำเร็จแต่เงินถูกตัด", "ลูกค้าแจ้งหรือระบบพบรายการค้าง",
                 "คืนเงินภายในวันเดียวกันและแจ้งลูกค้าทาง LINE", "MK-CX"),
        Recovery("restructure", EMERGENCY, "อุทกภัยทำให้สาขาปิดให้บริการ",
                 "สาขาปิดเกิน 1 วันทำการ",
                 "เปิดหน่วยบริการเคลื่อนที่ ขยายเวลาชำระหนี้อัตโนมัติ 90 วัน", "BR",
                 "แผนบริหารความต่อเนื่องทางธุรกิจ กรณีภัยธรรมชาติ (BCP-BR-01)"),
        Recovery("microloan", EMERGENCY, "ระบบหลักของธนาคารขัดข้อง",
                 "ระบบ core banking ใช้งานไม่ได้เกิน 1 ชั่วโมง",
                 "ประกาศทุกช่องทางทุก 30 นาที เปิดถอนเงินฉุกเฉินที่สาขาตามวงเงินที่กำหนด",
                 "MK-CX", "แผนความต่อเนื่องระบบเทคโนโลยีสารสนเทศ (BCP-IT-01)"),
    ],
    revision=Revision("celoan", "แจ้งผลพิจารณาภายใน 12 วันทำการ หลังได้รับเอกสารครบ",
                      "Decision within 12 working days of a complete application", 12,
                      "ร้อยละของคำขอที่แจ้งผลภายใน 12 วันทำการ",
                      "ลดเวลาพิจารณาสินเชื่อวิสาหกิจชุมชนจาก 15 เป็น 12 วันทำการ "
                      "และเพิ่มแนวทางบริการที่จุดยืนยันตัวตนในแอป ตามมติที่ประชุมผู้บริหาร ผบ. 22/2569"),
)  # fmt: skip

DEMOS = {demo.slug: demo for demo in (LWA, CEB)}

# Survey dimensions per measure; the first one is the overall score.
DIMENSIONS = {
    Measure.SATISFACTION: (
        ("ภาพรวม", Decimal("4.12")),
        ("คุณภาพผลิตภัณฑ์และบริการ", Decimal("4.18")),
        ("กระบวนการและขั้นตอน", Decimal("3.96")),
        ("พนักงานผู้ให้บริการ", Decimal("4.31")),
    ),
    Measure.DISSATISFACTION: (
        ("ภาพรวม", Decimal("1.82")),
        ("ความล่าช้าของบริการ", Decimal("2.05")),
        ("การแก้ไขปัญหา", Decimal("1.74")),
    ),
    Measure.ENGAGEMENT: (
        ("ภาพรวม", Decimal("3.94")),
        ("ความตั้งใจใช้บริการต่อ", Decimal("4.08")),
        ("การแนะนำบอกต่อ", Decimal("3.81")),
    ),
}
YEAR_GAIN = {2568: Decimal("-0.09"), 2569: Decimal("0")}  # scores improved from 2568 to 2569


# --- seeding -----------------------------------------------------------------------------------


def seed(*, organization: Organization) -> None:
    demo = DEMOS.get(organization.slug)
    coordinator = _member(Role.COORDINATOR)
    if demo is None or coordinator is None or _has_customer_data():
        return
    editor = _member(Role.EDITOR) or coordinator
    secretary = _member(Role.SECRETARY) or coordinator
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    rng = random.Random(demo.slug)

    products = {p.code: _product(organization, p, units) for p in demo.products}
    segments = {
        s.code: _segment(organization, s, index, products)
        for index, s in enumerate(demo.segments, start=1)
    }
    channels = {c.code: _channel(organization, c, units, segments) for c in demo.channels}
    _vocs(organization, demo, rng, units=units, segments=segments, channels=channels)
    _surveys(organization, demo, rng, segments=segments, by=editor)
    stages = _journeys(organization, demo, segments=segments, products=products)
    _strategy(organization, demo, units=units, coordinator=coordinator, secretary=secretary)
    for meeting in demo.meetings:
        _meeting(organization, meeting, by=coordinator)
    _charter(
        organization,
        demo,
        units=units,
        products=products,
        stages=stages,
        coordinator=coordinator,
        secretary=secretary,
    )


def _member(role: str):
    membership = Membership.objects.filter(role=role).select_related("user").first()
    return membership.user if membership else None


def _has_customer_data() -> bool:
    return (
        CustomerSegment.objects.exists()
        or ProductService.objects.exists()
        or CustomerStrategy.objects.exists()
    )


def _pdf(name: str, lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, sample_pdf(lines), content_type="application/pdf")


def _product(organization, product: Product, units) -> ProductService:
    return record_services.save_product(
        product=ProductService(
            organization=organization,
            code=product.code,
            name_th=product.name_th,
            name_en=product.name_en,
            kind=product.kind,
            description=product.description,
            owner_unit=units[product.owner],
        )
    )


def _segment(organization, segment: Segment, order: int, products) -> CustomerSegment:
    return record_services.save_segment(
        segment=CustomerSegment(
            organization=organization,
            code=segment.code,
            name_th=segment.name_th,
            name_en=segment.name_en,
            description=segment.description,
            needs=segment.needs,
            customer_count=segment.customers,
            size_note=segment.size_note,
            revenue_share=Decimal(segment.revenue) if segment.revenue else None,
            volume_share=Decimal(segment.volume) if segment.volume else None,
            preferred_channels=segment.channels,
            order=order,
        ),
        products=[products[code] for code in segment.products],
    )


def _channel(organization, channel: Channel, units, segments) -> ListeningChannel:
    return record_services.save_channel(
        channel=ListeningChannel(
            organization=organization,
            code=channel.code,
            name_th=channel.name_th,
            name_en=channel.name_en,
            kind=channel.kind,
            frequency=channel.frequency,
            owner_unit=units[channel.owner],
            practice=channel.practice,
        ),
        segments=[segments[code] for code in channel.segments],
    )


# --- VOC ---------------------------------------------------------------------------------------


def _months():
    """The first day of every month from October 2568 (FY 2569) to November 2569 (FY 2570)."""
    month = FIRST_VOC_MONTH
    while month <= LAST_VOC_DAY:
        yield month
        month = (month + dt.timedelta(days=32)).replace(day=1)


def _vocs(organization, demo: CustomerDemo, rng: random.Random, *, units, segments, channels):
    S = VoiceOfCustomer.Status
    for month in _months():
        last_day = min((month + dt.timedelta(days=32)).replace(day=1), LAST_VOC_DAY)
        days = (last_day - month).days
        count = 3 if month.year == LAST_VOC_DAY.year and month.month == LAST_VOC_DAY.month else 6
        # Every month hears every category at least once.
        picks = [
            rng.choice([v for v in demo.vocs if v.category == category])
            for category in VocCategory.values
        ]
        picks += [rng.choice(demo.vocs) for _ in range(count + rng.randint(0, 1) - len(picks))]
        if count < len(VocCategory.values):
            picks = picks[:count]
        for template in picks:
            heard_on = month + dt.timedelta(days=rng.randrange(max(days, 1)))
            age = (DEMO_TODAY - heard_on).days
            roll = rng.random()
            if age > 60:
                status = (
                    S.RESPONDED if roll < 0.85 else (S.NO_ACTION if roll < 0.93 else S.IN_PROGRESS)
                )
            elif age > 20:
                status = (
                    S.RESPONDED if roll < 0.4 else (S.IN_PROGRESS if roll < 0.8 else S.ANALYSING)
                )
            else:
                status = S.NEW if roll < 0.5 else S.ANALYSING
            voc = VoiceOfCustomer(
                organization=organization,
                channel=channels[rng.choice(template.channels)],
                segment=segments[rng.choice(template.segments)],
                category=template.category,
                topic=template.topic,
                description=template.description,
                importance=max(1, min(5, template.importance + rng.choice((-1, 0, 0, 0, 1)))),
                sentiment=template.sentiment,
                heard_on=heard_on,
                status=status,
            )
            if status in (S.RESPONDED, S.IN_PROGRESS):
                voc.action_taken = template.action
                voc.response_owner = units[template.owner]
            if status == S.RESPONDED:
                voc.responded_on = min(heard_on + dt.timedelta(days=rng.randint(2, 28)), DEMO_TODAY)
                voc.measured_result = template.result
            if status == S.NO_ACTION:
                voc.action_taken = (
                    "คำชมเชย ส่งต่อหน่วยงานที่เกี่ยวข้องเพื่อทราบ ไม่ต้องดำเนินการเพิ่ม"
                    if template.sentiment == POS
                    else "เป็นเรื่องซ้ำกับเรื่องที่อยู่ระหว่างดำเนินการตามแผนงานแล้ว"
                )
            record_services.save_voc(voc=voc)


# --- surveys -----------------------------------------------------------------------------------


def _score(
    base: Decimal, bias: Decimal, gain: Decimal, rng: random.Random, *, lower_is_better=False
):
    noise = Decimal(rng.randint(-6, 6)) / 100
    shift = -(bias + gain) if lower_is_better else bias + gain
    return max(Decimal("1.00"), min(Decimal("5.00"), base + shift + noise)).quantize(
        Decimal("0.01")
    )


def _surveys(organization, demo: CustomerDemo, rng: random.Random, *, segments, by) -> None:
    for year in (2568, 2569):
        firm, contract = demo.survey_firms[year]
        start, end = dt.date(year - 543, 5, 1), dt.date(year - 543, 7, 31)
        sample = sum(400 if s.customers > 100_000 else 250 for s in demo.segments)
        survey = survey_services.save_survey(
            survey=Survey(
                organization=organization,
                title=f"การสำรวจความพึงพอใจ ความไม่พึงพอใจ และความผูกพันของลูกค้า ปี {year}",
                fiscal_year=year,
                survey_type=Survey.SurveyType.ANNUAL,
                conducted_by=Survey.ConductedBy.EXTERNAL,
                firm=firm,
                contract_reference=contract,
                method=demo.survey_method,
                sample_size=sample,
                period_start=start,
                period_end=end,
            )
        )
        survey.report = upload_attachment(
            organization=organization,
            uploaded_by=by,
            upload=_pdf(
                f"customer-survey-{year}.pdf",
                [
                    organization.name_en or organization.slug,
                    f"Customer satisfaction, dissatisfaction and engagement survey FY {year}",
                    f"Conducted by an external consultant, {sample} respondents",
                    "Results per customer segment, measure and dimension",
                ],
            ),
            title=f"รายงานฉบับสมบูรณ์ การสำรวจความพึงพอใจและความผูกพันของลูกค้า ปี {year}",
            description=f"{firm} ({contract})",
            effective_date=start,
            effective_until=end,
            record=survey,
        )
        survey_services.save_survey(survey=survey)
        gain = YEAR_GAIN[year]
        for measure, dimensions in DIMENSIONS.items():
            lower = measure == Measure.DISSATISFACTION
            for segment in [None, *segments.values()]:
                bias = demo.survey_bias[segment.code] if segment else Decimal(0)
                for name, base in dimensions if segment else dimensions[:1]:
                    _result(
                        organization,
                        survey,
                        segment,
                        measure,
                        name,
                        _score(base, bias, gain, rng, lower_is_better=lower),
                        respondents=_respondents(segment, sample),
                    )
    internal = [
        (2568, Survey.SurveyType.POST_SERVICE, "การสำรวจความพึงพอใจหลังรับบริการ ปี 2568",
         dt.date(2024, 10, 1), dt.date(2025, 9, 30), 6120),
        (2569, Survey.SurveyType.POST_SERVICE, "การสำรวจความพึงพอใจหลังรับบริการ ปี 2569",
         dt.date(2025, 10, 1), dt.date(2026, 9, 30), 8430),
        (2569, Survey.SurveyType.POINT_OF_SERVICE, "การประเมินความพึงพอใจ ณ จุดบริการ ปี 2569",
         dt.date(2026, 1, 5), dt.date(2026, 6, 30), 3210),
        (2570, Survey.SurveyType.POST_SERVICE,
         "การสำรวจความพึงพอใจหลังรับบริการ ปี 2570 (ต.ค.-พ.ย. 2569)",
         dt.date(2026, 10, 1), dt.date(2026, 11, 15), 1380),
    ]  # fmt: skip
    for year, kind, title, start, end, sample in internal:
        survey = survey_services.save_survey(
            survey=Survey(
                organization=organization,
                title=title,
                fiscal_year=year,
                survey_type=kind,
                conducted_by=Survey.ConductedBy.INTERNAL,
                method="แบบสอบถามอิเล็กทรอนิกส์ 5 ระดับ ส่งทาง SMS และ LINE หลังปิดงานบริการ"
                if kind == Survey.SurveyType.POST_SERVICE
                else "แท็บเล็ตประเมินความพึงพอใจ 5 ระดับที่เคาน์เตอร์บริการ",
                sample_size=sample,
                period_start=start,
                period_end=end,
            )
        )
        gain = YEAR_GAIN.get(year, Decimal("0.03"))
        for segment in [None, *list(segments.values())[:3]]:
            bias = demo.survey_bias[segment.code] if segment else Decimal(0)
            _result(
                organization,
                survey,
                segment,
                Measure.SATISFACTION,
                "ภาพรวม",
                _score(Decimal("4.20"), bias, gain, rng),
                respondents=sample if segment is None else sample // 4,
            )


def _respondents(segment, sample: int) -> int:
    if segment is None:
        return sample
    return 400 if (segment.customer_count or 0) > 100_000 else 250


def _result(organization, survey, segment, measure, dimension, score, *, respondents) -> None:
    survey_services.save_result(
        result=SurveyResult(
            organization=organization,
            survey=survey,
            segment=segment,
            measure=measure,
            dimension=dimension,
            score=score,
            respondents=respondents,
        )
    )


# --- journey maps ------------------------------------------------------------------------------


def _journeys(organization, demo: CustomerDemo, *, segments, products) -> list[list[JourneyStage]]:
    """The journey maps with their stages, in each map's order."""
    stages = []
    for journey in demo.journeys:
        journey_map = JourneyMap(
            organization=organization,
            segment=segments[journey.segment],
            service=products[journey.service],
            title=journey.title,
            description=journey.description,
            last_reviewed=dt.date(2026, 8, 28),
        )
        journey_services.save_journey(journey=journey_map)
        saved = []
        for order, stage in enumerate(journey.stages, start=1):
            row = JourneyStage(
                organization=organization,
                journey=journey_map,
                order=order,
                name=stage.name,
                customer_actions=stage.actions,
                touchpoints=stage.touchpoints,
                pain_points=stage.pain_points,
                feeling=stage.feeling,
                is_critical=bool(stage.critical),
                critical_reason=stage.critical,
            )
            saved.append(journey_services.save_stage(stage=row))
        stages.append(saved)
    return stages


# --- customer and market strategy --------------------------------------------------------------


def _approve(organization, version, *, by, secretary, chair, number, day, agenda, what) -> None:
    approvals.submit_version(version=version, by=by)
    approvals.record_approval(
        version=version,
        by=secretary,
        body=ApprovingBody.BOARD,
        meeting_number=number,
        meeting_date=day,
        agenda_item=agenda,
        resolution=f"ที่ประชุมพิจารณาแล้วมีมติอนุมัติ{what}ตามที่ฝ่ายบริหารเสนอ",
        signed_by_name=chair,
        signed_by_position="ประธานกรรมการ",
        minutes_upload=_pdf(
            f"board-minutes-{number.replace('/', '-')}-{agenda}.pdf",
            [
                organization.name_en or organization.slug,
                f"Minutes of the Board of Directors, meeting {number}",
                f"Agenda {agenda}: approved as proposed",
                "Signed: Chairman",
            ],
        ),
    )
    version.refresh_from_db()


def _strategy(organization, demo: CustomerDemo, *, units, coordinator, secretary) -> None:
    strategy = strategy_services.create_strategy(
        organization=organization, by=coordinator, first_year=2567, last_year=2571
    )
    document = strategy.document
    document.owner_unit = units[demo.planning_unit]
    approvals.save_document(document)
    v1 = document.versions.get()
    v1.summary = (
        "แผนยุทธศาสตร์ด้านลูกค้าและตลาด 3 ยุทธศาสตร์ พร้อมแผนปฏิบัติการระยะยาว และแผนปฏิบัติการประจำปี 2569"
    )
    approvals.save_draft(v1)
    keys = {}
    for order, objective in enumerate(demo.objectives, start=1):
        keys[objective.ref] = strategy_services.save_objective(
            StrategicObjective(
                organization=organization,
                version=v1,
                order=order,
                objective=objective.objective,
                kpi=objective.kpi,
                target=objective.target,
            )
        ).key
    saved_items: list[tuple[Item, object]] = []

    def add_items(version, items: list[Item]) -> None:
        for item in items:
            saved = strategy_services.save_action_item(
                ActionPlanItem(
                    organization=organization,
                    version=version,
                    horizon=item.horizon,
                    fiscal_year=item.fiscal_year,
                    objective_key=keys[item.objective],
                    objective=item.objective_text,
                    project=item.project,
                    owner_unit=units[item.owner],
                    kpi=item.kpi,
                    target=item.target,
                    budget=Decimal(item.budget),
                    partners=item.partners,
                )
            )
            saved_items.append((item, saved.key))

    add_items(v1, [i for i in demo.items if i.fiscal_year != 2570])
    _approve(
        organization, v1, by=coordinator, secretary=secretary, chair=demo.chair,
        number="10/2568", day=dt.date(2025, 9, 25), agenda="4.1",
        what="แผนยุทธศาสตร์ด้านลูกค้าและตลาด ปีงบประมาณ 2567-2571 และแผนปฏิบัติการประจำปี 2569",
    )  # fmt: skip

    v2 = approvals.start_new_draft(document=document, by=coordinator)
    v2.summary = v1.summary.replace("ประจำปี 2569", "ประจำปี 2569 และ 2570")
    v2.change_note = "เพิ่มแผนปฏิบัติการประจำปี 2570 ตามผลการทบทวนแผนและเสียงของลูกค้าปี 2569"
    approvals.save_draft(v2)
    add_items(v2, [i for i in demo.items if i.fiscal_year == 2570])
    _approve(
        organization, v2, by=coordinator, secretary=secretary, chair=demo.chair,
        number="10/2569", day=dt.date(2026, 9, 24), agenda="4.2",
        what="แผนปฏิบัติการประจำปี 2570 ภายใต้แผนยุทธศาสตร์ด้านลูกค้าและตลาด",
    )  # fmt: skip
    strategy.refresh_from_db()

    # The KPIs go down to units, named staff and partners after each approval.
    for objective in demo.objectives:
        _cascade(
            organization, strategy, KpiCascade.Level.STRATEGY, keys[objective.ref],
            objective.kpi, objective.target, dt.date(2025, 10, 1),
            unit=units[objective.unit], by=coordinator,
        )  # fmt: skip
    for item, key in saved_items:
        day = dt.date(2026, 10, 1) if item.fiscal_year == 2570 else dt.date(2025, 10, 1)
        common = (organization, strategy, KpiCascade.Level.PLAN, key, item.kpi, item.target, day)
        _cascade(*common, unit=units[item.owner], by=coordinator)
        if item.staff:
            _cascade(*common, staff=item.staff, by=coordinator)
        if item.partners:
            _cascade(*common, partner=item.partners, by=coordinator, evidence=True)

    versions = {v.number: v for v in document.versions.all()}
    for communication in demo.communications:
        strategy_services.save_communication(
            PlanCommunication(
                organization=organization,
                strategy=strategy,
                version=versions[communication.version],
                audience=communication.audience,
                audience_detail=communication.audience_detail,
                communicated_on=communication.communicated_on,
                channel=communication.channel,
                note=communication.note,
            ),
            by=coordinator,
        )


def _cascade(
    organization, strategy, level, key, kpi, target, day, *, by, unit=None, staff="",
    partner="", evidence=False,
) -> None:  # fmt: skip
    if unit is not None:
        kind, name = KpiCascade.RecipientKind.UNIT, ""
    elif staff:
        kind, name = KpiCascade.RecipientKind.STAFF, staff
    else:
        kind, name = KpiCascade.RecipientKind.PARTNER, partner
    upload = None
    if evidence:
        upload = _pdf(
            "kpi-agreement.pdf",
            [
                organization.name_en or organization.slug,
                "Memorandum on shared KPIs and targets with a partner",
                f"Signed {day:%d %B %Y}",
            ],
        )
    strategy_services.save_cascade(
        KpiCascade(
            organization=organization,
            strategy=strategy,
            level=level,
            source_key=key,
            recipient_kind=kind,
            unit=unit,
            recipient_name=name,
            kpi=kpi,
            target=target,
            cascaded_on=day,
        ),
        by=by,
        evidence_upload=upload,
        evidence_title=f"บันทึกข้อตกลงตัวชี้วัดร่วมกับ {partner}" if evidence else "",
    )


BODY_NAMES = {
    ReviewMeeting.Body.BOARD: "คณะกรรมการ",
    ReviewMeeting.Body.COMMITTEE: "คณะอนุกรรมการ",
    ReviewMeeting.Body.EXECUTIVES: "คณะผู้บริหาร",
}


def _meeting(organization, meeting: Meeting, *, by) -> None:
    body = meeting.body_name or BODY_NAMES[meeting.body]
    strategy_services.save_meeting(
        ReviewMeeting(
            organization=organization,
            body=meeting.body,
            body_name=meeting.body_name,
            meeting_number=meeting.number,
            held_on=meeting.held_on,
            agenda=meeting.agenda,
            resolution=meeting.resolution,
        ),
        by=by,
        minutes_upload=_pdf(
            f"minutes-{meeting.held_on:%Y%m%d}.pdf",
            [
                organization.name_en or organization.slug,
                f"Minutes of meeting {meeting.held_on:%d %B %Y}",
                "Review of the customer strategy, plans and processes",
            ],
        ),
        minutes_title_text=f"รายงานการประชุม {body} ครั้งที่ {meeting.number}",
    )


# --- customer service charter ------------------------------------------------------------------


def _charter(organization, demo: CustomerDemo, *, units, products, stages, coordinator, secretary):
    if GovernedDocument.objects.filter(kind=DocumentKind.SERVICE_CHARTER).exists():
        return  # a charter from an earlier demo: leave it as it is
    document = charter_services.create_charter(organization=organization, by=coordinator)
    document.owner_unit = units[demo.customer_unit]
    document.reference = "CSC-01"
    approvals.save_document(document)
    v1 = document.versions.get()
    v1.summary = demo.charter_summary
    v1.body = "\n".join(f"{n}. {th}" for n, (th, _en) in enumerate(demo.commitments, start=1))
    approvals.save_draft(v1)

    charter_services.update_intro(version=v1, **demo.intro)
    for order, (text_th, text_en) in enumerate(demo.commitments, start=1):
        charter_services.save_commitment(
            CharterCommitment(
                organization=organization,
                version=v1,
                order=order,
                text_th=text_th,
                text_en=text_en,
            )  # fmt: skip
        )
    standards = {}
    for order, standard in enumerate(demo.standards, start=1):
        saved = charter_services.save_standard(
            ServiceStandard(
                organization=organization,
                version=v1,
                order=order,
                service_th=standard.service_th,
                service_en=standard.service_en,
                service_kind=standard.kind,
                product=products[standard.product] if standard.product else None,
                time_standard_th=standard.time_th,
                time_standard_en=standard.time_en,
                time_limit=standard.limit,
                time_unit=standard.unit,
                metric=standard.metric,
                target=standard.target,
                measurement_method=standard.method,
                measurement_frequency=standard.frequency,
                owner_unit=units[standard.owner],
            )
        )
        standards[standard.ref] = saved
        for step_order, step in enumerate(standard.steps, start=1):
            charter_services.save_blueprint_step(
                BlueprintStep(
                    organization=organization,
                    version=v1,
                    standard=saved,
                    order=step_order,
                    customer_action=step.customer_action,
                    frontstage=step.frontstage,
                    backstage=step.backstage,
                    support_processes=step.support,
                    physical_evidence=step.evidence,
                    is_critical=step.critical,
                )
            )
    for guideline in demo.guidelines:
        if not guideline.draft_only:
            _guideline(organization, v1, guideline, standards, stages)
    for recovery in demo.recoveries:
        charter_services.save_recovery(
            RecoveryScenario(
                organization=organization,
                version=v1,
                standard=standards[recovery.standard],
                situation=recovery.situation,
                scenario=recovery.scenario,
                trigger=recovery.trigger,
                immediate_actions=recovery.actions,
                owner_unit=units[recovery.owner],
                continuity_link=recovery.continuity,
            )
        )
    _approve(
        organization, v1, by=coordinator, secretary=secretary, chair=demo.chair,
        number="11/2569", day=dt.date(2026, 10, 29), agenda="4.3",
        what="กฎบัตรและมาตรฐานการให้บริการลูกค้า ฉบับที่ 1",
    )  # fmt: skip
    approvals.publish_version(version=v1)

    # Version 2 in preparation: a shorter time standard (and at the bank a new guideline).
    v2 = approvals.start_new_draft(document=document, by=coordinator)
    v2.change_note = demo.revision.change_note
    approvals.save_draft(v2)
    key = standards[demo.revision.standard].key
    changed = v2.service_standards.get(key=key)
    changed.time_standard_th = demo.revision.time_th
    changed.time_standard_en = demo.revision.time_en
    changed.time_limit = demo.revision.limit
    changed.metric = demo.revision.metric
    charter_services.save_standard(changed)
    draft_standards = {
        ref: v2.service_standards.get(key=saved.key) for ref, saved in standards.items()
    }
    for guideline in demo.guidelines:
        if guideline.draft_only:
            _guideline(organization, v2, guideline, draft_standards, stages)


def _guideline(organization, version, guideline: Guideline, standards, stages) -> None:
    journey, stage = guideline.stage if guideline.stage else (None, None)
    charter_services.save_guideline(
        ServiceGuideline(
            organization=organization,
            version=version,
            standard=standards[guideline.standard],
            journey_stage=stages[journey][stage] if guideline.stage else None,
            critical_point=guideline.critical_point,
            behaviour=guideline.behaviour,
            responsible_role=guideline.role,
            procedure_reference=guideline.procedure,
        )
    )
