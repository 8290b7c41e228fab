"""The unit tree's rules, adding members and their e-mail, the last coordinator, and history."""

import re
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django_scopes import scope

from seam_scm.accounts.models import User
from seam_scm.tenancy.forms import ALREADY_MEMBER
from seam_scm.tenancy.models import Membership, OrgUnit
from seam_scm.tenancy.roles import Role

from ..factories import PASSWORD, MembershipFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

DIVISION_UNDER_LINE = "A unit of kind Division (กอง) must sit under a Department (ฝ่าย)."
LINE_WITH_PARENT = "A business line is a top unit and has no parent."
LAST_COORDINATOR = "An organization needs at least one coordinator."
NEW_PASSWORD = "a-brand-new-horse-77"


def _english(user):
    """Messages are compared as written in the source, so the acting user reads English."""
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _unit_form(**fields) -> dict:
    data = {"kind": "line", "code": "NEW", "name_th": "หน่วยใหม่", "name_en": "", "parent": ""}
    data["is_active"] = "on"
    data.update(fields)
    return data


def _units(org) -> list[str]:
    with scope(organization=org):
        return list(OrgUnit.objects.values_list("code", flat=True))


def _membership(org, user) -> Membership:
    with scope(organization=org):
        return Membership.objects.get(user=user)


def _link_path(body: str) -> str:
    url = re.search(r"https?://\S+/accounts/password/reset/\S+/\S+/", body).group(0)
    return urlparse(url).path


def _set_password_through(link_path: str, password: str) -> int:
    """Follow a set-password link as an anonymous visitor; return the final POST's status."""
    client = Client()
    set_password_url = client.get(link_path)["Location"]
    response = client.post(set_password_url, {"new_password1": password, "new_password2": password})
    return response.status_code


def _log_in_status(email: str, password: str) -> int:
    return Client().post("/accounts/login/", {"username": email, "password": password}).status_code


# --- Unit tree rules: pages ---------------------------------------------------------------


def test_unit_page_refuses_division_directly_under_line(org_a, coordinator_a, unit_a, client_for):
    client = client_for(_english(coordinator_a))
    response = client.post(
        f"/o/{org_a.slug}/units/new/", _unit_form(kind="division", parent=unit_a.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"parent": [DIVISION_UNDER_LINE]}
    assert DIVISION_UNDER_LINE in response.content.decode()
    assert _units(org_a) == ["A-LINE"]


def test_unit_page_refuses_line_with_parent(org_a, coordinator_a, unit_a, client_for):
    client = client_for(_english(coordinator_a))
    response = client.post(f"/o/{org_a.slug}/units/new/", _unit_form(kind="line", parent=unit_a.pk))
    assert response.status_code == 200
    assert response.context["form"].errors == {"parent": [LINE_WITH_PARENT]}
    assert _units(org_a) == ["A-LINE"]


def test_unit_page_accepts_department_under_line(org_a, coordinator_a, unit_a, client_for):
    response = client_for(coordinator_a).post(
        f"/o/{org_a.slug}/units/new/", _unit_form(kind="department", code="A-1", parent=unit_a.pk)
    )
    assert response.status_code == 302
    assert response["Location"] == f"/o/{org_a.slug}/units/"
    with scope(organization=org_a):
        assert OrgUnit.objects.get(code="A-1").parent == unit_a


def test_unit_page_refuses_duplicate_code_in_same_org(org_a, coordinator_a, unit_a, client_for):
    client = client_for(_english(coordinator_a))
    response = client.post(f"/o/{org_a.slug}/units/new/", _unit_form(code="A-LINE"))
    assert response.status_code == 200
    assert "Another unit of this organization already uses this code." in response.content.decode()
    assert _units(org_a) == ["A-LINE"]


def test_unit_page_allows_same_code_in_another_org(org_a, org_b, unit_a, coordinator_b, client_for):
    response = client_for(coordinator_b).post(
        f"/o/{org_b.slug}/units/new/", _unit_form(code="A-LINE")
    )
    assert response.status_code == 302
    assert (_units(org_a), _units(org_b)) == (["A-LINE"], ["A-LINE"])


def test_unit_page_does_not_offer_parent_from_another_org(
    org_a, org_b, coordinator_b, unit_a, client_for
):
    client = client_for(coordinator_b)
    form = client.get(f"/o/{org_b.slug}/units/new/").context["form"]
    assert list(form.fields["parent"].queryset) == []
    response = client.post(
        f"/o/{org_b.slug}/units/new/", _unit_form(kind="department", parent=unit_a.pk)
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["parent"]
    assert _units(org_b) == []


# --- Unit tree rules: API -------------------------------------------------------------------


def _api_create_unit(client, org, **fields):
    data = {"kind": "line", "code": "NEW", "name_th": "หน่วยใหม่", **fields}
    return client.post(f"/api/v1/orgs/{org.slug}/units/", data, format="json")


def test_api_refuses_division_directly_under_line(org_a, coordinator_a, unit_a, api_client_for):
    client = api_client_for(_english(coordinator_a))
    response = _api_create_unit(client, org_a, kind="division", parent=unit_a.pk)
    assert response.status_code == 400
    assert response.json() == {"parent": [DIVISION_UNDER_LINE]}


def test_api_refuses_line_with_parent(org_a, coordinator_a, unit_a, api_client_for):
    client = api_client_for(_english(coordinator_a))
    response = _api_create_unit(client, org_a, kind="line", parent=unit_a.pk)
    assert response.status_code == 400
    assert response.json() == {"parent": [LINE_WITH_PARENT]}


def test_api_refuses_duplicate_code_in_same_org(org_a, coordinator_a, unit_a, api_client_for):
    response = _api_create_unit(api_client_for(coordinator_a), org_a, code="A-LINE")
    assert response.status_code == 400
    assert _units(org_a) == ["A-LINE"]


def test_api_allows_same_code_in_another_org(org_b, coordinator_b, unit_a, api_client_for):
    response = _api_create_unit(api_client_for(coordinator_b), org_b, code="A-LINE")
    assert response.status_code == 201
    assert _units(org_b) == ["A-LINE"]


def test_api_refuses_parent_from_another_org(org_b, coordinator_b, unit_a, api_client_for):
    response = _api_create_unit(
        api_client_for(coordinator_b), org_b, kind="department", parent=unit_a.pk
    )
    assert response.status_code == 400
    assert list(response.json()) == ["parent"]
    assert _units(org_b) == []


def test_api_refuses_moving_unit_under_parent_of_another_org(
    org_a, org_b, coordinator_b, unit_a, api_client_for
):
    line_b = OrgUnitFactory(organization=org_b, code="B")
    department = OrgUnitFactory(organization=org_b, kind="department", code="B-1", parent=line_b)
    response = api_client_for(coordinator_b).patch(
        f"/api/v1/orgs/{org_b.slug}/units/{department.pk}/", {"parent": unit_a.pk}, format="json"
    )
    assert response.status_code == 400
    department.refresh_from_db()
    assert department.parent.code == "B"


# --- Unit list --------------------------------------------------------------------------------


def test_unit_list_shows_chart_order_with_indentation(org_a, coordinator_a, client_for):
    line_b = OrgUnitFactory(organization=org_a, code="B")
    dept_b1 = OrgUnitFactory(organization=org_a, code="B-1", kind="department", parent=line_b)
    OrgUnitFactory(organization=org_a, code="B-1-1", kind="division", parent=dept_b1)
    line_a = OrgUnitFactory(organization=org_a, code="A")
    OrgUnitFactory(organization=org_a, code="A-2", kind="department", parent=line_a)

    html = client_for(coordinator_a).get(f"/o/{org_a.slug}/units/").content.decode()
    rows = re.findall(r'<td class="unit-depth-(\d)"><code>([^<]+)</code></td>', html)
    assert rows == [("0", "A"), ("1", "A-2"), ("0", "B"), ("1", "B-1"), ("2", "B-1-1")]


# --- Adding members ---------------------------------------------------------------------------


def test_member_page_adds_new_person_and_sends_one_email(
    org_a, coordinator_a, client_for, django_capture_on_commit_callbacks
):
    client = client_for(coordinator_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/o/{org_a.slug}/members/new/",
            {"email": "New.Person@Example.COM", "full_name": "สมหญิง ใหม่", "role": "editor"},
        )
    assert response.status_code == 302
    assert response["Location"] == f"/o/{org_a.slug}/members/"
    person = User.objects.get(email="new.person@example.com")
    assert (person.full_name, person.has_usable_password()) == ("สมหญิง ใหม่", False)
    assert _membership(org_a, person).role == Role.EDITOR
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.com"]


def test_member_email_for_new_person_has_working_set_password_link(
    org_a, coordinator_a, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(coordinator_a).post(
            f"/o/{org_a.slug}/members/new/", {"email": "fresh@example.com", "role": "viewer"}
        )
    link = _link_path(mail.outbox[0].body)
    assert link.startswith("/accounts/password/reset/")
    assert _set_password_through(link, NEW_PASSWORD) == 302
    assert _log_in_status("fresh@example.com", NEW_PASSWORD) == 302


def test_member_existing_user_added_to_second_org_keeps_password(
    org_a, org_b, coordinator_a, member_factory, client_for, django_capture_on_commit_callbacks
):
    person = member_factory(org_b, Role.VIEWER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator_a).post(
            f"/o/{org_a.slug}/members/new/", {"email": person.email.upper(), "role": "editor"}
        )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    assert (_membership(org_a, person).role, _membership(org_b, person).role) == (
        Role.EDITOR,
        Role.VIEWER,
    )
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "/accounts/password/reset/" not in body
    assert settings.SITE_URL + "/accounts/login/" in body


def test_member_api_adds_person_and_sends_one_email(
    org_a, coordinator_a, api_client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(coordinator_a).post(
            f"/api/v1/orgs/{org_a.slug}/members/",
            {"email": "api.person@example.com", "role": "secretary"},
            format="json",
        )
    assert response.status_code == 201
    assert (response.json()["email"], response.json()["role"]) == (
        "api.person@example.com",
        "secretary",
    )
    assert [m.to for m in mail.outbox] == [["api.person@example.com"]]


# --- The last coordinator ---------------------------------------------------------------------


def test_member_page_refuses_demoting_last_coordinator(org_a, coordinator_a, client_for):
    own = _membership(org_a, coordinator_a)
    client = client_for(_english(coordinator_a))
    response = client.post(f"/o/{org_a.slug}/members/{own.pk}/edit/", {"role": "viewer"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"role": [LAST_COORDINATOR]}
    own.refresh_from_db()
    assert own.role == Role.COORDINATOR


def test_member_page_allows_demoting_one_of_two_coordinators(
    org_a, coordinator_a, member_factory, client_for
):
    other = _membership(org_a, member_factory(org_a, Role.COORDINATOR))
    response = client_for(coordinator_a).post(
        f"/o/{org_a.slug}/members/{other.pk}/edit/", {"role": "editor"}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.role == Role.EDITOR


def test_member_page_refuses_removing_last_coordinator(org_a, coordinator_a, client_for):
    own = _membership(org_a, coordinator_a)
    client = client_for(_english(coordinator_a))
    response = client.post(f"/o/{org_a.slug}/members/{own.pk}/remove/", follow=True)
    assert response.redirect_chain == [(f"/o/{org_a.slug}/members/", 302)]
    assert [str(m) for m in response.context["messages"]] == [LAST_COORDINATOR]
    with scope(organization=org_a):
        assert list(Membership.objects.all()) == [own]


def test_member_page_removes_a_viewer(org_a, coordinator_a, member_factory, client_for):
    viewer = _membership(org_a, member_factory(org_a, Role.VIEWER))
    response = client_for(coordinator_a).post(f"/o/{org_a.slug}/members/{viewer.pk}/remove/")
    assert response.status_code == 302
    with scope(organization=org_a):
        assert list(Membership.objects.values_list("user", flat=True)) == [coordinator_a.pk]


def test_member_api_refuses_demoting_last_coordinator(org_a, coordinator_a, api_client_for):
    own = _membership(org_a, coordinator_a)
    response = api_client_for(_english(coordinator_a)).patch(
        f"/api/v1/orgs/{org_a.slug}/members/{own.pk}/", {"role": "viewer"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == [LAST_COORDINATOR]
    own.refresh_from_db()
    assert own.role == Role.COORDINATOR


def test_member_api_refuses_removing_last_coordinator(org_a, coordinator_a, api_client_for):
    own = _membership(org_a, coordinator_a)
    response = api_client_for(_english(coordinator_a)).delete(
        f"/api/v1/orgs/{org_a.slug}/members/{own.pk}/"
    )
    assert response.status_code == 400
    assert response.json() == [LAST_COORDINATOR]
    with scope(organization=org_a):
        assert list(Membership.objects.all()) == [own]


def test_last_coordinator_rule_counts_only_own_org(
    org_a, org_b, coordinator_a, coordinator_b, client_for
):
    """A coordinator of another organization does not make a's coordinator removable."""
    own = _membership(org_a, coordinator_a)
    client_for(coordinator_a).post(f"/o/{org_a.slug}/members/{own.pk}/edit/", {"role": "viewer"})
    own.refresh_from_db()
    assert own.role == Role.COORDINATOR


# --- Units of members ---------------------------------------------------------------------------


def test_member_page_can_clear_the_unit(org_a, coordinator_a, unit_a, client_for):
    seat = MembershipFactory(organization=org_a, role=Role.EDITOR, unit=unit_a)
    response = client_for(coordinator_a).post(
        f"/o/{org_a.slug}/members/{seat.pk}/edit/", {"role": "editor", "unit": ""}
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.unit is None


def test_member_api_can_clear_the_unit(org_a, coordinator_a, unit_a, api_client_for):
    seat = MembershipFactory(organization=org_a, role=Role.EDITOR, unit=unit_a)
    response = api_client_for(coordinator_a).patch(
        f"/api/v1/orgs/{org_a.slug}/members/{seat.pk}/", {"unit": None}, format="json"
    )
    assert response.status_code == 200
    seat.refresh_from_db()
    assert seat.unit is None


# --- History --------------------------------------------------------------------------------------


def test_unit_page_edit_records_history_with_acting_user(org_a, coordinator_a, unit_a, client_for):
    response = client_for(coordinator_a).post(
        f"/o/{org_a.slug}/units/{unit_a.pk}/edit/",
        _unit_form(code="A-LINE", name_th="สายงานเอ (แก้ไข)"),
    )
    assert response.status_code == 302
    changes = OrgUnit.history.filter(organization=org_a, history_type="~")
    assert [(row.name_th, row.history_user) for row in changes] == [
        ("สายงานเอ (แก้ไข)", coordinator_a)
    ]


def test_member_page_refuses_someone_already_a_member(org_a, coordinator_a, client_for, mailoutbox):
    viewer = MembershipFactory(organization=org_a, role=Role.VIEWER).user
    response = client_for(_english(coordinator_a)).post(
        f"/o/{org_a.slug}/members/new/",
        {"email": viewer.email.upper(), "full_name": "", "role": "editor", "unit": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"email": [str(ALREADY_MEMBER)]}
    assert _membership(org_a, viewer).role == Role.VIEWER
    assert mailoutbox == []


def test_member_api_refuses_someone_already_a_member(org_a, coordinator_a, api_client_for):
    viewer = MembershipFactory(organization=org_a, role=Role.VIEWER).user
    response = api_client_for(_english(coordinator_a)).post(
        f"/api/v1/orgs/{org_a.slug}/members/",
        {"email": viewer.email, "role": "editor"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"email": [str(ALREADY_MEMBER)]}
