"""The breach register: the 72-hour clock, the rules of recording, notifying and closing an
incident, its reference numbering, its pages, roles and other organizations' ids."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from seam_scm.privacy import breach_services
from seam_scm.privacy.clocks import breach_clock
from seam_scm.privacy.models import BreachIncident, BreachRisk
from seam_scm.tenancy.roles import Role

from ..complaints.factories import member
from .route_builders_breaches import make_breach

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)


def url(organization, suffix: str = "") -> str:
    return f"/o/{organization.slug}/privacy/breaches/{suffix}"


def be_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def moment_fields(name: str, moment: dt.datetime | None) -> dict:
    if moment is None:
        return {f"{name}_0": "", f"{name}_1": ""}
    local = timezone.localtime(moment)
    return {f"{name}_0": be_date(local.date()), f"{name}_1": local.strftime("%H:%M")}


def form_data(**overrides) -> dict:
    """What the coordinator types; times given as datetimes (or None) under their names."""
    values = {
        "title": "ส่งอีเมลรายชื่อผู้ร้องเรียนผิดผู้รับ",
        "description": "เจ้าหน้าที่แนบไฟล์รายชื่อผู้ร้องเรียนผิดฉบับ ส่งถึงผู้รับภายนอก 3 ราย",
        "discovered_at": timezone.now().replace(second=0, microsecond=0) - 5 * HOUR,
        "occurred_at": None,
        "data_categories": "ชื่อ เบอร์โทรศัพท์",
        "subjects_affected": "12",
        "risk": BreachRisk.RISK,
        "risk_assessment": "ข้อมูลติดต่อ 12 ราย อาจถูกนำไปใช้ติดต่อโดยไม่ได้รับอนุญาต",
        "regulator_notified_at": None,
        "late_notification_reason": "",
        "subjects_notified_at": None,
        "notifications": "",
        "actions": "ขอให้ผู้รับลบอีเมล",
        "closed_at": None,
        **overrides,
    }
    data = {}
    for name, value in values.items():
        if name.endswith("_at"):
            data.update(moment_fields(name, value))
        else:
            data[name] = value
    return data


def breaches_of(organization) -> list[BreachIncident]:
    with scopes_disabled():
        return list(BreachIncident.objects.filter(organization=organization).order_by("id"))


def english(user):
    user.language = "en"
    user.save()
    return user


@pytest.fixture
def coordinator(org_a):
    return english(member(org_a, Role.COORDINATOR))


# --- the 72-hour clock -----------------------------------------------------------------------


def incident(**fields) -> BreachIncident:
    discovered = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    return BreachIncident(
        discovered_at=discovered, risk=fields.pop("risk", BreachRisk.RISK), **fields
    )


def test_the_deadline_is_72_hours_after_the_discovery():
    assert incident().regulator_deadline == dt.datetime(2026, 11, 5, 9, 0, tzinfo=dt.UTC)


def test_the_clock_counts_the_hours_left_and_warns_on_the_last_day():
    breach = incident()
    early = breach_clock(breach, now=breach.discovered_at + 10 * HOUR)
    assert (early.status, early.is_alarming) == ("open", False)
    assert "62" in early.text
    last_day = breach_clock(breach, now=breach.regulator_deadline - 5 * HOUR)
    assert last_day.status == "due_soon" and "5" in last_day.text


def test_just_before_the_deadline_it_is_due_and_just_after_it_is_overdue():
    breach = incident()
    before = breach_clock(breach, now=breach.regulator_deadline - MINUTE)
    assert before.status == "due_soon" and not before.is_alarming
    after = breach_clock(breach, now=breach.regulator_deadline + MINUTE)
    assert after.status == "overdue" and after.is_alarming
    later = breach_clock(breach, now=breach.regulator_deadline + 30 * HOUR)
    assert later.status == "overdue" and "30" in later.text


def test_notifying_in_time_meets_the_clock_and_after_it_is_late():
    deadline = incident().regulator_deadline
    on_time = breach_clock(incident(regulator_notified_at=deadline), now=deadline + 100 * HOUR)
    assert on_time.status == "met" and not on_time.is_alarming
    late = breach_clock(incident(regulator_notified_at=deadline + MINUTE))
    assert late.status == "late" and late.is_alarming


def test_no_risk_needs_no_notification():
    breach = incident(risk=BreachRisk.NONE)
    clock = breach_clock(breach, now=breach.regulator_deadline + 100 * HOUR)
    assert clock.status == "not_required" and not clock.is_alarming


def test_a_high_risk_runs_the_same_clock():
    breach = incident(risk=BreachRisk.HIGH)
    assert breach_clock(breach, now=breach.regulator_deadline + HOUR).status == "overdue"


# --- the rules -------------------------------------------------------------------------------


def fields(**overrides) -> dict:
    now = timezone.now()
    return {
        "title": "แฟ้มเอกสารผู้ร้องเรียนสูญหาย",
        "description": "แฟ้มเอกสารหายระหว่างขนย้ายสำนักงาน",
        "discovered_at": now - 5 * HOUR,
        "risk": BreachRisk.RISK,
        "risk_assessment": "มีชื่อและที่อยู่ของผู้ร้องเรียน 40 ราย",
        **overrides,
    }


def create(organization, **overrides) -> BreachIncident:
    with scope(organization=organization):
        return breach_services.create_breach(organization=organization, **fields(**overrides))


def refused(organization, **overrides) -> dict:
    with pytest.raises(ValidationError) as caught:
        create(organization, **overrides)
    return caught.value.message_dict


def test_a_breach_gets_the_next_reference_of_its_year_of_discovery(org_a, org_b):
    now = timezone.now()
    year = timezone.localdate(now).year + 543
    first, second = create(org_a), create(org_a)
    assert first.reference == f"BR{year}-0001"
    assert second.reference == f"BR{year}-0002"
    # Last year's discovery numbers in last year's series; another organization has its own.
    older = create(org_a, discovered_at=now - dt.timedelta(days=400))
    assert older.reference == f"BR{year - 1}-0001"
    assert create(org_b).reference == f"BR{year}-0001"


def test_the_discovery_cannot_be_in_the_future(org_a):
    errors = refused(org_a, discovered_at=timezone.now() + HOUR)
    assert set(errors) == {"discovered_at"}
    assert breaches_of(org_a) == []


def test_the_breach_cannot_occur_after_its_discovery(org_a):
    now = timezone.now()
    assert "occurred_at" in refused(org_a, discovered_at=now - 5 * HOUR, occurred_at=now - HOUR)
    assert create(org_a, occurred_at=now - 50 * HOUR).occurred_at == now - 50 * HOUR


@pytest.mark.parametrize("field", ["regulator_notified_at", "subjects_notified_at", "closed_at"])
def test_notifications_and_closing_come_after_the_discovery_and_not_in_the_future(field, org_a):
    now = timezone.now()
    assert field in refused(org_a, discovered_at=now - 5 * HOUR, **{field: now - 6 * HOUR})
    assert field in refused(org_a, discovered_at=now - 5 * HOUR, **{field: now + HOUR})


def test_a_notification_after_72_hours_needs_a_reason(org_a):
    now = timezone.now()
    late = {"discovered_at": now - 100 * HOUR, "regulator_notified_at": now - 20 * HOUR}
    assert set(refused(org_a, **late)) == {"late_notification_reason"}
    assert "late_notification_reason" in refused(org_a, late_notification_reason="   ", **late)
    kept = create(org_a, late_notification_reason="ต้องตรวจสอบขอบเขตก่อน", **late)
    assert kept.late_notification_reason == "ต้องตรวจสอบขอบเขตก่อน"
    # Within 72 hours nothing needs saying.
    in_time = create(org_a, discovered_at=now - 80 * HOUR, regulator_notified_at=now - 9 * HOUR)
    assert in_time.late_notification_reason == ""


def test_the_risk_assessment_is_always_required(org_a):
    for risk in BreachRisk.values:
        errors = refused(org_a, risk=risk, risk_assessment="  ")
        assert set(errors) == {"risk_assessment"}
    assert breaches_of(org_a) == []


def test_no_risk_closes_without_notifications_but_keeps_its_assessment(org_a):
    now = timezone.now()
    closed = create(org_a, risk=BreachRisk.NONE, closed_at=now - HOUR)
    assert closed.closed_at and closed.risk_assessment


def test_a_risk_closes_only_after_the_regulator_is_notified(org_a):
    now = timezone.now()
    assert set(refused(org_a, risk=BreachRisk.RISK, closed_at=now - HOUR)) == {"closed_at"}
    # Notified after the closing is no better.
    errors = refused(
        org_a, risk=BreachRisk.RISK, regulator_notified_at=now - HOUR, closed_at=now - 2 * HOUR
    )
    assert set(errors) == {"closed_at"}
    ok = create(
        org_a, risk=BreachRisk.RISK, regulator_notified_at=now - 3 * HOUR, closed_at=now - HOUR
    )
    assert ok.closed_at is not None


def test_a_high_risk_closes_only_after_the_data_subjects_are_notified(org_a):
    now = timezone.now()
    notified = {"regulator_notified_at": now - 3 * HOUR}
    errors = refused(org_a, risk=BreachRisk.HIGH, closed_at=now - HOUR, **notified)
    assert list(errors) == ["closed_at"]
    ok = create(
        org_a,
        risk=BreachRisk.HIGH,
        subjects_notified_at=now - 2 * HOUR,
        closed_at=now - HOUR,
        **notified,
    )
    assert ok.closed_at is not None


def test_updating_keeps_the_reference_and_applies_the_same_rules(org_a):
    breach = create(org_a)
    reference = breach.reference
    now = timezone.now()
    with scope(organization=org_a):
        with pytest.raises(ValidationError) as caught:
            breach_services.update_breach(incident=breach, closed_at=now)
        assert "closed_at" in caught.value.message_dict
        breach.refresh_from_db()
        assert breach.closed_at is None
        breach_services.update_breach(
            incident=breach, regulator_notified_at=now - HOUR, closed_at=now - MINUTE
        )
        breach.refresh_from_db()
    assert breach.reference == reference and breach.closed_at is not None
    with scope(organization=org_a):
        assert breach.history.count() == 2


# --- pages -----------------------------------------------------------------------------------


def test_the_coordinator_records_a_breach(org_a, coordinator, client_for):
    client = client_for(coordinator)
    assert client.get(url(org_a, "new/")).status_code == 200
    response = client.post(url(org_a, "new/"), form_data())
    [breach] = breaches_of(org_a)
    assert response.status_code == 302
    assert response["Location"] == url(org_a, f"{breach.pk}/")
    assert breach.reference.startswith(f"BR{timezone.localdate().year + 543}-")
    assert breach.subjects_affected == 12 and breach.risk == BreachRisk.RISK
    page = client.get(response["Location"]).content.decode()
    assert breach.reference in page and 'data-testid="regulator-clock"' in page
    assert 'data-status="open"' in page and "66 hours left" in page


def test_a_refused_breach_shows_the_errors_and_saves_nothing(org_a, coordinator, client_for):
    client = client_for(coordinator)
    future = timezone.now() + 3 * HOUR
    response = client.post(url(org_a, "new/"), form_data(discovered_at=future))
    assert response.status_code == 200
    assert "The discovery cannot be in the future." in response.content.decode()
    response = client.post(url(org_a, "new/"), form_data(risk_assessment=""))
    assert response.context["form"].errors["risk_assessment"]
    assert breaches_of(org_a) == []


def test_the_form_explains_a_late_notification(org_a, coordinator, client_for):
    now = timezone.now().replace(second=0, microsecond=0)
    data = form_data(discovered_at=now - 100 * HOUR, regulator_notified_at=now - 2 * HOUR)
    response = client_for(coordinator).post(url(org_a, "new/"), data)
    errors = response.context["form"].errors
    assert "72 hours" in errors["late_notification_reason"][0]
    assert breaches_of(org_a) == []


def test_the_coordinator_edits_and_closes_a_breach(org_a, coordinator, client_for):
    breach = make_breach(org_a, discovered_at=timezone.now() - 10 * HOUR)
    client = client_for(coordinator)
    edit = client.get(url(org_a, f"{breach.pk}/edit/"))
    assert edit.status_code == 200 and breach.title in edit.content.decode()
    now = timezone.now().replace(second=0, microsecond=0)
    closing = {"discovered_at": breach.discovered_at, "closed_at": now - MINUTE}
    response = client.post(url(org_a, f"{breach.pk}/edit/"), form_data(**closing))
    assert "Notify the regulator before closing" in response.content.decode()
    breach.refresh_from_db()
    assert breach.closed_at is None
    closing["regulator_notified_at"] = now - 2 * HOUR
    response = client.post(url(org_a, f"{breach.pk}/edit/"), form_data(**closing))
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.closed_at is not None and breach.regulator_notified_at is not None
    page = client.get(url(org_a, f"{breach.pk}/")).content.decode()
    assert 'data-status="met"' in page and "Regulator notified within 72 hours" in page


def test_the_detail_shows_an_overdue_clock_and_no_risk(org_a, coordinator, client_for):
    overdue = make_breach(org_a, discovered_at=timezone.now() - 80 * HOUR)
    calm = make_breach(org_a, risk=BreachRisk.NONE, risk_assessment="ข้อมูลเข้ารหัสไว้ทั้งหมด")
    client = client_for(coordinator)
    page = client.get(url(org_a, f"{overdue.pk}/")).content.decode()
    assert 'data-status="overdue"' in page and "8 hours past the deadline" in page
    page = client.get(url(org_a, f"{calm.pk}/")).content.decode()
    assert 'data-status="not_required"' in page and "ข้อมูลเข้ารหัสไว้ทั้งหมด" in page


def test_the_list_shows_open_breaches_first(org_a, coordinator, client_for):
    now = timezone.now()
    closed = make_breach(
        org_a,
        discovered_at=now - 3 * HOUR,
        risk=BreachRisk.NONE,
        closed_at=now - HOUR,
        title="ปิดแล้ว",
    )
    older_open = make_breach(org_a, discovered_at=now - 50 * HOUR, title="เปิดอยู่เก่า")
    newer_open = make_breach(org_a, discovered_at=now - 5 * HOUR, title="เปิดอยู่ใหม่")
    response = client_for(coordinator).get(url(org_a))
    body = response.content.decode()
    assert response.status_code == 200
    positions = [
        body.index(f'data-reference="{b.reference}"') for b in (newer_open, older_open, closed)
    ]
    assert positions == sorted(positions)
    assert body.count('data-testid="breach-clock"') == 3


def test_the_list_is_empty_at_first(org_a, coordinator, client_for):
    body = client_for(coordinator).get(url(org_a)).content.decode()
    assert 'data-testid="empty"' in body


# --- roles and organizations -----------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.EDITOR, Role.SECRETARY, Role.ASSESSOR, Role.VIEWER])
def test_only_the_coordinator_reaches_the_register(role, org_a, client_for):
    breach = make_breach(org_a)
    client = client_for(member(org_a, role))
    for page in (
        url(org_a),
        url(org_a, "new/"),
        url(org_a, f"{breach.pk}/"),
        url(org_a, f"{breach.pk}/edit/"),
    ):
        assert client.get(page).status_code == 403, page
    assert client.post(url(org_a, "new/"), form_data()).status_code == 403
    assert client.post(url(org_a, f"{breach.pk}/edit/"), form_data()).status_code == 403
    assert len(breaches_of(org_a)) == 1


def test_another_organizations_breach_is_not_found(org_a, org_b, client_for):
    theirs = make_breach(org_b, title="ของอีกองค์กร")
    client = client_for(member(org_a, Role.COORDINATOR))
    assert client.get(url(org_a, f"{theirs.pk}/")).status_code == 404
    assert client.get(url(org_a, f"{theirs.pk}/edit/")).status_code == 404
    assert client.post(url(org_a, f"{theirs.pk}/edit/"), form_data()).status_code == 404
    assert "ของอีกองค์กร" not in client.get(url(org_a)).content.decode()
    theirs_now = breaches_of(org_b)[0]
    assert theirs_now.title == "ของอีกองค์กร"
