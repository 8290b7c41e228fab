"""The life of a governed document version, through the pages, with the role rules."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from seam_scm.approvals import services
from seam_scm.approvals.models import (
    Approval,
    DocumentVersion,
    GovernedDocument,
    VersionStatus,
)
from seam_scm.tenancy.roles import Role

from .factories import (
    APPROVAL_FIELDS,
    approved_version,
    draft_version,
    pdf_upload,
    submitted_version,
)

pytestmark = pytest.mark.django_db


def _english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _status(version) -> str:
    return DocumentVersion.objects.with_scopes_disabled().get(pk=version.pk).status


def _transitions(version) -> list[tuple[str, str, str]]:
    with scope(organization=version.organization):
        return [
            (t.from_status, t.to_status, t.by.email)
            for t in version.transitions.select_related("by")
        ]


def _approval_form(**overrides) -> dict:
    data = {
        **APPROVAL_FIELDS,
        "meeting_date": "20/11/2569",
        "minutes_file": pdf_upload(),
        "committee_name": "",
        "delegation_reference": "",
    }
    data.update(overrides)
    return data


def test_coordinator_declares_a_document_with_a_first_draft(org_a, coordinator_a, client_for):
    response = client_for(coordinator_a).post(
        f"/o/{org_a.slug}/documents/new/",
        {"kind": "other", "title": "นโยบายการจัดการข้อร้องเรียน", "reference": "POL-05"},
    )
    with scope(organization=org_a):
        document = GovernedDocument.objects.get()
        version = document.versions.get()
    assert response["Location"] == f"/o/{org_a.slug}/documents/{document.pk}/"
    assert (version.number, version.status, version.title) == (
        1,
        VersionStatus.DRAFT,
        "นโยบายการจัดการข้อร้องเรียน",
    )
    assert _transitions(version) == [("", "draft", coordinator_a.email)]


@pytest.mark.parametrize("role", [Role.EDITOR, Role.SECRETARY, Role.ASSESSOR, Role.VIEWER])
def test_only_coordinators_declare_documents(role, org_a, member_factory, client_for):
    response = client_for(member_factory(org_a, role)).post(
        f"/o/{org_a.slug}/documents/new/", {"kind": "other", "title": "x"}
    )
    assert response.status_code == 403


def test_editor_edits_and_submits_a_draft(org_a, member_factory, client_for):
    version = draft_version(org_a)
    editor = member_factory(org_a, Role.EDITOR)
    client = client_for(editor)
    client.post(
        f"/o/{org_a.slug}/documents/versions/{version.pk}/edit/",
        {"title": "กฎบัตร ฉบับปรับปรุง", "summary": "สรุป", "body": "ข้อ 1 ข้อ 2", "change_note": ""},
    )
    response = client.post(f"/o/{org_a.slug}/documents/versions/{version.pk}/submit/")
    assert response["Location"] == f"/o/{org_a.slug}/documents/versions/{version.pk}/"
    version.refresh_from_db()
    assert (version.title, version.body, version.status) == (
        "กฎบัตร ฉบับปรับปรุง",
        "ข้อ 1 ข้อ 2",
        VersionStatus.SUBMITTED,
    )
    assert _transitions(version)[-1] == ("draft", "submitted", editor.email)


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.ASSESSOR, Role.VIEWER])
def test_roles_that_may_not_submit_get_403(role, org_a, member_factory, client_for):
    version = draft_version(org_a)
    response = client_for(member_factory(org_a, role)).post(
        f"/o/{org_a.slug}/documents/versions/{version.pk}/submit/"
    )
    assert response.status_code == 403
    assert _status(version) == VersionStatus.DRAFT


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ASSESSOR, Role.VIEWER])
def test_roles_that_may_not_record_approvals_get_403(role, org_a, member_factory, client_for):
    version = submitted_version(org_a)
    client = client_for(member_factory(org_a, role))
    approve = client.post(
        f"/o/{org_a.slug}/documents/versions/{version.pk}/approve/", _approval_form()
    )
    give_back = client.post(
        f"/o/{org_a.slug}/documents/versions/{version.pk}/return/", {"reason": "x"}
    )
    assert (approve.status_code, give_back.status_code) == (403, 403)
    assert _status(version) == VersionStatus.SUBMITTED


def test_secretary_returns_with_a_reason_and_the_editor_resubmits(
    org_a, member_factory, client_for
):
    version = submitted_version(org_a)
    secretary = _english(member_factory(org_a, Role.SECRETARY))
    editor = member_factory(org_a, Role.EDITOR)
    url = f"/o/{org_a.slug}/documents/versions/{version.pk}"

    without_reason = client_for(secretary).post(f"{url}/return/", {"reason": " "})
    assert without_reason.context["form"].errors == {"reason": ["This field is required."]}
    client_for(secretary).post(f"{url}/return/", {"reason": "แก้ไขมาตรฐานระยะเวลา"})
    assert _status(version) == VersionStatus.RETURNED

    client_for(editor).post(
        f"{url}/edit/", {"title": "กฎบัตร", "summary": "", "body": "ข้อ 1 (แก้ไข)", "change_note": ""}
    )
    client_for(editor).post(f"{url}/submit/")
    assert _status(version) == VersionStatus.SUBMITTED
    with scope(organization=org_a):
        returned = version.transitions.get(to_status=VersionStatus.RETURNED)
    assert (returned.by, returned.reason) == (secretary, "แก้ไขมาตรฐานระยะเวลา")


def test_secretary_records_the_approval_in_buddhist_era(org_a, member_factory, client_for):
    version = submitted_version(org_a, body="ข้อ 1 ลูกค้าได้รับบริการภายใน 15 นาที")
    secretary = member_factory(org_a, Role.SECRETARY)
    response = client_for(secretary).post(
        f"/o/{org_a.slug}/documents/versions/{version.pk}/approve/", _approval_form()
    )
    assert response.status_code == 302
    with scope(organization=org_a):
        approval = Approval.objects.select_related("minutes").get()
    assert _status(version) == VersionStatus.APPROVED
    assert approval.meeting_date == dt.date(2026, 11, 20)
    assert (approval.meeting_number, approval.agenda_item) == ("12/2569", "4.2")
    assert (approval.recorded_by, approval.signed_by_position) == (secretary, "ผู้ว่าการ")
    assert approval.minutes.original_name == "รายงานการประชุม.pdf"
    assert approval.snapshot["version"]["body"] == "ข้อ 1 ลูกค้าได้รับบริการภายใน 15 นาที"
    page = client_for(secretary).get(f"/o/{org_a.slug}/documents/versions/{version.pk}/")
    body = page.content.decode()
    assert "20 พฤศจิกายน 2569" in body
    assert 'data-testid="frozen"' in body


def test_approval_form_refuses_a_christian_era_year_and_keeps_the_version_submitted(
    org_a, member_factory, client_for
):
    version = submitted_version(org_a)
    secretary = _english(member_factory(org_a, Role.SECRETARY))
    response = client_for(secretary).post(
        f"/o/{org_a.slug}/documents/versions/{version.pk}/approve/",
        _approval_form(meeting_date="20/11/2026"),
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["meeting_date"]
    assert _status(version) == VersionStatus.SUBMITTED


def test_committee_approval_needs_the_committee_and_its_delegation(
    org_a, member_factory, client_for
):
    version = submitted_version(org_a)
    client = client_for(_english(member_factory(org_a, Role.SECRETARY)))
    url = f"/o/{org_a.slug}/documents/versions/{version.pk}/approve/"
    refused = client.post(url, _approval_form(body="committee"))
    assert sorted(refused.context["form"].errors) == ["committee_name", "delegation_reference"]
    client.post(
        url,
        _approval_form(
            body="committee",
            committee_name="คณะกรรมการกำกับดูแลกิจการที่ดี",
            delegation_reference="มติคณะกรรมการ ครั้งที่ 3/2569",
        ),
    )
    with scope(organization=org_a):
        assert Approval.objects.get().approving_body_name == "คณะกรรมการกำกับดูแลกิจการที่ดี"


def test_approving_a_new_version_supersedes_the_previous_one(org_a, coordinator_a):
    first = approved_version(org_a)
    with scope(organization=org_a):
        second = services.start_new_draft(document=first.document, by=coordinator_a)
        services.submit_version(version=second, by=coordinator_a)
        services.record_approval(
            version=second, by=coordinator_a, minutes_upload=pdf_upload(), **APPROVAL_FIELDS
        )
    assert (_status(first), _status(second)) == (VersionStatus.SUPERSEDED, VersionStatus.APPROVED)
    assert _transitions(first)[-1] == ("approved", "superseded", coordinator_a.email)


@pytest.mark.parametrize(
    ("move", "state"),
    [
        (services.submit_version, "submitted"),
        (services.withdraw_version, "draft"),
        (services.submit_version, "approved"),
        (services.withdraw_version, "approved"),
    ],
)
def test_illegal_transitions_are_refused(move, state, org_a, coordinator_a):
    build = {"submitted": submitted_version, "draft": draft_version, "approved": approved_version}
    version = build[state](org_a)
    with scope(organization=org_a), pytest.raises(ValidationError):
        move(version=version, by=coordinator_a)
    assert _status(version) == state


def test_approving_a_draft_is_refused(org_a, coordinator_a):
    version = draft_version(org_a)
    with scope(organization=org_a), pytest.raises(ValidationError):
        services.record_approval(
            version=version, by=coordinator_a, minutes_upload=pdf_upload(), **APPROVAL_FIELDS
        )
    with scope(organization=org_a):
        assert list(Approval.objects.all()) == []


def test_editing_an_approved_version_through_the_page_is_refused(org_a, coordinator_a, client_for):
    version = approved_version(org_a, body="ต้นฉบับ")
    response = client_for(coordinator_a).post(
        f"/o/{org_a.slug}/documents/versions/{version.pk}/edit/",
        {"title": "เปลี่ยน", "summary": "", "body": "เปลี่ยน", "change_note": ""},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.body == "ต้นฉบับ"


def test_new_draft_copies_the_latest_version_with_its_files(org_a, coordinator_a, client_for):
    version = draft_version(org_a, body="ข้อ 1")
    with scope(organization=org_a):
        services.attach_file(
            version=version,
            by=coordinator_a,
            label="ภาคผนวก",
            upload=pdf_upload("ภาคผนวก.pdf"),
            effective_date=dt.date(2026, 10, 1),
        )
    with scope(organization=org_a):
        services.submit_version(version=version, by=coordinator_a)
        services.record_approval(
            version=version, by=coordinator_a, minutes_upload=pdf_upload(), **APPROVAL_FIELDS
        )
    response = client_for(coordinator_a).post(
        f"/o/{org_a.slug}/documents/{version.document_id}/new-draft/"
    )
    with scope(organization=org_a):
        draft = DocumentVersion.objects.get(number=2)
        files = [(f.label, f.file_version_id) for f in draft.attachments.all()]
        original = [(f.label, f.file_version_id) for f in version.attachments.all()]
    assert response["Location"] == f"/o/{org_a.slug}/documents/versions/{draft.pk}/edit/"
    assert (draft.status, draft.body) == (VersionStatus.DRAFT, "ข้อ 1")
    assert files == original


def test_only_one_version_is_prepared_at_a_time(org_a, coordinator_a):
    version = draft_version(org_a)
    with scope(organization=org_a), pytest.raises(ValidationError):
        services.start_new_draft(document=version.document, by=coordinator_a)


def test_editor_adds_and_removes_a_file_on_a_draft_page(org_a, member_factory, client_for):
    version = draft_version(org_a)
    client = client_for(member_factory(org_a, Role.EDITOR))
    url = f"/o/{org_a.slug}/documents/versions/{version.pk}"
    client.post(
        f"{url}/files/",
        {"label": "ร่างฉบับเต็ม", "effective_date": "01/10/2569", "upload": pdf_upload("ร่าง.pdf")},
    )
    with scope(organization=org_a):
        item = version.attachments.select_related("file_version").get()
    assert (item.label, item.file_version.original_name) == ("ร่างฉบับเต็ม", "ร่าง.pdf")
    assert "ร่าง.pdf" in client.get(f"{url}/").content.decode()
    client.post(f"/o/{org_a.slug}/documents/files/{item.pk}/remove/")
    with scope(organization=org_a):
        assert list(version.attachments.all()) == []


def test_a_refused_file_is_reported_and_nothing_is_attached(org_a, member_factory, client_for):
    version = draft_version(org_a)
    client = client_for(_english(member_factory(org_a, Role.EDITOR)))
    response = client.post(
        f"/o/{org_a.slug}/documents/versions/{version.pk}/files/",
        {
            "label": "ว่าง",
            "effective_date": "01/10/2569",
            "upload": SimpleUploadedFile("empty.pdf", b""),
        },
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["The submitted file is empty."]
    with scope(organization=org_a):
        assert list(version.attachments.all()) == []
