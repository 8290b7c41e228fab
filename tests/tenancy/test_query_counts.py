"""Lists cost the same number of queries for 1 row as for 3: no query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seam_scm.tenancy.roles import Role

from ..factories import MembershipFactory, OrgUnitFactory

LISTS = [
    "/o/{slug}/",
    "/o/{slug}/units/",
    "/o/{slug}/members/",
    "/api/v1/orgs/{slug}/units/",
    "/api/v1/orgs/{slug}/members/",
]


def _add_rows(organization, count: int) -> None:
    for _ in range(count):
        line = OrgUnitFactory(organization=organization)
        MembershipFactory(organization=organization, role=Role.EDITOR, unit=line)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", LISTS)
def test_list_query_count_does_not_grow_with_rows(url, org_a, coordinator_a, client_for):
    client = client_for(coordinator_a)
    url = url.format(slug=org_a.slug)
    client.get(url)  # the first visit also remembers the organization as the last one used
    _add_rows(org_a, 1)
    with_one = _queries(client, url)
    _add_rows(org_a, 2)
    assert _queries(client, url) == with_one
