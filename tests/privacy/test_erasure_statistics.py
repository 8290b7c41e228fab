"""Erasure keeps statistics intact (issue 9): erasing every complainant and representative
leaves every figure the product shows unchanged (complaint KPIs, VOC counts, survey figures,
stakeholder counts), keeps none of the erased values in history, records the erasure once in
history, and the person can no longer be found."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from complaints import case_selectors, kpis
from complaints.kpi_spreadsheet import row_values
from complaints.models import CaseState, ComplaintCase, ComplaintChannel
from customers import record_selectors, survey_selectors
from customers.models import Measure, VocCategory, VoiceOfCustomer
from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy import registry, services
from seam_scm.privacy.registry import PersonQuery
from seam_scm.tenancy.roles import Role
from seam_scm.thai.dates import FiscalYear
from stakeholders import analysis_selectors, selectors
from stakeholders.models import Representative
from stakeholders.selectors import StakeholderFilters

from ..complaints.factories import CLOSING, RESPONSE, closed_case, make_case, member, move
from ..customers.factories import (
    make_channel,
    make_segment,
    make_survey,
    make_survey_result,
    make_voc,
)
from ..factories import OrgUnitFactory
from ..stakeholders.factories import make_stakeholder, make_voice

WHY = "คำขอลบข้อมูล DSR2570-0001"

PEOPLE = [
    # name, phone, e-mail, address
    ("นายสมปอง ร้องเรียน", "0811110001", "sompong@example.com", "12 ถนนพหลโยธิน"),
    ("นางสาวจันทร์ ผู้ใช้น้ำ", "0811110002", "jan@example.com", "34 ซอยลาดพร้าว 5"),
    ("นายมานพ ใจร้อน", "0811110003", "manop@example.com", "56 หมู่ 7 ตำบลบางพูด"),
]
REPRESENTATIVES = [
    ("นางวิไล ประสานงาน", "0822220001", "wilai@example.go.th", "ผู้อำนวยการกอง"),
    ("นายชาตรี ตัวแทน", "0822220002", "chatree@example.or.th", "ประธานชุมชน"),
]


def person(index: int, **extra) -> dict:
    name, phone, email, address = PEOPLE[index]
    return {
        "complainant_name": name,
        "complainant_phone": phone,
        "complainant_email": email,
        "complainant_address": address,
        "lawful_basis": LawfulBasis.PUBLIC_TASK,
        "remedy_sought": f"ขอให้ติดต่อกลับที่ {phone}",
        **extra,
    }


def _at(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def build_statistics(organization) -> dict:
    """Cases in every state the KPIs tell apart, VOC, survey results and stakeholders."""
    by = member(organization, Role.COORDINATOR)
    line_a = OrgUnitFactory(organization=organization, code="LA")
    line_b = OrgUnitFactory(organization=organization, code="LB")
    counter, call_center = ComplaintChannel.Kind.COUNTER, ComplaintChannel.Kind.CALL_CENTER

    # Closed in time with satisfaction scores, and a repeat complaint of the same person.
    first = closed_case(organization, by=by, satisfaction=5, received_at=_at(0.3), unit=line_a,
                        **person(0))  # fmt: skip
    repeat = closed_case(organization, by=by, satisfaction=2, received_at=_at(0.2), unit=line_a,
                         **person(0))  # fmt: skip
    assert repeat.repeat_of_id == first.pk
    # Late on both clocks, in the previous fiscal year (received 50 days ago).
    late = make_case(organization, by=by, received_at=_at(50), category_code="BIL",
                     channel_kind=call_center, unit=line_b, **person(1))  # fmt: skip
    move(late, "acknowledge", by=by, at=_at(40))
    move(late, "assess", by=by, at=_at(39))
    move(late, "investigate", by=by, at=_at(38))
    move(late, "respond", by=by, at=_at(2), decision_communicated_at=_at(2), **RESPONSE)
    move(late, "close", by=by, at=_at(1), satisfaction=1, **CLOSING)
    # Reopened after closing.
    reopened = closed_case(organization, by=by, satisfaction=3, received_at=_at(0.4), **person(2))
    move(reopened, "reopen", by=by, note="ผู้ร้องแจ้งว่ายังไม่ได้รับการแก้ไข")
    # Withdrawn, escalated, and open past its due times.
    withdrawn = make_case(organization, by=by, received_at=_at(0.5), channel_kind=counter,
                          **person(1))  # fmt: skip
    move(withdrawn, "withdraw", by=by, note="ผู้ร้องขอถอนเรื่อง")
    escalated = make_case(organization, by=by, received_at=_at(0.6), category_code="BIL",
                          unit=line_b, **person(2))  # fmt: skip
    move(escalated, "acknowledge", by=by)
    move(escalated, "escalate", by=by, note="เกินอำนาจของสายงาน")
    make_case(organization, by=by, received_at=_at(20), **person(0))  # overdue, untouched
    # An anonymous case: nothing to erase, counted all the same.
    make_case(organization, by=by, received_at=_at(0.7), is_anonymous=True)

    # Voices of customers and survey results (figures without people, shown beside them).
    segment, channel = make_segment(organization), make_channel(organization)
    for category, sentiment, importance, heard_on in [
        (VocCategory.PRODUCT_SERVICE, VoiceOfCustomer.Sentiment.NEGATIVE, 5, _at(10).date()),
        (VocCategory.PRODUCT_SERVICE, VoiceOfCustomer.Sentiment.POSITIVE, 3, _at(45).date()),
        (VocCategory.values[-1], VoiceOfCustomer.Sentiment.NEUTRAL, 2, _at(5).date()),
    ]:
        make_voc(organization, channel=channel, segment=segment, category=category,
                 sentiment=sentiment, importance=importance, heard_on=heard_on)  # fmt: skip
    survey = make_survey(organization, fiscal_year=2569)
    make_survey_result(organization, survey=survey, score=Decimal("4.21"))
    make_survey_result(organization, survey=survey, segment=segment, score=Decimal("3.80"),
                       measure=Measure.DISSATISFACTION, dimension="ความสะอาดของน้ำ")  # fmt: skip

    # Stakeholders whose representatives are people.
    stakeholders = []
    for name, phone, email, position in REPRESENTATIVES:
        stakeholder = make_stakeholder(
            organization,
            units=[(line_a, 1)],
            representatives=[{"name": name, "phone": phone, "email": email,
                              "position": position}],
        )  # fmt: skip
        make_voice(organization, stakeholder, owner_unit=line_b)
        stakeholders.append(stakeholder)
    make_stakeholder(organization)  # one without a representative (an incomplete profile)
    return {"survey": survey, "cases": [first, repeat, late, reopened, withdrawn, escalated]}


# --- every figure the product shows ----------------------------------------------------------


def _figures(figures: kpis.Figures) -> dict:
    """Every field of a group's KPIs and every figure derived from them."""
    derived = {
        name: getattr(figures, name)
        for name, value in vars(type(figures)).items()
        if isinstance(value, property)
    }
    return {**dataclasses.asdict(figures), **derived}


def complaint_figures(organization, now: dt.datetime) -> dict:
    years = {
        FiscalYear.containing(
            timezone.localdate(received), organization.fiscal_year_start_month
        ).year
        for received in ComplaintCase.objects.values_list("received_at", flat=True)
    }
    shown = {}
    for year in sorted(years):
        for period in kpis.PERIODS:
            for by in kpis.DIMENSIONS:
                query = kpis.KpiQuery(fiscal_year=year, period=period, by=by)
                report = kpis.kpi_report(query, organization=organization, now=now)
                for row in report.rows:
                    key = (year, period, by, report.period_label(row), report.group_label(row))
                    shown[key] = {"figures": _figures(row.figures),
                                  "export": row_values(report, row)}  # fmt: skip
    shown["sla"] = case_selectors.sla_counts(now=now)
    shown["states"] = sorted(ComplaintCase.objects.values_list("reference", "state"))
    return shown


def customer_figures(survey) -> dict:
    return {
        "voc_by_category": record_selectors.voc_count_by_category(),
        "voc_comparison": [
            record_selectors.voc_comparison(year) for year in record_selectors.voc_fiscal_years()
        ],
        "survey_trends": survey_selectors.survey_trends(),
        "survey_results": [
            (
                group.measure,
                segment.label,
                [(r.dimension, r.score, r.respondents, r.percent) for r in segment.results],
            )
            for group in survey_selectors.results_by_measure(survey)
            for segment in group.segments
        ],
    }


def stakeholder_figures() -> dict:
    return {
        "rollup": analysis_selectors.rollup(),
        "grid": analysis_selectors.power_interest_grid(),
        "vos": analysis_selectors.vos_matrix(),
        "incomplete": list(
            selectors.stakeholder_list(StakeholderFilters(incomplete=True)).values_list(
                "code", flat=True
            )
        ),
        "representatives": Representative.objects.count(),
    }


def everything_shown(organization, survey, now) -> dict:
    return {
        "complaints": complaint_figures(organization, now),
        "customers": customer_figures(survey),
        "stakeholders": stakeholder_figures(),
    }


def person_queries() -> list[PersonQuery]:
    return [PersonQuery(name=n, phone=p, email=e) for n, p, e, _a in PEOPLE] + [
        PersonQuery(name=n, phone=p, email=e) for n, p, e, _pos in REPRESENTATIVES
    ]


def personal_values() -> list[str]:
    values = [value for row in PEOPLE for value in row]
    values += [value for row in REPRESENTATIVES for value in row[:3]]
    return values


def _history_values(record) -> list[str]:
    """Every text value of every history row of the record."""
    texts = []
    for row in record.history.all():
        for field in row._meta.get_fields():
            if not getattr(field, "concrete", False):
                continue
            value = getattr(row, field.attname)
            if isinstance(value, str):
                texts.append(value)
    return texts


# --- the tests -------------------------------------------------------------------------------


@pytest.fixture
def statistics(org_a):
    return build_statistics(org_a)


@pytest.fixture
def now():
    return timezone.now()


@pytest.mark.django_db
def test_erasing_every_person_leaves_every_figure_unchanged(org_a, statistics, now):
    with scope(organization=org_a):
        before = everything_shown(org_a, statistics["survey"], now)
        assert before["complaints"]["sla"]["overdue"] >= 1
        assert any(v["figures"]["reopened"] for k, v in before["complaints"].items()
                   if isinstance(k, tuple))  # fmt: skip

        erased = 0
        for query in person_queries():
            found = services.find_person(query)
            assert found, query
            erased += services.erase(found, why=WHY)
        after = everything_shown(org_a, statistics["survey"], now)

    with scopes_disabled():
        named = ComplaintCase.objects.filter(organization=org_a, is_anonymous=False).count()
    assert erased == named + len(REPRESENTATIVES)  # the anonymous case holds nobody
    for part in ("complaints", "customers", "stakeholders"):
        changed = [
            key
            for key in before[part].keys() | after[part].keys()
            if before[part].get(key) != after[part].get(key)
        ]
        assert changed == [], f"{part}: figures changed by the erasure: {changed}"


@pytest.mark.django_db
def test_erasure_keeps_no_erased_value_in_history_and_says_once_it_was_erased(org_a, statistics):
    with scope(organization=org_a):
        for query in person_queries():
            services.erase(services.find_person(query), why=WHY)
        records = [
            *ComplaintCase.objects.filter(is_anonymous=False),
            *Representative.objects.all(),
        ]
        reason = str(services.ERASED_REASON % {"why": WHY})
        for record in records:
            record.refresh_from_db()
            holder = registry.holder_for(type(record))
            assert record.personal_data_erased_at is not None, record
            for name, value in holder.erased_values.items():
                assert getattr(record, name) == value, (record, name)
            texts = _history_values(record)
            kept = [value for value in personal_values() if any(value in t for t in texts)]
            assert kept == [], f"{record} history keeps {kept}"
            reasons = list(record.history.values_list("history_change_reason", flat=True))
            assert reasons.count(reason) == 1, (record, reasons)
            assert record.history.first().history_change_reason == reason  # the latest row

        # Erasing again finds nothing left to erase and adds no history.
        counts = {(type(r), r.pk): r.history.count() for r in records}
        keys = [f"{registry.holder_for(type(r)).model_label}:{r.pk}" for r in records]
        assert services.erase(services.find_records(keys), why=WHY) == 0
        assert {(type(r), r.pk): r.history.count() for r in records} == counts


@pytest.mark.django_db
def test_an_erased_person_is_found_no_more(org_a, statistics):
    with scope(organization=org_a):
        queries = person_queries()
        assert all(services.find_person(query) for query in queries)
        for query in queries:
            services.erase(services.find_person(query), why=WHY)

        for name, phone, email, *_rest in [*PEOPLE, *REPRESENTATIVES]:
            for query in (PersonQuery(name=name), PersonQuery(phone=phone),
                          PersonQuery(email=email)):  # fmt: skip
                assert services.find_person(query) == [], query
        # Even without the "already erased" filter, no row holds the person's data any more.
        for holder in registry.holders():
            for query in queries:
                assert not holder.queryset().filter(holder.matches(query)).exists(), query


@pytest.mark.django_db
def test_erasure_through_a_completed_erasure_request_keeps_the_figures(org_a, statistics, now):
    """The way a coordinator erases: a granted erasure request over the records found."""
    from seam_scm.privacy.models import RequestKind, RequestStatus

    coordinator = member(org_a, Role.COORDINATOR)
    name, phone, email, _address = PEOPLE[0]
    with scope(organization=org_a):
        before = everything_shown(org_a, statistics["survey"], now)
        request = services.register_request(
            organization=org_a,
            kind=RequestKind.ERASURE,
            subject_name=name,
            subject_email=email,
            received_at=now - dt.timedelta(days=1),
            identity_verified=True,
            verification_note="บัตรประชาชน",
        )
        found = services.find_person(PersonQuery(name=name, phone=phone, email=email))
        request = services.complete_request(
            request, by=coordinator, outcome="ลบข้อมูลแล้ว", found=found
        )
        after = everything_shown(org_a, statistics["survey"], now)
        assert request.status == RequestStatus.COMPLETED
        assert services.find_person(PersonQuery(email=email)) == []
    assert after == before
    # The request keeps which records it erased, not whose data they held.
    assert {item["id"] for item in request.records} == {item.record.pk for item in found}
    assert not [v for v in PEOPLE[0] if v in str(request.records)]


@pytest.mark.django_db
def test_the_cases_cover_the_states_the_kpis_tell_apart(org_a, statistics):
    with scopes_disabled():
        states = set(ComplaintCase.objects.values_list("state", flat=True))
    assert {CaseState.CLOSED, CaseState.REOPENED, CaseState.WITHDRAWN, CaseState.ESCALATED,
            CaseState.RECEIVED} <= states  # fmt: skip
