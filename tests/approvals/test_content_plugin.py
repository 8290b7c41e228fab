"""A module's own content rides along with the version: snapshot, copy into new drafts, diff."""

import pytest
from django_scopes import scope

from seam_scm.approvals import content, services
from seam_scm.approvals.models import DocumentKind, DocumentVersion
from seam_scm.approvals.snapshot import diff_versions
from seam_scm.tenancy.roles import Role

from .factories import APPROVAL_FIELDS, draft_version, pdf_upload

pytestmark = pytest.mark.django_db


class StandardsContent(content.DocumentContent):
    """Stands in for a module: service standards kept outside the version's own fields."""

    def __init__(self):
        self.standards: dict[int, list[dict]] = {}
        self.copies: list[tuple[int, int]] = []

    def snapshot(self, version):
        return {"standards": self.standards.get(version.pk, [])}

    def copy(self, source, target):
        self.copies.append((source.number, target.number))
        self.standards[target.pk] = [dict(s) for s in self.standards.get(source.pk, [])]


@pytest.fixture
def standards(monkeypatch):
    plugin = StandardsContent()
    monkeypatch.setitem(content._registry, DocumentKind.OTHER, plugin)
    return plugin


def test_module_content_is_snapshotted_copied_and_compared(org_a, coordinator_a, standards):
    version = draft_version(org_a)
    standards.standards[version.pk] = [{"service": "ติดตั้งมาตรวัดน้ำ", "days": 7}]
    with scope(organization=org_a):
        services.submit_version(version=version, by=coordinator_a)
        approval = services.record_approval(
            version=version, by=coordinator_a, minutes_upload=pdf_upload(), **APPROVAL_FIELDS
        )
        draft = services.start_new_draft(document=version.document, by=coordinator_a)
        standards.standards[draft.pk][0]["days"] = 5
        changes = diff_versions(DocumentVersion.objects.get(pk=version.pk), draft)

    assert approval.snapshot["content"] == {"standards": [{"service": "ติดตั้งมาตรวัดน้ำ", "days": 7}]}
    assert standards.copies == [(1, 2)]
    assert [(c.field, c.old, c.new) for c in changes] == [("content.standards[1].days", "7", "5")]


def test_editing_a_draft_is_kept_in_history_with_the_editor(org_a, member_factory, client_for):
    version = draft_version(org_a)
    editor = member_factory(org_a, Role.EDITOR)
    client_for(editor).post(
        f"/o/{org_a.slug}/documents/versions/{version.pk}/edit/",
        {"title": "กฎบัตร", "summary": "", "body": "ข้อ 1 แก้ไข", "change_note": ""},
    )
    latest = DocumentVersion.history.filter(organization=org_a, id=version.pk).latest()
    assert (latest.body, latest.history_user) == ("ข้อ 1 แก้ไข", editor)
