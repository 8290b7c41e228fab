"""Uploading, replacing, deleting and purging: all or nothing, and always in history."""

import datetime as dt
import hashlib
import io
import os
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db.models import ProtectedError
from django.utils import translation
from django_scopes import scope, scopes_disabled

from seam_scm.files import services
from seam_scm.files.demo import SURVEY_CSV_V1, sample_png
from seam_scm.files.models import Attachment, DownloadLog, FileVersion
from seam_scm.tenancy.roles import Role

from .factories import PDF, make_attachment, upload

pytestmark = pytest.mark.django_db


def stored_files(settings) -> list[Path]:
    root = Path(settings.STORAGES["evidence"]["OPTIONS"]["location"])
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def rows() -> tuple[int, int]:
    with scopes_disabled():
        return Attachment.objects.count(), FileVersion.objects.count()


@pytest.fixture
def editor_a(org_a, member_factory):
    return member_factory(org_a, Role.EDITOR)


def _upload(organization, by, *, name="หลักฐาน.pdf", content=PDF, **kwargs) -> Attachment:
    fields = {"title": "รายงานประจำปี", "effective_date": dt.date(2026, 9, 30), **kwargs}
    with scope(organization=organization):
        return services.upload_attachment(
            organization=organization, uploaded_by=by, upload=upload(name, content), **fields
        )


def test_upload_keeps_the_file_its_hash_and_metadata(org_a, editor_a, settings):
    attachment = _upload(
        org_a,
        editor_a,
        name="รายงานผลการสำรวจ ปี 2569.pdf",
        description="ฉบับสมบูรณ์",
        effective_until=dt.date(2026, 12, 31),
    )
    version = attachment.current_version
    assert (version.number, version.original_name) == (1, "รายงานผลการสำรวจ ปี 2569.pdf")
    assert version.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (version.size, version.content_type) == (len(PDF), "application/pdf")
    assert version.uploaded_by == editor_a
    # Stored under the organization's prefix with a random name that says nothing.
    assert version.file.name.startswith(f"org-{org_a.id}/")
    assert "สำรวจ" not in version.file.name and not version.file.name.endswith(".pdf")
    [path] = stored_files(settings)
    assert path.read_bytes() == PDF
    with scope(organization=org_a):
        saved = Attachment.objects.get()
        assert saved.current_version_id == version.pk
        assert saved.effective_until == dt.date(2026, 12, 31)
        [created] = saved.history.all()
    assert (created.history_type, created.history_user) == ("+", editor_a)


def test_refused_upload_leaves_nothing_behind(org_a, editor_a, settings):
    with pytest.raises(ValidationError) as caught:
        _upload(org_a, editor_a, name="รายงาน.pdf", content=sample_png())
    assert list(caught.value.message_dict) == ["file"]
    assert stored_files(settings) == []
    assert rows() == (0, 0)


def test_every_problem_is_reported_at_once_and_nothing_is_stored(org_a, editor_a, settings):
    with pytest.raises(ValidationError) as caught:
        _upload(
            org_a,
            editor_a,
            content=b"",
            title="",
            effective_date=dt.date(2026, 9, 30),
            effective_until=dt.date(2026, 9, 1),
        )
    assert set(caught.value.message_dict) == {"file", "title", "effective_until"}
    assert stored_files(settings) == []


def test_effective_until_before_effective_date_is_refused(org_a, editor_a):
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            _upload(org_a, editor_a, effective_until=dt.date(2026, 1, 1))
        assert caught.value.message_dict == {
            "effective_until": ["The end of the period cannot be before its start."]
        }


def test_failure_after_the_file_was_stored_deletes_it(org_a, editor_a, settings, monkeypatch):
    def broken_save(self, *args, **kwargs):
        assert len(stored_files(settings)) == 1  # the file is stored at this point
        raise RuntimeError("database went away")

    monkeypatch.setattr(FileVersion, "save", broken_save)
    with pytest.raises(RuntimeError):
        _upload(org_a, editor_a)
    assert stored_files(settings) == []
    assert rows() == (0, 0)


class FailsWhileStoring(type(upload())):
    """Reads fine for validation, then breaks half-way through being written to storage."""

    reads = 0

    def chunks(self, chunk_size=None):
        self.reads += 1
        if self.reads == 1:
            yield from super().chunks()
        else:
            yield PDF[:100]
            raise OSError("disk full")


def test_a_half_written_file_is_removed(org_a, editor_a, settings):
    with pytest.raises(OSError), scope(organization=org_a):
        services.upload_attachment(
            organization=org_a,
            uploaded_by=editor_a,
            upload=FailsWhileStoring("หลักฐาน.pdf", PDF),
            title="รายงาน",
            effective_date=dt.date(2026, 9, 30),
        )
    assert stored_files(settings) == []
    assert rows() == (0, 0)


def test_record_of_another_organization_is_refused(org_a, org_b, editor_a, unit_a):
    with pytest.raises(ValidationError):
        _upload(org_b, editor_a, record=unit_a)
    _upload(org_a, editor_a, record=unit_a)
    with scope(organization=org_a):
        assert Attachment.objects.get().record == unit_a


def test_replace_makes_a_new_current_version_and_keeps_the_old(org_a, editor_a, settings):
    attachment = _upload(org_a, editor_a)
    first = attachment.current_version
    with scope(organization=org_a):
        second = services.replace_file(
            attachment=attachment,
            uploaded_by=editor_a,
            upload=upload("ผลสำรวจ.csv", SURVEY_CSV_V1.encode()),
        )
        attachment.refresh_from_db()
        assert attachment.current_version == second
        assert second.number == 2 and second.content_type == "text/csv"
        assert list(attachment.versions.values_list("number", flat=True)) == [2, 1]
        assert first.file.storage.exists(first.file.name)
        with first.file.open("rb") as stored:
            assert stored.read() == PDF
        latest = attachment.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("replaced", editor_a)
    assert len(stored_files(settings)) == 2


def test_refused_replacement_changes_nothing(org_a, editor_a, settings):
    attachment = _upload(org_a, editor_a)
    with pytest.raises(ValidationError), scope(organization=org_a):
        services.replace_file(
            attachment=attachment, uploaded_by=editor_a, upload=upload("ใหม่.pdf", PDF[:100])
        )
    with scope(organization=org_a):
        assert Attachment.objects.get().current_version.number == 1
    assert len(stored_files(settings)) == 1


def test_soft_delete_is_recorded_and_keeps_the_file(org_a, editor_a, settings):
    attachment = _upload(org_a, editor_a)
    with scope(organization=org_a):
        services.delete_attachment(attachment=attachment, by=editor_a)
        attachment.refresh_from_db()
        assert attachment.is_deleted and attachment.deleted_by == editor_a
        deleted = attachment.history.first()
        with pytest.raises(ValidationError):
            services.replace_file(attachment=attachment, uploaded_by=editor_a, upload=upload())
    assert (deleted.history_change_reason, deleted.history_user) == ("deleted", editor_a)
    assert len(stored_files(settings)) == 1


def test_only_a_coordinator_restores_or_purges(org_a, editor_a, coordinator_a):
    attachment = _upload(org_a, editor_a)
    with scope(organization=org_a):
        services.delete_attachment(attachment=attachment, by=editor_a)
        with pytest.raises(PermissionDenied):
            services.restore_attachment(attachment=attachment, by=editor_a)
        with pytest.raises(PermissionDenied):
            services.delete_attachment(attachment=attachment, by=editor_a, purge=True)
        services.restore_attachment(attachment=attachment, by=coordinator_a)
        attachment.refresh_from_db()
        assert not attachment.is_deleted
        restored = attachment.history.first()
    assert (restored.history_change_reason, restored.history_user) == ("restored", coordinator_a)


def test_purge_removes_rows_and_files_and_keeps_history_and_download_log(
    org_a, editor_a, coordinator_a, settings, django_capture_on_commit_callbacks
):
    attachment = _upload(org_a, editor_a)
    keep = _upload(org_a, editor_a, title="อีกไฟล์หนึ่ง")
    attachment_id = attachment.pk
    with scope(organization=org_a):
        services.replace_file(attachment=attachment, uploaded_by=editor_a, upload=upload())
        old = attachment.versions.get(number=1)
        services.record_download(version=old, user=editor_a)
        with django_capture_on_commit_callbacks(execute=True):
            services.delete_attachment(attachment=attachment, by=coordinator_a, purge=True)
        assert list(Attachment.objects.all()) == [keep]
        assert FileVersion.objects.filter(attachment_id=attachment_id).count() == 0
        [log] = DownloadLog.objects.all()
    assert log.file_version is None
    assert (log.file_name, log.sha256, log.user) == (old.original_name, old.sha256, editor_a)
    assert [p.read_bytes() for p in stored_files(settings)] == [PDF]  # only the other file
    gone = Attachment.history.filter(organization_id=org_a.id, id=attachment_id).first()
    assert (gone.history_type, gone.history_user, gone.history_change_reason) == (
        "-",
        coordinator_a,
        "purged",
    )
    version_rows = FileVersion.history.filter(
        organization_id=org_a.id, attachment_id=attachment_id, history_type="-"
    )
    assert {row.history_user for row in version_rows} == {coordinator_a}
    assert version_rows.count() == 2


def test_purge_of_a_file_another_record_keeps_is_refused_and_loses_nothing(
    org_a, editor_a, coordinator_a, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """E.g. a board approval pins the version (approvals.VersionAttachment, on_delete=PROTECT)."""
    attachment = _upload(org_a, editor_a)

    def protected(self, *args, **kwargs):
        raise ProtectedError("pinned by an approval", set())

    monkeypatch.setattr(FileVersion, "delete", protected)
    with scope(organization=org_a), django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError) as caught:
            services.delete_attachment(attachment=attachment, by=coordinator_a, purge=True)
        assert caught.value.code == "protected"
        assert Attachment.objects.get().current_version_id == attachment.current_version_id
    assert len(stored_files(settings)) == 1


def test_record_download_copies_what_was_downloaded(org_a, editor_a):
    attachment = _upload(org_a, editor_a)
    with scope(organization=org_a):
        log = services.record_download(version=attachment.current_version, user=editor_a)
    assert (log.attachment_title, log.version_number) == ("รายงานประจำปี", 1)
    assert log.organization_id == org_a.id


def test_factory_upload_helper_works(org_a):
    assert make_attachment(org_a).current_version.number == 1


def test_sweep_removes_only_old_files_no_version_refers_to(org_a, editor_a, settings):
    kept = _upload(org_a, editor_a)
    storage = kept.current_version.file.storage
    orphan = storage.save(f"org-{org_a.id}/2026/{'0' * 32}", upload())
    fresh = storage.save(f"org-{org_a.id}/2026/{'1' * 32}", upload())
    old = (dt.datetime.now() - dt.timedelta(days=2)).timestamp()
    for name in (orphan, kept.current_version.file.name):
        os.utime(storage.path(name), (old, old))

    assert services.sweep_orphan_files(older_than=dt.timedelta(hours=24), dry_run=True) == [orphan]
    assert len(stored_files(settings)) == 3
    out = io.StringIO()
    call_command("sweep_evidence", stdout=out)
    assert f"deleted {orphan}" in out.getvalue()
    assert storage.exists(kept.current_version.file.name) and storage.exists(fresh)
    assert not storage.exists(orphan)


def test_evidence_a_board_approval_keeps_cannot_be_deleted(
    org_a, coordinator_a, settings, django_capture_on_commit_callbacks
):
    from ..approvals.factories import approved_version

    version = approved_version(org_a)
    with scope(organization=org_a):
        minutes = Attachment.objects.get(versions=version.approval.minutes)
        for purge in (False, True):
            with pytest.raises(ValidationError) as caught:
                services.delete_attachment(attachment=minutes, by=coordinator_a, purge=purge)
            assert caught.value.code == "protected"
        minutes.refresh_from_db()
        assert not minutes.is_deleted
        # A new version is fine: the approval keeps the exact version it pinned.
        services.replace_file(attachment=minutes, uploaded_by=coordinator_a, upload=upload())
        version.approval.refresh_from_db()
        assert version.approval.minutes.number == 1


def test_daily_sweep_task_removes_orphans_through_the_service(monkeypatch):
    from seam_scm.files import tasks

    seen = {}

    def fake_sweep(*, older_than):
        seen["older_than"] = older_than
        return ["org-1/2026/a", "org-1/2026/b"]

    monkeypatch.setattr(tasks, "sweep_orphan_files", fake_sweep)
    assert tasks.sweep_orphaned_evidence.delay().get() == 2
    assert seen == {"older_than": dt.timedelta(hours=24)}


def test_sweep_runs_daily_from_celery_beat(settings):
    from seam_scm.files import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["sweep-orphaned-evidence"]
    assert (entry["task"], entry["schedule"]) == (tasks.sweep_orphaned_evidence.name, 86400)
