"""Governed documents in every state, built through the services as a person would."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope
from pypdf import PdfWriter

from seam_scm.approvals import services
from seam_scm.approvals.models import ApprovingBody, DocumentKind, DocumentVersion
from seam_scm.tenancy.roles import Role

from ..factories import MembershipFactory


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "รายงานการประชุม.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


APPROVAL_FIELDS = {
    "body": ApprovingBody.BOARD,
    "meeting_number": "12/2569",
    "meeting_date": dt.date(2026, 11, 20),
    "agenda_item": "4.2",
    "resolution": "ที่ประชุมมีมติเห็นชอบ",
    "signed_by_name": "นายสมศักดิ์ ตัวอย่าง",
    "signed_by_position": "ผู้ว่าการ",
}


def _coordinator(organization):
    return MembershipFactory(organization=organization, role=Role.COORDINATOR).user


def draft_version(organization, *, title="กฎบัตรการให้บริการลูกค้า", body="ข้อ 1") -> DocumentVersion:
    by = _coordinator(organization)
    with scope(organization=organization):
        document = services.declare_document(
            organization=organization, by=by, kind=DocumentKind.OTHER, title=title
        )
        version = document.versions.get()
        version.body = body
        return services.save_draft(version)


def submitted_version(organization, **kwargs) -> DocumentVersion:
    version = draft_version(organization, **kwargs)
    with scope(organization=organization):
        services.submit_version(version=version, by=_coordinator(organization))
    return version


def approved_version(organization, meeting_date=None, **kwargs) -> DocumentVersion:
    version = submitted_version(organization, **kwargs)
    fields = {**APPROVAL_FIELDS, "meeting_date": meeting_date or APPROVAL_FIELDS["meeting_date"]}
    with scope(organization=organization):
        services.record_approval(
            version=version, by=_coordinator(organization), minutes_upload=pdf_upload(), **fields
        )
        version.refresh_from_db()
    return version


def version_file(organization):
    version = draft_version(organization)
    with scope(organization=organization):
        return services.attach_file(
            version=version,
            by=_coordinator(organization),
            label="ร่างกฎบัตร",
            upload=pdf_upload("ร่างกฎบัตร.pdf"),
            effective_date=dt.date(2026, 10, 1),
        )
