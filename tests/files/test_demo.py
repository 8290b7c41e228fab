"""Demo evidence: real files in both demo enterprises, seeded once."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from seam_scm.files.models import Attachment, FileVersion
from seam_scm.tenancy.models import Organization

pytestmark = pytest.mark.django_db


def _seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


def test_seed_demo_adds_real_evidence_files_once():
    _seed()
    with scopes_disabled():
        counts = (Attachment.objects.count(), FileVersion.objects.count())
    _seed()
    with scopes_disabled():
        assert (Attachment.objects.count(), FileVersion.objects.count()) == counts
    for organization in Organization.objects.filter(slug__in=["lwa", "ceb"]):
        with scope(organization=organization):
            types = set(Attachment.objects.values_list("current_version__content_type", flat=True))
            assert {"application/pdf", "text/csv", "image/png"} <= types
            survey = Attachment.objects.get(title__startswith="ผลสำรวจความพึงพอใจรายช่องทาง")
            assert survey.versions.count() == 2
            report = Attachment.objects.get(title__startswith="รายงานผลการสำรวจความพึงพอใจ")
            with report.current_version.file.open("rb") as stored:
                content = stored.read()
            assert hashlib.sha256(content).hexdigest() == report.current_version.sha256
            assert (
                "Customer Satisfaction Survey"
                in PdfReader(io.BytesIO(content)).pages[0].extract_text()
            )
