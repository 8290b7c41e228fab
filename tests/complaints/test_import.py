"""Importing historical complaint cases from Excel: replayed through the lifecycle, every problem
reported by row and column, all or nothing, the file kept as evidence."""

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled
from openpyxl import Workbook, load_workbook

from complaints import case_services, import_services, policy_services, spreadsheets
from complaints.models import (
    CaseEvent,
    CaseSource,
    CaseState,
    ComplaintCase,
    ComplaintChannel,
    ComplaintRegister,
    Severity,
    TimeStandard,
)
from seam_scm.files import access as file_access
from seam_scm.files.models import Attachment
from seam_scm.spreadsheets import sheets
from seam_scm.spreadsheets.cells import CellProblem
from seam_scm.spreadsheets.sheets import CellError
from seam_scm.tenancy.models import Membership
from seam_scm.tenancy.roles import Role

from ..factories import OrgUnitFactory
from . import factories

S = spreadsheets.SHEET_EN
BANGKOK = dt.timezone(dt.timedelta(hours=7))


def at(day: int, hour: int, minute: int = 0, month: int = 9) -> dt.datetime:
    """A moment of 2026 (Asia/Bangkok); September 2026 has no public holiday."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=BANGKOK)


def build_data(organization):
    """The approved policy (LINE no longer in use), units of the organization."""
    by = factories.member(organization, Role.COORDINATOR)
    with scope(organization=organization):
        document = policy_services.create_policy(organization=organization, by=by)
        draft = document.versions.get()
        ComplaintChannel.objects.filter(version=draft, kind=ComplaintChannel.Kind.LINE).update(
            is_active=False
        )
    version = factories.approved_policy(organization, by=by)
    unit = OrgUnitFactory(organization=organization, code="CS-1", name_th="กองรับเรื่องร้องเรียน")
    old = OrgUnitFactory(
        organization=organization, code="OLD", name_th="กองที่ยุบแล้ว", is_active=False
    )
    return SimpleNamespace(version=version, unit=unit, old=old)


@pytest.fixture
def data(org_a):
    return build_data(org_a)


def case_row(**overrides) -> dict:
    """A case received, acknowledged, responded to and closed within the standards."""
    row = {
        "external_reference": "OLD-0001",
        "received_at": "01/09/2569 09:00",
        "channel": "call_center",
        "category": "SRV",
        "severity": "medium",
        "subject": "น้ำประปาไหลอ่อนช่วงเช้า",
        "description": "น้ำไหลอ่อนมากช่วง 6-9 โมงเช้าทุกวันมาหนึ่งสัปดาห์",
        "remedy_sought": "ขอให้ตรวจสอบแรงดันน้ำ",
        "is_anonymous": "no",
        "complainant_name": "สมชาย ใจดี",
        "complainant_phone": "0812345678",
        "complainant_email": "somchai@example.com",
        "lawful_basis": "public_task",
        "unit": "CS-1",
        "acknowledged_at": "01/09/2569 10:00",
        "responded_at": "08/09/2569 15:00",
        "decision": "ปรับแรงดันที่สถานีสูบน้ำแล้ว แจ้งผู้ร้องเรียนทางโทรศัพท์",
        "decision_channel": "โทรศัพท์",
        "closed_at": "09/09/2569 10:00",
        "remedy": "ส่วนลดค่าน้ำร้อยละ 10",
        "root_cause": "ตั้งเวลาปั๊มผิด",
        "corrective_action": "ตรวจตารางเวลาปั๊มทุกสัปดาห์",
        "satisfaction": 5,
    }
    row.update(overrides)
    return row


# The cells of the steps after the receipt.
STEPS = (
    "acknowledged_at",
    "responded_at",
    "decision",
    "decision_channel",
    "closed_at",
    "remedy",
    "root_cause",
    "corrective_action",
    "satisfaction",
)


def open_case(**overrides) -> dict:
    """A case only received, unless `overrides` give its steps."""
    return case_row(**{**dict.fromkeys(STEPS, ""), **overrides})


def case_workbook(rows, *, keys=None, sheet=S) -> bytes:
    """An .xlsx in the case import layout: names in row 1, keys in row 2, data from row 3."""
    workbook = Workbook()
    data_sheet = workbook.active
    data_sheet.title = sheet
    keys = keys or [column.key for column in spreadsheets.CASE_COLUMNS]
    data_sheet.append(keys)  # row 1: names, which the import does not read
    data_sheet.append(keys)
    for row in rows:
        data_sheet.append([row.get(key) for key in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "เรื่องร้องเรียนเดิม.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def good_file() -> bytes:
    """Four cases: closed in time; late twice and left responded; withdrawn; only received."""
    return case_workbook(
        [
            case_row(),
            case_row(
                external_reference="OLD-0002",
                received_at="02/09/2569 14:00",
                channel="website – anything",  # the code before the dash decides
                severity="High",
                category="BIL – ค่าบริการและการเรียกเก็บเงิน",
                acknowledged_at="03/09/2569 11:00",  # due 03/09 10:00
                responded_at="11/09/2569 10:00",  # due 09/09 16:30
                closed_at="",
                remedy="",
                root_cause="",
                corrective_action="",
                satisfaction="",
            ),
            open_case(
                external_reference="OLD-0003",
                received_at="03/09/2569 09:30",
                channel="LINE Official Account",  # no longer in use: fine for history
                acknowledged_at="03/09/2569 10:00",
                withdrawn_at="04/09/2569 11:00",
            ),
            open_case(
                external_reference="OLD-0004",
                received_at="10/09/2569 13:15",
                channel="website",
                is_anonymous="yes",
                complainant_name="",
                complainant_phone="",
                complainant_email="",
                lawful_basis="",
                unit="",
            ),
        ]
    )


def _en(user):
    user.language = "en"
    with scopes_disabled():
        user.save()
    return user


def _parse(organization, content: bytes):
    with translation.override("en"), scope(organization=organization):
        return spreadsheets.parse_import(content, organization=organization)


def _counts(organization) -> tuple[int, int]:
    with scope(organization=organization):
        return ComplaintCase.objects.count(), Attachment.objects.filter(
            record_type__model="complaintregister"
        ).count()


def _preview(client, org, content: bytes):
    return client.post(
        reverse("complaints:case_import", args=[org.slug]), {"file": upload(content)}
    )


def _confirm(client, org, preview, **kwargs):
    return client.post(
        reverse("complaints:case_import_confirm", args=[org.slug]),
        {"file": preview.context["attachment"].pk},
        **kwargs,
    )


# --- a good file -----------------------------------------------------------------------------


def test_good_file_previews_then_imports_every_case_through_the_lifecycle(
    org_a, data, coordinator_a, client_for
):
    client = client_for(_en(coordinator_a))

    preview = _preview(client, org_a, good_file())

    assert preview.status_code == 200
    assert preview.context["plan"].errors == []
    assert preview.context["counts"] == {"new_cases": 4, "updated_cases": 0, "unchanged_cases": 0}
    body = preview.content.decode()
    assert 'data-testid="confirm-import"' in body and 'data-testid="import-cases"' in body
    states = [row.final_state for row in preview.context["plan"].cases]
    assert states == ["closed", "responded", "withdrawn", "received"]
    assert _counts(org_a) == (0, 1)  # only the kept file so far

    confirmed = _confirm(client, org_a, preview, follow=True)

    assert confirmed.redirect_chain[-1][0] == reverse("complaints:case_list", args=[org_a.slug])
    assert "Imported 4 complaint cases." in confirmed.content.decode()
    with scope(organization=org_a):
        cases = {c.external_reference: c for c in ComplaintCase.objects.all()}
        assert {c.source for c in cases.values()} == {CaseSource.IMPORT}
        # New references of the year of receipt, in the order the cases were received.
        assert [cases[f"OLD-000{n}"].reference for n in range(1, 5)] == [
            f"กอ-2569-00000{n}" for n in range(1, 5)
        ]
        assert [cases[f"OLD-000{n}"].state for n in range(1, 5)] == [
            CaseState.CLOSED,
            CaseState.RESPONDED,
            CaseState.WITHDRAWN,
            CaseState.RECEIVED,
        ]

        closed = cases["OLD-0001"]
        assert closed.policy_version == data.version
        assert (closed.channel.kind, closed.category.code, closed.severity) == (
            "call_center",
            "SRV",
            "medium",
        )
        assert (closed.unit, closed.lawful_basis, closed.complainant_phone) == (
            data.unit,
            "public_task",
            "0812345678",
        )
        assert (closed.received_at, closed.acknowledged_at) == (at(1, 9), at(1, 10))
        assert (closed.responded_at, closed.decision_communicated_at) == (at(8, 15), at(8, 15))
        assert (closed.closed_at, closed.satisfaction) == (at(9, 10), 5)
        # Medium: acknowledge within 8 working hours, resolve within 10 working days.
        assert closed.acknowledge_due_at == at(2, 9)
        assert closed.resolve_due_at == at(15, 16, 30)
        assert (closed.acknowledged_in_time, closed.resolved_in_time) == (True, True)
        # 1 Sep 09:00-16:30, 2-4 and 7 Sep whole days, 8 Sep 08:30-15:00: 46 working hours.
        assert closed.resolution_minutes == 46 * 60
        assert (closed.remedy, closed.root_cause) == ("ส่วนลดค่าน้ำร้อยละ 10", "ตั้งเวลาปั๊มผิด")
        timeline = list(CaseEvent.objects.filter(case=closed).order_by("at", "id"))
        assert [(e.action, e.from_state, e.to_state, e.at) for e in timeline] == [
            ("receive", "", "received", at(1, 9)),
            ("acknowledge", "received", "acknowledged", at(1, 10)),
            ("assess", "acknowledged", "assessed", at(1, 10)),
            ("investigate", "assessed", "investigating", at(1, 10)),
            ("respond", "investigating", "responded", at(8, 15)),
            ("close", "responded", "closed", at(9, 10)),
        ]
        assert timeline[0].note == "นำเข้าจากระบบเดิม (เลขที่เรื่องเดิม OLD-0001)"
        assert all("(นำเข้า)" in event.note for event in timeline[1:])
        assert {event.by for event in timeline} == {coordinator_a}

        late = cases["OLD-0002"]
        assert (late.channel.kind, late.category.code, late.severity) == (
            "website",
            "BIL",
            "high",
        )
        # High: 4 working hours (due 3 Sep 10:00) and 5 working days (due 9 Sep 16:30).
        assert (late.acknowledge_due_at, late.resolve_due_at) == (at(3, 10), at(9, 16, 30))
        assert (late.acknowledged_in_time, late.resolved_in_time) == (False, False)
        # 2 Sep 14:00-16:30, 3-4 and 7-10 Sep whole days, 11 Sep 08:30-10:00: 52 hours.
        assert late.resolution_minutes == 52 * 60
        # The same complainant about another category: not a repeat.
        assert late.repeat_of is None

        withdrawn = cases["OLD-0003"]
        assert withdrawn.channel.kind == "line" and withdrawn.channel.is_active is False
        assert (withdrawn.acknowledged_in_time, withdrawn.resolved_in_time) == (True, None)
        last = CaseEvent.objects.filter(case=withdrawn).order_by("-at", "-id").first()
        assert (last.action, last.at, last.note) == ("withdraw", at(4, 11), "ถอนเรื่อง (นำเข้า)")

        received = cases["OLD-0004"]
        assert received.is_anonymous and received.complainant_name == ""
        assert received.acknowledged_in_time is None
        assert CaseEvent.objects.filter(case=received).count() == 1

        # The file is kept as evidence, and lists personal data.
        kept = Attachment.objects.get(record_type__model="complaintregister")
        assert kept.record == ComplaintRegister.objects.get()
        assert kept.effective_date == timezone.localdate()
        assert kept.current_version.original_name == "เรื่องร้องเรียนเดิม.xlsx"
        assert file_access.holds_personal_data(kept)


def test_a_repeat_complaint_in_the_file_finds_the_earlier_case(org_a, data, coordinator_a):
    content = case_workbook(
        [
            # The later case first in the file: cases are registered in order of receipt.
            open_case(external_reference="B", received_at="15/09/2569 10:00"),
            case_row(external_reference="A"),
        ]
    )
    with scope(organization=org_a):
        plan = _parse(org_a, content)
        import_services.save_plan(plan, by=coordinator_a)
        first, repeat = ComplaintCase.objects.order_by("received_at")
    assert (first.external_reference, repeat.external_reference) == ("A", "B")
    assert repeat.repeat_of == first


def test_times_read_as_text_excel_dates_serial_numbers_and_thai_style():
    assert spreadsheets.parse_datetime("21/11/2569 14:30") == dt.datetime(
        2026, 11, 21, 14, 30, tzinfo=BANGKOK
    )
    assert spreadsheets.parse_datetime("1.9.2569 8.05 น.") == dt.datetime(
        2026, 9, 1, 8, 5, tzinfo=BANGKOK
    )
    assert spreadsheets.parse_datetime(dt.datetime(2026, 9, 1, 8, 5)) == at(1, 8, 5)
    # Typed 01/09/2569 08:05 on a computer that does not use the Buddhist calendar.
    assert spreadsheets.parse_datetime(dt.datetime(2569, 9, 1, 8, 5)) == at(1, 8, 5)
    # Excel's serial number of 1 September 2026 12:00.
    assert spreadsheets.parse_datetime(46266.5) == at(1, 12)
    with translation.override("en"):
        for text, message in [
            (
                "01/09/2026 08:00",
                "The year looks like a Christian Era year; enter the Buddhist Era year, for "
                "example 2569.",
            ),
            ("01/09/2569", "Give the time as well as the date, for example 01/09/2569 14:30."),
            (
                "01/09/2569 25:00",
                "Enter the date and time as day/month/year in the Buddhist Era and "
                "hours:minutes, for example 21/11/2569 14:30; “01/09/2569 25:00” is not one.",
            ),
            (
                "yesterday",
                "Enter the date and time as day/month/year in the Buddhist Era and "
                "hours:minutes, for example 21/11/2569 14:30; “yesterday” is not one.",
            ),
        ]:
            with pytest.raises(CellProblem) as problem:
                spreadsheets.parse_datetime(text)
            assert problem.value.message == message, text


def test_the_thai_sheet_name_and_severity_labels_are_read_too(org_a, data):
    with translation.override("th"):
        high = str(Severity.HIGH.label)
    content = case_workbook([case_row(severity=high, category="srv")], sheet="เรื่องร้องเรียน")

    plan = _parse(org_a, content)

    assert plan.errors == []
    assert (plan.sheet, plan.cases[0].severity) == ("เรื่องร้องเรียน", "high")


# --- a bad file ------------------------------------------------------------------------------


def test_one_bad_row_imports_nothing_and_every_problem_is_reported_by_row_and_column(
    org_a, data, coordinator_a, client_for
):
    client = client_for(_en(coordinator_a))
    content = case_workbook(
        [
            case_row(),
            case_row(external_reference="OLD-0002", received_at="31/09/2569 09:00"),
            case_row(external_reference="OLD-0003", channel="pigeon", category="XYZ"),
            case_row(external_reference="OLD-0004", lawful_basis=""),
            case_row(
                external_reference="OLD-0005",
                acknowledged_at="31/08/2569 16:00",
                closed_at="07/09/2569 10:00",
            ),
            case_row(),  # OLD-0001 again
        ]
    )

    response = _preview(client, org_a, content)

    assert response.status_code == 200
    received = "Received (date and time)"
    assert response.context["plan"].errors == [
        CellError(
            S,
            4,
            received,
            "Enter the date as day/month/year in the Buddhist Era, for example 21/11/2569.",
        ),
        CellError(
            S,
            5,
            "Channel",
            "“pigeon” is not a channel of the policy in force on 1 Sep 2026; its channels are "
            "counter, call_center, website, email, letter, line, social_media, damrongdhamma, "
            "hotline_1111.",
        ),
        CellError(
            S,
            5,
            "Category",
            "“XYZ” is not a category of the policy in force on 1 Sep 2026; its categories are "
            "SRV, STF, BIL, PRD, INF, ETH.",
        ),
        CellError(
            S,
            6,
            "Lawful basis",
            "Choose the lawful basis for keeping the complainant's contacts.",
        ),
        CellError(
            S,
            7,
            "Acknowledged (date and time)",
            "This time comes before “Received (date and time)” (1 Sep 2026 09:00); the steps "
            "must come in order.",
        ),
        CellError(
            S,
            7,
            "Closed (date and time)",
            "This time comes before “Responded (date and time)” (8 Sep 2026 15:00); the steps "
            "must come in order.",
        ),
        CellError(
            S,
            8,
            "Reference in the previous system",
            "Row 3 has the same reference; each case is imported once.",
        ),
    ]
    body = response.content.decode()
    assert 'data-testid="import-errors"' in body and 'data-testid="confirm-import"' not in body
    # Nothing saved, and a file that cannot be imported is not kept either.
    assert _counts(org_a) == (0, 0)


def test_a_reference_imported_before_is_refused(org_a, data, coordinator_a):
    with scope(organization=org_a):
        import_services.save_plan(_parse(org_a, case_workbook([case_row()])), by=coordinator_a)

    plan = _parse(org_a, case_workbook([case_row(), case_row(external_reference="NEW-1")]))

    assert plan.errors == [
        CellError(
            S,
            3,
            "Reference in the previous system",
            "A case with this reference in the previous system is already here.",
        )
    ]


def test_each_step_needs_its_details_and_the_steps_before_it(org_a, data):
    content = case_workbook(
        [
            case_row(acknowledged_at="", decision="", root_cause=""),
            open_case(
                external_reference="2",
                decision="ตอบแล้ว",
                satisfaction=4,
                responded_at="",
            ),
            case_row(external_reference="3", withdrawn_at="10/09/2569 10:00"),
            open_case(
                external_reference="4",
                is_anonymous="yes",
                complainant_email="x@example.com",
            ),
            open_case(
                external_reference="5",
                received_at="01/09/2580 09:00",
                complainant_email="not-an-address",
                unit="OLD",
                satisfaction=9,
            ),
        ]
    )

    errors = [(e.row, e.column, e.message) for e in _parse(org_a, content).errors]

    assert errors == [
        (
            3,
            "Acknowledged (date and time)",
            "A case that was responded to needs the time it was acknowledged.",
        ),
        (3, "Decision communicated", "A case that was responded to needs this."),
        (3, "Root cause", "A closed case needs this."),
        (4, "Decision communicated",
         "Give the time of the response too, or leave this cell empty."),
        (4, "Satisfaction with the handling (1-5)",
         "Give the time of the closing too, or leave this cell empty."),
        (
            5,
            "Withdrawn (date and time)",
            "A withdrawn case was not responded to or closed; leave the times of the response "
            "and the closing empty, or this one.",
        ),
        (
            6,
            "Anonymous",
            "An anonymous case keeps no complainant's details; empty their cells or answer No.",
        ),
        (7, "Satisfaction with the handling (1-5)",
         "Enter a whole number from 1 to 5; “9” is not one."),
        (7, "Received (date and time)", "This time is in the future."),
        (7, "Assigned unit", "This unit is no longer in use."),
        (7, "E-mail address", "Enter a valid email address."),
    ]  # fmt: skip


def test_a_category_and_severity_without_a_time_standard_is_refused(org_a):
    by = factories.member(org_a, Role.COORDINATOR)
    with scope(organization=org_a):
        document = policy_services.create_policy(organization=org_a, by=by)
        TimeStandard.objects.filter(
            version=document.versions.get(), category__code="ETH", severity="critical"
        ).delete()
    factories.approved_policy(org_a, by=by)
    OrgUnitFactory(organization=org_a, code="CS-1")

    plan = _parse(org_a, case_workbook([case_row(category="ETH", severity="critical")]))

    assert plan.errors == [
        CellError(
            S,
            3,
            "Severity (empty: medium)",
            "The policy sets no time standard for this category and severity; add one to the "
            "policy.",
        )
    ]


def test_workbook_without_the_sheet_rows_or_policy_is_refused(org_a, org_b, coordinator_b):
    assert _parse(org_a, case_workbook([case_row()], sheet="Sheet")).errors == [
        CellError(
            "",
            None,
            "",
            "The workbook has no sheet “เรื่องร้องเรียน” (or “Cases”). Download the template and "
            "copy your data into it.",
        )
    ]
    assert _parse(org_a, case_workbook([case_row()])).errors == [
        CellError(
            "",
            None,
            "",
            "The complaint handling policy has no approved version yet. Cases take their "
            "channels, categories and time standards from the approved policy; have it approved "
            "first.",
        )
    ]
    build_data(org_b)
    assert _parse(org_b, case_workbook([])).errors == [
        CellError("", None, "", "The file has no rows to import.")
    ]


def test_missing_required_column_is_reported(org_a, data):
    keys = [c.key for c in spreadsheets.CASE_COLUMNS if c.key != "received_at"]

    errors = _parse(org_a, case_workbook([case_row()], keys=keys)).errors

    assert errors == [
        CellError(
            S, None, "Received (date and time)", "This required column is missing from the sheet."
        )
    ]


# --- all or nothing --------------------------------------------------------------------------


def test_a_refusal_of_the_services_is_reported_on_its_row_and_column_and_saves_nothing(
    org_a, data, coordinator_a, client_for, monkeypatch
):
    client = client_for(_en(coordinator_a))
    preview = _preview(client, org_a, good_file())
    original = case_services.move_case

    def refuse_closing(*, case, action, **kwargs):
        if action == "close":
            raise ValidationError({"at": "This time is in the future.", "remedy": "Too long."})
        return original(case=case, action=action, **kwargs)

    monkeypatch.setattr(case_services, "move_case", refuse_closing)

    response = _confirm(client, org_a, preview)

    assert response.status_code == 409
    assert response.context["plan"].errors == [
        CellError(S, 3, "Closed (date and time)", "This time is in the future."),
        CellError(S, 3, "Remedy or compensation", "Too long."),
    ]
    assert "The file no longer imports cleanly; nothing was imported." in (
        response.content.decode()
    )
    assert _counts(org_a) == (0, 1)
    with scope(organization=org_a):
        assert not CaseEvent.objects.exists()


def test_data_changed_after_the_preview_makes_the_confirmation_refuse(
    org_a, data, coordinator_a, client_for
):
    client = client_for(_en(coordinator_a))
    preview = _preview(client, org_a, good_file())
    with scopes_disabled():
        data.unit.is_active = False
        data.unit.save()

    response = _confirm(client, org_a, preview)

    assert response.status_code == 409
    assert [(e.row, e.column) for e in response.context["plan"].errors] == [
        (3, "Assigned unit"),
        (4, "Assigned unit"),
        (5, "Assigned unit"),
    ]
    assert _counts(org_a) == (0, 1)


def test_unclean_plan_is_never_saved(org_a, data):
    with scope(organization=org_a):
        plan = _parse(org_a, case_workbook([case_row(channel="pigeon")]))
        with pytest.raises(ValidationError):
            import_services.save_plan(plan, by=None)
    assert _counts(org_a) == (0, 0)


def test_double_confirmation_imports_once(org_a, data, coordinator_a, client_for):
    client = client_for(coordinator_a)
    preview = _preview(client, org_a, good_file())

    _confirm(client, org_a, preview)
    second = _confirm(client, org_a, preview)

    assert second.status_code == 409  # the references are imported already
    assert _counts(org_a) == (4, 1)


def test_upload_that_is_not_a_workbook_is_refused(org_a, data, coordinator_a, client_for):
    from ..files.factories import PDF

    client = client_for(_en(coordinator_a))

    response = _preview(client, org_a, PDF)

    assert response.status_code == 200
    assert "The file name ends in “.xlsx” but the file is in PDF format." in (
        response.content.decode()
    )
    assert _counts(org_a) == (0, 0)


# --- the template ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.EDITOR])
def test_template_lists_the_codes_of_the_policy_in_force(
    role, org_a, org_b, data, member_factory, client_for
):
    build_data(org_b)
    OrgUnitFactory(organization=org_b, code="FOREIGN")
    client = client_for(_en(member_factory(org_a, role)))

    response = client.get(reverse("complaints:case_import_template", args=[org_a.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == sheets.XLSX_MIME
    assert response["Content-Disposition"] == (
        'attachment; filename="complaint-case-import-template-org-a.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["instructions", "Cases", "codes", "lists"]
    cases = workbook["Cases"]
    assert [c.value for c in cases[2]] == [c.key for c in spreadsheets.CASE_COLUMNS]
    assert cases.row_dimensions[2].hidden is True
    assert (cases["A1"].value, cases["B1"].value) == (
        "Reference in the previous system *",
        "Received (date and time) *",
    )
    codes = [[c.value for c in row] for row in workbook["codes"].iter_rows()]
    assert ["call_center", "Call center", "Call center", "Yes"] in codes
    assert ["line", "LINE Official Account", "LINE", "No"] in codes
    assert ["BIL", "Charges and billing", None, None] in codes
    assert ["critical", "Critical (safety or wide impact)", None, None] in codes
    assert ["public_task", "Public task", None, None] in codes
    assert ["CS-1", "กองรับเรื่องร้องเรียน", None, None] in codes
    listed = {str(value) for row in codes for value in row if value}
    # Units no longer in use and other organizations' units are left out.
    assert "OLD" not in listed and "FOREIGN" not in listed
    lists = {str(c.value) for row in workbook["lists"].iter_rows() for c in row if c.value}
    assert {"call_center – Call center", "SRV – Service quality"} <= lists
    assert {"high – High", "CS-1 – กองรับเรื่องร้องเรียน", "public_task – Public task"} <= lists


def test_template_in_thai_names_the_sheet_in_thai_and_a_filled_in_one_imports(
    org_a, data, coordinator_a, client_for
):
    client = client_for(coordinator_a)  # Thai
    response = client.get(reverse("complaints:case_import_template", args=[org_a.slug]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["เรื่องร้องเรียน"]
    row = case_row(channel="call_center – ศูนย์บริการลูกค้าทางโทรศัพท์", unit="CS-1 – กอง")
    sheet.append([row.get(c.key) for c in spreadsheets.CASE_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)

    preview = _preview(client, org_a, buffer.getvalue())

    assert preview.context["plan"].errors == []
    assert preview.context["counts"]["new_cases"] == 1


def test_without_an_approved_policy_the_page_and_the_template_say_so(
    org_a, coordinator_a, client_for
):
    client = client_for(_en(coordinator_a))

    page = client.get(reverse("complaints:case_import", args=[org_a.slug]))
    response = client.get(reverse("complaints:case_import_template", args=[org_a.slug]))

    assert 'data-testid="no-policy"' in page.content.decode()
    workbook = load_workbook(io.BytesIO(response.content))
    with translation.override("en"):
        assert workbook["codes"]["A1"].value == str(case_services.NO_POLICY)


# --- roles and tenancy -----------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.SECRETARY])
def test_only_coordinators_and_editors_may_import(role, org_a, data, member_factory, client_for):
    client = client_for(member_factory(org_a, role))

    assert client.get(reverse("complaints:case_import", args=[org_a.slug])).status_code == 403
    assert _preview(client, org_a, good_file()).status_code == 403
    confirm = client.post(reverse("complaints:case_import_confirm", args=[org_a.slug]), {"file": 1})
    assert confirm.status_code == 403
    assert _counts(org_a) == (0, 0)


def test_editor_imports_and_the_page_lists_the_recent_import_files(
    org_a, data, member_factory, client_for
):
    client = client_for(member_factory(org_a, Role.EDITOR))
    first = client.get(reverse("complaints:case_import", args=[org_a.slug]))

    confirmed = _confirm(client, org_a, _preview(client, org_a, good_file()))
    page = client.get(reverse("complaints:case_import", args=[org_a.slug]))

    assert first.status_code == 200
    assert 'data-testid="download-template"' in first.content.decode()
    assert 'data-testid="recent-imports"' not in first.content.decode()
    assert confirmed.status_code == 302
    assert _counts(org_a) == (4, 1)
    assert "เรื่องร้องเรียนเดิม.xlsx" in page.content.decode()


def test_kept_import_files_are_only_for_roles_that_may_see_personal_data(
    org_a, data, coordinator_a, client_for, member_factory
):
    client = client_for(coordinator_a)
    _confirm(client, org_a, _preview(client, org_a, good_file()))
    with scope(organization=org_a):
        kept = Attachment.objects.get(record_type__model="complaintregister")
        memberships = {
            m.role: m
            for m in Membership.objects.filter(
                user__in=[member_factory(org_a, role) for role in (Role.VIEWER, Role.SECRETARY)]
            )
        }
    assert file_access.may_download(memberships[Role.SECRETARY], kept) is True
    assert file_access.may_download(memberships[Role.VIEWER], kept) is False


def test_other_organizations_units_are_unknown(org_a, org_b, data):
    build_data(org_b)
    OrgUnitFactory(organization=org_b, code="B-ONLY")

    errors = _parse(org_a, case_workbook([case_row(unit="B-ONLY")])).errors

    assert errors == [CellError(S, 3, "Assigned unit", "Unknown unit code “B-ONLY”.")]


def test_confirm_takes_only_import_files_of_the_own_organization(
    org_a, org_b, data, coordinator_a, coordinator_b, client_for
):
    from ..files.factories import make_attachment

    other_evidence = make_attachment(org_a, name="เรื่องร้องเรียนเดิม.xlsx", content=good_file())
    build_data(org_b)
    foreign = _preview(client_for(coordinator_b), org_b, good_file())
    assert foreign.context["plan"].errors == []
    client = client_for(coordinator_a)
    url = reverse("complaints:case_import_confirm", args=[org_a.slug])

    assert client.post(url, {"file": other_evidence.pk}).status_code == 404
    assert client.post(url, {"file": foreign.context["attachment"].pk}).status_code == 404
    assert _counts(org_a)[0] == 0
