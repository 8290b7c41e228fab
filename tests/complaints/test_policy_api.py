"""The policy API: lists of the version in force (or another), writes only to the draft with
the services' messages, forged ids of another organization, roles, readiness, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from complaints import policy_selectors as selectors
from complaints import policy_services as services
from complaints.models import ComplaintChannel, TimeStandard
from seam_scm.approvals import services as approvals
from seam_scm.approvals.models import DocumentVersion
from seam_scm.tenancy.roles import Role

from ..approvals.factories import draft_version
from ..factories import OrgUnitFactory
from . import factories as f

pytestmark = pytest.mark.django_db


def api(org, path: str) -> str:
    return f"/api/v1/orgs/{org.slug}/{path}"


@pytest.fixture
def editor_api(org_a, member_factory, api_client_for):
    user = member_factory(org_a, Role.EDITOR)
    user.language = "en"
    user.save(update_fields=["language"])
    return api_client_for(user)


def draft(organization):
    by = f.member(organization, Role.COORDINATOR)
    with scope(organization=organization):
        document = selectors.policy_document() or services.create_policy(
            organization=organization, by=by
        )
        return document.versions.order_by("-number").first()


def new_draft(organization, version):
    with scope(organization=organization):
        return approvals.start_new_draft(
            document=version.document, by=f.member(organization, Role.COORDINATOR)
        )


def test_lists_show_the_policy_in_force_unless_another_version_is_asked(org_a, editor_api):
    first = draft(org_a)
    assert editor_api.get(api(org_a, "complaint-channels/")).json()["count"] == 0
    only = editor_api.get(api(org_a, f"complaint-channels/?version={first.pk}")).json()
    assert only["count"] == 9
    version = f.approved_policy(org_a)
    draft_ = new_draft(org_a, version)
    for path, count in [
        ("complaint-channels/", 9),
        ("complaint-categories/", 6),
        ("complaint-time-standards/", 24),
        ("complaint-escalation-rules/", 3),
    ]:
        in_force = editor_api.get(api(org_a, path)).json()
        assert in_force["count"] == count, path
        assert {row["version"] for row in in_force["results"]} == {version.pk}, path
        of_draft = editor_api.get(api(org_a, f"{path}?version={draft_.pk}")).json()
        assert {row["version"] for row in of_draft["results"]} == {draft_.pk}, path
    codes = [row["code"] for row in editor_api.get(api(org_a, "complaint-categories/")).json()[
        "results"
    ]]  # fmt: skip
    assert codes == ["SRV", "STF", "BIL", "PRD", "INF", "ETH"]


def test_content_is_written_to_the_draft_through_the_services(org_a, editor_api):
    version = draft(org_a)
    channel = editor_api.post(
        api(org_a, "complaint-channels/"),
        {"version": version.pk, "kind": "other", "name_th": "ตู้รับเรื่อง", "key": "forged"},
        format="json",
    )
    assert channel.status_code == 201, channel.json()
    assert channel.json()["order"] == 10 and channel.json()["key"]
    url = api(org_a, f"complaint-channels/{channel.json()['id']}/")
    patched = editor_api.patch(url, {"is_active": False, "contact": " ชั้น 1 "}, format="json")
    assert patched.status_code == 200
    assert patched.json()["key"] == channel.json()["key"]
    assert patched.json()["contact"] == "ชั้น 1"

    duplicate = editor_api.post(
        api(org_a, "complaint-categories/"),
        {"version": version.pk, "code": "SRV", "name_th": "ซ้ำ"},
        format="json",
    )
    assert duplicate.status_code == 400
    assert duplicate.json() == {"code": [str(services.DUPLICATE_CODE)]}
    category = editor_api.post(
        api(org_a, "complaint-categories/"),
        {"version": version.pk, "code": "WTR", "name_th": "คุณภาพน้ำ"},
        format="json",
    )
    assert category.status_code == 201
    standard = {
        "category": category.json()["id"],
        "severity": "high",
        "acknowledge_within": 2,
        "acknowledge_unit": "working_hours",
        "resolve_within": 3,
        "resolve_unit": "working_days",
    }
    created = editor_api.post(api(org_a, "complaint-time-standards/"), standard, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["version"] == version.pk
    again = editor_api.post(api(org_a, "complaint-time-standards/"), standard, format="json")
    assert again.status_code == 400
    assert again.json() == {"severity": [str(services.DUPLICATE_STANDARD)]}
    invalid = editor_api.post(
        api(org_a, "complaint-time-standards/"),
        {**standard, "severity": "low", "resolve_within": 0},
        format="json",
    )
    assert invalid.status_code == 400 and "resolve_within" in invalid.json()

    nobody = editor_api.post(
        api(org_a, "complaint-escalation-rules/"),
        {"version": version.pk, "clock": "acknowledgement", "notify_handler": False,
         "notify_unit_head": False},
        format="json",
    )  # fmt: skip
    assert nobody.status_code == 400
    assert str(services.NOBODY_NOTIFIED) in str(nobody.json())
    unit = OrgUnitFactory(organization=org_a)
    rule = editor_api.post(
        api(org_a, "complaint-escalation-rules/"),
        {"version": version.pk, "clock": "acknowledgement", "hours_before_due": 2,
         "escalate_to": unit.pk},
        format="json",
    )  # fmt: skip
    assert rule.status_code == 201 and rule.json()["escalate_to"] == unit.pk

    deleted = editor_api.delete(api(org_a, f"complaint-categories/{category.json()['id']}/"))
    assert deleted.status_code == 204
    with scope(organization=org_a):
        assert not TimeStandard.objects.filter(category_id=category.json()["id"]).exists()


def test_writes_to_an_approved_version_are_refused_with_the_message(org_a, editor_api):
    version = f.approved_policy(org_a)
    with scope(organization=org_a):
        channel = version.complaint_channels.first()
        standard = version.complaint_time_standards.first()
    url = api(org_a, f"complaint-channels/{channel.pk}/")
    refused = editor_api.patch(url, {"name_th": "เปลี่ยน"}, format="json")
    assert refused.status_code == 400
    assert refused.json() == [str(services.NOT_EDITABLE)]
    assert editor_api.delete(url).status_code == 400
    assert (
        editor_api.delete(api(org_a, f"complaint-time-standards/{standard.pk}/")).status_code == 400
    )
    created = editor_api.post(
        api(org_a, "complaint-channels/"),
        {"version": version.pk, "kind": "other", "name_th": "ใหม่"},
        format="json",
    )
    assert created.status_code == 400
    with scope(organization=org_a):
        assert ComplaintChannel.objects.get(pk=channel.pk).name_th == channel.name_th
    # A draft started afterwards takes the writes; its rows cannot move to another version.
    draft_ = new_draft(org_a, version)
    with scope(organization=org_a):
        copy = draft_.complaint_channels.get(key=channel.key)
    moved = editor_api.patch(
        api(org_a, f"complaint-channels/{copy.pk}/"), {"version": version.pk}, format="json"
    )
    assert moved.status_code == 400 and "version" in moved.json()


def test_forged_ids_of_another_organization_or_document_are_refused(org_a, org_b, editor_api):
    version = draft(org_a)
    foreign = draft(org_b)
    foreign_unit = OrgUnitFactory(organization=org_b)
    other_kind = draft_version(org_a)
    with scope(organization=org_b):
        foreign_category = foreign.complaint_categories.first()
        foreign_channel = foreign.complaint_channels.first()
    for target in (foreign, other_kind):
        response = editor_api.post(
            api(org_a, "complaint-channels/"),
            {"version": target.pk, "kind": "other", "name_th": "x"},
            format="json",
        )
        assert response.status_code == 400 and "version" in response.json()
    response = editor_api.post(
        api(org_a, "complaint-time-standards/"),
        {"category": foreign_category.pk, "severity": "low", "acknowledge_within": 1,
         "resolve_within": 1},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and "category" in response.json()
    response = editor_api.post(
        api(org_a, "complaint-escalation-rules/"),
        {"version": version.pk, "clock": "resolution", "escalate_to": foreign_unit.pk},
        format="json",
    )
    assert response.status_code == 400 and "escalate_to" in response.json()
    foreign_url = api(org_a, f"complaint-channels/{foreign_channel.pk}/")
    assert editor_api.get(foreign_url).status_code == 404
    assert editor_api.patch(foreign_url, {"name_th": "x"}, format="json").status_code == 404
    assert editor_api.get(api(org_a, f"complaint-channels/?version={foreign.pk}")).json()[
        "count"
    ] == 0  # fmt: skip
    with scope(organization=org_a):
        assert version.complaint_channels.count() == 9


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.SECRETARY])
def test_readers_may_read_but_not_write(org_a, member_factory, api_client_for, role):
    version = draft(org_a)
    with scope(organization=org_a):
        channel = version.complaint_channels.first()
    client = api_client_for(member_factory(org_a, role))
    assert client.get(api(org_a, f"complaint-channels/?version={version.pk}")).status_code == 200
    assert client.get(api(org_a, f"complaint-channels/{channel.pk}/")).status_code == 200
    assert client.get(api(org_a, "complaint-policy/")).status_code == 200
    assert client.post(api(org_a, "complaint-policy/")).status_code == 403
    response = client.post(
        api(org_a, "complaint-channels/"),
        {"version": version.pk, "kind": "other", "name_th": "x"},
        format="json",
    )
    assert response.status_code == 403
    url = api(org_a, f"complaint-channels/{channel.pk}/")
    assert client.patch(url, {"name_th": "x"}, format="json").status_code == 403
    assert client.delete(url).status_code == 403


def test_policy_endpoint_declares_the_policy_and_reports_criterion_5_3_level_1(org_a, editor_api):
    before = editor_api.get(api(org_a, "complaint-policy/"))
    assert before.status_code == 200
    assert before.json()["document"] is None
    data = before.json()["readiness"]
    assert (data["criterion"], data["level"], data["met"]) == ("5.3", 1, False)
    assert data["checks"][0]["detail"] == "The organization has no complaint handling policy yet."
    created = editor_api.post(api(org_a, "complaint-policy/"))
    assert created.status_code == 201
    policy = created.json()
    assert policy["open_version"] and policy["version_in_force"] is None
    assert editor_api.post(api(org_a, "complaint-policy/")).status_code == 400
    with scope(organization=org_a):
        version = DocumentVersion.objects.get(pk=policy["open_version"])
        assert version.complaint_channels.count() == 9
        version.body = "นโยบายการจัดการข้อร้องเรียน"
        approvals.save_draft(version)
    f.approved_policy(org_a)
    policy = editor_api.get(api(org_a, "complaint-policy/")).json()
    assert policy["version_in_force"] == version.pk
    assert policy["versions"][0]["status"] == "approved"
    data = policy["readiness"]
    assert data["met"] is True
    assert [check["met"] for check in data["checks"]] == [True, True, True]
    assert data["checks"][0]["url"] == f"/o/{org_a.slug}/complaints/policy/"


@pytest.mark.parametrize(
    "path",
    [
        "complaint-channels/",
        "complaint-categories/",
        "complaint-time-standards/",
        "complaint-escalation-rules/",
        "complaint-policy/",
    ],
)
def test_api_lists_cost_the_same_queries_for_few_and_many_rows(org_a, editor_api, path):
    version = f.approved_policy(org_a)
    draft_ = new_draft(org_a, version)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = editor_api.get(api(org_a, f"{path}?version={draft_.pk}"))
            assert response.status_code == 200
        return len(queries)

    few = count()
    unit = OrgUnitFactory(organization=org_a)
    with scope(organization=org_a):
        for n in range(5):
            services.save_channel(
                ComplaintChannel(organization=org_a, version=draft_, kind="other", name_th=f"{n}")
            )
            category = services.save_category(
                draft_.complaint_categories.model(
                    organization=org_a, version=draft_, code=f"X{n}", name_th="x"
                )
            )
            services.save_time_standard(
                TimeStandard(organization=org_a, category=category, severity="low",
                             acknowledge_within=1, resolve_within=1)
            )  # fmt: skip
            services.save_escalation_rule(
                draft_.complaint_escalation_rules.model(
                    organization=org_a, version=draft_, clock="resolution", escalate_to=unit
                )
            )
    assert count() == few
