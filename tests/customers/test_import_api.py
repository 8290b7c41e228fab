"""The customer import and exports in the API: one call, ?dry_run, 400 reports, roles."""

import io

import pytest
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from customers.models import CustomerSettings, VoiceOfCustomer
from seam_scm.files.models import Attachment
from seam_scm.spreadsheets.sheets import XLSX_MIME
from seam_scm.tenancy.roles import Role

from ..files.factories import PDF
from .factories import customer_workbook, customer_xlsx_upload, make_voc, result_row, voc_row
from .test_import import _clean_file, _counts, build_data


@pytest.fixture
def data(org_a):
    return build_data(org_a)


def _en(user):
    user.language = "en"
    with scopes_disabled():
        user.save()
    return user


def _url(org, prefix: str = "customer-import") -> str:
    return f"/api/v1/orgs/{org.slug}/{prefix}/"


COUNTS = {
    "new_voc": 2,
    "updated_voc": 0,
    "unchanged_voc": 0,
    "new_survey_results": 3,
    "updated_survey_results": 0,
    "unchanged_survey_results": 0,
}


def test_dry_run_reports_the_preview_and_saves_nothing(org_a, data, coordinator_a, api_client_for):
    client = api_client_for(coordinator_a)

    response = client.post(
        _url(org_a) + "?dry_run=true",
        {"file": customer_xlsx_upload(_clean_file())},
        format="multipart",
    )

    assert response.status_code == 200
    assert response.json() == {
        "dry_run": True,
        "imported": False,
        "file": None,
        "counts": COUNTS,
        "errors": [],
    }
    assert _counts(org_a) == (0, 0, 0)


def test_row_problems_answer_400_with_every_problem(org_a, data, coordinator_a, api_client_for):
    client = api_client_for(_en(coordinator_a))
    content = customer_workbook([voc_row(importance=9)], [result_row(score=7)])

    response = client.post(_url(org_a), {"file": customer_xlsx_upload(content)}, format="multipart")

    assert response.status_code == 400
    body = response.json()
    assert body["imported"] is False
    assert body["errors"] == [
        {
            "sheet": "voc",
            "row": 3,
            "column": "Importance to the customer (1-5)",
            "message": "Enter a whole number from 1 to 5; “9” is not one.",
        },
        {
            "sheet": "survey_results",
            "row": 3,
            "column": "Score",
            "message": "The score must lie within the survey's scale, from 1 to 5.",
        },
    ]
    assert _counts(org_a) == (0, 0, 0)


def test_clean_file_is_imported_and_kept(org_a, data, coordinator_a, api_client_for):
    client = api_client_for(coordinator_a)

    response = client.post(
        _url(org_a), {"file": customer_xlsx_upload(_clean_file())}, format="multipart"
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["imported"], body["dry_run"], body["counts"]) == (True, False, COUNTS)
    with scope(organization=org_a):
        kept = Attachment.objects.get()
        assert body["file"] == kept.pk
        assert kept.record == CustomerSettings.objects.get()
        voc = VoiceOfCustomer.objects.get(channel=data.call)
        assert voc.history.first().history_user == coordinator_a
    assert _counts(org_a) == (2, 3, 1)


def test_file_that_is_not_a_workbook_is_refused(org_a, data, coordinator_a, api_client_for):
    client = api_client_for(_en(coordinator_a))

    response = client.post(
        _url(org_a), {"file": customer_xlsx_upload(PDF, name="voc.xlsx")}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["file"][0].startswith("The file name ends in “.xlsx” but the file")


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR])
def test_import_is_refused_to_readers_who_may_still_export(
    role, org_a, data, member_factory, api_client_for
):
    client = api_client_for(member_factory(org_a, role))

    response = client.post(
        _url(org_a), {"file": customer_xlsx_upload(_clean_file())}, format="multipart"
    )

    assert response.status_code == 403
    assert _counts(org_a) == (0, 0, 0)
    for prefix in ("voc-export", "survey-results-export"):
        exported = client.get(_url(org_a, prefix))
        assert exported.status_code == 200
        assert exported["Content-Type"] == XLSX_MIME


def test_voc_export_takes_the_list_filters(org_a, data, coordinator_a, api_client_for):
    make_voc(org_a, channel=data.call, segment=data.home, topic="หน้าบ้าน")
    make_voc(org_a, channel=data.web, segment=data.business, topic="ธุรกิจ")
    client = api_client_for(coordinator_a)

    response = client.get(_url(org_a, "voc-export"), {"segment": data.business.pk})

    sheet = load_workbook(io.BytesIO(response.content))["voc"]
    assert [row[3].value for row in sheet.iter_rows(min_row=3)] == ["ธุรกิจ"]


def test_survey_results_export_of_one_fiscal_year(org_a, data, coordinator_a, api_client_for):
    client = api_client_for(coordinator_a)
    client.post(_url(org_a), {"file": customer_xlsx_upload(_clean_file())}, format="multipart")

    every = client.get(_url(org_a, "survey-results-export"))
    none = client.get(_url(org_a, "survey-results-export"), {"fiscal_year": 2570})

    def rows(response):
        sheet = load_workbook(io.BytesIO(response.content))["survey_results"]
        return list(sheet.iter_rows(min_row=3, values_only=True))

    assert len(rows(every)) == 3
    assert rows(none) == []
