"""The record of processing pages: every member reads it with how many records name each
purpose; the coordinator adds and changes purposes, never changing what records rely on; the
privacy home; the navigation link."""

import datetime as dt

import pytest
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy import overview_selectors
from seam_scm.privacy import services as privacy_services
from seam_scm.privacy.models import (
    BreachRisk,
    DataModule,
    DataSubjectRequest,
    ProcessingActivity,
    RequestKind,
    RequestStatus,
)
from seam_scm.privacy.processing_selectors import retention_text
from seam_scm.tenancy.roles import Role

from ..complaints import factories as complaints
from ..factories import OrganizationFactory, add_purposes
from ..stakeholders import factories as stakeholders

pytestmark = pytest.mark.django_db

LIST = "/o/org-a/privacy/processing/"
NEW = "/o/org-a/privacy/processing/new/"
OVERVIEW = "/o/org-a/privacy/"
READERS = [Role.COORDINATOR, Role.EDITOR, Role.SECRETARY, Role.ASSESSOR, Role.VIEWER]
NOT_MANAGERS = [Role.EDITOR, Role.SECRETARY, Role.ASSESSOR, Role.VIEWER]


def edit_url(activity) -> str:
    return f"/o/{activity.organization.slug}/privacy/processing/{activity.pk}/edit/"


def activities_of(organization) -> list[ProcessingActivity]:
    with scopes_disabled():
        return list(ProcessingActivity.objects.filter(organization=organization).order_by("id"))


def starter(organization, module=DataModule.COMPLAINTS) -> ProcessingActivity:
    with scopes_disabled():
        [activity] = [
            activity
            for activity in ProcessingActivity.objects.filter(
                organization=organization, lawful_basis=LawfulBasis.PUBLIC_TASK
            )
            if module.value in activity.modules
        ]
    return activity


def form_data(**overrides) -> dict:
    data = {
        "purpose": "การจัดกิจกรรมรับฟังความคิดเห็นของชุมชน",
        "purpose_en": "Community hearings",
        "data_categories": "ชื่อ-นามสกุล เบอร์โทรศัพท์",
        "subject_categories": "ผู้แทนชุมชน",
        "lawful_basis": LawfulBasis.CONSENT,
        "retention_months": "30",
        "retention_starts": "วันที่จัดกิจกรรม",
        "modules": [DataModule.STAKEHOLDERS.value, DataModule.CUSTOMERS.value],
        "is_active": "on",
        "order": "5",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def fields_of(activity) -> dict:
    return without_none(
        {
            "purpose": activity.purpose,
            "purpose_en": activity.purpose_en,
            "data_categories": activity.data_categories,
            "subject_categories": activity.subject_categories,
            "lawful_basis": activity.lawful_basis,
            "retention_months": str(activity.retention_months),
            "retention_starts": activity.retention_starts,
            "modules": list(activity.modules),
            "is_active": "on" if activity.is_active else None,
            "order": str(activity.order),
        }
    )


def thai(label) -> str:
    with translation.override("th"):
        return str(label)


def without_none(data: dict) -> dict:
    return {k: v for k, v in data.items() if v is not None}


def case_with_contacts(organization, **fields):
    contacts = {
        "complainant_name": "สมหญิง ใจดี",
        "complainant_phone": "0812345678",
        "lawful_basis": LawfulBasis.PUBLIC_TASK,
    }
    return complaints.make_case(organization, **(contacts | fields))


# --- the retention period in words ------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "text"),
    [
        (1, "1 month"),
        (6, "6 months"),
        (12, "1 year"),
        (60, "5 years"),
        (13, "1 year 1 month"),
        (30, "2 years 6 months"),
    ],
)
def test_the_retention_period_reads_as_years_and_months(months, text):
    with translation.override("en"):
        assert retention_text(months) == text


# --- reading --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_every_member_reads_the_record_of_processing(org_a, member_factory, client_for, role):
    response = client_for(member_factory(org_a, role)).get(LIST)

    assert response.status_code == 200
    body = response.content.decode()
    assert "การรับและจัดการข้อร้องเรียน" in body  # the starter purpose
    assert [row["activity"] for row in response.context["rows"]] == sorted(
        activities_of(org_a), key=lambda a: (a.order, a.pk)
    )
    shows_buttons = 'data-testid="add-purpose"' in body, 'data-testid="edit-activity"' in body
    assert shows_buttons == ((True, True) if role == Role.COORDINATOR else (False, False))


def test_the_list_counts_the_records_of_each_module_naming_each_purpose(
    org_a, org_b, member_factory, client_for
):
    case_with_contacts(org_a)
    case_with_contacts(org_a, complainant_phone="0899999999")
    complaints.make_case(org_a, is_anonymous=True)  # keeps no personal data: names no purpose
    case_with_contacts(org_b)  # another organization's
    stakeholders.make_stakeholder(org_a, representatives=[{}, {"name": "นายสมศักดิ์ ดีงาม"}])

    response = client_for(member_factory(org_a, Role.VIEWER)).get(LIST)

    rows = {row["activity"].pk: row for row in response.context["rows"]}
    complaints_row = rows[starter(org_a).pk]
    assert [(c.module, c.count) for c in complaints_row["counts"]] == [
        (thai(DataModule.COMPLAINTS.label), 2)
    ]
    stakeholders_row = rows[starter(org_a, DataModule.STAKEHOLDERS).pk]
    assert [(c.module, c.count) for c in stakeholders_row["counts"]] == [
        (thai(DataModule.STAKEHOLDERS.label), 2)
    ]
    assert all(
        not row["counts"]
        for pk, row in rows.items()
        if pk not in (complaints_row["activity"].pk, stakeholders_row["activity"].pk)
    )
    assert response.context["rows"][0]["retention"]  # the period in words
    assert 'data-testid="record-count"' in response.content.decode()


def test_the_list_runs_as_many_queries_for_many_purposes_as_for_few(
    member_factory, client_for, django_assert_max_num_queries
):
    few = OrganizationFactory(slug="few", every_lawful_basis=False)
    many = OrganizationFactory(slug="many")
    add_purposes(many)

    def queries(organization) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = client_for(member_factory(organization, Role.VIEWER))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/o/{organization.slug}/privacy/processing/").status_code == 200
        return len(captured)

    assert len(activities_of(many)) > len(activities_of(few)) + 5
    assert queries(many) == queries(few)


# --- adding and changing ------------------------------------------------------------------


def test_the_coordinator_adds_a_purpose(org_a, coordinator_a, client_for):
    client = client_for(coordinator_a)
    assert client.get(NEW).status_code == 200

    response = client.post(NEW, form_data())

    assert response.status_code == 302 and response["Location"] == LIST
    added = activities_of(org_a)[-1]
    assert added.purpose == "การจัดกิจกรรมรับฟังความคิดเห็นของชุมชน"
    assert added.lawful_basis == LawfulBasis.CONSENT
    assert added.retention_months == 30
    assert added.modules == [DataModule.STAKEHOLDERS.value, DataModule.CUSTOMERS.value]
    assert added.is_active and added.order == 5
    with scope(organization=org_a):
        assert added.history.count() == 1


def test_a_new_purpose_is_offered_after_the_last_one(org_a, coordinator_a, client_for):
    highest = max(a.order for a in activities_of(org_a))

    form = client_for(coordinator_a).get(NEW).context["form"]

    assert form.initial["order"] == highest + 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"modules": None}, "modules"),
        ({"modules": ["payroll"]}, "modules"),
        ({"retention_months": "0"}, "retention_months"),
        ({"retention_months": "-3"}, "retention_months"),
        ({"lawful_basis": "whim"}, "lawful_basis"),
        ({"purpose": ""}, "purpose"),
        ({"data_categories": ""}, "data_categories"),
        ({"subject_categories": ""}, "subject_categories"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(org_a, coordinator_a, client_for, overrides, field):
    before = len(activities_of(org_a))

    response = client_for(coordinator_a).post(NEW, form_data(**overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert len(activities_of(org_a)) == before


def test_the_coordinator_changes_a_purpose_no_record_names(org_a, coordinator_a, client_for):
    activity = starter(org_a)
    data = fields_of(activity) | {
        "lawful_basis": LawfulBasis.LEGITIMATE_INTEREST,
        "retention_months": "36",
        "modules": [DataModule.COMPLAINTS.value, DataModule.CUSTOMERS.value],
    }

    response = client_for(coordinator_a).post(edit_url(activity), data)

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.lawful_basis == LawfulBasis.LEGITIMATE_INTEREST
    assert activity.retention_months == 36
    assert activity.modules == [DataModule.CUSTOMERS.value, DataModule.COMPLAINTS.value]


def test_the_basis_of_a_purpose_records_name_cannot_change(org_a, coordinator_a, client_for):
    coordinator_a.language = "en"  # the form's message is read in the member's language
    coordinator_a.save()
    case_with_contacts(org_a)
    activity = starter(org_a)
    data = fields_of(activity) | {"lawful_basis": LawfulBasis.LEGITIMATE_INTEREST}

    response = client_for(coordinator_a).post(edit_url(activity), data)

    assert response.status_code == 200
    assert "cannot change" in response.context["form"].errors["lawful_basis"][0]
    activity.refresh_from_db()
    assert activity.lawful_basis == LawfulBasis.PUBLIC_TASK


def test_a_module_whose_records_name_the_purpose_stays(org_a, coordinator_a, client_for):
    case_with_contacts(org_a)
    activity = starter(org_a)
    data = fields_of(activity) | {"modules": [DataModule.CUSTOMERS.value]}

    response = client_for(coordinator_a).post(edit_url(activity), data)

    assert response.status_code == 200
    assert "modules" in response.context["form"].errors
    activity.refresh_from_db()
    assert activity.modules == [DataModule.COMPLAINTS.value]


def test_a_purpose_records_name_can_be_retired_and_reworded(org_a, coordinator_a, client_for):
    case = case_with_contacts(org_a)
    activity = starter(org_a)
    data = without_none(fields_of(activity) | {"is_active": None, "retention_months": "72"})

    response = client_for(coordinator_a).post(edit_url(activity), data)

    assert response.status_code == 302
    activity.refresh_from_db()
    assert not activity.is_active and activity.retention_months == 72
    case.refresh_from_db()
    assert case.processing_activity_id == activity.pk  # the record keeps its purpose
    body = client_for(coordinator_a).get(LIST).content.decode()
    assert 'data-testid="retired"' in body
    with scope(organization=org_a):
        assert activity.history.count() == 2
    assert (
        'data-testid="history"'
        in client_for(coordinator_a).get(edit_url(activity)).content.decode()
    )


@pytest.mark.parametrize("role", NOT_MANAGERS)
def test_other_roles_may_not_add_or_change_purposes(org_a, member_factory, client_for, role):
    client = client_for(member_factory(org_a, role))
    activity = starter(org_a)
    before = len(activities_of(org_a))

    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form_data()).status_code == 403
    assert client.get(edit_url(activity)).status_code == 403
    data = fields_of(activity) | {"retention_months": "99"}
    assert client.post(edit_url(activity), data).status_code == 403

    assert len(activities_of(org_a)) == before
    activity.refresh_from_db()
    assert activity.retention_months == 60


def test_another_organizations_purpose_is_404(org_a, org_b, coordinator_a, client_for):
    theirs = starter(org_b)
    url = f"/o/org-a/privacy/processing/{theirs.pk}/edit/"
    client = client_for(coordinator_a)

    assert client.get(url).status_code == 404
    assert client.post(url, fields_of(theirs) | {"retention_months": "1"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.retention_months == 60


def test_an_outsider_cannot_open_the_pages(org_a, org_b, coordinator_b, client_for):
    client = client_for(coordinator_b)
    assert client.get(LIST).status_code == 404
    assert client.get(OVERVIEW).status_code == 404


# --- the privacy home and the navigation --------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_every_member_finds_the_privacy_home_in_the_navigation(
    org_a, member_factory, client_for, role
):
    client = client_for(member_factory(org_a, role))

    home = client.get("/o/org-a/").content.decode()
    assert 'data-testid="privacy-link"' in home and f'href="{OVERVIEW}"' in home

    response = client.get(OVERVIEW)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="processing-summary"' in body
    assert "การรับและจัดการข้อร้องเรียน" in body
    # The work of answering for personal data is the coordinator's alone.
    assert ('data-testid="privacy-tiles"' in body) == (role == Role.COORDINATOR)
    assert ("requests" in response.context) == (role == Role.COORDINATOR)


def test_the_home_lists_only_the_purposes_in_use(org_a, member_factory, client_for):
    activity = starter(org_a)
    with scopes_disabled():
        ProcessingActivity.objects.filter(pk=activity.pk).update(is_active=False)

    response = client_for(member_factory(org_a, Role.EDITOR)).get(OVERVIEW)

    shown = [row["activity"].pk for row in response.context["purposes"]]
    assert activity.pk not in shown and shown


def test_the_home_says_when_no_notice_is_published(org_a, member_factory, client_for):
    body = client_for(member_factory(org_a, Role.VIEWER)).get(OVERVIEW).content.decode()

    assert 'data-testid="no-notice"' in body
    assert 'data-testid="current-notice"' not in body


def test_the_coordinators_tiles_count_open_requests_and_breaches_with_their_clocks(org_a):
    now = timezone.now()
    with scope(organization=org_a):
        for days_ago in (3, 45):  # one within the 30 days, one overdue
            privacy_services.register_request(
                organization=org_a,
                kind=RequestKind.ACCESS,
                subject_name="สมหญิง ใจดี",
                received_at=now - dt.timedelta(days=days_ago),
            )
        done = privacy_services.register_request(
            organization=org_a,
            kind=RequestKind.ACCESS,
            subject_name="สมชาย ใจดี",
            received_at=now - dt.timedelta(days=60),
        )
        DataSubjectRequest.objects.filter(pk=done.pk).update(
            status=RequestStatus.COMPLETED, completed_at=now - dt.timedelta(days=50)
        )
        breach = {"title": "อีเมลส่งผิดคน", "description": "ส่งรายชื่อผิด", "risk_assessment": "-"}
        privacy_services.register_breach(  # past the 72 hours, regulator not notified
            organization=org_a,
            discovered_at=now - dt.timedelta(hours=80),
            risk=BreachRisk.RISK,
            **breach,
        )
        privacy_services.register_breach(  # within the 72 hours
            organization=org_a,
            discovered_at=now - dt.timedelta(hours=5),
            risk=BreachRisk.HIGH,
            **breach,
        )
        privacy_services.register_breach(  # no risk: nothing to notify
            organization=org_a,
            discovered_at=now - dt.timedelta(hours=100),
            risk=BreachRisk.NONE,
            **breach,
        )
        privacy_services.register_breach(  # closed
            organization=org_a,
            discovered_at=now - dt.timedelta(days=30),
            risk=BreachRisk.RISK,
            closed_at=now - dt.timedelta(days=1),
            **breach,
        )

        assert overview_selectors.requests_tally() == overview_selectors.Tally(open=2, alarming=1)
        assert overview_selectors.breaches_tally() == overview_selectors.Tally(open=3, alarming=1)
        assert overview_selectors.last_retention_run() is None
