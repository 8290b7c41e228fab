"""Complaint KPIs against a hand-computed set of cases, periods of the fiscal year, grouping.

The default calendar works Monday-Friday 08:30-16:30 (8 hours a day, no lunch break); February
2026 (ก.พ. 2569, in Q2 of fiscal year 2569) has no Thai public holiday: Monday 2 February,
then 9, 16 and 23 are Mondays. The default time standards (complaints.policy_services): medium
= acknowledge within 8 working hours, resolve within 10 working days; high = 4 hours and 5
days; low = 8 hours and 15 days.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django_scopes import scope

from complaints import kpis, policy_selectors
from complaints.kpis import KpiQuery
from complaints.models import ComplaintChannel
from seam_scm.approvals import services as approvals
from seam_scm.tenancy.roles import Role

from ..approvals.factories import APPROVAL_FIELDS, pdf_upload
from ..factories import OrgUnitFactory
from .factories import CLOSING, RESPONSE, approved_policy, make_case, member, move

pytestmark = pytest.mark.django_db

BANGKOK = ZoneInfo("Asia/Bangkok")


def feb(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of February 2026 in Bangkok."""
    return dt.datetime(2026, 2, day, hour, minute, tzinfo=BANGKOK)


def step(case, action, when, by, **details):
    return move(case, action, by=by, at=when, **details)


def respond(case, when, by):
    return step(case, "respond", when, by, decision_communicated_at=when, **RESPONSE)


def close(case, when, by, satisfaction=None):
    if satisfaction is not None:
        return step(case, "close", when, by, satisfaction=satisfaction, **CLOSING)
    return step(case, "close", when, by, **CLOSING)


def report(organization, fiscal_year=2569, period=kpis.MONTH, by=kpis.NONE, now=None):
    with scope(organization=organization):
        return kpis.kpi_report(
            KpiQuery(fiscal_year, period, by), organization=organization, now=now
        )


def row_of(report_, period_key=None, group_key=None) -> kpis.KpiRow:
    [row] = [
        row
        for row in report_.rows
        if (row.period.key if row.period else None) == period_key
        and (row.group.key if row.group else None) == group_key
    ]
    return row


def hand_computed_set(organization) -> dict:
    """Ten cases received in February 2026, each taken through known steps at known times."""
    by = member(organization, Role.EDITOR)
    cases = {}

    # C1, medium, Mon 2 Feb 09:00. Acknowledgement due Tue 3 Feb 09:00 (7.5 h on Monday + 0.5 h),
    # resolution due Mon 16 Feb 16:30 (10 working days from Tue 3 Feb).
    # Acknowledged Mon 10:00 (in time); responded Thu 5 Feb 09:00 (in time):
    # 7.5 + 8 + 8 + 0.5 = 24 working hours = 1440 minutes. Satisfaction 5.
    c1 = make_case(organization, by=by, received_at=feb(2, 9))
    step(c1, "acknowledge", feb(2, 10), by)
    step(c1, "assess", feb(2, 11), by)
    step(c1, "investigate", feb(2, 12), by)
    respond(c1, feb(5, 9), by)
    cases["c1"] = close(c1, feb(5, 10), by, satisfaction=5)

    # C2, medium, Mon 2 Feb 09:00 (due as C1). Acknowledged Wed 4 Feb 09:00: late.
    # Responded Wed 18 Feb 09:00: late (due Mon 16 Feb 16:30);
    # 7.5 (2 Feb) + 4 × 8 (3-6 Feb) + 5 × 8 (9-13 Feb) + 2 × 8 (16-17 Feb) + 0.5 = 96 h
    # = 5760 minutes. Satisfaction 2.
    c2 = make_case(organization, by=by, received_at=feb(2, 9))
    step(c2, "acknowledge", feb(4, 9), by)
    step(c2, "assess", feb(4, 10), by)
    respond(c2, feb(18, 9), by)
    cases["c2"] = close(c2, feb(18, 10), by, satisfaction=2)

    # C3, medium, Tue 3 Feb 09:00. Acknowledged 11:00 (in time), responded 15:00 (in time,
    # 6 h = 360 minutes), closed with satisfaction 4, then reopened Wed 4 Feb 09:00: open
    # again, with a new resolution due time (Wed 18 Feb 16:30) long passed: overdue now.
    c3 = make_case(organization, by=by, received_at=feb(3, 9))
    step(c3, "acknowledge", feb(3, 11), by)
    step(c3, "assess", feb(3, 12), by)
    respond(c3, feb(3, 15), by)
    close(c3, feb(3, 15, 30), by, satisfaction=4)
    cases["c3"] = step(c3, "reopen", feb(4, 9), by, note="ผู้ร้องแจ้งว่ายังไม่ได้รับการแก้ไข")

    # C4, medium, Wed 4 Feb 09:00. Acknowledged 09:30 (in time), then withdrawn: counts in
    # the volume and the acknowledgement, not in the resolution.
    c4 = make_case(organization, by=by, received_at=feb(4, 9))
    step(c4, "acknowledge", feb(4, 9, 30), by)
    cases["c4"] = step(c4, "withdraw", feb(5, 9), by, note="ผู้ร้องขอถอนเรื่อง")

    # C5, medium, Thu 5 Feb 09:00. Never acknowledged: both due times (Fri 6 Feb 09:00, Thu
    # 19 Feb 16:30) have passed, so it counts as not in time for both; open and overdue.
    cases["c5"] = make_case(organization, by=by, received_at=feb(5, 9))

    # C6, high, Fri 6 Feb 09:00. Acknowledgement due 13:00, resolution due Fri 13 Feb 16:30
    # (5 working days from Mon 9 Feb). Acknowledged 12:00 (in time), escalated, responded
    # Fri 13 Feb 16:00 (in time): 7.5 + 4 × 8 + 7.5 = 47 h = 2820 minutes. No satisfaction.
    c6 = make_case(organization, by=by, received_at=feb(6, 9), severity="high")
    step(c6, "acknowledge", feb(6, 12), by)
    step(c6, "assess", feb(6, 12, 30), by)
    step(c6, "escalate", feb(6, 13), by, note="เรื่องเร่งด่วน")
    respond(c6, feb(13, 16), by)
    cases["c6"] = close(c6, feb(13, 16, 15), by)

    # C7, medium, Mon 9 Feb 09:00, a repeat of C1. Acknowledged 09:10 (in time), assessed,
    # never responded: resolution due Mon 23 Feb 16:30 has passed, not in time; overdue.
    c7 = make_case(organization, by=by, received_at=feb(9, 9), repeat_of=cases["c1"])
    step(c7, "acknowledge", feb(9, 9, 10), by)
    cases["c7"] = step(c7, "assess", feb(9, 10), by)

    # C8, low, Mon 9 Feb 09:00, a repeat of C2. Acknowledged Tue 10 Feb 08:45 (due 09:00: in
    # time); responded Mon 16 Feb 10:00 (due in 15 working days: in time):
    # 7.5 + 4 × 8 + 1.5 = 41 h = 2460 minutes. Closed with satisfaction 5, reopened, responded
    # and closed again (the first response's facts stay; the satisfaction stays 5).
    c8 = make_case(
        organization, by=by, received_at=feb(9, 9), severity="low", repeat_of=cases["c2"]
    )
    step(c8, "acknowledge", feb(10, 8, 45), by)
    step(c8, "assess", feb(10, 9), by)
    respond(c8, feb(16, 10), by)
    close(c8, feb(16, 11), by, satisfaction=5)
    step(c8, "reopen", feb(17, 9), by, note="ยังมีปัญหาอยู่")
    respond(c8, feb(18, 9), by)
    cases["c8"] = close(c8, feb(18, 10), by)

    # C9, medium, Wed 11 Feb 09:00. Acknowledged Thu 12 Feb 10:00: late (due 09:00).
    # Responded Fri 20 Feb 09:00: in time (due Wed 25 Feb 16:30, 10 working days from Thu 12):
    # 7.5 + 2 × 8 (12-13 Feb) + 4 × 8 (16-19 Feb) + 0.5 = 56 h = 3360 minutes. Satisfaction 3.
    c9 = make_case(organization, by=by, received_at=feb(11, 9))
    step(c9, "acknowledge", feb(12, 10), by)
    step(c9, "assess", feb(12, 11), by)
    respond(c9, feb(20, 9), by)
    cases["c9"] = close(c9, feb(20, 10), by, satisfaction=3)

    # C10, medium, Mon 23 Feb 09:00, withdrawn before acknowledgement: in the volume only.
    c10 = make_case(organization, by=by, received_at=feb(23, 9))
    cases["c10"] = step(c10, "withdraw", feb(23, 10), by, note="ผู้ร้องขอถอนเรื่อง")
    return cases


@pytest.fixture
def hand_set(org_a):
    return hand_computed_set(org_a)


# What the hand-computed set must give for February 2026 (and for fiscal year 2569).
FEBRUARY = {
    "volume": 10,
    # Known: C1 ✓, C2 ✗, C3 ✓, C4 ✓, C6 ✓, C7 ✓, C8 ✓, C9 ✗ (8) + C5 unacknowledged past due
    # (1) = 9; in time: 6. 6 ÷ 9 × 100 = 66.67 -> 66.7. C10 (withdrawn unacknowledged) is out.
    "acknowledged_in_time": 6,
    "acknowledgements_counted": 9,
    "acknowledged_in_time_percent": Decimal("66.7"),
    # Not withdrawn (C4, C10 out). Known: C1 ✓, C2 ✗, C3 ✓, C6 ✓, C8 ✓, C9 ✓ (6) + open without
    # response past due: C5, C7 (2) = 8; in time 5. 5 ÷ 8 × 100 = 62.5.
    "resolved_in_time": 5,
    "resolutions_counted": 8,
    "resolved_in_time_percent": Decimal("62.5"),
    # Minutes: 1440, 5760, 360, 2820, 2460, 3360; sum 16200 ÷ 6 = 2700 minutes = 45.0 h
    # = 45 ÷ 8 = 5.625 -> 5.63 working days. Median: sorted 360, 1440, 2460, 2820, 3360, 5760
    # -> (2460 + 2820) ÷ 2 = 2640 minutes = 44.0 h = 5.50 working days.
    "resolution_times": 6,
    "mean_resolution_hours": Decimal("45.0"),
    "mean_resolution_days": Decimal("5.63"),
    "median_resolution_hours": Decimal("44.0"),
    "median_resolution_days": Decimal("5.50"),
    # Responded: C1, C2, C3, C6, C8, C9 = 6; reopened: C3, C8 = 2. 2 ÷ 6 × 100 = 33.3.
    "responded": 6,
    "reopened": 2,
    "reopen_rate_percent": Decimal("33.3"),
    # Repeats: C7, C8. 2 ÷ 10 × 100 = 20.0.
    "repeats": 2,
    "repeat_percent": Decimal("20.0"),
    # Satisfaction: C1 5, C2 2, C3 4, C8 5, C9 3: 19 ÷ 5 = 3.80.
    "satisfaction_answers": 5,
    "satisfaction_mean": Decimal("3.80"),
    # Open: C3 (reopened), C5 (received), C7 (assessed); all three past a due time.
    "open_now": 3,
    "overdue_now": 3,
}


def figures_dict(figures: kpis.Figures) -> dict:
    return {name: getattr(figures, name) for name in FEBRUARY}


def test_hand_computed_month_matches(org_a, hand_set):
    result = report(org_a)

    assert figures_dict(row_of(result, "2026-02").figures) == FEBRUARY
    assert figures_dict(result.total.figures) == FEBRUARY
    assert result.hours_per_day == Decimal("8.0")


def test_months_of_the_fiscal_year_run_october_to_september(org_a, hand_set):
    result = report(org_a)

    assert [period.key for period in result.periods] == [
        "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03",
        "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09",
    ]  # fmt: skip
    # Twelve months, then the whole fiscal year.
    assert [row.period.key if row.period else None for row in result.rows][-2:] == [
        "2026-09",
        None,
    ]


def test_empty_periods_give_none_never_zero_percent(org_a, hand_set):
    january = row_of(report(org_a), "2026-01").figures

    assert january.volume == 0
    assert january.acknowledged_in_time_percent is None
    assert january.resolved_in_time_percent is None
    assert january.mean_resolution_days is None
    assert january.median_resolution_hours is None
    assert january.reopen_rate_percent is None
    assert january.repeat_percent is None
    assert january.satisfaction_mean is None


def test_quarter_holds_the_february_cases(org_a, hand_set):
    result = report(org_a, period=kpis.QUARTER)

    assert [(p.key, p.start, p.end) for p in result.periods] == [
        ("2569-Q1", dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
        ("2569-Q2", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ("2569-Q3", dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        ("2569-Q4", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
    ]
    assert figures_dict(row_of(result, "2569-Q2").figures) == FEBRUARY
    assert row_of(result, "2569-Q1").figures.volume == 0


def test_clocks_that_have_not_run_out_are_left_out(org_a, hand_set):
    """The same cases judged at Thu 19 Feb 2026 12:00 instead of now."""
    figures = row_of(report(org_a, now=feb(19, 12)), "2026-02").figures

    # C5's acknowledgement was due Fri 6 Feb 09:00: still counted, 6 ÷ 9 = 66.7.
    assert figures.acknowledgements_counted == 9
    assert figures.acknowledged_in_time_percent == Decimal("66.7")
    # C5's resolution is due Thu 19 Feb 16:30 and C7's Mon 23 Feb 16:30: both left out.
    # 5 in time ÷ 6 known = 83.33 -> 83.3.
    assert figures.resolutions_counted == 6
    assert figures.resolved_in_time_percent == Decimal("83.3")
    # Overdue: C3 (reopened Wed 4 Feb 09:00, due again Wed 18 Feb 16:30) and C5
    # (unacknowledged past its due time); C7 is open but not yet due.
    assert (figures.open_now, figures.overdue_now) == (3, 2)


def test_unacknowledged_case_not_yet_due_is_left_out(org_a):
    make_case(org_a, received_at=timezone.now() - dt.timedelta(hours=1))
    with scope(organization=org_a):
        query = kpis.query_from({}, organization=org_a)
        figures = kpis.kpi_report(query, organization=org_a).total.figures

    assert figures.volume == 1
    assert figures.acknowledgements_counted == 0
    assert figures.acknowledged_in_time_percent is None
    assert figures.resolved_in_time_percent is None
    assert (figures.open_now, figures.overdue_now) == (1, 0)


# --- periods by local date and fiscal year ----------------------------------------------------


def bangkok(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BANGKOK)


@pytest.fixture
def boundary_cases(org_a):
    """Cases on both sides of the fiscal year's and of a quarter's first moments. The UTC date
    of each is the day before its Bangkok date for the late-night and early-morning ones."""
    approved_policy(org_a)
    for moment in [
        bangkok(2025, 9, 30, 23, 0),  # FY 2568 (UTC: 30 Sep 16:00)
        bangkok(2025, 10, 1, 6, 0),  # FY 2569 Q1 (UTC: 30 Sep 23:00)
        bangkok(2025, 12, 31, 23, 30),  # Q1 (UTC: 31 Dec 16:30)
        bangkok(2026, 1, 1, 0, 10),  # Q2 (UTC: 31 Dec 17:10)
    ]:
        make_case(org_a, received_at=moment)


def test_quarters_follow_the_local_date(org_a, boundary_cases):
    result = report(org_a, period=kpis.QUARTER)

    assert [row.figures.volume for row in result.period_totals] == [2, 1, 0, 0]
    assert result.total.figures.volume == 3
    assert row_of(result, "2569-Q3").figures.acknowledged_in_time_percent is None


def test_months_follow_the_local_date(org_a, boundary_cases):
    result = report(org_a)

    assert row_of(result, "2025-10").figures.volume == 1
    assert row_of(result, "2025-12").figures.volume == 1
    assert row_of(result, "2026-01").figures.volume == 1


def test_years_compare_from_the_first_year_with_cases(org_a, boundary_cases):
    result = report(org_a, period=kpis.YEAR)

    assert [(p.key, p.start, p.end) for p in result.periods] == [
        ("2568", dt.date(2024, 10, 1), dt.date(2025, 9, 30)),
        ("2569", dt.date(2025, 10, 1), dt.date(2026, 9, 30)),
    ]
    assert [row.figures.volume for row in result.period_totals] == [1, 3]
    assert result.total.figures.volume == 4


def test_a_year_without_cases_is_shown_alone(org_a):
    result = report(org_a, fiscal_year=2565, period=kpis.YEAR)

    assert [p.key for p in result.periods] == ["2565"]
    assert result.total.figures.volume == 0
    assert not result.has_cases


def test_fiscal_year_starting_in_january(org_a):
    org_a.fiscal_year_start_month = 1
    org_a.save()
    result = report(org_a, fiscal_year=2569, period=kpis.QUARTER)

    assert [(p.start, p.end) for p in result.periods][0] == (
        dt.date(2026, 1, 1),
        dt.date(2026, 3, 31),
    )


def test_period_labels_in_thai_and_english(org_a):
    with translation.override("th"):
        periods = kpis.periods_of(KpiQuery(2569, kpis.QUARTER), 10)
        months = kpis.periods_of(KpiQuery(2569, kpis.MONTH), 10)
    assert months[4].label == "ก.พ. 2569"
    assert periods[0].label.endswith("(ต.ค.–ธ.ค. 2568)")
    with translation.override("en"):
        periods = kpis.periods_of(KpiQuery(2569, kpis.QUARTER), 10)
        months = kpis.periods_of(KpiQuery(2569, kpis.MONTH), 10)
    assert months[4].label == "Feb 2026"
    assert periods[0].label == "Q1 (Oct–Dec 2025)"


# --- query parameters ------------------------------------------------------------------------


def test_query_defaults_to_the_current_fiscal_year_by_month(org_a):
    query = kpis.query_from({}, organization=org_a, today=dt.date(2026, 11, 21))

    assert query == KpiQuery(2570, kpis.MONTH, kpis.NONE)


@pytest.mark.parametrize(
    "params",
    [
        {"fy": "abc", "period": "week", "by": "handler"},
        {"fy": "1999", "period": "", "by": ""},
        {"fy": "-2569"},
    ],
)
def test_invalid_query_falls_back_to_the_defaults(org_a, params):
    query = kpis.query_from(params, organization=org_a, today=dt.date(2026, 2, 1))

    assert query == KpiQuery(2569, kpis.MONTH, kpis.NONE)


def test_query_reads_the_parameters(org_a):
    params = {"fy": "2568", "period": "quarter", "by": "category"}

    assert kpis.query_from(params, organization=org_a) == KpiQuery(2568, "quarter", "category")


# --- groups ----------------------------------------------------------------------------------


def approve_new_version(organization, *, meeting_date, rename_counter_to):
    """Start a new draft (its rows copy the keys), rename the counter channel, approve it."""
    by = member(organization, Role.COORDINATOR)
    with scope(organization=organization):
        document = policy_selectors.policy_document()
        draft = approvals.start_new_draft(document=document, by=by)
        ComplaintChannel.objects.filter(version=draft, kind=ComplaintChannel.Kind.COUNTER).update(
            name_th=rename_counter_to, name_en=""
        )
        approvals.submit_version(version=draft, by=by)
        fields = {**APPROVAL_FIELDS, "meeting_date": meeting_date, "meeting_number": "3/2569"}
        approvals.record_approval(version=draft, by=by, minutes_upload=pdf_upload(), **fields)
    return draft


def test_channel_groups_span_policy_versions(org_a):
    first = approved_policy(org_a)
    counter = ComplaintChannel.Kind.COUNTER
    call_center = ComplaintChannel.Kind.CALL_CENTER
    old = make_case(org_a, received_at=feb(2, 9), channel_kind=counter)
    second = approve_new_version(
        org_a, meeting_date=dt.date(2026, 3, 2), rename_counter_to="จุดบริการลูกค้า"
    )
    new = make_case(org_a, received_at=bangkok(2026, 3, 10, 9, 0), channel_kind=counter)
    make_case(org_a, received_at=bangkok(2026, 3, 10, 10, 0), channel_kind=call_center)
    assert (old.policy_version_id, new.policy_version_id) == (first.pk, second.pk)
    assert old.channel_id != new.channel_id
    assert old.channel.key == new.channel.key

    result = report(org_a, period=kpis.QUARTER, by=kpis.CHANNEL)

    counter_key = str(old.channel.key)
    assert [(g.key, g.label) for g in result.groups][0] == (counter_key, "จุดบริการลูกค้า")
    assert [g.label for g in result.groups][1] == "ศูนย์บริการลูกค้าทางโทรศัพท์"
    assert row_of(result, "2569-Q2", counter_key).figures.volume == 2
    assert row_of(result, None, counter_key).figures.volume == 2
    assert result.total.figures.volume == 3
    # Each quarter lists only the groups that had cases in it.
    assert [(r.period.key, r.group.label) for r in result.rows if r.period] == [
        ("2569-Q2", "จุดบริการลูกค้า"),
        ("2569-Q2", "ศูนย์บริการลูกค้าทางโทรศัพท์"),
    ]


def test_category_groups_carry_the_code(org_a):
    make_case(org_a, received_at=feb(2, 9), category_code="BIL")
    make_case(org_a, received_at=feb(3, 9), category_code="SRV")
    make_case(org_a, received_at=feb(4, 9), category_code="SRV")

    result = report(org_a, by=kpis.CATEGORY)

    assert [
        (g.label, row.figures.volume)
        for g, row in zip(result.groups, result.group_totals, strict=True)
    ] == [("SRV คุณภาพการให้บริการ", 2), ("BIL ค่าบริการและการเรียกเก็บเงิน", 1)]


def test_unit_groups_put_unassigned_cases_last(org_a, english):
    water = OrgUnitFactory(organization=org_a, code="W", name_th="ฝ่ายน้ำ", name_en="Water")
    bills = OrgUnitFactory(organization=org_a, code="B", name_th="ฝ่ายบัญชี")
    make_case(org_a, received_at=feb(2, 9), unit=water)
    make_case(org_a, received_at=feb(3, 9), unit=bills)
    make_case(org_a, received_at=feb(3, 10), unit=water)
    make_case(org_a, received_at=feb(4, 9))

    result = report(org_a, by=kpis.UNIT)

    assert [(g.key, g.label) for g in result.groups] == [
        (str(bills.pk), "B ฝ่ายบัญชี"),
        (str(water.pk), "W Water"),
        (kpis.UNASSIGNED, "Not assigned to a unit"),
    ]
    assert [row.figures.volume for row in result.group_totals] == [1, 2, 1]
    assert row_of(result, "2026-02", str(water.pk)).figures.volume == 2


def test_cases_of_another_organization_are_not_counted(org_a, org_b, hand_set):
    make_case(org_b, received_at=feb(2, 9))

    assert report(org_a).total.figures.volume == 10
    assert report(org_b).total.figures.volume == 1
