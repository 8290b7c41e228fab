"""The comparison of VOC importance across the four categories (criterion 2 level 2), checked on a
small dataset whose figures are worked out by hand below."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from customers.models import VocCategory
from customers.record_selectors import voc_comparison
from seam_scm.tenancy.roles import Role
from seam_scm.thai.dates import FiscalYear

from .factories import make_channel, make_segment, make_voc

pytestmark = pytest.mark.django_db

P, S, T, R = (
    VocCategory.PRODUCT_SERVICE,
    VocCategory.CUSTOMER_SUPPORT,
    VocCategory.TRANSACTION,
    VocCategory.RELATIONSHIP,
)
IN_2569 = dt.date(2026, 3, 1)  # fiscal year 2569: 1 Oct 2025 - 30 Sep 2026


@pytest.fixture
def dataset(org_a):
    """RES: P 4-, 5-, 3+ | S 5- | T 2=, 3+         -> P 4.0 (66.7% neg), S 5.0 (100%), T 2.5 (0%)
    BIZ: P 5- | T 5+, 4- | R 5+                   -> P 5.0, T 4.5 (50%), R 5.0: P and R tie at #1
    IND: nothing                                  -> all empty
    All: P 17/4 = 4.25 -> 4.3 (75%), S 5.0 (100%), T 14/4 = 3.5 (25%), R 5.0 (0%)
    Outside the year: 30 Sep 2025 and 1 Oct 2026, never counted."""
    res = make_segment(org_a, code="RES", order=1)
    biz = make_segment(org_a, code="BIZ", order=2)
    ind = make_segment(org_a, code="IND", order=3)
    channel = make_channel(org_a)
    rows = [
        (res, P, 4, "negative"), (res, P, 5, "negative"), (res, P, 3, "positive"),
        (res, S, 5, "negative"),
        (res, T, 2, "neutral"), (res, T, 3, "positive"),
        (biz, P, 5, "negative"),
        (biz, T, 5, "positive"), (biz, T, 4, "negative"),
        (biz, R, 5, "positive"),
    ]  # fmt: skip
    for segment, category, importance, sentiment in rows:
        make_voc(
            org_a, channel=channel, segment=segment, category=category, importance=importance,
            sentiment=sentiment, heard_on=IN_2569,
        )  # fmt: skip
    for outside in (dt.date(2025, 9, 30), dt.date(2026, 10, 1)):
        make_voc(org_a, channel=channel, segment=res, category=R, importance=1, heard_on=outside)
    return res, biz, ind


def _cells(row) -> dict[str, tuple]:
    return {
        cell.category: (cell.count, cell.mean_importance, cell.negative_share, cell.rank)
        for cell in row.cells
    }


def test_figures_per_segment_and_category(org_a, dataset):
    res, biz, ind = dataset
    with scope(organization=org_a):
        comparison = voc_comparison(2569)
    assert comparison.fiscal_year == FiscalYear.named(2569)
    assert [row.segment for row in comparison.rows] == [res, biz, ind]
    rows = {row.segment.code: _cells(row) for row in comparison.rows}
    D = Decimal
    assert rows["RES"] == {
        P: (3, D("4.0"), D("66.7"), 2),
        S: (1, D("5.0"), D("100.0"), 1),
        T: (2, D("2.5"), D("0.0"), 3),
        R: (0, None, None, None),
    }
    assert rows["BIZ"] == {
        P: (1, D("5.0"), D("100.0"), 1),
        S: (0, None, None, None),
        T: (2, D("4.5"), D("50.0"), 3),
        R: (1, D("5.0"), D("0.0"), 1),
    }
    assert all(cell == (0, None, None, None) for cell in rows["IND"].values())
    assert [cell.category for cell in comparison.rows[0].top] == [S]
    assert [cell.category for cell in comparison.rows[1].top] == [P, R]


def test_all_segments_row_weights_by_the_number_of_voc(org_a, dataset):
    with scope(organization=org_a):
        comparison = voc_comparison(2569)
    D = Decimal
    assert comparison.all_segments.segment is None
    assert comparison.all_segments.total == 10
    assert _cells(comparison.all_segments) == {
        P: (4, D("4.3"), D("75.0"), 3),
        S: (1, D("5.0"), D("100.0"), 1),
        T: (4, D("3.5"), D("25.0"), 4),
        R: (1, D("5.0"), D("0.0"), 1),
    }
    assert comparison.rows_with_total[-1] is comparison.all_segments
    assert not comparison.is_empty


def test_one_segment_only(org_a, dataset):
    res, _biz, _ind = dataset
    with scope(organization=org_a):
        comparison = voc_comparison(FiscalYear.named(2569), segment=res)
    assert [row.segment for row in comparison.rows] == [res]
    assert comparison.all_segments.total == 6


def test_another_year_is_empty(org_a, dataset):
    with scope(organization=org_a):
        comparison = voc_comparison(2571)
        assert comparison.is_empty
        assert voc_comparison(2568).all_segments.total == 1  # the VOC of 30 Sep 2025


def test_two_queries_whatever_the_number_of_segments(org_a, dataset):
    with scope(organization=org_a), CaptureQueriesContext(connection) as queries:
        voc_comparison(2569, start_month=10)
    assert len(queries) == 2


def test_default_is_the_current_fiscal_year_of_the_organization(org_a, dataset, monkeypatch):
    monkeypatch.setattr(
        "customers.record_selectors.current_fiscal_year",
        lambda start_month: FiscalYear.named(2569, start_month),
    )
    with scope(organization=org_a):
        assert voc_comparison().all_segments.total == 10


def test_bar_width_is_the_share_of_the_top_of_the_scale(org_a, dataset):
    with scope(organization=org_a):
        row = voc_comparison(2569).rows[0]
    assert [cell.bar_percent for cell in row.cells] == [80, 100, 50, 0]


# --- the page and the API --------------------------------------------------------------------


def test_page_shows_the_table_highlights_and_criterion(org_a, dataset, member_factory, client_for):
    client = client_for(member_factory(org_a, Role.ASSESSOR))
    response = client.get(f"/o/{org_a.slug}/customers/voc/comparison/?fiscal_year=2569")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="criterion-note"' in page
    assert 'data-segment="RES"' in page and 'data-segment="all"' in page
    rows = response.context["comparison"].rows
    assert rows[0].segment.code == "RES"
    # The top category of each segment is highlighted with its rank.
    assert (
        'class="text-end table-warning fw-bold" data-testid="mean" '
        'data-category="customer_support" data-rank="1">5.0' in page
    )
    assert 'data-testid="voc-bars" data-segment="BIZ"' in page
    assert 'data-testid="voc-bars" data-segment="IND"' not in page  # nothing to draw


def test_page_empty_state(org_a, member_factory, client_for):
    client = client_for(member_factory(org_a, Role.VIEWER))
    response = client.get(f"/o/{org_a.slug}/customers/voc/comparison/?fiscal_year=2569")
    assert response.status_code == 200
    assert 'data-testid="empty"' in response.content.decode()


def test_api_comparison(org_a, dataset, member_factory, api_client_for):
    client = api_client_for(member_factory(org_a, Role.VIEWER))
    response = client.get(f"/api/v1/orgs/{org_a.slug}/voc-comparison/?fiscal_year=2569")
    assert response.status_code == 200
    data = response.json()
    assert (data["fiscal_year"], data["start"], data["end"]) == (2569, "2025-10-01", "2026-09-30")
    assert [row["segment"]["code"] for row in data["rows"]] == ["RES", "BIZ", "IND"]
    product = data["all_segments"]["cells"][0]
    assert product == {
        "category": "product_service",
        "label": product["label"],
        "count": 4,
        "mean_importance": "4.3",
        "negative_share": "75.0",
        "rank": 3,
    }
    assert data["all_segments"]["segment"] is None
    res, _biz, _ind = dataset
    one = client.get(f"/api/v1/orgs/{org_a.slug}/voc-comparison/?fiscal_year=2569&segment={res.pk}")
    assert [row["segment"]["code"] for row in one.json()["rows"]] == ["RES"]


def test_api_comparison_is_read_only(org_a, member_factory, api_client_for):
    client = api_client_for(member_factory(org_a, Role.COORDINATOR))
    response = client.post(f"/api/v1/orgs/{org_a.slug}/voc-comparison/", {}, format="json")
    assert response.status_code == 405
