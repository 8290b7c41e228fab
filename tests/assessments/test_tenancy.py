"""An assessor sees an organization's assessment only as a member of it: one who reviews two
enterprises sees each through its own address, and nothing of an enterprise they are not
assigned to (route-wide proof: tests/tenancy/test_route_isolation.py)."""

import pytest
from django.urls import reverse

from seam_scm.tenancy.roles import Role

from ..factories import MembershipFactory
from . import factories

pytestmark = pytest.mark.django_db


def _pages(org, cycle, assessment):
    return [
        reverse("assessments:cycle_detail", args=[org.slug, cycle.pk]),
        reverse("assessments:cycle_scores", args=[org.slug, cycle.pk]),
        reverse("assessments:criterion", args=[org.slug, assessment.pk]),
        f"/api/v1/orgs/{org.slug}/assessment-cycles/{cycle.pk}/document/",
    ]


def test_an_assessor_of_one_enterprise_sees_nothing_of_another(org_a, org_b, client_for):
    cycle = factories.review_cycle(org_a)
    assessment = factories.criterion(cycle)
    assessor_of_b = factories.member(org_b, Role.ASSESSOR)
    client = client_for(assessor_of_b)
    for url in _pages(org_a, cycle, assessment):
        assert client.get(url).status_code == 404, url
    # Nor through their own enterprise's address.
    assert client.get(_pages(org_b, cycle, assessment)[0]).status_code == 404


def test_an_assessor_assigned_to_both_sees_each_through_its_own_address(org_a, org_b, client_for):
    cycle_a, cycle_b = factories.review_cycle(org_a), factories.review_cycle(org_b)
    assessor = factories.member(org_a, Role.ASSESSOR)
    MembershipFactory(organization=org_b, user=assessor, role=Role.ASSESSOR)
    client = client_for(assessor)
    for org, cycle in ((org_a, cycle_a), (org_b, cycle_b)):
        for url in _pages(org, cycle, factories.criterion(cycle)):
            assert client.get(url).status_code == 200, url
    # One enterprise's cycle through the other's address: 404, not a leak.
    assert client.get(_pages(org_b, cycle_a, factories.criterion(cycle_a))[0]).status_code == 404


def test_an_assessor_downloads_a_file_only_once_an_assessment_links_it(org_a, org_b, client_for):
    from ..files.factories import make_attachment

    cycle = factories.review_cycle(org_a)
    attachment = make_attachment(org_a, title="มติคณะกรรมการ")
    url = reverse("files:download", args=[org_a.slug, attachment.pk])
    assessor = factories.member(org_a, Role.ASSESSOR)
    assert client_for(assessor).get(url).status_code in {403, 404}
    factories.link(factories.criterion(cycle), "file", attachment)
    assert client_for(assessor).get(url).status_code == 200
    # Linked in org A's cycle does not open it to an assessor of org B.
    assert client_for(factories.member(org_b, Role.ASSESSOR)).get(url).status_code == 404
