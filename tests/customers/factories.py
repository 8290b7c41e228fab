"""Customer management records for tests.

Plain records are saved after full_clean, as the services do; the strategy and the charter are
declared through the approvals services, like every governed document. Each builder takes the
organization and creates what it needs (units, a segment, a channel) unless given.
"""

import datetime as dt
import itertools
import uuid
from decimal import Decimal

from django_scopes import scope

from customers.models import (
    ActionPlanItem,
    BlueprintStep,
    CharterCommitment,
    CharterIntro,
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
from seam_scm.approvals import services as approvals
from seam_scm.approvals.models import DocumentKind
from seam_scm.tenancy.roles import Role

from ..factories import MembershipFactory, OrgUnitFactory

_numbers = itertools.count(1)


def _saved(organization, model, **fields):
    with scope(organization=organization):
        row = model(organization=organization, **fields)
        row.full_clean()
        row.save()
        return row


def _unit(organization, unit):
    return unit or OrgUnitFactory(organization=organization)


def coordinator(organization):
    return MembershipFactory(organization=organization, role=Role.COORDINATOR).user


def make_product(organization, **fields) -> ProductService:
    number = next(_numbers)
    defaults = {
        "code": f"P{number:03d}",
        "name_th": f"บริการน้ำประปา {number}",
        "kind": ProductService.Kind.SERVICE,
    }
    return _saved(organization, ProductService, **{**defaults, **fields})


def make_segment(organization, **fields) -> CustomerSegment:
    number = next(_numbers)
    defaults = {
        "code": f"SEG{number:03d}",
        "name_th": f"ผู้ใช้น้ำประเภทที่พักอาศัย {number}",
        "needs": "น้ำสะอาด ไหลแรง ต่อเนื่อง",
        "customer_count": 120000,
        "revenue_share": Decimal("45.50"),
    }
    return _saved(organization, CustomerSegment, **{**defaults, **fields})


def make_channel(organization, *, owner_unit=None, **fields) -> ListeningChannel:
    number = next(_numbers)
    defaults = {
        "code": f"CH{number:03d}",
        "name_th": f"ศูนย์บริการลูกค้า {number}",
        "kind": ListeningChannel.Kind.CALL_CENTER,
        "frequency": Frequency.CONTINUOUS,
        "practice": "บันทึกทุกสายในระบบ CRM และสรุปประเด็นรายสัปดาห์",
    }
    return _saved(
        organization,
        ListeningChannel,
        owner_unit=_unit(organization, owner_unit),
        **{**defaults, **fields},
    )


def make_voc(organization, *, channel=None, segment=None, **fields) -> VoiceOfCustomer:
    defaults = {
        "category": VocCategory.PRODUCT_SERVICE,
        "topic": "น้ำประปาไหลอ่อนในช่วงเช้า",
        "importance": 4,
        "sentiment": VoiceOfCustomer.Sentiment.NEGATIVE,
        "heard_on": dt.date(2026, 10, 15),
    }
    return _saved(
        organization,
        VoiceOfCustomer,
        channel=channel or make_channel(organization),
        segment=segment or make_segment(organization),
        **{**defaults, **fields},
    )


def make_survey(organization, **fields) -> Survey:
    defaults = {
        "title": "การสำรวจความพึงพอใจประจำปี 2569",
        "fiscal_year": 2569,
        "survey_type": Survey.SurveyType.ANNUAL,
        "conducted_by": Survey.ConductedBy.EXTERNAL,
        "firm": "บริษัท วิจัยตลาด จำกัด",
        "contract_reference": "สัญญาเลขที่ 12/2569",
        "method": "แบบสอบถามและสัมภาษณ์",
        "sample_size": 1200,
        "period_start": dt.date(2026, 6, 1),
        "period_end": dt.date(2026, 7, 31),
    }
    return _saved(organization, Survey, **{**defaults, **fields})


def make_survey_result(organization, *, survey=None, segment=None, **fields) -> SurveyResult:
    defaults = {
        "measure": Measure.SATISFACTION,
        "dimension": "ภาพรวม",
        "score": Decimal("4.21"),
        "respondents": 400,
    }
    return _saved(
        organization,
        SurveyResult,
        survey=survey or make_survey(organization),
        segment=segment,
        **{**defaults, **fields},
    )


def make_journey(organization, *, segment=None, **fields) -> JourneyMap:
    defaults = {"title": "การขอติดตั้งประปาใหม่"}
    return _saved(
        organization,
        JourneyMap,
        segment=segment or make_segment(organization),
        **{**defaults, **fields},
    )


def make_stage(organization, *, journey=None, **fields) -> JourneyStage:
    defaults = {
        "order": next(_numbers),
        "name": "ยื่นคำขอ",
        "customer_actions": "กรอกคำขอและยื่นเอกสาร",
        "touchpoints": "สำนักงานสาขา เว็บไซต์",
        "pain_points": "ต้องเดินทางมายื่นเอกสารเอง",
        "is_critical": True,
        "critical_reason": "ความประทับใจแรกของลูกค้า",
    }
    return _saved(
        organization,
        JourneyStage,
        journey=journey or make_journey(organization),
        **{**defaults, **fields},
    )


def make_meeting(organization, **fields) -> ReviewMeeting:
    defaults = {
        "body": ReviewMeeting.Body.BOARD,
        "meeting_number": "11/2569",
        "held_on": dt.date(2026, 10, 29),
        "agenda": "ติดตามผลการดำเนินงานตามแผนยุทธศาสตร์ด้านลูกค้า",
        "resolution": "รับทราบและให้เร่งรัดโครงการลดน้ำสูญเสีย",
    }
    return _saved(organization, ReviewMeeting, **{**defaults, **fields})


# --- Governed documents ----------------------------------------------------------------------


def make_strategy(organization, *, by=None, first_year=2567, last_year=2571) -> CustomerStrategy:
    by = by or coordinator(organization)
    with scope(organization=organization):
        document = approvals.declare_document(
            organization=organization,
            by=by,
            kind=DocumentKind.CUSTOMER_MARKET_STRATEGY,
            title=f"แผนยุทธศาสตร์ด้านลูกค้าและตลาด {first_year}-{last_year}",
        )
        strategy = CustomerStrategy(
            organization=organization,
            document=document,
            first_year=first_year,
            last_year=last_year,
        )
        strategy.full_clean()
        strategy.save()
        return strategy


def latest_version(document):
    with scope(organization=document.organization):
        return document.versions.order_by("-number").first()


def make_objective(organization, *, strategy=None, **fields) -> StrategicObjective:
    strategy = strategy or make_strategy(organization)
    defaults = {
        "key": uuid.uuid4(),
        "objective": "ยกระดับความพึงพอใจของลูกค้า",
        "kpi": "คะแนนความพึงพอใจของลูกค้า",
        "target": "ไม่น้อยกว่าร้อยละ 85",
    }
    version = latest_version(strategy.document)
    return _saved(organization, StrategicObjective, version=version, **{**defaults, **fields})


def make_action_item(organization, *, strategy=None, owner_unit=None, **fields) -> ActionPlanItem:
    strategy = strategy or make_strategy(organization)
    defaults = {
        "key": uuid.uuid4(),
        "horizon": ActionPlanItem.Horizon.ANNUAL,
        "fiscal_year": 2570,
        "objective": "ลดเวลาการติดตั้งประปาใหม่",
        "project": "โครงการติดตั้งประปาใหม่ภายใน 7 วัน",
        "kpi": "ร้อยละของคำขอที่ติดตั้งภายใน 7 วันทำการ",
        "target": "ร้อยละ 90",
        "budget": Decimal("1500000.00"),
        "partners": "ผู้รับเหมาติดตั้ง",
    }
    version = latest_version(strategy.document)
    return _saved(
        organization,
        ActionPlanItem,
        version=version,
        owner_unit=_unit(organization, owner_unit),
        **{**defaults, **fields},
    )


def make_cascade(organization, *, item=None, **fields) -> KpiCascade:
    item = item or make_action_item(organization)
    with scope(organization=organization):
        strategy = item.version.document.customer_strategy
    defaults = {
        "level": KpiCascade.Level.PLAN,
        "source_key": item.key,
        "recipient_kind": KpiCascade.RecipientKind.PARTNER,
        "recipient_name": "บริษัท ผู้รับเหมาติดตั้ง จำกัด",
        "kpi": item.kpi,
        "target": item.target,
        "cascaded_on": dt.date(2026, 11, 1),
    }
    return _saved(organization, KpiCascade, strategy=strategy, **{**defaults, **fields})


def make_communication(organization, *, strategy=None, **fields) -> PlanCommunication:
    defaults = {
        "audience": PlanCommunication.Audience.STAFF,
        "audience_detail": "พนักงานทุกสาขา",
        "communicated_on": dt.date(2026, 11, 5),
        "channel": PlanCommunication.Channel.INTRANET,
    }
    return _saved(
        organization,
        PlanCommunication,
        strategy=strategy or make_strategy(organization),
        **{**defaults, **fields},
    )


def make_charter_document(organization, *, by=None):
    by = by or coordinator(organization)
    with scope(organization=organization):
        return approvals.declare_document(
            organization=organization,
            by=by,
            kind=DocumentKind.SERVICE_CHARTER,
            title="กฎบัตรและมาตรฐานการให้บริการลูกค้า",
        )


def charter_draft(organization):
    return latest_version(make_charter_document(organization))


def make_intro(organization, *, version=None, **fields) -> CharterIntro:
    defaults = {
        "title_en": "Customer Service Charter and Service Standards",
        "summary_en": "Our commitments to every customer.",
        "contact_th": "สอบถามเพิ่มเติม โทร 1662",
        "contact_en": "Call 1662 for details.",
    }
    return _saved(
        organization,
        CharterIntro,
        version=version or charter_draft(organization),
        **{**defaults, **fields},
    )


def make_commitment(organization, *, version=None, **fields) -> CharterCommitment:
    defaults = {
        "text_th": "ให้บริการด้วยความสุภาพ รวดเร็ว และโปร่งใส",
        "text_en": "We serve courteously, promptly and transparently.",
    }
    return _saved(
        organization,
        CharterCommitment,
        version=version or charter_draft(organization),
        **{**defaults, **fields},
    )


def make_standard(organization, *, version=None, owner_unit=None, **fields) -> ServiceStandard:
    defaults = {
        "key": uuid.uuid4(),
        "service_th": "การขอติดตั้งประปาใหม่",
        "service_en": "New water connection",
        "service_kind": ServiceStandard.ServiceKind.CORE,
        "time_standard_th": "ภายใน 7 วันทำการ",
        "time_standard_en": "Within 7 working days",
        "time_limit": 7,
        "time_unit": ServiceStandard.TimeUnit.WORKING_DAYS,
        "metric": "ร้อยละของคำขอที่ติดตั้งภายใน 7 วันทำการ",
        "target": "ไม่น้อยกว่าร้อยละ 90",
        "measurement_method": "ระบบงานติดตั้งนับจากวันที่ชำระค่าติดตั้งถึงวันที่ติดตั้งมาตร",
        "measurement_frequency": Frequency.MONTHLY,
    }
    return _saved(
        organization,
        ServiceStandard,
        version=version or charter_draft(organization),
        owner_unit=_unit(organization, owner_unit),
        **{**defaults, **fields},
    )


def make_blueprint_step(organization, *, standard=None, **fields) -> BlueprintStep:
    standard = standard or make_standard(organization)
    defaults = {
        "order": 1,
        "customer_action": "ยื่นคำขอติดตั้ง",
        "frontstage": "พนักงานตรวจเอกสารและแจ้งค่าใช้จ่าย",
        "backstage": "สำรวจพื้นที่และประเมินราคา",
        "support_processes": "ระบบบริหารงานติดตั้ง",
        "physical_evidence": "ใบรับคำขอ",
        "is_critical": True,
    }
    return _saved(
        organization,
        BlueprintStep,
        version=standard.version,
        standard=standard,
        **{**defaults, **fields},
    )


def make_guideline(organization, *, standard=None, journey_stage=None, **fields):
    standard = standard or make_standard(organization)
    defaults = {
        "critical_point": "การรับคำขอที่เคาน์เตอร์",
        "behaviour": "ทักทาย ตรวจเอกสารครบถ้วนในครั้งเดียว และแจ้งกำหนดวันติดตั้ง",
        "responsible_role": "พนักงานบริการลูกค้า",
    }
    return _saved(
        organization,
        ServiceGuideline,
        version=standard.version,
        standard=standard,
        journey_stage=journey_stage,
        **{**defaults, **fields},
    )


def make_recovery(organization, *, version=None, owner_unit=None, **fields) -> RecoveryScenario:
    defaults = {
        "situation": RecoveryScenario.Situation.NORMAL_ERROR,
        "scenario": "ติดตั้งไม่ทันตามมาตรฐาน",
        "trigger": "คำขอเกิน 7 วันทำการ",
        "immediate_actions": "โทรแจ้งลูกค้า ขออภัย และนัดวันติดตั้งใหม่ภายใน 2 วัน",
    }
    return _saved(
        organization,
        RecoveryScenario,
        version=version or charter_draft(organization),
        owner_unit=_unit(organization, owner_unit),
        **{**defaults, **fields},
    )


# --- A complete charter (criterion 5.1), approved and published ------------------------------


def make_full_charter(organization, *, journey_stage=None):
    """The charter's first draft with content that meets every content check of criterion 5.1
    level 3: intro, a commitment, a core standard with a blueprint whose critical step has a
    guideline, and a normal and an emergency recovery scenario. Returns the draft version."""
    version = charter_draft(organization)
    make_intro(organization, version=version)
    make_commitment(organization, version=version)
    standard = make_standard(organization, version=version)
    make_blueprint_step(organization, standard=standard)
    make_guideline(organization, standard=standard, journey_stage=journey_stage)
    make_recovery(organization, version=version, standard=standard)
    make_recovery(
        organization,
        version=version,
        situation=RecoveryScenario.Situation.EMERGENCY,
        scenario="ระบบบริการลูกค้าล่มทั้งระบบ",
        trigger="ระบบไม่ตอบสนองเกิน 30 นาที",
        immediate_actions="เปิดรับคำขอด้วยแบบฟอร์มกระดาษและแจ้งลูกค้าทางเว็บไซต์",
        continuity_link="แผน BCM-03 ระบบสารสนเทศบริการลูกค้า",
    )
    return version


def approve_charter(organization, version, *, by=None, publish=False, **approval_fields):
    """Submit, approve (meeting today unless given) and optionally publish a charter version,
    through the approvals services."""
    from django.utils import timezone

    from ..approvals.factories import APPROVAL_FIELDS, pdf_upload

    by = by or coordinator(organization)
    fields = {**APPROVAL_FIELDS, "meeting_date": timezone.localdate(), **approval_fields}
    with scope(organization=organization):
        approvals.submit_version(version=version, by=by)
        approvals.record_approval(version=version, by=by, minutes_upload=pdf_upload(), **fields)
        version.refresh_from_db()
        if publish:
            approvals.publish_version(version=version)
            version.refresh_from_db()
    return version


# --- strategy (area 3) -----------------------------------------------------------------------


def approve_strategy(strategy, *, by=None, meeting_date=None):
    """Submit the strategy's latest version and record the board's approval; returns it."""
    from ..approvals.factories import APPROVAL_FIELDS, pdf_upload

    organization = strategy.organization
    by = by or coordinator(organization)
    fields = {**APPROVAL_FIELDS, "meeting_date": meeting_date or APPROVAL_FIELDS["meeting_date"]}
    with scope(organization=organization):
        version = strategy.document.versions.order_by("-number").first()
        approvals.submit_version(version=version, by=by)
        approvals.record_approval(version=version, by=by, minutes_upload=pdf_upload(), **fields)
        version.refresh_from_db()
    return version


# --- Excel import (area 5) -------------------------------------------------------------------


def voc_row(**overrides) -> dict:
    """Cells of one valid row of the import sheet "voc", by column key."""
    return {
        "channel": "CALL",
        "segment": "HOME",
        "category": "product_service",
        "topic": "น้ำประปาไหลอ่อนในช่วงเช้า",
        "description": "ลูกค้าหลายรายแจ้งผ่านศูนย์บริการ",
        "importance": 4,
        "sentiment": "negative",
        "heard_on": "15/10/2569",
        "status": "new",
        "action_taken": "",
        "response_owner": "",
        "responded_on": "",
        "measured_result": "",
        **overrides,
    }


def result_row(**overrides) -> dict:
    """Cells of one valid row of the import sheet "survey_results", by column key."""
    return {
        "fiscal_year": 2569,
        "survey": "การสำรวจความพึงพอใจประจำปี 2569",
        "segment": "",
        "measure": "satisfaction",
        "dimension": "ภาพรวม",
        "score": 4.21,
        "respondents": 400,
        **overrides,
    }


def customer_workbook(voc=(), results=(), *, voc_keys=None, result_keys=None) -> bytes:
    """An .xlsx in the customer import layout: names in row 1, keys in row 2, data from row 3.
    A sheet whose rows are None is left out."""
    import io

    from openpyxl import Workbook

    from customers import spreadsheets

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, columns, keys, rows in (
        (spreadsheets.SHEET_VOC, spreadsheets.VOC_COLUMNS, voc_keys, voc),
        (spreadsheets.SHEET_RESULTS, spreadsheets.RESULT_COLUMNS, result_keys, results),
    ):
        if rows is None:
            continue
        keys = keys or [column.key for column in columns]
        sheet = workbook.create_sheet(name)
        sheet.append(keys)  # row 1: names, which the import does not read
        sheet.append(keys)
        for row in rows:
            sheet.append([row.get(key) for key in keys])
    if not workbook.sheetnames:
        workbook.create_sheet("notes").append(["บันทึก"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def customer_xlsx_upload(content: bytes, name: str = "เสียงของลูกค้า.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
