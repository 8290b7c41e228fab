"""An anonymous visitor opens the published customer service charter of an organization,
finds its QR code and switches to English. No login: the page is public on purpose."""

import re

import pytest
from playwright.sync_api import expect

from ..customers import factories as f
from ..factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_anonymous_visitor_reads_the_published_charter_and_finds_the_qr_code(page):
    organization = OrganizationFactory(slug="lwa-e2e", name_th="การประปาทดสอบ", short_name="กปท.")
    version = f.make_full_charter(organization)
    f.approve_charter(organization, version, publish=True)

    page.goto(f"/p/charter/{organization.slug}/")
    expect(page.get_by_test_id("charter-title")).to_have_text("กฎบัตรและมาตรฐานการให้บริการลูกค้า")
    expect(page.get_by_test_id("public-standards")).to_contain_text("การขอติดตั้งประปาใหม่")
    expect(page.get_by_test_id("public-commitments")).to_contain_text("ให้บริการด้วยความสุภาพ")

    qr = page.locator("img[src$='qr.svg']")
    expect(qr).to_have_count(1)
    expect(qr).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
    assert qr.evaluate("img => img.naturalWidth") > 0

    page.get_by_test_id("charter-language-switch").click()
    expect(page).to_have_url(re.compile(rf"/p/charter/{organization.slug}/en/$"))
    expect(page.get_by_test_id("public-standards")).to_contain_text("New water connection")
    expect(page.get_by_test_id("charter-title")).to_have_text(
        "Customer Service Charter and Service Standards"
    )
    english_qr = page.locator("img[src$='/en/qr.svg']")
    expect(english_qr).to_have_count(1)
    assert page.external_requests == []
