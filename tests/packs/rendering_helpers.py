"""Render a sample pack through the product's own pipeline (rendering.render_pack)."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings

from seam_scm.packs.kinds import IncludedFile, PackContent
from seam_scm.packs.rendering import render_pack

TEMPLATES = Path(__file__).resolve().parent / "templates"


@pytest.fixture
def sample_templates(settings):
    engines = [dict(engine) for engine in django_settings.TEMPLATES]
    engines[0]["DIRS"] = [*engines[0]["DIRS"], TEMPLATES]
    settings.TEMPLATES = engines


def render_sample(
    workdir: Path,
    *,
    paragraphs: list[str],
    files: list[IncludedFile] = (),
    heading: str = "ข้อความทดสอบ",
    reference: str = "PK2570-0001",
):
    steps = []
    content = PackContent(
        "packs_rendering/sample.html",
        {
            "pack": SimpleNamespace(reference=reference, title="ชุดเอกสารทดสอบ"),
            "organization_name": "การประปาท้องถิ่น",
            "paragraphs": paragraphs,
            "heading": heading,
            "toc": [
                {"anchor": "paragraphs", "title": heading, "level": 1},
                {"anchor": "evidence", "title": "หลักฐานที่แนบ", "level": 2},
            ],
        },
        list(files),
    )
    rendered = render_pack(
        content,
        workdir,
        lambda percent, step: steps.append((percent, step)),
        title="ชุดเอกสารทดสอบ",
        author="การประปาท้องถิ่น",
        reference=reference,
    )
    return rendered, steps
