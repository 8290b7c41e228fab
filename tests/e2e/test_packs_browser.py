"""A board secretary builds a board pack in the browser and takes the PDF away.

Without a broker the pack is built in-process during the POST, so the pack's page opens on a
finished build; the progress bar is the same one that polls while a worker builds. The new
elements are found by test id and field name: their Thai labels come with the translation.
"""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from seam_scm.packs.models import EvidencePack, PackDownload, PackState
from seam_scm.tenancy.roles import Role

from ..approvals.factories import submitted_version
from ..factories import PASSWORD, MembershipFactory, OrganizationFactory
from ..packs.route_builders import make_pack

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_builds_a_board_pack_and_downloads_the_pdf(page):
    organization = OrganizationFactory(slug="lwa-e2e", name_th="การประปาทดสอบ", short_name="กปท.")
    secretary = MembershipFactory(organization=organization, role=Role.SECRETARY).user
    version = submitted_version(organization, title="กฎบัตรการให้บริการลูกค้า")

    page.goto("/")
    page.get_by_label("อีเมล").fill(secretary.email)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    page.goto(f"/o/{organization.slug}/documents/versions/{version.pk}/")
    expect(page.get_by_test_id("status")).to_have_text("เสนอขออนุมัติแล้ว")
    page.get_by_test_id("build-board-pack").click()

    page.locator('input[name="meeting"]').fill("การประชุมคณะกรรมการ ครั้งที่ 5/2570")
    page.locator('input[name="meeting_date"]').fill("15/01/2570")
    page.locator('input[name="agenda_item"]').fill("4.2")
    page.get_by_test_id("build-pack").click()

    expect(page).to_have_url(re.compile(rf"/o/{organization.slug}/packs/\d+/$"))
    progress = page.get_by_role("progressbar")
    expect(progress).to_have_attribute("aria-valuenow", "100", timeout=60_000)
    expect(page.get_by_test_id("pack-state")).to_have_attribute("data-state", "done")
    expect(page.get_by_test_id("pack-meeting")).to_have_text("การประชุมคณะกรรมการ ครั้งที่ 5/2570")

    with page.expect_download() as download_info:
        page.get_by_test_id("pack-download").click()
    download = download_info.value
    with scopes_disabled():
        pack = EvidencePack.objects.get(organization=organization)
    assert download.suggested_filename == f"{pack.reference}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    with scopes_disabled():
        logged = PackDownload.objects.get(pack=pack)
    assert (logged.user_id, logged.role, logged.sha256) == (
        secretary.pk,
        Role.SECRETARY,
        pack.sha256,
    )

    page.get_by_test_id("packs-link").click()
    expect(page.get_by_test_id("pack-row")).to_have_attribute("data-reference", pack.reference)
    assert page.external_requests == []


def test_the_progress_bar_follows_a_build_running_in_a_worker(page):
    """The pack's page polls the row every second: what a worker writes shows up unasked."""
    organization = OrganizationFactory(slug="lwa-e2e", name_th="การประปาทดสอบ", short_name="กปท.")
    secretary = MembershipFactory(organization=organization, role=Role.SECRETARY).user
    pack = make_pack(organization, state=PackState.RUNNING, progress=20, requested_by=secretary)

    page.goto("/")
    page.get_by_label("อีเมล").fill(secretary.email)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.goto(f"/o/{organization.slug}/packs/{pack.pk}/")
    progress = page.get_by_role("progressbar")
    expect(progress).to_have_attribute("aria-valuenow", "20")
    expect(page.get_by_test_id("pack-download")).to_have_count(0)

    # The worker's conditional UPDATEs, as services.report_progress and the finish make them.
    with scopes_disabled():
        EvidencePack.objects.filter(pk=pack.pk).update(progress=60, step="Appending")
    expect(progress).to_have_attribute("aria-valuenow", "60")
    with scopes_disabled():
        EvidencePack.objects.filter(pk=pack.pk).update(
            state=PackState.DONE,
            progress=100,
            step="",
            file=make_pack(organization).file.name,
            sha256="ab" * 32,
            page_count=3,
            size=1234,
        )
    expect(progress).to_have_attribute("aria-valuenow", "100")
    expect(page.get_by_test_id("pack-download")).to_be_visible()
    # Finished: the partial no longer polls.
    expect(page.get_by_test_id("pack-status")).not_to_have_attribute("hx-trigger", re.compile("."))
