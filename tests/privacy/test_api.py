"""The privacy API: every endpoint's roles, tenancy, validation, clocks and the export."""

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from complaints.models import ComplaintCase
from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy.models import (
    AccessKind,
    BreachIncident,
    DataModule,
    DataSubjectRequest,
    PersonalDataAccess,
    PrivacyNotice,
    ProcessingActivity,
    RequestStatus,
    RetentionRun,
)
from seam_scm.tenancy.roles import Role
from stakeholders.models import Representative

from ..complaints.factories import closed_case, make_case
from ..stakeholders.factories import make_stakeholder
from .route_builders_api import (
    make_access,
    make_activity,
    make_breach,
    make_notice,
    make_request,
    make_run,
)
from .route_builders_requests import SUBJECT

OTHERS = [Role.EDITOR, Role.SECRETARY, Role.ASSESSOR, Role.VIEWER]
# The data subject of make_request (route_builders_requests.SUBJECT).
EMAIL = SUBJECT["subject_email"]
COMPLAINANT = {
    "complainant_name": SUBJECT["subject_name"],
    "complainant_phone": SUBJECT["subject_phone"],
    "complainant_email": EMAIL,
    "lawful_basis": LawfulBasis.PUBLIC_TASK,
}


def url(org, path: str) -> str:
    return f"/api/v1/orgs/{org.slug}/privacy/{path}"


@pytest.fixture
def coordinator(org_a, member_factory, api_client_for):
    """A coordinator working in English, so that messages compare with the source text."""
    user = member_factory(org_a, Role.COORDINATOR)
    user.language = "en"
    user.save()
    return api_client_for(user)


@pytest.fixture
def as_role(org_a, member_factory, api_client_for):
    return lambda role: api_client_for(member_factory(org_a, role))


# --- the record of processing ----------------------------------------------------------------

ACTIVITY = {
    "purpose": "การสำรวจความพึงพอใจ",
    "purpose_en": "Satisfaction surveys",
    "data_categories": "ชื่อ อีเมล",
    "subject_categories": "ลูกค้า",
    "lawful_basis": LawfulBasis.CONSENT,
    "retention_months": 18,
    "modules": [DataModule.CUSTOMERS],
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", OTHERS)
def test_every_member_reads_the_record_of_processing_but_only_the_coordinator_writes(
    role, org_a, as_role
):
    client = as_role(role)
    listed = client.get(url(org_a, "processing-activities/"))
    assert listed.status_code == 200
    assert listed.json()["count"] >= 2
    one = listed.json()["results"][0]["id"]
    assert client.get(url(org_a, f"processing-activities/{one}/")).status_code == 200
    assert client.post(url(org_a, "processing-activities/"), ACTIVITY).status_code == 403
    patch = client.patch(url(org_a, f"processing-activities/{one}/"), {"is_active": False})
    assert patch.status_code == 403


@pytest.mark.django_db
def test_the_coordinator_adds_and_changes_a_purpose(org_a, coordinator):
    response = coordinator.post(url(org_a, "processing-activities/"), ACTIVITY, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["modules"] == ["customers"] and data["order"] > 0
    assert data["lawful_basis_label"]
    changed = coordinator.patch(
        url(org_a, f"processing-activities/{data['id']}/"),
        {"retention_months": 24, "is_active": False},
        format="json",
    )
    assert changed.status_code == 200
    with scopes_disabled():
        activity = ProcessingActivity.objects.get(pk=data["id"])
    assert (activity.retention_months, activity.is_active) == (24, False)


@pytest.mark.django_db
def test_a_purpose_needs_modules_and_a_retention_period(org_a, coordinator, english):
    before = _count(ProcessingActivity)
    no_modules = coordinator.post(
        url(org_a, "processing-activities/"), {**ACTIVITY, "modules": []}, format="json"
    )
    assert no_modules.status_code == 400 and "modules" in no_modules.json()
    no_months = coordinator.post(
        url(org_a, "processing-activities/"), {**ACTIVITY, "retention_months": 0}, format="json"
    )
    assert no_months.status_code == 400
    assert "retention period" in str(no_months.json()["retention_months"])
    assert _count(ProcessingActivity) == before


@pytest.mark.django_db
def test_a_purpose_of_another_organization_is_404(org_a, org_b, coordinator):
    theirs = make_activity(org_b)
    assert coordinator.get(url(org_a, f"processing-activities/{theirs.pk}/")).status_code == 404
    patch = coordinator.patch(url(org_a, f"processing-activities/{theirs.pk}/"), {"order": 1})
    assert patch.status_code == 404


# --- privacy notices -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_coordinator_writes_drafts_and_publishes_them(org_a, coordinator, english):
    created = coordinator.post(
        url(org_a, "privacy-notices/"), {"body_th": "ประกาศ", "body_en": "Notice"}
    )
    assert created.status_code == 201
    draft = created.json()
    assert draft["version"] == 1 and draft["is_published"] is False
    second = coordinator.post(
        url(org_a, "privacy-notices/"), {"body_th": "ฉบับสอง", "body_en": "Second"}
    ).json()
    assert second["version"] == 2

    edited = coordinator.patch(url(org_a, f"privacy-notices/{draft['id']}/"), {"body_en": "New"})
    assert edited.status_code == 200 and edited.json()["body_en"] == "New"
    published = coordinator.post(url(org_a, f"privacy-notices/{second['id']}/publish/"))
    assert published.status_code == 200
    assert published.json()["is_published"] and published.json()["published_by_name"]

    frozen = coordinator.patch(url(org_a, f"privacy-notices/{second['id']}/"), {"body_th": "x"})
    assert frozen.status_code == 400
    assert "published notice cannot change" in str(frozen.json())
    again = coordinator.post(url(org_a, f"privacy-notices/{second['id']}/publish/"))
    assert again.status_code == 400
    with scopes_disabled():
        assert PrivacyNotice.objects.get(pk=second["id"]).body_th == "ฉบับสอง"


@pytest.mark.django_db
def test_a_notice_needs_its_thai_text(org_a, coordinator):
    response = coordinator.post(url(org_a, "privacy-notices/"), {"body_en": "Notice"})
    assert response.status_code == 400 and "body_th" in response.json()
    assert _count(PrivacyNotice) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("role", OTHERS)
def test_members_read_notices_but_only_the_coordinator_writes(role, org_a, as_role):
    notice = make_notice(org_a)
    client = as_role(role)
    assert client.get(url(org_a, "privacy-notices/")).json()["count"] == 1
    assert client.get(url(org_a, f"privacy-notices/{notice.pk}/")).status_code == 200
    assert client.post(url(org_a, "privacy-notices/"), {"body_th": "x"}).status_code == 403
    assert client.post(url(org_a, f"privacy-notices/{notice.pk}/publish/")).status_code == 403
    with scopes_disabled():
        assert not PrivacyNotice.objects.get(pk=notice.pk).is_published


@pytest.mark.django_db
def test_a_notice_of_another_organization_is_404(org_a, org_b, coordinator):
    theirs = make_notice(org_b)
    assert coordinator.get(url(org_a, f"privacy-notices/{theirs.pk}/")).status_code == 404
    assert coordinator.post(url(org_a, f"privacy-notices/{theirs.pk}/publish/")).status_code == 404


# --- data subject requests -------------------------------------------------------------------


@pytest.mark.django_db
def test_registering_a_request_gives_its_due_date_and_clock(org_a, coordinator):
    received = timezone.now() - dt.timedelta(days=2)
    response = coordinator.post(
        url(org_a, "data-subject-requests/"),
        {
            "kind": "access",
            "subject_name": "นายมานะ ขยันยิ่ง",
            "subject_email": EMAIL,
            "received_at": received.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["reference"].startswith(f"DSR{timezone.localdate().year + 543}-")
    due = timezone.localdate(received) + dt.timedelta(days=30)
    assert data["due_on"] == due.isoformat()
    assert data["clock"]["status"] == "open" and data["clock"]["is_alarming"] is False
    assert data["status"] == "received"


@pytest.mark.django_db
def test_an_overdue_request_shows_it(org_a, coordinator):
    request = make_request(org_a, received_at=timezone.now() - dt.timedelta(days=31))
    data = coordinator.get(url(org_a, f"data-subject-requests/{request.pk}/")).json()
    assert data["clock"]["status"] == "overdue" and data["clock"]["is_alarming"]


@pytest.mark.django_db
def test_a_request_is_refused_without_a_name_or_received_in_the_future(org_a, coordinator, english):
    future = coordinator.post(
        url(org_a, "data-subject-requests/"),
        {
            "kind": "erasure",
            "subject_name": "ก",
            "received_at": (timezone.now() + dt.timedelta(days=1)).isoformat(),
        },
        format="json",
    )
    assert future.status_code == 400
    assert future.json()["received_at"] == ["The request cannot be received in the future."]
    nameless = coordinator.post(url(org_a, "data-subject-requests/"), {"kind": "erasure"})
    assert nameless.status_code == 400 and "subject_name" in nameless.json()
    bad_kind = coordinator.post(
        url(org_a, "data-subject-requests/"), {"kind": "nonsense", "subject_name": "ก"}
    )
    assert bad_kind.status_code == 400 and "kind" in bad_kind.json()
    assert _count(DataSubjectRequest) == 0


@pytest.mark.django_db
def test_the_register_filters_by_status_and_kind(org_a, coordinator):
    access = make_request(org_a)
    erasure = make_request(org_a, kind="erasure")
    with scopes_disabled():
        DataSubjectRequest.objects.filter(pk=erasure.pk).update(status=RequestStatus.IN_PROGRESS)

    def ids(query: str) -> set[int]:
        response = coordinator.get(url(org_a, f"data-subject-requests/{query}"))
        return {row["id"] for row in response.json()["results"]}

    assert ids("") == {access.pk, erasure.pk}
    assert ids("?kind=erasure") == {erasure.pk}
    assert ids("?status=received") == {access.pk}
    assert coordinator.get(url(org_a, "data-subject-requests/?status=x")).status_code == 400


@pytest.mark.django_db
def test_verifying_identity_and_moving_the_request_on(org_a, coordinator, english):
    request = make_request(org_a)
    response = coordinator.patch(
        url(org_a, f"data-subject-requests/{request.pk}/"),
        {"identity_verified": True, "verification_note": "บัตรประชาชน", "status": "in_progress"},
        format="json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["identity_verified"] and data["status"] == "in_progress"
    assert data["handler_name"]

    finishing = coordinator.patch(
        url(org_a, f"data-subject-requests/{request.pk}/"), {"status": "completed"}
    )
    assert finishing.status_code == 400 and "status" in finishing.json()
    # The subject's name is not what is changed here.
    coordinator.patch(url(org_a, f"data-subject-requests/{request.pk}/"), {"subject_name": "x"})
    with scopes_disabled():
        assert DataSubjectRequest.objects.get(pk=request.pk).subject_name == request.subject_name


@pytest.fixture
def held(org_a, org_b):
    """A complainant's case and a representative with the same e-mail; the same person in
    another organization."""
    case = make_case(org_a, **COMPLAINANT)
    stakeholder = make_stakeholder(
        org_a, representatives=[{"name": SUBJECT["subject_name"], "email": EMAIL}]
    )
    make_case(org_b, **COMPLAINANT)
    with scopes_disabled():
        representative = Representative.objects.get(stakeholder=stakeholder)
    return case, representative


@pytest.mark.django_db
def test_found_lists_the_records_held_about_the_subject(org_a, coordinator, held):
    case, representative = held
    request = make_request(org_a)
    response = coordinator.get(url(org_a, f"data-subject-requests/{request.pk}/found/"))
    assert response.status_code == 200
    rows = {(row["model"], row["id"]): row for row in response.json()}
    assert set(rows) == {
        ("complaints.complaintcase", case.pk),
        ("stakeholders.representative", representative.pk),
    }
    row = rows[("complaints.complaintcase", case.pk)]
    assert row["key"] == f"complaints.complaintcase:{case.pk}"
    assert row["lawful_basis"] == LawfulBasis.PUBLIC_TASK and row["purpose"]
    assert case.reference in row["record"]
    assert EMAIL not in str(response.json())


@pytest.mark.django_db
def test_the_export_needs_a_verified_identity(org_a, coordinator, held):
    request = make_request(org_a)
    response = coordinator.get(url(org_a, f"data-subject-requests/{request.pk}/export/"))
    assert response.status_code == 400
    assert _count(PersonalDataAccess) == 0


@pytest.mark.django_db
def test_the_export_gives_the_data_and_is_logged(org_a, coordinator, held):
    case, _representative = held
    request = make_request(org_a, identity_verified=True, verification_note="บัตรประชาชน")
    response = coordinator.get(url(org_a, f"data-subject-requests/{request.pk}/export/"))

    assert response.status_code == 200
    assert f"{request.reference}-personal-data.json" in response["Content-Disposition"]
    export = response.json()
    assert export["format"] == "seam-scm/personal-data-export/1"
    assert export["request"] == request.reference
    by_type = {record["module"]: record for record in export["records"]}
    assert set(by_type) == {"complaints", "stakeholders"}
    complaint = by_type["complaints"]
    assert complaint["personal_data"]["complainant_email"] == EMAIL
    assert complaint["personal_data"]["complainant_phone"] == COMPLAINANT["complainant_phone"]
    assert complaint["lawful_basis"] == LawfulBasis.PUBLIC_TASK
    assert complaint["context"]["reference"] == case.reference
    with scopes_disabled():
        entry = PersonalDataAccess.objects.get()
    assert entry.kind == AccessKind.EXPORT and entry.role == Role.COORDINATOR
    assert request.reference in entry.what

    only = coordinator.get(
        url(org_a, f"data-subject-requests/{request.pk}/export/"),
        {"keys": f"complaints.complaintcase:{case.pk}"},
    )
    assert [record["id"] for record in only.json()["records"]] == [case.pk]
    unknown = coordinator.get(
        url(org_a, f"data-subject-requests/{request.pk}/export/"), {"keys": "nope:1"}
    )
    assert unknown.status_code == 400 and "keys" in unknown.json()


@pytest.mark.django_db
def test_completing_an_erasure_request_anonymizes_the_chosen_records(
    org_a, coordinator, held, english
):
    case, representative = held
    request = make_request(org_a, kind="erasure", identity_verified=True)
    complete = url(org_a, f"data-subject-requests/{request.pk}/complete/")

    empty = coordinator.post(complete, {"outcome": " "}, format="json")
    assert empty.status_code == 400 and "outcome" in empty.json()
    unknown = coordinator.post(
        complete, {"outcome": "ลบแล้ว", "records": ["stakeholders.representative:999999"]}
    )
    assert unknown.status_code == 400 and "records" in unknown.json()

    response = coordinator.post(
        complete,
        {"outcome": "ลบข้อมูลแล้ว", "records": [f"complaints.complaintcase:{case.pk}"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == "completed" and data["clock"]["status"] == "met"
    assert data["records"] == [
        {"model": "complaints.complaintcase", "id": case.pk, "record": data["records"][0]["record"]}
    ]
    with scopes_disabled():
        erased = ComplaintCase.objects.get(pk=case.pk)
        kept = Representative.objects.get(pk=representative.pk)
    assert erased.complainant_email == "" and erased.personal_data_erased_at
    assert kept.email == EMAIL

    again = coordinator.post(complete, {"outcome": "อีกครั้ง"}, format="json")
    assert again.status_code == 400


@pytest.mark.django_db
def test_answering_needs_a_verified_identity_but_refusing_does_not(org_a, coordinator, english):
    request = make_request(org_a)
    complete = url(org_a, f"data-subject-requests/{request.pk}/complete/")
    answered = coordinator.post(complete, {"outcome": "ส่งข้อมูลแล้ว"}, format="json")
    assert answered.status_code == 400
    assert "Verify the data subject's identity" in str(answered.json())
    refused = coordinator.post(
        complete, {"outcome": "ยืนยันตัวตนไม่ได้", "refused": True}, format="json"
    )
    assert refused.status_code == 200 and refused.json()["status"] == "refused"


@pytest.mark.django_db
@pytest.mark.parametrize("role", OTHERS)
def test_requests_are_the_coordinators_alone(role, org_a, as_role, held):
    request = make_request(org_a, identity_verified=True)
    client = as_role(role)
    base = url(org_a, "data-subject-requests/")
    assert client.get(base).status_code == 403
    assert client.post(base, {"kind": "access", "subject_name": "ก"}).status_code == 403
    for action in ("", "found/", "export/"):
        assert client.get(f"{base}{request.pk}/{action}").status_code == 403
    assert client.patch(f"{base}{request.pk}/", {"details": "x"}).status_code == 403
    complete = client.post(f"{base}{request.pk}/complete/", {"outcome": "x"})
    assert complete.status_code == 403
    assert _count(PersonalDataAccess) == 0


@pytest.mark.django_db
def test_a_request_of_another_organization_is_404(org_a, org_b, coordinator):
    theirs = make_request(org_b, identity_verified=True)
    base = url(org_a, f"data-subject-requests/{theirs.pk}/")
    for action in ("", "found/", "export/"):
        assert coordinator.get(f"{base}{action}").status_code == 404
    assert coordinator.patch(base, {"details": "x"}).status_code == 404
    assert coordinator.post(f"{base}complete/", {"outcome": "x"}).status_code == 404


# --- breaches --------------------------------------------------------------------------------


def _breach(**fields) -> dict:
    return {
        "title": "ส่งอีเมลผิดผู้รับ",
        "description": "ส่งรายชื่อผู้ร้องเรียนไปยังผู้รับผิดคน",
        "discovered_at": (timezone.now() - dt.timedelta(hours=5)).isoformat(),
        "risk": "risk",
        "risk_assessment": "ข้อมูลติดต่อของผู้ร้องเรียน 3 ราย",
        **fields,
    }


@pytest.mark.django_db
def test_recording_a_breach_gives_its_reference_deadline_and_clock(org_a, coordinator):
    response = coordinator.post(url(org_a, "breaches/"), _breach(), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["reference"] == f"BR{timezone.localdate().year + 543}-0001"
    assert data["clock"]["status"] == "open"
    assert data["regulator_deadline"]

    notified = coordinator.patch(
        url(org_a, f"breaches/{data['id']}/"),
        {"regulator_notified_at": timezone.now().isoformat(), "notifications": "สคส. ทางอีเมล"},
        format="json",
    )
    assert notified.status_code == 200, notified.json()
    assert notified.json()["clock"]["status"] == "met"


@pytest.mark.django_db
def test_an_overdue_breach_shows_it(org_a, coordinator):
    incident = make_breach(org_a, discovered_at=timezone.now() - dt.timedelta(hours=80))
    data = coordinator.get(url(org_a, f"breaches/{incident.pk}/")).json()
    assert data["clock"]["status"] == "overdue" and data["clock"]["is_alarming"]


@pytest.mark.django_db
def test_a_breach_follows_the_registers_rules(org_a, coordinator, english):
    discovered = timezone.now() - dt.timedelta(hours=5)
    response = coordinator.post(
        url(org_a, "breaches/"),
        _breach(occurred_at=(discovered + dt.timedelta(hours=1)).isoformat()),
        format="json",
    )
    assert response.status_code == 400
    assert "occurred after it was discovered" in str(response.json()["occurred_at"])
    late = coordinator.post(
        url(org_a, "breaches/"),
        _breach(
            discovered_at=(timezone.now() - dt.timedelta(hours=100)).isoformat(),
            regulator_notified_at=timezone.now().isoformat(),
        ),
        format="json",
    )
    assert late.status_code == 400 and "late_notification_reason" in late.json()
    unassessed = coordinator.post(url(org_a, "breaches/"), _breach(risk_assessment=" "))
    assert unassessed.status_code == 400 and "risk_assessment" in unassessed.json()
    assert _count(BreachIncident) == 0

    incident = make_breach(org_a)
    closing = coordinator.patch(
        url(org_a, f"breaches/{incident.pk}/"),
        {"closed_at": timezone.now().isoformat()},
        format="json",
    )
    assert closing.status_code == 400 and "Notify the regulator" in str(closing.json())
    with scopes_disabled():
        assert BreachIncident.objects.get(pk=incident.pk).closed_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("role", OTHERS)
def test_breaches_are_the_coordinators_alone(role, org_a, as_role):
    incident = make_breach(org_a)
    client = as_role(role)
    assert client.get(url(org_a, "breaches/")).status_code == 403
    assert client.get(url(org_a, f"breaches/{incident.pk}/")).status_code == 403
    assert client.post(url(org_a, "breaches/"), _breach(), format="json").status_code == 403
    assert client.patch(url(org_a, f"breaches/{incident.pk}/"), {"actions": "x"}).status_code == 403


@pytest.mark.django_db
def test_a_breach_of_another_organization_is_404(org_a, org_b, coordinator):
    theirs = make_breach(org_b)
    assert coordinator.get(url(org_a, f"breaches/{theirs.pk}/")).status_code == 404
    assert coordinator.patch(
        url(org_a, f"breaches/{theirs.pk}/"), {"actions": "x"}
    ).status_code == (404)


# --- the access log --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_access_log_filters_by_user_and_kind(org_a, org_b, coordinator, member_factory):
    editor = member_factory(org_a, Role.EDITOR)
    viewed = make_access(org_a, user=editor)
    exported = make_access(org_a, kind=AccessKind.EXPORT)
    make_access(org_b)

    def ids(query: str) -> set[int]:
        response = coordinator.get(url(org_a, f"personal-data-access/{query}"))
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids("") == {viewed.pk, exported.pk}
    assert ids(f"?user={editor.pk}") == {viewed.pk}
    assert ids("?kind=export") == {exported.pk}
    one = coordinator.get(url(org_a, f"personal-data-access/{viewed.pk}/")).json()
    assert one["user"] == editor.pk and one["kind"] == "view" and one["user_name"]
    assert coordinator.get(url(org_a, "personal-data-access/?kind=x")).status_code == 400
    assert coordinator.get(url(org_a, "personal-data-access/?user=x")).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("role", OTHERS)
def test_the_access_log_is_the_coordinators_alone(role, org_a, as_role):
    entry = make_access(org_a)
    client = as_role(role)
    assert client.get(url(org_a, "personal-data-access/")).status_code == 403
    assert client.get(url(org_a, f"personal-data-access/{entry.pk}/")).status_code == 403


@pytest.mark.django_db
def test_an_access_entry_of_another_organization_is_404(org_a, org_b, coordinator):
    theirs = make_access(org_b)
    assert coordinator.get(url(org_a, f"personal-data-access/{theirs.pk}/")).status_code == 404


# --- retention runs --------------------------------------------------------------------------


@pytest.fixture
def expired_case(org_a):
    case = closed_case(org_a, **COMPLAINANT)
    with scopes_disabled():
        ComplaintCase.objects.filter(pk=case.pk).update(
            closed_at=timezone.now() - dt.timedelta(days=6 * 365)
        )
    return case


def _erased(case) -> bool:
    with scopes_disabled():
        return ComplaintCase.objects.get(pk=case.pk).personal_data_erased_at is not None


@pytest.mark.django_db
def test_a_dry_run_through_the_api_changes_nothing(org_a, coordinator, expired_case):
    response = coordinator.post(url(org_a, "retention-runs/dry-run/"))
    assert response.status_code == 201
    data = response.json()
    assert data["dry_run"] and data["erased"] == 0 and data["requested_by_name"]
    assert data["report"][0]["records"][0]["id"] == expired_case.pk
    assert not _erased(expired_case)
    listed = coordinator.get(url(org_a, "retention-runs/")).json()
    assert [row["id"] for row in listed["results"]] == [data["id"]]
    assert coordinator.get(url(org_a, f"retention-runs/{data['id']}/")).status_code == 200


@pytest.mark.django_db
def test_a_run_through_the_api_needs_the_confirmation(org_a, coordinator, expired_case):
    refused = coordinator.post(url(org_a, "retention-runs/run/"), {}, format="json")
    assert refused.status_code == 400 and "confirm" in refused.json()
    unconfirmed = coordinator.post(
        url(org_a, "retention-runs/run/"), {"confirm": False}, format="json"
    )
    assert unconfirmed.status_code == 400
    assert not _erased(expired_case) and _count(RetentionRun) == 0

    response = coordinator.post(url(org_a, "retention-runs/run/"), {"confirm": True}, format="json")
    assert response.status_code == 201
    assert response.json()["erased"] == 1 and not response.json()["dry_run"]
    assert _erased(expired_case)


@pytest.mark.django_db
@pytest.mark.parametrize("role", OTHERS)
def test_retention_runs_are_the_coordinators_alone(role, org_a, as_role, expired_case):
    run = make_run(org_a)
    client = as_role(role)
    assert client.get(url(org_a, "retention-runs/")).status_code == 403
    assert client.get(url(org_a, f"retention-runs/{run.pk}/")).status_code == 403
    assert client.post(url(org_a, "retention-runs/dry-run/")).status_code == 403
    response = client.post(url(org_a, "retention-runs/run/"), {"confirm": True}, format="json")
    assert response.status_code == 403
    assert not _erased(expired_case)


@pytest.mark.django_db
def test_a_run_of_another_organization_is_404_and_not_listed(org_a, org_b, coordinator):
    theirs = make_run(org_b)
    assert coordinator.get(url(org_a, f"retention-runs/{theirs.pk}/")).status_code == 404
    assert coordinator.get(url(org_a, "retention-runs/")).json()["count"] == 0


@pytest.mark.django_db
def test_an_outsider_gets_404_on_every_privacy_endpoint(
    org_a, org_b, member_factory, api_client_for
):
    client = api_client_for(member_factory(org_b, Role.COORDINATOR))
    for path in (
        "processing-activities/",
        "privacy-notices/",
        "data-subject-requests/",
        "breaches/",
        "personal-data-access/",
        "retention-runs/",
    ):
        assert client.get(url(org_a, path)).status_code == 404
    assert client.post(url(org_a, "retention-runs/dry-run/")).status_code == 404


def _count(model) -> int:
    with scopes_disabled():
        return model.objects.count()
