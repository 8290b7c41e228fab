"""Thai text in a pack survives extraction, by poppler and by pdfium, order included.

WeasyPrint 70 alone writes a wrong text layer for Thai (see seam_scm/packs/text_layer.py);
the last test shows the defect the fix removes, so this file proves the fix, not luck.
"""

import pytest
import weasyprint
from django.core.exceptions import ImproperlyConfigured
from weasyprint.draw import text as weasyprint_text

from seam_scm.packs import text_layer
from seam_scm.packs.rendering import FONT_FAMILY, font_face_css

from .pdf_reading import font_files, pdfium_text, poppler_text, squeeze
from .rendering_helpers import render_sample, sample_templates  # noqa: F401

# Paragraphs mixing ำ and า in both orders, below vowels ุ ู, tone marks over upper and lower
# vowels, stacked marks, Thai digits and Latin words: every case that tripped the text layer.
PARAGRAPHS = [
    "กำไร การ กำหนดการ การกำหนด ทำการ คำร้อง กำลังการผลิต ตำแหน่ง อำนาจหน้าที่",
    "สู่แผนปฏิบัติการ ผู้ใช้น้ำ ปู่ย่าตายาย ครู่หนึ่ง กู้ภัย ทุ่มเท คุ้มค่า กุ้งแม่น้ำ",
    "ที่นี่ ญี่ปุ่น ปี่ ชี้แจง กิ่งไม้ ติ๊กถูก ปั้นดิน ผึ้งหลวง ชื่อเสียง จื๊ด ฝั่งน้ำ ทั้งนี้",
    "น้ำประปาสะอาด ลูกค้าพึงพอใจร้อยละ ๙๒ ข้อร้องเรียนที่ได้รับ ๑๒๓ เรื่อง แก้ไขแล้ว ๑๑๘ เรื่อง",
    "Customer Journey Map ของลูกค้ากลุ่ม SE-AM 2570 (VOC/VOS) รับฟังผ่าน Call Center 1662",
    "ฤๅษี ฦๅ ไม้ยมก ๆ เช่น เด็ก ๆ และ ฯลฯ การบริหารความสัมพันธ์กับผู้มีส่วนได้ส่วนเสีย",
]


@pytest.fixture
def pack_pdf(tmp_path, sample_templates):  # noqa: F811
    rendered, _steps = render_sample(tmp_path, paragraphs=PARAGRAPHS)
    return rendered.path


@pytest.mark.parametrize("extract", [poppler_text, pdfium_text], ids=["poppler", "pdfium"])
def test_every_paragraph_extracts_exactly(pack_pdf, extract):
    text = squeeze(extract(pack_pdf))
    position = 0
    # The paragraphs in order, then again in order in the table's rows.
    for paragraph in PARAGRAPHS + PARAGRAPHS:
        found = text.find(squeeze(paragraph), position)
        assert found >= 0, f"{paragraph!r} is not in the extracted text (in order)"
        position = found + 1
    assert "กำร" not in text and "สูแ่" not in text


def test_one_merged_font_per_weight_is_embedded(pack_pdf):
    fonts = font_files(pack_pdf)
    assert fonts, "no fonts found"
    assert all(fonts.values()), f"fonts not embedded: {fonts}"
    # Subset prefix + the merged Sarabun: Thai and Latin come from the same font program.
    assert all("Sarabun" in name for name in fonts), fonts


def test_without_the_fix_weasyprint_garbles_thai(tmp_path, monkeypatch):
    monkeypatch.setattr(weasyprint_text, "draw_first_line", text_layer._original_draw_first_line)
    html = (
        f"<style>{font_face_css()} body {{ font-family: {FONT_FAMILY} }}</style>"
        "<p>กำไร การ สู่แผน</p>"
    )
    path = tmp_path / "bare.pdf"
    weasyprint.HTML(string=html).write_pdf(path)
    # WeasyPrint issue #2841: the า of การ reads as the ำ drawn first; the tone mark moves.
    assert squeeze(poppler_text(path)) == "กำไรกำรสูแ่ผน"


def test_the_fix_refuses_an_unproven_weasyprint(monkeypatch):
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(ImproperlyConfigured, match="70.0"):
        text_layer.install()


def test_weasyprint_is_the_pinned_version():
    assert weasyprint.__version__ == text_layer.PROVEN_ON
