"""Stakeholder records for tests, built through the services as the pages do."""

import datetime as dt
import itertools

from django_scopes import scope

from seam_scm.approvals import services as approvals
from seam_scm.tenancy.models import OrgUnit
from seam_scm.tenancy.roles import Role
from stakeholders import plan_services, record_services
from stakeholders.models import (
    Engagement,
    EngagementLevel,
    PlanItem,
    RelationshipRisk,
    Representative,
    Stakeholder,
    StakeholderGroup,
    TeamMember,
    VoiceOfStakeholder,
)
from stakeholders.services import UnitRank

from ..approvals.factories import APPROVAL_FIELDS, pdf_upload
from ..factories import MembershipFactory, OrgUnitFactory

_numbers = itertools.count(1)


def line(organization, code: str | None = None, **kwargs) -> OrgUnit:
    """A business line (สายงาน)."""
    return OrgUnitFactory(
        organization=organization,
        kind=OrgUnit.Kind.LINE,
        code=code or f"L{next(_numbers)}",
        **kwargs,
    )


def department(organization, parent: OrgUnit, code: str | None = None, **kwargs) -> OrgUnit:
    """A department (ฝ่าย) under a business line."""
    return OrgUnitFactory(
        organization=organization,
        kind=OrgUnit.Kind.DEPARTMENT,
        parent=parent,
        code=code or f"D{next(_numbers)}",
        **kwargs,
    )


def group(organization, code: str = "CUS") -> StakeholderGroup:
    """One of the default groups every organization starts with (REG, MIN, CUS, ...)."""
    with scope(organization=organization):
        return StakeholderGroup.objects.get(code=code)


def profile_fields(**overrides) -> dict:
    """Everything a profile needs to be complete, except units and representatives."""
    number = next(_numbers)
    return {
        "code": f"S{number:03d}",
        "name_th": f"ผู้มีส่วนได้ส่วนเสีย {number}",
        "side": Stakeholder.Side.EXTERNAL,
        "status": Stakeholder.Status.GOVERNMENT,
        "mission": "กำกับดูแลรัฐวิสาหกิจ",
        "network": Stakeholder.Network.DOMESTIC,
        "role": "กำหนดนโยบาย",
        "needs_from_them": "การสนับสนุนงบประมาณ",
        "key_issues": "ผลการดำเนินงานตามเกณฑ์",
        "source": Stakeholder.Source.PRIMARY,
        "last_reviewed": dt.date(2026, 10, 1),
        "influence": 3,
        "interest": 3,
        "current_level": EngagementLevel.INFORM,
        "target_level": EngagementLevel.CONSULT,
        **overrides,
    }


def make_stakeholder(
    organization,
    *,
    group_code: str = "CUS",
    units: list[tuple[OrgUnit, int]] = (),
    representatives: list[dict] = (),
    **fields,
) -> Stakeholder:
    with scope(organization=organization):
        stakeholder = Stakeholder(
            organization=organization,
            group=StakeholderGroup.objects.get(code=group_code),
            **profile_fields(**fields),
        )
        return record_services.save_profile(
            stakeholder=stakeholder,
            units=[UnitRank(unit, rank) for unit, rank in units],
            representatives=[Representative(**representative_fields(**r)) for r in representatives],
        )


def representative_fields(**overrides) -> dict:
    return {
        "kind": Representative.Kind.COORDINATOR,
        "name": "นางสาวมาลี ติดต่อดี",
        "position": "ผู้อำนวยการกอง",
        "phone": "02-111-2222",
        "email": "malee@example.go.th",
        "lawful_basis": "public_task",
        **overrides,
    }


def complete_stakeholder(organization, unit: OrgUnit, **fields) -> Stakeholder:
    return make_stakeholder(organization, units=[(unit, 1)], representatives=[{}], **fields)


def make_voice(organization, stakeholder=None, *, owner_unit=None, **fields):
    stakeholder = stakeholder or make_stakeholder(organization)
    owner_unit = owner_unit or OrgUnitFactory(organization=organization)
    with scope(organization=organization):
        voice = VoiceOfStakeholder(
            organization=organization,
            stakeholder=stakeholder,
            owner_unit=owner_unit,
            **{
                "polarity": VoiceOfStakeholder.Polarity.NEGATIVE,
                "topic": "น้ำประปาไหลอ่อนในช่วงเช้า",
                "source": VoiceOfStakeholder.Source.COMPLAINT,
                "heard_on": dt.date(2026, 9, 15),
                "importance": 4,
                **fields,
            },
        )
        return record_services.save_voice(voice=voice)


def make_risk(organization, stakeholder=None, *, owner_unit=None, voices=(), **fields):
    stakeholder = stakeholder or make_stakeholder(organization)
    owner_unit = owner_unit or OrgUnitFactory(organization=organization)
    with scope(organization=organization):
        risk = RelationshipRisk(
            organization=organization,
            stakeholder=stakeholder,
            owner_unit=owner_unit,
            **{
                "description": "ความเชื่อมั่นของชุมชนลดลงจากปัญหาน้ำขุ่น",
                "likelihood": 4,
                "impact": 4,
                **fields,
            },
        )
        return record_services.save_risk(risk=risk, voices=list(voices))


def make_engagement(organization, stakeholders=None, **fields) -> Engagement:
    stakeholders = stakeholders or [make_stakeholder(organization)]
    with scope(organization=organization):
        engagement = Engagement(
            organization=organization,
            **{
                "held_on": dt.date(2026, 8, 20),
                "kind": Engagement.Kind.MEETING,
                "title": "ประชุมรับฟังความคิดเห็นผู้ใช้น้ำ",
                "summary": "ผู้ใช้น้ำขอให้แจ้งเตือนก่อนหยุดจ่ายน้ำ",
                **fields,
            },
        )
        return record_services.save_engagement(engagement=engagement, stakeholders=stakeholders)


def make_team_member(organization, business_line=None, **fields) -> TeamMember:
    business_line = business_line or line(organization)
    with scope(organization=organization):
        member = TeamMember(
            organization=organization,
            business_line=business_line,
            **{"name": "นายวิชัย ทีมงาน", "team_role": TeamMember.TeamRole.MEMBER, **fields},
        )
        return record_services.save_team_member(member=member)


# --- Excel workbooks in the import layout (import and export tests) ------------------------


def profile_row(**overrides) -> dict:
    """Cells of one valid row of the sheet "stakeholders", by column key."""
    return {
        "code": "S001",
        "name_th": "สำนักงานคณะกรรมการนโยบายรัฐวิสาหกิจ",
        "name_en": "State Enterprise Policy Office",
        "side": "external",
        "group": "REG",
        "status": "government",
        "mission": "กำกับดูแลรัฐวิสาหกิจ",
        "network": "domestic",
        "role": "ประเมินผลการดำเนินงาน",
        "needs_from_them": "คำแนะนำด้านเกณฑ์",
        "key_issues": "ผลประเมิน SE-AM",
        "source": "primary",
        "last_reviewed": "01/10/2569",
        "influence": 5,
        "interest": 4,
        "legitimacy": "yes",
        "urgency": "",
        "current_level": 2,
        "target_level": 4,
        "units": "",
        **overrides,
    }


def voice_row(**overrides) -> dict:
    """Cells of one valid row of the sheet "voices", by column key."""
    return {
        "stakeholder": "S001",
        "polarity": "negative",
        "topic": "รายงานผลการดำเนินงานล่าช้า",
        "description": "ต้องการรายงานรายไตรมาสตรงเวลา",
        "source": "meeting",
        "heard_on": "15/09/2569",
        "importance": 4,
        "owner_unit": "",
        **overrides,
    }


def import_workbook(
    profiles=(), voices=(), *, profile_keys=None, voice_keys=None, extra_sheets=()
) -> bytes:
    """An .xlsx in the import layout: names in row 1, keys in row 2, data from row 3."""
    import io

    from openpyxl import Workbook

    from stakeholders import spreadsheets

    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = [
        (spreadsheets.SHEET_PROFILES, spreadsheets.PROFILE_COLUMNS, profile_keys, profiles),
        (spreadsheets.SHEET_VOICES, spreadsheets.VOICE_COLUMNS, voice_keys, voices),
    ]
    for name, columns, keys, rows in sheets:
        if rows is None:
            continue
        keys = keys or [column.key for column in columns]
        sheet = workbook.create_sheet(name)
        sheet.append(keys)  # row 1: names, which the import does not read
        sheet.append(keys)
        for row in rows:
            sheet.append([row.get(key) for key in keys])
    for name in extra_sheets:
        workbook.create_sheet(name).append(["ชื่อ", "โทรศัพท์"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(content: bytes, name: str = "ผู้มีส่วนได้ส่วนเสีย.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def workbook_of(content: bytes):
    import io

    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content))


def cell_texts(workbook) -> list[str]:
    """The text of every non-empty cell of every sheet."""
    return [
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value not in (None, "")
    ]


# --- relationship plans (engineer B) ---------------------------------------------------------


def make_plan(organization, business_line=None, *, fiscal_year: int = 2570, by=None):
    """A relationship plan with its governed document and an empty first draft."""
    business_line = business_line or line(organization)
    by = by or MembershipFactory(organization=organization, role=Role.COORDINATOR).user
    with scope(organization=organization):
        return plan_services.create_plan(
            organization=organization, by=by, business_line=business_line, fiscal_year=fiscal_year
        )


def make_plan_item(organization, plan=None, *, stakeholder=None, owner_unit=None, **fields):
    """An item on the plan's latest version (a draft)."""
    plan = plan or make_plan(organization)
    owner_unit = owner_unit or plan.business_line
    if stakeholder is None and "group" not in fields:
        stakeholder = make_stakeholder(organization)
    with scope(organization=organization):
        item = PlanItem(
            organization=organization,
            version=plan.document.versions.order_by("-number").first(),
            stakeholder=stakeholder,
            owner_unit=owner_unit,
            **{
                "objective": "เสริมสร้างความเชื่อมั่นของผู้ใช้น้ำ",
                "activity": "ประชุมรับฟังความคิดเห็นผู้ใช้น้ำรายไตรมาส",
                "channel": "ประชุม",
                "months": [10, 1, 4, 7],
                "kpi": "ร้อยละความพึงพอใจของผู้เข้าร่วม",
                "target": "ไม่น้อยกว่าร้อยละ 85",
                "budget": 50000,
                **fields,
            },
        )
        return plan_services.save_plan_item(item)


def approve_plan(plan, by=None):
    """Submit the plan's latest version and record the board's approval; returns the version."""
    organization = plan.organization
    by = by or MembershipFactory(organization=organization, role=Role.COORDINATOR).user
    with scope(organization=organization):
        version = plan.document.versions.order_by("-number").first()
        approvals.submit_version(version=version, by=by)
        approvals.record_approval(
            version=version, by=by, minutes_upload=pdf_upload(), **APPROVAL_FIELDS
        )
        version.refresh_from_db()
    return version


def make_progress(organization, item=None, *, percent: int = 50, result: str = "ดำเนินการแล้ว"):
    """Progress on an item of an approved plan (the plan is approved here when needed)."""
    item = item or make_plan_item(organization)
    with scope(organization=organization):
        plan = item.version.document.relationship_plan
        if plan_services.approved_version(plan) is None:
            approve_plan(plan)
        return plan_services.record_progress(
            plan=plan, item_key=item.key, percent=percent, result=result
        )
