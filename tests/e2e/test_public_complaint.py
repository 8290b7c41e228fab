"""A member of the public, not logged in, files a complaint through an organization's public
form, gets its reference and follows the tracking link to its status.

The new pages are not translated yet, so their elements are found by name and data-testid.
"""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from complaints.models import CaseSource, ComplaintCase

from ..complaints import factories as f
from ..factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_files_a_complaint_and_follows_its_tracking_link(page):
    organization = OrganizationFactory(slug="pwa-e2e", name_th="การประปาทดสอบ", short_name="กปท.")
    f.approved_policy(organization)

    page.goto(f"/p/complaints/{organization.slug}/")
    expect(page.get_by_test_id("privacy-notice")).to_be_visible()
    form = page.get_by_test_id("public-complaint-form")
    form.locator("[name=category]").select_option(label="คุณภาพการให้บริการ")
    form.locator("[name=subject]").fill("น้ำไม่ไหลทั้งซอย")
    form.locator("[name=description]").fill("ตั้งแต่เช้าวันนี้ น้ำไม่ไหลทั้งซอย 5 ยังไม่มีประกาศแจ้ง")
    form.locator("[name=complainant_name]").fill("สมชาย รักดี")
    form.locator("[name=complainant_phone]").fill("081 234 5678")
    page.get_by_test_id("public-complaint-submit").click()

    with scopes_disabled():
        case = ComplaintCase.objects.get(organization=organization)
    assert case.source == CaseSource.PUBLIC_FORM
    expect(page.get_by_test_id("public-case-reference")).to_have_text(case.reference)
    expect(page.locator("[role=status]")).to_contain_text(case.reference)
    link = page.get_by_test_id("public-tracking-link").get_by_role("link")
    expect(link).to_have_text(re.compile(rf"/p/complaints/track/{case.tracking_token}/$"))

    # Later, from the saved link: the status, never the content.
    link.click()
    expect(page).to_have_url(re.compile(rf"/p/complaints/track/{case.tracking_token}/$"))
    expect(page.get_by_test_id("public-case-reference")).to_have_text(case.reference)
    expect(page.get_by_test_id("public-case-state")).to_be_visible()
    expect(page.locator("[role=status]")).to_have_count(0)  # the notice was shown once
    expect(page.locator("main")).not_to_contain_text("น้ำไม่ไหลทั้งซอย")
    expect(page.locator("main")).not_to_contain_text("สมชาย รักดี")

    page.get_by_test_id("public-language-switch").click()
    expect(page).to_have_url(re.compile(rf"/p/complaints/track/{case.tracking_token}/en/$"))
    expect(page.get_by_test_id("public-case-state")).to_have_text("Received")
    assert page.external_requests == []
