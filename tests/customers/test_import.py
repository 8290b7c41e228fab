"""Importing VOC and survey results from Excel: every problem reported, all or nothing, kept."""

import datetime as dt
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from customers import import_services, record_services, spreadsheets
from customers.models import (
    CustomerSettings,
    ListeningChannel,
    Survey,
    SurveyResult,
    VoiceOfCustomer,
)
from seam_scm.files.models import Attachment
from seam_scm.spreadsheets import sheets
from seam_scm.spreadsheets.sheets import CellError
from seam_scm.tenancy.roles import Role

from ..factories import OrgUnitFactory
from .factories import (
    customer_workbook,
    customer_xlsx_upload,
    make_channel,
    make_segment,
    make_survey,
    make_survey_result,
    make_voc,
    result_row,
    voc_row,
)

V, R = spreadsheets.SHEET_VOC, spreadsheets.SHEET_RESULTS
ANNUAL = "การสำรวจความพึงพอใจประจำปี 2569"
POST_SERVICE = "แบบสำรวจหลังรับบริการ"


def build_data(organization):
    """Units, segments, channels (one no longer in use) and two surveys of 2569."""
    ops = OrgUnitFactory(organization=organization, code="OPS", name_th="สายงานปฏิบัติการ")
    old = OrgUnitFactory(
        organization=organization, code="OLD", name_th="กองที่ยุบแล้ว", is_active=False
    )
    home = make_segment(
        organization, code="HOME", name_th="ผู้ใช้น้ำประเภทที่พักอาศัย", name_en="Households"
    )
    business = make_segment(organization, code="BIZ", name_th="ผู้ใช้น้ำประเภทธุรกิจ", order=2)
    call = make_channel(organization, code="CALL", name_th="ศูนย์บริการลูกค้า 1662", owner_unit=ops)
    web = make_channel(
        organization,
        code="WEB",
        name_th="เว็บไซต์",
        kind=ListeningChannel.Kind.WEBSITE,
        owner_unit=ops,
    )
    shut = make_channel(
        organization, code="SHUT", name_th="ตู้รับความคิดเห็น", is_active=False, owner_unit=ops
    )
    annual = make_survey(organization, title=ANNUAL)
    post = make_survey(
        organization,
        title=POST_SERVICE,
        survey_type=Survey.SurveyType.POST_SERVICE,
        conducted_by=Survey.ConductedBy.INTERNAL,
        firm="",
        contract_reference="",
        scale_max=10,
    )
    return SimpleNamespace(
        ops=ops, old=old, home=home, business=business, call=call, web=web, shut=shut,
        annual=annual, post=post,
    )  # fmt: skip


@pytest.fixture
def data(org_a):
    return build_data(org_a)


def _en(user):
    user.language = "en"
    with scopes_disabled():
        user.save()
    return user


def _parse(organization, content: bytes):
    with translation.override("en"), scope(organization=organization):
        return spreadsheets.parse_import(content, organization=organization)


def _counts(organization) -> tuple[int, int, int]:
    with scope(organization=organization):
        return (
            VoiceOfCustomer.objects.count(),
            SurveyResult.objects.count(),
            Attachment.objects.count(),
        )


def _clean_file() -> bytes:
    return customer_workbook(
        [
            voc_row(),
            voc_row(
                channel="WEB – เว็บไซต์",
                segment="BIZ",
                category="transaction",
                topic="ขอชำระค่าน้ำผ่านแอปพลิเคชัน",
                importance=3,
                sentiment="neutral",
                heard_on="02/11/2569",
                status="responded",
                action_taken="เพิ่มช่องทางชำระผ่านแอป",
                response_owner="OPS",
                responded_on="20/11/2569",
                measured_result="ผู้ชำระผ่านแอปเพิ่มขึ้นร้อยละ 12",
            ),
        ],
        [
            result_row(),
            result_row(segment="HOME", dimension="ความสุภาพของพนักงาน", score="4.50"),
            result_row(survey=POST_SERVICE, measure="engagement", score=8.5, respondents=""),
        ],
    )


# --- the error report ------------------------------------------------------------------------


def test_broken_file_reports_every_problem_by_sheet_row_and_column(org_a, data):
    content = customer_workbook(
        [
            voc_row(),
            voc_row(channel="NOPE", segment="XX", category="price", importance=7),
            voc_row(topic="", sentiment="angry", heard_on="15/10/2026"),
            voc_row(channel="SHUT", topic="ตู้รับความคิดเห็นชำรุด"),
            voc_row(topic="แจ้งซ่อมท่อแตก", status="responded"),
            voc_row(
                topic="ปิดเรื่อง",
                status="responded",
                action_taken="ซ่อมแล้ว",
                response_owner="OLD",
                responded_on="01/10/2569",
            ),
            voc_row(topic="  น้ำประปาไหลอ่อนในช่วงเช้า ", importance=5),
        ],
        [
            result_row(),
            result_row(survey="แบบสำรวจที่ไม่มี"),
            result_row(fiscal_year=2568),
            result_row(segment="HOME", score=5.5),
            result_row(fiscal_year=2025, measure="happiness", score="4,5"),
            result_row(dimension="  ภาพรวม "),
        ],
    )

    plan = _parse(org_a, content)

    channels = "CALL, SHUT, WEB"
    titles = f"“{ANNUAL}”, “{POST_SERVICE}”"
    ce_year = (
        "The year looks like a Christian Era year; enter the Buddhist Era year, for example 2569."
    )
    assert plan.errors == [
        CellError(
            V,
            4,
            "Listening channel",
            "Unknown listening channel code “NOPE”; the channels of the organization are "
            f"{channels}.",
        ),
        CellError(
            V,
            4,
            "Segment",
            "Unknown segment code “XX”; the segments of the organization are HOME, BIZ.",
        ),
        CellError(
            V,
            4,
            "Category",
            "“price” is not one of the choices of this column: product_service, "
            "customer_support, transaction, relationship.",
        ),
        CellError(
            V,
            4,
            "Importance to the customer (1-5)",
            "Enter a whole number from 1 to 5; “7” is not one.",
        ),
        CellError(V, 5, "What was heard", "This column is required; the cell is empty."),
        CellError(
            V,
            5,
            "Sentiment",
            "“angry” is not one of the choices of this column: positive, neutral, negative.",
        ),
        CellError(V, 5, "Date heard", ce_year),
        CellError(
            V,
            6,
            "Listening channel",
            "This listening channel is no longer in use and cannot receive new VOC.",
        ),
        CellError(V, 7, "Action taken, or the reason for no action",
                  "A responded VOC needs the action taken."),
        CellError(V, 7, "Response owner", "A responded VOC needs the unit that responded."),
        CellError(V, 7, "Responded on", "A responded VOC needs the date of the response."),
        CellError(
            V,
            8,
            "Responded on",
            "The response cannot be dated before the VOC was heard.",
        ),
        CellError(
            V,
            8,
            "Response owner",
            "The unit “OLD” is no longer active; name a unit that is, as the VOC form does.",
        ),
        CellError(
            V,
            9,
            "What was heard",
            "Row 3 already has a VOC with the same channel, segment, topic and date heard: they "
            "are the same VOC. Merge the rows, or change the topic of one of them.",
        ),
        CellError(
            R,
            4,
            "Survey title",
            f"No survey of fiscal year 2569 has the title “แบบสำรวจที่ไม่มี”. The surveys of 2569 "
            f"are: {titles}.",
        ),
        CellError(
            R,
            5,
            "Survey title",
            f"No survey of fiscal year 2568 is recorded (looking for “{ANNUAL}”). The import "
            "does not create surveys: record the survey on the surveys page first.",
        ),
        CellError(
            R, 6, "Score", "The score must lie within the survey's scale, from 1 to 5."
        ),
        CellError(
            R,
            7,
            "Fiscal year of the survey (B.E.)",
            "Enter the fiscal year in the Buddhist Era, for example 2569.",
        ),
        CellError(
            R,
            7,
            "Measure",
            "“happiness” is not one of the choices of this column: satisfaction, "
            "dissatisfaction, engagement.",
        ),
        CellError(
            R,
            7,
            "Score",
            "Enter a number with at most 2 decimal places, for example 1,234.50; “4,5” is "
            "not one.",
        ),
        CellError(
            R,
            8,
            "Dimension",
            "Row 3 already has a result of this survey for the same segment, measure and "
            "dimension.",
        ),
    ]  # fmt: skip
    assert plan.is_clean is False


def test_broken_file_upload_shows_the_report_and_imports_nothing(
    org_a, data, coordinator_a, client_for
):
    client = client_for(_en(coordinator_a))
    content = customer_workbook([voc_row(), voc_row(topic="อื่น", importance=7)], [result_row()])

    response = client.post(
        reverse("customers:import", args=[org_a.slug]), {"file": customer_xlsx_upload(content)}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="import-errors"' in body
    assert "Enter a whole number from 1 to 5; “7” is not one." in body
    assert 'data-testid="confirm-import"' not in body
    # Nothing saved, and a file that cannot be imported is not kept either.
    assert _counts(org_a) == (0, 0, 0)


def test_choices_and_codes_accept_codes_labels_and_drop_down_texts(org_a, data):
    with translation.override("th"):
        thai_positive = str(VoiceOfCustomer.Sentiment.POSITIVE.label)
    content = customer_workbook(
        [
            voc_row(
                channel="call",  # a code in another case
                segment="Households",  # the English name
                category="customer_support – Customer support",  # as the drop-down writes it
                sentiment=thai_positive,
                importance="5",  # a number typed as text
                heard_on=dt.datetime(2569, 10, 15),  # typed 15/10/2569 on a Gregorian computer
                status="Responded",
                action_taken="ชมเชยพนักงาน",
                response_owner="OPS – สายงานปฏิบัติการ",
                responded_on=dt.datetime(2026, 10, 20),
            )
        ],
        [result_row(segment="BIZ – ผู้ใช้น้ำประเภทธุรกิจ", measure="Satisfaction", score="4")],
    )

    plan = _parse(org_a, content)

    assert plan.errors == []
    voc = plan.voc[0].voc
    assert (voc.channel, voc.segment, voc.category) == (data.call, data.home, "customer_support")
    assert (voc.sentiment, voc.importance, voc.status) == ("positive", 5, "responded")
    assert (voc.heard_on, voc.responded_on) == (dt.date(2026, 10, 15), dt.date(2026, 10, 20))
    assert voc.response_owner == data.ops
    result = plan.survey_results[0].result
    assert (result.survey, result.segment, result.measure) == (
        data.annual,
        data.business,
        "satisfaction",
    )
    assert result.score == Decimal("4.00")


def test_survey_title_ignores_letter_case_and_extra_spaces_but_names_the_year(org_a, data):
    with scope(organization=org_a):
        make_survey(org_a, title="Annual Survey", fiscal_year=2570)
    content = customer_workbook(None, [result_row(fiscal_year=2570, survey="  annual   SURVEY ")])

    plan = _parse(org_a, content)

    assert plan.errors == []
    assert plan.survey_results[0].result.survey.fiscal_year == 2570


def test_two_surveys_of_a_year_with_the_same_title_cannot_be_told_apart(org_a, data):
    make_survey(org_a, title=ANNUAL)

    [error] = _parse(org_a, customer_workbook(None, [result_row()])).errors

    assert (error.sheet, error.row, error.column) == (R, 3, "Survey title")
    assert error.message.startswith("2 surveys of fiscal year 2569 have the title")


def test_a_workbook_may_hold_either_sheet(org_a, data):
    only_voc = _parse(org_a, customer_workbook([voc_row()], None))
    only_results = _parse(org_a, customer_workbook(None, [result_row()]))

    assert (only_voc.errors, only_voc.counts()["new_voc"]) == ([], 1)
    assert (only_results.errors, only_results.counts()["new_survey_results"]) == ([], 1)


def test_workbook_without_the_sheets_or_rows_is_refused(org_a, data):
    neither = _parse(org_a, customer_workbook(None, None))
    empty = _parse(org_a, customer_workbook([], []))

    assert neither.errors == [
        CellError(
            "",
            None,
            "",
            "The workbook has neither a “voc” nor a “survey_results” sheet. Download the "
            "template and copy your data into it.",
        )
    ]
    assert empty.errors == [CellError("", None, "", "The file has no rows to import.")]


def test_missing_required_column_is_reported(org_a, data):
    keys = [c.key for c in spreadsheets.VOC_COLUMNS if c.key not in {"segment", "importance"}]

    errors = _parse(org_a, customer_workbook([voc_row()], None, voc_keys=keys)).errors

    assert errors == [
        CellError(V, None, "Segment", "This required column is missing from the sheet."),
        CellError(
            V,
            None,
            "Importance to the customer (1-5)",
            "This required column is missing from the sheet.",
        ),
    ]


def test_other_organizations_codes_and_surveys_are_unknown(org_a, org_b, data):
    foreign = build_data(org_b)
    with scope(organization=org_b):
        make_survey(org_b, title="แบบสำรวจของอีกองค์กร", fiscal_year=2570)
        OrgUnitFactory(organization=org_b, code="B-ONLY")
        make_channel(org_b, code="B-CH", owner_unit=foreign.ops)
    content = customer_workbook(
        [
            voc_row(channel="B-CH"),
            voc_row(
                topic="อื่น",
                status="responded",
                action_taken="x",
                response_owner="B-ONLY",
                responded_on="20/10/2569",
            ),
        ],
        [result_row(fiscal_year=2570, survey="แบบสำรวจของอีกองค์กร")],
    )

    plan = _parse(org_a, content)

    assert [(e.sheet, e.row, e.column) for e in plan.errors] == [
        (V, 3, "Listening channel"),
        (V, 4, "Response owner"),
        (R, 3, "Survey title"),
    ]
    assert "No survey of fiscal year 2570 is recorded" in plan.errors[2].message


# --- the rules of the VOC form, row by row ---------------------------------------------------


def test_voc_of_a_channel_no_longer_in_use_may_still_be_updated(org_a, data):
    make_voc(org_a, channel=data.call, segment=data.home, heard_on=dt.date(2026, 10, 15))
    with scope(organization=org_a):
        ListeningChannel.objects.filter(pk=data.call.pk).update(is_active=False)

    plan = _parse(org_a, customer_workbook([voc_row(importance=5)], None))

    assert plan.errors == []
    assert plan.voc[0].action == "updated"


def test_inactive_unit_is_kept_by_a_voc_that_names_it_already(org_a, data):
    responded = {
        "status": "responded",
        "action_taken": "ซ่อมท่อ",
        "response_owner": data.old,
        "responded_on": dt.date(2026, 10, 20),
    }
    make_voc(org_a, channel=data.call, segment=data.home, **responded)
    row = voc_row(
        status="responded",
        action_taken="ซ่อมท่อและแจ้งลูกค้า",
        response_owner="OLD",
        responded_on="20/10/2569",
    )

    plan = _parse(org_a, customer_workbook([row], None))

    assert plan.errors == []
    assert plan.voc[0].action == "updated"


def test_empty_cell_clears_a_field_and_a_left_out_column_keeps_it(org_a, data):
    make_voc(
        org_a,
        channel=data.call,
        segment=data.home,
        description="รายละเอียดเดิม",
        measured_result="ผลเดิม",
    )
    keys = [c.key for c in spreadsheets.VOC_COLUMNS if c.key != "measured_result"]
    content = customer_workbook([voc_row(description="")], None, voc_keys=keys)

    with scope(organization=org_a):
        plan = _parse(org_a, content)
        import_services.save_plan(plan, by=None)
        voc = VoiceOfCustomer.objects.get()

    assert (voc.description, voc.measured_result) == ("", "ผลเดิม")


def test_same_voc_is_found_whatever_the_spaces_and_letter_case_of_its_topic(org_a, data):
    recorded = make_voc(
        org_a, channel=data.call, segment=data.home, topic="Low  pressure in the Morning"
    )

    plan = _parse(org_a, customer_workbook([voc_row(topic=" low pressure in the morning")], None))

    assert plan.errors == []
    assert [(row.voc.pk, row.action) for row in plan.voc] == [(recorded.pk, "updated")]
    assert plan.voc[0].voc.topic == "low pressure in the morning"


def test_voc_already_recorded_twice_are_updated_in_order(org_a, data):
    first = make_voc(org_a, channel=data.call, segment=data.home, importance=2)
    second = make_voc(org_a, channel=data.call, segment=data.home, importance=3)
    content = customer_workbook(
        [
            voc_row(importance=2, description=""),
            voc_row(importance=5, description=""),
            voc_row(importance=1, description=""),
        ],
        None,
    )

    plan = _parse(org_a, content)

    assert [(e.row, e.column) for e in plan.errors] == [(5, "What was heard")]
    assert [(row.voc.pk, row.action) for row in plan.voc] == [
        (first.pk, "unchanged"),
        (second.pk, "updated"),
    ]


# --- preview, confirm, all or nothing --------------------------------------------------------


def _preview(client, org, content: bytes):
    return client.post(
        reverse("customers:import", args=[org.slug]), {"file": customer_xlsx_upload(content)}
    )


def _confirm(client, org, preview, **kwargs):
    return client.post(
        reverse("customers:import_confirm", args=[org.slug]),
        {"file": preview.context["attachment"].pk},
        **kwargs,
    )


def test_clean_file_previews_then_imports_everything(org_a, data, coordinator_a, client_for):
    client = client_for(_en(coordinator_a))

    preview = _preview(client, org_a, _clean_file())

    assert preview.status_code == 200
    assert preview.context["counts"] == {
        "new_voc": 2,
        "updated_voc": 0,
        "unchanged_voc": 0,
        "new_survey_results": 3,
        "updated_survey_results": 0,
        "unchanged_survey_results": 0,
    }
    body = preview.content.decode()
    assert 'data-testid="confirm-import"' in body
    assert 'data-testid="import-voc"' in body and 'data-testid="import-survey-results"' in body
    assert _counts(org_a) == (0, 0, 1)  # only the kept file so far

    confirmed = _confirm(client, org_a, preview, follow=True)

    assert confirmed.redirect_chain[-1][0] == reverse("customers:voc_list", args=[org_a.slug])
    assert (
        "Imported: 2 new and 0 updated VOC, 3 new and 0 updated survey results."
        in confirmed.content.decode()
    )
    with scope(organization=org_a):
        app = VoiceOfCustomer.objects.get(channel=data.web)
        assert (app.segment, app.category, app.status) == (
            data.business,
            "transaction",
            "responded",
        )
        assert (app.response_owner, app.responded_on) == (data.ops, dt.date(2026, 11, 20))
        results = SurveyResult.objects.order_by("id")
        assert [(r.survey.title, r.segment_id, r.measure, r.score) for r in results] == [
            (ANNUAL, None, "satisfaction", Decimal("4.21")),
            (ANNUAL, data.home.pk, "satisfaction", Decimal("4.50")),
            (POST_SERVICE, None, "engagement", Decimal("8.50")),
        ]
        assert results[2].respondents is None
        # History names the person who imported.
        assert app.history.first().history_user == coordinator_a
        assert results[0].history.first().history_user == coordinator_a
        # The file is kept as evidence of the organization's customer database.
        kept = Attachment.objects.get()
        assert kept.record_type == ContentType.objects.get_for_model(CustomerSettings)
        assert kept.record_id == CustomerSettings.objects.get().pk
        assert kept.effective_date == timezone.localdate()
        assert kept.current_version.original_name == "เสียงของลูกค้า.xlsx"


def test_reimport_updates_instead_of_adding_twice(org_a, data, coordinator_a, client_for):
    client = client_for(coordinator_a)
    _confirm(client, org_a, _preview(client, org_a, _clean_file()))
    changed = customer_workbook(
        [voc_row(importance=5)],
        [result_row(score=4.3), result_row(segment="HOME", dimension="ความสุภาพของพนักงาน",
                                           score="4.50")],
    )  # fmt: skip

    second = _preview(client, org_a, changed)
    _confirm(client, org_a, second)

    assert second.context["counts"] == {
        "new_voc": 0,
        "updated_voc": 1,
        "unchanged_voc": 0,
        "new_survey_results": 0,
        "updated_survey_results": 1,
        "unchanged_survey_results": 1,
    }
    with scope(organization=org_a):
        assert VoiceOfCustomer.objects.count() == 2
        assert VoiceOfCustomer.objects.get(channel=data.call).importance == 5
        assert SurveyResult.objects.count() == 3
        overall = SurveyResult.objects.get(segment=None, survey=data.annual)
        assert overall.score == Decimal("4.30")
        # An unchanged result gets no new history row.
        polite = SurveyResult.objects.get(segment=data.home)
        assert polite.history.count() == 1


def test_failure_in_the_middle_of_saving_leaves_nothing(org_a, data, coordinator_a, monkeypatch):
    original = record_services.save_voc
    calls = []

    def fail_on_second(*, voc):
        calls.append(voc.topic)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(voc=voc)

    monkeypatch.setattr(record_services, "save_voc", fail_on_second)
    with scope(organization=org_a):
        plan = _parse(org_a, _clean_file())
        with pytest.raises(RuntimeError):
            import_services.save_plan(plan, by=coordinator_a)

    assert len(calls) == 2
    assert _counts(org_a) == (0, 0, 0)


def test_unclean_plan_is_never_saved(org_a, data):
    with scope(organization=org_a):
        plan = _parse(org_a, customer_workbook([voc_row(), voc_row(importance=9)], None))
        with pytest.raises(ValidationError):
            import_services.save_plan(plan, by=None)

    assert _counts(org_a) == (0, 0, 0)


def test_refusal_while_confirming_rolls_back_and_says_why(
    org_a, data, coordinator_a, client_for, monkeypatch
):
    client = client_for(_en(coordinator_a))
    preview = _preview(client, org_a, _clean_file())
    from customers import survey_services

    def refuse(*, result):
        raise ValidationError({"dimension": "This survey already has a result for this segment."})

    monkeypatch.setattr(survey_services, "save_result", refuse)

    response = _confirm(client, org_a, preview, follow=True)

    assert "Nothing was imported: This survey already has a result for this segment." in (
        response.content.decode()
    )
    assert _counts(org_a) == (0, 0, 1)


def test_data_changed_after_the_preview_makes_the_confirmation_refuse(
    org_a, data, coordinator_a, client_for
):
    client = client_for(_en(coordinator_a))
    preview = _preview(client, org_a, _clean_file())
    # Between the preview and the confirmation, the call center channel is closed and the
    # post-service survey's scale is changed.
    with scope(organization=org_a):
        ListeningChannel.objects.filter(pk=data.call.pk).update(is_active=False)
        Survey.objects.filter(pk=data.post.pk).update(scale_max=5)

    response = _confirm(client, org_a, preview)

    assert response.status_code == 409
    assert [(e.sheet, e.row, e.column) for e in response.context["plan"].errors] == [
        (V, 3, "Listening channel"),
        (R, 5, "Score"),
    ]
    assert "The file no longer imports cleanly; nothing was imported." in (
        response.content.decode()
    )
    assert _counts(org_a) == (0, 0, 1)


def test_confirm_takes_only_import_files_of_the_own_organization(
    org_a, org_b, data, coordinator_a, coordinator_b, client_for
):
    from ..files.factories import make_attachment

    other_evidence = make_attachment(org_a, name="เสียงของลูกค้า.xlsx", content=_clean_file())
    build_data(org_b)
    foreign_import = _preview(client_for(coordinator_b), org_b, _clean_file())
    assert foreign_import.context["plan"].errors == []
    client = client_for(coordinator_a)
    url = reverse("customers:import_confirm", args=[org_a.slug])

    assert client.post(url, {"file": other_evidence.pk}).status_code == 404
    assert client.post(url, {"file": foreign_import.context["attachment"].pk}).status_code == 404
    assert client.post(url, {"file": "x"}).status_code == 302
    assert _counts(org_a)[:2] == (0, 0)


def test_double_confirmation_changes_nothing_the_second_time(
    org_a, data, coordinator_a, client_for
):
    client = client_for(coordinator_a)
    preview = _preview(client, org_a, _clean_file())

    _confirm(client, org_a, preview)
    _confirm(client, org_a, preview)

    assert _counts(org_a) == (2, 3, 1)


def test_upload_that_is_not_a_workbook_is_refused(org_a, data, coordinator_a, client_for):
    from ..files.factories import PDF

    client = client_for(_en(coordinator_a))

    response = client.post(
        reverse("customers:import", args=[org_a.slug]),
        {"file": customer_xlsx_upload(PDF, name="voc.xlsx")},
    )

    assert response.status_code == 200
    assert "The file name ends in “.xlsx” but the file is in PDF format." in (
        response.content.decode()
    )
    assert _counts(org_a) == (0, 0, 0)


def test_import_page_lists_the_recent_import_files(org_a, data, coordinator_a, client_for):
    client = client_for(coordinator_a)
    _confirm(client, org_a, _preview(client, org_a, _clean_file()))

    page = client.get(reverse("customers:import", args=[org_a.slug]))

    body = page.content.decode()
    assert 'data-testid="recent-imports"' in body
    assert "เสียงของลูกค้า.xlsx" in body


# --- template ---------------------------------------------------------------------------------


def test_template_has_the_sheets_keys_and_this_organizations_codes(
    org_a, org_b, data, coordinator_a, client_for
):
    build_data(org_b)
    with scope(organization=org_b):
        make_channel(org_b, code="FOREIGN-CH")
    response = client_for(_en(coordinator_a)).get(
        reverse("customers:import_template", args=[org_a.slug])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == sheets.XLSX_MIME
    assert response["Content-Disposition"] == (
        'attachment; filename="customer-import-template-org-a.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["instructions", "voc", "survey_results", "lists"]
    voc = workbook["voc"]
    assert [c.value for c in voc[2]] == [c.key for c in spreadsheets.VOC_COLUMNS]
    assert voc.row_dimensions[2].hidden is True
    assert voc["A1"].value == "Listening channel *"
    results = workbook["survey_results"]
    assert [c.value for c in results[2]] == [c.key for c in spreadsheets.RESULT_COLUMNS]
    assert results["C1"].value == "Segment (empty: all customers)"
    listed = {str(c.value) for row in workbook["lists"].iter_rows() for c in row if c.value}
    assert {"CALL – ศูนย์บริการลูกค้า 1662", "WEB – เว็บไซต์", "HOME – Households"} <= listed
    assert {"OPS – สายงานปฏิบัติการ", "engagement – Engagement", ANNUAL, POST_SERVICE} <= listed
    # New VOC cannot name a channel or a unit no longer in use: the lists leave them out.
    assert not any(text.startswith(("SHUT", "OLD")) for text in listed)
    assert not any("FOREIGN" in text for text in listed)
    drop_downs = {str(rule.sqref).split(":")[0][0] for rule in voc.data_validations.dataValidation}
    # channel, segment, category, importance, sentiment, status, response owner
    assert drop_downs == {"A", "B", "C", "F", "G", "I", "K"}
    instructions = [
        [c.value for c in row] for row in workbook["instructions"].iter_rows() if row[0].value
    ]
    text = " ".join(str(v) for row in instructions for v in row if v)
    assert "Name the survey by its fiscal year and its title exactly as recorded" in text
    assert [2569, ANNUAL, "1–5", "Annual survey"] in instructions
    assert [2569, POST_SERVICE, "1–10", "Post-service survey"] in instructions
    assert ["SHUT", "ตู้รับความคิดเห็น", "No"] in [row[:3] for row in instructions]


def test_filled_in_template_imports(org_a, data, coordinator_a, client_for):
    client = client_for(coordinator_a)
    response = client.get(reverse("customers:import_template", args=[org_a.slug]))
    workbook = load_workbook(io.BytesIO(response.content))
    row = voc_row(channel="CALL – ศูนย์บริการลูกค้า 1662", segment="HOME – ผู้ใช้น้ำ")
    workbook["voc"].append([row.get(c.key) for c in spreadsheets.VOC_COLUMNS])
    result = result_row(survey=POST_SERVICE, score=9)
    workbook["survey_results"].append([result.get(c.key) for c in spreadsheets.RESULT_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)

    preview = _preview(client, org_a, buffer.getvalue())

    assert preview.context["plan"].errors == []
    assert preview.context["counts"]["new_voc"] == 1
    assert preview.context["counts"]["new_survey_results"] == 1


# --- roles ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.SECRETARY])
def test_only_coordinators_and_editors_may_import(role, org_a, data, member_factory, client_for):
    client = client_for(member_factory(org_a, role))

    assert client.get(reverse("customers:import", args=[org_a.slug])).status_code == 403
    upload = _preview(client, org_a, _clean_file())
    assert upload.status_code == 403
    confirm = client.post(reverse("customers:import_confirm", args=[org_a.slug]), {"file": 1})
    assert confirm.status_code == 403
    assert _counts(org_a) == (0, 0, 0)
    # They may still download the template and the exports.
    for name in ("import_template", "voc_export", "survey_results_export"):
        assert client.get(reverse(f"customers:{name}", args=[org_a.slug])).status_code == 200


def test_editor_may_import(org_a, data, member_factory, client_for):
    client = client_for(member_factory(org_a, Role.EDITOR))

    page = client.get(reverse("customers:import", args=[org_a.slug]))
    preview = _preview(client, org_a, _clean_file())
    confirmed = _confirm(client, org_a, preview)

    assert page.status_code == 200
    assert 'data-testid="download-template"' in page.content.decode()
    assert confirmed.status_code == 302
    assert _counts(org_a) == (2, 3, 1)


def test_import_link_shows_for_editors_only(org_a, data, member_factory, client_for):
    import_url = reverse("customers:import", args=[org_a.slug])
    for role, shown in ((Role.EDITOR, True), (Role.VIEWER, False)):
        client = client_for(member_factory(org_a, role))
        for name in ("voc_list", "survey_list"):
            body = client.get(reverse(f"customers:{name}", args=[org_a.slug])).content.decode()
            assert (f'href="{import_url}"' in body) is shown, (role, name)


def test_existing_result_with_a_changed_dimension_spelling_is_the_same_result(org_a, data):
    make_survey_result(org_a, survey=data.annual, dimension="Overall", score=Decimal("4.00"))

    plan = _parse(org_a, customer_workbook(None, [result_row(dimension="overall", score=4)]))

    assert plan.errors == []
    assert plan.survey_results[0].action == "updated"  # the spelling of the dimension changes


def test_opening_the_import_page_writes_nothing(org_a, data, coordinator_a, client_for):
    page = client_for(coordinator_a).get(reverse("customers:import", args=[org_a.slug]))

    assert page.status_code == 200
    assert 'data-testid="recent-imports"' not in page.content.decode()
    with scope(organization=org_a):
        assert not CustomerSettings.objects.exists()
