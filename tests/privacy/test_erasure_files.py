"""Erasing a complainant also purges the case's evidence files (the complainant's letter is as
personal as their name); other records' files stay, and a file another record holds on to is
left in place while the rest of the erasure goes ahead."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled

from complaints import case_evidence
from seam_scm.files import services as file_services
from seam_scm.files.models import Attachment, FileVersion
from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy import registry, services

from ..approvals.factories import pdf_bytes
from ..complaints.factories import make_case, member

pytestmark = pytest.mark.django_db

CONTACTS = {
    "complainant_name": "นางสาวจดหมาย ส่วนตัว",
    "complainant_phone": "0811112222",
    "lawful_basis": LawfulBasis.PUBLIC_TASK,
}


def letter_of(case) -> Attachment:
    with scope(organization=case.organization):
        return case_evidence.attach_evidence(
            case=case,
            by=member(case.organization),
            upload=SimpleUploadedFile("จดหมายร้องเรียน.pdf", pdf_bytes(), "application/pdf"),
        )


def erase(case) -> None:
    with scope(organization=case.organization):
        holder = registry.holder_for(type(case))
        services.erase([services.Found(holder, case)], why="DSR2569-0001")


def test_erasure_purges_the_files_of_the_record_and_their_stored_bytes(
    org_a, django_capture_on_commit_callbacks
):
    case = make_case(org_a, **CONTACTS)
    letter = letter_of(case)
    stored = letter.current_version.file.name
    storage = FileVersion._meta.get_field("file").storage
    other = letter_of(make_case(org_a, **CONTACTS))

    with django_capture_on_commit_callbacks(execute=True):
        erase(case)

    with scopes_disabled():
        assert not Attachment.objects.filter(pk=letter.pk).exists()
        assert not FileVersion.objects.filter(attachment_id=letter.pk).exists()
        assert Attachment.objects.filter(pk=other.pk).exists()
    assert not storage.exists(stored)
    assert storage.exists(other.current_version.file.name)


def test_a_file_another_record_holds_on_to_stays_and_the_erasure_goes_ahead(
    org_a, monkeypatch, caplog
):
    case = make_case(org_a, **CONTACTS)
    letter = letter_of(case)
    monkeypatch.setattr(file_services, "is_kept_by_another_record", lambda attachment: True)

    erase(case)

    with scopes_disabled():
        case.refresh_from_db()
        assert Attachment.objects.filter(pk=letter.pk).exists()
    assert case.personal_data_erased_at is not None and case.complainant_name == ""
    assert f"kept 1 file(s) another record holds on to: {letter.pk}" in caplog.text
