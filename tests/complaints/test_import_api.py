"""The import of historical complaint cases in the API: one call, ?dry_run, 400 reports, roles."""

import pytest
from django_scopes import scope

from complaints.models import CaseState, ComplaintCase
from seam_scm.tenancy.roles import Role

from ..files.factories import PDF
from .test_import import _counts, _en, build_data, case_row, case_workbook, good_file, upload


@pytest.fixture
def data(org_a):
    return build_data(org_a)


def _url(org) -> str:
    return f"/api/v1/orgs/{org.slug}/complaint-case-import/"


COUNTS = {"new_cases": 4, "updated_cases": 0, "unchanged_cases": 0}


def test_dry_run_reports_the_preview_and_saves_nothing(org_a, data, coordinator_a, api_client_for):
    response = api_client_for(coordinator_a).post(
        _url(org_a) + "?dry_run=true", {"file": upload(good_file())}, format="multipart"
    )

    assert response.status_code == 200
    assert response.json() == {
        "dry_run": True,
        "imported": False,
        "file": None,
        "counts": COUNTS,
        "errors": [],
    }
    assert _counts(org_a) == (0, 0)


def test_clean_file_is_kept_and_imported_in_one_call(org_a, data, coordinator_a, api_client_for):
    response = api_client_for(coordinator_a).post(
        _url(org_a), {"file": upload(good_file())}, format="multipart"
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["imported"], body["counts"], body["errors"]) == (True, COUNTS, [])
    assert _counts(org_a) == (4, 1)
    with scope(organization=org_a):
        states = dict(ComplaintCase.objects.values_list("external_reference", "state"))
    assert states == {
        "OLD-0001": CaseState.CLOSED,
        "OLD-0002": CaseState.RESPONDED,
        "OLD-0003": CaseState.WITHDRAWN,
        "OLD-0004": CaseState.RECEIVED,
    }


def test_row_problems_answer_400_with_every_problem(org_a, data, coordinator_a, api_client_for):
    content = case_workbook([case_row(), case_row(external_reference="X", category="NOPE")])

    response = api_client_for(_en(coordinator_a)).post(
        _url(org_a), {"file": upload(content)}, format="multipart"
    )

    assert response.status_code == 400
    body = response.json()
    assert (body["imported"], body["file"]) == (False, None)
    assert body["errors"] == [
        {
            "sheet": "Cases",
            "row": 4,
            "column": "Category",
            "message": "“NOPE” is not a category of the policy in force on 1 Sep 2026; its "
            "categories are SRV, STF, BIL, PRD, INF, ETH.",
        }
    ]
    assert _counts(org_a) == (0, 0)


def test_a_file_that_is_not_a_workbook_answers_400(org_a, data, coordinator_a, api_client_for):
    response = api_client_for(_en(coordinator_a)).post(
        _url(org_a), {"file": upload(PDF)}, format="multipart"
    )

    assert response.status_code == 400
    [message] = response.json()["file"]
    assert message.startswith("The file name ends in “.xlsx” but the file is in PDF format.")


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.SECRETARY])
def test_only_coordinators_and_editors_may_import(
    role, org_a, data, member_factory, api_client_for
):
    client = api_client_for(member_factory(org_a, role))

    response = client.post(_url(org_a), {"file": upload(good_file())}, format="multipart")

    assert response.status_code == 403
    assert _counts(org_a) == (0, 0)


def test_editor_may_import(org_a, data, member_factory, api_client_for):
    client = api_client_for(member_factory(org_a, Role.EDITOR))

    response = client.post(_url(org_a), {"file": upload(good_file())}, format="multipart")

    assert response.status_code == 201


def test_members_of_another_organization_get_404(org_a, org_b, data, coordinator_b, api_client_for):
    response = api_client_for(coordinator_b).post(
        _url(org_a), {"file": upload(good_file())}, format="multipart"
    )

    assert response.status_code == 404
    assert _counts(org_a) == (0, 0)
