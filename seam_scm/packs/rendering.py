"""From a kind's content to one PDF file: staging files, WeasyPrint, then pikepdf.

1. Stage: copy every included file out of storage into the build's folder,
   hashing it on the way. A file whose bytes no longer match the SHA-256
   recorded at upload stops the build: a pack never carries altered evidence.
   PDFs are counted (pages); other files will be embedded.
2. Render: the kind's template becomes HTML; WeasyPrint lays it out. An
   appended PDF takes as many placeholder pages as it has pages, so the table
   of contents, bookmarks and "page X of Y" count them without a second pass.
3. Assemble: pikepdf draws each PDF page, scaled into the body area, onto its
   placeholder page (which keeps the pack's header and footer), embeds the other
   files as attachments, and writes the file.
"""

import gc
import hashlib
import logging
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import weasyprint
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from weasyprint.text.fonts import FontConfiguration

from . import text_layer
from .kinds import IncludedFile, PackContent, Progress

logger = logging.getLogger(__name__)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {
    400: "SarabunPack-Regular.ttf",
    600: "SarabunPack-SemiBold.ttf",
    700: "SarabunPack-Bold.ttf",
}
FONT_FAMILY = "SarabunPack"

# A4 and the margins of every page (millimetres); the CSS of packs/pdf/base.html and
# the area an appended page is drawn into both come from here.
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_MM = {"top": 24, "right": 18, "bottom": 20, "left": 20}
# The caption line at the top of an appended page ("Appended file 3: ... page 2 of 5").
APPENDED_CAPTION_MM = 10
# Images in a pack are small (logos); these cap an oversized one. Measured on WeasyPrint
# 70: they only take effect when given to render(), and `optimize_images` is left out:
# it made PNG photos about 6 times slower to render for no smaller file.
IMAGE_OPTIONS = {"jpeg_quality": 85, "dpi": 200}

CHUNK = 1024 * 1024

text_layer.install()


class PackError(Exception):
    """A reason the pack cannot be built that the person who asked for it can act on."""


@dataclass
class RenderedPack:
    path: Path
    page_count: int


def points(mm: float) -> float:
    return mm * 72 / 25.4


def font_face_css() -> str:
    return "\n".join(
        f"@font-face {{ font-family: {FONT_FAMILY}; font-weight: {weight}; "
        f"src: url('{(FONT_DIR / name).as_uri()}'); }}"
        for weight, name in FONT_FILES.items()
    )


def css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def page_css(*, header: str, reference: str) -> str:
    """Size, margins, and the header and footer of every page but the cover."""
    margins = " ".join(f"{MARGIN_MM[side]}mm" for side in ("top", "right", "bottom", "left"))
    body_height = PAGE_HEIGHT_MM - MARGIN_MM["top"] - MARGIN_MM["bottom"]
    before, _sep, rest = _("Page {page} of {pages}").partition("{page}")
    between, _sep, after = rest.partition("{pages}")
    page_x_of_y = (
        f"{css_string(before)} counter(page) {css_string(between)} counter(pages) "
        f"{css_string(after)}"
    )
    return (
        f"@page {{ size: A4; margin: {margins};\n"
        f"  @top-left {{ content: {css_string(header)}; }}\n"
        f"  @top-right {{ content: {css_string(reference)}; }}\n"
        f"  @bottom-right {{ content: {page_x_of_y}; }}\n"
        f"  @bottom-left {{ content: {css_string(reference)}; }} }}\n"
        "@page :first { @top-left { content: none; } @top-right { content: none; }\n"
        "  @bottom-left { content: none; } @bottom-right { content: none; } }\n"
        f".appended-page {{ height: {body_height}mm; }}\n"
        f".appended-caption {{ height: {APPENDED_CAPTION_MM}mm; }}"
    )


def _is_pdf(included: IncludedFile) -> bool:
    version = included.version
    return version.content_type == "application/pdf" or version.original_name.lower().endswith(
        ".pdf"
    )


def _pdf_page_count(path: Path) -> int:
    """Pages of a PDF we can append, or 0 when it cannot be (encrypted, damaged)."""
    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    except (pikepdf.PdfError, pikepdf.PasswordError):
        return 0


def stage_files(files: list[IncludedFile], workdir: Path, progress: Progress) -> None:
    folder = workdir / "files"
    folder.mkdir()
    for number, included in enumerate(files, start=1):
        version = included.version
        included.number = number
        included.path = folder / f"{number:04d}"
        digest = hashlib.sha256()
        with (
            version.file.storage.open(version.file.name, "rb") as source,
            included.path.open("wb") as target,
        ):
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                target.write(chunk)
        included.sha256 = digest.hexdigest()
        if included.sha256 != version.sha256:
            raise PackError(
                _(
                    "The stored file “%(name)s” no longer matches the SHA-256 recorded when it "
                    "was uploaded; the pack was not built. Ask an administrator to check the "
                    "evidence store."
                )
                % {"name": version.original_name}
            )
        included.pdf_pages = _pdf_page_count(included.path) if _is_pdf(included) else 0
        if not included.appended:
            included.embedded_name = f"{number:03d}-{version.original_name}"
        progress(10 + 20 * number // len(files), _("Checking the included files"))


def render_document(content: PackContent, *, header: str, reference: str) -> weasyprint.Document:
    context = {
        **content.context,
        "included_files": content.files,
        "font_face_css": font_face_css(),
        "page_css": page_css(header=header, reference=reference),
        "font_family": FONT_FAMILY,
    }
    html = render_to_string(content.template_name, context)
    return weasyprint.HTML(string=html, base_url=str(FONT_DIR)).render(
        font_config=FontConfiguration(), **IMAGE_OPTIONS
    )


def _placeholder_pages(document: weasyprint.Document) -> dict[str, int]:
    """Page index of every placeholder anchor WeasyPrint laid out."""
    return {
        anchor: index
        for index, page in enumerate(document.pages)
        for anchor in page.anchors
        if anchor.startswith("included-file-")
    }


def _body_rectangle() -> pikepdf.Rectangle:
    return pikepdf.Rectangle(
        points(MARGIN_MM["left"]),
        points(MARGIN_MM["bottom"]),
        points(PAGE_WIDTH_MM - MARGIN_MM["right"]),
        points(PAGE_HEIGHT_MM - MARGIN_MM["top"] - APPENDED_CAPTION_MM),
    )


def assemble(
    document: weasyprint.Document,
    files: list[IncludedFile],
    target: Path,
    *,
    title: str,
    author: str,
    progress: Progress,
) -> int:
    placeholders = _placeholder_pages(document)
    rendered = target.with_suffix(".rendered.pdf")
    document.write_pdf(rendered)
    # The laid-out pages are the largest thing a build holds; their boxes refer to each other,
    # so only the cycle collector frees them, and it should before pikepdf adds its own memory.
    del document
    gc.collect()
    progress(75, _("Appending the PDF evidence"))
    rectangle = _body_rectangle()
    appended = [included for included in files if included.appended]
    # qpdf copies page content lazily from the source files at save time, so
    # they stay open (as files on disk, not in memory) until the pack is saved.
    with pikepdf.open(rendered) as pdf, ExitStack() as sources:
        for done, included in enumerate(appended, start=1):
            source = sources.enter_context(pikepdf.open(included.path))
            for page_number in range(1, included.pdf_pages + 1):
                index = placeholders[included.page_anchor(page_number)]
                pdf.pages[index].add_overlay(source.pages[page_number - 1], rectangle)
            progress(75 + 15 * done // len(appended), _("Appending the PDF evidence"))
        for included in files:
            if not included.appended:
                pdf.attachments[included.embedded_name] = pikepdf.AttachedFileSpec.from_filepath(
                    pdf, included.path, description=included.label
                )
        pdf.docinfo["/Title"] = title
        pdf.docinfo["/Author"] = author
        progress(92, _("Writing the file"))
        pdf.save(target)
        return len(pdf.pages)


def render_pack(
    content: PackContent,
    workdir: Path,
    progress: Progress,
    *,
    title: str,
    author: str,
    reference: str,
) -> RenderedPack:
    """The pack's PDF in `workdir`. `author` heads every page, `reference` is in every footer."""
    stage_files(content.files, workdir, progress)
    progress(30, _("Laying out the pages"))
    target = workdir / "pack.pdf"
    # The laid-out document is passed without a name here, so that assemble() holds its only
    # reference and can free it before pikepdf starts.
    page_count = assemble(
        render_document(content, header=author, reference=reference),
        content.files,
        target,
        title=title,
        author=author,
        progress=progress,
    )
    return RenderedPack(path=target, page_count=page_count)
