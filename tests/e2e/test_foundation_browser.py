import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from seam_scm.tenancy.demo import DEMO_PASSWORD, SHARED_ASSESSOR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email: str) -> None:
    page.goto("/")
    page.get_by_label("อีเมล").fill(email)
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def test_assessor_logs_in_switches_organization_and_sees_thai_home(page):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    log_in(page, SHARED_ASSESSOR[0])

    # An assessor of two enterprises chooses one first.
    expect(page.get_by_role("heading", name="เลือกองค์กร")).to_be_visible()
    page.locator("main").get_by_role("link", name=re.compile("การประปาท้องถิ่น")).click()
    expect(page.locator("h1")).to_have_text("การประปาท้องถิ่น")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.get_by_test_id("fiscal-year")).to_contain_text("ปีงบประมาณ")

    page.get_by_test_id("org-switcher").get_by_role("button").click()
    page.get_by_role("link", name=re.compile("ธนาคารเพื่อวิสาหกิจชุมชน")).click()
    expect(page.locator("h1")).to_have_text("ธนาคารเพื่อวิสาหกิจชุมชน")
    expect(page).to_have_url(re.compile(r"/o/ceb/$"))
    expect(page.get_by_role("link", name="ผู้มีส่วนได้ส่วนเสีย")).to_be_visible()

    # Sarabun is vendored and applied; nothing was fetched from outside.
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith('"Sarabun"') or font.startswith("Sarabun")
    assert page.evaluate("document.fonts.check('16px Sarabun', 'ก')")
    assert page.external_requests == []


def test_english_switch_and_back(page):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    log_in(page, "coordinator@lwa.example")
    expect(page.locator("h1")).to_have_text("การประปาท้องถิ่น")

    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Local Waterworks Authority")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("button", name="ภาษาไทย").click()
    expect(page.locator("h1")).to_have_text("การประปาท้องถิ่น")


def test_api_docs_work_offline(page, django_user_model):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    log_in(page, "viewer@ceb.example")
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .title")).to_contain_text("SE-AM SCM Evidence Hub API")
    assert page.external_requests == []
