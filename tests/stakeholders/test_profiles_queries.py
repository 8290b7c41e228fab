"""The stakeholder pages and API lists cost the same number of queries for 1 row as for 3."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from seam_scm.tenancy.roles import Role
from stakeholders import record_services
from stakeholders.models import PlanItem, StakeholderGroup

from ..approvals.factories import draft_version
from ..factories import MembershipFactory
from ..files.factories import PDF, upload
from .factories import (
    department,
    line,
    make_engagement,
    make_risk,
    make_stakeholder,
    make_team_member,
    make_voice,
)

pytestmark = pytest.mark.django_db

LISTS = [
    "/o/{slug}/stakeholders/",
    "/o/{slug}/stakeholders/?incomplete=1&stale=1&q=%E0%B8%8A",
    "/o/{slug}/stakeholders/engagements/",
    "/o/{slug}/stakeholders/team/",
    "/o/{slug}/stakeholders/groups/",
    "/api/v1/orgs/{slug}/stakeholders/",
    "/api/v1/orgs/{slug}/stakeholder-voices/",
    "/api/v1/orgs/{slug}/stakeholder-risks/",
    "/api/v1/orgs/{slug}/stakeholder-engagements/",
    "/api/v1/orgs/{slug}/stakeholder-groups/",
    "/api/v1/orgs/{slug}/stakeholder-team/",
]


def _add_rows(organization, count: int, stakeholder=None) -> None:
    """Profiles with everything a list shows: units, contacts, VOS, risks, minutes, the team."""
    for _ in range(count):
        business_line = line(organization)
        unit = department(organization, business_line)
        profile = stakeholder or make_stakeholder(
            organization,
            name_th="ชุมชนทดสอบ",
            key_issues="",
            last_reviewed=None,
            units=[(business_line, 1), (unit, 2)],
            representatives=[{"name": "ผู้แทน"}],
        )
        voice = make_voice(organization, profile, owner_unit=unit)
        make_risk(organization, profile, owner_unit=unit, voices=[voice])
        engagement = make_engagement(organization, [profile])
        user = MembershipFactory(organization=organization, role=Role.EDITOR).user
        with scope(organization=organization):
            record_services.save_engagement(
                engagement=engagement,
                stakeholders=[profile],
                minutes=upload("รายงาน.pdf", PDF),
                uploaded_by=user,
            )
            PlanItem.objects.create(
                organization=organization, version=draft_version(organization), key=uuid.uuid4(),
                stakeholder=profile, voice=voice, objective="o", activity="a", owner_unit=unit,
                kpi="k", target="t",
            )  # fmt: skip
            StakeholderGroup.objects.create(
                organization=organization, code=f"G{uuid.uuid4().hex[:6]}", name_th="กลุ่ม"
            )
        make_team_member(organization, business_line, user=user)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", LISTS)
def test_stakeholder_list_query_count_does_not_grow_with_rows(
    url, org_a, coordinator_a, client_for
):
    client = client_for(coordinator_a)
    url = url.format(slug=org_a.slug)
    client.get(url)  # the first visit also remembers the organization as the last one used
    _add_rows(org_a, 1)
    with_one = _queries(client, url)
    _add_rows(org_a, 2)
    assert _queries(client, url) == with_one


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ASSESSOR])
def test_profile_page_query_count_does_not_grow_with_its_records(
    role, org_a, member_factory, client_for
):
    stakeholder = make_stakeholder(org_a, representatives=[{"name": "ผู้แทน"}])
    client = client_for(member_factory(org_a, role))
    url = f"/o/{org_a.slug}/stakeholders/{stakeholder.pk}/"
    client.get(url)
    _add_rows(org_a, 1, stakeholder=stakeholder)
    with_one = _queries(client, url)
    _add_rows(org_a, 2, stakeholder=stakeholder)
    assert _queries(client, url) == with_one
