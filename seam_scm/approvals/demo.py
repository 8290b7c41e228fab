"""Demo governed documents: the draft of a relationship plan (the stakeholders demo then fills
in its items and has the board approve it).

The other governed documents come from their modules' demos, with their structured content: the
customer service charter and the customer and market strategy from customers/demo.py, the
complaint handling policy and procedures from complaints/demo.py.

Built through the services, as people would; skipped when the organization already has
governed documents, so `seed_demo` can run again.
"""

from seam_scm.tenancy.models import Membership, Organization
from seam_scm.tenancy.roles import Role

from . import services
from .models import DocumentKind, GovernedDocument


def _member(role: str):
    membership = Membership.objects.filter(role=role).select_related("user").first()
    return membership.user if membership else None


def seed(*, organization: Organization) -> None:
    coordinator = _member(Role.COORDINATOR)
    if coordinator is None or GovernedDocument.objects.exists():
        return

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
