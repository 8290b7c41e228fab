"""API of the customer and market strategy: the same services and rules as the pages."""

import datetime as dt
import uuid

import pytest
from django_scopes import scope

from customers.models import ActionPlanItem, CustomerStrategy, KpiCascade, PlanCommunication
from seam_scm.tenancy.roles import Role

from ..factories import OrgUnitFactory
from . import factories as f

pytestmark = pytest.mark.django_db


def _api(org, resource: str, pk=None) -> str:
    url = f"/api/v1/orgs/{org.slug}/{resource}/"
    return url + (f"{pk}/" if pk is not None else "")


@pytest.fixture
def coordinator_api(org_a, coordinator_a, api_client_for):
    coordinator_a.language = "en"
    coordinator_a.save(update_fields=["language"])
    return api_client_for(coordinator_a)


def _item_data(version, unit, **overrides) -> dict:
    return {
        "version": version.pk,
        "horizon": "annual",
        "fiscal_year": 2570,
        "objective": "ลดเวลารอคอย",
        "project": "โครงการติดตั้งด่วน",
        "owner_unit": unit.pk,
        "kpi": "ร้อยละการติดตั้งตามเวลา",
        "target": "ร้อยละ 90",
        "budget": "150000.00",
        "partners": "",
        **overrides,
    }


def test_api_creates_a_strategy_and_refuses_an_overlapping_one(org_a, coordinator_api):
    response = coordinator_api.post(
        _api(org_a, "customer-strategies"), {"first_year": 2567, "last_year": 2571}, format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["title"] == "แผนยุทธศาสตร์ด้านลูกค้าและตลาด ปีงบประมาณ 2567-2571"
    assert [v["status"] for v in data["versions"]] == ["draft"]
    assert data["approved_version"] is None
    assert data["readiness"]["criterion"] == "1.1" and data["readiness"]["met"] is False
    assert len(data["readiness"]["checks"]) == 7
    response = coordinator_api.post(
        _api(org_a, "customer-strategies"), {"first_year": 2569, "last_year": 2573}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["first_year"]


def test_api_lists_strategies_with_readiness_in_few_queries(
    org_a, coordinator_api, django_assert_max_num_queries
):
    for year in range(2560, 2566):
        strategy = f.make_strategy(org_a, first_year=year, last_year=year)
        f.make_action_item(org_a, strategy=strategy, fiscal_year=year)
    with django_assert_max_num_queries(14):
        response = coordinator_api.get(_api(org_a, "customer-strategies"))
    results = response.json()["results"]
    assert [r["first_year"] for r in results] == list(range(2565, 2559, -1))
    assert all(r["readiness"]["checks"][1]["met"] is False for r in results)


def test_api_writes_items_on_drafts_and_refuses_frozen_versions(org_a, coordinator_api):
    strategy = f.make_strategy(org_a)
    unit = OrgUnitFactory(organization=org_a)
    version = f.latest_version(strategy.document)
    response = coordinator_api.post(
        _api(org_a, "action-plan-items"), _item_data(version, unit), format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["strategy"], data["missing"]) == (strategy.pk, [])
    item_id = data["id"]
    response = coordinator_api.patch(
        _api(org_a, "action-plan-items", item_id), {"budget": None}, format="json"
    )
    assert response.json()["missing"] == ["budget"]
    listed = coordinator_api.get(_api(org_a, "action-plan-items"), {"strategy": strategy.pk})
    assert [row["id"] for row in listed.json()["results"]] == [item_id]

    f.approve_strategy(strategy)
    response = coordinator_api.patch(
        _api(org_a, "action-plan-items", item_id), {"project": "แก้หลังอนุมัติ"}, format="json"
    )
    assert response.status_code == 400
    assert "Start a new draft" in response.json()[0]
    assert coordinator_api.delete(_api(org_a, "action-plan-items", item_id)).status_code == 400
    response = coordinator_api.post(
        _api(org_a, "strategic-objectives"),
        {"version": version.pk, "objective": "o", "kpi": "k", "target": "t"},
        format="json",
    )
    assert response.status_code == 400
    with scope(organization=org_a):
        assert ActionPlanItem.objects.get().project == "โครงการติดตั้งด่วน"


def test_api_refuses_rows_of_another_organization(org_a, org_b, coordinator_api):
    strategy = f.make_strategy(org_a)
    version = f.latest_version(strategy.document)
    foreign_unit = OrgUnitFactory(organization=org_b)
    response = coordinator_api.post(
        _api(org_a, "action-plan-items"), _item_data(version, foreign_unit), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["owner_unit"]
    foreign_strategy = f.make_strategy(org_b)
    foreign_version = f.latest_version(foreign_strategy.document)
    unit = OrgUnitFactory(organization=org_a)
    response = coordinator_api.post(
        _api(org_a, "action-plan-items"), _item_data(foreign_version, unit), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["version"]
    response = coordinator_api.post(
        _api(org_a, "kpi-cascades"),
        {"strategy": foreign_strategy.pk, "level": "plan", "source_key": str(uuid.uuid4()),
         "recipient_kind": "unit", "unit": unit.pk, "kpi": "k", "target": "t",
         "cascaded_on": "2026-11-25"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert list(response.json()) == ["strategy"]


def test_api_cascades_and_communicates(org_a, coordinator_api):
    strategy = f.make_strategy(org_a)
    item = f.make_action_item(org_a, strategy=strategy, partners="ผู้รับเหมา")
    version = f.approve_strategy(strategy)
    unit = OrgUnitFactory(organization=org_a)
    cascade = {
        "strategy": strategy.pk,
        "level": "strategy",
        "source_key": str(item.key),
        "recipient_kind": "unit",
        "unit": unit.pk,
        "kpi": item.kpi,
        "target": item.target,
        "cascaded_on": "2026-11-25",
    }
    response = coordinator_api.post(_api(org_a, "kpi-cascades"), cascade, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "level": ["An action plan item is cascaded at plan or project level."]
    }
    response = coordinator_api.post(
        _api(org_a, "kpi-cascades"), {**cascade, "level": "plan"}, format="json"
    )
    assert response.status_code == 201, response.json()
    response = coordinator_api.post(
        _api(org_a, "kpi-cascades"),
        {**cascade, "level": "plan", "recipient_kind": "partner", "unit": None,
         "recipient_name": "บริษัท ผู้รับเหมา จำกัด"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    for audience in ("staff", "partners"):
        response = coordinator_api.post(
            _api(org_a, "plan-communications"),
            {"strategy": strategy.pk, "version": version.pk, "audience": audience,
             "audience_detail": "ทุกคน", "communicated_on": "2026-11-25", "channel": "email"},
            format="json",
        )  # fmt: skip
        assert response.status_code == 201, response.json()
    listed = coordinator_api.get(_api(org_a, "kpi-cascades"), {"strategy": strategy.pk}).json()
    assert [r["recipient_kind"] for r in listed["results"]] == ["unit", "partner"]
    checks = coordinator_api.get(_api(org_a, "customer-strategies", strategy.pk)).json()
    assert [c["met"] for c in checks["readiness"]["checks"]][5:] == [True, True]
    with scope(organization=org_a):
        assert (KpiCascade.objects.count(), PlanCommunication.objects.count()) == (2, 2)


def test_api_communication_version_must_belong_to_the_strategy(org_a, coordinator_api):
    strategy = f.make_strategy(org_a)
    other = f.make_strategy(org_a, first_year=2572, last_year=2576)
    response = coordinator_api.post(
        _api(org_a, "plan-communications"),
        {"strategy": strategy.pk, "version": f.latest_version(other.document).pk,
         "audience": "staff", "audience_detail": "ทุกคน", "communicated_on": "2026-11-25",
         "channel": "email"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json() == {"version": ["Choose a version of this strategy."]}


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.SECRETARY])
def test_api_readers_cannot_write(role, org_a, member_factory, api_client_for):
    strategy = f.make_strategy(org_a)
    client = api_client_for(member_factory(org_a, role))
    assert client.get(_api(org_a, "customer-strategies")).status_code == 200
    assert client.get(_api(org_a, "action-plan-items")).status_code == 200
    response = client.post(
        _api(org_a, "customer-strategies"), {"first_year": 2580, "last_year": 2581}, format="json"
    )
    assert response.status_code == 403
    response = client.post(
        _api(org_a, "plan-communications"),
        {"strategy": strategy.pk, "audience": "staff", "audience_detail": "x",
         "communicated_on": "2026-11-25", "channel": "email"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 403
    with scope(organization=org_a):
        assert CustomerStrategy.objects.count() == 1


def test_api_strategy_detail_reports_the_approval(org_a, coordinator_api):
    strategy = f.make_strategy(org_a)
    f.approve_strategy(strategy, meeting_date=dt.date(2026, 11, 20))
    data = coordinator_api.get(_api(org_a, "customer-strategies", strategy.pk)).json()
    check = data["readiness"]["checks"][0]
    assert check["met"] is True
    assert "12/2569" in check["detail"]
    assert data["approved_version"] == data["latest_version"]
