"""The role matrix, and that pages and the API enforce it."""

import pytest
from django_scopes import scope

from seam_scm.tenancy.models import Membership, OrgUnit
from seam_scm.tenancy.roles import ROLE_MATRIX, Action, Role, allowed_actions, role_allows

# Column order of the table below; a new Action must be added here on purpose.
ACTIONS = (
    Action.VIEW,
    Action.EDIT_RECORDS,
    Action.SUBMIT_DOCUMENTS,
    Action.RECORD_APPROVALS,
    Action.EXPORT_PACKS,
    Action.EXPORT_ASSESSMENT_PACKS,
    Action.REVIEW_ASSESSMENTS,
    Action.VIEW_PERSONAL_DATA,
    Action.MANAGE_ORGANIZATION,
    Action.MANAGE_PRIVACY,
)
# fmt: off
TABLE = {
    #                 view edit submit approve export a-pack review personal manage privacy
    Role.COORDINATOR: (1,   1,   1,     1,      1,     1,     0,     1,       1,     1),
    Role.EDITOR:      (1,   1,   1,     0,      0,     1,     0,     1,       0,     0),
    Role.SECRETARY:   (1,   0,   0,     1,      1,     1,     0,     1,       0,     0),
    Role.ASSESSOR:    (1,   0,   0,     0,      0,     1,     1,     0,       0,     0),
    Role.VIEWER:      (1,   0,   0,     0,      0,     0,     0,     0,       0,     0),
}
# fmt: on


def _expected(role: Role) -> frozenset[Action]:
    return frozenset(
        action for action, allowed in zip(ACTIONS, TABLE[role], strict=True) if allowed
    )


# --- The matrix ----------------------------------------------------------------------


def test_roles_and_actions_are_exactly_those_in_the_table():
    assert list(Role) == list(TABLE)
    assert list(Action) == list(ACTIONS)
    assert set(ROLE_MATRIX) == set(Action)


def test_role_matrix_is_exactly_the_table():
    actual = {role: tuple(int(role in ROLE_MATRIX[a]) for a in ACTIONS) for role in Role}
    assert actual == TABLE


def test_role_allows_every_role_and_action_as_in_the_table():
    actual = {(role, action): role_allows(role, action) for role in Role for action in Action}
    expected = {(role, action): action in _expected(role) for role in Role for action in Action}
    assert actual == expected


def test_allowed_actions_per_role_as_in_the_table():
    assert {role: allowed_actions(role) for role in Role} == {
        role: _expected(role) for role in Role
    }


def test_role_allows_accepts_plain_strings():
    assert (role_allows("editor", "edit_records"), role_allows("viewer", "edit_records")) == (
        True,
        False,
    )


def test_role_allows_unknown_role_raises():
    with pytest.raises(ValueError):
        role_allows("owner", Action.VIEW)


def test_only_coordinators_manage_the_organization():
    assert ROLE_MATRIX[Action.MANAGE_ORGANIZATION] == frozenset({Role.COORDINATOR})


def test_assessors_and_viewers_never_see_personal_data():
    assert {r for r in Role if role_allows(r, Action.VIEW_PERSONAL_DATA)} == {
        Role.COORDINATOR,
        Role.EDITOR,
        Role.SECRETARY,
    }


# --- Pages ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["units/new/", "members/new/"])
def test_viewer_gets_403_on_management_pages(page, org_a, member_factory, client_for):
    client = client_for(member_factory(org_a, Role.VIEWER))
    response = client.get(f"/o/{org_a.slug}/{page}")
    assert response.status_code == 403
    assert [t.name for t in response.templates][0] == "403.html"


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["units/new/", "members/new/"])
def test_coordinator_reaches_management_pages(page, org_a, coordinator_a, client_for):
    assert client_for(coordinator_a).get(f"/o/{org_a.slug}/{page}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.EDITOR, Role.SECRETARY, Role.ASSESSOR, Role.VIEWER])
def test_non_coordinator_roles_can_read_units_and_members(role, org_a, member_factory, client_for):
    client = client_for(member_factory(org_a, role))
    statuses = [
        client.get(f"/o/{org_a.slug}/{page}").status_code for page in ("units/", "members/")
    ]
    assert statuses == [200, 200]


@pytest.mark.django_db
def test_editor_cannot_open_add_member_page(org_a, member_factory, client_for):
    client = client_for(member_factory(org_a, Role.EDITOR))
    assert client.get(f"/o/{org_a.slug}/members/new/").status_code == 403


@pytest.mark.django_db
def test_editor_cannot_add_member_by_post(org_a, member_factory, client_for):
    client = client_for(member_factory(org_a, Role.EDITOR))
    response = client.post(
        f"/o/{org_a.slug}/members/new/", {"email": "new@example.com", "role": Role.COORDINATOR}
    )
    assert response.status_code == 403
    with scope(organization=org_a):
        assert Membership.objects.filter(user__email="new@example.com").exists() is False


@pytest.mark.django_db
def test_editor_cannot_change_a_role(org_a, coordinator_a, member_factory, client_for):
    editor = member_factory(org_a, Role.EDITOR)
    with scope(organization=org_a):
        own = Membership.objects.get(user=editor)
    response = client_for(editor).post(
        f"/o/{org_a.slug}/members/{own.pk}/edit/", {"role": Role.COORDINATOR}
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.role == Role.EDITOR


@pytest.mark.django_db
def test_editor_cannot_remove_a_member(org_a, coordinator_a, member_factory, client_for):
    editor = member_factory(org_a, Role.EDITOR)
    with scope(organization=org_a):
        target = Membership.objects.get(user=coordinator_a)
    response = client_for(editor).post(f"/o/{org_a.slug}/members/{target.pk}/remove/")
    assert response.status_code == 403
    with scope(organization=org_a):
        assert Membership.objects.filter(pk=target.pk).exists() is True


@pytest.mark.django_db
def test_editor_cannot_add_unit_by_post(org_a, member_factory, client_for):
    client = client_for(member_factory(org_a, Role.EDITOR))
    response = client.post(
        f"/o/{org_a.slug}/units/new/", {"kind": "line", "code": "X", "name_th": "สายงานเอ็กซ์"}
    )
    assert response.status_code == 403
    with scope(organization=org_a):
        assert OrgUnit.objects.count() == 0


@pytest.mark.django_db
def test_member_list_shows_add_button_only_to_coordinators(
    org_a, coordinator_a, member_factory, client_for
):
    add_link = f'href="/o/{org_a.slug}/members/new/"'
    editor = member_factory(org_a, Role.EDITOR)
    shown = {
        user.email: add_link in client_for(user).get(f"/o/{org_a.slug}/members/").content.decode()
        for user in (editor, coordinator_a)
    }
    assert shown == {editor.email: False, coordinator_a.email: True}


# --- API --------------------------------------------------------------------------------

NEW_UNIT = {"kind": "line", "code": "API-1", "name_th": "สายงานจากเอพีไอ"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, Role.SECRETARY, Role.ASSESSOR])
def test_api_non_coordinator_cannot_create_unit(role, org_a, member_factory, api_client_for):
    client = api_client_for(member_factory(org_a, role))
    response = client.post(f"/api/v1/orgs/{org_a.slug}/units/", NEW_UNIT, format="json")
    assert response.status_code == 403
    with scope(organization=org_a):
        assert OrgUnit.objects.count() == 0


@pytest.mark.django_db
def test_api_coordinator_creates_unit(org_a, coordinator_a, api_client_for):
    client = api_client_for(coordinator_a)
    response = client.post(f"/api/v1/orgs/{org_a.slug}/units/", NEW_UNIT, format="json")
    assert response.status_code == 201
    with scope(organization=org_a):
        unit = OrgUnit.objects.get()
    assert response.json() == {
        "id": unit.pk,
        "kind": "line",
        "code": "API-1",
        "name_th": "สายงานจากเอพีไอ",
        "name_en": "",
        "parent": None,
        "head": None,
        "is_active": True,
    }


@pytest.mark.django_db
def test_api_403_is_json(org_a, member_factory, api_client_for):
    client = api_client_for(member_factory(org_a, Role.VIEWER))
    response = client.post(f"/api/v1/orgs/{org_a.slug}/units/", NEW_UNIT, format="json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["detail"]


@pytest.mark.django_db
def test_api_viewer_can_read_units(org_a, unit_a, member_factory, api_client_for):
    client = api_client_for(member_factory(org_a, Role.VIEWER))
    response = client.get(f"/api/v1/orgs/{org_a.slug}/units/")
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == ["A-LINE"]


@pytest.mark.django_db
def test_api_editor_cannot_change_roles(org_a, coordinator_a, member_factory, api_client_for):
    editor = member_factory(org_a, Role.EDITOR)
    with scope(organization=org_a):
        own = Membership.objects.get(user=editor)
    response = api_client_for(editor).patch(
        f"/api/v1/orgs/{org_a.slug}/members/{own.pk}/", {"role": "coordinator"}, format="json"
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.role == Role.EDITOR


@pytest.mark.django_db
def test_api_organization_detail_shows_callers_role(org_a, member_factory, api_client_for):
    client = api_client_for(member_factory(org_a, Role.SECRETARY))
    response = client.get(f"/api/v1/orgs/{org_a.slug}/")
    assert response.status_code == 200
    assert (response.json()["slug"], response.json()["role"]) == ("org-a", "secretary")
