"""Demo data: two fictional state enterprises with their charts and one user per role.

Every name here is invented. `seed_demo` runs this first, then each app's own
`<app>.demo.seed(organization)` if the app has one, so later modules add their
records without touching this file.
"""

from dataclasses import dataclass

from django_scopes import scope

from .models import Membership, Organization, OrgUnit
from .roles import Role
from .services import add_member, create_organization, save_unit

DEMO_PASSWORD = "seam-demo-2569"

# (code, parent code or None, Thai name, English name)
Units = list[tuple[str, str | None, str, str]]


@dataclass(frozen=True)
class DemoOrganization:
    slug: str
    name_th: str
    name_en: str
    short_name: str
    units: Units
    people: dict[Role, tuple[str, str, str]]  # role -> (e-mail, Thai full name, unit code)


LWA = DemoOrganization(
    slug="lwa",
    name_th="การประปาท้องถิ่น",
    name_en="Local Waterworks Authority",
    short_name="กปถ.",
    units=[
        ("GV", None, "สายงานผู้ว่าการ", "Governor's Office"),
        ("GV-BS", "GV", "ฝ่ายเลขานุการคณะกรรมการ", "Board Secretariat Department"),
        ("CS", None, "สายงานบริการลูกค้า", "Customer Service Line"),
        ("CS-CR", "CS", "ฝ่ายลูกค้าสัมพันธ์", "Customer Relations Department"),
        ("CS-CR-1", "CS-CR", "กองรับเรื่องร้องเรียน", "Complaints Division"),
        ("CS-CR-2", "CS-CR", "กองศูนย์บริการลูกค้าทางโทรศัพท์", "Call Centre Division"),
        ("CS-BR", "CS", "ฝ่ายบริการสาขา", "Branch Services Department"),
        ("SP", None, "สายงานยุทธศาสตร์และแผน", "Strategy and Planning Line"),
        ("SP-PL", "SP", "ฝ่ายนโยบายและแผน", "Policy and Planning Department"),
        ("SP-PL-1", "SP-PL", "กองแผนยุทธศาสตร์", "Strategic Planning Division"),
        ("SP-RM", "SP", "ฝ่ายบริหารความเสี่ยง", "Risk Management Department"),
        ("OP", None, "สายงานปฏิบัติการ", "Operations Line"),
        ("OP-PR", "OP", "ฝ่ายผลิตน้ำ", "Water Production Department"),
        ("OP-MT", "OP", "ฝ่ายบำรุงรักษาระบบท่อ", "Pipeline Maintenance Department"),
    ],
    people={
        Role.COORDINATOR: ("coordinator@lwa.example", "สุนันทา ศรีสมบูรณ์", "SP-PL"),
        Role.EDITOR: ("editor@lwa.example", "ธนากร วงศ์ประเสริฐ", "CS-CR"),
        Role.SECRETARY: ("secretary@lwa.example", "พิมพ์ชนก แก้วมณี", "GV-BS"),
        Role.VIEWER: ("viewer@lwa.example", "อนุชา บุญเรือง", "OP-MT"),
    },
)

CEB = DemoOrganization(
    slug="ceb",
    name_th="ธนาคารเพื่อวิสาหกิจชุมชน",
    name_en="Community Enterprise Bank",
    short_name="ธวช.",
    units=[
        ("MD", None, "สายงานกรรมการผู้จัดการ", "Managing Director's Office"),
        ("MD-BS", "MD", "ฝ่ายเลขานุการคณะกรรมการ", "Board Secretariat Department"),
        ("MK", None, "สายงานลูกค้าและการตลาด", "Customer and Marketing Line"),
        ("MK-LN", "MK", "ฝ่ายผลิตภัณฑ์สินเชื่อ", "Loan Products Department"),
        ("MK-LN-1", "MK-LN", "กองสินเชื่อวิสาหกิจชุมชน", "Community Enterprise Loans Division"),
        ("MK-CX", "MK", "ฝ่ายบริหารประสบการณ์ลูกค้า", "Customer Experience Department"),
        ("MK-CX-1", "MK-CX", "กองจัดการข้อร้องเรียน", "Complaint Management Division"),
        ("ST", None, "สายงานกลยุทธ์องค์กร", "Corporate Strategy Line"),
        ("ST-PE", "ST", "ฝ่ายกลยุทธ์และประเมินผล", "Strategy and Evaluation Department"),
        ("ST-CP", "ST", "ฝ่ายกำกับการปฏิบัติตามกฎเกณฑ์", "Compliance Department"),
        ("BR", None, "สายงานปฏิบัติการสาขา", "Branch Operations Line"),
        ("BR-N", "BR", "ฝ่ายเครือข่ายสาขาภาคเหนือ", "Northern Branch Network Department"),
        ("BR-NE", "BR", "ฝ่ายเครือข่ายสาขาภาคตะวันออกเฉียงเหนือ", "North-Eastern Branch Network"),
    ],
    people={
        Role.COORDINATOR: ("coordinator@ceb.example", "กิตติพงษ์ ทองคำ", "ST-PE"),
        Role.EDITOR: ("editor@ceb.example", "วรรณา จันทร์เพ็ญ", "MK-CX"),
        Role.SECRETARY: ("secretary@ceb.example", "ณัฐวุฒิ รัตนพันธ์", "MD-BS"),
        Role.VIEWER: ("viewer@ceb.example", "ปวีณา สุขเจริญ", "BR-N"),
    },
)

# External assessors work for several enterprises: one person, a seat in each.
SHARED_ASSESSOR = ("assessor@seam.example", "ดร.ประเสริฐ มั่นคง", None)

DEMO_ORGANIZATIONS = [LWA, CEB]


def seed_organization(demo: DemoOrganization) -> Organization:
    organization = Organization.objects.filter(slug=demo.slug).first() or create_organization(
        slug=demo.slug, name_th=demo.name_th, name_en=demo.name_en, short_name=demo.short_name
    )
    with scope(organization=organization):
        by_code = {unit.code: unit for unit in OrgUnit.objects.all()}
        for code, parent_code, name_th, name_en in demo.units:
            unit = by_code.get(code) or OrgUnit(organization=organization, code=code)
            unit.parent = by_code[parent_code] if parent_code else None
            unit.kind = _kind_for(code)
            unit.name_th, unit.name_en = name_th, name_en
            by_code[code] = save_unit(unit)
    people = {**demo.people, Role.ASSESSOR: SHARED_ASSESSOR}
    for role, (email, full_name, unit_code) in people.items():
        add_member(
            organization=organization,
            email=email,
            role=role,
            full_name=full_name,
            password=DEMO_PASSWORD,
            unit=by_code[unit_code] if unit_code else None,
            notify=False,
        )
    return organization


def _kind_for(code: str) -> str:
    """Demo codes encode depth: GV is a line, GV-BS a department, CS-CR-1 a division."""
    return [OrgUnit.Kind.LINE, OrgUnit.Kind.DEPARTMENT, OrgUnit.Kind.DIVISION][code.count("-")]


def demo_logins() -> list[tuple[str, str, str]]:
    """(organization, role, e-mail) for every demo user, for printing."""
    rows = []
    for membership in (
        Membership.objects.with_scopes_disabled()
        .filter(organization__slug__in=[d.slug for d in DEMO_ORGANIZATIONS])
        .select_related("organization", "user")
        .order_by("organization__slug", "role")
    ):
        rows.append((membership.organization.short_name, membership.role, membership.user.email))
    return rows
