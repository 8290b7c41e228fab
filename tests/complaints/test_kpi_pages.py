"""The KPIs page, its Excel export and the API: the hand-computed figures, roles, personal data,
query counts."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from openpyxl import load_workbook

from complaints import kpis
from seam_scm.personal_data import LawfulBasis
from seam_scm.tenancy.roles import Role

from ..factories import OrgUnitFactory
from .factories import make_case
from .test_kpis import FEBRUARY, feb, hand_computed_set

pytestmark = pytest.mark.django_db

COMPLAINANT = {
    "complainant_name": "สมหญิง รักสะอาด",
    "complainant_phone": "0812345678",
    "complainant_email": "somying@example.com",
    "complainant_address": "99 ถนนประปา",
}


def page(organization, query: str = "") -> str:
    return f"/o/{organization.slug}/complaints/kpis/{query}"


def export(organization, query: str = "") -> str:
    return f"/o/{organization.slug}/complaints/kpis/export.xlsx{query}"


def api(organization, query: str = "") -> str:
    return f"/api/v1/orgs/{organization.slug}/complaint-kpis/{query}"


def user_in(organization, role, member_factory, language="en"):
    user = member_factory(organization, role)
    user.language = language
    user.save()
    return user


def table_row(html: str, period: str, group: str = "all") -> str:
    match = re.search(
        rf'<tr data-testid="kpi-row" data-period="{period}" data-group="{group}".*?</tr>',
        html,
        re.S,
    )
    assert match, f"no row for {period}/{group}"
    return match.group(0)


def cell(row_html: str, name: str) -> str:
    match = re.search(rf'data-kpi="{name}">(.*?)</td>', row_html, re.S)
    assert match, name
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def workbook_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(response.content))


def as_json_numbers(figures: dict) -> dict:
    """Decimals as the JSON (and Excel) numbers they become."""
    return {n: v if isinstance(v, int) else float(v) for n, v in figures.items()}


@pytest.fixture
def hand_set(org_a):
    return hand_computed_set(org_a)


# --- the page --------------------------------------------------------------------------------


def test_page_shows_the_hand_computed_figures(org_a, hand_set, member_factory, client_for):
    user = user_in(org_a, Role.COORDINATOR, member_factory)
    response = client_for(user).get(page(org_a, "?fy=2569&period=month"))

    assert response.status_code == 200
    html = response.content.decode()
    february = table_row(html, "2026-02")
    assert cell(february, "volume") == "10"
    assert cell(february, "acknowledged_in_time_percent") == "66.7% 6/9"
    assert cell(february, "resolved_in_time_percent") == "62.5% 5/8"
    assert cell(february, "mean_resolution_days") == "5.63 (45.0)"
    assert cell(february, "median_resolution_days") == "5.50 (44.0) 6 cases"
    assert cell(february, "reopen_rate_percent") == "33.3% 2/6"
    assert cell(february, "repeat_percent") == "20.0% 2/10"
    assert cell(february, "satisfaction_mean") == "3.80 5 answers"
    assert cell(february, "open_now") == "3"
    assert cell(february, "overdue_now") == "3"
    january = table_row(html, "2026-01")
    assert cell(january, "acknowledged_in_time_percent") == "— 0/0"
    assert cell(january, "satisfaction_mean") == "— 0 answers"
    assert cell(table_row(html, "all"), "volume") == "10"


def test_page_states_the_definitions_under_the_table(org_a, member_factory, client_for, english):
    user = user_in(org_a, Role.VIEWER, member_factory)
    html = client_for(user).get(page(org_a)).content.decode()

    definitions = html[html.index('data-testid="kpi-definitions"') :]
    assert html.index('data-testid="kpi-table"') < html.index('data-testid="kpi-definitions"')
    for _key, name, text in kpis.definitions():
        assert escape(name) in definitions
        assert escape(text) in definitions
    assert "A working day here is 8.0 working hours" in definitions
    assert 'data-testid="no-cases"' in html


def test_page_draws_accessible_charts(org_a, hand_set, member_factory, client_for):
    user = user_in(org_a, Role.COORDINATOR, member_factory)
    html = client_for(user).get(page(org_a, "?fy=2569")).content.decode()

    svgs = re.findall(r'<svg class="w-100[^>]*role="img"[^>]*>.*?</svg>', html, re.S)
    assert len(svgs) == 3
    for svg in svgs:
        chart_id = re.search(r'aria-labelledby="([\w-]+)-title \1-desc"', svg).group(1)
        assert f'<title id="{chart_id}-title">' in svg
        assert f'<desc id="{chart_id}-desc">' in svg
    volume = html[html.index('id="kpi-chart-volume"') :]
    volume = volume[: volume.index("</svg>")]
    # One bar per month: February's 10, the other months' zero-high bars.
    assert re.findall(r'<rect [^>]*data-value="(\d+)"', volume) == ["0"] * 4 + ["10"] + ["0"] * 7
    in_time = html[html.index('id="kpi-chart-in-time"') :]
    in_time = in_time[: in_time.index("</svg>")]
    assert re.findall(r'data-value="([\d.]+%)"', in_time) == ["66.7%", "62.5%"]
    assert in_time.count('data-value="—"') == 22  # 11 months × 2 bars with nothing to measure
    assert "<script" not in html[html.index("kpi-charts") : html.index("kpi-table")]


def test_grouped_page_adds_a_bar_per_group(org_a, member_factory, client_for):
    make_case(org_a, received_at=feb(2, 9), channel_kind="counter")
    make_case(org_a, received_at=feb(3, 9), channel_kind="counter")
    make_case(org_a, received_at=feb(3, 10), channel_kind="email")
    user = user_in(org_a, Role.COORDINATOR, member_factory)

    html = client_for(user).get(page(org_a, "?fy=2569&period=quarter&by=channel")).content.decode()

    groups = html[html.index('id="kpi-chart-groups"') :]
    groups = groups[: groups.index("</svg>")]
    assert re.findall(r'<g data-value="(\d+)"><title>([^<]+)</title>', groups) == [
        ("2", "Service counters: 2"),
        ("1", "E-mail: 1"),
    ]
    assert html.count('data-testid="kpi-row"') == 2 + 2 + 1  # Q2's groups, totals, all


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.VIEWER, Role.SECRETARY, Role.EDITOR])
def test_every_role_reads_the_kpis_without_personal_data(
    org_a, role, member_factory, client_for, api_client_for
):
    make_case(org_a, received_at=feb(2, 9), lawful_basis=LawfulBasis.CONTRACT, **COMPLAINANT)
    user = user_in(org_a, role, member_factory)
    client = client_for(user)

    responses = [
        client.get(page(org_a, "?fy=2569")),
        client.get(page(org_a, "?fy=2569&by=unit")),
        api_client_for(user).get(api(org_a, "?fy=2569")),
    ]
    workbook = workbook_of(client.get(export(org_a, "?fy=2569")))

    cells = " ".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    for response in responses:
        assert response.status_code == 200
    texts = [r.content.decode() for r in responses] + [cells]
    for text in texts:
        for value in COMPLAINANT.values():
            assert value not in text
    assert 'data-period="2026-02"' in texts[0]


def test_pages_refuse_posts(org_a, member_factory, client_for):
    client = client_for(user_in(org_a, Role.COORDINATOR, member_factory))

    assert client.post(page(org_a)).status_code == 405
    assert client.post(export(org_a)).status_code == 405


# --- the Excel export ------------------------------------------------------------------------


def test_export_holds_the_same_numbers(org_a, hand_set, member_factory, client_for, english):
    user = user_in(org_a, Role.COORDINATOR, member_factory)
    response = client_for(user).get(export(org_a, "?fy=2569&period=month&by=none"))
    workbook = workbook_of(response)

    assert response["Content-Disposition"] == (
        'attachment; filename="complaint-kpis-org-a-2569-month-none.xlsx"'
    )
    assert [sheet.title for sheet in workbook.worksheets] == ["Complaint KPIs", "Definitions"]
    table = workbook.worksheets[0]
    rows = list(table.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:3] == ["Period", "Cases received", "Acknowledged within standard"]
    assert len(rows) == 1 + 12 + 1
    february = dict(zip(header, rows[5], strict=True))
    assert february["Period"] == "Feb 2026"
    expected = as_json_numbers(FEBRUARY)
    labels = {attribute: str(label) for attribute, label, _kind in kpis.FIGURE_COLUMNS}
    assert {name: february[labels[name]] for name in expected} == expected
    january = dict(zip(header, rows[4], strict=True))
    assert january["Acknowledged within standard (%)"] == "—"
    assert january["Cases received"] == 0
    assert rows[-1][0] == "Fiscal year 2569"
    assert rows[-1][1] == 10
    definitions = list(workbook.worksheets[1].iter_rows(values_only=True))
    texts = {row[0]: row[1] for row in definitions if row and row[0]}
    assert texts["Working hours per day"] == 8
    for _key, name, text in kpis.definitions():
        assert texts[name] == text


def test_export_in_thai_uses_buddhist_era_labels(org_a, hand_set, member_factory, client_for):
    user = user_in(org_a, Role.VIEWER, member_factory, language="th")
    workbook = workbook_of(client_for(user).get(export(org_a, "?fy=2569&period=quarter")))

    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "ช่วงเวลา"
    assert rows[2][0].endswith("(ม.ค.–มี.ค. 2569)")
    assert rows[2][1] == 10
    assert rows[-1][0] == "ปีงบประมาณ 2569"
    about = {row[0]: row[1] for row in workbook.worksheets[1].iter_rows(values_only=True) if row}
    assert about["องค์กร"] == str(org_a)
    assert about["ปีงบประมาณ"] == "ปีงบประมาณ 2569 (1 ต.ค. 2568 – 30 ก.ย. 2569)"


def test_export_by_unit_has_a_group_column(org_a, member_factory, client_for):
    unit = OrgUnitFactory(organization=org_a, code="W", name_th="ฝ่ายน้ำ")
    make_case(org_a, received_at=feb(2, 9), unit=unit)
    user = user_in(org_a, Role.VIEWER, member_factory)

    workbook = workbook_of(client_for(user).get(export(org_a, "?fy=2569&period=year&by=unit")))

    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("Period", "Assigned unit", "Cases received")
    assert [row[:3] for row in rows[1:]] == [
        ("Fiscal year 2569", "W ฝ่ายน้ำ", 1),
        ("Fiscal year 2569", "W ฝ่ายน้ำ", 1),
        ("Fiscal year 2569", "All units", 1),
    ]


# --- the API ---------------------------------------------------------------------------------


def test_api_returns_the_figures_as_numbers(org_a, hand_set, member_factory, api_client_for):
    user = user_in(org_a, Role.ASSESSOR, member_factory)
    response = api_client_for(user).get(api(org_a, "?fy=2569&period=month"))

    assert response.status_code == 200
    data = response.json()
    assert (data["fiscal_year"], data["period"], data["by"]) == (2569, "month", "none")
    assert (data["start"], data["end"]) == ("2025-10-01", "2026-09-30")
    assert data["hours_per_day"] == 8.0
    february = data["rows"][4]
    assert february["period"] == {
        "key": "2026-02",
        "label": "Feb 2026",
        "start": "2026-02-01",
        "end": "2026-02-28",
    }
    assert february["group"] is None
    assert {name: february["figures"][name] for name in FEBRUARY} == as_json_numbers(FEBRUARY)
    assert set(february["figures"]) == {attribute for attribute, *_ in kpis.FIGURE_COLUMNS}
    assert data["rows"][3]["figures"]["acknowledged_in_time_percent"] is None
    assert data["rows"][-1]["period"] is None
    assert data["rows"][-1]["label"] == "Fiscal year 2569"
    assert [d["key"] for d in data["definitions"]] == [key for key, *_ in kpis.DEFINITIONS]


def test_api_groups_by_category(org_a, member_factory, api_client_for):
    make_case(org_a, received_at=feb(2, 9), category_code="BIL")
    make_case(org_a, received_at=feb(2, 9).replace(month=3, day=10), category_code="BIL")
    user = user_in(org_a, Role.VIEWER, member_factory)

    data = api_client_for(user).get(api(org_a, "?fy=2569&period=quarter&by=category")).json()

    assert [
        (r["period"] and r["period"]["key"], r["group"] and r["group"]["label"])
        for r in data["rows"]
    ] == [
        ("2569-Q2", "BIL Charges and billing"),
        (None, "BIL Charges and billing"),
        (None, None),
    ]
    assert data["rows"][0]["figures"]["volume"] == 2
    assert data["rows"][0]["label"] == "Q2 (Jan–Mar 2026) · BIL Charges and billing"


def test_api_falls_back_to_defaults_for_unknown_parameters(org_a, member_factory, api_client_for):
    user = user_in(org_a, Role.VIEWER, member_factory)
    data = api_client_for(user).get(api(org_a, "?fy=x&period=week&by=handler")).json()

    assert (data["period"], data["by"]) == ("month", "none")
    assert len(data["rows"]) == 13


def test_api_refuses_writes(org_a, member_factory, api_client_for):
    client = api_client_for(user_in(org_a, Role.COORDINATOR, member_factory))

    assert client.post(api(org_a), {}).status_code == 405


# --- query counts ----------------------------------------------------------------------------

URLS = [
    "/o/{slug}/complaints/kpis/?fy=2569",
    "/o/{slug}/complaints/kpis/?fy=2569&period=quarter&by=channel",
    "/o/{slug}/complaints/kpis/?fy=2569&period=year&by=category",
    "/o/{slug}/complaints/kpis/?fy=2569&by=unit",
    "/o/{slug}/complaints/kpis/export.xlsx?fy=2569&by=unit",
    "/o/{slug}/complaints/kpis/export.xlsx?fy=2569&by=channel",
    "/api/v1/orgs/{slug}/complaint-kpis/?fy=2569&by=category",
    "/api/v1/orgs/{slug}/complaint-kpis/?fy=2569&period=year",
]


def _add_cases(organization, count: int, start_day: int) -> None:
    kinds = ["counter", "email", "letter"]
    codes = ["SRV", "BIL", "STF"]
    for index in range(count):
        unit = OrgUnitFactory(organization=organization)
        make_case(
            organization,
            received_at=feb(start_day + index, 9),
            channel_kind=kinds[index % 3],
            category_code=codes[index % 3],
            unit=unit,
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("url", URLS)
def test_kpis_cost_the_same_queries_for_more_cases(
    url, org_a, member_factory, client_for, api_client_for
):
    user = user_in(org_a, Role.COORDINATOR, member_factory)
    client = api_client_for(user) if url.startswith("/api/") else client_for(user)
    url = url.format(slug=org_a.slug)
    _add_cases(org_a, 1, start_day=2)
    client.get(url)  # the first visit also remembers the organization as the last one used
    with_one = _queries(client, url)
    _add_cases(org_a, 3, start_day=9)
    assert _queries(client, url) == with_one


def test_kpi_page_query_budget(org_a, member_factory, client_for, django_assert_max_num_queries):
    _add_cases(org_a, 3, start_day=2)
    client = client_for(user_in(org_a, Role.COORDINATOR, member_factory))
    client.get(page(org_a))
    with django_assert_max_num_queries(12):
        assert client.get(page(org_a, "?fy=2569&by=channel")).status_code == 200
