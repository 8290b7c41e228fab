"""The complaints overview: criterion 5.3's readiness, the policy and its channels, the cases'
clocks, this fiscal year's KPIs and the public form, on one page for every role."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from seam_scm.tenancy.roles import Role

from .factories import approved_policy, make_case, move


def overview_url(organization) -> str:
    return reverse("complaints:overview", kwargs={"org_slug": organization.slug})


@pytest.mark.django_db
def test_before_any_policy_the_overview_says_what_is_missing(org_a, member_factory, client_for):
    response = client_for(member_factory(org_a, Role.VIEWER)).get(overview_url(org_a))
    assert response.status_code == 200
    assert response.context["readiness"].met is False
    assert response.context["policy_version"] is None
    assert response.context["public_form"] == ""


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_the_policy_channels_clocks_and_kpis(
    role, org_a, member_factory, client_for
):
    version = approved_policy(org_a)
    overdue = make_case(org_a, received_at=timezone.now() - dt.timedelta(days=30))
    make_case(
        org_a,
        complainant_name="นางสาวมาลี ใจดี",
        complainant_phone="0812345678",
        lawful_basis="public_task",
    )
    move(overdue, "acknowledge")
    response = client_for(member_factory(org_a, role)).get(overview_url(org_a))
    assert response.status_code == 200
    context = response.context
    assert context["policy_version"] == version
    assert context["sla"]["open"] == 2 and context["sla"]["overdue"] == 1
    assert context["figures"].volume == 2
    assert context["public_form"].endswith(f"/p/complaints/{org_a.slug}/")
    html = response.content.decode()
    assert "ศูนย์ดำรงธรรม 1567" in html
    # The overview holds no complainant's data, whoever reads it.
    assert "มาลี" not in html and "0812345678" not in html


@pytest.mark.django_db
def test_overview_queries_do_not_grow_with_cases(
    org_a, member_factory, client_for, django_assert_max_num_queries
):
    approved_policy(org_a)
    client = client_for(member_factory(org_a, Role.COORDINATOR))
    make_case(org_a)
    with django_assert_max_num_queries(40) as few:
        client.get(overview_url(org_a))
    for _ in range(5):
        make_case(org_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(overview_url(org_a))
