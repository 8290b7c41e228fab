"""The charter API: the same rules as the pages (one charter, writes only to its draft)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from customers.models import CharterCommitment, ServiceStandard
from seam_scm.tenancy.roles import Role

from ..approvals.factories import draft_version
from ..factories import OrgUnitFactory
from . import factories as f

pytestmark = pytest.mark.django_db

BASE = "/api/v1/orgs/{slug}/"


def _api(org, path: str) -> str:
    return BASE.format(slug=org.slug) + path


@pytest.fixture
def editor_api(org_a, member_factory, api_client_for):
    user = member_factory(org_a, Role.EDITOR)
    user.language = "en"
    user.save(update_fields=["language"])
    return api_client_for(user)


def test_service_charter_is_created_once_and_described(org_a, editor_api):
    empty = editor_api.get(_api(org_a, "service-charter/"))
    assert empty.status_code == 200
    assert empty.json()["document"] is None
    assert empty.json()["readiness"]["criterion"] == "5.1"
    assert empty.json()["readiness"]["met"] is False

    created = editor_api.post(_api(org_a, "service-charter/"))
    assert created.status_code == 201
    data = created.json()
    assert data["document"] and data["title"] == "กฎบัตรและมาตรฐานการให้บริการลูกค้า"
    assert data["open_version"] == data["latest_version"] == data["versions"][0]["id"]
    assert data["public_urls"] is None

    again = editor_api.post(_api(org_a, "service-charter/"))
    assert again.status_code == 400


def test_published_charter_reports_readiness_and_public_urls(org_a, editor_api):
    version = f.make_full_charter(org_a)
    f.approve_charter(org_a, version, publish=True)
    data = editor_api.get(_api(org_a, "service-charter/")).json()
    assert data["approved_version"] == data["published_version"] == version.pk
    assert data["open_version"] is None
    assert data["public_urls"]["en"].endswith(f"/p/charter/{org_a.slug}/en/")
    assert data["readiness"]["met"] is True
    assert len(data["readiness"]["checks"]) == 7
    assert data["versions"][0]["meeting_number"] == "12/2569"


def test_content_is_written_to_the_draft_and_refused_once_frozen(org_a, editor_api):
    version = f.charter_draft(org_a)
    unit = OrgUnitFactory(organization=org_a)
    commitment = editor_api.post(
        _api(org_a, "charter-commitments/"),
        {"version": version.pk, "text_th": "บริการด้วยใจ"},
        format="json",
    )
    assert commitment.status_code == 201, commitment.json()
    assert commitment.json()["order"] == 1
    standard = editor_api.post(
        _api(org_a, "service-standards/"),
        {
            "version": version.pk,
            "service_th": "ขอติดตั้งประปา",
            "service_kind": "core",
            "time_standard_th": "ภายใน 7 วันทำการ",
            "time_limit": 7,
            "metric": "ร้อยละทันเวลา",
            "target": "ร้อยละ 90",
            "measurement_method": "ระบบงาน",
            "measurement_frequency": "monthly",
            "owner_unit": unit.pk,
        },
        format="json",
    )
    assert standard.status_code == 400
    assert "time_unit" in standard.json()
    standard = editor_api.post(
        _api(org_a, "service-standards/"),
        {
            "version": version.pk,
            "service_th": "ขอติดตั้งประปา",
            "service_kind": "core",
            "time_standard_th": "ภายใน 7 วันทำการ",
            "time_limit": 7,
            "time_unit": "working_days",
            "metric": "ร้อยละทันเวลา",
            "target": "ร้อยละ 90",
            "measurement_method": "ระบบงาน",
            "measurement_frequency": "monthly",
            "owner_unit": unit.pk,
        },
        format="json",
    )
    assert standard.status_code == 201
    assert standard.json()["key"]
    step = editor_api.post(
        _api(org_a, "blueprint-steps/"),
        {"standard": standard.json()["id"], "customer_action": "ยื่น", "frontstage": "รับ"},
        format="json",
    )
    assert step.status_code == 201 and step.json()["version"] == version.pk
    emergency = editor_api.post(
        _api(org_a, "recovery-scenarios/"),
        {
            "version": version.pk,
            "situation": "emergency",
            "scenario": "ระบบล่ม",
            "trigger": "ไม่ตอบสนอง",
            "immediate_actions": "ใช้แบบฟอร์มกระดาษ",
            "owner_unit": unit.pk,
        },
        format="json",
    )
    assert emergency.status_code == 400
    assert "continuity_link" in emergency.json()
    intro = editor_api.post(
        _api(org_a, "charter-intros/"), {"version": version.pk, "title_en": "Charter"}, "json"
    )
    assert intro.status_code == 201

    f.approve_charter(org_a, version)
    commitment_url = _api(org_a, f"charter-commitments/{commitment.json()['id']}/")
    assert editor_api.patch(commitment_url, {"text_th": "เปลี่ยน"}, format="json").status_code == 400
    assert editor_api.delete(commitment_url).status_code == 400
    refused = editor_api.post(
        _api(org_a, "charter-commitments/"),
        {"version": version.pk, "text_th": "ข้อใหม่"},
        format="json",
    )
    assert refused.status_code == 400
    intro_url = _api(org_a, f"charter-intros/{intro.json()['id']}/")
    assert editor_api.patch(intro_url, {"title_en": "New"}, format="json").status_code == 400
    with scope(organization=org_a):
        assert CharterCommitment.objects.get().text_th == "บริการด้วยใจ"


def test_versions_of_other_documents_or_organizations_are_refused(org_a, org_b, editor_api):
    other_kind = draft_version(org_a)
    foreign = f.charter_draft(org_b)
    for version in (other_kind, foreign):
        response = editor_api.post(
            _api(org_a, "charter-commitments/"),
            {"version": version.pk, "text_th": "ข้อ 1"},
            format="json",
        )
        assert response.status_code == 400
        assert "version" in response.json()


def test_a_row_stays_in_its_version(org_a, editor_api):
    version = f.charter_draft(org_a)
    commitment = f.make_commitment(org_a, version=version)
    other = draft_version(org_a)
    response = editor_api.patch(
        _api(org_a, f"charter-commitments/{commitment.pk}/"),
        {"version": other.pk},
        format="json",
    )
    assert response.status_code == 400


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.SECRETARY])
def test_readers_may_read_but_not_write(org_a, member_factory, api_client_for, role):
    version = f.make_full_charter(org_a)
    client = api_client_for(member_factory(org_a, role))
    assert client.get(_api(org_a, "service-standards/")).status_code == 200
    assert client.get(_api(org_a, "service-charter/")).status_code == 200
    assert client.post(_api(org_a, "service-charter/")).status_code == 403
    response = client.post(
        _api(org_a, "charter-commitments/"),
        {"version": version.pk, "text_th": "ข้อ"},
        format="json",
    )
    assert response.status_code == 403


def test_lists_filter_by_version_and_show_only_charter_rows(org_a, editor_api):
    version = f.make_full_charter(org_a)
    f.approve_charter(org_a, version)
    from seam_scm.approvals import services as approvals

    with scope(organization=org_a):
        draft = approvals.start_new_draft(document=version.document, by=f.coordinator(org_a))
    everything = editor_api.get(_api(org_a, "service-standards/")).json()
    assert everything["count"] == 2
    only = editor_api.get(_api(org_a, f"service-standards/?version={draft.pk}")).json()
    assert [row["version"] for row in only["results"]] == [draft.pk]
    with scope(organization=org_a):
        assert ServiceStandard.objects.count() == 2


LISTS = [
    "charter-commitments/",
    "service-standards/",
    "blueprint-steps/",
    "service-guidelines/",
    "recovery-scenarios/",
    "charter-intros/",
    "service-charter/",
]


@pytest.mark.parametrize("path", LISTS)
def test_api_lists_cost_the_same_queries_for_few_and_many_rows(org_a, editor_api, path):
    version = f.make_full_charter(org_a)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert editor_api.get(_api(org_a, path)).status_code == 200
        return len(queries)

    few = count()
    for _ in range(5):
        standard = f.make_standard(org_a, version=version)
        f.make_blueprint_step(org_a, standard=standard)
        f.make_guideline(org_a, standard=standard)
        f.make_recovery(org_a, version=version, standard=standard)
        f.make_commitment(org_a, version=version)
    assert count() == few
