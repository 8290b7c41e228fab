"""What a reader finds in a rendered pack: pages, bookmarks, headers, included files."""

import hashlib
import io

import openpyxl
import pikepdf
import pytest
from django.utils import translation
from django_scopes import scope

from seam_scm.packs.kinds import IncludedFile
from seam_scm.packs.rendering import PackError

from ..files.factories import make_attachment
from .pdf_reading import evidence_pdf, outline_titles, page_texts, poppler_page, squeeze
from .rendering_helpers import render_sample, sample_templates  # noqa: F401

pytestmark = pytest.mark.django_db

THREE_PAGES = evidence_pdf(["หลักฐานหน้าแรก", "หน้าสอง", "หน้าสาม"])


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["ช่องทาง", "จำนวนข้อร้องเรียน"])
    book.active.append(["Call Center 1662", 123])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


WORKBOOK = _workbook()


@pytest.fixture
def included(org_a):
    appended = make_attachment(org_a, name="รายงานผลสำรวจ.pdf", content=THREE_PAGES)
    attached = make_attachment(org_a, name="ข้อมูลดิบ.xlsx", content=WORKBOOK)
    with scope(organization=org_a):
        return [
            IncludedFile(version=appended.versions.get(), label="รายงานผลสำรวจ", section="CM 1.1"),
            IncludedFile(version=attached.versions.get(), label="ข้อมูลดิบ", section="CM 1.1"),
        ]


@pytest.fixture
def rendered(tmp_path, org_a, included, sample_templates):  # noqa: F811
    with scope(organization=org_a), translation.override("en"):
        rendered, steps = render_sample(tmp_path, paragraphs=["กำไร การ"] * 5, files=included)
    return rendered, steps


def test_appended_pages_count_in_the_page_total(rendered):
    pack, _steps = rendered
    # cover, contents, the section, three appended pages, the note on the attached file
    # (after the appended pages, on a page of its own), the manifest
    assert pack.page_count == 8
    with pikepdf.open(pack.path) as pdf:
        assert len(pdf.pages) == 8
        width, height = (float(value) for value in pdf.pages[0].mediabox[2:])
        assert (round(width), round(height)) == (595, 842)  # A4


def test_every_page_after_the_cover_has_header_and_page_x_of_y(rendered):
    pack, _steps = rendered
    texts = page_texts(pack.path)
    assert "Page" not in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert f"Page {number} of 8" in text
        assert "PK2570-0001" in text and "การประปาท้องถิ่น" in text


def test_appended_pages_keep_the_evidence_text_in_place(rendered):
    pack, _steps = rendered
    texts = page_texts(pack.path)
    assert "File 1: รายงานผลสำรวจ (page 1 of 3)" in texts[3]
    assert "หลักฐานหน้าแรก" in texts[3]
    assert "File 1: รายงานผลสำรวจ (page 3 of 3)" in texts[5]


def test_bookmarks_name_the_sections_and_the_appended_file(rendered):
    pack, _steps = rendered
    titles = [title for _depth, title in outline_titles(pack.path)]
    assert "Contents" in titles
    assert "ข้อความทดสอบ" in titles
    assert "หลักฐานที่แนบ" in titles
    assert any(title.startswith("File 1: รายงานผลสำรวจ") for title in titles)
    assert "Manifest of included files" in titles


def test_table_of_contents_gives_page_numbers(rendered):
    pack, _steps = rendered
    lines = [line.split() for line in poppler_page(pack.path, 2).splitlines() if "..." in line]
    assert [(line[0], line[-1]) for line in lines] == [
        ("ข้อความทดสอบ", "3"),
        ("หลักฐานที่แนบ", "3"),
        ("Manifest", "8"),
    ]


def test_other_files_are_attached_byte_for_byte(rendered):
    pack, _steps = rendered
    with pikepdf.open(pack.path) as pdf:
        attachments = dict(pdf.attachments)
        assert list(attachments) == ["002-ข้อมูลดิบ.xlsx"]
        assert attachments["002-ข้อมูลดิบ.xlsx"].get_file().read_bytes() == WORKBOOK


def test_manifest_lists_each_file_with_its_stored_sha256(rendered, included):
    pack, _steps = rendered
    manifest = squeeze(page_texts(pack.path)[-1])
    for file in included:
        assert file.sha256 == file.version.sha256
        assert file.sha256 == hashlib.sha256(file.path.read_bytes()).hexdigest()
        assert file.sha256 in manifest
    assert "3pagesappended" in manifest and "PDFattachment" in manifest


def test_progress_is_reported_in_order(rendered):
    _pack, steps = rendered
    percents = [percent for percent, _step in steps]
    assert percents == sorted(percents) and percents[-1] >= 90


def test_a_file_altered_in_storage_stops_the_build(tmp_path, org_a, included, sample_templates):  # noqa: F811
    version = included[0].version
    with version.file.storage.open(version.file.name, "wb") as stored:
        stored.write(b"%PDF-1.4 tampered")
    with scope(organization=org_a), pytest.raises(PackError, match="SHA-256"):
        render_sample(tmp_path, paragraphs=["ข้อความ"], files=included)
