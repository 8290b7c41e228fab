"""In the browser: download the template, upload a broken file, fix it, confirm the import."""

import io
import re

import pytest
from django_scopes import scope
from openpyxl import load_workbook
from playwright.sync_api import expect

from seam_scm.tenancy.roles import Role
from stakeholders import spreadsheets
from stakeholders.models import Stakeholder, VoiceOfStakeholder

from ..factories import PASSWORD, MembershipFactory, OrganizationFactory
from ..stakeholders.factories import line, profile_row, voice_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill(template: bytes, profiles: list[dict], voices: list[dict]) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    for name, columns, rows in (
        ("stakeholders", spreadsheets.PROFILE_COLUMNS, profiles),
        ("voices", spreadsheets.VOICE_COLUMNS, voices),
    ):
        for row in rows:
            workbook[name].append([row.get(column.key) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_coordinator_imports_profiles_from_the_template(page, tmp_path):
    organization = OrganizationFactory(
        slug="lwa-import", name_th="การประปาทดสอบ", short_name="กปท."
    )
    line(organization, "OPS", name_th="สายงานปฏิบัติการ")
    user = MembershipFactory(organization=organization, role=Role.COORDINATOR).user

    page.goto("/")
    page.get_by_label("อีเมล").fill(user.email)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.goto(f"/o/{organization.slug}/stakeholders/import/")

    with page.expect_download() as download:
        page.get_by_test_id("download-template").click()
    template = download.value.path().read_bytes()

    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(_fill(template, [profile_row(code="S001", influence=7, units="OPS:1")], []))
    page.locator("input[type=file]").set_input_files(str(broken))
    page.get_by_test_id("import-upload").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("stakeholders")
    expect(errors.locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)

    fixed = tmp_path / "fixed.xlsx"
    fixed.write_bytes(
        _fill(
            template,
            [profile_row(code="S001", units="OPS:1"), profile_row(code="S002", group="CUS")],
            [voice_row(stakeholder="S002", owner_unit="OPS")],
        )
    )
    page.get_by_test_id("import-form").locator("input[type=file]").set_input_files(str(fixed))
    page.get_by_test_id("import-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("new-profiles")).to_have_text("2")
    expect(page.get_by_test_id("new-voices")).to_have_text("1")
    page.get_by_test_id("confirm-import").click()

    expect(page).to_have_url(re.compile(rf"/o/{organization.slug}/stakeholders/$"))
    with scope(organization=organization):
        assert sorted(Stakeholder.objects.values_list("code", flat=True)) == ["S001", "S002"]
        assert VoiceOfStakeholder.objects.get().stakeholder.code == "S002"
