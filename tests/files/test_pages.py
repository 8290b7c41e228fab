"""The evidence pages: list, upload, detail, replace, delete, restore and downloads."""

import datetime as dt
import hashlib
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from seam_scm.files import services
from seam_scm.files.demo import SURVEY_CSV_V1, sample_png
from seam_scm.files.models import Attachment, DownloadLog
from seam_scm.tenancy.roles import Role

from .factories import PDF, make_attachment, upload

pytestmark = pytest.mark.django_db

THAI_NAME = "รายงานผลการสำรวจ ปี 2569.pdf"


def files_url(organization, suffix: str = "") -> str:
    return f"/o/{organization.slug}/files/{suffix}"


def body(response) -> bytes:
    # The test client closes a streamed response once it is read; closing it again
    # would fire request_finished and end the test's database connection.
    return b"".join(response.streaming_content)


def stored_files(settings) -> list[Path]:
    root = Path(settings.STORAGES["evidence"]["OPTIONS"]["location"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def editor_a(org_a, member_factory):
    return member_factory(org_a, Role.EDITOR)


@pytest.fixture
def attachment(org_a, editor_a):
    return make_attachment(org_a, by=editor_a, name=THAI_NAME, title="รายงานผลการสำรวจความพึงพอใจ")


def test_list_shows_the_files_of_the_organization(org_a, org_b, attachment, client_for, editor_a):
    make_attachment(org_b, title="ของอีกองค์กรหนึ่ง")
    response = client_for(editor_a).get(files_url(org_a))
    page = response.content.decode()
    assert response.status_code == 200
    assert "รายงานผลการสำรวจความพึงพอใจ" in page and THAI_NAME in page
    assert "31 มี.ค. 2569" in page  # effective date in the Buddhist Era
    assert editor_a.full_name in page
    assert "ของอีกองค์กรหนึ่ง" not in page


def test_list_searches_and_filters_by_type(org_a, attachment, editor_a, client_for):
    make_attachment(org_a, by=editor_a, name="ภาพ.png", content=sample_png(), title="แผนภาพช่องทาง")
    client = client_for(editor_a)
    page = client.get(files_url(org_a), {"q": "แผนภาพ"}).content.decode()
    assert "แผนภาพช่องทาง" in page and "รายงานผลการสำรวจ" not in page
    page = client.get(files_url(org_a), {"type": "pdf"}).content.decode()
    assert "แผนภาพช่องทาง" not in page and "รายงานผลการสำรวจ" in page


def test_deleted_files_are_listed_for_coordinators_only(
    org_a, attachment, editor_a, coordinator_a, client_for
):
    with scope(organization=org_a):
        services.delete_attachment(attachment=attachment, by=editor_a)
    assert "รายงานผลการสำรวจ" not in client_for(editor_a).get(files_url(org_a)).content.decode()
    editor_view = client_for(editor_a).get(files_url(org_a), {"deleted": "on"}).content.decode()
    assert "รายงานผลการสำรวจ" not in editor_view
    page = client_for(coordinator_a).get(files_url(org_a), {"deleted": "on"}).content.decode()
    assert "รายงานผลการสำรวจ" in page


def test_upload_page_stores_the_file_and_shows_its_sha256(org_a, editor_a, client_for):
    client = client_for(editor_a)
    form = client.get(files_url(org_a, "new/")).content.decode()
    assert 'enctype="multipart/form-data"' in form
    response = client.post(
        files_url(org_a, "new/"),
        {
            "title": "รายงานผลการสำรวจ",
            "description": "",
            "effective_date": "31/03/2569",
            "effective_until": "",
            "file": upload(THAI_NAME),
        },
    )
    with scope(organization=org_a):
        attachment = Attachment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == files_url(org_a, f"{attachment.pk}/")
    assert attachment.effective_date == dt.date(2026, 3, 31)
    detail = client.get(response["Location"]).content.decode()
    assert hashlib.sha256(PDF).hexdigest() in detail
    assert THAI_NAME in detail


def test_upload_page_shows_why_a_file_is_refused_and_keeps_nothing(
    org_a, editor_a, client_for, settings
):
    client = client_for(editor_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    editor_a.language = "en"
    editor_a.save()
    response = client.post(
        files_url(org_a, "new/"),
        {"title": "ภาพ", "effective_date": "31/03/2569", "file": upload("ภาพ.pdf", sample_png())},
    )
    assert response.status_code == 200
    assert "but the file is in PNG format" in response.content.decode()
    assert stored_files(settings) == []
    with scopes_disabled():
        assert not Attachment.objects.exists()


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.ASSESSOR, Role.VIEWER])
def test_only_editors_and_coordinators_upload(org_a, role, member_factory, client_for):
    client = client_for(member_factory(org_a, role))
    assert client.get(files_url(org_a, "new/")).status_code == 403
    response = client.post(
        files_url(org_a, "new/"), {"title": "x", "effective_date": "1/1/2569", "file": upload()}
    )
    assert response.status_code == 403


def test_replace_keeps_old_versions_downloadable(org_a, attachment, editor_a, client_for):
    client = client_for(editor_a)
    response = client.post(
        files_url(org_a, f"{attachment.pk}/replace/"),
        {"file": upload("ผลสำรวจ.csv", SURVEY_CSV_V1.encode())},
    )
    assert response.status_code == 302
    with scope(organization=org_a):
        first, second = attachment.versions.order_by("number")
    detail = client.get(files_url(org_a, f"{attachment.pk}/")).content.decode()
    for version in (first, second):
        assert files_url(org_a, f"versions/{version.pk}/download/") in detail
        assert version.sha256 in detail
    assert body(client.get(files_url(org_a, f"versions/{first.pk}/download/"))) == PDF
    current = client.get(files_url(org_a, f"{attachment.pk}/download/"))
    assert body(current) == SURVEY_CSV_V1.encode()


def test_refused_replacement_is_shown_on_the_detail_page(org_a, attachment, editor_a, client_for):
    editor_a.language = "en"
    editor_a.save()
    client = client_for(editor_a)
    response = client.post(
        files_url(org_a, f"{attachment.pk}/replace/"), {"file": upload("ว่าง.pdf", b"")}
    )
    assert response.status_code == 200
    assert "The file is empty." in response.content.decode()


def test_delete_is_soft_and_a_coordinator_restores(
    org_a, attachment, editor_a, coordinator_a, client_for
):
    editor, coordinator = client_for(editor_a), client_for(coordinator_a)
    detail = files_url(org_a, f"{attachment.pk}/")
    assert editor.post(files_url(org_a, f"{attachment.pk}/delete/")).status_code == 302
    assert editor.get(detail).status_code == 404
    assert editor.get(files_url(org_a, f"{attachment.pk}/download/")).status_code == 404
    assert editor.post(files_url(org_a, f"{attachment.pk}/restore/")).status_code == 403
    page = coordinator.get(detail).content.decode()
    assert 'data-testid="deleted-badge"' in page
    assert coordinator.get(files_url(org_a, f"{attachment.pk}/download/")).status_code == 200
    assert coordinator.post(files_url(org_a, f"{attachment.pk}/restore/")).status_code == 302
    assert editor.get(detail).status_code == 200


def test_coordinator_purges_and_the_list_remembers_who(
    org_a, attachment, coordinator_a, client_for, settings, django_capture_on_commit_callbacks
):
    client = client_for(coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(files_url(org_a, f"{attachment.pk}/delete/"), {"purge": "1"})
    assert response.status_code == 302
    assert stored_files(settings) == []
    page = client.get(files_url(org_a), {"deleted": "on"}).content.decode()
    assert 'data-testid="purged-list"' in page
    assert "รายงานผลการสำรวจความพึงพอใจ" in page and coordinator_a.full_name in page


def test_editor_cannot_purge(org_a, attachment, editor_a, client_for):
    response = client_for(editor_a).post(
        files_url(org_a, f"{attachment.pk}/delete/"), {"purge": "1"}
    )
    assert response.status_code == 403
    with scope(organization=org_a):
        assert not Attachment.objects.get().is_deleted


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.EDITOR, Role.SECRETARY, Role.VIEWER])
def test_download_streams_the_file_with_its_thai_name(
    org_a, attachment, role, member_factory, client_for
):
    reader = member_factory(org_a, role)
    response = client_for(reader).get(files_url(org_a, f"{attachment.pk}/download/"))
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(THAI_NAME)}"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    with scope(organization=org_a):
        [log] = DownloadLog.objects.all()
    assert (log.user, log.file_version, log.sha256) == (
        reader,
        attachment.current_version,
        attachment.current_version.sha256,
    )


def test_assessor_may_not_download_evidence_not_linked_to_an_assessment(
    org_a, attachment, member_factory, client_for
):
    client = client_for(member_factory(org_a, Role.ASSESSOR))
    assert client.get(files_url(org_a, f"{attachment.pk}/")).status_code == 200
    assert client.get(files_url(org_a, f"{attachment.pk}/download/")).status_code == 403
    version_url = files_url(org_a, f"versions/{attachment.current_version_id}/download/")
    assert client.get(version_url).status_code == 403
    with scope(organization=org_a):
        assert not DownloadLog.objects.exists()


def test_x_accel_redirect_hands_the_file_to_the_web_server(
    org_a, attachment, editor_a, client_for, settings
):
    settings.EVIDENCE_X_ACCEL_PREFIX = "/protected-evidence/"
    response = client_for(editor_a).get(files_url(org_a, f"{attachment.pk}/download/"))
    assert response.status_code == 200
    assert response.content == b""
    name = attachment.current_version.file.name
    assert response["X-Accel-Redirect"] == f"/protected-evidence/{name}"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(THAI_NAME)}"
    assert response["Content-Type"] == "application/pdf"
    with scope(organization=org_a):
        assert DownloadLog.objects.count() == 1


def test_files_of_another_organization_answer_404(
    org_a, org_b, attachment, member_factory, client_for
):
    outsider = client_for(member_factory(org_b, Role.COORDINATOR))
    version_pk = attachment.current_version_id
    for url in [
        files_url(org_a, f"{attachment.pk}/"),
        files_url(org_a, f"{attachment.pk}/download/"),
        files_url(org_a, f"versions/{version_pk}/download/"),
        files_url(org_b, f"{attachment.pk}/"),
        files_url(org_b, f"{attachment.pk}/download/"),
        files_url(org_b, f"versions/{version_pk}/download/"),
    ]:
        assert outsider.get(url).status_code == 404, url
    with scopes_disabled():
        assert not DownloadLog.objects.exists()


def test_detail_shows_history_and_downloads_to_a_coordinator(
    org_a, attachment, editor_a, coordinator_a, client_for
):
    client_for(editor_a).get(files_url(org_a, f"{attachment.pk}/download/"))
    page = client_for(coordinator_a).get(files_url(org_a, f"{attachment.pk}/")).content.decode()
    assert 'data-testid="downloads"' in page and editor_a.full_name in page
    assert 'data-testid="history"' in page
    editor_page = client_for(editor_a).get(files_url(org_a, f"{attachment.pk}/")).content.decode()
    assert 'data-testid="downloads"' not in editor_page


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "url", ["/o/{slug}/files/", "/o/{slug}/files/?deleted=on", "/api/v1/orgs/{slug}/files/"]
)
def test_list_query_count_does_not_grow_with_rows(url, org_a, coordinator_a, client_for):
    client = client_for(coordinator_a)
    url = url.format(slug=org_a.slug)
    client.get(url)

    def add(count: int) -> None:
        for _ in range(count):
            attachment = make_attachment(org_a, by=coordinator_a)
            with scope(organization=org_a):
                services.replace_file(
                    attachment=attachment, uploaded_by=coordinator_a, upload=upload()
                )
                if "deleted" in url:
                    services.delete_attachment(attachment=attachment, by=coordinator_a)

    add(1)
    with_one = _queries(client, url)
    add(2)
    assert _queries(client, url) == with_one
