"""A coordinator creates a stakeholder profile, records a VOS and sees it on the grid.

The new pages are not translated yet, so their elements are found by name and data-testid.
"""

import re

import pytest
from django_scopes import scope
from playwright.sync_api import expect

from seam_scm.tenancy.models import OrgUnit
from seam_scm.tenancy.roles import Role
from stakeholders.models import StakeholderGroup

from ..factories import PASSWORD, MembershipFactory, OrganizationFactory, OrgUnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_creates_a_profile_records_a_vos_and_sees_it_on_the_grid(page):
    organization = OrganizationFactory(slug="lwa-e2e", name_th="การประปาทดสอบ", short_name="กปท.")
    user = MembershipFactory(organization=organization, role=Role.COORDINATOR).user
    customer_line = OrgUnitFactory(
        organization=organization, kind=OrgUnit.Kind.LINE, code="CS", name_th="สายงานบริการลูกค้า"
    )
    with scope(organization=organization):
        customers = StakeholderGroup.objects.get(code="CUS")

    page.goto("/")
    page.get_by_label("อีเมล").fill(user.email)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    page.goto(f"/o/{organization.slug}/stakeholders/")
    page.get_by_test_id("create-profile").click()
    form = page.get_by_test_id("stakeholder-form")
    form.locator("[name=code]").fill("CUS-99")
    form.locator("[name=name_th]").fill("ผู้ใช้น้ำประเภทธุรกิจ")
    form.locator("[name=side]").select_option("external")
    form.locator("[name=group]").select_option(str(customers.pk))
    form.locator("[name=status]").select_option("private")
    form.locator("[name=source]").select_option("primary")
    form.locator("[name=influence]").fill("5")
    form.locator("[name=interest]").fill("4")
    form.locator("[name=current_level]").select_option("3")
    form.locator("[name=target_level]").select_option("5")
    form.locator("[name='units-0-unit']").select_option(str(customer_line.pk))
    form.locator("[name='units-0-importance_rank']").fill("1")
    form.get_by_test_id("save").click()

    expect(page.get_by_test_id("profile-name")).to_have_text("CUS-99 ผู้ใช้น้ำประเภทธุรกิจ")
    profile_url = page.url

    page.get_by_test_id("add-voice").click()
    form = page.get_by_test_id("voice-form")
    form.locator("[name=polarity][value=negative]").check()
    form.locator("[name=topic]").fill("ความดันน้ำไม่คงที่ช่วงบ่าย")
    form.locator("[name=source]").select_option("complaint")
    form.locator("[name=heard_on]").fill("15/11/2569")
    form.locator("[name=importance]").fill("4")
    form.locator("[name=owner_unit]").select_option(str(customer_line.pk))
    form.get_by_test_id("save").click()

    expect(page.get_by_test_id("negative-voices")).to_contain_text("ความดันน้ำไม่คงที่ช่วงบ่าย")

    page.goto(f"/o/{organization.slug}/stakeholders/grid/")
    grid = page.get_by_test_id("grid")
    cell = grid.locator("[data-testid=cell][data-influence='5'][data-interest='4']")
    expect(cell).to_have_attribute("data-quadrant", "manage_closely")
    dot = cell.get_by_test_id("stakeholder-dot")
    expect(dot).to_have_text("CUS-99")
    expect(grid.get_by_test_id("stakeholder-dot")).to_have_count(1)
    expect(page.get_by_test_id("count-manage_closely")).to_have_text("1")

    page.goto(f"/o/{organization.slug}/stakeholders/vos-matrix/")
    row = page.locator("[data-testid=vos-row][data-group=CUS]")
    expect(row.get_by_test_id("negative")).to_have_text("1")

    page.goto(f"/o/{organization.slug}/stakeholders/grid/")
    page.get_by_test_id("grid").get_by_test_id("stakeholder-dot").click()
    expect(page).to_have_url(profile_url)
    expect(page).to_have_url(re.compile(r"/stakeholders/\d+/$"))
    assert page.external_requests == []
