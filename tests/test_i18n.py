"""The Thai catalogue is complete, compiled, and covers every string in the code."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "locale/th/LC_MESSAGES/django.po"
MO_FILE = ROOT / "locale/th/LC_MESSAGES/django.mo"
SOURCE_DIRS = ["seam_scm", "stakeholders", "customers", "complaints", "assessments", "templates"]


def _catalogue(entries) -> dict[tuple[str, str], str]:
    return {(e.msgctxt or "", e.msgid): e.msgstr for e in entries if e.msgid and not e.obsolete}


def test_every_string_has_a_thai_translation():
    po = polib.pofile(str(PO_FILE))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert (untranslated, fuzzy) == ([], [])


def test_compiled_catalogue_matches_the_source():
    assert _catalogue(polib.mofile(str(MO_FILE))) == _catalogue(polib.pofile(str(PO_FILE)))


def test_catalogue_covers_every_string_in_the_code(tmp_path):
    """Extract strings from a copy of the sources and compare with the committed catalogue."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: install gettext (sudo apt-get install gettext)")
    for name in [*SOURCE_DIRS, "manage.py"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("static"))
        else:
            shutil.copy(source, tmp_path / name)
    (tmp_path / "locale/th/LC_MESSAGES").mkdir(parents=True)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "th", "--no-obsolete"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "SEAM_VAR_DIR": str(tmp_path / "var"),
            "PYTHONPATH": str(tmp_path),
        },  # fmt: skip
    )
    assert result.returncode == 0, result.stderr
    extracted = set(_catalogue(polib.pofile(str(tmp_path / "locale/th/LC_MESSAGES/django.po"))))
    committed = set(_catalogue(polib.pofile(str(PO_FILE))))
    assert sorted(extracted - committed) == [], "run `make messages` and translate the new strings"
    assert sorted(committed - extracted) == [], "run `make messages` to drop strings no longer used"


def test_thai_is_the_default_and_english_is_available():
    with translation.override("th"):
        assert translation.gettext("Log in") == "เข้าสู่ระบบ"
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"
