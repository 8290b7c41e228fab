"""The database itself refuses to change what the board approved."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from seam_scm.approvals import services
from seam_scm.approvals.models import (
    Approval,
    DocumentVersion,
    VersionAttachment,
    VersionStatus,
)

from .factories import (
    APPROVAL_FIELDS,
    _coordinator,
    approved_version,
    draft_version,
    pdf_upload,
    version_file,
)

pytestmark = pytest.mark.django_db


def _refused(action) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


def _versions():
    return DocumentVersion.objects.with_scopes_disabled()


def _sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.mark.parametrize("column", ["title", "summary", "body", "change_note", "number"])
def test_content_of_an_approved_version_cannot_be_updated(column, org_a):
    version = approved_version(org_a)
    value = 99 if column == "number" else "แก้ไขโดยไม่ผ่านคณะกรรมการ"
    _refused(lambda: _versions().filter(pk=version.pk).update(**{column: value}))


def test_raw_sql_cannot_change_an_approved_version_either(org_a):
    version = approved_version(org_a)

    _refused(
        lambda: _sql("UPDATE approvals_documentversion SET body = 'x' WHERE id = %s", version.pk)
    )


def test_an_approved_version_cannot_be_deleted(org_a):
    version = approved_version(org_a)
    _refused(lambda: _sql("DELETE FROM approvals_documentversion WHERE id = %s", version.pk))


def test_an_approved_version_may_only_become_superseded(org_a):
    version = approved_version(org_a)
    _refused(lambda: _versions().filter(pk=version.pk).update(status=VersionStatus.DRAFT))
    _versions().filter(pk=version.pk).update(status=VersionStatus.SUPERSEDED)
    _refused(lambda: _versions().filter(pk=version.pk).update(status=VersionStatus.APPROVED))


def test_publication_of_an_approved_version_may_change(org_a):
    version = approved_version(org_a)
    _versions().filter(pk=version.pk).update(published_at=timezone.now(), public_token="t")
    assert _versions().get(pk=version.pk).public_token == "t"


def test_a_draft_can_be_changed_freely(org_a):
    version = draft_version(org_a)
    _versions().filter(pk=version.pk).update(body="ใหม่")
    assert _versions().get(pk=version.pk).body == "ใหม่"


def test_files_of_an_approved_version_cannot_be_added_changed_or_removed(org_a):
    item = version_file(org_a)
    version = item.version
    with scope(organization=org_a):
        coordinator = _coordinator(org_a)
        services.submit_version(version=version, by=coordinator)
        services.record_approval(
            version=version, by=coordinator, minutes_upload=pdf_upload(), **APPROVAL_FIELDS
        )
    with scopes_disabled():
        items = VersionAttachment.objects.filter(pk=item.pk)
        _refused(lambda: items.update(label="อื่น"))
        _refused(lambda: _sql("DELETE FROM approvals_versionattachment WHERE id = %s", item.pk))
        _refused(
            lambda: VersionAttachment.objects.create(
                organization=org_a, version=version, file_version=item.file_version, label="เพิ่ม"
            )
        )


def test_the_approval_record_itself_is_frozen(org_a):
    version = approved_version(org_a)
    with scopes_disabled():
        approvals = Approval.objects.filter(version=version)
        _refused(lambda: approvals.update(resolution="มติอื่น"))
        _refused(lambda: _sql("DELETE FROM approvals_approval WHERE version_id = %s", version.pk))


def test_publishing_a_draft_is_refused_by_the_database(org_a):
    version = draft_version(org_a)
    _refused(lambda: _versions().filter(pk=version.pk).update(published_at=timezone.now()))


def test_two_open_versions_of_one_document_are_refused_by_the_database(org_a):
    version = draft_version(org_a)
    _refused(
        lambda: DocumentVersion.objects.with_scopes_disabled().create(
            organization=org_a, document=version.document, number=2, title="ซ้อน"
        )
    )
