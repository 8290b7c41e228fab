"""The cycle pages cost the same number of queries whatever the number of criteria, evidence
links, comments and cycles."""

import copy
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from assessments.library import export_version, load_version
from seam_scm.tenancy.roles import Role

from ..factories import OrgUnitFactory
from . import factories

pytestmark = pytest.mark.django_db

PAGES = ["", "scores/"]
DUE = dt.date(2026, 1, 15)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def _page(organization, cycle, suffix: str) -> str:
    return f"/o/{organization.slug}/assessments/{cycle.pk}/{suffix}"


def _client(organization, client_for, role=Role.COORDINATOR):
    client = client_for(factories.member(organization, role))
    client.get(f"/o/{organization.slug}/")  # remembers the organization as the last one used
    return client


def _codes(cycle) -> list[str]:
    with scopes_disabled():
        return list(cycle.criteria.values_list("criterion__code", flat=True))


def _fill(cycle, codes: list[str], *, links_each: int = 1) -> None:
    """Claims with owners and units, evidence links and comment threads on these criteria."""
    organization = cycle.organization
    owner, assessor = factories.member(organization), factories.member(organization, Role.ASSESSOR)
    for code in codes:
        unit = OrgUnitFactory(organization=organization)
        factories.claim(cycle, code, 3, owner=owner, responsible_unit=unit, due_date=DUE)
        assessment = factories.criterion(cycle, code)
        for _ in range(links_each):
            factories.link_file(assessment, by=owner, artefact="board_resolution")
        thread = factories.comment(assessment, by=assessor)
        factories.comment(assessment, "แนบแล้ว", by=owner, role=Role.EDITOR, parent=thread)
        factories.comment(assessment, by=assessor)


@pytest.mark.parametrize("suffix", PAGES)
def test_the_page_costs_the_same_for_one_link_as_for_many(suffix, org_a, client_for):
    cycle = factories.make_cycle(org_a)
    codes = _codes(cycle)
    client = _client(org_a, client_for)
    _fill(cycle, codes[:1])
    with_one = _queries(client, _page(org_a, cycle, suffix))
    _fill(cycle, codes[1:], links_each=2)
    assert _queries(client, _page(org_a, cycle, suffix)) == with_one


def _bigger_version():
    """The SE-AM version with three times the criteria (the same artefacts), as another
    framework."""
    with scopes_disabled():
        data = export_version(factories.framework_version())
    data["framework"]["code"] = "seam-scm-large"
    data["version"]["label"] = "ใหญ่"

    def grow(nodes):
        for node in nodes:
            children = node.get("children") or []
            grow(children)
            criteria = [child for child in children if child["kind"] == "criterion"]
            for number in (2, 3):
                for criterion in criteria:
                    twin = copy.deepcopy(criterion)
                    twin["code"] = f"{criterion['code']}-{number}"
                    children.append(twin)

    grow(data["nodes"])
    with scopes_disabled():
        return load_version(data, publish=True)


@pytest.mark.parametrize("suffix", PAGES)
def test_the_page_costs_the_same_for_a_bigger_framework(suffix, org_a, client_for):
    small = factories.make_cycle(org_a)
    big_version = _bigger_version()
    big = factories.make_cycle(org_a, code="seam-scm-large")
    assert big.framework_version_id == big_version.pk
    assert len(_codes(big)) == 3 * len(_codes(small))
    for cycle in (small, big):
        _fill(cycle, _codes(cycle))
    client = _client(org_a, client_for)
    assert _queries(client, _page(org_a, big, suffix)) == _queries(
        client, _page(org_a, small, suffix)
    )


def test_the_list_costs_the_same_for_one_cycle_as_for_many(org_a, client_for):
    client = _client(org_a, client_for)
    factories.make_cycle(org_a, fiscal_year=2570)
    url = f"/o/{org_a.slug}/assessments/"
    with_one = _queries(client, url)
    factories.final_cycle(org_a, fiscal_year=2568)
    factories.submitted_cycle(org_a, fiscal_year=2569)
    factories.make_cycle(org_a, code=factories.BOT, fiscal_year=2570)
    assert _queries(client, url) == with_one
