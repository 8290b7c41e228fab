"""Analysis pages: power-interest grid, roll-up to business lines, VOS matrix, plan progress by
unit; what each counts, who may see them, and that they cost the same queries for 1 or 3 rows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from seam_scm.approvals import services as approvals
from seam_scm.tenancy.models import OrgUnit
from seam_scm.tenancy.roles import Role
from stakeholders import analysis_selectors, plan_selectors
from stakeholders.models import Quadrant, VoiceOfStakeholder
from stakeholders.selectors import StakeholderFilters

from ..factories import OrgUnitFactory
from .factories import (
    approve_plan,
    complete_stakeholder,
    department,
    group,
    line,
    make_plan,
    make_plan_item,
    make_progress,
    make_stakeholder,
    make_voice,
)

pytestmark = pytest.mark.django_db

POSITIVE = VoiceOfStakeholder.Polarity.POSITIVE
NEGATIVE = VoiceOfStakeholder.Polarity.NEGATIVE
LONG_AGO = dt.date(2020, 1, 1)  # stale under any review period the tests use


def _url(org, name: str, *args) -> str:
    return reverse(f"stakeholders:{name}", args=[org.slug, *args])


# --- power-interest grid ---------------------------------------------------------------------


def _placed(grid) -> dict[str, tuple[int, int, str]]:
    return {
        s.code: (cell.influence, cell.interest, cell.quadrant.value)
        for row in grid.rows
        for cell in row
        for s in cell.stakeholders
    }


def test_grid_places_each_stakeholder_by_influence_and_interest(org_a):
    for code, influence, interest in [
        ("KEY", 5, 4),
        ("SAT", 4, 3),
        ("INF", 3, 4),
        ("MON", 1, 1),
        ("MID", 3, 3),
    ]:
        make_stakeholder(org_a, code=code, influence=influence, interest=interest)
    with scope(organization=org_a):
        grid = analysis_selectors.power_interest_grid()
    assert _placed(grid) == {
        "KEY": (5, 4, "manage_closely"),
        "SAT": (4, 3, "keep_satisfied"),
        "INF": (3, 4, "keep_informed"),
        "MON": (1, 1, "monitor"),
        "MID": (3, 3, "monitor"),
    }
    assert grid.counts == {
        "manage_closely": 1,
        "keep_satisfied": 1,
        "keep_informed": 1,
        "monitor": 2,
    }
    # Rows run from influence 5 down to 1, columns from interest 1 up to 5.
    assert [row[0].influence for row in grid.rows] == [5, 4, 3, 2, 1]
    assert [cell.interest for cell in grid.rows[0]] == [1, 2, 3, 4, 5]
    assert grid.rows[0][4].quadrant == Quadrant.MANAGE_CLOSELY


def test_grid_page_links_every_dot_to_its_profile(org_a, coordinator_a, client_for):
    regulator = make_stakeholder(org_a, code="REG-01", influence=5, interest=5)
    response = client_for(coordinator_a).get(_url(org_a, "grid"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="grid"' in body
    assert body.count('data-testid="stakeholder-dot"') == 1
    assert f'href="{_url(org_a, "detail", regulator.pk)}"' in body
    assert body.count('data-testid="cell"') == 25
    for quadrant in Quadrant:
        assert f'data-testid="quadrant-{quadrant.value}"' in body


def test_grid_filters_by_group_and_by_unit_with_its_departments(org_a, coordinator_a, client_for):
    customer_line = line(org_a)
    branch = department(org_a, customer_line)
    make_stakeholder(org_a, code="CUS-1", group_code="CUS", units=[(branch, 1)])
    make_stakeholder(org_a, code="CUS-2", group_code="CUS")
    make_stakeholder(org_a, code="MED-1", group_code="MED", units=[(customer_line, 2)])
    client = client_for(coordinator_a)

    def codes(query: str) -> list[str]:
        grid = client.get(_url(org_a, "grid") + query).context["grid"]
        return sorted(_placed(grid))

    assert codes("") == ["CUS-1", "CUS-2", "MED-1"]
    assert codes(f"?group={group(org_a, 'CUS').pk}") == ["CUS-1", "CUS-2"]
    assert codes(f"?unit={customer_line.pk}") == ["CUS-1", "MED-1"]
    assert codes(f"?unit={branch.pk}&group={group(org_a, 'CUS').pk}") == ["CUS-1"]
    assert codes("?group=abc") == ["CUS-1", "CUS-2", "MED-1"]


# --- roll-up ---------------------------------------------------------------------------------


def _rollup(org) -> dict[str, dict]:
    with scope(organization=org):
        rollup = analysis_selectors.rollup()
    rows = {}
    for entry in rollup.lines:
        for row in [entry.line, *entry.departments]:
            rows[row.unit.code] = {
                "total": row.total,
                "quadrants": [
                    row.manage_closely,
                    row.keep_satisfied,
                    row.keep_informed,
                    row.monitor,
                ],
                "stale": row.stale,
                "incomplete": row.incomplete,
            }
    rows["*"] = {"total": rollup.organization.total, "not_linked": rollup.not_linked}
    return rows


def test_rollup_counts_a_stakeholder_once_for_its_line(org_a):
    cs = line(org_a, "CS")
    relations = department(org_a, cs, "CS-CR")
    branches = department(org_a, cs, "CS-BR")
    complaints = OrgUnitFactory(
        organization=org_a, kind=OrgUnit.Kind.DIVISION, parent=relations, code="CS-CR-1"
    )
    op = line(org_a, "OP")
    department(org_a, op, "OP-MT")
    # Two departments of the same line deal with the regulator: once for the line.
    make_stakeholder(
        org_a,
        code="REG",
        influence=5,
        interest=5,
        units=[(relations, 1), (branches, 2)],
        representatives=[{}],
    )
    # Linked to the line itself and to a division: the division counts for its department.
    make_stakeholder(
        org_a,
        code="COM",
        influence=2,
        interest=4,
        last_reviewed=LONG_AGO,
        units=[(cs, 1), (complaints, 1)],
        representatives=[{}],
    )
    # Incomplete (no representative) and also dealt with by another line.
    make_stakeholder(org_a, code="MED", influence=4, interest=2, units=[(branches, 3), (op, 1)])
    make_stakeholder(org_a, code="NONE")

    rows = _rollup(org_a)
    assert rows["CS"] == {"total": 3, "quadrants": [1, 1, 1, 0], "stale": 1, "incomplete": 1}
    assert rows["CS-CR"] == {"total": 2, "quadrants": [1, 0, 1, 0], "stale": 1, "incomplete": 0}
    assert rows["CS-BR"] == {"total": 2, "quadrants": [1, 1, 0, 0], "stale": 0, "incomplete": 1}
    assert rows["OP"] == {"total": 1, "quadrants": [0, 1, 0, 0], "stale": 0, "incomplete": 1}
    assert rows["OP-MT"] == {"total": 0, "quadrants": [0, 0, 0, 0], "stale": 0, "incomplete": 0}
    assert rows["*"] == {"total": 4, "not_linked": 1}


def test_rollup_uses_the_organizations_review_period(org_a):
    from stakeholders.models import StakeholderSettings

    cs = line(org_a, "CS")
    complete_stakeholder(org_a, cs, code="A", last_reviewed=dt.date.today() - dt.timedelta(200))
    assert _rollup(org_a)["CS"]["stale"] == 0
    with scope(organization=org_a):
        StakeholderSettings.objects.update(review_months=6)
    assert _rollup(org_a)["CS"]["stale"] == 1


def test_rollup_page_lists_lines_with_their_departments(org_a, viewer_a, client_for):
    cs = line(org_a, "CS")
    department(org_a, cs, "CS-CR")
    complete_stakeholder(org_a, cs, code="A")
    body = client_for(viewer_a).get(_url(org_a, "rollup")).content.decode()
    assert body.count('data-testid="rollup-line-total"') == 1
    assert body.count('data-testid="rollup-department"') == 1
    assert 'data-testid="rollup-total"' in body


# --- VOS matrix ------------------------------------------------------------------------------


def test_vos_matrix_counts_positive_and_negative_voices_per_group(org_a):
    customer = make_stakeholder(org_a, group_code="CUS")
    other_customer = make_stakeholder(org_a, group_code="CUS")
    media = make_stakeholder(org_a, group_code="MED")
    unit = line(org_a)
    for stakeholder, polarity, topic, importance in [
        (customer, NEGATIVE, "น้ำไหลอ่อน", 4),
        (other_customer, NEGATIVE, "น้ำไหลอ่อน", 5),
        (customer, POSITIVE, "ชำระเงินผ่านแอป", 3),
        (media, NEGATIVE, "ข่าวน้ำขุ่น", 5),
        (media, POSITIVE, "ข่าวโครงการน้ำดื่มชุมชน", 2),
        (media, POSITIVE, "ข่าวโครงการน้ำดื่มชุมชน", 2),
    ]:
        make_voice(
            org_a, stakeholder, owner_unit=unit, polarity=polarity, topic=topic,
            importance=importance,
        )  # fmt: skip
    with scope(organization=org_a):
        matrix = analysis_selectors.vos_matrix(top=3)
    counts = {row.group.code: (row.positive, row.negative) for row in matrix.rows}
    assert counts == {
        "REG": (0, 0),
        "MIN": (0, 0),
        "CUS": (1, 2),
        "EMP": (0, 0),
        "PAR": (0, 0),
        "SUP": (0, 0),
        "COM": (0, 0),
        "MED": (2, 1),
    }
    assert (matrix.positive, matrix.negative, matrix.total) == (3, 3, 6)
    assert [
        (t["topic"], t["polarity"], t["count"], t["importance"]) for t in matrix.top_topics
    ] == [
        ("น้ำไหลอ่อน", "negative", 2, 5),
        ("ข่าวโครงการน้ำดื่มชุมชน", "positive", 2, 2),
        ("ข่าวน้ำขุ่น", "negative", 1, 5),
    ]


def test_vos_matrix_cells_link_to_the_voices_behind_them(org_a, viewer_a, client_for):
    customer = make_stakeholder(org_a, group_code="CUS")
    make_voice(org_a, customer, polarity=NEGATIVE, topic="น้ำไหลอ่อน")
    make_voice(org_a, customer, polarity=POSITIVE, topic="ชำระเงินผ่านแอป")
    make_voice(org_a, make_stakeholder(org_a, group_code="MED"), polarity=NEGATIVE, topic="ข่าว")
    client = client_for(viewer_a)
    cus = group(org_a, "CUS").pk
    body = client.get(_url(org_a, "vos_matrix")).content.decode()
    cell = f"{_url(org_a, 'vos_list')}?group={cus}&amp;polarity=negative"
    assert cell in body

    def topics(query: str) -> list[str]:
        page = client.get(_url(org_a, "vos_list") + query).context["page"]
        return sorted(v.topic for v in page.object_list)

    assert topics(f"?group={cus}&polarity=negative") == ["น้ำไหลอ่อน"]
    assert topics(f"?group={cus}") == ["ชำระเงินผ่านแอป", "น้ำไหลอ่อน"]
    assert topics("?polarity=negative") == ["ข่าว", "น้ำไหลอ่อน"]
    assert topics("?q=ไหลอ่อน") == ["น้ำไหลอ่อน"]


# --- plan progress by unit -------------------------------------------------------------------


def test_plan_progress_by_unit_counts_items_average_done_and_budget(org_a, coordinator_a):
    cs, op = line(org_a, "CS"), line(org_a, "OP")
    plan = make_plan(org_a, cs, fiscal_year=2570)
    done = make_plan_item(org_a, plan, owner_unit=cs, budget=Decimal("100000"))
    half = make_plan_item(org_a, plan, owner_unit=cs, budget=Decimal("50000.50"))
    make_plan_item(org_a, plan, owner_unit=op, budget=Decimal("20000"))
    make_progress(org_a, done, percent=100)
    make_progress(org_a, half, percent=50)
    # A revision in progress does not count until approved: the approved items do.
    with scope(organization=org_a):
        approvals.start_new_draft(document=plan.document, by=coordinator_a)
    make_plan_item(org_a, plan, owner_unit=op, budget=Decimal("999"))
    # A plan with no approved version yet counts its latest draft; other years do not count.
    draft_plan = make_plan(org_a, op, fiscal_year=2570)
    make_plan_item(org_a, draft_plan, owner_unit=op, budget=Decimal("5000"))
    make_plan_item(org_a, make_plan(org_a, cs, fiscal_year=2571), owner_unit=cs, budget=1)

    with scope(organization=org_a):
        units, total = plan_selectors.plan_progress_by_unit(2570)
    assert [(u.unit_code, u.items, u.average_progress, u.done, u.budget) for u in units] == [
        ("CS", 2, 75.0, 1, Decimal("150000.50")),
        ("OP", 2, 0.0, 0, Decimal("25000.00")),
    ]
    assert (total.items, total.average_progress, total.done, total.budget) == (
        4,
        37.5,
        1,
        Decimal("175000.50"),
    )
    with scope(organization=org_a):
        assert plan_selectors.plan_progress_by_unit(2569) == ([], None)


def test_plan_progress_page_shows_the_chosen_fiscal_year(org_a, viewer_a, client_for):
    cs = line(org_a, "CS")
    make_plan_item(org_a, make_plan(org_a, cs, fiscal_year=2571), owner_unit=cs)
    client = client_for(viewer_a)
    response = client.get(_url(org_a, "plan_progress") + "?year=2571")
    assert response.context["year"].year == 2571
    assert [u.unit_code for u in response.context["units"]] == ["CS"]
    assert 2571 in response.context["years"]
    assert client.get(_url(org_a, "plan_progress") + "?year=oops").status_code == 200


# --- who sees what ---------------------------------------------------------------------------


@pytest.fixture
def viewer_a(org_a, member_factory):
    return member_factory(org_a, Role.VIEWER)


ANALYSIS_PAGES = ["grid", "rollup", "vos_matrix", "vos_list", "plan_progress", "plans"]


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.VIEWER])
def test_assessors_and_viewers_read_the_analysis_without_contacts(
    role, org_a, member_factory, client_for
):
    cs = line(org_a)
    regulator = complete_stakeholder(org_a, cs, code="REG-01", influence=5, interest=5)
    make_voice(org_a, regulator, topic="รายงานผลตามกำหนด")
    approve_plan(make_plan_item(org_a, stakeholder=regulator).version.document.relationship_plan)
    client = client_for(member_factory(org_a, role))
    with scope(organization=org_a):
        plan_pk = regulator.plan_items.get().version.document.relationship_plan.pk
    for url in [_url(org_a, name) for name in ANALYSIS_PAGES] + [_url(org_a, "plan", plan_pk)]:
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        for contact in ("นางสาวมาลี ติดต่อดี", "02-111-2222", "malee@example.go.th"):
            assert contact not in body, url


# --- queries do not grow with rows -----------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def _profiles(org, count: int) -> None:
    """Stakeholders in new lines and departments, with contacts and voices of both kinds."""
    for _ in range(count):
        a_line = line(org)
        a_department = department(org, a_line)
        stakeholder = complete_stakeholder(org, a_department)
        make_voice(org, stakeholder, owner_unit=a_department, polarity=POSITIVE)
        make_voice(org, stakeholder, owner_unit=a_line, polarity=NEGATIVE, topic=f"{count}")


def _approved_plans(org, count: int) -> None:
    """Approved plans of fiscal year 2570, each with an item in progress, in new lines."""
    for _ in range(count):
        item = make_plan_item(org, make_plan(org, line(org), fiscal_year=2570))
        make_progress(org, item, percent=30)


@pytest.mark.parametrize(
    "url, add_rows",
    [
        ("/o/{slug}/stakeholders/grid/", _profiles),
        ("/o/{slug}/stakeholders/rollup/", _profiles),
        ("/o/{slug}/stakeholders/vos-matrix/", _profiles),
        ("/o/{slug}/stakeholders/vos/", _profiles),
        ("/o/{slug}/stakeholders/plans/", _approved_plans),
        ("/o/{slug}/stakeholders/plan-progress/?year=2570", _approved_plans),
        ("/api/v1/orgs/{slug}/stakeholder-analysis/grid/", _profiles),
        ("/api/v1/orgs/{slug}/stakeholder-analysis/rollup/", _profiles),
        ("/api/v1/orgs/{slug}/stakeholder-analysis/vos-matrix/", _profiles),
        ("/api/v1/orgs/{slug}/stakeholder-analysis/plan-progress/?year=2570", _approved_plans),
        ("/api/v1/orgs/{slug}/relationship-plans/", _approved_plans),
        ("/api/v1/orgs/{slug}/relationship-plan-items/", _approved_plans),
        ("/api/v1/orgs/{slug}/relationship-plan-progress/", _approved_plans),
    ],
)
def test_list_query_count_does_not_grow_with_rows(url, add_rows, org_a, coordinator_a, client_for):
    client = client_for(coordinator_a)
    url = url.format(slug=org_a.slug)
    client.get(url)  # the first visit also remembers the organization as the last one used
    add_rows(org_a, 1)
    with_one = _queries(client, url)
    add_rows(org_a, 2)
    assert _queries(client, url) == with_one


def _plan_with_items(org, count: int):
    plan = make_plan(org, line(org))
    for index in range(count):
        make_plan_item(org, plan, voice=None, referenced_plan=None, budget=index)
    approve_plan(plan)
    with scope(organization=org):
        for item in plan.document.versions.get().plan_items.all():
            make_progress(org, item, percent=20)
    return plan


def test_plan_page_query_count_does_not_grow_with_items(org_a, coordinator_a, client_for):
    client = client_for(coordinator_a)
    one, three = _plan_with_items(org_a, 1), _plan_with_items(org_a, 3)
    client.get(_url(org_a, "plan", one.pk))
    assert _queries(client, _url(org_a, "plan", one.pk)) == _queries(
        client, _url(org_a, "plan", three.pk)
    )


def test_approvals_version_page_with_plan_items_query_count(org_a, coordinator_a, client_for):
    client = client_for(coordinator_a)
    one, three = _plan_with_items(org_a, 1), _plan_with_items(org_a, 3)

    def version_url(plan) -> str:
        with scope(organization=org_a):
            return f"/o/{org_a.slug}/documents/versions/{plan.document.versions.get().pk}/"

    client.get(version_url(one))
    assert _queries(client, version_url(one)) == _queries(client, version_url(three))


def test_grid_counts_match_the_list_filters(org_a):
    """The grid uses the stakeholder list's own filter (same rows as the list page)."""
    make_stakeholder(org_a, code="A", influence=5, interest=5, side="internal")
    make_stakeholder(org_a, code="B", influence=5, interest=5)
    with scope(organization=org_a):
        grid = analysis_selectors.power_interest_grid(StakeholderFilters(side="internal"))
    assert (grid.total, sorted(_placed(grid))) == (1, ["A"])
