"""A correct Thai text layer in WeasyPrint's PDFs (copy, search and extraction).

WeasyPrint maps each glyph to one Unicode string, the first it was drawn for
(WeasyPrint issue #2841; the proposed fix, PR #2869, was not merged). Thai
shares glyphs between characters: the า drawn inside ำ is the same glyph as a
plain า, so after `กำไร` every later `การ` extracts as `กำร`. Tone marks that
Pango draws with a vertical offset are also written apart from their base and
come out of order (`สู่แผน` as `สูแ่ผน`).

The fix wraps each drawn line in a marked-content span whose ActualText is the
line's own text, which PDF readers use instead of the glyph mapping. poppler
(pdftotext) and pdfium (Chrome) both extract it exactly; tests/packs prove it on
mixed Thai paragraphs. It replaces one WeasyPrint function, so it is tied to
the version it was proven on: another version refuses to run until the proof
is repeated and PROVEN_ON is updated (pyproject.toml pins the same version).
"""

import weasyprint
from django.core.exceptions import ImproperlyConfigured
from weasyprint.draw import text as weasyprint_text

PROVEN_ON = "70.0"

_original_draw_first_line = weasyprint_text.draw_first_line


def actual_text_span(text: str) -> bytes:
    """The property list of a `/Span ... BDC` saying that the glyphs inside read as `text`."""
    utf16 = text.encode("utf-16-be").hex().upper()
    return b"<</ActualText <FEFF" + utf16.encode("ascii") + b">>>"


def _drawn_line_text(textbox) -> str:
    # Read after drawing: an ellipsis may have shortened the layout's text.
    layout = textbox.pango_layout
    _line, next_line_start = layout.get_first_line()
    text = layout.text.encode()
    if next_line_start is not None:
        text = text[:next_line_start]  # a byte offset into the UTF-8 text
    return text.decode().rstrip("\n")


def _draw_first_line_with_actual_text(stream, textbox, *args, **kwargs):
    start = len(stream.stream)
    emojis = _original_draw_first_line(stream, textbox, *args, **kwargs)
    if len(stream.stream) > start:  # something was drawn
        span = [b"/Span", actual_text_span(_drawn_line_text(textbox)), b"BDC"]
        stream.stream[start:start] = span
        stream.stream.append(b"EMC")
    return emojis


def install() -> None:
    """Make every later WeasyPrint rendering in this process write the correct text layer."""
    if weasyprint.__version__ != PROVEN_ON:
        raise ImproperlyConfigured(
            f"The Thai text layer fix is proven on WeasyPrint {PROVEN_ON}, "
            f"not {weasyprint.__version__}: run tests/packs/test_thai_text.py and update PROVEN_ON."
        )
    weasyprint_text.draw_first_line = _draw_first_line_with_actual_text
