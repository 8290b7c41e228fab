"""The access log: every page and export that shows personal data writes who looked at what,
roles that see none write nothing, and only the coordinator reads the log, filtered by user,
kind and Buddhist Era dates."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from seam_scm.privacy import services
from seam_scm.privacy.models import AccessKind, PersonalDataAccess
from seam_scm.tenancy.models import Membership
from seam_scm.tenancy.roles import Role
from stakeholders.models import Representative

from ..complaints.factories import make_case, member
from ..stakeholders.factories import make_stakeholder

pytestmark = pytest.mark.django_db

COMPLAINANT = {
    "complainant_name": "นางสาวสมศรี ใจดีมาก",
    "complainant_phone": "0812345678",
    "complainant_email": "somsri.jaidee@example.com",
    "lawful_basis": "public_task",
}
SEE_PERSONAL_DATA = [Role.COORDINATOR, Role.EDITOR, Role.SECRETARY]
SEE_NONE = [Role.ASSESSOR, Role.VIEWER]


def log_of(organization) -> list[PersonalDataAccess]:
    with scopes_disabled():
        return list(
            PersonalDataAccess.objects.filter(organization=organization)
            .select_related("record_type")
            .order_by("id")
        )


def case_url(case) -> str:
    return reverse("complaints:case_detail", args=[case.organization.slug, case.pk])


def profile_url(stakeholder) -> str:
    return reverse("stakeholders:detail", args=[stakeholder.organization.slug, stakeholder.pk])


def export_url(organization, query: str = "") -> str:
    return reverse("stakeholders:export", args=[organization.slug]) + query


def log_url(organization, query: str = "") -> str:
    return reverse("privacy:access_log", args=[organization.slug]) + query


def english(user):
    user.language = "en"
    user.save()
    return user


def two_representatives(organization, **fields):
    return make_stakeholder(
        organization,
        representatives=[
            {"name": "นางสาวมาลี ติดต่อดี"},
            {"name": "นายสมชาย ประสานงาน", "kind": Representative.Kind.REPRESENTATIVE},
        ],
        **fields,
    )


# --- viewing a complaint case ----------------------------------------------------------------


@pytest.mark.parametrize("role", SEE_PERSONAL_DATA)
def test_viewing_a_case_with_contacts_logs_one_view(role, org_a, client_for):
    case = make_case(org_a, **COMPLAINANT)
    user = member(org_a, role)
    response = client_for(user).get(case_url(case))
    assert response.status_code == 200 and "0812345678" in response.content.decode()
    [entry] = log_of(org_a)
    assert (entry.user, entry.role, entry.kind) == (user, role, AccessKind.VIEW)
    assert case.reference in entry.what and "สมศรี" not in entry.what
    assert entry.record_type == ContentType.objects.get_for_model(case)
    assert entry.record_id == case.pk and entry.path == case_url(case)


@pytest.mark.parametrize("role", SEE_NONE)
def test_roles_without_personal_data_viewing_a_case_log_nothing(role, org_a, client_for):
    case = make_case(org_a, **COMPLAINANT)
    response = client_for(member(org_a, role)).get(case_url(case))
    assert response.status_code == 200 and "0812345678" not in response.content.decode()
    assert log_of(org_a) == []


def test_a_case_without_contacts_logs_nothing(org_a, client_for):
    anonymous = make_case(org_a, is_anonymous=True)
    erased = make_case(org_a, **COMPLAINANT)
    with scope(organization=org_a):
        services.erase(services.find_records([f"complaints.complaintcase:{erased.pk}"]), why="t")
    client = client_for(member(org_a, Role.COORDINATOR))
    for case in (anonymous, erased):
        assert client.get(case_url(case)).status_code == 200
    assert log_of(org_a) == []


def test_each_view_is_logged(org_a, client_for):
    case = make_case(org_a, **COMPLAINANT)
    client = client_for(member(org_a, Role.EDITOR))
    client.get(case_url(case))
    client.get(case_url(case))
    assert len(log_of(org_a)) == 2


# --- viewing a stakeholder's representatives -------------------------------------------------


@pytest.mark.parametrize("role", SEE_PERSONAL_DATA)
def test_viewing_a_profile_logs_one_view_per_representative(role, org_a, client_for):
    stakeholder = two_representatives(org_a)
    user = member(org_a, role)
    response = client_for(user).get(profile_url(stakeholder))
    assert response.status_code == 200 and "02-111-2222" in response.content.decode()
    entries = log_of(org_a)
    with scopes_disabled():
        representatives = set(stakeholder.representatives.values_list("pk", flat=True))
    assert {entry.record_id for entry in entries} == representatives and len(entries) == 2
    for entry in entries:
        assert (entry.user, entry.role, entry.kind) == (user, role, AccessKind.VIEW)
        assert entry.record_type == ContentType.objects.get_for_model(Representative)
        assert str(stakeholder.name_th) in entry.what and "มาลี" not in entry.what
        assert entry.path == profile_url(stakeholder)


@pytest.mark.parametrize("role", SEE_NONE)
def test_roles_without_personal_data_viewing_a_profile_log_nothing(role, org_a, client_for):
    stakeholder = two_representatives(org_a)
    response = client_for(member(org_a, role)).get(profile_url(stakeholder))
    assert response.status_code == 200 and "02-111-2222" not in response.content.decode()
    assert log_of(org_a) == []


def test_a_profile_without_representatives_logs_nothing(org_a, client_for):
    stakeholder = make_stakeholder(org_a)
    client_for(member(org_a, Role.COORDINATOR)).get(profile_url(stakeholder))
    assert log_of(org_a) == []


# --- exporting the stakeholder database ------------------------------------------------------


@pytest.mark.parametrize("role", SEE_PERSONAL_DATA)
def test_an_export_with_contacts_logs_one_export(role, org_a, client_for):
    two_representatives(org_a)
    make_stakeholder(org_a, code="S-EMPTY", name_th="ผู้มีส่วนได้ส่วนเสียไม่มีผู้แทน")
    user = english(member(org_a, role))
    response = client_for(user).get(export_url(org_a))
    assert response.status_code == 200
    [entry] = log_of(org_a)
    assert (entry.user, entry.role, entry.kind) == (user, role, AccessKind.EXPORT)
    assert entry.record_type is None and entry.record_id is None
    assert "2 representative contacts" in entry.what and "2 stakeholders" in entry.what
    assert entry.path == export_url(org_a)


def test_the_export_log_counts_only_the_filtered_rows(org_a, client_for):
    two_representatives(org_a, code="S-FIND", name_th="สหกรณ์ผู้ใช้น้ำ")
    make_stakeholder(org_a, code="S-OTHER", representatives=[{}])
    user = english(member(org_a, Role.COORDINATOR))
    client_for(user).get(export_url(org_a, "?q=S-FIND"))
    [entry] = log_of(org_a)
    assert "2 representative contacts" in entry.what and "1 stakeholders" in entry.what


@pytest.mark.parametrize("role", SEE_NONE)
def test_an_export_without_personal_data_logs_nothing(role, org_a, client_for):
    two_representatives(org_a)
    assert client_for(member(org_a, role)).get(export_url(org_a)).status_code == 200
    assert log_of(org_a) == []


def test_an_export_with_no_contacts_in_it_logs_nothing(org_a, client_for):
    make_stakeholder(org_a)
    client_for(member(org_a, Role.COORDINATOR)).get(export_url(org_a))
    assert log_of(org_a) == []


# --- the access log page ---------------------------------------------------------------------


def membership(organization, user) -> Membership:
    with scopes_disabled():
        return Membership.objects.get(organization=organization, user=user)


def entry_at(organization, user, when: dt.datetime, *, kind=AccessKind.VIEW, what="x", record=None):
    with scope(organization=organization):
        entry = services.log_access(
            membership(organization, user), kind=kind, what=what, record=record
        )
    with scopes_disabled():
        PersonalDataAccess.objects.filter(pk=entry.pk).update(created_at=when)
    return entry


def be(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


@pytest.fixture
def coordinator(org_a):
    user = english(member(org_a, Role.COORDINATOR))
    user.full_name = "ผู้ประสานงานทดสอบ"
    user.save()
    return user


@pytest.mark.parametrize("role", [Role.EDITOR, Role.SECRETARY, Role.ASSESSOR, Role.VIEWER])
def test_only_the_coordinator_reads_the_log(role, org_a, coordinator, client_for):
    entry_at(org_a, coordinator, timezone.now(), what="ร่องรอยลับ")
    response = client_for(member(org_a, role)).get(log_url(org_a))
    assert response.status_code == 403
    assert "ร่องรอยลับ" not in response.content.decode()
    assert client_for(coordinator).get(log_url(org_a)).status_code == 200


def test_the_log_shows_newest_first_with_who_role_kind_and_a_link(org_a, coordinator, client_for):
    case = make_case(org_a, **COMPLAINANT)
    editor = english(member(org_a, Role.EDITOR))
    editor.full_name = "บรรณาธิการทดสอบ"
    editor.save()
    now = timezone.now()
    with scope(organization=org_a):
        services.log_view(membership(org_a, editor), case, path=case_url(case))
    entry_at(
        org_a, coordinator, now - dt.timedelta(days=1), kind=AccessKind.EXPORT, what="ส่งออกเก่า"
    )
    body = client_for(coordinator).get(log_url(org_a)).content.decode()
    assert body.index(case.reference) < body.index("ส่งออกเก่า")
    assert "บรรณาธิการทดสอบ" in body and "Editor" in body and "Viewed" in body
    assert "ผู้ประสานงานทดสอบ" in body and "Exported" in body
    assert f'href="{case_url(case)}" data-testid="access-record"' in body
    assert "0812345678" not in body and "สมศรี" not in body


def test_a_deleted_record_keeps_its_entry_without_a_link(org_a, coordinator, client_for):
    stakeholder = two_representatives(org_a)
    with scopes_disabled():
        representative = stakeholder.representatives.first()
    with scope(organization=org_a):
        services.log_view(membership(org_a, coordinator), representative)
        representative.delete()
    body = client_for(coordinator).get(log_url(org_a)).content.decode()
    assert body.count('data-testid="access-row"') == 1
    assert 'data-testid="access-record"' not in body


def test_the_log_filters_by_user_kind_and_dates(org_a, coordinator, client_for):
    editor = member(org_a, Role.EDITOR)
    now = timezone.now()
    today = timezone.localdate(now)
    entry_at(org_a, editor, now, what="แก้ไขวันนี้")
    entry_at(org_a, editor, now - dt.timedelta(days=10), kind=AccessKind.EXPORT, what="ส่งออกสิบวัน")
    entry_at(org_a, coordinator, now - dt.timedelta(days=3), what="ผู้ประสานงานสามวัน")
    client = client_for(coordinator)

    def shown(query: str) -> set[str]:
        body = client.get(log_url(org_a, query)).content.decode()
        return {w for w in ("แก้ไขวันนี้", "ส่งออกสิบวัน", "ผู้ประสานงานสามวัน") if w in body}

    assert shown("") == {"แก้ไขวันนี้", "ส่งออกสิบวัน", "ผู้ประสานงานสามวัน"}
    assert shown(f"?user={editor.pk}") == {"แก้ไขวันนี้", "ส่งออกสิบวัน"}
    assert shown("?kind=export") == {"ส่งออกสิบวัน"}
    assert shown(f"?user={editor.pk}&kind=view") == {"แก้ไขวันนี้"}
    since = be(today - dt.timedelta(days=5))
    assert shown(f"?date_from={since}") == {"แก้ไขวันนี้", "ผู้ประสานงานสามวัน"}
    until = be(today - dt.timedelta(days=3))
    assert shown(f"?date_to={until}") == {"ส่งออกสิบวัน", "ผู้ประสานงานสามวัน"}
    assert shown(f"?date_from={until}&date_to={until}") == {"ผู้ประสานงานสามวัน"}


def test_unreadable_filters_are_shown_and_ignored(org_a, coordinator, client_for):
    entry_at(org_a, coordinator, timezone.now(), what="รายการเดียว")
    today = timezone.localdate()
    client = client_for(coordinator)
    response = client.get(log_url(org_a, f"?date_from={today.strftime('%d/%m/%Y')}"))
    assert response.status_code == 200
    assert response.context["filter_form"].errors["date_from"]
    assert "รายการเดียว" in response.content.decode()
    backwards = f"?date_from={be(today)}&date_to={be(today - dt.timedelta(days=1))}"
    assert client.get(log_url(org_a, backwards)).context["filter_form"].errors["date_to"]


def test_the_user_filter_offers_only_people_in_this_log(org_a, org_b, coordinator, client_for):
    outsider = member(org_b, Role.EDITOR)
    entry_at(org_b, outsider, timezone.now(), what="อีกองค์กร")
    entry_at(org_a, coordinator, timezone.now(), what="องค์กรนี้")
    response = client_for(coordinator).get(log_url(org_a))
    offered = list(response.context["filter_form"].fields["user"].queryset)
    assert offered == [coordinator]
    body = response.content.decode()
    assert "องค์กรนี้" in body and "อีกองค์กร" not in body
    # Asking for the outsider's entries finds nothing of theirs.
    response = client_for(coordinator).get(log_url(org_a, f"?user={outsider.pk}"))
    assert "อีกองค์กร" not in response.content.decode()


def test_the_log_is_paginated_by_50(org_a, coordinator, client_for):
    now = timezone.now()
    for n in range(51):
        entry_at(org_a, coordinator, now - dt.timedelta(minutes=n), what=f"entry-{n:02d}")
    client = client_for(coordinator)
    first = client.get(log_url(org_a)).content.decode()
    assert first.count('data-testid="access-row"') == 50 and "entry-50" not in first
    second = client.get(log_url(org_a, "?page=2")).content.decode()
    assert second.count('data-testid="access-row"') == 1 and "entry-50" in second
