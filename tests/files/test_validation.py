"""Upload validation with real files built here: the type comes from the content."""

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils import translation
from PIL import Image

from seam_scm.files.demo import SURVEY_CSV_V1, sample_docx, sample_pdf, sample_png
from seam_scm.files.validation import validate_upload

from .factories import PDF, encrypted_pdf, upload


def office_file(folder: str, main_part: str, extra: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(f"{folder}{main_part}", '<?xml version="1.0"?><root/>')
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
    return buffer.getvalue()


def jpeg(size=(120, 80), **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG", **options)
    return buffer.getvalue()


def refusal(name: str, content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, content))
    return caught.value


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("รายงาน.pdf", PDF, "application/pdf"),
        ("SCAN.PDF", PDF, "application/pdf"),
        (
            "แผน.docx",
            sample_docx(["แผนงาน"]),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "ตัวชี้วัด.xlsx",
            office_file("xl/", "workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "นำเสนอ.pptx",
            office_file("ppt/", "presentation.xml"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("แผนภาพ.png", sample_png(), "image/png"),
        ("ภาพถ่าย.jpg", jpeg(), "image/jpeg"),
        ("ภาพถ่าย.jpeg", jpeg(progressive=True), "image/jpeg"),
        ("บันทึก.txt", "บันทึกการประชุม\r\nวาระที่ 1\tรับทราบ\n".encode(), "text/plain"),
        ("ผลสำรวจ.csv", SURVEY_CSV_V1.encode(), "text/csv"),
        ("ผลสำรวจ-excel.csv", "\ufeff".encode() + SURVEY_CSV_V1.encode(), "text/csv"),
        # Thai CSV exported by older Windows programs: TIS-620 / cp874, not UTF-8.
        ("ผลสำรวจ-tis620.csv", SURVEY_CSV_V1.encode("cp874"), "text/csv"),
    ],
)
def test_accepted_types_are_detected_from_the_content(name, content, content_type):
    checked = validate_upload(upload(name, content))
    assert checked.content_type == content_type
    assert checked.size == len(content)
    assert checked.name == name


def test_sha256_is_computed_while_streaming_and_matches_hashlib(tmp_path, settings):
    content = (SURVEY_CSV_V1 * 20000).encode()  # about 9 MB: many chunks, kept on disk
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    big = TemporaryUploadedFile("ผลสำรวจ.csv", "text/csv", len(content), None)
    big.write(content)
    big.seek(0)
    read_sizes = []
    original_read = big.file.read

    def spying_read(size=-1):
        read_sizes.append(size)
        return original_read(size)

    big.file.read = spying_read
    checked = validate_upload(big)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.size == len(content)
    # Read in chunks, never all at once.
    assert read_sizes and all(0 < size <= 64 * 2**10 for size in read_sizes)


def test_png_renamed_to_pdf_is_refused_as_a_mismatch():
    error = refusal("รายงาน.pdf", sample_png())
    assert error.code == "extension_mismatch"
    with translation.override("en"):
        assert error.messages == [
            "The file name ends in “.pdf” but the file is in PNG format. Rename it to end in "
            ".png, or choose the right file."
        ]


def test_the_browsers_content_type_is_not_trusted():
    lying = SimpleUploadedFile("ภาพ.png", PDF, content_type="image/png")
    with pytest.raises(ValidationError) as caught:
        validate_upload(lying)
    assert caught.value.code == "extension_mismatch"


def test_truncated_pdf_is_refused():
    error = refusal("รายงาน.pdf", PDF[: len(PDF) // 2])
    assert error.code == "corrupt_pdf"


def test_pdf_cut_in_the_middle_is_refused_even_with_an_end_marker():
    error = refusal("รายงาน.pdf", PDF[: len(PDF) // 2] + b"\n%%EOF\n")
    assert error.code == "corrupt_pdf"


def test_pdf_with_a_broken_page_stream_is_refused():
    broken = PDF.replace(b"/Length", b"/Filter /FlateDecode /Length")
    assert refusal("รายงาน.pdf", broken).code == "corrupt_pdf"


@pytest.mark.parametrize("user_password", ["secret", ""])
def test_encrypted_pdf_is_refused(user_password):
    """Also one that opens without a password but is encrypted (an owner password only)."""
    error = refusal("รายงาน.pdf", encrypted_pdf(user_password))
    assert error.code == "encrypted_pdf"
    with translation.override("en"):
        assert "password" in error.messages[0]


def test_empty_file_is_refused():
    error = refusal("ว่าง.pdf", b"")
    assert error.code == "empty"
    with translation.override("en"):
        assert error.messages == ["The file is empty."]


class UnreadableUpload(SimpleUploadedFile):
    def chunks(self, chunk_size=None):
        raise AssertionError("the size limit must be checked before reading the file")


def test_oversized_upload_is_refused_before_reading(settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError) as caught:
        validate_upload(UnreadableUpload("ใหญ่.pdf", PDF + b"0" * (1024 * 1024)))
    assert caught.value.code == "too_large"
    with translation.override("en"):
        assert caught.value.messages == ["The file is larger than the limit of 1 MB."]


def test_a_file_exactly_at_the_limit_is_accepted(settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    content = b"a,b\n" * (1024 * 1024 // 4)
    assert validate_upload(upload("พอดี.csv", content)).size == 1024 * 1024


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("โปรแกรม.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "unsupported_type"),
        ("เอกสาร.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "unsupported_type"),
        ("ข้อความ.txt", "utf-16 ข้อความ".encode("utf-16"), "unsupported_type"),
        ("ภาพ.png", sample_png()[:200], "corrupt_image"),
        ("ภาพ.jpg", jpeg()[:300], "corrupt_image"),
        ("แผน.docx", sample_docx(["แผน"])[:200], "corrupt_document"),
        ("รายงาน.pdf", "รายงาน".encode(), "extension_mismatch"),
        ("แผน.xlsx", sample_docx(["แผน"]), "extension_mismatch"),
        ("ไม่มีนามสกุล", PDF, "no_extension"),
        (
            "แมโคร.docx",
            office_file("word/", "document.xml", {"word/vbaProject.bin": "x"}),
            "macros",
        ),
    ],
)
def test_other_refusals(name, content, code):
    assert refusal(name, content).code == code


def test_plain_zip_is_not_an_office_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<x/>")  # no [Content_Types].xml
    assert refusal("เอกสาร.docx", buffer.getvalue()).code == "unsupported_type"


def test_the_name_is_cleaned():
    checked = validate_upload(upload("รายงาน\x07ประจำปี.pdf", sample_pdf(["x"])))
    assert checked.name == "รายงานประจำปี.pdf"
