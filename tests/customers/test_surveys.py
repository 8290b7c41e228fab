"""Customer surveys: the rules, the missing external survey, the trends, the pages and roles."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_scopes import scope

from customers import survey_selectors, survey_services
from customers.models import Measure, Survey, SurveyResult
from seam_scm.files.models import Attachment
from seam_scm.tenancy.roles import Role
from seam_scm.thai.dates import FiscalYear

from ..files.factories import PDF, make_attachment, upload
from .factories import make_segment, make_survey, make_survey_result

pytestmark = pytest.mark.django_db

EXTERNAL_ANNUAL = {"survey_type": "annual", "conducted_by": "external"}
INTERNAL_POST_SERVICE = {
    "survey_type": "post_service",
    "conducted_by": "internal",
    "firm": "",
    "contract_reference": "",
}


def url(organization, suffix: str = "") -> str:
    return f"/o/{organization.slug}/customers/surveys/{suffix}"


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def editor_a(org_a, member_factory):
    return member_factory(org_a, Role.EDITOR)


def _survey(organization, **fields) -> Survey:
    """An unsaved survey with the factory's defaults (an external annual survey)."""
    defaults = {
        "title": "การสำรวจความพึงพอใจ",
        "fiscal_year": 2569,
        "survey_type": "annual",
        "conducted_by": "external",
        "firm": "บริษัท วิจัย จำกัด",
        "contract_reference": "12/2569",
        "period_start": dt.date(2026, 6, 1),
        "period_end": dt.date(2026, 7, 31),
    }
    return Survey(organization=organization, **{**defaults, **fields})


def _save(organization, survey, **kwargs):
    with scope(organization=organization):
        return survey_services.save_survey(survey=survey, **kwargs)


def _save_result(organization, **fields):
    with scope(organization=organization):
        result = SurveyResult(organization=organization, **fields)
        return survey_services.save_result(result=result)


# --- survey rules ----------------------------------------------------------------------------


def test_external_survey_needs_the_firm_and_the_contract(org_a, english):
    survey = _survey(org_a, firm="  ", contract_reference="")
    errors = _errors(lambda: _save(org_a, survey))
    assert errors["firm"] == ["Name the consulting firm that conducted the survey."]
    assert errors["contract_reference"] == ["Give the reference of the consultant's contract."]
    with scope(organization=org_a):
        assert Survey.objects.count() == 0


def test_internal_survey_needs_no_firm(org_a):
    survey = _save(org_a, _survey(org_a, **INTERNAL_POST_SERVICE))
    assert survey.pk and not survey.is_external_annual


def test_an_internal_annual_survey_is_kept_but_does_not_count(org_a):
    survey = _save(org_a, _survey(org_a, conducted_by="internal", firm="", contract_reference=""))
    assert survey.pk and survey.survey_type == "annual"
    assert not survey.is_external_annual
    with scope(organization=org_a):
        missing = survey_selectors.fiscal_years_without_external_survey(dt.date(2026, 8, 1))
    assert 2569 in missing


def test_period_must_not_end_before_it_starts(org_a, english):
    survey = _survey(org_a, period_start=dt.date(2026, 7, 1), period_end=dt.date(2026, 6, 30))
    assert _errors(lambda: _save(org_a, survey)) == {
        "period_end": ["The period must end on or after the day it starts."]
    }
    same_day = _survey(org_a, period_start=dt.date(2026, 7, 1), period_end=dt.date(2026, 7, 1))
    assert _save(org_a, same_day).pk


@pytest.mark.parametrize("year", [2499, 2701, 2026])
def test_fiscal_year_is_a_buddhist_era_year(org_a, english, year):
    errors = _errors(lambda: _save(org_a, _survey(org_a, fiscal_year=year)))
    assert errors["fiscal_year"] == ["Enter the fiscal year in the Buddhist Era, for example 2569."]


@pytest.mark.parametrize("year", [2500, 2700])
def test_fiscal_year_limits_are_accepted(org_a, year):
    assert _save(org_a, _survey(org_a, fiscal_year=year)).fiscal_year == year


@pytest.mark.parametrize(("low", "high"), [(5, 5), (5, 1)])
def test_scale_top_must_be_above_its_bottom(org_a, english, low, high):
    errors = _errors(lambda: _save(org_a, _survey(org_a, scale_min=low, scale_max=high)))
    assert errors == {"scale_max": ["The highest score of the scale must be above the lowest."]}


def test_scale_cannot_shrink_below_recorded_results(org_a, english):
    survey = make_survey(org_a, scale_max=10)
    make_survey_result(org_a, survey=survey, score=Decimal("8.50"))
    survey.scale_max = 5
    errors = _errors(lambda: _save(org_a, survey))
    assert errors["scale_max"] == [
        "Recorded results range from 8.50 to 8.50: the scale must include them."
    ]


def test_report_of_another_organization_is_refused(org_a, org_b, english):
    foreign = make_attachment(org_b)
    survey = _survey(org_a, report=foreign)
    assert _errors(lambda: _save(org_a, survey)) == {
        "report": ["This belongs to another organization."]
    }


def test_deleted_report_is_refused(org_a, english):
    report = make_attachment(org_a)
    with scope(organization=org_a):
        Attachment.objects.filter(pk=report.pk).update(deleted_at=timezone.now())
        report.refresh_from_db()
    errors = _errors(lambda: _save(org_a, _survey(org_a, report=report)))
    assert errors["report"] == ["This evidence file has been deleted; choose another one."]


def test_uploaded_report_becomes_evidence_of_the_survey(org_a, editor_a):
    survey = _save(
        org_a, _survey(org_a), report_upload=upload("รายงานผลสำรวจ.pdf"), uploaded_by=editor_a
    )
    with scope(organization=org_a):
        report = Attachment.objects.get()
        assert survey.report_id == report.pk
        assert report.record == survey
        assert report.effective_date == survey.period_end
        assert report.current_version.original_name == "รายงานผลสำรวจ.pdf"


def test_refused_upload_saves_nothing(org_a, editor_a):
    errors = _errors(
        lambda: _save(
            org_a, _survey(org_a), report_upload=upload("x.exe", b"MZ\x90"), uploaded_by=editor_a
        )
    )
    assert list(errors) == ["report_file"]
    with scope(organization=org_a):
        assert Survey.objects.count() == 0 and Attachment.objects.count() == 0


def test_picking_a_report_and_uploading_one_is_refused(org_a, editor_a, english):
    survey = _survey(org_a, report=make_attachment(org_a))
    errors = _errors(lambda: _save(org_a, survey, report_upload=upload(), uploaded_by=editor_a))
    assert errors == {"report_file": ["Choose an existing file or upload a new one, not both."]}


# --- result rules ----------------------------------------------------------------------------


def test_score_must_lie_within_the_scale(org_a, english):
    survey = make_survey(org_a, scale_min=1, scale_max=5)
    for score in ("0.99", "5.01"):
        errors = _errors(
            lambda score=score: _save_result(
                org_a, survey=survey, measure="satisfaction", dimension="ภาพรวม", score=score
            )
        )
        assert errors == {"score": ["The score must lie within the survey's scale, from 1 to 5."]}
    for dimension, score in (("ต่ำสุด", "1"), ("สูงสุด", "5")):
        _save_result(org_a, survey=survey, measure="satisfaction", dimension=dimension, score=score)


def test_one_result_per_segment_measure_and_dimension(org_a, english):
    survey = make_survey(org_a)
    segment = make_segment(org_a)
    duplicate = (
        "This survey already has a result for this segment, measure and dimension; "
        "change that result instead."
    )
    _save_result(org_a, survey=survey, measure="satisfaction", dimension="Overall", score="4")
    # "All customers" (no segment) counts as one segment; the dimension ignores case and spaces.
    errors = _errors(
        lambda: _save_result(
            org_a, survey=survey, measure="satisfaction", dimension=" overall ", score="3"
        )
    )
    assert errors == {"dimension": [duplicate]}
    # Another segment, another measure or another survey is another result.
    _save_result(
        org_a, survey=survey, segment=segment, measure="satisfaction", dimension="Overall", score=3
    )
    _save_result(org_a, survey=survey, measure="engagement", dimension="Overall", score="3")
    _save_result(
        org_a, survey=make_survey(org_a), measure="satisfaction", dimension="Overall", score="3"
    )
    errors = _errors(
        lambda: _save_result(
            org_a,
            survey=survey,
            segment=segment,
            measure="satisfaction",
            dimension="OVERALL",
            score="2",
        )  # fmt: skip
    )
    assert errors == {"dimension": [duplicate]}


def test_changing_a_result_is_not_a_duplicate_of_itself(org_a):
    result = make_survey_result(org_a, dimension="ภาพรวม", score=Decimal("4.00"))
    result.score = Decimal("4.50")
    with scope(organization=org_a):
        survey_services.save_result(result=result)
        assert SurveyResult.objects.get().score == Decimal("4.50")


def test_result_refuses_a_segment_of_another_organization(org_a, org_b, english):
    survey = make_survey(org_a)
    foreign = make_segment(org_b)
    errors = _errors(
        lambda: _save_result(
            org_a, survey=survey, segment=foreign, measure="satisfaction", dimension="x", score=4
        )
    )
    assert errors == {"segment": ["This belongs to another organization."]}


def test_percent_of_scale_top(org_a):
    result = make_survey_result(
        org_a, survey=make_survey(org_a, scale_max=10), score=Decimal("7.25")
    )
    assert result.percent == Decimal("72.5")


# --- fiscal years without the external survey ------------------------------------------------


def _external(organization, year, **fields):
    return make_survey(organization, fiscal_year=year, **{**EXTERNAL_ANNUAL, **fields})


def test_without_any_survey_the_last_three_years_are_missing(org_a):
    with scope(organization=org_a):
        # 21 Nov 2026 lies in fiscal year 2570 (October to September).
        assert survey_selectors.fiscal_years_without_external_survey(dt.date(2026, 11, 21)) == [
            2568,
            2569,
            2570,
        ]


def test_missing_years_start_at_the_earliest_survey(org_a):
    _external(org_a, 2565)
    _external(org_a, 2568)
    make_survey(org_a, fiscal_year=2569, **INTERNAL_POST_SERVICE)
    _external(org_a, 2569, survey_type="point_of_service")  # external, but not the annual one
    make_survey(org_a, fiscal_year=2570, conducted_by="internal", firm="", contract_reference="")
    with scope(organization=org_a):
        missing = survey_selectors.fiscal_years_without_external_survey(dt.date(2026, 11, 21))
    assert missing == [2566, 2567, 2569, 2570]


def test_every_year_covered_means_no_missing_year(org_a):
    for year in (2568, 2569, 2570):
        _external(org_a, year)
    _external(org_a, 2571)  # a later year does not matter
    with scope(organization=org_a):
        assert survey_selectors.fiscal_years_without_external_survey(dt.date(2026, 11, 21)) == []


def test_missing_years_follow_the_organizations_fiscal_year(org_a):
    org_a.fiscal_year_start_month = 1
    org_a.save()
    with scope(organization=org_a):
        # A calendar fiscal year: 21 Nov 2026 lies in 2569.
        assert survey_selectors.fiscal_years_without_external_survey(dt.date(2026, 11, 21)) == [
            2567,
            2568,
            2569,
        ]


def test_other_organizations_surveys_do_not_count(org_a, org_b):
    _external(org_b, 2570)
    with scope(organization=org_a):
        assert 2570 in survey_selectors.fiscal_years_without_external_survey(dt.date(2026, 11, 21))


# --- trends ----------------------------------------------------------------------------------


@pytest.fixture
def trend_data(org_a):
    """Hand-computed: every percentage below is score ÷ scale maximum × 100."""
    residential = make_segment(org_a, code="RES", order=1)
    business = make_segment(org_a, code="BIZ", order=2)
    internal_2568 = make_survey(org_a, fiscal_year=2568, **INTERNAL_POST_SERVICE)
    external_2569 = make_survey(org_a, fiscal_year=2569, scale_max=10, **EXTERNAL_ANNUAL)
    internal_2569 = make_survey(org_a, fiscal_year=2569, **INTERNAL_POST_SERVICE)

    def result(survey, segment, measure, dimension, score):
        make_survey_result(
            org_a,
            survey=survey,
            segment=segment,
            measure=measure,
            dimension=dimension,
            score=Decimal(score),
        )

    # 2568, all customers: the overall dimension, 4.00 / 5 = 80.0
    result(internal_2568, None, "satisfaction", "ภาพรวม", "4.00")
    result(internal_2568, None, "satisfaction", "ความสุภาพ", "3.00")  # ignored: overall exists
    # 2568, residential: no overall dimension, mean of 90.0 and 70.0 = 80.0
    result(internal_2568, residential, "satisfaction", "คุณภาพน้ำ", "4.50")
    result(internal_2568, residential, "satisfaction", "ราคา", "3.50")
    # 2569, all customers: two surveys' overall, (8.5 / 10 = 85.0 + 4.6 / 5 = 92.0) / 2 = 88.5
    result(external_2569, None, "satisfaction", "Overall", "8.50")
    result(external_2569, None, "satisfaction", "speed", "6.00")  # ignored: overall exists
    result(internal_2569, None, "satisfaction", "ภาพรวม", "4.60")
    # 2569, residential: 7.2 / 10 = 72.0
    result(external_2569, residential, "satisfaction", "overall", "7.20")
    # 2569, business, dissatisfaction: 1.5 / 5 = 30.0
    result(internal_2569, business, "dissatisfaction", "ภาพรวม", "1.50")
    return {"residential": residential, "business": business}


def _points(trend, key) -> dict:
    series = next(s for s in trend.series if s.key == key)
    return {year: (p.percent, p.overall, p.results) for year, p in series.points.items()}


def test_trends_normalise_to_the_scale_top_and_average(org_a, trend_data):
    with scope(organization=org_a):
        trends = survey_selectors.survey_trends()
    assert trends.years == [2568, 2569]
    assert [t.measure for t in trends.measures] == Measure.values
    satisfaction, dissatisfaction, engagement = trends.measures
    residential = str(trend_data["residential"].pk)
    # "All customers" comes first, then the segments in their order.
    assert [s.key for s in satisfaction.series] == ["all", residential]
    assert _points(satisfaction, "all") == {
        2568: (Decimal("80.0"), True, 1),
        2569: (Decimal("88.5"), True, 2),
    }
    assert _points(satisfaction, residential) == {
        2568: (Decimal("80.0"), False, 2),
        2569: (Decimal("72.0"), True, 1),
    }
    assert _points(dissatisfaction, str(trend_data["business"].pk)) == {
        2569: (Decimal("30.0"), True, 1)
    }
    assert engagement.series == []


def test_trends_of_external_annual_surveys_only(org_a, trend_data):
    with scope(organization=org_a):
        trends = survey_selectors.survey_trends(external_only=True)
    assert trends.years == [2569]
    satisfaction = trends.measures[0]
    assert _points(satisfaction, "all") == {2569: (Decimal("85.0"), True, 1)}
    assert trends.measures[1].series == []  # the dissatisfaction survey was internal


def test_trends_of_one_measure_and_one_segment(org_a, trend_data):
    residential = trend_data["residential"]
    with scope(organization=org_a):
        trends = survey_selectors.survey_trends(measure="satisfaction", segment=residential.pk)
        all_customers = survey_selectors.survey_trends(segment=survey_selectors.ALL_CUSTOMERS)
    assert [t.measure for t in trends.measures] == ["satisfaction"]
    assert [s.key for s in trends.measures[0].series] == [str(residential.pk)]
    assert [s.key for t in all_customers.measures for s in t.series] == ["all"]


def test_trend_points_along_the_years_leave_gaps(org_a, trend_data):
    with scope(organization=org_a):
        trends = survey_selectors.survey_trends(measure="dissatisfaction")
    (series, points), = trends.measures[0].table  # fmt: skip
    assert trends.years == [2569]
    assert [p.percent for p in points] == [Decimal("30.0")]


def test_line_chart_maps_years_and_percentages(org_a, trend_data):
    with scope(organization=org_a):
        satisfaction = survey_selectors.survey_trends(measure="satisfaction").measures[0]
    chart = survey_selectors.line_chart(satisfaction, width=640, height=280)
    assert [year for _x, year in chart.x_ticks] == [2568, 2569]
    (x1, _), (x2, _) = chart.x_ticks
    assert (x1, x2) == (chart.left, chart.right)
    assert chart.y_ticks[0] == (chart.bottom, 0) and chart.y_ticks[-1] == (chart.top, 100)
    all_customers = chart.lines[0]
    # 80 % of the plot's height above the bottom, then 88.5 %.
    assert all_customers.points[0].y == pytest.approx(chart.bottom - 0.8 * chart.plot_height)
    assert all_customers.points[1].y == pytest.approx(chart.bottom - 0.885 * chart.plot_height)
    assert chart.lines[0].colour != chart.lines[1].colour


# --- pages -----------------------------------------------------------------------------------


def _current_year() -> int:
    return FiscalYear.containing(timezone.localdate()).year


def test_list_warns_about_years_without_external_survey(org_a, member_factory, client_for):
    year = _current_year()
    _external(org_a, year - 1)
    client = client_for(english(member_factory(org_a, Role.VIEWER)))
    page = _text(client.get(url(org_a)))
    warning = re.search(r'data-testid="external-survey-warning">(.*?)</div>', page, re.S).group(1)
    assert f"fiscal years {year - 2}, {year}." in warning
    assert "FAQ CM-11, CM-17" in warning
    _external(org_a, year - 2)
    _external(org_a, year)
    assert "external-survey-warning" not in _text(client.get(url(org_a)))


def test_list_shows_the_columns_and_filters(org_a, coordinator_a, client_for):
    report = make_attachment(org_a)
    external = make_survey(org_a, title="สำรวจใหญ่ 2569", report=report, sample_size=1200)
    make_survey_result(org_a, survey=external)
    make_survey_result(org_a, survey=external, dimension="ความสุภาพ")
    internal = make_survey(
        org_a, title="สำรวจหลังรับบริการ 2568", fiscal_year=2568, **INTERNAL_POST_SERVICE
    )
    make_survey_result(org_a, survey=internal, measure="engagement")
    client = client_for(coordinator_a)
    page = _text(client.get(url(org_a)))
    rows = re.findall(r'<tr data-testid="survey-row">(.*?)</tr>', page, re.S)
    assert len(rows) == 2
    assert "สำรวจใหญ่ 2569" in rows[0] and ("1,200" in rows[0] or "1200" in rows[0])
    assert "1 มิ.ย. 2569 – 31 ก.ค. 2569" in rows[0]
    assert re.search(r'result-count-cell">2<', rows[0])
    assert "external-annual" in rows[0] and "external-annual" not in rows[1]
    assert "report-attached" in rows[0] and "report-attached" not in rows[1]

    def listed(query: str) -> set[str]:
        found = _text(client.get(url(org_a) + query))
        return {t for t in ("สำรวจใหญ่ 2569", "สำรวจหลังรับบริการ 2568") if t in found}

    assert listed("?fiscal_year=2568") == {"สำรวจหลังรับบริการ 2568"}
    assert listed("?type=annual") == {"สำรวจใหญ่ 2569"}
    assert listed("?conducted_by=internal") == {"สำรวจหลังรับบริการ 2568"}
    assert listed("?measure=engagement") == {"สำรวจหลังรับบริการ 2568"}
    assert listed("?measure=satisfaction") == {"สำรวจใหญ่ 2569"}
    assert listed("?measure=dissatisfaction") == set()


def survey_form(**overrides) -> dict:
    return {
        "title": "การสำรวจความพึงพอใจและความผูกพันประจำปี 2569",
        "fiscal_year": "2569",
        "survey_type": "annual",
        "conducted_by": "external",
        "firm": "บริษัท วิจัยตลาด จำกัด",
        "contract_reference": "สัญญาเลขที่ 12/2569",
        "method": "สัมภาษณ์",
        "sample_size": "1200",
        "period_start": "01/06/2569",
        "period_end": "31/07/2569",
        "scale_min": "1",
        "scale_max": "5",
        "report": "",
        **overrides,
    }


def test_editor_records_a_survey_with_its_report(org_a, editor_a, client_for):
    client = client_for(editor_a)
    assert _text(client.get(url(org_a, "new/")))
    data = survey_form(report_file=upload("รายงาน.pdf", PDF))
    response = client.post(url(org_a, "new/"), data)
    with scope(organization=org_a):
        survey = Survey.objects.get()
        report = Attachment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(org_a, f"{survey.pk}/")
    assert (survey.period_start, survey.period_end) == (dt.date(2026, 6, 1), dt.date(2026, 7, 31))
    assert survey.report_id == report.pk
    page = _text(client.get(url(org_a, f"{survey.pk}/")))
    assert f'href="/o/{org_a.slug}/files/{report.pk}/download/"' in page


def test_editor_picks_an_existing_evidence_file(org_a, editor_a, client_for):
    report = make_attachment(org_a, title="รายงานผลสำรวจ")
    response = client_for(editor_a).post(url(org_a, "new/"), survey_form(report=report.pk))
    assert response.status_code == 302
    with scope(organization=org_a):
        assert Survey.objects.get().report_id == report.pk


def test_form_shows_the_services_refusal(org_a, editor_a, client_for):
    client = client_for(english(editor_a))
    page = _text(client.post(url(org_a, "new/"), survey_form(firm="", contract_reference="")))
    assert "Name the consulting firm that conducted the survey." in page
    assert "Give the reference of the consultant&#x27;s contract." in page
    page = _text(client.post(url(org_a, "new/"), survey_form(period_end="31/05/2569")))
    assert "The period must end on or after the day it starts." in page
    with scope(organization=org_a):
        assert Survey.objects.count() == 0


def test_form_explains_that_an_internal_annual_survey_does_not_count(org_a, editor_a, client_for):
    page = _text(client_for(english(editor_a)).get(url(org_a, "new/")))
    assert "does not count as that survey" in page
    survey = make_survey(org_a, conducted_by="internal", firm="", contract_reference="")
    detail = _text(client_for(editor_a).get(url(org_a, f"{survey.pk}/")))
    assert 'data-testid="internal-annual"' in detail


def test_uploading_a_new_report_replaces_the_old_link(org_a, editor_a, client_for):
    old = make_attachment(org_a)
    survey = make_survey(org_a, report=old)
    response = client_for(editor_a).post(
        url(org_a, f"{survey.pk}/edit/"),
        survey_form(report=old.pk, report_file=upload("ฉบับใหม่.pdf", PDF)),
    )
    assert response.status_code == 302
    with scope(organization=org_a):
        survey.refresh_from_db()
        assert survey.report_id != old.pk
        assert survey.report.current_version.original_name == "ฉบับใหม่.pdf"


def test_detail_groups_results_by_measure_then_segment(org_a, coordinator_a, client_for):
    survey = make_survey(org_a, scale_max=10)
    segment = make_segment(org_a, name_th="ผู้ใช้น้ำธุรกิจ")
    make_survey_result(org_a, survey=survey, measure="engagement", score=Decimal("6"))
    make_survey_result(org_a, survey=survey, segment=segment, score=Decimal("7.5"))
    make_survey_result(org_a, survey=survey, score=Decimal("8.2"), respondents=350)
    page = _text(client_for(coordinator_a).get(url(org_a, f"{survey.pk}/")))
    satisfaction = re.search(r'data-testid="measure-satisfaction">(.*?)</tbody>', page, re.S)
    rows = re.findall(r'data-testid="result-row">(.*?)</tr>', satisfaction.group(1), re.S)
    assert "ลูกค้าทั้งหมด" in rows[0] or "All customers" in rows[0]
    assert "8.20" in rows[0] and "82.0" in rows[0] and "350" in rows[0]
    assert "ผู้ใช้น้ำธุรกิจ" in rows[1] and "75.0" in rows[1]
    assert page.index("measure-satisfaction") < page.index("measure-engagement")


def test_results_are_added_changed_and_deleted_on_the_page(org_a, editor_a, client_for):
    survey = make_survey(org_a)
    client = client_for(english(editor_a))
    data = {"measure": "satisfaction", "segment": "", "dimension": "ภาพรวม", "score": "4.35"}
    response = client.post(url(org_a, f"{survey.pk}/results/new/"), data)
    assert response["Location"] == url(org_a, f"{survey.pk}/#results")
    with scope(organization=org_a):
        result = SurveyResult.objects.get()
    assert (result.segment, result.score) == (None, Decimal("4.35"))

    duplicate = client.post(url(org_a, f"{survey.pk}/results/new/"), {**data, "score": "4"})
    assert "change that result instead" in _text(duplicate)
    outside = client.post(url(org_a, f"{survey.pk}/results/new/"), {**data, "score": "6"})
    assert "from 1 to 5" in _text(outside)

    edit = url(org_a, f"results/{result.pk}/edit/")
    assert client.post(edit, {**data, "score": "4.40"}).status_code == 302
    with scope(organization=org_a):
        assert SurveyResult.objects.get().score == Decimal("4.40")

    delete = url(org_a, f"results/{result.pk}/delete/")
    assert client.get(delete).status_code == 405
    assert client.post(delete)["Location"] == url(org_a, f"{survey.pk}/#results")
    with scope(organization=org_a):
        assert SurveyResult.objects.count() == 0


def test_detail_shows_history_of_the_survey_and_its_results(org_a, editor_a, client_for):
    client = client_for(english(editor_a))
    client.post(url(org_a, "new/"), survey_form())
    with scope(organization=org_a):
        survey = Survey.objects.get()
    client.post(url(org_a, f"{survey.pk}/edit/"), survey_form(title="ชื่อใหม่", sample_size="900"))
    client.post(
        url(org_a, f"{survey.pk}/results/new/"),
        {"measure": "engagement", "dimension": "ภาพรวม", "score": "4"},
    )
    page = _text(client.get(url(org_a, f"{survey.pk}/")))
    history = re.search(r'data-testid="history">(.*?)</ul>', page, re.S).group(1)
    entries = re.findall(r"<li>(.*?)</li>", history, re.S)
    assert len(entries) == 3
    assert "Result: Engagement, ภาพรวม · Created" in entries[0]
    assert "Changed: title, sample size" in entries[1]
    assert str(editor_a) in entries[1]
    assert "Created" in entries[2]


def test_trends_page_draws_a_chart_with_its_numbers(org_a, trend_data, member_factory, client_for):
    client = client_for(english(member_factory(org_a, Role.ASSESSOR)))
    page = _text(client.get(url(org_a, "trends/")))
    assert "score ÷ scale maximum × 100" in page
    satisfaction = re.search(r'data-testid="trend-satisfaction">(.*?)</section>', page, re.S)
    section = satisfaction.group(1)
    assert section.count('data-testid="trend-line"') == 2
    assert "<polyline" in section and "<desc" in section
    rows = re.findall(r'data-testid="trend-row">(.*?)</tr>', section, re.S)
    assert "All customers" in rows[0] and "80.0" in rows[0] and "88.5" in rows[0]
    assert "<sup>†</sup>" in rows[1]  # 2568 residential: the mean of all dimensions
    filtered = _text(client.get(url(org_a, "trends/?surveys=external&measure=satisfaction")))
    assert "85.0" in filtered and "88.5" not in filtered
    assert 'data-testid="trend-dissatisfaction"' not in filtered


def test_trends_page_without_results(org_a, coordinator_a, client_for):
    page = _text(client_for(coordinator_a).get(url(org_a, "trends/")))
    assert 'data-testid="no-trends"' in page


# --- roles -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.SECRETARY])
def test_readers_read_but_do_not_write(org_a, member_factory, client_for, role):
    survey = make_survey(org_a, report=make_attachment(org_a))
    result = make_survey_result(org_a, survey=survey)
    client = client_for(member_factory(org_a, role))
    for page in ("", f"{survey.pk}/", "trends/"):
        text = _text(client.get(url(org_a, page)))
        assert 'data-testid="create-survey"' not in text
        assert 'data-testid="edit-survey"' not in text and 'data-testid="add-result"' not in text
    for page in ("new/", f"{survey.pk}/edit/", f"{survey.pk}/results/new/"):
        assert client.get(url(org_a, page)).status_code == 403
    assert client.post(url(org_a, f"results/{result.pk}/delete/")).status_code == 403
    assert client.post(url(org_a, f"results/{result.pk}/edit/"), {}).status_code == 403
    with scope(organization=org_a):
        assert SurveyResult.objects.count() == 1


def test_assessor_sees_the_report_without_a_download_link(org_a, member_factory, client_for):
    report = make_attachment(org_a, title="รายงานผลสำรวจ 2569")
    survey = make_survey(org_a, report=report)
    page = _text(client_for(member_factory(org_a, Role.ASSESSOR)).get(url(org_a, f"{survey.pk}/")))
    assert "รายงานผลสำรวจ 2569" in page
    assert f"/files/{report.pk}/download/" not in page


def test_editor_cannot_reach_another_organizations_survey(org_a, org_b, editor_a, client_for):
    theirs = make_survey(org_b)
    client = client_for(editor_a)
    assert client.get(url(org_a, f"{theirs.pk}/")).status_code == 404
    data = {"measure": "satisfaction", "dimension": "x", "score": "4"}
    assert client.post(url(org_a, f"{theirs.pk}/results/new/"), data).status_code == 404
    foreign_segment = make_segment(org_b)
    mine = make_survey(org_a)
    page = _text(
        client_for(english(editor_a)).post(
            url(org_a, f"{mine.pk}/results/new/"), {**data, "segment": foreign_segment.pk}
        )
    )
    assert "Select a valid choice" in page
    with scope(organization=org_a):
        assert SurveyResult.objects.count() == 0


def test_the_database_refuses_a_second_all_customers_result_of_a_dimension(org_a):
    """The constraint holds on SQLite and PostgreSQL alike, NULL segment included."""
    result = make_survey_result(org_a)
    with scope(organization=org_a), pytest.raises(IntegrityError), transaction.atomic():
        SurveyResult.objects.create(
            organization=org_a,
            survey=result.survey,
            measure=result.measure,
            dimension=result.dimension,
            score=3,
        )
