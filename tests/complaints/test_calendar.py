"""The working calendar and holidays: models, seeding, the command, pages and API."""

import datetime as dt
import importlib
import io
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from complaints import calendar_services as services
from complaints.holidays import (
    SUBSTITUTION,
    THAI_HOLIDAYS,
    holidays_of,
    known_years,
    provisional_years,
    seed_holidays,
)
from complaints.models import Holiday, WorkingCalendar
from complaints.working_time import calendar_for
from seam_scm.tenancy.roles import Role

from ..factories import OrganizationFactory
from .route_builders import calendar_of, make_holiday

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def page(organization, suffix: str = "") -> str:
    return f"/o/{organization.slug}/complaints/calendar/{suffix}"


def api(organization, suffix: str) -> str:
    return f"/api/v1/orgs/{organization.slug}/{suffix}"


def dates_of(organization, year: int | None = None) -> set[dt.date]:
    with scopes_disabled():
        rows = Holiday.objects.filter(organization=organization)
        if year:
            rows = rows.filter(date__year=year)
        return set(rows.values_list("date", flat=True))


def seeded_dates(*years: int) -> set[dt.date]:
    return {row.date for year in years for row in holidays_of(year)}


@pytest.fixture(autouse=True)
def _holidays_of_2026_and_2027(request):
    """Organizations get this year's and next year's holidays when they are created; these
    tests read 2026 and 2027 whatever year they run in (a no-op in 2026)."""
    for name in ("org_a", "org_b"):
        if name in request.fixturenames:
            seed_holidays(organization=request.getfixturevalue(name), years=[2026, 2027])


@pytest.fixture
def coordinator(org_a, member_factory):
    return member_factory(org_a, Role.COORDINATOR)


# --- the holiday data ----------------------------------------------------------------------


def test_the_data_covers_2026_and_2027_and_only_2027_is_provisional():
    assert known_years() == [2026, 2027]
    assert provisional_years() == {2027}


@pytest.mark.parametrize("year", sorted(THAI_HOLIDAYS))
def test_holiday_data_is_consistent(year):
    rows = holidays_of(year)
    dates = [row.date for row in rows]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    assert all(row.date.year == year and row.name_th and row.name_en for row in rows)
    assert {row.kind for row in rows} <= set(Holiday.Kind.values)
    # A substitution day is a weekday that follows a holiday falling on a weekend.
    for row in rows:
        if row.kind == SUBSTITUTION:
            assert row.date.isoweekday() <= 5, row
    # Each holiday on a weekend is followed by a substitution day: the first weekday after it
    # that is not itself a holiday (as in 2027: Asarnha Bucha on Sunday 18 July, Buddhist Lent
    # Day on Monday 19, the substitution on Tuesday 20).
    kinds = {row.date: row.kind for row in rows}
    for row in rows:
        if row.kind != SUBSTITUTION and row.date.isoweekday() >= 6:
            later = row.date + dt.timedelta(days=1)
            while later.isoweekday() >= 6 or kinds.get(later, SUBSTITUTION) != SUBSTITUTION:
                later += dt.timedelta(days=1)
            assert kinds.get(later) == SUBSTITUTION, f"no substitution day after {row}"


def test_looked_up_dates_of_2026():
    by_date = {row.date: row for row in holidays_of(2026)}
    assert by_date[dt.date(2026, 1, 2)].kind == "special"  # Cabinet, 12 November 2024
    assert by_date[dt.date(2026, 3, 3)].name_th == "วันมาฆบูชา"
    assert by_date[dt.date(2026, 5, 31)].name_th == "วันวิสาขบูชา"  # a Sunday (อธิกมาส year)
    assert by_date[dt.date(2026, 6, 1)].kind == SUBSTITUTION
    assert by_date[dt.date(2026, 7, 29)].name_th == "วันอาสาฬหบูชา"
    assert by_date[dt.date(2026, 7, 30)].name_th == "วันเข้าพรรษา"
    assert by_date[dt.date(2026, 12, 7)].kind == SUBSTITUTION  # for Saturday 5 December
    assert not any(row.provisional for row in holidays_of(2026))


# --- models --------------------------------------------------------------------------------


def test_calendar_defaults_and_validation(org_a):
    calendar = WorkingCalendar(organization=org_a)
    assert (calendar.day_starts, calendar.day_ends) == (dt.time(8, 30), dt.time(16, 30))
    assert calendar.working_weekdays == [1, 2, 3, 4, 5]
    assert calendar.hours_per_day == dt.timedelta(hours=8)
    calendar.day_ends = dt.time(8, 30)
    with pytest.raises(ValidationError) as refused:
        calendar.full_clean(validate_constraints=False)
    assert "day_ends" in refused.value.message_dict


@pytest.mark.parametrize("weekdays", [[], [0], [8], [1, 1], ["1"], [True], "1,2", None])
def test_working_weekdays_must_be_distinct_iso_numbers(org_a, weekdays):
    calendar = WorkingCalendar(organization=org_a, working_weekdays=weekdays)
    with pytest.raises(ValidationError) as refused:
        calendar.full_clean(validate_constraints=False)
    assert "working_weekdays" in refused.value.message_dict


def test_working_weekdays_are_kept_sorted(org_a):
    calendar = calendar_of(org_a)
    calendar.working_weekdays = [6, 1, 3]
    with scope(organization=org_a):
        services.save_calendar(calendar=calendar)
        assert WorkingCalendar.objects.get().working_weekdays == [1, 3, 6]


def test_one_calendar_per_organization(org_a):
    with scope(organization=org_a), pytest.raises(ValidationError):
        WorkingCalendar(organization=org_a).full_clean()


def test_one_holiday_per_date_per_organization(org_a, org_b, english):
    taken = next(iter(dates_of(org_a)))
    with scope(organization=org_a), pytest.raises(ValidationError) as refused:
        services.save_holiday(holiday=Holiday(organization=org_a, date=taken, name_th="ซ้ำ"))
    assert refused.value.message_dict["date"] == [
        "This organization already has a holiday on this date."
    ]
    own = make_holiday(org_b)
    with scope(organization=org_a):
        services.save_holiday(holiday=Holiday(organization=org_a, date=own.date, name_th="เอ"))


def test_calendar_for_reads_the_organization_once(org_a, org_b, django_assert_num_queries):
    make_holiday(org_b, date=dt.date(2035, 6, 6))
    with django_assert_num_queries(2):
        calendar = calendar_for(org_a)
    assert calendar.holidays == dates_of(org_a)
    assert dt.date(2035, 6, 6) not in calendar.holidays
    assert calendar.working_weekdays == frozenset({1, 2, 3, 4, 5})


# --- seeding -------------------------------------------------------------------------------


def test_a_new_organization_gets_its_calendar_and_this_and_next_years_holidays():
    organization = OrganizationFactory()
    calendar = calendar_of(organization)
    assert calendar.working_weekdays == [1, 2, 3, 4, 5]
    assert dates_of(organization) == seeded_dates(THIS_YEAR, THIS_YEAR + 1)
    if {THIS_YEAR, THIS_YEAR + 1} & set(known_years()):
        assert dates_of(organization)
    with scopes_disabled():
        assert Holiday.history.filter(organization=organization, history_type="+").count() == len(
            dates_of(organization)
        )


def test_give_defaults_uses_the_year_it_is_given(org_a):
    with scopes_disabled():
        Holiday.objects.filter(organization=org_a).delete()
    services.give_defaults(organization=org_a, today=dt.date(2025, 6, 1))
    assert dates_of(org_a) == seeded_dates(2026)  # no data for 2025


def test_seeding_again_adds_nothing_and_keeps_edits(org_a):
    with scopes_disabled():
        renamed = Holiday.objects.get(organization=org_a, date=dt.date(2027, 2, 21))
        renamed.name_th = "วันมาฆบูชา (ตามประกาศ ครม.)"
        renamed.save()
        Holiday.objects.filter(organization=org_a, date=dt.date(2027, 5, 20)).update(
            kind=Holiday.Kind.ORGANIZATION, name_th="วันหยุดขององค์กร"
        )
    assert seed_holidays(organization=org_a, years=[2026, 2027]) == []
    with scopes_disabled():
        assert Holiday.objects.get(pk=renamed.pk).name_th == "วันมาฆบูชา (ตามประกาศ ครม.)"
        assert Holiday.objects.get(organization=org_a, date=dt.date(2027, 5, 20)).kind == (
            "organization"
        )


def test_a_deleted_holiday_comes_back_only_when_the_year_is_seeded_again(org_a):
    with scopes_disabled():
        Holiday.objects.filter(organization=org_a, date=dt.date(2026, 12, 7)).delete()
    assert dt.date(2026, 12, 7) not in dates_of(org_a)
    added = seed_holidays(organization=org_a, years=[2026])
    assert [row.date for row in added] == [dt.date(2026, 12, 7)]


def test_data_migration_gives_existing_organizations_their_defaults(org_a, org_b):
    with scopes_disabled():
        WorkingCalendar.objects.filter(organization=org_a).delete()
        Holiday.objects.filter(organization=org_a).delete()
        Holiday.objects.filter(organization=org_b, date__year=THIS_YEAR).delete()
    before_b = dates_of(org_b)
    migration = importlib.import_module(
        "complaints.migrations.0002_defaults_for_existing_organizations"
    )
    migration.give_existing_organizations_defaults(apps, None)
    migration.give_existing_organizations_defaults(apps, None)  # twice: nothing more
    assert calendar_of(org_a).working_weekdays == [1, 2, 3, 4, 5]
    expected = seeded_dates(THIS_YEAR, THIS_YEAR + 1)
    assert dates_of(org_a) == expected
    assert dates_of(org_b) == before_b | expected
    with scopes_disabled():
        assert WorkingCalendar.objects.filter(organization=org_b).count() == 1


# --- the command ---------------------------------------------------------------------------


def test_command_seeds_a_year_for_every_organization(org_a, org_b):
    with scopes_disabled():
        Holiday.objects.filter(date__year=2027).delete()
    out = io.StringIO()
    call_command("seed_holidays", "--year", "2027", stdout=out)
    assert dates_of(org_a, 2027) == dates_of(org_b, 2027) == seeded_dates(2027)
    assert f"{org_a.slug}: {len(seeded_dates(2027))} holidays added" in out.getvalue()
    assert "provisional" in out.getvalue()
    out = io.StringIO()
    call_command("seed_holidays", "--year", "2027", "--year", "2026", stdout=out)
    assert f"{org_a.slug}: 0 holidays added" in out.getvalue()


def test_command_can_seed_one_organization(org_a, org_b):
    with scopes_disabled():
        Holiday.objects.filter(date__year=2026).delete()
    call_command("seed_holidays", "--year", "2026", "--org", org_b.slug, stdout=io.StringIO())
    assert dates_of(org_a, 2026) == set()
    assert dates_of(org_b, 2026) == seeded_dates(2026)


def test_command_refuses_a_year_without_data_or_an_unknown_organization(org_a):
    with pytest.raises(CommandError, match="No holiday data for 2028"):
        call_command("seed_holidays", "--year", "2028")
    with pytest.raises(CommandError, match="No organization"):
        call_command("seed_holidays", "--year", "2026", "--org", "nobody")


# --- pages ---------------------------------------------------------------------------------


def _holiday_rows(body: str) -> list[str]:
    return re.findall(r'<tr data-testid="holiday" data-date="([\d-]+)"', body)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.SECRETARY, Role.ASSESSOR, Role.VIEWER])
def test_everyone_reads_the_calendar_but_only_coordinators_change_it(
    org_a, role, member_factory, client_for
):
    client = client_for(member_factory(org_a, role))
    response = client.get(page(org_a), {"year": 2026})
    body = response.content.decode()
    assert response.status_code == 200
    assert _holiday_rows(body) == [d.isoformat() for d in sorted(seeded_dates(2026))]
    assert 'data-testid="add-holiday"' not in body and "/edit/" not in body
    holiday = make_holiday(org_a)
    for suffix in ("edit/", "holidays/new/", f"holidays/{holiday.pk}/edit/"):
        assert client.get(page(org_a, suffix)).status_code == 403
    assert client.post(page(org_a, f"holidays/{holiday.pk}/delete/")).status_code == 403
    assert client.post(page(org_a, "edit/"), {"day_starts": "08:00"}).status_code == 403


def test_coordinator_sees_the_calendar_with_edit_buttons(org_a, coordinator, client_for):
    body = client_for(coordinator).get(page(org_a), {"year": 2026}).content.decode()
    assert 'data-testid="add-holiday"' in body and 'data-testid="edit-calendar"' in body
    assert "จันทร์" in body and "08:30–16:30" in body
    assert "31 พฤษภาคม 2569" in body  # Buddhist Era dates
    assert 'data-testid="non-working-day"' in body  # Visakha Bucha 2026 falls on a Sunday
    assert 'data-testid="provisional"' not in body
    assert 'data-testid="working-day-count"' in body


def test_the_year_can_be_chosen_in_either_era(org_a, coordinator, client_for):
    client = client_for(coordinator)
    for year in ("2027", "2570"):
        body = client.get(page(org_a), {"year": year}).content.decode()
        assert _holiday_rows(body) == [d.isoformat() for d in sorted(seeded_dates(2027))]
        assert 'data-testid="provisional"' in body
    body = client.get(page(org_a), {"year": "2031"}).content.decode()
    assert 'data-testid="no-holidays"' in body
    assert client.get(page(org_a), {"year": "junk"}).status_code == 200


def test_working_day_count_follows_the_holidays(org_a, coordinator, client_for, english):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    body = client_for(coordinator).get(page(org_a), {"year": 2026}).content.decode()
    weekdays_2026 = sum(
        1 for n in range(365) if (dt.date(2026, 1, 1) + dt.timedelta(days=n)).isoweekday() <= 5
    )
    off = sum(1 for d in seeded_dates(2026) if d.isoweekday() <= 5)
    assert f"{weekdays_2026 - off} working days in this year." in body


def test_coordinator_adds_edits_and_deletes_a_holiday(org_a, coordinator, client_for):
    client = client_for(coordinator)
    response = client.post(
        page(org_a, "holidays/new/"),
        {"date": "15/05/2570", "name_th": "วันก่อตั้งองค์กร", "name_en": "Foundation Day",
         "kind": "organization"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"].endswith("/calendar/?year=2027")
    with scope(organization=org_a):
        holiday = Holiday.objects.get(date=dt.date(2027, 5, 15))
        assert holiday.kind == "organization"
    form = client.get(page(org_a, f"holidays/{holiday.pk}/edit/")).content.decode()
    assert "15/05/2570" in form and 'data-testid="history"' in form
    response = client.post(
        page(org_a, f"holidays/{holiday.pk}/edit/"),
        {"date": "14/05/2570", "name_th": "วันก่อตั้งองค์กร", "kind": "organization"},
    )
    assert response.status_code == 302
    with scope(organization=org_a):
        holiday.refresh_from_db()
        assert holiday.date == dt.date(2027, 5, 14) and holiday.name_en == ""
        assert Holiday.history.filter(id=holiday.pk).count() == 2
    response = client.post(page(org_a, f"holidays/{holiday.pk}/delete/"))
    assert response.status_code == 302 and response["Location"].endswith("?year=2027")
    with scope(organization=org_a):
        assert not Holiday.objects.filter(pk=holiday.pk).exists()


def test_a_second_holiday_on_a_date_is_refused_on_the_form(org_a, coordinator, client_for, english):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    response = client_for(coordinator).post(
        page(org_a, "holidays/new/"),
        {"date": "02/01/2569", "name_th": "ซ้ำ", "kind": "organization"},
    )
    assert response.status_code == 200
    assert "already has a holiday on this date" in response.content.decode()


def test_coordinator_edits_the_working_week(org_a, coordinator, client_for):
    client = client_for(coordinator)
    assert client.get(page(org_a, "edit/")).status_code == 200
    response = client.post(
        page(org_a, "edit/"),
        {"day_starts": "08:00", "day_ends": "17:00", "working_weekdays": ["6", "1", "2"]},
    )
    assert response.status_code == 302
    calendar = calendar_of(org_a)
    assert (calendar.day_starts, calendar.day_ends) == (dt.time(8), dt.time(17))
    assert calendar.working_weekdays == [1, 2, 6]
    body = client.get(page(org_a)).content.decode()
    assert "08:00–17:00" in body and 'data-testid="history"' in body
    with scopes_disabled():
        assert WorkingCalendar.history.filter(id=calendar.pk).count() == 2


@pytest.mark.parametrize(
    "data",
    [
        {"day_starts": "17:00", "day_ends": "08:00", "working_weekdays": ["1"]},
        {"day_starts": "08:00", "day_ends": "17:00"},
        {"day_starts": "08:00", "day_ends": "17:00", "working_weekdays": ["9"]},
    ],
)
def test_an_impossible_working_week_is_refused(org_a, coordinator, client_for, data):
    response = client_for(coordinator).post(page(org_a, "edit/"), data)
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert calendar_of(org_a).day_starts == dt.time(8, 30)


def test_another_organizations_holiday_is_not_found(org_a, org_b, member_factory, client_for):
    client = client_for(member_factory(org_b, Role.COORDINATOR))
    holiday = make_holiday(org_a)
    assert client.get(page(org_b, f"holidays/{holiday.pk}/edit/")).status_code == 404
    assert client.post(page(org_b, f"holidays/{holiday.pk}/delete/")).status_code == 404
    assert client.get(page(org_a)).status_code == 404
    with scopes_disabled():
        assert Holiday.objects.filter(pk=holiday.pk).exists()


def test_org_home_links_to_the_calendar(org_a, coordinator, client_for):
    body = client_for(coordinator).get(f"/o/{org_a.slug}/").content.decode()
    assert f'href="/o/{org_a.slug}/complaints/calendar/"' in body


# --- API -----------------------------------------------------------------------------------


def test_api_reads_the_one_calendar(org_a, member_factory, api_client_for):
    client = api_client_for(member_factory(org_a, Role.ASSESSOR))
    data = client.get(api(org_a, "complaint-calendar/")).json()
    assert data["day_starts"] == "08:30:00" and data["working_weekdays"] == [1, 2, 3, 4, 5]
    assert client.get(api(org_a, f"complaint-calendar/{data['id']}/")).json() == data


def test_api_coordinator_changes_the_calendar(org_a, coordinator, api_client_for):
    client = api_client_for(coordinator)
    pk = calendar_of(org_a).pk
    response = client.patch(
        api(org_a, f"complaint-calendar/{pk}/"),
        {"working_weekdays": [6, 1, 2, 3, 4, 5], "day_ends": "16:00"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["working_weekdays"] == [1, 2, 3, 4, 5, 6]
    for refused in ({"working_weekdays": [1, 1]}, {"working_weekdays": []},
                    {"working_weekdays": [8]}, {"day_ends": "07:00"}):  # fmt: skip
        response = client.patch(api(org_a, f"complaint-calendar/{pk}/"), refused, format="json")
        assert response.status_code == 400, refused
    assert calendar_of(org_a).day_ends == dt.time(16)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.VIEWER])
def test_api_others_may_not_change_the_calendar_or_holidays(
    org_a, role, member_factory, api_client_for
):
    client = api_client_for(member_factory(org_a, role))
    pk = calendar_of(org_a).pk
    response = client.patch(api(org_a, f"complaint-calendar/{pk}/"), {"day_ends": "16:00"})
    assert response.status_code == 403
    payload = {"date": "2035-03-03", "name_th": "วันหยุด", "kind": "organization"}
    assert client.post(api(org_a, "complaint-holidays/"), payload).status_code == 403
    holiday = make_holiday(org_a)
    assert client.delete(api(org_a, f"complaint-holidays/{holiday.pk}/")).status_code == 403


def test_api_lists_holidays_by_year_in_either_era(org_a, member_factory, api_client_for):
    client = api_client_for(member_factory(org_a, Role.VIEWER))
    expected = [d.isoformat() for d in sorted(seeded_dates(2027))]
    for year in ("2027", "2570"):
        rows = client.get(api(org_a, "complaint-holidays/"), {"year": year}).json()["results"]
        assert [row["date"] for row in rows] == expected
    assert client.get(api(org_a, "complaint-holidays/")).json()["count"] == len(dates_of(org_a))


def test_api_coordinator_adds_changes_and_deletes_a_holiday(org_a, coordinator, api_client_for):
    client = api_client_for(coordinator)
    payload = {"date": "2035-03-03", "name_th": "วันก่อตั้ง", "kind": "organization"}
    response = client.post(api(org_a, "complaint-holidays/"), payload, format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = client.post(api(org_a, "complaint-holidays/"), payload, format="json")
    assert response.status_code == 400 and "date" in response.json()
    response = client.patch(
        api(org_a, f"complaint-holidays/{pk}/"), {"name_en": "Foundation Day"}, format="json"
    )
    assert response.status_code == 200 and response.json()["name_en"] == "Foundation Day"
    assert client.delete(api(org_a, f"complaint-holidays/{pk}/")).status_code == 204
    assert dt.date(2035, 3, 3) not in dates_of(org_a)


def test_api_does_not_reach_another_organizations_rows(org_a, org_b, coordinator, api_client_for):
    client = api_client_for(coordinator)
    theirs = make_holiday(org_b)
    assert client.get(api(org_a, f"complaint-holidays/{theirs.pk}/")).status_code == 404
    response = client.patch(api(org_a, f"complaint-calendar/{calendar_of(org_b).pk}/"), {})
    assert response.status_code == 404
    assert client.get(api(org_b, "complaint-calendar/")).status_code == 404
