"""The evidence API: multipart upload, 400 messages, versions, downloads, delete and purge."""

import hashlib

import pytest
from django_scopes import scope, scopes_disabled

from seam_scm.files.demo import SURVEY_CSV_V1, sample_png
from seam_scm.files.models import Attachment, DownloadLog
from seam_scm.tenancy.roles import Role

from .factories import PDF, encrypted_pdf, make_attachment, upload

pytestmark = pytest.mark.django_db


def api(organization, suffix: str = "") -> str:
    return f"/api/v1/orgs/{organization.slug}/{suffix}"


@pytest.fixture
def editor_a(org_a, member_factory):
    user = member_factory(org_a, Role.EDITOR)
    user.language = "en"  # so that messages can be compared as written
    user.save()
    return user


def body(response) -> bytes:
    # The test client closes a streamed response once it is read; closing it again
    # would fire request_finished and end the test's database connection.
    return b"".join(response.streaming_content)


def _post_file(client, organization, name="รายงาน.pdf", content=PDF, **fields):
    data = {"title": "รายงานผลการสำรวจ", "effective_date": "2026-03-31", **fields}
    return client.post(api(organization, "files/"), {**data, "file": upload(name, content)})


def test_upload_by_multipart_returns_the_file_with_its_versions(org_a, editor_a, api_client_for):
    response = _post_file(api_client_for(editor_a), org_a, effective_until="2026-06-30")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["title"] == "รายงานผลการสำรวจ"
    assert (data["effective_date"], data["effective_until"]) == ("2026-03-31", "2026-06-30")
    current = data["current_version"]
    assert current["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert (current["size"], current["content_type"]) == (len(PDF), "application/pdf")
    assert current["original_name"] == "รายงาน.pdf"
    assert current["uploaded_by"]["email"] == editor_a.email
    assert current["download_url"] == api(org_a, f"file-versions/{current['id']}/download/")
    assert [v["number"] for v in data["versions"]] == [1]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ภาพ.pdf", sample_png(), "but the file is in PNG format"),
        ("รายงาน.pdf", PDF[:200], "The PDF is damaged or incomplete"),
        ("รายงาน.pdf", encrypted_pdf(), "The PDF is password-protected or encrypted"),
        ("ว่าง.pdf", b"", "The file is empty."),
    ],
)
def test_refused_upload_answers_400_with_the_reason(
    org_a, editor_a, api_client_for, name, content, message
):
    response = _post_file(api_client_for(editor_a), org_a, name=name, content=content)
    assert response.status_code == 400
    [text] = response.json()["file"]
    assert message in text
    with scopes_disabled():
        assert not Attachment.objects.exists()


def test_oversized_upload_answers_400(org_a, editor_a, api_client_for, settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    response = _post_file(api_client_for(editor_a), org_a, content=PDF + b" " * 2**20)
    assert response.status_code == 400
    assert response.json() == {"file": ["The file is larger than the limit of 1 MB."]}


def test_period_out_of_order_answers_400(org_a, editor_a, api_client_for):
    response = _post_file(api_client_for(editor_a), org_a, effective_until="2026-01-01")
    assert response.status_code == 400
    assert response.json() == {
        "effective_until": ["The end of the period cannot be before its start."]
    }


def test_messages_follow_the_callers_language(org_a, member_factory, api_client_for):
    thai_editor = member_factory(org_a, Role.EDITOR)  # Thai is the default language
    response = _post_file(api_client_for(thai_editor), org_a, content=b"")
    assert response.status_code == 400
    assert response.json()["file"]  # the Thai text once the catalogue has it


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.ASSESSOR, Role.VIEWER])
def test_readers_cannot_upload(org_a, role, member_factory, api_client_for):
    response = _post_file(api_client_for(member_factory(org_a, role)), org_a)
    assert response.status_code == 403


def test_replace_and_download_every_version(org_a, editor_a, api_client_for):
    client = api_client_for(editor_a)
    attachment = make_attachment(org_a, by=editor_a)
    response = client.post(
        api(org_a, f"files/{attachment.pk}/replace/"),
        {"file": upload("ผลสำรวจ.csv", SURVEY_CSV_V1.encode())},
    )
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 2
    detail = client.get(api(org_a, f"files/{attachment.pk}/")).json()
    assert [v["number"] for v in detail["versions"]] == [2, 1]
    assert detail["current_version"]["content_type"] == "text/csv"
    assert body(client.get(api(org_a, f"files/{attachment.pk}/download/"))) == (
        SURVEY_CSV_V1.encode()
    )
    first = detail["versions"][1]
    old = client.get(first["download_url"])
    assert old.status_code == 200 and body(old) == PDF
    assert old["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    with scope(organization=org_a):
        assert DownloadLog.objects.filter(user=editor_a).count() == 2


def test_refused_replacement_answers_400(org_a, editor_a, api_client_for):
    attachment = make_attachment(org_a, by=editor_a)
    response = api_client_for(editor_a).post(
        api(org_a, f"files/{attachment.pk}/replace/"), {"file": upload("ภาพ.pdf", sample_png())}
    )
    assert response.status_code == 400
    assert "PNG" in response.json()["file"][0]


def test_assessor_cannot_download(org_a, member_factory, api_client_for):
    attachment = make_attachment(org_a)
    client = api_client_for(member_factory(org_a, Role.ASSESSOR))
    assert client.get(api(org_a, f"files/{attachment.pk}/")).status_code == 200
    assert client.get(api(org_a, f"files/{attachment.pk}/download/")).status_code == 403
    version_url = api(org_a, f"file-versions/{attachment.current_version_id}/download/")
    assert client.get(version_url).status_code == 403


def test_delete_is_soft_purge_is_for_coordinators(
    org_a, editor_a, coordinator_a, api_client_for, django_capture_on_commit_callbacks
):
    attachment = make_attachment(org_a, by=editor_a)
    editor, coordinator = api_client_for(editor_a), api_client_for(coordinator_a)
    url = api(org_a, f"files/{attachment.pk}/")
    assert editor.delete(url + "?purge=true").status_code == 403
    assert editor.delete(url).status_code == 204
    assert editor.get(url).status_code == 404
    assert editor.get(api(org_a, "files/")).json()["results"] == []
    deleted = coordinator.get(api(org_a, "files/?deleted=true")).json()["results"]
    assert [row["id"] for row in deleted] == [attachment.pk]
    assert editor.post(url + "restore/").status_code == 403
    assert coordinator.post(url + "restore/").status_code == 200
    assert editor.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert coordinator.delete(url + "?purge=true").status_code == 204
    assert coordinator.get(url).status_code == 404


def test_list_filters(org_a, editor_a, api_client_for):
    make_attachment(org_a, by=editor_a, title="รายงานประจำปี")
    make_attachment(org_a, by=editor_a, title="แผนภาพ", name="ภาพ.png", content=sample_png())
    client = api_client_for(editor_a)
    titles = [r["title"] for r in client.get(api(org_a, "files/?type=png")).json()["results"]]
    assert titles == ["แผนภาพ"]
    titles = [r["title"] for r in client.get(api(org_a, "files/?search=ประจำปี")).json()["results"]]
    assert titles == ["รายงานประจำปี"]


def test_files_of_another_organization_answer_404(org_a, org_b, member_factory, api_client_for):
    attachment = make_attachment(org_a)
    client = api_client_for(member_factory(org_b, Role.COORDINATOR))
    for url in [
        api(org_b, f"files/{attachment.pk}/"),
        api(org_b, f"files/{attachment.pk}/download/"),
        api(org_b, f"file-versions/{attachment.current_version_id}/download/"),
        api(org_a, f"files/{attachment.pk}/download/"),
    ]:
        assert client.get(url).status_code == 404, url


def test_schema_documents_the_endpoints(client, coordinator_a, client_for):
    schema = client_for(coordinator_a).get("/api/schema/?format=json").json()
    paths = schema["paths"]
    files = paths["/api/v1/orgs/{org_slug}/files/"]
    assert files["post"]["summary"] == "Upload an evidence file (multipart)"
    assert "multipart/form-data" in files["post"]["requestBody"]["content"]
    assert "400" in files["post"]["responses"]
    assert "purge" in paths["/api/v1/orgs/{org_slug}/files/{id}/"]["delete"]["description"]
    assert "/api/v1/orgs/{org_slug}/files/{id}/replace/" in paths
    download = paths["/api/v1/orgs/{org_slug}/file-versions/{id}/download/"]["get"]
    assert "application/octet-stream" in download["responses"]["200"]["content"]
    version = schema["components"]["schemas"]["FileVersion"]["properties"]
    assert {"sha256", "size", "content_type", "uploaded_by", "uploaded_at"} <= set(version)
