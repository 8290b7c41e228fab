"""An editor records a VOC through the form and finds it in the list and on its own page.

The new pages are not translated yet, so their elements are found by name and data-testid.
"""

import pytest
from django_scopes import scope
from playwright.sync_api import expect

from customers.models import VoiceOfCustomer
from seam_scm.tenancy.models import OrgUnit
from seam_scm.tenancy.roles import Role

from ..customers.factories import make_channel, make_segment
from ..factories import PASSWORD, MembershipFactory, OrganizationFactory, OrgUnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_records_a_voc_and_sees_it_in_the_list_and_on_its_page(page):
    organization = OrganizationFactory(slug="pwa-e2e", name_th="การประปาทดสอบ", short_name="กปท.")
    user = MembershipFactory(organization=organization, role=Role.EDITOR).user
    unit = OrgUnitFactory(
        organization=organization, kind=OrgUnit.Kind.LINE, code="CS", name_th="สายงานบริการลูกค้า"
    )
    segment = make_segment(organization, code="RES", name_th="ผู้ใช้น้ำประเภทที่พักอาศัย")
    channel = make_channel(organization, code="CC1662", name_th="ศูนย์บริการลูกค้า 1662")

    page.goto("/")
    page.get_by_label("อีเมล").fill(user.email)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    # Into customer management, then to the VOC list through its sub-navigation.
    page.goto(f"/o/{organization.slug}/customers/segments/")
    nav = page.get_by_test_id("customer-nav")
    nav.locator(f"a[href='/o/{organization.slug}/customers/voc/']").click()
    expect(page).to_have_url(f"{page.url.split('/o/')[0]}/o/{organization.slug}/customers/voc/")
    expect(page.get_by_test_id("empty")).to_be_visible()

    page.get_by_test_id("create-voc").click()
    form = page.get_by_test_id("voc-form")
    form.locator("[name=topic]").fill("แรงดันน้ำต่ำช่วงเย็นในหมู่บ้าน")
    form.locator("[name=description]").fill("ลูกค้าโทรแจ้งหลายรายในสัปดาห์เดียวกัน")
    form.locator("[name=channel]").select_option(str(channel.pk))
    form.locator("[name=segment]").select_option(str(segment.pk))
    form.locator("[name=category]").select_option("product_service")
    form.locator("[name=importance]").fill("5")
    form.locator("[name=sentiment][value=negative]").check()
    form.locator("[name=heard_on]").fill("12/11/2569")
    form.locator("[name=status]").select_option("responded")
    form.locator("[name=action_taken]").fill("ปรับตั้งแรงดันสถานีสูบจ่ายน้ำ")
    form.locator("[name=response_owner]").select_option(str(unit.pk))
    form.locator("[name=responded_on]").fill("20/11/2569")
    form.get_by_test_id("save").click()

    # The VOC's own page.
    expect(page.get_by_test_id("voc-topic")).to_have_text("แรงดันน้ำต่ำช่วงเย็นในหมู่บ้าน")
    expect(page.get_by_test_id("heard-on")).to_contain_text("12 พ.ย. 2569")
    expect(page.get_by_test_id("importance")).to_have_text("5 / 5")
    expect(page.get_by_test_id("voc-response")).to_contain_text("ปรับตั้งแรงดันสถานีสูบจ่ายน้ำ")
    expect(page.get_by_test_id("history").locator("li")).to_have_count(1)
    with scope(organization=organization):
        voc = VoiceOfCustomer.objects.get()
    assert (voc.status, voc.response_owner_id) == ("responded", unit.pk)

    # The list, searched in Thai.
    page.get_by_test_id("customer-nav").locator(
        f"a[href='/o/{organization.slug}/customers/voc/']"
    ).click()
    rows = page.get_by_test_id("voc-list").get_by_test_id("voc-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("แรงดันน้ำต่ำช่วงเย็นในหมู่บ้าน")
    expect(rows.first).to_contain_text("12 พ.ย. 2569")
    page.get_by_test_id("voc-filters").locator("[name=q]").fill("แรงดันน้ำ")
    page.get_by_test_id("voc-filters").get_by_role("button").first.click()
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link").click()
    expect(page.get_by_test_id("voc-topic")).to_have_text("แรงดันน้ำต่ำช่วงเย็นในหมู่บ้าน")

    assert page.external_requests == []
