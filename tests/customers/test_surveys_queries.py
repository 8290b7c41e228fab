"""The survey and journey map pages and API lists cost the same number of queries for 2 rows
as for 12."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..files.factories import make_attachment
from .factories import (
    make_guideline,
    make_journey,
    make_segment,
    make_stage,
    make_survey,
    make_survey_result,
)

pytestmark = pytest.mark.django_db

SURVEY_PAGES = [
    "/o/{slug}/customers/surveys/",
    "/o/{slug}/customers/surveys/?measure=satisfaction&type=annual",
    "/o/{slug}/customers/surveys/trends/",
    "/api/v1/orgs/{slug}/surveys/",
    "/api/v1/orgs/{slug}/survey-results/",
    "/api/v1/orgs/{slug}/survey-trends/",
]
JOURNEY_PAGES = [
    "/o/{slug}/customers/journeys/",
    "/api/v1/orgs/{slug}/journey-maps/",
    "/api/v1/orgs/{slug}/journey-stages/",
]


def _add_surveys(organization, count: int) -> None:
    for index in range(count):
        segment = make_segment(organization)
        survey = make_survey(
            organization, fiscal_year=2560 + index, report=make_attachment(organization)
        )
        make_survey_result(organization, survey=survey, score=Decimal("4.1"))
        make_survey_result(organization, survey=survey, segment=segment, dimension="ราคา")
        make_survey_result(organization, survey=survey, measure="engagement")


def _add_journeys(organization, count: int) -> None:
    for _ in range(count):
        journey = make_journey(organization, segment=make_segment(organization))
        covered = make_stage(organization, journey=journey)
        make_stage(organization, journey=journey)
        make_stage(organization, journey=journey, is_critical=False)
        make_guideline(organization, journey_stage=covered)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", SURVEY_PAGES)
def test_survey_lists_do_not_grow_with_rows(url, org_a, coordinator_a, client_for):
    client = client_for(coordinator_a)
    url = url.format(slug=org_a.slug)
    client.get(url)  # the first visit also remembers the organization as the last one used
    _add_surveys(org_a, 2)
    with_two = _queries(client, url)
    _add_surveys(org_a, 10)
    assert _queries(client, url) == with_two


@pytest.mark.parametrize("url", JOURNEY_PAGES)
def test_journey_lists_do_not_grow_with_rows(url, org_a, coordinator_a, client_for):
    client = client_for(coordinator_a)
    url = url.format(slug=org_a.slug)
    client.get(url)
    _add_journeys(org_a, 2)
    with_two = _queries(client, url)
    _add_journeys(org_a, 10)
    assert _queries(client, url) == with_two


def test_survey_page_does_not_grow_with_its_results(org_a, coordinator_a, client_for):
    survey = make_survey(org_a, report=make_attachment(org_a))
    client = client_for(coordinator_a)
    url = f"/o/{org_a.slug}/customers/surveys/{survey.pk}/"
    client.get(url)
    make_survey_result(org_a, survey=survey, segment=make_segment(org_a))
    with_one = _queries(client, url)
    for index in range(6):
        make_survey_result(org_a, survey=survey, segment=make_segment(org_a), dimension=f"d{index}")
    assert _queries(client, url) == with_one


def test_journey_page_does_not_grow_with_its_stages(org_a, coordinator_a, client_for):
    journey = make_journey(org_a)
    client = client_for(coordinator_a)
    url = f"/o/{org_a.slug}/customers/journeys/{journey.pk}/"
    client.get(url)
    make_guideline(org_a, journey_stage=make_stage(org_a, journey=journey))
    with_one = _queries(client, url)
    for _ in range(5):
        make_guideline(org_a, journey_stage=make_stage(org_a, journey=journey))
        make_stage(org_a, journey=journey, is_critical=False)
    assert _queries(client, url) == with_one
