"""An assessor opens the complaint KPIs, switches to quarters by channel and downloads the Excel
file: charts drawn on the server, nothing fetched from elsewhere, no complainant's data.

The new page is not translated yet, so its elements are found by data-testid and names."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from seam_scm.personal_data import LawfulBasis
from seam_scm.tenancy.roles import Role

from ..complaints.factories import make_case, move
from ..factories import PASSWORD, MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BANGKOK = ZoneInfo("Asia/Bangkok")


def test_assessor_reads_the_kpis_and_exports_them(page, tmp_path):
    organization = OrganizationFactory(slug="pwa-kpi", name_th="การประปาทดสอบ", short_name="กปท.")
    assessor = MembershipFactory(organization=organization, role=Role.ASSESSOR).user
    first = make_case(
        organization,
        received_at=dt.datetime(2026, 2, 2, 9, 0, tzinfo=BANGKOK),
        complainant_name="สมหญิง รักสะอาด",
        complainant_phone="0812345678",
        lawful_basis=LawfulBasis.CONTRACT,
    )
    move(first, "acknowledge", at=dt.datetime(2026, 2, 2, 10, 0, tzinfo=BANGKOK))
    make_case(
        organization,
        received_at=dt.datetime(2026, 2, 3, 9, 0, tzinfo=BANGKOK),
        channel_kind="email",
    )

    page.goto("/")
    page.get_by_label("อีเมล").fill(assessor.email)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.goto(f"/o/{organization.slug}/complaints/kpis/?fy=2569")

    february = page.locator("[data-testid=kpi-row][data-period='2026-02']")
    expect(february.locator("[data-kpi=volume]")).to_have_text("2")
    # C1 acknowledged in time; C2 unacknowledged and long past its due time: 1 ÷ 2.
    expect(february.locator("[data-kpi=acknowledged_in_time_percent]")).to_contain_text("50.0%")
    expect(page.locator("#kpi-chart-volume svg")).to_be_visible()
    expect(page.locator("#kpi-chart-volume svg title")).to_have_count(1 + 12)
    expect(page.get_by_test_id("kpi-definitions")).to_be_visible()

    filters = page.get_by_test_id("kpi-filters")
    filters.locator("[name=period]").select_option("quarter")
    filters.locator("[name=by]").select_option("channel")
    filters.get_by_role("button").click()
    expect(page.locator("#kpi-chart-groups svg")).to_be_visible()
    expect(page.locator("[data-testid=kpi-row][data-period='2569-Q2']")).to_have_count(2)
    assert "สมหญิง" not in page.content()
    assert "0812345678" not in page.content()

    with page.expect_download() as download_info:
        page.get_by_test_id("kpi-export").click()
    download = download_info.value
    assert download.suggested_filename == "complaint-kpis-pwa-kpi-2569-quarter-channel.xlsx"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    workbook = load_workbook(io.BytesIO(target.read_bytes()))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[-1][2] == 2  # everything: two cases
    assert page.external_requests == []
