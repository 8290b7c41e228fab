"""Read a produced PDF the way its readers do: two independent text extractors and pikepdf."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
import weasyprint

from seam_scm.packs.rendering import FONT_FAMILY, font_face_css


def evidence_pdf(pages: list[str]) -> bytes:
    """A PDF of one page per text, as an enterprise might upload it."""
    body = "".join(f'<p style="break-after: page">{text}</p>' for text in pages)
    style = f"<style>{font_face_css()} body {{ font-family: {FONT_FAMILY} }}</style>"
    return weasyprint.HTML(string=style + body).write_pdf()


def squeeze(text: str) -> str:
    """Text without any white space: line breaks fall between Thai words, which have no spaces."""
    return re.sub(r"\s+", "", text)


def _require_pdftotext() -> None:
    if not shutil.which("pdftotext"):
        message = "poppler's pdftotext is needed (sudo apt-get install poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def poppler_text(path: Path) -> str:
    _require_pdftotext()
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def poppler_page(path: Path, number: int) -> str:
    _require_pdftotext()
    command = ["pdftotext", "-enc", "UTF-8", "-f", str(number), "-l", str(number), str(path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def pdfium_text(path: Path) -> str:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def page_texts(path: Path) -> list[str]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def outline_titles(path: Path) -> list[tuple[int, str]]:
    """(depth, title) of every bookmark, in order."""
    titles = []

    def walk(items, depth):
        for item in items:
            titles.append((depth, item.title))
            walk(item.children, depth + 1)

    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        walk(outline.root, 1)
    return titles


def font_files(path: Path) -> dict[str, bool]:
    """Every font the pages use, by base name, and whether its program is embedded."""
    fonts = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            resources = page.obj.get("/Resources", {})
            for font in resources.get("/Font", {}).values():
                descendants = font.get("/DescendantFonts")
                described = descendants[0] if descendants else font
                descriptor = described.get("/FontDescriptor", {})
                embedded = any(
                    key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                fonts[str(font.BaseFont)] = embedded
    return fonts
