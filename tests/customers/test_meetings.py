"""Review meetings (FAQ CM-16): minutes of the meetings that review the customer strategy, plans
and processes, with their minutes as evidence files and their history."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from customers import strategy_selectors, strategy_services
from customers.models import ReviewMeeting
from seam_scm.files.models import Attachment
from seam_scm.tenancy.roles import Role

from ..files.factories import make_attachment, upload
from . import factories as f

pytestmark = pytest.mark.django_db


def _url(org, name: str, *args) -> str:
    return reverse(f"customers:{name}", args=[org.slug, *args])


def _post(**overrides) -> dict:
    data = {
        "body": "committee",
        "body_name": "คณะกรรมการกำกับดูแลด้านลูกค้าและตลาด",
        "meeting_number": "3/2570",
        "held_on": "15/01/2570",
        "agenda": "ติดตามผลการดำเนินงานตามแผนปฏิบัติการด้านลูกค้า ไตรมาส 1",
        "resolution": "รับทราบ และให้ทบทวนการจำแนกกลุ่มลูกค้า",
        "minutes": "",
    }
    data.update(overrides)
    return data


def test_meeting_page_records_a_meeting_with_uploaded_minutes(org_a, coordinator_a, client_for):
    data = _post()
    data["minutes_file"] = upload("รายงานการประชุม.pdf")
    response = client_for(coordinator_a).post(_url(org_a, "meeting_create"), data)
    with scope(organization=org_a):
        meeting = ReviewMeeting.objects.select_related("minutes").get()
        assert response["Location"] == _url(org_a, "meeting_detail", meeting.pk)
        assert meeting.held_on == dt.date(2027, 1, 15)
        assert meeting.minutes.record == meeting
        assert meeting.minutes.effective_date == meeting.held_on


def test_meeting_may_point_at_existing_minutes_but_not_both(org_a, coordinator_a, client_for):
    minutes = make_attachment(org_a, title="รายงานการประชุมคณะกรรมการ")
    client = client_for(coordinator_a)
    data = _post(minutes=minutes.pk)
    data["minutes_file"] = upload("อีกฉบับ.pdf")
    response = client.post(_url(org_a, "meeting_create"), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["minutes_file"]
    response = client.post(_url(org_a, "meeting_create"), _post(minutes=minutes.pk))
    assert response.status_code == 302
    with scope(organization=org_a):
        assert ReviewMeeting.objects.get().minutes == minutes
        assert Attachment.objects.count() == 1


def test_a_committee_meeting_names_the_committee(org_a, coordinator_a, client_for, english):
    with scope(organization=org_a), pytest.raises(ValidationError) as error:
        strategy_services.save_meeting(
            ReviewMeeting(
                organization=org_a,
                body="committee",
                meeting_number="1/2570",
                held_on=dt.date(2026, 11, 1),
                agenda="a",
                resolution="r",
            )  # fmt: skip
        )
    assert error.value.message_dict == {"body_name": ["Name the committee or subcommittee."]}


def test_refused_minutes_leave_no_meeting(org_a, coordinator_a, client_for):
    data = _post()
    data["minutes_file"] = upload("ว่าง.pdf", b"")
    response = client_for(coordinator_a).post(_url(org_a, "meeting_create"), data)
    assert response.status_code == 200
    assert "minutes_file" in response.context["form"].errors
    assert response.context["meeting"] is None
    with scope(organization=org_a):
        assert (ReviewMeeting.objects.count(), Attachment.objects.count()) == (0, 0)


def test_meeting_detail_shows_its_history(org_a, coordinator_a, client_for):
    meeting = f.make_meeting(org_a)
    client = client_for(coordinator_a)
    client.post(
        _url(org_a, "meeting_edit", meeting.pk),
        _post(body="board", body_name="", meeting_number=meeting.meeting_number,
              resolution="อนุมัติให้ปรับแผน"),
    )  # fmt: skip
    response = client.get(_url(org_a, "meeting_detail", meeting.pk))
    history = response.context["history"]
    assert [row.user for row in history][:1] == [coordinator_a]
    assert len(history) == 2
    assert 'data-testid="history"' in response.content.decode()
    with scope(organization=org_a):
        meeting.refresh_from_db()
    assert meeting.resolution == "อนุมัติให้ปรับแผน"


def test_meeting_list_filters_by_body_and_fiscal_year(org_a, coordinator_a, client_for):
    f.make_meeting(org_a, body="board", held_on=dt.date(2026, 10, 29))  # FY 2570
    f.make_meeting(org_a, body="executives", held_on=dt.date(2026, 9, 30))  # FY 2569
    f.make_meeting(org_a, body="board", meeting_number="2/2569", held_on=dt.date(2026, 3, 1))
    client = client_for(coordinator_a)
    response = client.get(_url(org_a, "meeting_list"))
    assert len(response.context["meetings"]) == 3
    assert response.context["filters"].fields["year"].choices[1:] == [
        ("2570", "2570"),
        ("2569", "2569"),
    ]
    response = client.get(_url(org_a, "meeting_list"), {"body": "board", "year": "2569"})
    assert [m.meeting_number for m in response.context["meetings"]] == ["2/2569"]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.SECRETARY])
def test_readers_cannot_record_meetings(role, org_a, member_factory, client_for):
    meeting = f.make_meeting(org_a)
    client = client_for(member_factory(org_a, role))
    assert client.get(_url(org_a, "meeting_create")).status_code == 403
    assert client.post(_url(org_a, "meeting_edit", meeting.pk), _post()).status_code == 403
    response = client.get(_url(org_a, "meeting_list"))
    assert response.status_code == 200
    assert 'data-testid="meeting-create"' not in response.content.decode()
    assert client.get(_url(org_a, "meeting_detail", meeting.pk)).status_code == 200


def test_meeting_list_query_count_does_not_grow_with_rows(org_a, coordinator_a, client_for):
    client = client_for(coordinator_a)

    def add(count):
        for n in range(count):
            f.make_meeting(org_a, minutes=make_attachment(org_a), held_on=dt.date(2026, 1, 1 + n))

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(_url(org_a, "meeting_list")).status_code == 200
        return len(context.captured_queries)

    add(2)
    queries()  # the first request of a session does a little more
    few = queries()
    add(10)
    assert queries() == few


# --- API -------------------------------------------------------------------------------------


def _api(org, pk=None, action="") -> str:
    url = f"/api/v1/orgs/{org.slug}/customer-review-meetings/"
    url += f"{pk}/" if pk is not None else ""
    return url + (f"{action}/" if action else "")


def test_api_records_a_meeting_and_uploads_its_minutes(org_a, coordinator_a, api_client_for):
    client = api_client_for(coordinator_a)
    response = client.post(
        _api(org_a),
        {"body": "executives", "meeting_number": "5/2570", "held_on": "2026-12-10",
         "agenda": "ผลการดำเนินงานผลิตภัณฑ์", "resolution": "รับทราบ"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    meeting_id = response.json()["id"]
    response = client.post(
        _api(org_a, meeting_id, "minutes"), {"file": upload("minutes.pdf")}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["minutes_file_name"] == "minutes.pdf"
    listed = client.get(_api(org_a), {"body": "executives", "year": 2570}).json()
    assert [row["id"] for row in listed["results"]] == [meeting_id]
    assert client.get(_api(org_a), {"year": 2569}).json()["results"] == []


def test_api_refuses_minutes_of_another_organization(org_a, org_b, coordinator_a, api_client_for):
    foreign = make_attachment(org_b)
    response = api_client_for(coordinator_a).post(
        _api(org_a),
        {"body": "board", "meeting_number": "1/2570", "held_on": "2026-12-10",
         "agenda": "a", "resolution": "r", "minutes": foreign.pk},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert list(response.json()) == ["minutes"]


def test_api_readers_cannot_write_meetings(org_a, member_factory, api_client_for):
    meeting = f.make_meeting(org_a)
    client = api_client_for(member_factory(org_a, Role.ASSESSOR))
    assert client.get(_api(org_a, meeting.pk)).status_code == 200
    assert client.delete(_api(org_a, meeting.pk)).status_code == 403
    with scope(organization=org_a):
        assert strategy_selectors.meeting_list().count() == 1
