"""The lists of customer records cost the same number of queries for 2 rows as for 12."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from customers.models import VoiceOfCustomer

from ..factories import OrgUnitFactory
from .factories import make_channel, make_journey, make_product, make_segment, make_voc

pytestmark = pytest.mark.django_db

LISTS = [
    "/o/{slug}/customers/voc/",
    "/o/{slug}/customers/voc/?q=%E0%B8%99&importance=1&fiscal_year=2569",
    "/o/{slug}/customers/voc/comparison/?fiscal_year=2569",
    "/o/{slug}/customers/segments/",
    "/o/{slug}/customers/channels/",
    "/o/{slug}/customers/products/",
    "/api/v1/orgs/{slug}/voc/",
    "/api/v1/orgs/{slug}/customer-segments/",
    "/api/v1/orgs/{slug}/listening-channels/",
    "/api/v1/orgs/{slug}/customer-products/",
    "/api/v1/orgs/{slug}/voc-comparison/?fiscal_year=2569",
]


def _add_rows(organization, count: int) -> None:
    """Rows with everything a list shows: products, segments heard, responses with owners."""
    for _ in range(count):
        unit = OrgUnitFactory(organization=organization)
        product = make_product(organization, owner_unit=unit)
        segment = make_segment(organization)
        channel = make_channel(organization, owner_unit=unit)
        with scope(organization=organization):
            segment.products.add(product)
            channel.segments.add(segment)
        make_journey(organization, segment=segment, service=product)
        make_voc(
            organization, channel=channel, segment=segment, topic="น้ำไม่ไหล",
            status=VoiceOfCustomer.Status.RESPONDED, action_taken="ซ่อมท่อ", response_owner=unit,
            heard_on=dt.date(2026, 3, 1), responded_on=dt.date(2026, 3, 2),
        )  # fmt: skip


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", LISTS)
def test_list_query_count_does_not_grow_with_rows(url, org_a, coordinator_a, client_for):
    client = client_for(coordinator_a)
    url = url.format(slug=org_a.slug)
    client.get(url)  # the first visit also remembers the organization as the last one used
    _add_rows(org_a, 2)
    with_two = _queries(client, url)
    _add_rows(org_a, 10)
    assert _queries(client, url) == with_two


@pytest.mark.parametrize(
    "suffix", ["segments/{segment}/", "channels/{channel}/", "products/{product}/", "voc/{voc}/"]
)
def test_detail_query_count_does_not_grow_with_records(suffix, org_a, coordinator_a, client_for):
    product = make_product(org_a)
    segment = make_segment(org_a)
    channel = make_channel(org_a)
    with scope(organization=org_a):
        segment.products.add(product)
    voc = make_voc(org_a, channel=channel, segment=segment)
    url = f"/o/{org_a.slug}/customers/" + suffix.format(
        segment=segment.pk, channel=channel.pk, product=product.pk, voc=voc.pk
    )
    client = client_for(coordinator_a)
    client.get(url)

    def add(count: int) -> None:
        for _ in range(count):
            other = make_channel(org_a)
            with scope(organization=org_a):
                other.segments.add(segment)
                make_product(org_a).segments.add(segment)
            make_voc(org_a, channel=channel, segment=segment, heard_on=dt.date.today())
            make_journey(org_a, segment=segment, service=product)

    add(1)
    before = _queries(client, url)
    add(5)
    assert _queries(client, url) == before
