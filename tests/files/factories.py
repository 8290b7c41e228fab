"""Evidence files for tests: stored through the real service, so the blob exists."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope
from pypdf import PdfReader, PdfWriter

from seam_scm.files import services
from seam_scm.files.demo import sample_pdf
from seam_scm.files.models import Attachment
from seam_scm.tenancy.roles import Role

from ..factories import MembershipFactory

PDF = sample_pdf(["Evidence for a test", "Second line"])


def upload(name: str = "หลักฐาน.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def make_attachment(
    organization,
    *,
    by=None,
    name: str = "หลักฐาน.pdf",
    content: bytes = PDF,
    title: str = "รายงานผลการดำเนินงาน",
    effective_date: dt.date = dt.date(2026, 3, 31),
    **kwargs,
) -> Attachment:
    by = by or MembershipFactory(organization=organization, role=Role.EDITOR).user
    with scope(organization=organization):
        return services.upload_attachment(
            organization=organization,
            uploaded_by=by,
            upload=upload(name, content),
            title=title,
            effective_date=effective_date,
            **kwargs,
        )


def encrypted_pdf(user_password: str = "secret") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(PDF)))
    writer.encrypt(user_password, "owner-password")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
