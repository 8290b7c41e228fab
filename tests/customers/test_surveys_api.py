"""The survey API: the same rules as the pages, other organizations' ids refused, trends."""

from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scope

from customers.models import Survey, SurveyResult
from seam_scm.files.models import Attachment
from seam_scm.tenancy.roles import Role
from seam_scm.thai.dates import FiscalYear

from ..files.factories import make_attachment, upload
from .factories import make_segment, make_survey, make_survey_result

pytestmark = pytest.mark.django_db


def api(organization, suffix: str) -> str:
    return f"/api/v1/orgs/{organization.slug}/{suffix}"


@pytest.fixture
def editor(org_a, member_factory, api_client_for):
    user = member_factory(org_a, Role.EDITOR)
    user.language = "en"
    user.save(update_fields=["language"])
    return api_client_for(user)


def survey_body(**overrides) -> dict:
    return {
        "title": "Annual satisfaction survey 2569",
        "fiscal_year": 2569,
        "survey_type": "annual",
        "conducted_by": "external",
        "firm": "Market Research Co., Ltd.",
        "contract_reference": "12/2569",
        "sample_size": 1200,
        "period_start": "2026-06-01",
        "period_end": "2026-07-31",
        **overrides,
    }


def test_create_a_survey_and_list_it_with_filters(org_a, editor):
    response = editor.post(api(org_a, "surveys/"), survey_body(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["is_external_annual"] is True and body["result_count"] == 0
    editor.post(
        api(org_a, "surveys/"),
        survey_body(fiscal_year=2568, survey_type="post_service", conducted_by="internal"),
        format="json",
    )
    titles = lambda query: [  # noqa: E731
        row["fiscal_year"] for row in editor.get(api(org_a, f"surveys/{query}")).json()["results"]
    ]
    assert titles("") == [2569, 2568]
    assert titles("?fiscal_year=2568") == [2568]
    assert titles("?type=annual") == [2569]
    assert titles("?conducted_by=internal") == [2568]


def test_survey_rules_answer_400(org_a, editor):
    response = editor.post(
        api(org_a, "surveys/"), survey_body(firm="", contract_reference=""), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "firm": ["Name the consulting firm that conducted the survey."],
        "contract_reference": ["Give the reference of the consultant's contract."],
    }
    response = editor.post(
        api(org_a, "surveys/"), survey_body(scale_min=5, scale_max=5), format="json"
    )
    assert response.json() == {
        "scale_max": ["The highest score of the scale must be above the lowest."]
    }
    with scope(organization=org_a):
        assert Survey.objects.count() == 0


def test_report_of_another_organization_is_not_found(org_a, org_b, editor):
    foreign = make_attachment(org_b)
    response = editor.post(api(org_a, "surveys/"), survey_body(report=foreign.pk), format="json")
    assert response.status_code == 400
    assert "report" in response.json()
    mine = make_attachment(org_a)
    response = editor.post(api(org_a, "surveys/"), survey_body(report=mine.pk), format="json")
    assert response.status_code == 201
    assert response.json()["report"] == mine.pk


def test_upload_the_report(org_a, editor):
    survey = make_survey(org_a)
    response = editor.post(
        api(org_a, f"surveys/{survey.pk}/report/"), {"file": upload("รายงาน.pdf")}
    )
    assert response.status_code == 201, response.json()
    with scope(organization=org_a):
        report = Attachment.objects.get()
    assert response.json()["report"] == report.pk
    refused = editor.post(
        api(org_a, f"surveys/{survey.pk}/report/"), {"file": upload("x.exe", b"MZ\x90")}
    )
    assert refused.status_code == 400 and list(refused.json()) == ["file"]


def test_results_refuse_other_organizations_ids(org_a, org_b, editor):
    mine = make_survey(org_a)
    theirs = make_survey(org_b)
    foreign_segment = make_segment(org_b)
    body = {"survey": mine.pk, "measure": "satisfaction", "dimension": "Overall", "score": "4.2"}
    response = editor.post(api(org_a, "survey-results/"), {**body, "survey": theirs.pk})
    assert response.status_code == 400 and "survey" in response.json()
    response = editor.post(api(org_a, "survey-results/"), {**body, "segment": foreign_segment.pk})
    assert response.status_code == 400 and "segment" in response.json()
    with scope(organization=org_a):
        assert SurveyResult.objects.count() == 0


def test_results_follow_the_rules(org_a, editor):
    survey = make_survey(org_a)
    body = {"survey": survey.pk, "measure": "satisfaction", "dimension": "Overall", "score": "4.2"}
    created = editor.post(api(org_a, "survey-results/"), body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["segment"] is None and created.json()["percent"] == "84.0"
    duplicate = editor.post(api(org_a, "survey-results/"), {**body, "dimension": "overall"})
    assert duplicate.status_code == 400
    assert "change that result instead" in duplicate.json()["dimension"][0]
    outside = editor.post(api(org_a, "survey-results/"), {**body, "dimension": "x", "score": "9"})
    assert outside.json() == {
        "score": ["The score must lie within the survey's scale, from 1 to 5."]
    }


def test_results_filters(org_a, editor):
    survey = make_survey(org_a)
    segment = make_segment(org_a)
    everyone = make_survey_result(org_a, survey=survey)
    of_segment = make_survey_result(org_a, survey=survey, segment=segment)
    engagement = make_survey_result(org_a, survey=survey, measure="engagement")
    make_survey_result(org_a)  # another survey

    def ids(query):
        return {
            row["id"] for row in editor.get(api(org_a, f"survey-results/{query}")).json()["results"]
        }

    assert ids(f"?survey={survey.pk}") == {everyone.pk, of_segment.pk, engagement.pk}
    assert ids(f"?survey={survey.pk}&segment=all&measure=satisfaction") == {everyone.pk}
    assert ids(f"?segment={segment.pk}") == {of_segment.pk}


def test_viewer_reads_but_does_not_write(org_a, member_factory, api_client_for):
    survey = make_survey(org_a)
    client = api_client_for(member_factory(org_a, Role.VIEWER))
    assert client.get(api(org_a, f"surveys/{survey.pk}/")).status_code == 200
    assert client.patch(api(org_a, f"surveys/{survey.pk}/"), {"title": "x"}).status_code == 403
    assert client.delete(api(org_a, f"surveys/{survey.pk}/")).status_code == 403
    body = {"survey": survey.pk, "measure": "satisfaction", "dimension": "x", "score": "4"}
    assert client.post(api(org_a, "survey-results/"), body).status_code == 403


def test_trends_endpoint(org_a, editor):
    segment = make_segment(org_a)
    external = make_survey(org_a, fiscal_year=2569, scale_max=10)
    internal = make_survey(
        org_a,
        fiscal_year=2569,
        survey_type="point_of_service",
        conducted_by="internal",
        firm="",
        contract_reference="",
    )
    make_survey_result(org_a, survey=external, dimension="Overall", score=Decimal("8.5"))
    make_survey_result(org_a, survey=internal, dimension="ภาพรวม", score=Decimal("4.6"))
    make_survey_result(org_a, survey=external, segment=segment, dimension="a", score=Decimal("9"))
    make_survey_result(org_a, survey=external, segment=segment, dimension="b", score=Decimal("7"))
    body = editor.get(api(org_a, "survey-trends/?measure=satisfaction")).json()
    assert body["fiscal_years"] == [2569]
    assert body["normalisation"] == "score ÷ scale maximum × 100"
    (satisfaction,) = body["measures"]
    everyone, of_segment = satisfaction["series"]
    assert everyone["segment"] is None
    assert everyone["points"] == [
        {"fiscal_year": 2569, "percent": "88.5", "basis": "overall", "results": 2, "surveys": 2}
    ]
    assert of_segment["segment"] == segment.pk
    assert of_segment["points"][0]["percent"] == "80.0"
    assert of_segment["points"][0]["basis"] == "all_dimensions"
    external_only = editor.get(api(org_a, "survey-trends/?external_only=true&segment=all")).json()
    assert [len(m["series"]) for m in external_only["measures"]] == [1, 0, 0]
    assert external_only["measures"][0]["series"][0]["points"][0]["percent"] == "85.0"


def test_coverage_endpoint(org_a, org_b, member_factory, api_client_for):
    current = FiscalYear.containing(timezone.localdate()).year
    make_survey(org_a, fiscal_year=current - 1)
    make_survey(org_b, fiscal_year=current)
    client = api_client_for(member_factory(org_a, Role.ASSESSOR))
    body = client.get(api(org_a, "survey-coverage/")).json()
    assert body["current_fiscal_year"] == current
    assert body["years_without_external_survey"] == [current - 2, current]
    assert body["requirement"]  # the criteria's requirement, in the caller's language
