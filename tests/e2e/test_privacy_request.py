"""A coordinator answers a data subject's access request end to end in the browser: registers
it, verifies the requester's identity, finds the complaint and the stakeholder contact that hold
the person's data, downloads them as JSON and finishes the request within the 30 days.

The coordinator works in the English interface, and the elements are found by name and
data-testid rather than by Thai labels that the translation pass will still change."""

import json

import pytest
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from seam_scm.privacy.models import AccessKind, DataSubjectRequest, PersonalDataAccess
from seam_scm.tenancy.roles import Role
from stakeholders.models import Representative

from ..complaints.factories import make_case
from ..factories import PASSWORD, MembershipFactory, OrganizationFactory
from ..stakeholders.factories import make_stakeholder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "somsri.j@example.com"


def test_coordinator_answers_an_access_request_end_to_end(page, tmp_path):
    organization = OrganizationFactory(slug="pwa-dsr", name_th="การประปาทดสอบ", short_name="กปท.")
    coordinator = MembershipFactory(organization=organization, role=Role.COORDINATOR).user
    coordinator.language = "en"
    coordinator.save()
    case = make_case(
        organization,
        complainant_name="นางสาวสมศรี ใจดี",
        complainant_phone="0812345678",
        complainant_email=EMAIL,
        lawful_basis="public_task",
    )
    stakeholder = make_stakeholder(
        organization, representatives=[{"name": "คุณสมศรี ใจดี", "email": EMAIL}]
    )
    with scope(organization=organization):
        representative = Representative.objects.get(stakeholder=stakeholder)

    page.goto("/")
    page.get_by_label("อีเมล").fill(coordinator.email)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    # Register the request: received now (the form's default), identity not checked yet.
    page.goto(f"/o/{organization.slug}/privacy/requests/")
    expect(page.get_by_test_id("empty")).to_be_visible()
    page.get_by_test_id("create-request").click()
    form = page.get_by_test_id("request-form")
    expect(form.locator("[name=received_at_0]")).not_to_be_empty()
    form.locator("[name=kind]").select_option("access")
    form.locator("[name=subject_name]").fill("นางสาวสมศรี ใจดี")
    form.locator("[name=subject_email]").fill(EMAIL)
    form.locator("[name=details]").fill("ขอสำเนาข้อมูลส่วนบุคคลทั้งหมดที่องค์กรเก็บไว้")
    form.get_by_test_id("save").click()

    with scopes_disabled():
        data_request = DataSubjectRequest.objects.get(organization=organization)
    expect(page.get_by_test_id("request-reference")).to_have_text(data_request.reference)
    expect(page.get_by_test_id("request-status")).to_have_attribute("data-status", "received")
    expect(page.get_by_test_id("request-clock")).to_have_text("30 days left")
    expect(page.get_by_test_id("identity")).to_have_attribute("data-verified", "no")
    expect(page.get_by_test_id("export-unverified")).to_be_visible()

    # Verify the requester's identity.
    page.get_by_test_id("edit-request").click()
    form = page.get_by_test_id("request-form")
    form.locator("[name=identity_verified]").check()
    form.locator("[name=verification_note]").fill("ตรวจบัตรประชาชนฉบับจริงที่เคาน์เตอร์")
    form.locator("[name=status]").select_option("in_progress")
    form.get_by_test_id("save").click()
    expect(page.get_by_test_id("identity")).to_have_attribute("data-verified", "yes")
    expect(page.get_by_test_id("request-status")).to_have_attribute("data-status", "in_progress")

    # Both records holding the person's data are found.
    held = page.get_by_test_id("held-record")
    expect(held).to_have_count(2)
    case_key = f"complaints.complaintcase:{case.pk}"
    representative_key = f"stakeholders.representative:{representative.pk}"
    expect(page.locator(f"[data-testid=held-record][data-key='{case_key}']")).to_contain_text(
        case.reference
    )
    expect(
        page.locator(f"[data-testid=held-record][data-key='{representative_key}']")
    ).to_be_visible()

    # Download everything (nothing selected: all the records found).
    with page.expect_download() as download_info:
        page.get_by_test_id("export").click()
    download = download_info.value
    assert download.suggested_filename == f"{data_request.reference}-personal-data.json"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    export = json.loads(target.read_text(encoding="utf-8"))
    assert export["request"] == data_request.reference
    records = {(row["module"], row["id"]): row for row in export["records"]}
    assert set(records) == {("complaints", case.pk), ("stakeholders", representative.pk)}
    complaint = records[("complaints", case.pk)]
    assert complaint["personal_data"]["complainant_name"] == "นางสาวสมศรี ใจดี"
    assert complaint["personal_data"]["complainant_phone"] == "0812345678"
    assert complaint["lawful_basis"] == "public_task"
    assert records[("stakeholders", representative.pk)]["personal_data"]["email"] == EMAIL
    with scopes_disabled():
        logged = PersonalDataAccess.objects.get(organization=organization)
        assert (logged.kind, logged.user) == (AccessKind.EXPORT, coordinator)

    # Answer the request: both records are ticked by default.
    page.get_by_test_id("complete-request").click()
    form = page.get_by_test_id("complete-form")
    expect(form.locator("[name=records]:checked")).to_have_count(2)
    form.locator("[name=outcome]").fill("ส่งสำเนาข้อมูลทางอีเมลแล้ว")
    form.get_by_test_id("save").click()

    expect(page.get_by_test_id("request-status")).to_have_attribute("data-status", "completed")
    clock = page.get_by_test_id("request-clock")
    expect(clock).to_have_attribute("data-status", "met")
    expect(clock).to_have_text("Answered within 30 days")
    expect(page.get_by_test_id("outcome")).to_have_text("ส่งสำเนาข้อมูลทางอีเมลแล้ว")
    expect(page.get_by_test_id("record-concerned")).to_have_count(2)
    expect(page.get_by_test_id("what-we-hold")).to_have_count(0)

    # In the register, the request is finished and met its 30 days.
    page.goto(f"/o/{organization.slug}/privacy/requests/?status=completed")
    rows = page.get_by_test_id("request-list").get_by_test_id("request-row")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_test_id("request-clock")).to_have_attribute("data-status", "met")
    with scopes_disabled():
        data_request.refresh_from_db()
        assert data_request.status == "completed"
        assert data_request.handler == coordinator
    assert page.external_requests == []
