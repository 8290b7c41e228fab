"""Merge Sarabun's per-script subsets into one font file per weight, for PDFs.

fontsource ships Sarabun as separate Thai, Latin and Latin-extended files. A
browser picks between them by `unicode-range`, but in a PDF WeasyPrint then
writes a wrong text layer for the Latin text (``Customer`` extracted as Thai
marks). One font that covers both scripts extracts correctly, so the packs use
these merged files. Run by scripts/vendor-static.sh after it refreshes the
woff2 files; the output is committed (seam_scm/packs/fonts/).
"""

import sys
import tempfile
from pathlib import Path

from fontTools.merge import Merger
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "seam_scm" / "static" / "vendor" / "sarabun"
TARGET = ROOT / "seam_scm" / "packs" / "fonts"
SUBSETS = ("thai", "latin", "latin-ext")
WEIGHTS = {400: "Regular", 600: "SemiBold", 700: "Bold"}


def merge_weight(weight: int, workdir: Path) -> Path:
    parts = []
    for subset in SUBSETS:
        font = TTFont(SOURCE / f"sarabun-{subset}-{weight}-normal.woff2")
        font.flavor = None  # plain TrueType: the merger reads sfnt files
        part = workdir / f"{subset}-{weight}.ttf"
        font.save(part)
        parts.append(str(part))
    merged = Merger().merge(parts)
    target = TARGET / f"SarabunPack-{WEIGHTS[weight]}.ttf"
    merged.save(target)
    return target


def main() -> int:
    TARGET.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        for weight in WEIGHTS:
            print("merged", merge_weight(weight, Path(workdir)).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
