"""The complaint case pages: recording a case (with and without a file), its page, changing its
details, its evidence files and the list; roles, personal data and other organizations' ids."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from complaints import policy_services
from complaints.models import CaseEvent, ComplaintCase, ComplaintChannel
from seam_scm.files import selectors as file_selectors
from seam_scm.files.models import Attachment
from seam_scm.privacy import services as privacy_services
from seam_scm.tenancy.roles import ROLE_MATRIX, Action, Role

from ..approvals.factories import pdf_upload
from ..customers.factories import approve_charter, charter_draft, make_standard
from ..factories import OrgUnitFactory
from .factories import approved_policy, category, channel, make_case, member, move

pytestmark = pytest.mark.django_db

COMPLAINANT = {
    "complainant_name": "นางสาวสมศรี ใจดีมาก",
    "complainant_phone": "0812345678",
    "complainant_email": "somsri.jaidee@example.com",
    "complainant_address": "99 ถนนพหลโยธิน",
    "lawful_basis": "public_task",
}
# The page forms choose the purpose of processing; its lawful basis follows.
CONTACTS = {name: value for name, value in COMPLAINANT.items() if name != "lawful_basis"}


def url(organization, suffix: str = "") -> str:
    return f"/o/{organization.slug}/complaints/cases/{suffix}"


def be_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year + 543}"


def received_fields(moment: dt.datetime) -> dict:
    local = timezone.localtime(moment)
    return {"received_at_0": be_date(local.date()), "received_at_1": local.strftime("%H:%M")}


def public_task_purpose(organization) -> int:
    """The complaints module's starter purpose (public task)."""
    with scope(organization=organization):
        return privacy_services.purpose_for_basis("complaints", "public_task").pk


def form_data(version, **overrides) -> dict:
    data = {
        **received_fields(timezone.now() - dt.timedelta(hours=2)),
        "channel": channel(version).pk,
        "category": category(version).pk,
        "severity": "medium",
        "subject": "น้ำประปาไม่ไหลทั้งซอย",
        "description": "ไม่มีน้ำใช้ตั้งแต่เช้า",
        "remedy_sought": "ขอให้ซ่อมโดยเร็ว",
        **CONTACTS,
        "processing_activity": public_task_purpose(version.organization),
        "note": "รับเรื่องทางเคาน์เตอร์",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def english(user):
    user.language = "en"
    user.save()
    return user


def cases_of(organization) -> list[ComplaintCase]:
    with scopes_disabled():
        return list(ComplaintCase.objects.filter(organization=organization))


def evidence_of(case) -> list[Attachment]:
    with scope(organization=case.organization):
        return list(file_selectors.attachments_of(case))


@pytest.fixture
def policy(org_a):
    return approved_policy(org_a)


@pytest.fixture
def editor(org_a):
    return english(member(org_a, Role.EDITOR))


# --- recording a case ----------------------------------------------------------------------


def test_editor_records_a_case_and_lands_on_its_page(org_a, policy, editor, client_for):
    client = client_for(editor)
    assert client.get(url(org_a, "new/")).status_code == 200
    response = client.post(url(org_a, "new/"), form_data(policy))
    [case] = cases_of(org_a)
    assert response.status_code == 302
    assert response["Location"] == url(org_a, f"{case.pk}/")
    year = timezone.localdate(case.received_at).year + 543
    assert case.reference == f"กอ-{year}-000001"
    assert (case.state, case.source, case.severity) == ("received", "staff", "medium")
    assert (case.complainant_name, case.lawful_basis) == ("นางสาวสมศรี ใจดีมาก", "public_task")
    assert case.received_at.second == 0
    with scopes_disabled():
        [event] = CaseEvent.objects.filter(case=case)
    assert (event.action, event.by, event.note) == ("receive", editor, "รับเรื่องทางเคาน์เตอร์")
    page = client.get(response["Location"]).content.decode()
    assert case.reference in page and "somsri.jaidee@example.com" in page


def test_a_file_given_with_the_complaint_becomes_its_evidence(org_a, policy, editor, client_for):
    data = {**form_data(policy), "file": pdf_upload("จดหมายร้องเรียน.pdf")}
    response = client_for(editor).post(url(org_a, "new/"), data)
    [case] = cases_of(org_a)
    assert response.status_code == 302
    [attachment] = evidence_of(case)
    assert attachment.title == f"Evidence of complaint {case.reference}"
    assert attachment.effective_date == timezone.localdate(case.received_at)
    page = client_for(editor).get(response["Location"]).content.decode()
    assert "จดหมายร้องเรียน.pdf" in page
    assert f"/o/{org_a.slug}/files/{attachment.pk}/download/" in page


def test_a_refused_file_leaves_no_case_and_no_number_used(org_a, policy, editor, client_for):
    empty = SimpleUploadedFile("ว่าง.pdf", b"", content_type="application/pdf")
    response = client_for(editor).post(url(org_a, "new/"), {**form_data(policy), "file": empty})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert cases_of(org_a) == []
    client_for(editor).post(url(org_a, "new/"), form_data(policy))
    assert cases_of(org_a)[0].reference.endswith("-000001")


def test_without_an_approved_policy_the_page_says_so(org_a, editor, client_for):
    client = client_for(editor)
    response = client.get(url(org_a, "new/"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="no-policy"' in body
    assert "has no approved version yet" in body
    assert f'href="/o/{org_a.slug}/complaints/policy/"' in body
    assert client.post(url(org_a, "new/"), {"subject": "x"}).status_code == 200
    assert cases_of(org_a) == []


def test_contacts_without_a_purpose_are_refused(org_a, policy, editor, client_for):
    data = form_data(policy, processing_activity="")
    response = client_for(editor).post(url(org_a, "new/"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["processing_activity"] == [
        "Choose the purpose of processing for keeping the complainant's contacts."
    ]
    assert cases_of(org_a) == []


def test_an_anonymous_complaint_keeps_no_contacts(org_a, policy, editor, client_for):
    data = form_data(policy, is_anonymous="on", processing_activity="")
    assert client_for(editor).post(url(org_a, "new/"), data).status_code == 302
    [case] = cases_of(org_a)
    assert case.is_anonymous
    assert (case.complainant_name, case.complainant_phone, case.lawful_basis) == ("", "", "")


def test_a_complaint_received_in_the_future_is_refused(org_a, policy, editor, client_for):
    tomorrow = received_fields(timezone.now() + dt.timedelta(days=1))
    response = client_for(editor).post(url(org_a, "new/"), {**form_data(policy), **tomorrow})
    assert response.context["form"].errors["received_at"] == ["This time is in the future."]
    assert cases_of(org_a) == []


def test_the_date_and_time_must_both_be_given(org_a, policy, editor, client_for):
    data = {**form_data(policy), "received_at_1": ""}
    response = client_for(editor).post(url(org_a, "new/"), data)
    assert response.context["form"].errors["received_at"] == ["Enter both the date and the time."]


def test_a_channel_not_in_use_cannot_receive_complaints(org_a, editor, client_for):
    by = member(org_a, Role.COORDINATOR)
    with scope(organization=org_a):
        document = policy_services.create_policy(organization=org_a, by=by)
        draft = document.versions.get()
        ComplaintChannel.objects.filter(version=draft, kind="letter").update(is_active=False)
    version = approved_policy(org_a, by=by)
    letter = channel(version, "letter")
    client = client_for(editor)
    choices = client.get(url(org_a, "new/")).context["form"].fields["channel"].queryset
    assert letter not in list(choices) and channel(version) in list(choices)
    response = client.post(url(org_a, "new/"), form_data(version, channel=letter.pk))
    assert "channel" in response.context["form"].errors
    assert cases_of(org_a) == []


def test_ids_of_another_organization_are_refused(org_a, org_b, policy, editor, client_for):
    theirs = approved_policy(org_b)
    their_unit = OrgUnitFactory(organization=org_b)
    their_handler = member(org_b, Role.EDITOR)
    data = form_data(
        policy,
        channel=channel(theirs).pk,
        category=category(theirs).pk,
        unit=their_unit.pk,
        handler=their_handler.pk,
    )
    response = client_for(editor).post(url(org_a, "new/"), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"channel", "category", "unit", "handler"}
    assert cases_of(org_a) == [] and cases_of(org_b) == []


def test_a_handler_must_be_a_member_who_may_edit(org_a, policy, editor, client_for):
    viewer = member(org_a, Role.VIEWER)
    response = client_for(editor).post(url(org_a, "new/"), form_data(policy, handler=viewer.pk))
    assert "handler" in response.context["form"].errors


def test_the_unit_and_handler_are_recorded(org_a, policy, editor, client_for):
    unit = OrgUnitFactory(organization=org_a)
    data = form_data(policy, unit=unit.pk, handler=editor.pk, severity="high")
    assert client_for(editor).post(url(org_a, "new/"), data).status_code == 302
    [case] = cases_of(org_a)
    assert (case.unit, case.handler, case.severity) == (unit, editor, "high")


def test_the_service_standard_comes_from_the_charter_in_force(
    org_a, org_b, policy, editor, client_for
):
    draft = charter_draft(org_a)
    standard = make_standard(org_a, version=draft)
    client = client_for(editor)
    assert (
        list(client.get(url(org_a, "new/")).context["form"].fields["service_standard"].queryset)
        == []
    )
    approve_charter(org_a, draft)
    choices = client.get(url(org_a, "new/")).context["form"].fields["service_standard"].queryset
    assert list(choices) == [standard]
    their_draft = charter_draft(org_b)
    theirs = make_standard(org_b, version=their_draft)
    approve_charter(org_b, their_draft)
    refused = client.post(url(org_a, "new/"), form_data(policy, service_standard=theirs.pk))
    assert "service_standard" in refused.context["form"].errors
    assert (
        client.post(url(org_a, "new/"), form_data(policy, service_standard=standard.pk)).status_code
        == 302
    )
    assert cases_of(org_a)[0].service_standard == standard


# --- the case page -------------------------------------------------------------------------


def test_the_case_page_shows_the_clocks_details_and_timeline(org_a, policy, editor, client_for):
    case = make_case(org_a, by=editor, note="โทรมาแจ้ง", **COMPLAINANT)
    move(case, "acknowledge", by=editor)
    response = client_for(editor).get(url(org_a, f"{case.pk}/"))
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        'data-testid="clock-acknowledgement"' in body and 'data-testid="clock-resolution"' in body
    )
    assert 'data-testid="sla-acknowledgement" data-status="met"' in body
    assert "โทรมาแจ้ง" in body and "Acknowledge" in body
    assert 'data-testid="move-assess"' in body and 'data-testid="move-acknowledge"' not in body
    assert COMPLAINANT["complainant_phone"] in body
    assert [e.action for e in response.context["events"]] == ["receive", "acknowledge"]


def test_a_repeat_complaint_links_both_ways(org_a, policy, editor, client_for):
    first = make_case(org_a, by=editor, received_at=timezone.now() - dt.timedelta(days=3),
                      **COMPLAINANT)  # fmt: skip
    second = make_case(org_a, by=editor, **COMPLAINANT)
    assert second.repeat_of == first
    client = client_for(editor)
    assert url(org_a, f"{first.pk}/") in client.get(url(org_a, f"{second.pk}/")).content.decode()
    assert url(org_a, f"{second.pk}/") in client.get(url(org_a, f"{first.pk}/")).content.decode()


def test_a_case_of_another_organization_is_not_found(org_a, org_b, editor, client_for):
    theirs = make_case(org_b)
    client = client_for(editor)
    for suffix in ("", "edit/", "acknowledge/", "attachments/new/"):
        assert client.get(url(org_a, f"{theirs.pk}/{suffix}")).status_code == 404


# --- roles and personal data ---------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR])
def test_viewers_and_assessors_read_cases_without_personal_data(role, org_a, policy, client_for):
    case = make_case(org_a, **COMPLAINANT)
    client = client_for(english(member(org_a, role)))
    for page in (url(org_a), url(org_a, f"{case.pk}/")):
        response = client.get(page)
        body = response.content.decode()
        assert response.status_code == 200
        assert case.reference in body
        for value in ("สมศรี", "0812345678", "somsri.jaidee", "พหลโยธิน"):
            assert value not in body
    detail = client.get(url(org_a, f"{case.pk}/")).content.decode()
    assert 'data-testid="personal-data-hidden"' in detail
    assert 'data-testid="attachments"' not in detail and 'data-testid="move-' not in detail


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.SECRETARY])
def test_roles_that_may_not_edit_records_cannot_write(role, org_a, policy, client_for):
    case = make_case(org_a)
    client = client_for(member(org_a, role))
    writes = [
        (url(org_a, "new/"), form_data(policy)),
        (url(org_a, f"{case.pk}/edit/"), {"subject": "x"}),
        (url(org_a, f"{case.pk}/acknowledge/"), {}),
        (url(org_a, f"{case.pk}/attachments/new/"), {"file": pdf_upload()}),
    ]
    for page, data in writes:
        assert client.get(page).status_code == 403, page
        assert client.post(page, data).status_code == 403, page
    assert len(cases_of(org_a)) == 1
    with scopes_disabled():
        assert ComplaintCase.objects.get(pk=case.pk).state == "received"


def test_a_secretary_sees_personal_data_but_no_buttons(org_a, policy, client_for):
    case = make_case(org_a, **COMPLAINANT)
    body = client_for(member(org_a, Role.SECRETARY)).get(url(org_a, f"{case.pk}/"))
    body = body.content.decode()
    assert "0812345678" in body and 'data-testid="attachments"' in body
    assert 'data-testid="move-' not in body and 'data-testid="add-attachment"' not in body


def test_a_writer_without_personal_data_gets_no_complainant_fields(
    org_a, policy, editor, client_for, monkeypatch
):
    """Were the role matrix to let an editor write records without seeing personal data, the
    forms would leave the complainant out and the case's files closed."""
    case = make_case(org_a, by=editor, **COMPLAINANT)
    monkeypatch.setitem(ROLE_MATRIX, Action.VIEW_PERSONAL_DATA, frozenset({Role.COORDINATOR}))
    client = client_for(editor)
    fields = client.get(url(org_a, "new/")).context["form"].fields
    assert not {"is_anonymous", "complainant_name", "processing_activity"} & set(fields)
    edit = client.get(url(org_a, f"{case.pk}/edit/"))
    assert "0812345678" not in edit.content.decode()
    assert client.get(url(org_a, f"{case.pk}/attachments/new/")).status_code == 403


def test_history_does_not_name_personal_fields_for_roles_without_personal_data(
    org_a, policy, editor, client_for
):
    from complaints import case_services

    case = make_case(org_a, by=editor, **COMPLAINANT)
    with scope(organization=org_a):
        case_services.update_case(case=case, by=editor, complainant_phone="0899999999")
        case_services.update_case(case=case, by=editor, subject="น้ำไม่ไหลและน้ำขุ่น")
    viewer = client_for(english(member(org_a, Role.VIEWER)))
    history = viewer.get(url(org_a, f"{case.pk}/")).context["history"]
    assert [(row.change, row.fields) for row in history] == [
        ("Changed", ["subject"]),
        ("Created", []),
    ]
    own = client_for(editor).get(url(org_a, f"{case.pk}/")).context["history"]
    assert [row.fields for row in own] == [["subject"], ["phone"], []]


# --- changing the details ------------------------------------------------------------------


def test_changing_details_is_kept_on_the_timeline(org_a, policy, editor, client_for):
    case = make_case(org_a, by=editor, **COMPLAINANT)
    unit = OrgUnitFactory(organization=org_a)
    client = client_for(editor)
    form = client.get(url(org_a, f"{case.pk}/edit/")).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(subject="น้ำขุ่นและไม่ไหล", unit=unit.pk, note="ผู้ร้องโทรมาเพิ่มเติม")
    data = {k: v for k, v in data.items() if v is not False}
    response = client.post(url(org_a, f"{case.pk}/edit/"), data)
    assert response.status_code == 302
    with scopes_disabled():
        case.refresh_from_db()
        last = CaseEvent.objects.filter(case=case).last()
    assert (case.subject, case.unit, case.complainant_phone) == (
        "น้ำขุ่นและไม่ไหล",
        unit,
        "0812345678",
    )
    assert last.action == "update"
    assert last.note == "Changed: subject, assigned unit\nผู้ร้องโทรมาเพิ่มเติม"


def test_editing_refuses_another_organizations_unit_and_an_unknown_repeat(
    org_a, org_b, policy, editor, client_for
):
    case = make_case(org_a, by=editor)
    client = client_for(editor)
    form = client.get(url(org_a, f"{case.pk}/edit/")).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data = {k: v for k, v in data.items() if v is not False}
    theirs = make_case(org_b)
    data.update(unit=OrgUnitFactory(organization=org_b).pk, repeat_of=theirs.reference)
    response = client.post(url(org_a, f"{case.pk}/edit/"), data)
    assert set(response.context["form"].errors) == {"unit", "repeat_of"}


def test_a_finished_case_keeps_its_category(org_a, policy, editor, client_for):
    case = make_case(org_a, by=editor)
    move(case, "withdraw", by=editor, note="ผู้ร้องขอถอนเรื่อง")
    form = client_for(editor).get(url(org_a, f"{case.pk}/edit/")).context["form"]
    assert form.fields["category"].disabled and form.fields["severity"].disabled


# --- evidence files ------------------------------------------------------------------------


def test_an_editor_adds_an_evidence_file_to_a_case(org_a, policy, editor, client_for):
    case = make_case(org_a, by=editor)
    client = client_for(editor)
    assert client.get(url(org_a, f"{case.pk}/attachments/new/")).status_code == 200
    data = {"file": pdf_upload("ภาพถ่ายมิเตอร์.pdf"), "title": "", "description": "ถ่ายโดยผู้ร้อง"}
    response = client.post(url(org_a, f"{case.pk}/attachments/new/"), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/cases/{case.pk}/#attachments")
    [attachment] = evidence_of(case)
    assert attachment.description == "ถ่ายโดยผู้ร้อง"
    # Files of a case are not for assessors, even through the files app.
    assessor = client_for(member(org_a, Role.ASSESSOR))
    assert assessor.get(f"/o/{org_a.slug}/files/{attachment.pk}/").status_code == 404


def test_a_refused_evidence_file_is_explained(org_a, policy, editor, client_for):
    case = make_case(org_a, by=editor)
    fake = SimpleUploadedFile("ภาพ.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client_for(editor).post(url(org_a, f"{case.pk}/attachments/new/"), {"file": fake})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


# --- the list ------------------------------------------------------------------------------


def test_the_list_shows_cases_with_their_clocks_and_the_summary(org_a, policy, editor, client_for):
    old = make_case(org_a, by=editor, received_at=timezone.now() - dt.timedelta(days=30),
                    subject="ค่าน้ำแพงผิดปกติ")  # fmt: skip
    new = make_case(org_a, by=editor)
    response = client_for(editor).get(url(org_a))
    body = response.content.decode()
    assert [case.pk for case in response.context["cases"]] == [new.pk, old.pk]
    assert response.context["counts"]["open"] == 2
    assert response.context["counts"]["overdue"] >= 1
    # Both clocks of the old case are overdue: the list shows the one due first.
    assert 'data-testid="sla-acknowledgement" data-status="overdue"' in body
    assert "Acknowledgement: Overdue by" in body


def test_the_list_filters_by_search_state_and_unit(org_a, policy, editor, client_for):
    unit = OrgUnitFactory(organization=org_a)
    billing = make_case(org_a, by=editor, subject="ค่าน้ำแพงผิดปกติ", category_code="BIL")
    assigned = make_case(org_a, by=editor, unit=unit)
    move(assigned, "acknowledge", by=editor)
    client = client_for(editor)

    def listed(query: str) -> list[int]:
        return [case.pk for case in client.get(url(org_a) + query).context["cases"]]

    assert listed("?q=แพง") == [billing.pk]
    assert listed(f"?q={billing.reference}") == [billing.pk]
    assert listed("?state=acknowledged") == [assigned.pk]
    assert listed(f"?unit={unit.pk}") == [assigned.pk]
    assert listed(f"?category={billing.category.key}") == [billing.pk]
    assert listed("?state=closed") == []
    body = client.get(url(org_a) + "?state=closed").content.decode()
    assert "No case matches these filters." in body


def _queries(client, page: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(page).status_code == 200
    return len(context)


def _busy_cases(organization, editor, count: int) -> list[ComplaintCase]:
    cases = []
    for n in range(count):
        unit = OrgUnitFactory(organization=organization)
        case = make_case(organization, by=editor, unit=unit, handler=editor, **COMPLAINANT,
                         subject=f"เรื่องที่ {n}")  # fmt: skip
        move(case, "acknowledge", by=editor)
        cases.append(case)
    return cases


@pytest.mark.parametrize("query", ["", "?sla=overdue&state=open&q=%E0%B8%A3", "?sla=due_soon"])
def test_list_query_count_does_not_grow_with_rows(query, org_a, policy, editor, client_for):
    client = client_for(editor)
    _busy_cases(org_a, editor, 1)
    client.get(url(org_a) + query)
    one = _queries(client, url(org_a) + query)
    _busy_cases(org_a, editor, 3)
    assert _queries(client, url(org_a) + query) == one


def test_case_page_query_count_does_not_grow_with_events_and_files(
    org_a, policy, editor, client_for
):
    client = client_for(editor)
    case = make_case(org_a, by=editor, **COMPLAINANT)
    client.get(url(org_a, f"{case.pk}/"))
    one = _queries(client, url(org_a, f"{case.pk}/"))
    for action in ("acknowledge", "assess", "investigate"):
        move(case, action, by=editor)
    for n in range(3):
        client.post(url(org_a, f"{case.pk}/attachments/new/"), {"file": pdf_upload(f"{n}.pdf")})
    make_case(org_a, by=editor, **COMPLAINANT)  # a repeat of it
    assert _queries(client, url(org_a, f"{case.pk}/")) == one


def test_case_files_stay_out_of_the_evidence_lists_of_roles_without_personal_data(
    org_a, policy, editor, client_for, api_client_for
):
    case = make_case(org_a, by=editor)
    data = {"file": pdf_upload("สำเนาบัตรผู้ร้อง.pdf"), "title": "สำเนาบัตรผู้ร้อง"}
    client_for(editor).post(url(org_a, f"{case.pk}/attachments/new/"), data)
    [attachment] = evidence_of(case)
    download = f"/o/{org_a.slug}/files/versions/{attachment.current_version_id}/download/"
    for role, sees in [(Role.VIEWER, False), (Role.ASSESSOR, False), (Role.SECRETARY, True)]:
        reader = member(org_a, role)
        listed = client_for(reader).get(f"/o/{org_a.slug}/files/").content.decode()
        assert ("สำเนาบัตรผู้ร้อง" in listed) is sees, role
        api = api_client_for(reader).get(f"/api/v1/orgs/{org_a.slug}/files/").json()
        assert (attachment.pk in [row["id"] for row in api["results"]]) is sees, role
        assert (client_for(reader).get(download).status_code == 200) is sees, role
