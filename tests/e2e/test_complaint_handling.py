"""A handler records a complaint and takes it through its ISO 10002 lifecycle to closure in the
browser: acknowledge, assess, investigate, respond and close, each step on the timeline.

The editor works in the English interface, and the elements are found by name, role and
data-testid rather than by Thai labels that the translation pass will still change."""

import pytest
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from complaints.models import CaseEvent, ComplaintCase
from seam_scm.privacy import services as privacy_services
from seam_scm.tenancy.models import OrgUnit
from seam_scm.tenancy.roles import Role

from ..complaints.factories import CLOSING, RESPONSE, approved_policy, category, channel
from ..factories import PASSWORD, MembershipFactory, OrganizationFactory, OrgUnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_handler_takes_a_complaint_from_receipt_to_closure(page):
    organization = OrganizationFactory(slug="pwa-cases", name_th="การประปาทดสอบ", short_name="กปท.")
    editor = MembershipFactory(organization=organization, role=Role.EDITOR).user
    editor.language = "en"
    editor.save()
    unit = OrgUnitFactory(
        organization=organization, kind=OrgUnit.Kind.LINE, code="CS", name_th="สายงานบริการลูกค้า"
    )
    policy = approved_policy(organization)
    counter = channel(policy, "call_center")
    billing = category(policy, "BIL")
    with scope(organization=organization):
        public_task = privacy_services.purpose_for_basis("complaints", "public_task")

    page.goto("/")
    page.get_by_label("อีเมล").fill(editor.email)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    # Record the complaint: received now (the form's default), by the call center.
    page.goto(f"/o/{organization.slug}/complaints/cases/")
    expect(page.get_by_test_id("empty")).to_be_visible()
    page.get_by_test_id("create-case").click()
    form = page.get_by_test_id("case-form")
    expect(form.locator("[name=received_at_0]")).not_to_be_empty()
    form.locator("[name=channel]").select_option(str(counter.pk))
    form.locator("[name=category]").select_option(str(billing.pk))
    form.locator("[name=subject]").fill("ค่าน้ำเดือนตุลาคมสูงผิดปกติ")
    form.locator("[name=description]").fill("ใบแจ้งหนี้สูงกว่าปกติสามเท่า ไม่มีการรั่วในบ้าน")
    form.locator("[name=complainant_name]").fill("นางสาวสมศรี ใจดี")
    form.locator("[name=complainant_phone]").fill("0812345678")
    # The purpose of processing, whose lawful basis (public task) the case takes.
    form.locator("[name=processing_activity]").select_option(str(public_task.pk))
    form.get_by_test_id("save").click()

    expect(page.get_by_test_id("case-subject")).to_have_text("ค่าน้ำเดือนตุลาคมสูงผิดปกติ")
    expect(page.get_by_test_id("case-state")).to_have_attribute("data-state", "received")
    expect(page.get_by_test_id("sla-acknowledgement").first).to_be_visible()
    with scopes_disabled():
        case = ComplaintCase.objects.get(organization=organization)
    expect(page.get_by_test_id("case-reference")).to_have_text(case.reference)

    def step(action: str, fill=None) -> None:
        page.get_by_test_id(f"move-{action}").click()
        move_form = page.get_by_test_id("move-form")
        expect(move_form).to_have_attribute("data-move", action)
        if fill:
            fill(move_form)
        move_form.get_by_test_id("save").click()
        expect(page.get_by_test_id("timeline").get_by_test_id("event").last).to_have_attribute(
            "data-action", action
        )

    step("acknowledge")
    expect(page.get_by_test_id("case-state")).to_have_attribute("data-state", "acknowledged")
    expect(page.get_by_test_id("sla-acknowledgement").first).to_have_attribute("data-status", "met")

    def assess(form):
        form.locator("[name=severity]").select_option("high")
        form.locator("[name=unit]").select_option(str(unit.pk))
        form.locator("[name=handler]").select_option(str(editor.pk))
        form.locator("[name=note]").fill("ตรวจสอบประวัติการใช้น้ำย้อนหลัง")

    step("assess", assess)
    expect(page.get_by_test_id("unit")).to_contain_text("สายงานบริการลูกค้า")
    expect(page.get_by_test_id("case-severity")).to_have_text("High")

    step("investigate", lambda form: form.locator("[name=note]").fill("ส่งช่างตรวจมิเตอร์"))

    def respond(form):
        form.locator("[name=decision]").fill(RESPONSE["decision"])
        form.locator("[name=decision_channel]").fill(RESPONSE["decision_channel"])

    step("respond", respond)
    expect(page.get_by_test_id("decision")).to_contain_text(RESPONSE["decision"])

    def close(form):
        form.locator("[name=remedy]").fill(CLOSING["remedy"])
        form.locator("[name=root_cause]").fill(CLOSING["root_cause"])
        form.locator("[name=corrective_action]").fill(CLOSING["corrective_action"])
        form.locator("[name=satisfaction]").select_option("5")

    step("close", close)

    state = page.get_by_test_id("case-state")
    expect(state).to_have_attribute("data-state", "closed")
    expect(state).to_have_text("Closed")
    expect(page.get_by_test_id("satisfaction")).to_have_text("5 / 5")
    events = page.get_by_test_id("timeline").get_by_test_id("event")
    expect(events).to_have_count(6)
    actions = [events.nth(n).get_attribute("data-action") for n in range(6)]
    assert actions == ["receive", "acknowledge", "assess", "investigate", "respond", "close"]
    expect(events.nth(3)).to_contain_text("ส่งช่างตรวจมิเตอร์")
    expect(events.nth(5)).to_contain_text("Responded → Closed")
    expect(page.get_by_test_id("case-actions").get_by_test_id("move-reopen")).to_be_visible()

    with scope(organization=organization):
        case = ComplaintCase.objects.get(pk=case.pk)
        assert (case.state, case.severity, case.unit, case.handler) == (
            "closed",
            "high",
            unit,
            editor,
        )
        assert case.acknowledged_in_time and case.resolved_in_time
        assert CaseEvent.objects.filter(case=case, by=editor).count() == 6

    # Back in the list, the case is closed and met its standard.
    page.goto(f"/o/{organization.slug}/complaints/cases/?state=closed")
    rows = page.get_by_test_id("case-list").get_by_test_id("case-row")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_test_id("case-state")).to_have_attribute("data-state", "closed")
    expect(rows.first.get_by_test_id("sla-resolution")).to_have_attribute("data-status", "met")

    assert page.external_requests == []
