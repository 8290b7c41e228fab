"""The complaint KPI snapshots API: everyone reads, editors and coordinators take one."""

import pytest
from django_scopes import scopes_disabled

from assessments.models import KpiSnapshot
from seam_scm.tenancy.roles import Role
from seam_scm.thai.dates import current_fiscal_year

from ..complaints.factories import make_case
from . import factories

pytestmark = pytest.mark.django_db


def api(organization, suffix: str = "") -> str:
    return f"/api/v1/orgs/{organization.slug}/kpi-snapshots/{suffix}"


def snapshot_count() -> int:
    with scopes_disabled():
        return KpiSnapshot.objects.count()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.EDITOR])
def test_editors_take_a_snapshot_of_the_years_figures(role, org_a, api_client_for):
    make_case(org_a)
    year = current_fiscal_year().year
    user = factories.member(org_a, role)
    response = api_client_for(user).post(api(org_a), {"fiscal_year": year}, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["fiscal_year"], data["taken_by"], data["taken_by_name"]) == (
        year,
        user.pk,
        user.get_full_name(),
    )
    assert str(year) in data["title"]
    assert data["figures"]["total"]["volume"] == 1
    assert [q["key"] for q in data["figures"]["quarters"]] == [f"{year}-Q{n}" for n in range(1, 5)]
    with scopes_disabled():
        assert KpiSnapshot.objects.get(pk=data["id"]).organization == org_a


def test_a_snapshot_keeps_the_title_given(org_a, api_client_for):
    client = api_client_for(factories.member(org_a, Role.EDITOR))
    response = client.post(
        api(org_a), {"fiscal_year": 2569, "title": "ตัวชี้วัดที่รายงาน สคร."}, format="json"
    )
    assert response.json()["title"] == "ตัวชี้วัดที่รายงาน สคร."


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.ASSESSOR, Role.VIEWER])
def test_other_roles_read_but_do_not_take_snapshots(role, org_a, org_b, api_client_for):
    mine = factories.make_snapshot(org_a)
    theirs = factories.make_snapshot(org_b)
    client = api_client_for(factories.member(org_a, role))
    assert client.post(api(org_a), {"fiscal_year": 2570}, format="json").status_code == 403
    assert [row["id"] for row in client.get(api(org_a)).json()["results"]] == [mine.pk]
    assert client.get(api(org_a, f"{mine.pk}/")).json()["figures"] == {"total": {"volume": 0}}
    assert client.get(api(org_a, f"{theirs.pk}/")).status_code == 404
    assert snapshot_count() == 2


def test_a_fiscal_year_is_required_and_in_the_buddhist_era(org_a, api_client_for):
    client = api_client_for(factories.member(org_a, Role.EDITOR))
    for data in ({}, {"fiscal_year": 2026}, {"fiscal_year": "ปีนี้"}):
        response = client.post(api(org_a), data, format="json")
        assert response.status_code == 400 and "fiscal_year" in response.json()
    assert snapshot_count() == 0


def test_a_snapshot_is_neither_changed_nor_deleted(org_a, api_client_for):
    snapshot = factories.make_snapshot(org_a)
    client = api_client_for(factories.member(org_a, Role.COORDINATOR))
    assert client.patch(api(org_a, f"{snapshot.pk}/"), {"title": "x"}).status_code == 405
    assert client.delete(api(org_a, f"{snapshot.pk}/")).status_code == 405
    assert snapshot_count() == 1
