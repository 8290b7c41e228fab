"""In the browser: an editor uploads a VOC workbook with a problem, fixes it, confirms the
import and finds the VOC in the VOC list.

The workbook is built in the test with openpyxl (nothing is downloaded); the new pages are
not translated yet, so their elements are found by data-testid.
"""

import re

import pytest
from django_scopes import scope
from playwright.sync_api import expect

from customers.models import SurveyResult, VoiceOfCustomer
from seam_scm.tenancy.roles import Role

from ..customers.factories import (
    customer_workbook,
    make_channel,
    make_segment,
    make_survey,
    result_row,
    voc_row,
)
from ..factories import PASSWORD, MembershipFactory, OrganizationFactory, OrgUnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOPIC = "แรงดันน้ำต่ำช่วงเย็นในหมู่บ้าน"


def test_editor_fixes_a_workbook_imports_it_and_sees_the_voc_in_the_list(page, tmp_path):
    organization = OrganizationFactory(
        slug="pwa-import", name_th="การประปาทดสอบ", short_name="กปท."
    )
    user = MembershipFactory(organization=organization, role=Role.EDITOR).user
    unit = OrgUnitFactory(organization=organization, code="CS", name_th="สายงานบริการลูกค้า")
    make_segment(organization, code="HOME", name_th="ผู้ใช้น้ำประเภทที่พักอาศัย")
    make_channel(organization, code="CALL", name_th="ศูนย์บริการลูกค้า 1662", owner_unit=unit)
    make_survey(organization, title="การสำรวจความพึงพอใจประจำปี 2569")

    page.goto("/")
    page.get_by_label("อีเมล").fill(user.email)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    # From the VOC list to the import page, through the sub-navigation.
    page.goto(f"/o/{organization.slug}/customers/voc/")
    nav = page.get_by_test_id("customer-nav")
    nav.locator(f"a[href='/o/{organization.slug}/customers/import/']").click()
    expect(page.get_by_test_id("download-template")).to_be_visible()

    # A workbook whose VOC names a channel the organization does not have.
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(
        customer_workbook([voc_row(channel="FAX", topic=TOPIC)], [result_row(score=4.4)])
    )
    page.get_by_test_id("import-form").locator("input[type=file]").set_input_files(str(broken))
    page.get_by_test_id("import-upload").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(errors).to_contain_text("voc")
    expect(errors).to_contain_text("FAX")
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)

    # The corrected file, uploaded from the preview page.
    fixed = tmp_path / "fixed.xlsx"
    fixed.write_bytes(
        customer_workbook([voc_row(channel="CALL", topic=TOPIC)], [result_row(score=4.4)])
    )
    page.get_by_test_id("import-form").locator("input[type=file]").set_input_files(str(fixed))
    page.get_by_test_id("import-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("new-voc")).to_have_text("1")
    expect(page.get_by_test_id("new-survey_results")).to_have_text("1")
    expect(page.get_by_test_id("import-voc")).to_contain_text(TOPIC)
    page.get_by_test_id("confirm-import").click()

    # Back on the VOC list, with the imported VOC in it.
    expect(page).to_have_url(re.compile(rf"/o/{organization.slug}/customers/voc/$"))
    rows = page.get_by_test_id("voc-list").get_by_test_id("voc-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(TOPIC)
    expect(rows.first).to_contain_text("ศูนย์บริการลูกค้า 1662")
    assert page.external_requests == []
    with scope(organization=organization):
        assert VoiceOfCustomer.objects.get().topic == TOPIC
        assert SurveyResult.objects.count() == 1
