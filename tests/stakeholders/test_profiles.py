"""Stakeholder profiles: the rules, the list with its filters, the form, the detail page."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from seam_scm.privacy import services as privacy_services
from seam_scm.tenancy.models import OrgUnit
from seam_scm.tenancy.roles import ROLE_MATRIX, Action, Role
from stakeholders import record_services
from stakeholders.models import (
    EngagementLevel,
    Quadrant,
    Representative,
    Stakeholder,
    StakeholderGroup,
    StakeholderSettings,
    StakeholderUnit,
    quadrant_for,
)
from stakeholders.selectors import StakeholderFilters, filters_from_query, missing_fields
from stakeholders.services import UnitRank

from .factories import (
    complete_stakeholder,
    department,
    group,
    line,
    make_stakeholder,
    representative_fields,
)

pytestmark = pytest.mark.django_db


def url(organization, suffix: str = "") -> str:
    return f"/o/{organization.slug}/stakeholders/{suffix}"


def codes(response) -> list[str]:
    """The codes in the list's rows, in page order."""
    return re.findall(
        r'data-testid="stakeholder-row">\s*<td[^>]*><a [^>]*>([^<]+)</a>', _text(response)
    )


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def editor_a(org_a, member_factory):
    return member_factory(org_a, Role.EDITOR)


@pytest.fixture
def cs_line(org_a):
    return line(org_a, "CS", name_th="สายงานบริการลูกค้า")


@pytest.fixture
def cs_department(org_a, cs_line):
    return department(org_a, cs_line, "CS-CR", name_th="ฝ่ายลูกค้าสัมพันธ์")


def english(user):
    """Messages are asserted in English: the Thai catalogue may translate them later."""
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def set_review_months(organization, months: int) -> None:
    with scope(organization=organization):
        StakeholderSettings.objects.filter().update(review_months=months)


def ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


# --- rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("influence", "interest", "quadrant"),
    [
        (5, 5, Quadrant.MANAGE_CLOSELY),
        (4, 4, Quadrant.MANAGE_CLOSELY),
        (4, 3, Quadrant.KEEP_SATISFIED),
        (3, 4, Quadrant.KEEP_INFORMED),
        (3, 3, Quadrant.MONITOR),
        (1, 1, Quadrant.MONITOR),
    ],
)
def test_quadrant_follows_influence_and_interest_with_4_as_high(influence, interest, quadrant):
    assert quadrant_for(influence, interest) == quadrant


def test_relationship_gap_counts_steps_from_current_to_target():
    stakeholder = Stakeholder(
        current_level=EngagementLevel.INFORM, target_level=EngagementLevel.COLLABORATE
    )
    assert stakeholder.relationship_gap == 3


def test_stale_uses_the_organization_review_period(org_a, editor_a, client_for):
    make_stakeholder(org_a, code="S-200", last_reviewed=ago(200))
    make_stakeholder(org_a, code="S-400", last_reviewed=ago(400))
    make_stakeholder(org_a, code="S-NONE", last_reviewed=None)
    client = client_for(editor_a)
    assert codes(client.get(url(org_a), {"stale": "1"})) == ["S-400", "S-NONE"]
    set_review_months(org_a, 6)
    assert codes(client.get(url(org_a), {"stale": "1"})) == ["S-200", "S-400", "S-NONE"]


def test_completeness_lists_every_missing_field(org_a, cs_line, english):
    complete = complete_stakeholder(org_a, cs_line)
    bare = make_stakeholder(
        org_a,
        mission="",
        key_issues="",
        network="",
        last_reviewed=None,
        role="",
        needs_from_them="",
    )
    with scope(organization=org_a):
        assert missing_fields(Stakeholder.objects.get(pk=complete.pk)) == []
        assert missing_fields(Stakeholder.objects.get(pk=bare.pk)) == [
            "role towards the organization",
            "what the organization needs from them",
            "key issues",
            "mission",
            "network",
            "last reviewed",
            "units that deal with them",
            "representatives or coordinators",
        ]


def test_filters_from_query_reads_every_key_and_ignores_bad_values():
    query = QueryDict(
        "q=+การประปา+&group=3&unit=7&quadrant=keep_satisfied&side=internal"
        "&gap=1&stale=on&incomplete=true"
    )
    filters = filters_from_query(query)
    assert (
        filters.search,
        filters.group,
        filters.unit,
        filters.quadrant,
        filters.side,
        filters.with_gap,
        filters.stale,
        filters.incomplete,
    ) == ("การประปา", 3, 7, "keep_satisfied", "internal", True, True, True)
    bad = filters_from_query(QueryDict("group=x&unit=-2&quadrant=top&side=up&gap=maybe"))
    assert bad == StakeholderFilters(today=bad.today)


# --- the list --------------------------------------------------------------------------------


def test_list_searches_thai_text_in_names_and_issues(org_a, editor_a, client_for):
    make_stakeholder(org_a, code="S-1", name_th="สำนักงานคณะกรรมการนโยบายรัฐวิสาหกิจ")
    make_stakeholder(org_a, code="S-2", name_th="ชุมชนริมคลอง", key_issues="น้ำท่วมขังหน้าบ้าน")
    make_stakeholder(org_a, code="S-3", name_th="สื่อมวลชนท้องถิ่น")
    client = client_for(editor_a)
    assert codes(client.get(url(org_a), {"q": "นโยบายรัฐวิสาหกิจ"})) == ["S-1"]
    assert codes(client.get(url(org_a), {"q": "น้ำท่วม"})) == ["S-2"]
    assert codes(client.get(url(org_a), {"q": "s-3"})) == ["S-3"]


def test_list_filters_by_group(org_a, editor_a, client_for):
    make_stakeholder(org_a, code="S-REG", group_code="REG")
    make_stakeholder(org_a, code="S-CUS", group_code="CUS")
    response = client_for(editor_a).get(url(org_a), {"group": group(org_a, "REG").pk})
    assert codes(response) == ["S-REG"]


def test_list_filters_by_unit_and_a_line_finds_its_departments(
    org_a, cs_line, cs_department, editor_a, client_for
):
    other_line = line(org_a, "OP")
    make_stakeholder(org_a, code="S-LINE", units=[(cs_line, 1)])
    make_stakeholder(org_a, code="S-DEPT", units=[(cs_department, 2)])
    make_stakeholder(org_a, code="S-OTHER", units=[(other_line, 1)])
    client = client_for(editor_a)
    assert codes(client.get(url(org_a), {"unit": cs_line.pk})) == ["S-DEPT", "S-LINE"]
    assert codes(client.get(url(org_a), {"unit": cs_department.pk})) == ["S-DEPT"]


def test_list_filters_by_quadrant(org_a, editor_a, client_for):
    make_stakeholder(org_a, code="S-KEY", influence=5, interest=4)
    make_stakeholder(org_a, code="S-SAT", influence=5, interest=2)
    make_stakeholder(org_a, code="S-INF", influence=2, interest=5)
    make_stakeholder(org_a, code="S-MON", influence=1, interest=1)
    client = client_for(editor_a)
    assert codes(client.get(url(org_a), {"quadrant": "manage_closely"})) == ["S-KEY"]
    assert codes(client.get(url(org_a), {"quadrant": "keep_satisfied"})) == ["S-SAT"]
    assert codes(client.get(url(org_a), {"quadrant": "keep_informed"})) == ["S-INF"]
    assert codes(client.get(url(org_a), {"quadrant": "monitor"})) == ["S-MON"]


def test_list_filters_internal_or_external(org_a, editor_a, client_for):
    make_stakeholder(org_a, code="S-IN", side=Stakeholder.Side.INTERNAL, group_code="EMP")
    make_stakeholder(org_a, code="S-OUT", side=Stakeholder.Side.EXTERNAL)
    client = client_for(editor_a)
    assert codes(client.get(url(org_a), {"side": "internal"})) == ["S-IN"]
    assert codes(client.get(url(org_a), {"side": "external"})) == ["S-OUT"]


def test_list_filters_those_below_their_target_level(org_a, editor_a, client_for):
    make_stakeholder(
        org_a,
        code="S-GAP",
        current_level=EngagementLevel.INFORM,
        target_level=EngagementLevel.INVOLVE,
    )
    make_stakeholder(
        org_a,
        code="S-OK",
        current_level=EngagementLevel.CONSULT,
        target_level=EngagementLevel.CONSULT,
    )
    response = client_for(editor_a).get(url(org_a), {"gap": "1"})
    assert codes(response) == ["S-GAP"]
    assert 'data-testid="gap"' in _text(response) and "+2" in _text(response)


def test_list_filters_incomplete_profiles(org_a, cs_line, editor_a, client_for):
    complete_stakeholder(org_a, cs_line, code="S-FULL")
    make_stakeholder(org_a, code="S-NOREP", units=[(cs_line, 1)])
    complete_stakeholder(org_a, cs_line, code="S-NOISSUE", key_issues="")
    response = client_for(editor_a).get(url(org_a), {"incomplete": "1"})
    assert codes(response) == ["S-NOISSUE", "S-NOREP"]


def test_list_shows_badges_for_quadrant_levels_stale_and_completeness(
    org_a, cs_line, editor_a, client_for
):
    complete_stakeholder(
        org_a,
        cs_line,
        code="S-1",
        influence=5,
        interest=5,
        last_reviewed=dt.date(2020, 1, 15),
        current_level=EngagementLevel.CONSULT,
        target_level=EngagementLevel.COLLABORATE,
    )
    page = _text(client_for(editor_a).get(url(org_a)))
    assert "15 ม.ค. 2563" in page  # last reviewed in the Buddhist Era
    assert 'data-testid="stale"' in page
    assert 'data-testid="complete"' in page
    page = _text(client_for(english(editor_a)).get(url(org_a)))
    assert 'data-testid="quadrant">Manage closely</span>' in page
    assert "Consult → Collaborate</span>" in page and ">+2</span>" in page
    make_stakeholder(org_a, code="S-2", key_issues="")
    page = _text(client_for(editor_a).get(url(org_a), {"q": "S-2"}))
    missing = re.search(r'data-testid="missing" title="([^"]+)"', page).group(1)
    assert "key issues" in missing and "representatives or coordinators" in missing


def test_list_paginates_by_25_and_keeps_the_query_string(org_a, editor_a, client_for):
    for number in range(27):
        make_stakeholder(org_a, code=f"S-{number:02d}", name_th=f"ชุมชนที่ {number}")
    client = client_for(editor_a)
    first = client.get(url(org_a), {"q": "ชุมชน"})
    assert len(codes(first)) == 25
    assert "?q=%E0%B8%8A%E0%B8%B8%E0%B8%A1%E0%B8%8A%E0%B8%99&amp;page=2" in _text(first)
    second = client.get(url(org_a), {"q": "ชุมชน", "page": "2"})
    assert codes(second) == ["S-25", "S-26"]


def test_list_links_the_export_with_the_same_filters(org_a, editor_a, client_for):
    page = _text(client_for(editor_a).get(url(org_a), {"quadrant": "monitor", "stale": "1"}))
    export = re.search(r'href="([^"]+)" data-testid="export-link"', page).group(1)
    assert export == url(org_a, "export/?quadrant=monitor&amp;stale=1")


def test_list_shows_only_the_own_organization(org_a, org_b, editor_a, client_for):
    make_stakeholder(org_a, code="S-MINE")
    make_stakeholder(org_b, code="S-THEIRS")
    assert codes(client_for(editor_a).get(url(org_a))) == ["S-MINE"]


# --- create and edit -------------------------------------------------------------------------


def form_data(organization, **overrides) -> dict:
    data = {
        "code": "REG-01",
        "name_th": "สำนักงานคณะกรรมการนโยบายรัฐวิสาหกิจ",
        "name_en": "State Enterprise Policy Office",
        "side": "external",
        "group": group(organization, "REG").pk,
        "status": "government",
        "mission": "กำกับดูแลรัฐวิสาหกิจ",
        "structure": "",
        "network": "domestic",
        "role": "ประเมินผลการดำเนินงาน",
        "needs_from_them": "คำแนะนำด้านเกณฑ์",
        "key_issues": "ผลประเมิน SE-AM",
        "source": "primary",
        "last_reviewed": "01/10/2569",
        "influence": "5",
        "interest": "4",
        "legitimacy": "1",
        "urgency": "",
        "current_level": "3",
        "target_level": "4",
        "units-TOTAL_FORMS": "0",
        "units-INITIAL_FORMS": "0",
        "representatives-TOTAL_FORMS": "0",
        "representatives-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def with_units(data: dict, *rows) -> dict:
    data = dict(data, **{"units-TOTAL_FORMS": str(len(rows))})
    for index, (unit, rank) in enumerate(rows):
        data[f"units-{index}-unit"] = unit
        data[f"units-{index}-importance_rank"] = rank
    return data


def with_representatives(data: dict, *rows, initial: int = 0) -> dict:
    data = dict(
        data,
        **{
            "representatives-TOTAL_FORMS": str(len(rows)),
            "representatives-INITIAL_FORMS": str(initial),
        },
    )
    for index, row in enumerate(rows):
        row = dict(row)
        if "lawful_basis" in row:
            # The page chooses the purpose of processing; its lawful basis follows.
            row["processing_activity"] = purpose_for(data["group"], row.pop("lawful_basis"))
        for field, value in row.items():
            data[f"representatives-{index}-{field}"] = value
    return data


def purpose_for(group_pk: int, basis: str) -> int:
    """The stakeholders module's purpose with this basis, in the organization of the group."""
    with scopes_disabled():
        organization = StakeholderGroup.objects.get(pk=group_pk).organization
    with scope(organization=organization):
        return privacy_services.purpose_for_basis("stakeholders", basis).pk


def test_create_saves_profile_units_and_representatives(
    org_a, cs_line, cs_department, editor_a, client_for
):
    data = with_units(form_data(org_a), (cs_line.pk, 2), (cs_department.pk, 1))
    data = with_representatives(data, representative_fields(name="นายสมพงษ์ ผู้แทน"))
    response = client_for(editor_a).post(url(org_a, "new/"), data)
    with scope(organization=org_a):
        stakeholder = Stakeholder.objects.get(code="REG-01")
        assert response.status_code == 302
        assert response["Location"] == url(org_a, f"{stakeholder.pk}/")
        assert stakeholder.last_reviewed == dt.date(2026, 10, 1)
        assert stakeholder.legitimacy is True and stakeholder.urgency is None
        assert stakeholder.quadrant == Quadrant.MANAGE_CLOSELY
        assert list(
            stakeholder.unit_links.order_by("importance_rank").values_list(
                "unit__code", "importance_rank"
            )
        ) == [("CS-CR", 1), ("CS", 2)]
        assert list(stakeholder.representatives.values_list("name", "lawful_basis")) == [
            ("นายสมพงษ์ ผู้แทน", "public_task")
        ]
        assert stakeholder.history.get().history_user == editor_a


def test_create_with_a_bad_unit_row_saves_nothing(org_a, cs_line, editor_a, client_for):
    data = with_units(form_data(org_a), (cs_line.pk, 1), (cs_line.pk, 0))
    data = with_representatives(data, representative_fields())
    response = client_for(english(editor_a)).post(url(org_a, "new/"), data)
    assert "Ensure this value is greater than or equal to 1." in _text(response)
    with scope(organization=org_a):
        assert Stakeholder.objects.count() == 0
        assert Representative.objects.count() == 0


def test_create_refuses_the_same_unit_twice(org_a, cs_line, editor_a, client_for):
    data = with_units(form_data(org_a), (cs_line.pk, 1), (cs_line.pk, 2))
    response = client_for(english(editor_a)).post(url(org_a, "new/"), data)
    assert "This unit is listed twice." in _text(response)
    with scope(organization=org_a):
        assert Stakeholder.objects.count() == 0


def test_create_offers_only_lines_and_departments_as_units(
    org_a, cs_department, editor_a, client_for
):
    division = OrgUnit.objects.model(
        organization=org_a, kind=OrgUnit.Kind.DIVISION, code="CS-CR-1", parent=cs_department,
        name_th="กองรับเรื่องร้องเรียน",
    )  # fmt: skip
    with scope(organization=org_a):
        division.save()
    data = with_units(form_data(org_a), (division.pk, 1))
    response = client_for(english(editor_a)).post(url(org_a, "new/"), data)
    assert "Select a valid choice. That choice is not one of the available choices." in _text(
        response
    )
    with scope(organization=org_a):
        assert Stakeholder.objects.count() == 0


def test_service_failure_on_a_unit_rolls_back_the_whole_profile(org_a, org_b, cs_line, english):
    foreign_unit = line(org_b, "FOREIGN")
    with scope(organization=org_a):
        stakeholder = Stakeholder(
            organization=org_a, group=group(org_a), code="S-X", name_th="ทดสอบ", side="external",
            status="government", source="primary", influence=3, interest=3,
            current_level=2, target_level=3,
        )  # fmt: skip
        with pytest.raises(ValidationError) as error:
            record_services.save_profile(
                stakeholder=stakeholder,
                units=[UnitRank(cs_line, 1), UnitRank(foreign_unit, 2)],
                representatives=[Representative(**representative_fields())],
            )
        assert error.value.message_dict == {"units": ["This belongs to another organization."]}
        assert Stakeholder.objects.count() == 0
        assert StakeholderUnit.objects.count() == 0


def test_a_failing_unit_row_in_the_service_rolls_back_the_profile(org_a, cs_line):
    with scope(organization=org_a):
        stakeholder = Stakeholder(
            organization=org_a, group=group(org_a), code="S-Y", name_th="ทดสอบ", side="external",
            status="government", source="primary", influence=3, interest=3,
            current_level=2, target_level=3,
        )  # fmt: skip
        with pytest.raises(ValidationError):
            record_services.save_profile(stakeholder=stakeholder, units=[UnitRank(cs_line, 0)])
        assert Stakeholder.objects.count() == 0


def test_create_refuses_a_code_already_used(org_a, editor_a, client_for):
    make_stakeholder(org_a, code="REG-01")
    response = client_for(english(editor_a)).post(url(org_a, "new/"), form_data(org_a))
    assert "Another stakeholder already uses this code." in _text(response)


def test_create_refuses_a_christian_era_date_with_a_clear_message(org_a, editor_a, client_for):
    response = client_for(english(editor_a)).post(
        url(org_a, "new/"), form_data(org_a, last_reviewed="01/10/2026")
    )
    assert (
        "The year looks like a Christian Era year; enter the Buddhist Era year, for example 2569."
        in _text(response)
    )
    with scope(organization=org_a):
        assert Stakeholder.objects.count() == 0


def test_edit_replaces_units_and_changes_and_removes_representatives(
    org_a, cs_line, cs_department, editor_a, client_for
):
    stakeholder = make_stakeholder(
        org_a,
        code="REG-01",
        units=[(cs_line, 1)],
        representatives=[{"name": "คนเดิม"}, {"name": "คนที่จะลบ"}],
    )
    with scope(organization=org_a):
        kept = stakeholder.representatives.get(name="คนเดิม")
        dropped = stakeholder.representatives.get(name="คนที่จะลบ")
    data = with_units(form_data(org_a, name_th="ชื่อใหม่"), (cs_department.pk, 3))
    data = with_representatives(
        data,
        {**representative_fields(name="คนเดิม", phone="099-999-9999"), "id": kept.pk},
        {**representative_fields(name="คนที่จะลบ"), "id": dropped.pk, "DELETE": "on"},
        initial=2,
    )
    response = client_for(editor_a).post(url(org_a, f"{stakeholder.pk}/edit/"), data)
    assert response.status_code == 302
    with scope(organization=org_a):
        stakeholder.refresh_from_db()
        assert stakeholder.name_th == "ชื่อใหม่"
        assert list(stakeholder.unit_links.values_list("unit__code", "importance_rank")) == [
            ("CS-CR", 3)
        ]
        assert list(stakeholder.representatives.values_list("name", "phone")) == [
            ("คนเดิม", "099-999-9999")
        ]


def test_edit_form_shows_representatives_to_editors(org_a, editor_a, client_for):
    stakeholder = make_stakeholder(org_a, representatives=[{"name": "นางสาวลับ เฉพาะ"}])
    page = _text(client_for(editor_a).get(url(org_a, f"{stakeholder.pk}/edit/")))
    assert "นางสาวลับ เฉพาะ" in page and 'data-testid="representatives-formset"' in page


def test_edit_without_personal_data_rights_neither_shows_nor_touches_representatives(
    org_a, editor_a, client_for, monkeypatch
):
    # No role that edits lacks the right today; the page must still hold if the matrix changes.
    monkeypatch.setitem(ROLE_MATRIX, Action.VIEW_PERSONAL_DATA, frozenset({Role.COORDINATOR}))
    stakeholder = make_stakeholder(
        org_a, code="REG-01", representatives=[{"name": "นางสาวลับ เฉพาะ"}]
    )
    client = client_for(editor_a)
    page = _text(client.get(url(org_a, f"{stakeholder.pk}/edit/")))
    assert "นางสาวลับ เฉพาะ" not in page and "representatives-formset" not in page
    data = form_data(org_a, name_th="ชื่อใหม่")
    del data["representatives-TOTAL_FORMS"], data["representatives-INITIAL_FORMS"]
    assert client.post(url(org_a, f"{stakeholder.pk}/edit/"), data).status_code == 302
    with scope(organization=org_a):
        assert list(stakeholder.representatives.values_list("name", flat=True)) == [
            "นางสาวลับ เฉพาะ"
        ]


# --- detail ----------------------------------------------------------------------------------


def test_detail_shows_the_profile_with_units_ranks_and_missing_fields(
    org_a, cs_line, editor_a, client_for
):
    stakeholder = make_stakeholder(
        org_a, code="REG-01", name_th="กระทรวงมหาดไทย", key_issues="", units=[(cs_line, 2)]
    )
    page = _text(client_for(editor_a).get(url(org_a, f"{stakeholder.pk}/")))
    assert "REG-01 กระทรวงมหาดไทย" in page
    assert re.search(r'data-testid="units".*สายงานบริการลูกค้า.*>2</td>', page, re.S)
    assert '<dd class="col-sm-8" data-testid="last-reviewed">1 ต.ค. 2569</dd>' in page
    page = _text(client_for(english(editor_a)).get(url(org_a, f"{stakeholder.pk}/")))
    missing = re.search(r'data-testid="missing-fields">(.*?)</div>', page, re.S).group(1)
    assert missing.split("</strong> ")[1].strip() == ("key issues, representatives or coordinators")


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.VIEWER])
def test_detail_hides_representatives_from_assessors_and_viewers(
    role, org_a, member_factory, client_for
):
    stakeholder = make_stakeholder(
        org_a,
        representatives=[
            {"name": "นายลับ เฉพาะตัว", "phone": "081-234-5678", "email": "secret@example.go.th",
             "position": "ผู้อำนวยการสำนักลับ"}
        ],
    )  # fmt: skip
    page = _text(client_for(member_factory(org_a, role)).get(url(org_a, f"{stakeholder.pk}/")))
    for personal in ("นายลับ เฉพาะตัว", "081-234-5678", "secret@example.go.th", "ผู้อำนวยการสำนักลับ"):
        assert personal not in page
    assert 'data-testid="contacts-hidden"' in page


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.EDITOR, Role.SECRETARY])
def test_detail_shows_representatives_to_roles_with_personal_data(
    role, org_a, member_factory, client_for
):
    stakeholder = make_stakeholder(
        org_a, representatives=[{"name": "นายเปิด เผย", "phone": "081-234-5678"}]
    )
    page = _text(client_for(member_factory(org_a, role)).get(url(org_a, f"{stakeholder.pk}/")))
    assert "นายเปิด เผย" in page and "081-234-5678" in page
    assert 'data-testid="contacts-hidden"' not in page


def test_detail_history_names_the_acting_user_with_a_buddhist_era_time(
    org_a, editor_a, coordinator_a, client_for
):
    client_for(editor_a).post(url(org_a, "new/"), form_data(org_a))
    with scope(organization=org_a):
        stakeholder = Stakeholder.objects.get(code="REG-01")
    client_for(editor_a).post(
        url(org_a, f"{stakeholder.pk}/edit/"), form_data(org_a, name_th="ชื่อใหม่")
    )
    client_for(coordinator_a).post(url(org_a, f"{stakeholder.pk}/review/"))
    thai = history_entries(client_for(coordinator_a).get(url(org_a, f"{stakeholder.pk}/")))
    assert re.fullmatch(r"\d{1,2} \S+ 25\d\d \d\d:\d\d น\. · .*", thai[0])
    entries = history_entries(client_for(english(editor_a)).get(url(org_a, f"{stakeholder.pk}/")))
    assert [entry.split(" · ", 1)[1] for entry in entries] == [
        f"Changed: last reviewed · {coordinator_a.full_name}",
        f"Changed: name (Thai) · {editor_a.full_name}",
        f"Created · {editor_a.full_name}",
    ]


def history_entries(response) -> list[str]:
    history = re.search(r'data-testid="history">(.*?)</ul>', _text(response), re.S).group(1)
    return [entry.strip() for entry in re.findall(r"<li>(.*?)</li>", history, re.S)]


def test_detail_history_ignores_rows_of_another_organization(org_a, org_b, editor_a, client_for):
    mine = make_stakeholder(org_a, code="S-1")
    theirs = make_stakeholder(org_b, code="S-1")
    # A history row of org B claiming the id of org A's profile must not show.
    with scope(organization=org_b):
        Stakeholder.history.filter(id=theirs.pk).update(id=mine.pk, name_th="ของอีกองค์กร")
    assert len(history_entries(client_for(editor_a).get(url(org_a, f"{mine.pk}/")))) == 1


def test_mark_as_reviewed_sets_today(org_a, editor_a, client_for):
    stakeholder = make_stakeholder(org_a, last_reviewed=dt.date(2020, 1, 1))
    response = client_for(editor_a).post(url(org_a, f"{stakeholder.pk}/review/"))
    assert response.status_code == 302
    with scope(organization=org_a):
        stakeholder.refresh_from_db()
    assert stakeholder.last_reviewed == timezone.localdate()


# --- roles -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.VIEWER, Role.SECRETARY])
def test_roles_without_edit_rights_get_403_on_profile_writes(
    role, org_a, member_factory, client_for
):
    stakeholder = make_stakeholder(org_a, last_reviewed=dt.date(2020, 1, 1))
    client = client_for(member_factory(org_a, role))
    assert client.get(url(org_a, "new/")).status_code == 403
    assert client.post(url(org_a, "new/"), form_data(org_a)).status_code == 403
    assert client.post(url(org_a, f"{stakeholder.pk}/edit/"), form_data(org_a)).status_code == 403
    assert client.post(url(org_a, f"{stakeholder.pk}/review/")).status_code == 403
    with scope(organization=org_a):
        stakeholder.refresh_from_db()
        assert Stakeholder.objects.count() == 1
    assert stakeholder.last_reviewed == dt.date(2020, 1, 1)


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.VIEWER])
def test_readers_see_the_list_and_detail_without_write_buttons(
    role, org_a, member_factory, client_for
):
    stakeholder = make_stakeholder(org_a)
    client = client_for(member_factory(org_a, role))
    assert 'data-testid="create-profile"' not in _text(client.get(url(org_a)))
    page = _text(client.get(url(org_a, f"{stakeholder.pk}/")))
    assert 'data-testid="edit-profile"' not in page and 'data-testid="mark-reviewed"' not in page
