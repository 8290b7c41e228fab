"""The governed-document API follows the same rules as the pages."""

import pytest
from django_scopes import scope

from seam_scm.approvals.models import Approval, VersionStatus
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


def test_document_life_through_the_api(org_a, member_factory, api_client_for):
    coordinator = api_client_for(member_factory(org_a, Role.COORDINATOR))
    editor = api_client_for(member_factory(org_a, Role.EDITOR))
    secretary = api_client_for(member_factory(org_a, Role.SECRETARY))
    base = f"/api/v1/orgs/{org_a.slug}"

    created = coordinator.post(
        f"{base}/documents/",
        {"kind": "other", "title": "กฎบัตรการให้บริการ"},
        format="json",
    )
    assert created.status_code == 201
    version_id = created.json()["versions"][0]["id"]

    edited = editor.patch(
        f"{base}/document-versions/{version_id}/", {"body": "ข้อ 1"}, format="json"
    )
    assert (edited.status_code, edited.json()["body"]) == (200, "ข้อ 1")
    assert editor.post(f"{base}/document-versions/{version_id}/submit/").json()["status"] == (
        "submitted"
    )

    def approval() -> dict:
        return {**APPROVAL_FIELDS, "meeting_date": "2026-11-20", "minutes_file": pdf_upload()}

    refused = editor.post(f"{base}/document-versions/{version_id}/approve/", approval())
    assert refused.status_code == 403
    approved = secretary.post(f"{base}/document-versions/{version_id}/approve/", approval())
    assert approved.status_code == 200
    body = approved.json()
    assert body["status"] == VersionStatus.APPROVED
    assert body["approval"]["meeting_number"] == "12/2569"
    assert body["approval"]["snapshot"]["version"]["body"] == "ข้อ 1"
    assert [t["to_status"] for t in body["transitions"]] == ["draft", "submitted", "approved"]

    frozen = editor.patch(f"{base}/document-versions/{version_id}/", {"body": "แก้"}, format="json")
    assert frozen.status_code == 400

    published = secretary.post(f"{base}/document-versions/{version_id}/publish/")
    assert published.json()["public_token"]


def test_approving_a_draft_answers_400_and_stores_no_minutes(org_a, member_factory, api_client_for):
    version = draft_version(org_a)
    secretary = api_client_for(_english(member_factory(org_a, Role.SECRETARY)))
    response = secretary.post(
        f"/api/v1/orgs/{org_a.slug}/document-versions/{version.pk}/approve/",
        {**APPROVAL_FIELDS, "meeting_date": "2026-11-20", "minutes_file": pdf_upload()},
    )
    assert response.status_code == 400
    assert response.json() == ["Only a submitted version can be approved."]
    with scope(organization=org_a):
        assert list(Approval.objects.all()) == []


def test_return_needs_a_reason(org_a, member_factory, api_client_for):
    version = submitted_version(org_a)
    secretary = api_client_for(_english(member_factory(org_a, Role.SECRETARY)))
    url = f"/api/v1/orgs/{org_a.slug}/document-versions/{version.pk}/return/"
    assert secretary.post(url, {"reason": ""}, format="json").status_code == 400
    returned = secretary.post(url, {"reason": "ปรับถ้อยคำ"}, format="json")
    assert returned.json()["transitions"][-1]["reason"] == "ปรับถ้อยคำ"


def test_diff_and_new_draft_endpoints(org_a, member_factory, api_client_for):
    version = approved_version(org_a, body="เดิม")
    coordinator = api_client_for(member_factory(org_a, Role.COORDINATOR))
    base = f"/api/v1/orgs/{org_a.slug}"
    draft = coordinator.post(f"{base}/documents/{version.document_id}/new-draft/")
    assert (draft.status_code, draft.json()["number"]) == (201, 2)
    coordinator.patch(
        f"{base}/document-versions/{draft.json()['id']}/", {"body": "ใหม่"}, format="json"
    )
    diff = coordinator.get(f"{base}/documents/{version.document_id}/diff/?from=1&to=2")
    assert diff.json() == [{"field": "version.body", "old": "เดิม", "new": "ใหม่", "kind": "changed"}]


def test_register_endpoint_filters_by_fiscal_year(org_a, member_factory, api_client_for):
    approved_version(org_a)
    viewer = api_client_for(member_factory(org_a, Role.VIEWER))
    in_year = viewer.get(f"/api/v1/orgs/{org_a.slug}/approvals/?year=2570").json()["results"]
    other_year = viewer.get(f"/api/v1/orgs/{org_a.slug}/approvals/?year=2569").json()["results"]
    assert ([a["meeting_number"] for a in in_year], other_year) == (["12/2569"], [])
