"""The head of a unit (told when a complaint assigned to the unit nears or passes its time
standard): chosen among the organization's members on the unit page and through the API,
refused for anyone else, shown on the unit list, cleared when the person leaves."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from seam_scm.tenancy import services
from seam_scm.tenancy.models import Membership, OrgUnit
from seam_scm.tenancy.roles import Role

from ..factories import MembershipFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

NOT_A_MEMBER = "The head of a unit must be a member of the organization."
INVALID_CHOICE = "Select a valid choice. That choice is not one of the available choices."


def _english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _unit_form(**fields) -> dict:
    data = {"kind": "line", "code": "CS", "name_th": "สายงานบริการลูกค้า", "name_en": ""}
    data.update({"parent": "", "head": "", "is_active": "on"})
    data.update(fields)
    return data


def _unit(org, code="CS") -> OrgUnit:
    with scope(organization=org):
        return OrgUnit.objects.select_related("head").get(code=code)


@pytest.fixture
def head_a(org_a, member_factory):
    user = member_factory(org_a, Role.EDITOR)
    user.full_name = "สมหญิง หัวหน้าหน่วย"
    user.save(update_fields=["full_name"])
    return user


@pytest.fixture
def outsider(org_b, member_factory):
    """A member of the other organization only."""
    return member_factory(org_b, Role.COORDINATOR)


# --- the unit page -------------------------------------------------------------------------


def test_the_unit_form_offers_this_organization_s_members_only(
    org_a, coordinator_a, head_a, outsider, client_for
):
    response = client_for(coordinator_a).get(f"/o/{org_a.slug}/units/new/")
    choices = list(response.context["form"].fields["head"].queryset)
    assert set(choices) == {coordinator_a, head_a}
    html = response.content.decode()
    assert f"สมหญิง หัวหน้าหน่วย &lt;{head_a.email}&gt;" in html
    assert outsider.email not in html


def test_a_coordinator_names_the_head_of_a_unit(org_a, coordinator_a, head_a, client_for):
    client = client_for(coordinator_a)
    response = client.post(f"/o/{org_a.slug}/units/new/", _unit_form(head=head_a.pk))
    assert response.status_code == 302
    unit = _unit(org_a)
    assert unit.head == head_a

    response = client.post(f"/o/{org_a.slug}/units/{unit.pk}/edit/", _unit_form(head=""))
    assert response.status_code == 302
    assert _unit(org_a).head is None
    with scope(organization=org_a):
        heads = [row.head_id for row in OrgUnit.history.filter(id=unit.pk).order_by("history_id")]
    assert heads == [head_a.pk, None]


def test_the_unit_page_refuses_a_member_of_another_organization(
    org_a, coordinator_a, outsider, client_for
):
    client = client_for(_english(coordinator_a))
    response = client.post(f"/o/{org_a.slug}/units/new/", _unit_form(head=outsider.pk))
    assert response.status_code == 200
    assert response.context["form"].errors == {"head": [INVALID_CHOICE]}
    with scope(organization=org_a):
        assert not OrgUnit.objects.exists()


def test_the_unit_list_shows_the_head(org_a, head_a, member_factory, client_for):
    OrgUnitFactory(organization=org_a, code="CS", head=head_a)
    OrgUnitFactory(organization=org_a, code="HR")
    viewer = member_factory(org_a, Role.VIEWER)
    html = client_for(_english(viewer)).get(f"/o/{org_a.slug}/units/").content.decode()
    assert "Head of unit" in html
    assert "สมหญิง หัวหน้าหน่วย" in html


def test_the_unit_list_reads_the_heads_with_the_units(
    org_a, member_factory, client_for, django_assert_max_num_queries
):
    viewer = member_factory(org_a, Role.VIEWER)
    client = client_for(viewer)
    OrgUnitFactory(organization=org_a, code="U1", head=member_factory(org_a, Role.EDITOR))
    client.get(f"/o/{org_a.slug}/units/")  # warm up (session, language)
    with CaptureQueriesContext(connection) as one:
        client.get(f"/o/{org_a.slug}/units/")
    for code in ("U2", "U3", "U4"):
        OrgUnitFactory(organization=org_a, code=code, head=member_factory(org_a, Role.EDITOR))
    with django_assert_max_num_queries(len(one)):
        client.get(f"/o/{org_a.slug}/units/")


# --- the service -----------------------------------------------------------------------------


def test_the_service_refuses_a_head_who_is_not_a_member(org_a, outsider, english):
    with scope(organization=org_a):
        unit = OrgUnit(organization=org_a, kind="line", code="CS", name_th="สายงาน", head=outsider)
        with pytest.raises(ValidationError) as error:
            services.save_unit(unit)
        assert error.value.message_dict == {"head": [NOT_A_MEMBER]}
        assert not OrgUnit.objects.exists()


def test_removing_a_member_clears_the_units_they_headed_here_only(org_a, org_b, head_a):
    """They may head a unit of another organization they also belong to: that one stays."""
    MembershipFactory(organization=org_b, user=head_a, role=Role.EDITOR)
    OrgUnitFactory(organization=org_a, code="CS", head=head_a)
    OrgUnitFactory(organization=org_b, code="CS", head=head_a)
    with scope(organization=org_a):
        services.remove_member(membership=Membership.objects.get(user=head_a))
    assert _unit(org_a).head is None
    assert _unit(org_b).head == head_a


# --- the API -------------------------------------------------------------------------------


def _api(org, suffix="") -> str:
    return f"/api/v1/orgs/{org.slug}/units/{suffix}"


def test_the_api_shows_and_sets_the_head_by_e_mail(org_a, coordinator_a, head_a, api_client_for):
    client = api_client_for(coordinator_a)
    data = {"kind": "line", "code": "CS", "name_th": "สายงานบริการลูกค้า"}
    response = client.post(_api(org_a), {**data, "head": head_a.email.upper()}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["head"] == head_a.email
    unit = _unit(org_a)
    assert unit.head == head_a

    listed = client.get(_api(org_a)).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [row["head"] for row in rows] == [head_a.email]

    response = client.patch(_api(org_a, f"{unit.pk}/"), {"head": None}, format="json")
    assert response.status_code == 200
    assert response.json()["head"] is None
    assert _unit(org_a).head is None


def test_the_api_refuses_a_member_of_another_organization(
    org_a, coordinator_a, outsider, api_client_for
):
    _english(coordinator_a)
    unit = OrgUnitFactory(organization=org_a, code="CS")
    response = api_client_for(coordinator_a).patch(
        _api(org_a, f"{unit.pk}/"), {"head": outsider.email}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "head": [f"No member of this organization has the e-mail address {outsider.email}."]
    }
    assert _unit(org_a).head is None


def test_only_coordinators_name_heads_through_the_api(org_a, head_a, api_client_for):
    unit = OrgUnitFactory(organization=org_a, code="CS")
    editor = MembershipFactory(organization=org_a, role=Role.EDITOR).user
    response = api_client_for(editor).patch(
        _api(org_a, f"{unit.pk}/"), {"head": head_a.email}, format="json"
    )
    assert response.status_code == 403
    assert _unit(org_a).head is None
