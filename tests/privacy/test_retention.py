"""The retention task: it anonymizes exactly the records whose retention period has ended, is
idempotent, reports what it did (a dry run what it would do, changing nothing), leaves the
complaint KPIs as they were; the command and the page."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from complaints.kpis import kpi_report, query_from
from complaints.models import ComplaintCase
from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy import tasks
from seam_scm.privacy.models import DataModule, ProcessingActivity, RetentionRun
from seam_scm.privacy.retention import run_retention
from seam_scm.tenancy.roles import Role
from stakeholders.models import Representative

from ..complaints.factories import closed_case, make_case, move
from ..stakeholders.factories import make_stakeholder

COMPLAINANT = {
    "complainant_name": "นายมานะ ขยันยิ่ง",
    "complainant_phone": "0823456789",
    "complainant_email": "mana.khayan@example.com",
    "complainant_address": "12 ซอยสุขุมวิท 71",
    "lawful_basis": LawfulBasis.PUBLIC_TASK,
}
LONG_AGO = dt.timedelta(days=400)  # past the 12 months set below
LONGER_AGO = dt.timedelta(days=800)  # past the stakeholders' 24 months


def _purpose(organization, module: str, basis=LawfulBasis.PUBLIC_TASK) -> ProcessingActivity:
    with scopes_disabled():
        activities = ProcessingActivity.objects.filter(
            organization=organization, lawful_basis=basis
        ).order_by("order", "id")
        return next(activity for activity in activities if module in activity.modules)


def _backdate(model, pk: int, **moments) -> None:
    with scopes_disabled():
        model.objects.filter(pk=pk).update(**moments)


def _closed_long_ago(organization, **fields) -> ComplaintCase:
    case = closed_case(organization, **{**COMPLAINANT, **fields})
    _backdate(ComplaintCase, case.pk, closed_at=timezone.now() - LONG_AGO)
    return case


def _representative(organization, name: str, *, updated_ago=None) -> Representative:
    stakeholder = make_stakeholder(
        organization, representatives=[{"name": name, "email": f"{name}@example.com"}]
    )
    with scopes_disabled():
        representative = Representative.objects.get(stakeholder=stakeholder)
    if updated_ago:
        _backdate(Representative, representative.pk, updated_at=timezone.now() - updated_ago)
    return representative


@pytest.fixture
def records(org_a, org_b):
    """A year's retention for complaints under the public task; stakeholders keep 24 months."""
    complaints_purpose = _purpose(org_a, DataModule.COMPLAINTS)
    with scopes_disabled():
        ProcessingActivity.objects.filter(pk=complaints_purpose.pk).update(retention_months=12)
        ProcessingActivity.objects.filter(
            organization=org_b, lawful_basis=LawfulBasis.PUBLIC_TASK
        ).update(retention_months=12)
    withdrawn = make_case(org_a, **COMPLAINANT)
    withdrawn = move(withdrawn, "withdraw", note="ผู้ร้องขอถอนเรื่อง")
    _backdate(ComplaintCase, withdrawn.pk, updated_at=timezone.now() - LONG_AGO)
    open_case = make_case(org_a, **COMPLAINANT)
    _backdate(ComplaintCase, open_case.pk, updated_at=timezone.now() - LONG_AGO)
    return {
        "closed_old": _closed_long_ago(org_a),
        "withdrawn_old": withdrawn,
        "closed_recent": closed_case(org_a, **COMPLAINANT),
        "open_old": open_case,
        # Another purpose (consent, 24 months): not yet due.
        "other_purpose": _closed_long_ago(org_a, lawful_basis=LawfulBasis.CONSENT),
        # No purpose at all: an anonymous complaint holds nobody's data.
        "anonymous": _closed_long_ago(
            org_a, is_anonymous=True, lawful_basis="", complainant_name=""
        ),
        "other_org": _closed_long_ago(org_b),
        "representative_old": _representative(org_a, "oldcontact", updated_ago=LONGER_AGO),
        "representative_recent": _representative(org_a, "recentcontact"),
    }


def _fresh(record):
    with scopes_disabled():
        return type(record).objects.get(pk=record.pk)


def _erased(record) -> bool:
    return _fresh(record).personal_data_erased_at is not None


EXPIRED = {"closed_old", "withdrawn_old", "representative_old"}


@pytest.mark.django_db
def test_the_run_anonymizes_exactly_the_expired_records(org_a, records):
    run = run_retention(organization=org_a, dry_run=False)

    assert {name for name, record in records.items() if _erased(record)} == EXPIRED
    assert run.erased == 3 and not run.dry_run and run.requested_by is None
    case = _fresh(records["closed_old"])
    assert (case.complainant_name, case.complainant_phone, case.complainant_email) == ("", "", "")
    assert case.subject and case.reference  # the record stays
    representative = _fresh(records["representative_old"])
    assert (representative.phone, representative.email) == ("", "")
    assert "oldcontact" not in representative.name
    # Kept records keep their data.
    assert _fresh(records["closed_recent"]).complainant_phone == COMPLAINANT["complainant_phone"]
    assert _fresh(records["other_org"]).complainant_name == COMPLAINANT["complainant_name"]


@pytest.mark.django_db
def test_the_erased_values_leave_the_history_too(org_a, records):
    run_retention(organization=org_a, dry_run=False)
    with scopes_disabled():
        history = ComplaintCase.history.filter(id=records["closed_old"].pk)
        assert history.count() > 1
        assert not history.exclude(complainant_phone="").exists()
        assert not history.filter(complainant_email=COMPLAINANT["complainant_email"]).exists()
        assert ComplaintCase.history.filter(
            id=records["closed_recent"].pk, complainant_phone=COMPLAINANT["complainant_phone"]
        ).exists()


@pytest.mark.django_db
def test_the_report_names_each_purpose_and_kind_without_personal_data(org_a, records):
    run = run_retention(organization=org_a, dry_run=False)
    by_model = {line["model"]: line for line in run.report}

    assert set(by_model) == {"complaints.complaintcase", "stakeholders.representative"}
    complaints = by_model["complaints.complaintcase"]
    assert complaints["purpose"] == _purpose(org_a, DataModule.COMPLAINTS).purpose
    assert {r["id"] for r in complaints["records"]} == {
        records["closed_old"].pk,
        records["withdrawn_old"].pk,
    }
    assert records["closed_old"].reference in str(complaints["records"])
    text = str(run.report)
    for value in (*COMPLAINANT.values(), "oldcontact"):
        if value != LawfulBasis.PUBLIC_TASK:
            assert value not in text


@pytest.mark.django_db
def test_a_second_run_erases_nothing_and_changes_no_row_or_history(org_a, records):
    run_retention(organization=org_a, dry_run=False)
    with scopes_disabled():
        cases = list(ComplaintCase.objects.order_by("pk").values())
        representatives = list(Representative.objects.order_by("pk").values())
        history = (ComplaintCase.history.count(), Representative.history.count())

    second = run_retention(organization=org_a, dry_run=False)

    assert second.erased == 0 and second.report == []
    with scopes_disabled():
        assert list(ComplaintCase.objects.order_by("pk").values()) == cases
        assert list(Representative.objects.order_by("pk").values()) == representatives
        assert (ComplaintCase.history.count(), Representative.history.count()) == history


@pytest.mark.django_db
def test_a_dry_run_changes_nothing_and_reports_the_same_records(org_a, records):
    with scopes_disabled():
        cases = list(ComplaintCase.objects.order_by("pk").values())
        history = ComplaintCase.history.count()

    dry = run_retention(organization=org_a, dry_run=True)

    assert dry.dry_run and dry.erased == 0
    assert not any(_erased(record) for record in records.values())
    with scopes_disabled():
        assert list(ComplaintCase.objects.order_by("pk").values()) == cases
        assert ComplaintCase.history.count() == history
    real = run_retention(organization=org_a, dry_run=False)
    assert real.report == dry.report


@pytest.mark.django_db
def test_the_complaint_kpis_are_the_same_after_the_run(org_a, records):
    now = timezone.now()

    def figures():
        reports = []
        with scope(organization=org_a):
            for params in ({"period": "month"}, {"period": "quarter", "by": "channel"}):
                query = query_from(params, organization=org_a)
                report = kpi_report(query, organization=org_a, now=now)
                reports.append([(row.period, row.group, row.figures) for row in report.rows])
        return reports, report.total.figures

    before, total = figures()
    assert total.volume >= 5 and total.satisfaction_answers >= 3
    run_retention(organization=org_a, dry_run=False)
    assert figures() == (before, total)


@pytest.mark.django_db
def test_the_task_runs_every_organization_in_its_own_scope(org_a, org_b, records):
    erased = tasks.apply_retention.delay().get()

    assert erased == 4  # three in org_a, one in org_b
    assert _erased(records["other_org"])
    with scopes_disabled():
        runs = RetentionRun.objects.filter(dry_run=False)
        assert {run.organization_id: run.erased for run in runs} == {org_a.pk: 3, org_b.pk: 1}
        assert all(run.requested_by is None for run in runs)
    assert tasks.apply_retention.delay().get() == 0


def test_the_task_is_scheduled_daily(settings):
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "seam_scm.privacy.tasks.apply_retention"
    ]
    assert entries and entries[0]["schedule"] == 24 * 60 * 60


# --- the command -----------------------------------------------------------------------------


def _command(*args) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_command_dry_run_prints_what_would_be_anonymized(org_a, org_b, records):
    output = _command("--dry-run", "--org", org_a.slug)

    assert f"{org_a.slug}: 3 record(s) would be anonymized" in output
    assert org_b.slug not in output
    assert f"#{records['closed_old'].pk} " in output
    assert records["closed_old"].reference in output
    assert COMPLAINANT["complainant_name"] not in output
    assert not _erased(records["closed_old"])
    with scopes_disabled():
        assert RetentionRun.objects.get().dry_run


@pytest.mark.django_db
def test_the_command_anonymizes_every_organization(org_a, org_b, records):
    output = _command()

    assert f"{org_a.slug}: 3 record(s) anonymized" in output
    assert f"{org_b.slug}: 1 record(s) anonymized" in output
    assert _erased(records["closed_old"]) and _erased(records["other_org"])
    assert "4 record(s) anonymized." in output


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_organization(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        _command("--org", "no-such-org")


# --- the page --------------------------------------------------------------------------------


def _page(org) -> str:
    return reverse("privacy:retention", kwargs={"org_slug": org.slug})


@pytest.mark.django_db
def test_the_page_shows_what_is_due_with_links(org_a, records, member_factory, client_for):
    client = client_for(member_factory(org_a, Role.COORDINATOR))
    response = client.get(_page(org_a))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="due-count"' in body
    assert body.count('data-testid="due-record"') == 3
    assert reverse("complaints:case_detail", args=[org_a.slug, records["closed_old"].pk]) in body
    assert reverse(
        "complaints:case_detail", args=[org_a.slug, records["closed_recent"].pk]
    ) not in (body)
    assert COMPLAINANT["complainant_phone"] not in body
    assert not _erased(records["closed_old"])  # computing the page changes nothing


@pytest.mark.django_db
def test_the_dry_run_button_records_a_dry_run(org_a, records, member_factory, client_for):
    coordinator = member_factory(org_a, Role.COORDINATOR)
    response = client_for(coordinator).post(_page(org_a), {"action": "dry_run"}, follow=True)

    assert response.status_code == 200
    with scopes_disabled():
        run = RetentionRun.objects.get()
    assert run.dry_run and run.requested_by == coordinator
    assert not _erased(records["closed_old"])
    assert 'data-testid="retention-run"' in response.content.decode()


@pytest.mark.django_db
def test_anonymizing_needs_the_confirmation(org_a, records, member_factory, client_for):
    client = client_for(member_factory(org_a, Role.COORDINATOR))
    response = client.post(_page(org_a), {"action": "anonymize"})

    assert response.status_code == 200
    assert response.context["form"].errors["confirm"]
    assert not _erased(records["closed_old"])
    with scopes_disabled():
        assert not RetentionRun.objects.exists()

    response = client.post(_page(org_a), {"action": "anonymize", "confirm": "on"})
    assert response.status_code == 302
    assert {name for name, record in records.items() if _erased(record)} == EXPIRED
    with scopes_disabled():
        assert RetentionRun.objects.get().erased == 3


@pytest.mark.django_db
def test_the_page_lists_scheduled_runs_without_a_requester(
    org_a, records, member_factory, client_for
):
    run_retention(organization=org_a, dry_run=False)
    client = client_for(member_factory(org_a, Role.COORDINATOR))
    body = client.get(_page(org_a)).content.decode()

    assert 'data-testid="nothing-due"' in body
    assert 'data-dry-run="false"' in body
    assert records["closed_old"].reference in body  # in the run's report


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.EDITOR, Role.SECRETARY, Role.ASSESSOR, Role.VIEWER])
def test_only_the_coordinator_reaches_the_page(role, org_a, records, member_factory, client_for):
    client = client_for(member_factory(org_a, role))

    assert client.get(_page(org_a)).status_code == 403
    assert client.post(_page(org_a), {"action": "anonymize", "confirm": "on"}).status_code == 403
    assert not _erased(records["closed_old"])


@pytest.mark.django_db
def test_another_organizations_member_gets_404(org_a, org_b, member_factory, client_for):
    client = client_for(member_factory(org_b, Role.COORDINATOR))
    assert client.get(_page(org_a)).status_code == 404
