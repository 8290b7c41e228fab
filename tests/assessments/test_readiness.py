"""Readiness from live data: which expected artefacts are present, missing or out of date, and
whether a claimed level is backed. The three checks the criteria are clearest about reuse the
modules' own readiness (1.1 level 3, 5.1 level 3, 5.3 level 1)."""

import datetime as dt

import pytest
from django_scopes import scope

from assessments import selectors
from assessments.artefacts import State
from customers import strategy_services
from customers.models import KpiCascade, PlanCommunication, Survey
from seam_scm.tenancy.roles import Role

from ..complaints import factories as complaints
from ..customers import factories as customers
from ..factories import OrgUnitFactory
from ..files.factories import make_attachment
from . import factories

pytestmark = pytest.mark.django_db


def _readiness(cycle, code):
    assessment = factories.criterion(cycle, code)
    with scope(organization=cycle.organization):
        cycle = selectors.cycle(cycle.pk)
        return selectors.criterion_page(
            cycle, selectors.criterion_assessment(cycle, assessment.pk)
        ).readiness


def _state(readiness, key):
    return next(s for row in readiness.levels for s in row.artefacts if s.key == key)


# --- 5.3 level 1: an approved complaint policy with at least two active channels ----------------


def test_complaint_policy_backs_5_3_level_1_only_once_approved(org_a, english):
    cycle = factories.make_cycle(org_a)
    factories.claim(cycle, "CM 5.3", 1)
    readiness = _readiness(cycle, "CM 5.3")
    assert readiness.is_backed is False
    assert [s.key for s in readiness.unbacked] == ["complaint_policy"]
    assert _state(readiness, "complaint_policy").detail == (
        "Not met: Approved by the board or a committee it assigned."
    )

    _approved_policy(org_a, active_channels=2)
    readiness = _readiness(cycle, "CM 5.3")
    status = _state(readiness, "complaint_policy")
    assert status.state == State.PRESENT, status.detail
    assert [check.met for check in status.checks] == [True, True, True]  # the module's checks
    assert readiness.is_backed is True


def _approved_policy(org, *, active_channels: int):
    """A written policy with only so many channels in use, approved by the board."""
    from complaints import policy_services
    from seam_scm.approvals import services as approvals

    by = complaints.member(org, Role.COORDINATOR)
    with scope(organization=org):
        version = policy_services.create_policy(organization=org, by=by).versions.get()
        version.body = "นโยบายการจัดการข้อร้องเรียน"
        approvals.save_draft(version)
        keep = version.complaint_channels.order_by("order")[:active_channels]
        version.complaint_channels.exclude(pk__in=[c.pk for c in keep]).update(is_active=False)
    return complaints.approved_policy(org)


def test_one_active_channel_is_not_several(org_a, english):
    _approved_policy(org_a, active_channels=1)
    cycle = factories.make_cycle(org_a)
    factories.claim(cycle, "CM 5.3", 1)
    readiness = _readiness(cycle, "CM 5.3")
    assert _state(readiness, "complaint_policy").state == State.MISSING
    assert readiness.is_backed is False


# --- 5.1 level 3: a charter approved and published in this fiscal year --------------------------


def test_charter_backs_5_1_level_3_when_approved_and_published_this_fiscal_year(org_a, english):
    cycle = factories.make_cycle(org_a)  # fiscal year 2570: 1 Oct 2026 - 30 Sep 2027
    factories.claim(cycle, "CM 5.1", 3)
    assert _state(_readiness(cycle, "CM 5.1"), "service_charter").state == State.MISSING

    version = customers.make_full_charter(org_a)
    customers.approve_charter(org_a, version, publish=False)
    status = _state(_readiness(cycle, "CM 5.1"), "service_charter")
    assert (status.state, status.detail) == (State.MISSING, "Approved, but not published.")

    with scope(organization=org_a):
        from seam_scm.approvals import services as approvals

        approvals.publish_version(version=version)
    readiness = _readiness(cycle, "CM 5.1")
    status = _state(readiness, "service_charter")
    assert status.state == State.PRESENT, status.detail
    assert status.detail == "Version 1, approved and published, in force in fiscal year 2570."
    # Level 1 expects journey maps, which this organization has not drawn yet.
    assert readiness.is_backed is False
    assert [s.key for s in readiness.unbacked] == ["journey_maps"]
    customers.make_journey(org_a)
    assert _readiness(cycle, "CM 5.1").is_backed is True


def test_a_charter_approved_in_an_earlier_year_and_still_published_backs_this_year(org_a):
    """As the charter page reads criterion 5.1 (customers.charter_selectors): the version in
    force during the year counts, even if the board approved it the year before."""
    version = customers.make_full_charter(org_a)
    customers.approve_charter(org_a, version, publish=True, meeting_date=dt.date(2025, 6, 1))
    cycle = factories.make_cycle(org_a)
    assert _state(_readiness(cycle, "CM 5.1"), "service_charter").state == State.PRESENT
    # Published only now (fiscal year 2570): it did not back fiscal year 2568.
    older = factories.make_cycle(org_a, fiscal_year=2568)
    assert _state(_readiness(older, "CM 5.1"), "service_charter").state == State.MISSING


# --- 1.1 level 3: an approved strategy with its KPI cascade -------------------------------------


def _make_ready(strategy):
    """The steps of customers' own readiness test, dated before today (21 Nov 2026)."""
    org = strategy.organization
    unit = OrgUnitFactory(organization=org, code="CS", name_th="ฝ่ายบริการลูกค้า")
    objective = customers.make_objective(org, strategy=strategy)
    long_term = customers.make_action_item(
        org, strategy=strategy, horizon="long_term", fiscal_year=None, partners="",
        objective_key=objective.key, owner_unit=unit,
    )  # fmt: skip
    annual = customers.make_action_item(
        org, strategy=strategy, fiscal_year=2570, objective_key=objective.key, owner_unit=unit,
        partners="",
    )  # fmt: skip
    customers.approve_strategy(strategy, meeting_date=dt.date(2026, 10, 20))
    with scope(organization=org):
        sources = [
            (objective, KpiCascade.Level.STRATEGY),
            (long_term, KpiCascade.Level.PLAN),
            (annual, KpiCascade.Level.PLAN),
        ]
        for source, level in sources:
            strategy_services.save_cascade(
                KpiCascade(
                    organization=org,
                    strategy=strategy,
                    level=level,
                    source_key=source.key,
                    recipient_kind=KpiCascade.RecipientKind.UNIT,
                    unit=unit,
                    kpi=source.kpi or "ร้อยละความพึงพอใจของลูกค้า",
                    target=source.target or "ไม่น้อยกว่าร้อยละ 85",
                    cascaded_on=dt.date(2026, 10, 25),
                )  # fmt: skip
            )
        strategy_services.save_communication(
            PlanCommunication(
                organization=org,
                strategy=strategy,
                audience="staff",
                audience_detail="ทุกหน่วยงาน",
                communicated_on=dt.date(2026, 10, 28),
                channel=PlanCommunication.Channel.MEETING,
            )  # fmt: skip
        )
    return strategy


def test_strategy_backs_1_1_level_3_only_approved_with_its_cascade(org_a, english):
    cycle = factories.make_cycle(org_a)
    factories.claim(cycle, "CM 1.1", 3)
    status = _state(_readiness(cycle, "CM 1.1"), "customer_strategy")
    assert (status.state, status.detail) == (
        State.MISSING,
        "No customer and market strategy covers fiscal year 2570.",
    )
    strategy = customers.make_strategy(org_a)  # declared, not approved, nothing cascaded
    status = _state(_readiness(cycle, "CM 1.1"), "customer_strategy")
    assert status.state == State.MISSING and len(status.checks) == 7
    assert not status.checks[0].met

    _make_ready(strategy)
    status = _state(_readiness(cycle, "CM 1.1"), "customer_strategy")
    assert status.state == State.PRESENT, [c.detail for c in status.checks if not c.met]
    assert _readiness(cycle, "CM 1.1").is_backed is True


# --- other artefacts -----------------------------------------------------------------------------


def test_an_external_survey_of_an_earlier_year_is_out_of_date(org_a, english):
    cycle = factories.make_cycle(org_a)
    assert _state(_readiness(cycle, "CM 4.x"), "external_survey").state == State.MISSING
    customers.make_survey(
        org_a, fiscal_year=2569, survey_type=Survey.SurveyType.ANNUAL,
        conducted_by=Survey.ConductedBy.EXTERNAL,
    )  # fmt: skip
    status = _state(_readiness(cycle, "CM 4.x"), "external_survey")
    assert (status.state, status.detail) == (
        State.OUT_OF_DATE,
        "The latest external annual survey is of fiscal year 2569.",
    )
    customers.make_survey(
        org_a, fiscal_year=2570, survey_type=Survey.SurveyType.ANNUAL,
        conducted_by=Survey.ConductedBy.EXTERNAL,
    )  # fmt: skip
    assert _state(_readiness(cycle, "CM 4.x"), "external_survey").state == State.PRESENT


def test_a_document_artefact_is_shown_by_a_linked_file_of_the_cycle(org_a, english):
    cycle = factories.make_cycle(org_a, code=factories.BOT)
    assessment = factories.criterion(cycle, "MC 1")
    assert _state(_readiness(cycle, "MC 1"), "board_resolution").state == State.MISSING
    old = make_attachment(org_a, title="มติคณะกรรมการ 2566", effective_date=dt.date(2023, 5, 1))
    factories.link(assessment, "file", old, artefact="board_resolution")
    assert _state(_readiness(cycle, "MC 1"), "board_resolution").state == State.OUT_OF_DATE
    recent = make_attachment(org_a, title="มติคณะกรรมการ 2569", effective_date=dt.date(2026, 8, 1))
    # Linked under another criterion of the same cycle: a board resolution serves them all.
    factories.link(factories.criterion(cycle, "MC 3"), "file", recent, artefact="board_resolution")
    status = _state(_readiness(cycle, "MC 1"), "board_resolution")
    assert (status.state, status.detail) == (State.PRESENT, "มติคณะกรรมการ 2569, of 1 Aug 2026.")


def test_the_highest_backed_level_stops_at_the_first_level_not_shown(org_a, english):
    from stakeholders.models import VoiceOfStakeholder

    from ..stakeholders import factories as stakeholders

    cycle = factories.make_cycle(org_a)
    factories.claim(cycle, "SM 1.1", 0)
    readiness = _readiness(cycle, "SM 1.1")
    assert (readiness.highest_backed_level, readiness.is_backed) == (0, None)  # 0 expects nothing

    line = OrgUnitFactory(organization=org_a, kind="line", code="L1", name_th="สายงานบริการ")
    stakeholder = stakeholders.make_stakeholder(
        org_a, units=[(line, 1)], last_reviewed=dt.date(2026, 10, 1)
    )
    factories.claim(cycle, "SM 1.1", 2)
    readiness = _readiness(cycle, "SM 1.1")
    assert _state(readiness, "stakeholder_profiles").state == State.PRESENT
    assert readiness.highest_backed_level == 1
    assert [s.key for s in readiness.unbacked] == ["voice_of_stakeholders"]

    stakeholders.make_voice(org_a, stakeholder, owner_unit=line, heard_on=dt.date(2026, 10, 5))
    stakeholders.make_voice(
        org_a,
        stakeholder,
        owner_unit=line,
        polarity=VoiceOfStakeholder.Polarity.POSITIVE,
        heard_on=dt.date(2026, 10, 6),
    )
    readiness = _readiness(cycle, "SM 1.1")
    # Levels 3 to 5 expect nothing yet (not provided): they cannot raise the backed level.
    assert (readiness.highest_backed_level, readiness.is_backed) == (2, True)


def test_profiles_not_reviewed_within_the_review_period_are_out_of_date(org_a, english):
    from ..stakeholders import factories as stakeholders

    line = OrgUnitFactory(organization=org_a, kind="line", code="L1", name_th="สายงานบริการ")
    stakeholders.make_stakeholder(org_a, units=[(line, 1)], last_reviewed=dt.date(2024, 1, 10))
    cycle = factories.make_cycle(org_a)
    status = _state(_readiness(cycle, "SM 1.1"), "stakeholder_profiles")
    assert status.state == State.OUT_OF_DATE
    OrgUnitFactory(organization=org_a, kind="line", code="L2", name_th="สายงานการเงิน")
    status = _state(_readiness(cycle, "SM 1.1"), "stakeholder_profiles")
    assert (status.state, status.detail) == (
        State.MISSING,
        "Business lines without profiles: สายงานการเงิน.",
    )
