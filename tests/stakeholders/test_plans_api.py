"""API of relationship plans, their items and progress, and the read-only analysis endpoints."""

from decimal import Decimal

import pytest
from django_scopes import scope

from seam_scm.approvals import services as approvals
from seam_scm.approvals.models import VersionStatus
from seam_scm.tenancy.roles import Role
from seam_scm.thai.dates import current_fiscal_year
from stakeholders.models import PlanItem, PlanItemProgress, RelationshipPlan

from ..approvals.factories import draft_version
from .factories import (
    approve_plan,
    complete_stakeholder,
    department,
    line,
    make_plan,
    make_plan_item,
    make_progress,
    make_stakeholder,
    make_voice,
)

pytestmark = pytest.mark.django_db


def _api(org, resource: str, pk=None, action: str = "") -> str:
    url = f"/api/v1/orgs/{org.slug}/{resource}/"
    if pk is not None:
        url += f"{pk}/"
    return url + (f"{action}/" if action else "")


@pytest.fixture
def coordinator_api(org_a, coordinator_a, api_client_for):
    coordinator_a.language = "en"
    coordinator_a.save(update_fields=["language"])
    return api_client_for(coordinator_a)


def _item_data(version, owner_unit, stakeholder, **overrides) -> dict:
    return {
        "version": version.pk,
        "stakeholder": stakeholder.pk,
        "objective": "รักษาความเชื่อมั่นของหน่วยงานกำกับ",
        "activity": "รายงานผลการดำเนินงานรายไตรมาส",
        "channel": "หนังสือราชการ",
        "owner_unit": owner_unit.pk,
        "months": [1, 10],
        "kpi": "รายงานตรงเวลา",
        "target": "4 ครั้ง",
        "budget": "0",
        **overrides,
    }


def _latest(plan):
    with scope(organization=plan.organization):
        return plan.document.versions.order_by("-number").first()


# --- plans -----------------------------------------------------------------------------------


def test_api_creates_a_plan_for_the_current_fiscal_year_by_default(org_a, coordinator_api):
    a_line = line(org_a, name_th="สายงานบริการลูกค้า")
    response = coordinator_api.post(
        _api(org_a, "relationship-plans"), {"business_line": a_line.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    year = current_fiscal_year().year
    assert data["fiscal_year"] == year
    assert data["title"] == f"แผนการสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสีย สายงานบริการลูกค้า ปีงบประมาณ {year}"
    assert [v["status"] for v in data["versions"]] == ["draft"]
    assert data["latest_version"] == data["versions"][0]["id"]
    assert data["approved_version"] is None


def test_api_refuses_a_second_plan_for_the_line_and_year(org_a, coordinator_api):
    a_line = line(org_a, name_th="สายงานบริการลูกค้า")
    make_plan(org_a, a_line, fiscal_year=2570)
    response = coordinator_api.post(
        _api(org_a, "relationship-plans"),
        {"business_line": a_line.pk, "fiscal_year": 2570},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "fiscal_year": ["สายงานบริการลูกค้า already has a relationship plan for fiscal year 2570."]
    }


def test_api_refuses_a_business_line_of_another_organization(org_a, org_b, coordinator_api):
    foreign = line(org_b)
    response = coordinator_api.post(
        _api(org_a, "relationship-plans"), {"business_line": foreign.pk}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["business_line"]


def test_api_lists_plans_of_a_fiscal_year(org_a, coordinator_api):
    make_plan(org_a, fiscal_year=2570)
    make_plan(org_a, fiscal_year=2571)
    rows = coordinator_api.get(_api(org_a, "relationship-plans") + "?year=2571").json()["results"]
    assert [r["fiscal_year"] for r in rows] == [2571]


# --- items -----------------------------------------------------------------------------------


def test_api_adds_an_item_to_a_draft_with_a_new_key(org_a, coordinator_api):
    plan = make_plan(org_a)
    stakeholder = make_stakeholder(org_a)
    response = coordinator_api.post(
        _api(org_a, "relationship-plan-items"),
        _item_data(_latest(plan), plan.business_line, stakeholder),
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["plan"], data["months"], data["progress"], data["budget"]) == (
        plan.pk,
        [10, 1],
        None,
        "0.00",
    )
    with scope(organization=org_a):
        assert str(PlanItem.objects.get().key) == data["key"]


def test_api_item_voice_must_be_of_its_stakeholder(org_a, coordinator_api):
    plan = make_plan(org_a)
    stakeholder = make_stakeholder(org_a)
    other_voice = make_voice(org_a)
    response = coordinator_api.post(
        _api(org_a, "relationship-plan-items"),
        _item_data(_latest(plan), plan.business_line, stakeholder, voice=other_voice.pk),
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"voice": ["Choose a voice of the stakeholder the item is for."]}


def test_api_refuses_item_changes_once_the_version_is_not_a_draft(org_a, coordinator_api, english):
    item = make_plan_item(org_a)
    plan = item.version.document.relationship_plan
    approve_plan(plan)
    version = _latest(plan)
    url = _api(org_a, "relationship-plan-items", item.pk)
    responses = [
        coordinator_api.post(
            _api(org_a, "relationship-plan-items"),
            _item_data(version, item.owner_unit, item.stakeholder),
            format="json",
        ),
        coordinator_api.patch(url, {"target": "แก้ไขหลังอนุมัติ"}, format="json"),
        coordinator_api.delete(url),
    ]
    assert [r.status_code for r in responses] == [400, 400, 400]
    assert responses[1].json() == [
        "Items can only be changed while the plan's latest version is a draft or returned. "
        "Start a new draft on the approvals page to change an approved plan."
    ]
    with scope(organization=org_a):
        assert list(PlanItem.objects.values_list("target", flat=True)) == [item.target]


def test_api_updates_and_deletes_items_of_a_draft(org_a, coordinator_api):
    item = make_plan_item(org_a)
    url = _api(org_a, "relationship-plan-items", item.pk)
    response = coordinator_api.patch(url, {"months": [3, 11]}, format="json")
    assert (response.status_code, response.json()["months"]) == (200, [11, 3])
    other_version = _latest(make_plan(org_a))
    moved = coordinator_api.patch(url, {"version": other_version.pk}, format="json")
    assert moved.status_code == 400
    assert coordinator_api.delete(url).status_code == 204


def test_api_lists_the_items_of_a_plans_latest_version_with_progress(
    org_a, coordinator_a, coordinator_api
):
    item = make_plan_item(org_a)
    plan = item.version.document.relationship_plan
    make_progress(org_a, item, percent=40, result="จัดแล้ว 1 ครั้ง")
    with scope(organization=org_a):
        draft = approvals.start_new_draft(document=plan.document, by=coordinator_a)
    make_plan_item(org_a, plan, activity="เพิ่มในฉบับปรับปรุง")
    make_plan_item(org_a)  # another plan

    rows = coordinator_api.get(_api(org_a, "relationship-plan-items") + f"?plan={plan.pk}").json()
    assert [(r["version"], r["key"], r["progress"]) for r in rows["results"]] == [
        (draft.pk, str(item.key), {"percent": 40, "result": "จัดแล้ว 1 ครั้ง"}),
        (draft.pk, rows["results"][1]["key"], None),
    ]
    by_version = coordinator_api.get(
        _api(org_a, "relationship-plan-items") + f"?version={item.version_id}"
    ).json()
    assert [r["id"] for r in by_version["results"]] == [item.pk]


# --- progress --------------------------------------------------------------------------------


def test_api_records_progress_on_an_approved_item_and_updates_it(org_a, coordinator_api):
    item = make_plan_item(org_a)
    plan = item.version.document.relationship_plan
    approve_plan(plan)
    url = _api(org_a, "relationship-plan-progress")
    body = {"plan": plan.pk, "item_key": str(item.key), "percent": 30, "result": "เริ่มแล้ว"}
    first = coordinator_api.post(url, body, format="json")
    assert first.status_code == 201, first.json()
    again = coordinator_api.post(url, {**body, "percent": 60}, format="json")
    assert again.json()["id"] == first.json()["id"]
    patched = coordinator_api.patch(
        _api(org_a, "relationship-plan-progress", first.json()["id"]),
        {"percent": 100},
        format="json",
    )
    assert (patched.status_code, patched.json()["percent"], patched.json()["result"]) == (
        200,
        100,
        "เริ่มแล้ว",
    )
    with scope(organization=org_a):
        assert PlanItemProgress.objects.count() == 1


def test_api_refuses_progress_before_approval_or_out_of_range(org_a, coordinator_api):
    item = make_plan_item(org_a)
    plan = item.version.document.relationship_plan
    url = _api(org_a, "relationship-plan-progress")
    body = {"plan": plan.pk, "item_key": str(item.key), "percent": 30}
    before = coordinator_api.post(url, body, format="json")
    assert (before.status_code, before.json()) == (
        400,
        ["Progress is recorded once the board has approved the plan."],
    )
    progress = make_progress(org_a, item)
    too_much = coordinator_api.patch(
        _api(org_a, "relationship-plan-progress", progress.pk), {"percent": 150}, format="json"
    )
    assert too_much.status_code == 400
    moved = coordinator_api.patch(
        _api(org_a, "relationship-plan-progress", progress.pk),
        {"item_key": "00000000-0000-0000-0000-000000000000"},
        format="json",
    )
    assert moved.status_code == 400


# --- roles -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR])
def test_api_writes_are_refused_to_viewers_and_assessors(
    role, org_a, member_factory, api_client_for
):
    item = make_plan_item(org_a)
    plan = item.version.document.relationship_plan
    client = api_client_for(member_factory(org_a, role))
    writes = [
        client.post(_api(org_a, "relationship-plans"), {"business_line": plan.business_line_id}),
        client.post(_api(org_a, "relationship-plan-items"), {}),
        client.patch(_api(org_a, "relationship-plan-items", item.pk), {"target": "x"}),
        client.delete(_api(org_a, "relationship-plan-items", item.pk)),
        client.post(_api(org_a, "relationship-plan-progress"), {}),
    ]
    assert [r.status_code for r in writes] == [403] * 5
    reads = [
        client.get(_api(org_a, "relationship-plans")),
        client.get(_api(org_a, "relationship-plan-items", item.pk)),
        client.get(_api(org_a, "stakeholder-analysis", action="grid")),
    ]
    assert [r.status_code for r in reads] == [200] * 3
    with scope(organization=org_a):
        assert RelationshipPlan.objects.count() == 1


# --- analysis --------------------------------------------------------------------------------


def test_api_grid_gives_every_stakeholder_with_its_quadrant(org_a, coordinator_api):
    a_line = line(org_a)
    make_stakeholder(org_a, code="KEY", influence=5, interest=5, units=[(a_line, 1)])
    make_stakeholder(org_a, code="MON", influence=1, interest=2)
    data = coordinator_api.get(_api(org_a, "stakeholder-analysis", action="grid")).json()
    assert [
        (s["code"], s["influence"], s["interest"], s["quadrant"]) for s in data["stakeholders"]
    ] == [
        ("KEY", 5, 5, "manage_closely"),
        ("MON", 1, 2, "monitor"),
    ]
    assert (data["counts"]["manage_closely"], data["counts"]["monitor"], data["total"]) == (1, 1, 2)
    only_line = coordinator_api.get(
        _api(org_a, "stakeholder-analysis", action="grid") + f"?unit={a_line.pk}"
    ).json()
    assert [s["code"] for s in only_line["stakeholders"]] == ["KEY"]


def test_api_rollup_and_vos_matrix(org_a, coordinator_api):
    cs = line(org_a, "CS")
    relations, branches = department(org_a, cs, "CS-CR"), department(org_a, cs, "CS-BR")
    both = make_stakeholder(
        org_a, code="A", units=[(relations, 1), (branches, 1)], representatives=[{}]
    )
    make_voice(org_a, both, owner_unit=cs, polarity="positive")
    other = complete_stakeholder(org_a, branches, code="B")
    make_voice(org_a, other, owner_unit=cs, polarity="negative")
    rollup = coordinator_api.get(_api(org_a, "stakeholder-analysis", action="rollup")).json()
    (entry,) = rollup["lines"]
    assert (entry["line"]["code"], entry["line"]["total"]) == ("CS", 2)
    assert [(d["code"], d["total"]) for d in entry["departments"]] == [("CS-BR", 2), ("CS-CR", 1)]
    assert (rollup["organization"]["total"], rollup["not_linked"]) == (2, 0)
    matrix = coordinator_api.get(_api(org_a, "stakeholder-analysis", action="vos-matrix")).json()
    assert {r["code"]: (r["positive"], r["negative"]) for r in matrix["rows"]}["CUS"] == (1, 1)
    assert (matrix["positive"], matrix["negative"], len(matrix["top_topics"])) == (1, 1, 2)


def test_api_plan_progress_by_unit(org_a, coordinator_api):
    cs = line(org_a, "CS")
    item = make_plan_item(org_a, make_plan(org_a, cs, fiscal_year=2570), budget=Decimal("1500"))
    make_progress(org_a, item, percent=100)
    url = _api(org_a, "stakeholder-analysis", action="plan-progress")
    data = coordinator_api.get(url + "?year=2570").json()
    assert data["fiscal_year"] == 2570
    assert data["units"] == [
        {
            "unit": cs.pk,
            "code": "CS",
            "name": cs.name_th,
            "items": 1,
            "average_progress": 100.0,
            "done": 1,
            "budget": "1500.00",
        }
    ]
    assert data["total"]["items"] == 1
    empty = coordinator_api.get(url + "?year=2560").json()
    assert (empty["units"], empty["total"]) == ([], None)


def test_api_version_statuses_follow_the_approvals(org_a, coordinator_api):
    plan = make_plan(org_a)
    make_plan_item(org_a, plan)
    version = approve_plan(plan)
    data = coordinator_api.get(_api(org_a, "relationship-plans", plan.pk)).json()
    assert data["versions"] == [{"id": version.pk, "number": 1, "status": VersionStatus.APPROVED}]
    assert data["approved_version"] == version.pk


def test_api_refuses_items_on_a_version_of_another_kind_of_document(org_a, coordinator_api):
    charter = draft_version(org_a)
    response = coordinator_api.post(
        _api(org_a, "relationship-plan-items"),
        _item_data(charter, line(org_a), make_stakeholder(org_a)),
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"version": ["This version is not a relationship plan."]}
