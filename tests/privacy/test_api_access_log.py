"""Looks at personal data through the API are logged: a case or a stakeholder with contacts
retrieved, a list showing contacts (one entry per response), an export with contacts; roles
that see no personal data leave no entry."""

import pytest
from django_scopes import scopes_disabled

from seam_scm.privacy.models import PersonalDataAccess
from seam_scm.tenancy.roles import Role

from ..complaints.factories import make_case
from ..stakeholders.factories import make_stakeholder

pytestmark = pytest.mark.django_db

CONTACTS = {
    "complainant_name": "นางสาวสมศรี ใจดีมาก",
    "complainant_phone": "0812345678",
    "lawful_basis": "public_task",
}


def api(organization, suffix: str) -> str:
    return f"/api/v1/orgs/{organization.slug}/{suffix}"


def english(user):
    """The log's descriptions are in the member's language."""
    user.language = "en"
    user.save()
    return user


def log_of(organization) -> list[PersonalDataAccess]:
    with scopes_disabled():
        return list(PersonalDataAccess.objects.filter(organization=organization).order_by("id"))


def test_retrieving_a_case_with_contacts_is_logged(org_a, member_factory, api_client_for):
    case = make_case(org_a, **CONTACTS)
    coordinator = member_factory(org_a, Role.COORDINATOR)
    response = api_client_for(coordinator).get(api(org_a, f"complaint-cases/{case.pk}/"))
    assert response.status_code == 200
    [entry] = log_of(org_a)
    assert (entry.user, entry.role, entry.kind) == (coordinator, Role.COORDINATOR, "view")
    assert entry.record_id == case.pk and case.reference in entry.what
    assert entry.path == f"/api/v1/orgs/{org_a.slug}/complaint-cases/{case.pk}/"


def test_an_anonymous_case_leaves_no_entry(org_a, member_factory, api_client_for):
    case = make_case(org_a, is_anonymous=True)
    client = api_client_for(member_factory(org_a, Role.EDITOR))
    assert client.get(api(org_a, f"complaint-cases/{case.pk}/")).status_code == 200
    assert log_of(org_a) == []


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.VIEWER])
def test_roles_without_personal_data_leave_no_entry(role, org_a, member_factory, api_client_for):
    case = make_case(org_a, **CONTACTS)
    make_stakeholder(org_a, representatives=[{}])
    client = api_client_for(member_factory(org_a, role))
    for suffix in (
        f"complaint-cases/{case.pk}/",
        "complaint-cases/",
        "stakeholders/",
        "stakeholder-export/",
    ):
        assert client.get(api(org_a, suffix)).status_code == 200, suffix
    assert log_of(org_a) == []


def test_a_list_with_contacts_is_one_entry_per_response(org_a, member_factory, api_client_for):
    make_case(org_a, **CONTACTS)
    make_case(org_a, **CONTACTS)
    make_case(org_a, is_anonymous=True)
    secretary = english(member_factory(org_a, Role.SECRETARY))
    client = api_client_for(secretary)
    assert client.get(api(org_a, "complaint-cases/")).json()["count"] == 3
    [entry] = log_of(org_a)
    assert (entry.kind, entry.role, entry.record_id) == ("view", Role.SECRETARY, None)
    assert entry.what == "2 complaint cases (list)"


def test_a_stakeholder_with_representatives_logs_each_one(org_a, member_factory, api_client_for):
    stakeholder = make_stakeholder(org_a, representatives=[{}, {"name": "นายสมพงษ์ ผู้แทน"}])
    editor = english(member_factory(org_a, Role.EDITOR))
    client = api_client_for(editor)
    assert client.get(api(org_a, f"stakeholders/{stakeholder.pk}/")).status_code == 200
    entries = log_of(org_a)
    with scopes_disabled():
        ids = set(stakeholder.representatives.values_list("pk", flat=True))
    assert {entry.record_id for entry in entries} == ids and len(entries) == 2
    assert client.get(api(org_a, "stakeholders/")).status_code == 200
    listed = log_of(org_a)[2:]
    assert [entry.what for entry in listed] == ["2 stakeholder representatives (list)"]


def test_an_export_with_contacts_is_logged(org_a, member_factory, api_client_for):
    make_stakeholder(org_a, representatives=[{}])
    coordinator = english(member_factory(org_a, Role.COORDINATOR))
    response = api_client_for(coordinator).get(api(org_a, "stakeholder-export/"))
    assert response.status_code == 200
    [entry] = log_of(org_a)
    assert entry.kind == "export" and "1 representative contacts" in entry.what
