import hashlib
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from seam_scm.files.demo import sample_pdf

from .test_foundation_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILE_NAME = "รายงานการประชุมผู้มีส่วนได้ส่วนเสีย ครั้งที่ 2-2569.pdf"
CONTENT = sample_pdf(["Stakeholder meeting 2/2569", "Minutes"])


def test_editor_uploads_sees_and_downloads_a_file(page, tmp_path):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    log_in(page, "editor@lwa.example")
    expect(page.locator("h1")).to_have_text("การประปาท้องถิ่น")

    page.locator('.navbar a[href="/o/lwa/files/"]').click()
    expect(page).to_have_url(re.compile(r"/o/lwa/files/$"))
    page.locator('a[href="/o/lwa/files/new/"]').click()

    page.locator("#id_file").set_input_files(
        files=[{"name": FILE_NAME, "mimeType": "application/pdf", "buffer": CONTENT}]
    )
    page.locator("#id_title").fill("รายงานการประชุมผู้มีส่วนได้ส่วนเสีย ครั้งที่ 2/2569")
    page.locator("#id_effective_date").fill("15/06/2569")
    page.locator("main form button[type=submit]").click()

    sha256 = hashlib.sha256(CONTENT).hexdigest()
    expect(page.locator("h1")).to_have_text("รายงานการประชุมผู้มีส่วนได้ส่วนเสีย ครั้งที่ 2/2569")
    expect(page.get_by_test_id("current-sha256")).to_have_text(sha256)
    expect(page.get_by_test_id("versions")).to_contain_text(FILE_NAME)
    expect(page.locator("main")).to_contain_text("15 มิ.ย. 2569")

    with page.expect_download() as download_info:
        page.get_by_test_id("download-current").click()
    download = download_info.value
    assert download.suggested_filename == FILE_NAME
    saved = tmp_path / "downloaded.pdf"
    download.save_as(saved)
    assert hashlib.sha256(Path(saved).read_bytes()).hexdigest() == sha256

    page.locator('.navbar a[href="/o/lwa/files/"]').click()
    row = page.get_by_test_id("file-list").locator("tbody tr", has_text="ครั้งที่ 2/2569")
    expect(row).to_contain_text(FILE_NAME)
    expect(row).to_contain_text("15 มิ.ย. 2569")
    assert page.external_requests == []
