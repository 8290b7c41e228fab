"""Linking evidence to a criterion (an existing record, or a new file uploaded right there) and
removing it: defaults, refusals with nothing saved, roles, the cycle's states, what assessors
may download, and that nothing of complainants reaches these pages."""

import datetime as dt
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled

from assessments import services
from assessments.models import EvidenceLink
from complaints import case_evidence
from seam_scm.files import services as file_services
from seam_scm.files.models import Attachment, FileVersion
from seam_scm.tenancy.roles import Role

from ..complaints.factories import make_case
from ..files.factories import PDF, make_attachment
from . import factories as f

pytestmark = pytest.mark.django_db


def url(assessment, suffix: str = "") -> str:
    return f"/o/{assessment.organization.slug}/assessments/criteria/{assessment.pk}/{suffix}"


def delete_url(link) -> str:
    return f"/o/{link.organization.slug}/assessments/evidence/{link.pk}/delete/"


def download_url(attachment) -> str:
    return f"/o/{attachment.organization.slug}/files/{attachment.pk}/download/"


def person(organization, role=Role.EDITOR):
    user = f.member(organization, role)
    user.language = "en"
    user.save()
    return user


def links_of(assessment) -> list[EvidenceLink]:
    with scopes_disabled():
        return list(EvidenceLink.objects.filter(assessment_id=assessment.pk))


def attachments_of(organization) -> list[Attachment]:
    with scopes_disabled():
        return list(Attachment.objects.filter(organization=organization))


def pdf(name: str = "มติคณะกรรมการ.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def link_data(**overrides) -> dict:
    data = {"kind": "file", "record": "", "label": "", "effective_date": "", "artefact": "",
            "new_title": "", "new_date": ""}  # fmt: skip
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- linking an existing record ---------------------------------------------------------------


def test_editor_links_an_existing_file_with_its_own_label_and_date(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    attachment = make_attachment(org_a, title="รายงานการประชุม", effective_date=dt.date(2027, 1, 5))
    editor = person(org_a)
    client = client_for(editor)
    page = client.get(url(assessment, "evidence/new/?kind=file")).content.decode()
    assert f'<option value="{attachment.pk}">รายงานการประชุม</option>' in page
    response = client.post(url(assessment, "evidence/new/"), link_data(record=attachment.pk))
    assert response.status_code == 302
    assert response["Location"] == url(assessment) + "#evidence"
    [link] = links_of(assessment)
    assert (link.kind, link.record_id, link.label) == ("file", attachment.pk, "รายงานการประชุม")
    assert link.effective_date == dt.date(2027, 1, 5)
    assert link.added_by == editor
    body = client.get(url(assessment)).content.decode()
    assert "“รายงานการประชุม” linked as evidence." in body
    assert f'href="/o/{org_a.slug}/files/{attachment.pk}/"' in body
    assert "5 Jan 2027" in body


def test_label_date_and_artefact_can_be_given(org_a, client_for):
    cycle = f.make_cycle(org_a, code=f.BOT)
    assessment = f.criterion(cycle, "MC 1")  # level 1 expects a board resolution
    attachment = make_attachment(org_a)
    client = client_for(person(org_a))
    form = client.get(url(assessment, "evidence/new/")).content.decode()
    assert "Expected by this criterion" in form
    client.post(
        url(assessment, "evidence/new/"),
        link_data(record=attachment.pk, label="มติที่ประชุมครั้งที่ 3/2570",
                  effective_date="15/03/2570", artefact="board_resolution"),
    )  # fmt: skip
    [link] = links_of(assessment)
    assert link.label == "มติที่ประชุมครั้งที่ 3/2570"
    assert link.effective_date == dt.date(2027, 3, 15)
    assert link.artefact == "board_resolution"
    body = client.get(url(assessment)).content.decode()
    assert 'data-artefact="board_resolution" data-state="present"' in body
    assert "Board resolution or minutes" in body


def test_a_snapshot_links_as_complaint_kpis(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a), "CM 5.3")
    client = client_for(person(org_a))
    page = client.get(url(assessment, "evidence/new/?kind=complaint_kpis")).content.decode()
    assert 'data-testid="no-records"' in page
    assert 'data-testid="take-snapshot"' in page
    assert "kpi-snapshots/new/?next=" in page
    snapshot = f.make_snapshot(org_a)
    page = client.get(url(assessment, "evidence/new/?kind=complaint_kpis")).content.decode()
    assert f'<option value="{snapshot.pk}">' in page
    client.post(
        url(assessment, "evidence/new/"), link_data(kind="complaint_kpis", record=snapshot.pk)
    )
    [link] = links_of(assessment)
    assert link.kind == "complaint_kpis"
    body = client.get(url(assessment)).content.decode()
    assert f"/assessments/kpi-snapshots/{snapshot.pk}/" in body


def test_the_kind_select_swaps_the_records_with_htmx(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    page = client_for(person(org_a)).get(url(assessment, "evidence/new/")).content.decode()
    assert f'hx-get="/o/{org_a.slug}/assessments/criteria/{assessment.pk}/evidence/new/"' in page
    assert 'hx-select="#record-fields"' in page
    assert 'data-testid="choose-kind-first"' in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": ""}, "This field is required."),
        ({"kind": "no_such_kind"}, "Select a valid choice."),
        ({"record": ""}, "Choose a record this organization may link."),
        ({"record": "999999"}, "Select a valid choice."),
        ({"effective_date": "15/03/2027"}, "The year looks like a Christian Era year"),
        ({"artefact": "no_such_artefact"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_linked(data, message, org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    attachment = make_attachment(org_a)
    client = client_for(person(org_a))
    response = client.post(
        url(assessment, "evidence/new/"), link_data(**{"record": attachment.pk, **data})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert links_of(assessment) == []


def test_another_organizations_file_cannot_be_linked(org_a, org_b, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    foreign = make_attachment(org_b, title="ไฟล์ขององค์กรอื่น")
    client = client_for(person(org_a))
    assert (
        "ไฟล์ขององค์กรอื่น"
        not in client.get(url(assessment, "evidence/new/?kind=file")).content.decode()
    )
    response = client.post(url(assessment, "evidence/new/"), link_data(record=foreign.pk))
    assert "Select a valid choice." in response.content.decode()
    assert links_of(assessment) == []


def test_the_same_record_twice_is_refused(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    link = f.link_file(assessment)
    response = client_for(person(org_a)).post(
        url(assessment, "evidence/new/"), link_data(record=link.record_id)
    )
    assert "This evidence is already linked to the criterion." in response.content.decode()
    assert len(links_of(assessment)) == 1


# --- a new file, uploaded and linked ----------------------------------------------------------


def test_editor_uploads_a_new_file_and_links_it(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    editor = person(org_a)
    response = client_for(editor).post(
        url(assessment, "evidence/new/"),
        link_data(new_file=pdf(), new_title="มติคณะกรรมการ ครั้งที่ 5", new_date="20/02/2570"),
    )
    assert response.status_code == 302
    [attachment] = attachments_of(org_a)
    assert attachment.title == "มติคณะกรรมการ ครั้งที่ 5"
    [link] = links_of(assessment)
    assert link.record_id == attachment.pk
    assert link.label == "มติคณะกรรมการ ครั้งที่ 5"
    assert link.effective_date == dt.date(2027, 2, 20)


@pytest.mark.parametrize(
    "data, field_message",
    [
        ({"new_file": "empty", "new_title": "ว่าง", "new_date": "20/02/2570"}, "empty"),
        ({"new_file": "pdf", "new_title": "", "new_date": "20/02/2570"},
         "Give the new file a title."),
        ({"new_file": "pdf", "new_title": "ไม่มีวันที่", "new_date": ""}, "Give the date"),
        ({"kind": "survey", "new_file": "pdf", "new_title": "x", "new_date": "20/02/2570"},
         "Only evidence files are uploaded here."),
    ],
)  # fmt: skip
def test_refused_uploads_leave_nothing(data, field_message, org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    upload = pdf("ว่าง.pdf", b"") if data.pop("new_file") == "empty" else pdf()
    response = client_for(person(org_a)).post(
        url(assessment, "evidence/new/"), link_data(new_file=upload, **data)
    )
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert attachments_of(org_a) == []
    assert links_of(assessment) == []


def test_an_existing_file_and_a_new_one_together_are_refused(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    existing = make_attachment(org_a)
    response = client_for(person(org_a)).post(
        url(assessment, "evidence/new/"),
        link_data(record=existing.pk, new_file=pdf(), new_title="ใหม่", new_date="20/02/2570"),
    )
    assert "Choose an existing file or upload a new one, not both." in response.content.decode()
    assert len(attachments_of(org_a)) == 1
    assert links_of(assessment) == []


def test_a_refused_link_after_the_upload_keeps_no_file(org_a, client_for, monkeypatch, settings):
    """One transaction: the link is refused after the file was stored, so neither the rows nor
    the stored file remain."""
    assessment = f.criterion(f.make_cycle(org_a))

    def refuse(**kwargs):
        raise ValidationError({"record": "ปฏิเสธเพื่อทดสอบ"})

    monkeypatch.setattr(services, "link_evidence", refuse)
    response = client_for(person(org_a)).post(
        url(assessment, "evidence/new/"),
        link_data(new_file=pdf(), new_title="จะไม่ถูกเก็บ", new_date="20/02/2570"),
    )
    assert response.status_code == 200
    assert "ปฏิเสธเพื่อทดสอบ" in response.content.decode()
    assert attachments_of(org_a) == []
    with scopes_disabled():
        assert not FileVersion.objects.exists()
    storage = FileVersion._meta.get_field("file").storage
    stored = [name for _, _, names in os.walk(storage.location) for name in names]
    assert stored == []


# --- the cycle's states and roles -------------------------------------------------------------


@pytest.mark.parametrize("make", [f.submitted_cycle, f.review_cycle])
def test_evidence_can_still_be_linked_after_submission(make, org_a, client_for):
    assessment = f.criterion(make(org_a))
    attachment = make_attachment(org_a)
    client = client_for(person(org_a))
    client.post(url(assessment, "evidence/new/"), link_data(record=attachment.pk))
    assert len(links_of(assessment)) == 1


def test_a_final_cycle_refuses_linking_and_removing(org_a, client_for):
    cycle = f.review_cycle(org_a)
    assessment = f.criterion(cycle)
    link = f.link_file(assessment)
    with scopes_disabled():
        others = list(cycle.criteria.all())
    for other in others:
        f.review(other, 3)
    f.move(cycle, "final")
    attachment = make_attachment(org_a)
    client = client_for(person(org_a))
    frozen = "This assessment cycle is final"
    response = client.post(
        url(assessment, "evidence/new/"), link_data(record=attachment.pk), follow=True
    )
    assert frozen in response.content.decode()
    assert client.get(url(assessment, "evidence/new/")).status_code == 302
    assert frozen in client.post(delete_url(link), follow=True).content.decode()
    assert len(links_of(assessment)) == 1


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.ASSESSOR, Role.VIEWER])
def test_roles_that_do_not_edit_records_may_not_link_or_remove(role, org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    link = f.link_file(assessment)
    attachment = make_attachment(org_a)
    client = client_for(f.member(org_a, role))
    assert client.get(url(assessment, "evidence/new/")).status_code == 403
    assert (
        client.post(url(assessment, "evidence/new/"), link_data(record=attachment.pk)).status_code
        == 403
    )
    assert client.get(delete_url(link)).status_code == 403
    assert client.post(delete_url(link)).status_code == 403
    assert len(links_of(assessment)) == 1


# --- removing ---------------------------------------------------------------------------------


def test_editor_removes_evidence_after_confirming(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    link = f.link_file(assessment, label="ไฟล์ที่จะเอาออก")
    client = client_for(person(org_a))
    confirm = client.get(delete_url(link)).content.decode()
    assert "ไฟล์ที่จะเอาออก" in confirm and 'data-testid="confirm-remove"' in confirm
    assert links_of(assessment) != []
    response = client.post(delete_url(link))
    assert response["Location"] == url(assessment) + "#evidence"
    assert links_of(assessment) == []
    assert len(attachments_of(org_a)) == 1  # the file itself stays
    assert "is no longer linked as evidence." in client.get(url(assessment)).content.decode()


def test_another_organizations_evidence_is_404(org_a, org_b, client_for):
    link = f.link_file(f.criterion(f.make_cycle(org_a)))
    client = client_for(f.member(org_b, Role.COORDINATOR))
    assert client.post(f"/o/{org_b.slug}/assessments/evidence/{link.pk}/delete/").status_code == 404
    assert len(links_of(link.assessment)) == 1


# --- what assessors see -----------------------------------------------------------------------


def test_assessor_downloads_a_linked_file_but_not_an_unlinked_one(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    link = f.link_file(assessment)
    unlinked = make_attachment(org_a, title="ไม่ได้แนบเป็นหลักฐาน")
    with scopes_disabled():
        linked = Attachment.objects.get(pk=link.record_id)
    client = client_for(f.member(org_a, Role.ASSESSOR))
    body = client.get(url(assessment)).content.decode()
    assert download_url(linked) in body
    assert client.get(download_url(linked)).status_code == 200
    assert client.get(download_url(unlinked)).status_code == 403
    # Once the link is removed, the file is no longer the assessor's to open.
    with scope(organization=org_a):
        services.unlink_evidence(link=EvidenceLink.objects.get(pk=link.pk))
    assert client.get(download_url(linked)).status_code == 403


def test_a_deleted_record_shows_as_no_longer_available(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    link = f.link_file(assessment, label="ไฟล์ที่ถูกลบ")
    editor = f.member(org_a)
    with scope(organization=org_a):
        attachment = Attachment.objects.get(pk=link.record_id)
        file_services.delete_attachment(attachment=attachment, by=editor)
    body = client_for(person(org_a)).get(url(assessment)).content.decode()
    assert "ไฟล์ที่ถูกลบ" in body
    assert 'data-testid="evidence-gone"' in body
    assert "no longer available" in body


def test_nothing_of_complainants_reaches_the_evidence_pages(org_a, client_for):
    case = make_case(
        org_a, complainant_name="นางสาวผู้ร้องเรียน ลับมาก", complainant_phone="0899999999",
        lawful_basis="public_task",
    )  # fmt: skip
    with scope(organization=org_a):
        case_evidence.attach_evidence(
            case=case, by=f.member(org_a), upload=pdf("บัตรประชาชน.pdf"), title="สำเนาบัตรผู้ร้อง"
        )
    cycle = f.make_cycle(org_a)
    assessment = f.criterion(cycle, "CM 5.3")
    f.link_file(assessment)
    editor_page = client_for(person(org_a)).get(url(assessment, "evidence/new/?kind=file"))
    assert "สำเนาบัตรผู้ร้อง" not in editor_page.content.decode()  # never offered
    assessor = client_for(person(org_a, Role.ASSESSOR))
    for page in (url(assessment), f"/o/{org_a.slug}/assessments/kpi-snapshots/"):
        body = assessor.get(page).content.decode()
        for secret in ("นางสาวผู้ร้องเรียน", "0899999999", "สำเนาบัตรผู้ร้อง"):
            assert secret not in body
