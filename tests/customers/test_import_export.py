"""Exporting VOC and survey results to Excel: the import's layout, filters, re-import."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from customers import spreadsheets
from customers.models import ListeningChannel, SurveyResult, VoiceOfCustomer
from seam_scm.spreadsheets.sheets import XLSX_MIME
from seam_scm.tenancy.models import OrgUnit
from seam_scm.tenancy.roles import Role

from .factories import (
    customer_xlsx_upload,
    make_survey,
    make_survey_result,
    make_voc,
)
from .test_import import ANNUAL, POST_SERVICE, build_data


@pytest.fixture
def data(org_a):
    return build_data(org_a)


def _en(user):
    user.language = "en"
    with scopes_disabled():
        user.save()
    return user


def _rows(sheet) -> list[list]:
    return [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]


def _record(org, data):
    """VOC (one of a channel since closed, one answered by a unit since closed, two that share
    channel, segment, topic and date) and results of two years."""
    data.voc = [
        make_voc(org, channel=data.call, segment=data.home, heard_on=dt.date(2026, 10, 15)),
        make_voc(
            org,
            channel=data.web,
            segment=data.business,
            category="transaction",
            topic="ขอชำระผ่านแอป",
            sentiment="neutral",
            importance=3,
            heard_on=dt.date(2026, 11, 2),
            status="responded",
            action_taken="เพิ่มช่องทางชำระผ่านแอป",
            response_owner=data.old,
            responded_on=dt.date(2026, 11, 20),
            measured_result="ผู้ชำระผ่านแอปเพิ่มขึ้นร้อยละ 12",
        ),
        make_voc(org, channel=data.shut, segment=data.home, topic="ตู้ชำรุด"),
        make_voc(org, channel=data.call, segment=data.home, topic="ซ้ำ", importance=2),
        make_voc(org, channel=data.call, segment=data.home, topic="ซ้ำ", importance=5),
    ]
    older = make_survey(org, title="การสำรวจความพึงพอใจประจำปี 2568", fiscal_year=2568)
    data.results = [
        make_survey_result(org, survey=data.annual, score=Decimal("4.21")),
        make_survey_result(
            org, survey=data.annual, segment=data.home, dimension="ความสุภาพ", score=Decimal("4.5")
        ),
        make_survey_result(
            org, survey=data.post, measure="engagement", score=Decimal("8.25"), respondents=None
        ),
        make_survey_result(org, survey=older, score=Decimal("3.90")),
    ]
    return data


def test_voc_export_lists_the_filtered_voc_in_the_import_layout(
    org_a, data, coordinator_a, client_for
):
    _record(org_a, data)
    client = client_for(_en(coordinator_a))

    response = client.get(
        reverse("customers:voc_export", args=[org_a.slug]), {"channel": data.web.pk}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_MIME
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="voc-org-a-{today}.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["voc", "about"]
    sheet = workbook["voc"]
    assert [c.value for c in sheet[2]] == [c.key for c in spreadsheets.VOC_COLUMNS]
    assert _rows(sheet) == [
        [
            "WEB – เว็บไซต์",
            "BIZ – ผู้ใช้น้ำประเภทธุรกิจ",
            "transaction – Transaction",
            "ขอชำระผ่านแอป",
            None,
            3,
            "neutral – Neutral",
            "02/11/2569",
            "responded – Responded",
            "เพิ่มช่องทางชำระผ่านแอป",
            "OLD – กองที่ยุบแล้ว",
            "20/11/2569",
            "ผู้ชำระผ่านแอปเพิ่มขึ้นร้อยละ 12",
        ]
    ]
    about = [[c.value for c in row] for row in workbook["about"].iter_rows()]
    assert ["VOC", 1] in about
    assert ["Listening channel", "เว็บไซต์"] in about


def test_voc_export_without_filters_lists_everything_oldest_first(
    org_a, data, coordinator_a, client_for
):
    _record(org_a, data)

    response = client_for(coordinator_a).get(reverse("customers:voc_export", args=[org_a.slug]))

    rows = _rows(load_workbook(io.BytesIO(response.content))["voc"])
    assert [(row[3], row[5]) for row in rows] == [
        ("น้ำประปาไหลอ่อนในช่วงเช้า", 4),
        ("ตู้ชำรุด", 4),
        ("ซ้ำ", 2),
        ("ซ้ำ", 5),
        ("ขอชำระผ่านแอป", 3),
    ]


def test_results_export_of_all_years_or_one(org_a, data, coordinator_a, client_for):
    _record(org_a, data)
    client = client_for(_en(coordinator_a))
    url = reverse("customers:survey_results_export", args=[org_a.slug])

    every = load_workbook(io.BytesIO(client.get(url).content))["survey_results"]
    response = client.get(url, {"fiscal_year": 2568})
    one_year = load_workbook(io.BytesIO(response.content))["survey_results"]

    keys = [c.key for c in spreadsheets.RESULT_COLUMNS]
    assert [c.value for c in every[2]] == [*keys, "survey_type", "scale", "percent"]
    assert every["H1"].value == "Survey type (computed)"
    assert _rows(every) == [
        [2569, ANNUAL, None, "satisfaction – Satisfaction", "ภาพรวม", 4.21, 400,
         "Annual survey", "1–5", 84.2],
        [2569, ANNUAL, "HOME – Households", "satisfaction – Satisfaction", "ความสุภาพ", 4.5, 400,
         "Annual survey", "1–5", 90],
        [2569, POST_SERVICE, None, "engagement – Engagement", "ภาพรวม", 8.25, None,
         "Post-service survey", "1–10", 82.5],
        [2568, "การสำรวจความพึงพอใจประจำปี 2568", None, "satisfaction – Satisfaction", "ภาพรวม",
         3.9, 400, "Annual survey", "1–5", 78],
    ]  # fmt: skip
    assert [row[0] for row in _rows(one_year)] == [2568]
    assert "survey-results-2568-org-a-" in response["Content-Disposition"]


def _import_counts(client, org, content: bytes) -> dict:
    preview = client.post(
        reverse("customers:import", args=[org.slug]), {"file": customer_xlsx_upload(content)}
    )
    assert preview.context["plan"].errors == []
    return preview.context["counts"]


def test_exports_import_again_and_change_nothing(org_a, data, coordinator_a, client_for):
    _record(org_a, data)
    client = client_for(coordinator_a)
    voc = client.get(reverse("customers:voc_export", args=[org_a.slug])).content
    results = client.get(reverse("customers:survey_results_export", args=[org_a.slug])).content

    assert _import_counts(client, org_a, voc) == {
        "new_voc": 0,
        "updated_voc": 0,
        "unchanged_voc": 5,
        "new_survey_results": 0,
        "updated_survey_results": 0,
        "unchanged_survey_results": 0,
    }
    assert _import_counts(client, org_a, results)["unchanged_survey_results"] == 4
    assert _import_counts(client, org_a, results)["new_survey_results"] == 0


def test_edited_export_updates_the_voc(org_a, data, coordinator_a, client_for):
    _record(org_a, data)
    client = client_for(coordinator_a)
    exported = client.get(reverse("customers:voc_export", args=[org_a.slug])).content
    workbook = load_workbook(io.BytesIO(exported))
    workbook["voc"]["F3"] = 1  # the first VOC's importance
    buffer = io.BytesIO()
    workbook.save(buffer)

    preview = client.post(
        reverse("customers:import", args=[org_a.slug]),
        {"file": customer_xlsx_upload(buffer.getvalue())},
    )
    client.post(
        reverse("customers:import_confirm", args=[org_a.slug]),
        {"file": preview.context["attachment"].pk},
    )

    assert preview.context["counts"]["updated_voc"] == 1
    with scope(organization=org_a):
        assert VoiceOfCustomer.objects.count() == 5
        assert VoiceOfCustomer.objects.get(pk=data.voc[0].pk).importance == 1


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR])
def test_readers_may_export(role, org_a, data, member_factory, client_for):
    _record(org_a, data)
    client = client_for(member_factory(org_a, role))

    for name in ("voc_export", "survey_results_export"):
        response = client.get(reverse(f"customers:{name}", args=[org_a.slug]))
        assert response.status_code == 200
        assert response["Content-Type"] == XLSX_MIME


def test_list_pages_link_to_the_exports_with_their_filters(org_a, data, coordinator_a, client_for):
    client = client_for(coordinator_a)

    voc_list = client.get(
        reverse("customers:voc_list", args=[org_a.slug]), {"status": "new", "page": "1"}
    ).content.decode()
    survey_list = client.get(
        reverse("customers:survey_list", args=[org_a.slug]), {"fiscal_year": "2569"}
    ).content.decode()

    voc_export = reverse("customers:voc_export", args=[org_a.slug])
    results_export = reverse("customers:survey_results_export", args=[org_a.slug])
    assert f'href="{voc_export}?status=new"' in voc_list
    assert f'href="{results_export}?fiscal_year=2569"' in survey_list


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_exports_cost_the_same_queries_for_2_and_12_rows(org_a, data, coordinator_a, client_for):
    client = client_for(coordinator_a)
    voc_url = reverse("customers:voc_export", args=[org_a.slug])
    results_url = reverse("customers:survey_results_export", args=[org_a.slug])

    def add(first: int, count: int) -> None:
        for number in range(first, first + count):
            make_voc(org_a, channel=data.call, segment=data.home, topic=f"เรื่อง {number}",
                     response_owner=data.ops)  # fmt: skip
            make_survey_result(org_a, survey=data.annual, dimension=f"มิติ {number}",
                               segment=data.home)  # fmt: skip

    add(0, 2)
    _queries(client, voc_url)  # the first request of a session does more
    few = _queries(client, voc_url), _queries(client, results_url)
    add(2, 10)
    many = _queries(client, voc_url), _queries(client, results_url)

    assert few == many


def test_import_after_channels_and_units_close_keeps_old_voc_importable(
    org_a, data, coordinator_a, client_for
):
    _record(org_a, data)
    client = client_for(coordinator_a)
    with scope(organization=org_a):
        ListeningChannel.objects.filter(pk=data.web.pk).update(is_active=False)
        OrgUnit.objects.filter(pk=data.ops.pk).update(is_active=False)
    exported = client.get(reverse("customers:voc_export", args=[org_a.slug])).content

    assert _import_counts(client, org_a, exported)["unchanged_voc"] == 5
    with scope(organization=org_a):
        assert SurveyResult.objects.count() == 4
