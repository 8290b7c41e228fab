"""How the route-walking test (tests/tenancy/test_route_isolation.py) builds breach register
rows: URL parameter -> a row of the given organization's id; for API routes, the viewset's
model -> the same."""

import datetime as dt

from django.utils import timezone
from django_scopes import scope

from seam_scm.privacy import services
from seam_scm.privacy.models import BreachIncident, BreachRisk


def make_breach(organization, **fields) -> BreachIncident:
    fields.setdefault("title", "ส่งอีเมลรายชื่อผู้ร้องเรียนผิดผู้รับ")
    fields.setdefault("description", "เจ้าหน้าที่แนบไฟล์รายชื่อผิดฉบับ")
    fields.setdefault("discovered_at", timezone.now() - dt.timedelta(hours=2))
    fields.setdefault("risk", BreachRisk.RISK)
    fields.setdefault("risk_assessment", "ข้อมูลติดต่อของผู้ร้องเรียน 12 ราย อาจถูกนำไปใช้")
    with scope(organization=organization):
        return services.register_breach(organization=organization, **fields)


OBJECT_BUILDERS = {
    "breach_pk": lambda org: make_breach(org).pk,
}
MODEL_BUILDERS = {
    BreachIncident: OBJECT_BUILDERS["breach_pk"],
}
