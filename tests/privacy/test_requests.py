"""Data subject requests: the register and its 30-day clock, registering and changing a request,
finding what the modules hold about the person, the JSON export, finishing a request and an
erasure that anonymizes the chosen records (and their history) while every complaint KPI
stays the same; coordinator only, and each organization's own."""

import datetime as dt
import json
import zoneinfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from complaints import kpis
from complaints.models import ComplaintCase
from complaints.privacy import ERASED_TEXT
from seam_scm.privacy import services
from seam_scm.privacy.clocks import request_clock
from seam_scm.privacy.models import (
    AccessKind,
    ConsentChannel,
    ConsentRecord,
    DataSubjectRequest,
    PersonalDataAccess,
    ProcessingActivity,
    RequestKind,
    RequestStatus,
)
from seam_scm.privacy.registry import PersonQuery
from seam_scm.tenancy.roles import Role
from seam_scm.thai.dates import format_date
from stakeholders.models import Representative
from stakeholders.privacy import ERASED_NAME

from ..complaints.factories import closed_case, make_case
from ..stakeholders.factories import make_stakeholder
from .route_builders_requests import SUBJECT, make_request

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
EMAIL = SUBJECT["subject_email"]
NAME = SUBJECT["subject_name"]
PHONE = "0812345678"
NON_COORDINATORS = [Role.EDITOR, Role.SECRETARY, Role.ASSESSOR, Role.VIEWER]


def url(name: str, organization, data_request=None) -> str:
    kwargs = {"org_slug": organization.slug}
    if data_request is not None:
        kwargs["request_pk"] = data_request.pk
    return reverse(f"privacy:{name}", kwargs=kwargs)


def complainant_case(organization, **fields):
    fields = {
        "complainant_name": NAME,
        "complainant_phone": PHONE,
        "complainant_email": EMAIL,
        "complainant_address": "99 ถนนพหลโยธิน กรุงเทพฯ",
        "lawful_basis": "public_task",
        **fields,
    }
    return make_case(organization, **fields)


def representative_of(organization, **fields) -> Representative:
    stakeholder = make_stakeholder(
        organization,
        representatives=[{"name": "คุณสมศรี ผู้แทน", "email": EMAIL, "phone": "02-999-0000", **fields}],
    )
    with scope(organization=organization):
        return Representative.objects.get(stakeholder=stakeholder)


def consent_for(record, *, purpose_basis="consent") -> ConsentRecord:
    with scopes_disabled():
        activity = ProcessingActivity.objects.filter(
            organization=record.organization, lawful_basis=purpose_basis
        ).first()
        return ConsentRecord.objects.create(
            organization=record.organization,
            activity=activity,
            record_type=ContentType.objects.get_for_model(record),
            record_id=record.pk,
            channel=ConsentChannel.WEB_FORM,
            given_at=timezone.now() - dt.timedelta(days=2),
        )


def reload(data_request) -> DataSubjectRequest:
    with scopes_disabled():
        return DataSubjectRequest.objects.get(pk=data_request.pk)


@pytest.fixture
def coordinator(org_a, member_factory):
    return member_factory(org_a, Role.COORDINATOR)


@pytest.fixture
def client(coordinator, client_for):
    return client_for(coordinator)


# --- the 30-day clock ------------------------------------------------------------------------


def test_due_date_is_the_local_date_of_receipt_plus_30_days(db):
    received = dt.datetime(2026, 1, 15, 10, 0, tzinfo=BANGKOK)
    assert DataSubjectRequest.due_date_for(received) == dt.date(2026, 2, 14)


def test_due_date_runs_across_the_month_end(db):
    received = dt.datetime(2026, 1, 31, 23, 30, tzinfo=BANGKOK)
    assert DataSubjectRequest.due_date_for(received) == dt.date(2026, 3, 2)


def test_due_date_counts_from_the_bangkok_date_not_the_utc_one(db):
    # 01:00 on 1 April in Bangkok is still 31 March in UTC.
    received = dt.datetime(2026, 3, 31, 18, 0, tzinfo=dt.UTC)
    assert DataSubjectRequest.due_date_for(received) == dt.date(2026, 5, 1)


def test_the_clock_is_open_then_due_soon_then_overdue_after_day_30(org_a, english):
    data_request = make_request(org_a, received_at=dt.datetime(2026, 1, 31, 9, tzinfo=BANGKOK))
    due = data_request.due_on
    assert due == dt.date(2026, 3, 2)

    assert request_clock(data_request, due - dt.timedelta(days=10)).status == "open"
    assert request_clock(data_request, due - dt.timedelta(days=10)).text == "10 days left"
    assert request_clock(data_request, due - dt.timedelta(days=1)).text == "1 day left"
    on_the_day = request_clock(data_request, due)
    assert (on_the_day.status, on_the_day.text) == ("due_soon", "Due today")
    day_31 = request_clock(data_request, due + dt.timedelta(days=1))
    assert (day_31.status, day_31.text) == ("overdue", "1 day overdue")
    assert request_clock(data_request, due + dt.timedelta(days=5)).text == "5 days overdue"


def test_the_clock_says_whether_the_answer_came_within_30_days(org_a, english):
    data_request = make_request(org_a, received_at=dt.datetime(2026, 1, 31, 9, tzinfo=BANGKOK))
    data_request.status = RequestStatus.COMPLETED
    data_request.completed_at = dt.datetime(2026, 3, 2, 16, tzinfo=BANGKOK)
    met = request_clock(data_request, dt.date(2026, 4, 1))
    assert (met.status, met.text) == ("met", "Answered within 30 days")
    data_request.completed_at = dt.datetime(2026, 3, 5, 9, tzinfo=BANGKOK)
    late = request_clock(data_request, dt.date(2026, 4, 1))
    assert (late.status, late.text) == ("late", "Answered 3 days late")


# --- the register ----------------------------------------------------------------------------


def test_register_lists_open_requests_first_by_due_date_with_counts(org_a, client):
    now = timezone.now()
    later = make_request(org_a, subject_name="คนที่หนึ่ง", received_at=now - dt.timedelta(days=2))
    overdue = make_request(org_a, subject_name="คนที่สอง", received_at=now - dt.timedelta(days=31))
    done = make_request(
        org_a,
        subject_name="คนที่สาม",
        received_at=now - dt.timedelta(days=40),
        identity_verified=True,
    )
    with scope(organization=org_a):
        services.complete_request(done, by=None, outcome="ส่งสำเนาข้อมูลแล้ว")

    response = client.get(url("request_list", org_a))

    assert response.status_code == 200
    rows = [row.reference for row in response.context["requests"]]
    assert rows == [overdue.reference, later.reference, done.reference]
    assert response.context["counts"] == {"open": 2, "overdue": 1}
    html = response.content.decode()
    assert 'data-testid="request-clock" data-status="overdue"' in html
    assert 'data-testid="request-clock" data-status="late"' in html
    # The due date in the Buddhist Era.
    assert format_date(later.due_on) in html


def test_register_filters_by_status_and_kind(org_a, client):
    access = make_request(org_a)
    erasure = make_request(org_a, kind=RequestKind.ERASURE)
    overdue = make_request(org_a, received_at=timezone.now() - dt.timedelta(days=45))

    def listed(**params):
        response = client.get(url("request_list", org_a), params)
        return {row.pk for row in response.context["requests"]}

    assert listed(kind="erasure") == {erasure.pk}
    assert listed(status="overdue") == {overdue.pk}
    assert listed(status="open") == {access.pk, erasure.pk, overdue.pk}
    assert listed(status="completed") == set()
    assert listed(status="nonsense") == {access.pk, erasure.pk, overdue.pk}


# --- registering and changing a request ------------------------------------------------------


def _form(**overrides) -> dict:
    return {
        "kind": "access",
        "subject_name": NAME,
        "subject_phone": PHONE,
        "subject_email": EMAIL,
        "details": "ขอสำเนาข้อมูลทั้งหมด",
        "received_at_0": "31/01/2569",
        "received_at_1": "23:30",
        "identity_verified": "on",
        "verification_note": "ตรวจบัตรประชาชนที่เคาน์เตอร์",
        **overrides,
    }


def test_coordinator_registers_a_request_and_lands_on_its_page(org_a, client, coordinator):
    response = client.get(url("request_create", org_a))
    assert response.status_code == 200
    assert response.context["form"]["received_at"].value() is not None  # now, by default

    response = client.post(url("request_create", org_a), _form())

    with scopes_disabled():
        data_request = DataSubjectRequest.objects.get(organization=org_a)
    assert response.status_code == 302
    assert response["Location"] == url("request_detail", org_a, data_request)
    assert data_request.reference.startswith("DSR2569-")
    assert data_request.received_at == dt.datetime(2026, 1, 31, 23, 30, tzinfo=BANGKOK)
    assert data_request.due_on == dt.date(2026, 3, 2)
    assert data_request.identity_verified
    assert data_request.handler == coordinator


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"received_at_0": "01/01/2600"}, "received_at"),
        ({"verification_note": ""}, "verification_note"),
        ({"subject_name": ""}, "subject_name"),
        ({"subject_email": "not-an-address"}, "subject_email"),
        ({"received_at_0": "31/01/2026"}, "received_at"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(org_a, client, overrides, field):
    response = client.post(url("request_create", org_a), _form(**overrides))

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    with scopes_disabled():
        assert not DataSubjectRequest.objects.exists()


def test_edit_moves_the_due_date_with_the_time_of_receipt(org_a, client):
    data_request = make_request(org_a)
    response = client.get(url("request_edit", org_a, data_request))
    assert response.status_code == 200

    response = client.post(
        url("request_edit", org_a, data_request),
        _form(received_at_0="28/02/2569", received_at_1="08:00", status="in_progress"),
    )

    assert response.status_code == 302
    data_request = reload(data_request)
    assert data_request.due_on == dt.date(2026, 3, 30)
    assert data_request.status == RequestStatus.IN_PROGRESS
    assert data_request.identity_verified


def test_edit_cannot_finish_a_request(org_a, client):
    data_request = make_request(org_a)
    response = client.post(url("request_edit", org_a, data_request), _form(status="completed"))

    assert response.status_code == 200
    assert response.context["form"].errors["status"]
    assert reload(data_request).status == RequestStatus.RECEIVED


def test_a_finished_request_cannot_be_edited_or_finished_again(org_a, client):
    data_request = make_request(org_a, identity_verified=True, verification_note="บัตร")
    with scope(organization=org_a):
        services.complete_request(data_request, by=None, outcome="ตอบแล้ว")

    for name in ("request_edit", "request_complete"):
        response = client.post(url(name, org_a, data_request), _form(outcome="อีกครั้ง"))
        assert response.status_code == 302
        assert response["Location"] == url("request_detail", org_a, data_request)
    finished = reload(data_request)
    assert finished.outcome == "ตอบแล้ว"
    assert finished.subject_name == NAME


# --- what we hold ----------------------------------------------------------------------------


def test_the_page_shows_every_record_found_with_its_purpose_notice_and_consents(org_a, client):
    case = complainant_case(org_a, lawful_basis="consent")
    consent_for(case)
    representative = representative_of(org_a)
    unrelated = complainant_case(
        org_a, complainant_name="นายอื่น", complainant_email="other@example.com", complainant_phone=""
    )
    data_request = make_request(org_a)

    response = client.get(url("request_detail", org_a, data_request))

    assert response.status_code == 200
    held = {item.key: item for item in response.context["held"]}
    case_key = f"complaints.complaintcase:{case.pk}"
    representative_key = f"stakeholders.representative:{representative.pk}"
    assert set(held) == {case_key, representative_key}
    assert f"complaints.complaintcase:{unrelated.pk}" not in held
    assert held[case_key].activity.lawful_basis == "consent"
    assert len(held[case_key].consents) == 1
    html = response.content.decode()
    assert f'value="{case_key}"' in html
    assert f'value="{representative_key}"' in html
    assert reverse("complaints:case_detail", args=[org_a.slug, case.pk]) in html
    assert 'data-testid="consent"' in html


def test_finding_never_returns_another_organizations_records(org_a, org_b, client):
    complainant_case(org_b)
    representative_of(org_b)
    data_request = make_request(org_a)

    with scope(organization=org_a):
        assert services.find_person(PersonQuery(NAME, PHONE, EMAIL)) == []
    response = client.get(url("request_detail", org_a, data_request))
    assert response.context["held"] == []
    assert 'data-testid="nothing-held"' in response.content.decode()


# --- the export ------------------------------------------------------------------------------


def test_export_gives_the_personal_data_and_consents_as_json_and_logs_it(
    org_a, client, coordinator
):
    case = complainant_case(org_a, lawful_basis="consent")
    consent_for(case)
    representative = representative_of(org_a)
    data_request = make_request(org_a, identity_verified=True, verification_note="บัตรประชาชน")

    response = client.post(url("request_export", org_a, data_request))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{data_request.reference}-personal-data.json"'
    )
    export = json.loads(response.content)
    assert export["request"] == data_request.reference
    records = {(row["type"], row["id"]): row for row in export["records"]}
    assert set(records) == {
        (str(ComplaintCase._meta.verbose_name), case.pk),
        (str(Representative._meta.verbose_name), representative.pk),
    }
    case_row = records[(str(ComplaintCase._meta.verbose_name), case.pk)]
    assert case_row["personal_data"]["complainant_name"] == NAME
    assert case_row["personal_data"]["complainant_email"] == EMAIL
    assert case_row["lawful_basis"] == "consent"
    assert [c["channel"] for c in case_row["consents"]] == ["web_form"]
    rep_row = records[(str(Representative._meta.verbose_name), representative.pk)]
    assert rep_row["personal_data"]["email"] == EMAIL
    with scopes_disabled():
        logged = PersonalDataAccess.objects.get(organization=org_a)
    assert logged.kind == AccessKind.EXPORT
    assert logged.user == coordinator
    assert logged.what.startswith(data_request.reference)
    assert logged.path == url("request_export", org_a, data_request)


def test_export_of_selected_records_only(org_a, client):
    case = complainant_case(org_a)
    representative_of(org_a)
    data_request = make_request(org_a, identity_verified=True, verification_note="บัตร")

    response = client.post(
        url("request_export", org_a, data_request),
        {"records": [f"complaints.complaintcase:{case.pk}"]},
    )

    assert [row["id"] for row in json.loads(response.content)["records"]] == [case.pk]


def test_export_needs_a_verified_identity(org_a, client):
    complainant_case(org_a)
    data_request = make_request(org_a)

    response = client.post(url("request_export", org_a, data_request))

    assert response.status_code == 302
    assert response["Location"] == url("request_detail", org_a, data_request)
    with scopes_disabled():
        assert not PersonalDataAccess.objects.exists()


def test_export_is_post_only(org_a, client):
    data_request = make_request(org_a, identity_verified=True, verification_note="บัตร")
    assert client.get(url("request_export", org_a, data_request)).status_code == 405


# --- finishing a request ---------------------------------------------------------------------


def test_completing_an_access_request_records_the_answer_and_the_records(
    org_a, client, coordinator
):
    case = complainant_case(org_a)
    data_request = make_request(org_a, identity_verified=True, verification_note="บัตร")
    response = client.get(url("request_complete", org_a, data_request))
    assert response.status_code == 200
    key = f"complaints.complaintcase:{case.pk}"
    assert response.context["form"]["records"].initial == [key]

    response = client.post(
        url("request_complete", org_a, data_request),
        {"outcome": "ส่งสำเนาข้อมูลทางอีเมลแล้ว", "records": [key]},
    )

    assert response.status_code == 302
    finished = reload(data_request)
    assert finished.status == RequestStatus.COMPLETED
    assert finished.handler == coordinator
    assert finished.outcome == "ส่งสำเนาข้อมูลทางอีเมลแล้ว"
    assert [(row["model"], row["id"]) for row in finished.records] == [
        ("complaints.complaintcase", case.pk)
    ]
    assert case.reference in finished.records[0]["record"]
    assert NAME not in json.dumps(finished.records, ensure_ascii=False)
    page = client.get(url("request_detail", org_a, data_request))
    html = page.content.decode()
    assert 'data-testid="records-concerned"' in html
    assert 'data-status="met"' in html
    assert 'data-testid="what-we-hold"' not in html
    # The case is untouched by an access request.
    with scopes_disabled():
        assert ComplaintCase.objects.get(pk=case.pk).complainant_name == NAME


@pytest.mark.parametrize(
    ("data", "verified", "field"),
    [
        ({"outcome": "  "}, True, "outcome"),
        ({"outcome": "ตอบแล้ว"}, False, None),
        ({"outcome": "ปฏิเสธ", "refused": "on"}, True, "refusal_reason"),
    ],
)
def test_completion_errors_change_nothing(org_a, client, data, verified, field):
    complainant_case(org_a)
    extra = {"identity_verified": True, "verification_note": "บัตร"} if verified else {}
    data_request = make_request(org_a, **extra)

    response = client.post(url("request_complete", org_a, data_request), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] if field else form.non_field_errors()
    unchanged = reload(data_request)
    assert unchanged.status == RequestStatus.RECEIVED
    assert unchanged.outcome == ""
    assert unchanged.completed_at is None


def test_refusing_with_a_reason_erases_nothing(org_a, client):
    case = complainant_case(org_a)
    data_request = make_request(org_a, kind=RequestKind.ERASURE)
    key = f"complaints.complaintcase:{case.pk}"

    response = client.post(
        url("request_complete", org_a, data_request),
        {
            "outcome": "แจ้งผู้ขอทางอีเมล",
            "records": [key],
            "refused": "on",
            "refusal_reason": "ไม่สามารถยืนยันตัวตนได้",
        },
    )

    assert response.status_code == 302
    refused = reload(data_request)
    assert refused.status == RequestStatus.REFUSED
    assert "ไม่สามารถยืนยันตัวตนได้" in refused.outcome
    with scopes_disabled():
        assert ComplaintCase.objects.get(pk=case.pk).complainant_name == NAME


# --- erasure ---------------------------------------------------------------------------------


def _kpis(organization, now):
    with scope(organization=organization):
        query = kpis.query_from({}, organization=organization)
        by_channel = kpis.KpiQuery(fiscal_year=query.fiscal_year, by=kpis.CHANNEL)
        return [kpis.kpi_report(q, organization=organization, now=now) for q in (query, by_channel)]


def test_erasure_anonymizes_the_chosen_records_only_and_keeps_every_kpi(org_a, client):
    erased_case = closed_case(org_a, **{
        "complainant_name": NAME, "complainant_phone": PHONE, "complainant_email": EMAIL,
        "complainant_address": "99 ถนนพหลโยธิน", "lawful_basis": "public_task",
        "remedy_sought": "ขอคืนเงิน",
    })  # fmt: skip
    kept_case = complainant_case(org_a)
    representative = representative_of(org_a)
    other = complainant_case(
        org_a, complainant_name="นายอื่น", complainant_email="x@example.com", complainant_phone=""
    )
    now = timezone.now()
    before = _kpis(org_a, now)
    data_request = make_request(
        org_a, kind=RequestKind.ERASURE, identity_verified=True, verification_note="บัตร"
    )
    chosen = [
        f"complaints.complaintcase:{erased_case.pk}",
        f"stakeholders.representative:{representative.pk}",
    ]
    page = client.get(url("request_complete", org_a, data_request))
    assert 'data-testid="erasure-warning"' in page.content.decode()
    assert page.context["form"]["records"].initial in (None, [])

    # Without the confirmation nothing is erased.
    refused = client.post(
        url("request_complete", org_a, data_request), {"outcome": "ลบแล้ว", "records": chosen}
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors["confirm_erasure"]
    with scopes_disabled():
        assert ComplaintCase.objects.get(pk=erased_case.pk).complainant_name == NAME

    response = client.post(
        url("request_complete", org_a, data_request),
        {"outcome": "ลบข้อมูลแล้ว แจ้งทางอีเมล", "records": chosen, "confirm_erasure": "on"},
    )

    assert response.status_code == 302
    assert reload(data_request).status == RequestStatus.COMPLETED
    with scopes_disabled():
        erased = ComplaintCase.objects.get(pk=erased_case.pk)
        assert erased.personal_data_erased_at is not None
        assert (erased.complainant_name, erased.complainant_phone, erased.complainant_email) == (
            "",
            "",
            "",
        )
        assert erased.description == ERASED_TEXT
        assert erased.remedy_sought == ""
        assert erased.subject == erased_case.subject  # not personal data
        rep = Representative.objects.get(pk=representative.pk)
        assert (rep.name, rep.email, rep.phone) == (ERASED_NAME, "", "")
        # The records not chosen keep their data.
        assert ComplaintCase.objects.get(pk=kept_case.pk).complainant_email == EMAIL
        assert ComplaintCase.objects.get(pk=other.pk).complainant_name == "นายอื่น"
        # History keeps a row for the erasure, and no row keeps the erased values.
        history = ComplaintCase.history.filter(id=erased_case.pk)
        assert history.count() > 1
        for row in history.values(
            "complainant_name", "complainant_phone", "complainant_email", "complainant_address",
            "description", "remedy_sought",
        ):  # fmt: skip
            assert NAME not in str(row.values())
            assert EMAIL not in str(row.values())
            assert PHONE not in str(row.values())
            assert "ขอคืนเงิน" not in str(row.values())
        for row in Representative.history.filter(id=representative.pk).values("name", "email"):
            assert EMAIL not in str(row.values())
        assert not ComplaintCase.history.filter(
            id=erased_case.pk, complainant_name__contains="สมศรี"
        ).exists()
    # Statistics are untouched.
    assert _kpis(org_a, now) == before
    assert before[0].total.figures.volume == 3
    # Searching again no longer finds the erased records.
    with scope(organization=org_a):
        keys = {item.key for item in services.find_person(PersonQuery(NAME, PHONE, EMAIL))}
    assert keys == {f"complaints.complaintcase:{kept_case.pk}"}


# --- roles and tenancy -----------------------------------------------------------------------


ROUTES = ["request_list", "request_create", "request_detail", "request_edit", "request_complete"]


@pytest.mark.parametrize("role", NON_COORDINATORS)
def test_only_the_coordinator_reaches_the_request_pages(org_a, member_factory, client_for, role):
    complainant_case(org_a)
    data_request = make_request(org_a, identity_verified=True, verification_note="บัตร")
    client = client_for(member_factory(org_a, role))

    for name in ROUTES:
        target = data_request if name not in ("request_list", "request_create") else None
        assert client.get(url(name, org_a, target)).status_code == 403, name
        if name not in ("request_list", "request_detail"):  # pages that only answer GET
            response = client.post(url(name, org_a, target), _form(outcome="x"))
            assert response.status_code == 403, name
    assert client.post(url("request_export", org_a, data_request)).status_code == 403
    assert reload(data_request).status == RequestStatus.RECEIVED
    with scopes_disabled():
        assert not PersonalDataAccess.objects.exists()
        assert DataSubjectRequest.objects.count() == 1


def test_another_organizations_request_is_not_found(org_a, org_b, client):
    theirs = make_request(org_b, identity_verified=True, verification_note="บัตร")

    for name in ("request_detail", "request_edit", "request_complete"):
        assert client.get(url(name, org_a, theirs)).status_code == 404, name
    assert client.post(url("request_export", org_a, theirs)).status_code == 404
    assert client.post(url("request_complete", org_a, theirs), {"outcome": "x"}).status_code == 404
    assert reload(theirs).status == RequestStatus.RECEIVED


def test_the_register_lists_only_the_organizations_own_requests(org_a, org_b, client):
    mine = make_request(org_a)
    make_request(org_b)

    response = client.get(url("request_list", org_a))

    assert [row.pk for row in response.context["requests"]] == [mine.pk]
    assert response.context["counts"]["open"] == 1


def test_posted_keys_of_another_organizations_records_are_ignored(org_a, org_b, client):
    mine = complainant_case(org_a)
    theirs = complainant_case(org_b)
    data_request = make_request(
        org_a, kind=RequestKind.ERASURE, identity_verified=True, verification_note="บัตร"
    )

    response = client.post(
        url("request_complete", org_a, data_request),
        {
            "outcome": "ลบแล้ว",
            "records": [f"complaints.complaintcase:{theirs.pk}"],
            "confirm_erasure": "on",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["records"]
    assert reload(data_request).status == RequestStatus.RECEIVED

    with scopes_disabled():
        assert ComplaintCase.objects.get(pk=theirs.pk).complainant_name == NAME
        assert ComplaintCase.objects.get(pk=mine.pk).complainant_name == NAME
