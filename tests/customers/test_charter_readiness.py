"""Criterion 5.1 level 3 from the data: approved by the board, published, and the content the
criteria expect; and which version backs "approved and published" in a fiscal year."""

import datetime as dt

import pytest
from django_scopes import scope

from customers import charter_selectors as selectors
from customers.models import BlueprintStep, RecoveryScenario, ServiceStandard
from seam_scm.approvals import services as approvals
from seam_scm.thai.dates import current_fiscal_year

from . import factories as f

pytestmark = pytest.mark.django_db


def _readiness(org, today=None):
    with scope(organization=org):
        return selectors.charter_readiness(today)


def _met(readiness) -> list[bool]:
    return [check.met for check in readiness.checks]


def test_without_a_charter_nothing_is_backed(org_a, english):
    readiness = _readiness(org_a)
    assert (readiness.criterion, readiness.level) == ("5.1", 3)
    assert not readiness.met
    assert readiness.checks[0].detail == "The organization has no service charter yet."


def test_readiness_goes_from_not_met_to_met(org_a, english):
    version = f.make_full_charter(org_a)

    draft = _readiness(org_a)
    assert _met(draft) == [False, False, True, True, True, True, True]
    assert draft.checks[0].detail == "No version has been approved yet."
    assert draft.checks[2].detail.startswith("Checked on version 1, which is not approved yet.")

    f.approve_charter(org_a, version, meeting_number="9/2569")
    approved = _readiness(org_a)
    assert _met(approved) == [True, False, True, True, True, True, True]
    assert "meeting no. 9/2569" in approved.checks[0].detail
    assert "Board of directors" in approved.checks[0].detail
    assert approved.checks[1].detail.startswith("The approved version is not published.")

    with scope(organization=org_a):
        approvals.publish_version(version=version)
    published = _readiness(org_a)
    assert published.met
    assert f"/p/charter/{org_a.slug}/" in published.checks[1].detail
    assert published.checks[1].url.endswith(f"/p/charter/{org_a.slug}/")


def test_a_version_waiting_for_the_board_is_named(org_a, english):
    version = f.charter_draft(org_a)
    with scope(organization=org_a):
        approvals.submit_version(version=version, by=f.coordinator(org_a))
    readiness = _readiness(org_a)
    assert readiness.checks[0].detail == "Version 1 is waiting for the board's decision."


def test_content_gaps_are_listed(org_a, english):
    version = f.charter_draft(org_a)
    f.make_commitment(org_a, version=version)
    standard = f.make_standard(org_a, version=version, service_en="New connection")
    # Frontstage only: no backstage or support text anywhere in the blueprint.
    f.make_blueprint_step(org_a, standard=standard, backstage="", support_processes="")
    stage = f.make_stage(org_a, name="รอช่างติดตั้ง")
    f.make_recovery(org_a, version=version)
    readiness = _readiness(org_a)
    checks = dict(enumerate(readiness.checks))
    assert checks[2].met and checks[3].met
    assert not checks[4].met and "ยื่นคำขอ" not in checks[4].detail
    assert "New connection" in checks[4].detail  # the service in the active language
    # The critical blueprint step has no guideline, nor does the critical journey stage.
    assert not checks[5].met
    assert "step 1" in checks[5].detail and "รอช่างติดตั้ง" in checks[5].detail
    assert not checks[6].met and "an emergency" in checks[6].detail

    f.make_guideline(org_a, standard=standard)
    readiness = _readiness(org_a)
    assert not readiness.checks[5].met
    assert "step 1" not in readiness.checks[5].detail
    assert str(stage) in readiness.checks[5].detail
    f.make_guideline(org_a, standard=standard, journey_stage=stage)
    assert _readiness(org_a).checks[5].met


def test_support_services_need_no_blueprint_but_some_core_service_must_exist(org_a):
    version = f.charter_draft(org_a)
    f.make_standard(org_a, version=version, service_kind=ServiceStandard.ServiceKind.SUPPORT)
    assert not _readiness(org_a).checks[4].met
    core = f.make_standard(org_a, version=version)
    with scope(organization=org_a):
        BlueprintStep.objects.create(
            organization=org_a, version=version, standard=core, order=1,
            customer_action="ยื่น", frontstage="รับเรื่อง", support_processes="ระบบงาน",
        )  # fmt: skip
    assert _readiness(org_a).checks[4].met


def test_an_approved_emergency_without_bcm_would_not_count(org_a):
    """The database refuses such a row; the check still guards imported or older data."""
    version = f.make_full_charter(org_a)
    with scope(organization=org_a):
        sections = selectors.charter_sections(version)
    emergency = sections.emergency_recoveries[0]
    emergency.continuity_link = ""
    checks = selectors._content_checks(sections, "", [])
    assert not checks[-1].met


def test_readiness_is_judged_on_the_version_in_force_that_day(org_a):
    version = f.make_full_charter(org_a)
    f.approve_charter(org_a, version, publish=True, meeting_date=dt.date(2026, 3, 1))
    assert _readiness(org_a, dt.date(2026, 3, 31)).checks[0].met
    assert not _readiness(org_a, dt.date(2026, 2, 28)).checks[0].met


def _approved_published(org, year):
    with scope(organization=org):
        return selectors.approved_published_in_fiscal_year(year)


def test_approved_and_published_in_a_fiscal_year(org_a):
    version = f.make_full_charter(org_a)
    f.approve_charter(org_a, version, meeting_date=dt.date(2026, 3, 1))
    assert _approved_published(org_a, 2569) is None  # approved, not published
    with scope(organization=org_a):
        approvals.publish_version(version=version)
    # Approved in fiscal year 2569 and still the published current version later on.
    assert _approved_published(org_a, current_fiscal_year().year) == version
    assert _approved_published(org_a, 2568) is None  # approved after that year ended


def test_a_version_superseded_before_the_year_does_not_count(org_a):
    first = f.make_full_charter(org_a)
    f.approve_charter(org_a, first, publish=True, meeting_date=dt.date(2025, 3, 1))
    with scope(organization=org_a):
        second = approvals.start_new_draft(document=first.document, by=f.coordinator(org_a))
    f.approve_charter(org_a, second, meeting_date=dt.date(2025, 9, 1))
    # The second is not published: fiscal year 2569 (from 1 Oct 2025) has no published version
    # in force, since the first was replaced before that year began.
    assert _approved_published(org_a, 2569) is None
    # In fiscal year 2568 the first was in force and published (published today, though, so
    # only the current publication counts: it was not published by the end of 2568).
    assert _approved_published(org_a, 2568) is None
    with scope(organization=org_a):
        approvals.publish_version(version=second)
    current = current_fiscal_year().year
    assert _approved_published(org_a, current) == second


def test_recovery_check_reports_missing_normal_error(org_a, english):
    version = f.charter_draft(org_a)
    f.make_recovery(
        org_a,
        version=version,
        situation=RecoveryScenario.Situation.EMERGENCY,
        continuity_link="BCM-01",
    )
    detail = _readiness(org_a).checks[6].detail
    assert "a service error in normal times" in detail and "emergency" not in detail
