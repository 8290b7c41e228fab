"""Response times of the pages people open most, on the demo data (`make bench`)."""

import pytest
from django.core.management import call_command
from django.test import Client
from django_scopes import scopes_disabled

from assessments.models import AssessmentCycle
from seam_scm.accounts.models import User

pytestmark = pytest.mark.django_db

PAGES = [
    "/o/lwa/",
    "/o/lwa/units/",
    "/o/lwa/members/",
    "/api/v1/orgs/lwa/units/",
    "/api/v1/orgs/lwa/members/",
    "/o/lwa/documents/",
    "/o/lwa/files/",
    "/o/lwa/stakeholders/",
    "/o/lwa/stakeholders/grid/",
    "/o/lwa/stakeholders/rollup/",
    "/o/lwa/stakeholders/vos-matrix/",
    "/api/v1/orgs/lwa/stakeholders/",
    "/o/lwa/customers/",
    "/o/lwa/customers/voc/",
    "/o/lwa/customers/voc/comparison/",
    "/o/lwa/customers/surveys/trends/",
    "/o/lwa/customers/charter/",
    "/p/charter/lwa/",
    "/api/v1/orgs/lwa/voc/",
    "/o/lwa/complaints/",
    "/o/lwa/complaints/policy/",
    "/o/lwa/complaints/cases/",
    "/o/lwa/complaints/kpis/",
    "/o/lwa/complaints/kpis/?period=quarter&by=channel",
    "/p/complaints/lwa/",
    "/api/v1/orgs/lwa/complaint-cases/",
    "/api/v1/orgs/lwa/complaint-kpis/",
]


@pytest.fixture
def coordinator_client(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client = Client()
    client.force_login(User.objects.get(email="coordinator@lwa.example"))
    return client


@pytest.mark.parametrize("url", PAGES)
def test_page(benchmark, coordinator_client, url):
    response = benchmark(coordinator_client.get, url)
    assert response.status_code == 200


# The demo's current SE-AM cycle of lwa (under review): its ids depend on the seeding order.
ASSESSMENT_PAGES = {
    "cycles": "/o/lwa/assessments/",
    "criteria page": "/o/lwa/assessments/{cycle}/",
    "scores": "/o/lwa/assessments/{cycle}/scores/",
    "criterion CM 5.3": "/o/lwa/assessments/criteria/{criterion}/",
    "API: cycle document": "/api/v1/orgs/lwa/assessment-cycles/{cycle}/document/",
}


@pytest.mark.parametrize("name", ASSESSMENT_PAGES)
def test_assessment_page(benchmark, coordinator_client, name):
    with scopes_disabled():
        cycle = AssessmentCycle.objects.get(
            organization__slug="lwa",
            fiscal_year=2570,
            framework_version__framework__code="seam-scm",
        )
        criterion = cycle.criteria.get(criterion__code="CM 5.3")
    url = ASSESSMENT_PAGES[name].format(cycle=cycle.pk, criterion=criterion.pk)
    response = benchmark(coordinator_client.get, url)
    assert response.status_code == 200
