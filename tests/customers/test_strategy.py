"""The customer and market strategy (criterion 1.1): one strategy per plan period, content only on
drafts, the KPI cascade and communications that follow keys into revisions, and the readiness of
criterion 1.1 level 3 going from not met to met, step by step."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django_scopes import scope

from customers import strategy_selectors, strategy_services
from customers.models import (
    ActionPlanItem,
    CustomerStrategy,
    KpiCascade,
    PlanCommunication,
    StrategicObjective,
)
from seam_scm.approvals import services as approvals
from seam_scm.approvals.models import DocumentKind, VersionStatus
from seam_scm.files.models import Attachment
from seam_scm.history import history_of
from seam_scm.tenancy.roles import Role

from ..factories import OrgUnitFactory
from ..files.factories import make_attachment, upload
from . import factories as f

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)  # fiscal year 2570
APPROVED_ON = dt.date(2026, 11, 20)


def _url(org, name: str, *args) -> str:
    return reverse(f"customers:{name}", args=[org.slug, *args])


def _messages(response) -> list[str]:
    if response.context is not None and "messages" in response.context:
        return [str(m) for m in response.context["messages"]]
    return [str(m) for m in get_messages(response.wsgi_request)]


def _english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _unit(org, code="CS"):
    return OrgUnitFactory(organization=org, code=code, name_th=f"ฝ่าย {code}")


def _cascade(org, strategy, source, *, kind=KpiCascade.RecipientKind.UNIT, unit=None, name="",
             on=dt.date(2026, 11, 25)):  # fmt: skip
    level = (
        KpiCascade.Level.STRATEGY
        if isinstance(source, StrategicObjective)
        else KpiCascade.Level.PLAN
    )
    cascade = KpiCascade(
        organization=org,
        strategy=strategy,
        level=level,
        source_key=source.key,
        recipient_kind=kind,
        unit=unit if kind == KpiCascade.RecipientKind.UNIT else None,
        recipient_name=name,
        kpi=source.kpi,
        target=source.target,
        cascaded_on=on,
    )
    with scope(organization=org):
        return strategy_services.save_cascade(cascade)


def _communicate(org, strategy, audience, on=dt.date(2026, 11, 25)):
    with scope(organization=org):
        return strategy_services.save_communication(
            PlanCommunication(
                organization=org,
                strategy=strategy,
                audience=audience,
                audience_detail="ทุกหน่วยงาน",
                communicated_on=on,
                channel=PlanCommunication.Channel.MEETING,
            )
        )


def _readiness(strategy, today=TODAY):
    with scope(organization=strategy.organization):
        return strategy_selectors.strategy_readiness(strategy, today=today)


def _met(readiness) -> list[bool]:
    return [check.met for check in readiness.checks]


# --- creating strategies ---------------------------------------------------------------------


def test_create_strategy_declares_the_governed_document_with_an_empty_draft(org_a, coordinator_a):
    with scope(organization=org_a):
        strategy = strategy_services.create_strategy(
            organization=org_a, by=coordinator_a, first_year=2567, last_year=2571
        )
        document = strategy.document
        version = document.versions.get()
    assert (document.kind, document.title, document.reference) == (
        DocumentKind.CUSTOMER_MARKET_STRATEGY,
        "แผนยุทธศาสตร์ด้านลูกค้าและตลาด ปีงบประมาณ 2567-2571",
        "CMS-2567-2571",
    )
    assert (version.number, version.status) == (1, VersionStatus.DRAFT)
    assert (strategy.first_year, strategy.last_year) == (2567, 2571)


@pytest.mark.parametrize(
    "first, last, field",
    [(2499, 2571, "first_year"), (2567, 2701, "last_year"), (2571, 2567, "last_year")],
)
def test_create_strategy_refuses_bad_periods(first, last, field, org_a, coordinator_a):
    with scope(organization=org_a), pytest.raises(ValidationError) as error:
        strategy_services.create_strategy(
            organization=org_a, by=coordinator_a, first_year=first, last_year=last
        )
    assert list(error.value.message_dict) == [field]


def test_periods_of_two_strategies_may_not_overlap(org_a, org_b, coordinator_a, english):
    f.make_strategy(org_a, first_year=2567, last_year=2571)
    with scope(organization=org_a), pytest.raises(ValidationError) as error:
        strategy_services.create_strategy(
            organization=org_a, by=coordinator_a, first_year=2571, last_year=2575
        )
    assert error.value.message_dict == {
        "first_year": [
            "The period overlaps the strategy for fiscal years 2567-2571. "
            "Each fiscal year belongs to one strategy."
        ]
    }
    with scope(organization=org_a):
        strategy_services.create_strategy(
            organization=org_a, by=coordinator_a, first_year=2572, last_year=2576
        )
    # Another organization's strategy is no obstacle.
    f.make_strategy(org_b, first_year=2567, last_year=2571)


def test_strategy_create_page(org_a, coordinator_a, client_for):
    client = client_for(coordinator_a)
    assert client.get(_url(org_a, "strategy_create")).status_code == 200
    response = client.post(
        _url(org_a, "strategy_create"), {"first_year": "2568", "last_year": "2572"}
    )
    with scope(organization=org_a):
        strategy = CustomerStrategy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url(org_a, "strategy_detail", strategy.pk)


def test_strategy_create_page_explains_an_overlap(org_a, coordinator_a, client_for):
    f.make_strategy(org_a, first_year=2567, last_year=2571)
    response = client_for(_english(coordinator_a)).post(
        _url(org_a, "strategy_create"), {"first_year": "2570", "last_year": "2574"}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["first_year"]


# --- objectives and action plan items on drafts ----------------------------------------------


def _item_post(unit, **overrides) -> dict:
    data = {
        "horizon": "annual",
        "fiscal_year": "2570",
        "objective_key": "",
        "objective": "ลดเวลารอคอยการติดตั้ง",
        "project": "โครงการติดตั้งด่วน",
        "owner_unit": unit.pk,
        "kpi": "ร้อยละของคำขอที่ติดตั้งภายใน 7 วัน",
        "target": "ร้อยละ 90",
        "budget": "250000",
        "partners": "",
    }
    data.update(overrides)
    return data


def test_objective_and_item_pages_save_content_with_keys(org_a, coordinator_a, client_for):
    strategy = f.make_strategy(org_a)
    unit = _unit(org_a)
    client = client_for(coordinator_a)
    response = client.post(
        _url(org_a, "objective_create", strategy.pk),
        {"order": "1", "objective": "ยกระดับความพึงพอใจ", "kpi": "คะแนน", "target": "4.5"},
    )
    assert response.status_code == 302
    with scope(organization=org_a):
        objective = StrategicObjective.objects.get()
    assert isinstance(objective.key, uuid.UUID)
    response = client.post(
        _url(org_a, "action_item_create", strategy.pk),
        _item_post(unit, objective_key=str(objective.key)),
    )
    assert response.status_code == 302, response.context["form"].errors
    with scope(organization=org_a):
        item = ActionPlanItem.objects.get()
        version = f.latest_version(strategy.document)
    assert (item.version, item.objective_key, item.fiscal_year) == (version, objective.key, 2570)
    assert item.budget == Decimal("250000")


def test_annual_items_need_a_fiscal_year_of_the_period(org_a, english):
    strategy = f.make_strategy(org_a, first_year=2567, last_year=2571)
    unit = _unit(org_a)
    with scope(organization=org_a):
        version = f.latest_version(strategy.document)
        for year, message in (
            (None, "An item of the annual plan needs its fiscal year."),
            (2575, "Choose a fiscal year of the strategy's period, 2567 to 2571."),
        ):
            item = ActionPlanItem(
                organization=org_a, version=version, horizon="annual", fiscal_year=year,
                objective="o", project="p", owner_unit=unit, kpi="k", target="t",
            )  # fmt: skip
            with pytest.raises(ValidationError) as error:
                strategy_services.save_action_item(item)
            assert message in error.value.message_dict["fiscal_year"]
        long_term = ActionPlanItem(
            organization=org_a, version=version, horizon="long_term", objective="o",
            project="p", owner_unit=unit, kpi="k", target="t",
        )  # fmt: skip
        strategy_services.save_action_item(long_term)
        assert long_term.pk and long_term.key


def test_item_objective_must_be_an_objective_of_the_same_version(org_a, english):
    strategy = f.make_strategy(org_a)
    other = f.make_objective(
        org_a, strategy=f.make_strategy(org_a, first_year=2572, last_year=2576)
    )
    with scope(organization=org_a):
        item = ActionPlanItem(
            organization=org_a, version=f.latest_version(strategy.document), horizon="long_term",
            objective_key=other.key, objective="o", project="p", owner_unit=_unit(org_a),
            kpi="k", target="t",
        )  # fmt: skip
        with pytest.raises(ValidationError) as error:
            strategy_services.save_action_item(item)
    assert error.value.message_dict["objective_key"] == [
        "Choose a strategic objective of the same version."
    ]


def test_item_owner_unit_must_be_of_the_organization(org_a, org_b, english):
    strategy = f.make_strategy(org_a)
    with scope(organization=org_a):
        item = ActionPlanItem(
            organization=org_a, version=f.latest_version(strategy.document), horizon="long_term",
            objective="o", project="p", owner_unit=_unit(org_b), kpi="k", target="t",
        )  # fmt: skip
        with pytest.raises(ValidationError) as error:
            strategy_services.save_action_item(item)
    assert error.value.message_dict["owner_unit"] == ["This belongs to another organization."]


def test_an_objective_served_by_items_cannot_be_deleted(org_a, coordinator_a, client_for):
    strategy = f.make_strategy(org_a)
    objective = f.make_objective(org_a, strategy=strategy)
    item = f.make_action_item(org_a, strategy=strategy, objective_key=objective.key)
    response = client_for(coordinator_a).post(_url(org_a, "objective_delete", objective.pk))
    assert response.status_code == 302
    with scope(organization=org_a):
        assert StrategicObjective.objects.filter(pk=objective.pk).exists()
        strategy_services.delete_action_item(item=ActionPlanItem.objects.get(pk=item.pk))
        strategy_services.delete_objective(objective=StrategicObjective.objects.get())
        assert not StrategicObjective.objects.exists()


def test_content_of_a_submitted_or_approved_version_cannot_be_changed_on_the_pages(
    org_a, coordinator_a, client_for
):
    strategy = f.make_strategy(org_a)
    objective = f.make_objective(org_a, strategy=strategy)
    item = f.make_action_item(org_a, strategy=strategy)
    unit = _unit(org_a)
    f.approve_strategy(strategy)
    client = client_for(coordinator_a)
    detail = _url(org_a, "strategy_detail", strategy.pk)
    for method, url, data in (
        ("get", _url(org_a, "objective_create", strategy.pk), None),
        ("post", _url(org_a, "objective_edit", objective.pk), {"objective": "x"}),
        ("get", _url(org_a, "action_item_create", strategy.pk), None),
        ("post", _url(org_a, "action_item_edit", item.pk), _item_post(unit)),
    ):
        response = getattr(client, method)(url, data, follow=True)
        assert response.redirect_chain == [(detail, 302)], url
        assert _messages(response) == [str(strategy_services.NOT_EDITABLE)]
    for url in (
        _url(org_a, "objective_delete", objective.pk),
        _url(org_a, "action_item_delete", item.pk),
    ):
        response = client.post(url, follow=True)
        assert _messages(response) == [str(strategy_services.NOT_EDITABLE)]
    with scope(organization=org_a):
        assert StrategicObjective.objects.get().objective == objective.objective
        assert ActionPlanItem.objects.get().project == item.project


def test_service_refuses_content_of_an_approved_version(org_a):
    strategy = f.make_strategy(org_a)
    item = f.make_action_item(org_a, strategy=strategy)
    f.approve_strategy(strategy)
    with scope(organization=org_a):
        item = ActionPlanItem.objects.select_related("version").get(pk=item.pk)
        item.project = "แก้ไขหลังอนุมัติ"
        with pytest.raises(ValidationError) as error:
            strategy_services.save_action_item(item)
        assert error.value.messages == [str(strategy_services.NOT_EDITABLE)]
        with pytest.raises(ValidationError):
            strategy_services.save_objective(
                StrategicObjective(
                    organization=org_a, version=item.version, objective="o", kpi="k", target="t"
                )
            )


# --- cascade and communications --------------------------------------------------------------


def test_cascade_source_must_be_in_the_reference_version_with_its_level(org_a, english):
    strategy = f.make_strategy(org_a)
    objective = f.make_objective(org_a, strategy=strategy)
    unit = _unit(org_a)
    with scope(organization=org_a):
        cascade = KpiCascade(
            organization=org_a, strategy=strategy, level="plan", source_key=objective.key,
            recipient_kind="unit", unit=unit, kpi="k", target="t", cascaded_on=TODAY,
        )  # fmt: skip
        with pytest.raises(ValidationError) as error:
            strategy_services.save_cascade(cascade)
        assert error.value.message_dict == {
            "level": ["A strategic objective is cascaded at strategy level."]
        }
        cascade.source_key = uuid.uuid4()
        with pytest.raises(ValidationError) as error:
            strategy_services.save_cascade(cascade)
        assert list(error.value.message_dict) == ["source_key"]


def test_cascade_names_its_recipient_by_kind(org_a, english):
    strategy = f.make_strategy(org_a)
    item = f.make_action_item(org_a, strategy=strategy)
    for kind, field, message in (
        ("unit", "unit", "Choose the unit the KPI is cascaded to."),
        ("staff", "recipient_name", "Name the staff member (and position) the KPI is cascaded to."),
        ("partner", "recipient_name", "Name the partner organization the KPI is cascaded to."),
    ):
        with scope(organization=org_a), pytest.raises(ValidationError) as error:
            strategy_services.save_cascade(
                KpiCascade(
                    organization=org_a,
                    strategy=strategy,
                    level="plan",
                    source_key=item.key,
                    recipient_kind=kind,
                    kpi="k",
                    target="t",
                    cascaded_on=TODAY,
                )  # fmt: skip
            )
        assert error.value.message_dict == {field: [message]}


def test_cascade_page_prefills_the_source_and_stores_uploaded_evidence(
    org_a, coordinator_a, client_for
):
    strategy = f.make_strategy(org_a)
    item = f.make_action_item(org_a, strategy=strategy, kpi="ร้อยละการติดตั้งตามเวลา")
    client = client_for(coordinator_a)
    url = _url(org_a, "cascade_create", strategy.pk)
    response = client.get(url, {"source": str(item.key), "kind": "partner"})
    initial = response.context["form"].initial
    assert (initial["source_key"], initial["kpi"], initial["recipient_kind"]) == (
        str(item.key),
        "ร้อยละการติดตั้งตามเวลา",
        "partner",
    )
    response = client.post(
        url,
        {
            "source_key": str(item.key),
            "recipient_kind": "partner",
            "unit": "",
            "recipient_name": "บริษัท ผู้รับเหมา จำกัด",
            "kpi": item.kpi,
            "target": item.target,
            "cascaded_on": "25/11/2569",
            "evidence": "",
            "evidence_title": "บันทึกข้อตกลงกับผู้รับเหมา",
            "evidence_file": upload("mou.pdf"),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    with scope(organization=org_a):
        cascade = KpiCascade.objects.select_related("evidence").get()
        assert (cascade.level, cascade.cascaded_on) == ("plan", dt.date(2026, 11, 25))
        assert cascade.evidence.title == "บันทึกข้อตกลงกับผู้รับเหมา"
        assert cascade.evidence.record == strategy


def test_a_refused_cascade_stores_no_evidence(org_a, coordinator_a, client_for):
    strategy = f.make_strategy(org_a)
    item = f.make_action_item(org_a, strategy=strategy)
    response = client_for(coordinator_a).post(
        _url(org_a, "cascade_create", strategy.pk),
        {
            "source_key": str(item.key),
            "recipient_kind": "unit",
            "unit": "",
            "kpi": item.kpi,
            "target": item.target,
            "cascaded_on": "25/11/2569",
            "evidence_file": upload("mou.pdf"),
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["unit"]
    with scope(organization=org_a):
        assert (KpiCascade.objects.count(), Attachment.objects.count()) == (0, 0)


def test_new_draft_items_are_cascaded_once_approved_and_cascades_follow_keys(
    org_a, coordinator_a, client_for
):
    strategy = f.make_strategy(org_a)
    item = f.make_action_item(org_a, strategy=strategy)
    f.approve_strategy(strategy)
    cascade = _cascade(org_a, strategy, item, unit=_unit(org_a))
    with scope(organization=org_a):
        draft = approvals.start_new_draft(document=strategy.document, by=coordinator_a)
    added = f.make_action_item(org_a, strategy=strategy, project="โครงการใหม่")
    with scope(organization=org_a):
        with pytest.raises(ValidationError) as error:
            _cascade(org_a, strategy, added, unit=cascade.unit)
        assert list(error.value.message_dict) == ["source_key"]
        page = strategy_selectors.strategy_page(strategy, draft.pk, today=TODAY)
    rows = {row.source.key: row for row in page.matrix}
    assert rows[item.key].units == [cascade]  # the copy in the draft keeps the cascade
    assert rows[item.key].cascade_allowed and not rows[added.key].cascade_allowed
    f.approve_strategy(strategy)
    _cascade(org_a, strategy, added, unit=cascade.unit)
    response = client_for(coordinator_a).get(_url(org_a, "strategy_detail", strategy.pk))
    assert response.context["page"].shown.number == 2
    assert response.content.decode().count('data-testid="cascade"') == 2


def test_communication_version_must_be_of_the_strategy(org_a, english):
    strategy = f.make_strategy(org_a)
    other = f.make_strategy(org_a, first_year=2572, last_year=2576)
    with scope(organization=org_a), pytest.raises(ValidationError) as error:
        strategy_services.save_communication(
            PlanCommunication(
                organization=org_a,
                strategy=strategy,
                version=f.latest_version(other.document),
                audience="staff",
                audience_detail="พนักงาน",
                communicated_on=TODAY,
                channel="email",
            )  # fmt: skip
        )
    assert error.value.message_dict == {"version": ["Choose a version of this strategy."]}


def test_communication_page_records_and_edits(org_a, coordinator_a, client_for):
    strategy = f.make_strategy(org_a)
    evidence = make_attachment(org_a, title="หนังสือเวียนแจ้งแผน")
    client = client_for(coordinator_a)
    with scope(organization=org_a):
        version = f.latest_version(strategy.document)
    data = {
        "version": version.pk,
        "audience": "units",
        "audience_detail": "ผู้อำนวยการฝ่ายทุกฝ่าย",
        "communicated_on": "01/12/2569",
        "channel": "letter",
        "note": "",
        "evidence": evidence.pk,
    }
    response = client.post(_url(org_a, "communication_create", strategy.pk), data)
    assert response.status_code == 302, response.context["form"].errors
    with scope(organization=org_a):
        communication = PlanCommunication.objects.get()
    assert (communication.evidence, communication.communicated_on) == (evidence, TODAY)
    client.post(
        _url(org_a, "communication_edit", communication.pk), {**data, "channel": "intranet"}
    )
    with scope(organization=org_a):
        communication.refresh_from_db()
    assert communication.channel == "intranet"
    client.post(_url(org_a, "communication_delete", communication.pk))
    with scope(organization=org_a):
        assert not PlanCommunication.objects.exists()
        assert Attachment.objects.filter(pk=evidence.pk).exists()


# --- readiness of criterion 1.1 level 3 --------------------------------------------------------


def test_readiness_goes_from_not_met_to_met_step_by_step(org_a, english):
    strategy = f.make_strategy(org_a)
    readiness = _readiness(strategy)
    assert (readiness.criterion, readiness.level, readiness.met) == ("1.1", 3, False)
    assert _met(readiness) == [False] * 7
    assert readiness.checks[0].detail == "Not approved yet: version 1 is draft."

    unit = _unit(org_a)
    objective = f.make_objective(org_a, strategy=strategy)
    long_term = f.make_action_item(
        org_a, strategy=strategy, horizon="long_term", fiscal_year=None, partners="",
        objective_key=objective.key, owner_unit=unit,
    )  # fmt: skip
    annual = f.make_action_item(
        org_a, strategy=strategy, fiscal_year=2570, objective_key=objective.key, owner_unit=unit,
        partners="ผู้รับเหมาติดตั้ง", budget=None,
    )  # fmt: skip
    readiness = _readiness(strategy)
    assert _met(readiness) == [False, True, True, False, False, False, False]
    assert readiness.checks[3].detail == (
        "Incomplete: โครงการติดตั้งประปาใหม่ภายใน 7 วัน (missing budget)"
    )

    with scope(organization=org_a):
        annual = ActionPlanItem.objects.select_related("version").get(pk=annual.pk)
        annual.budget = Decimal("900000")
        strategy_services.save_action_item(annual)
    f.approve_strategy(strategy, meeting_date=APPROVED_ON)
    readiness = _readiness(strategy)
    assert _met(readiness) == [True, True, True, True, False, False, False]
    assert readiness.checks[0].detail == (
        "Board of directors (คณะกรรมการรัฐวิสาหกิจ), meeting 12/2569 of 20 Nov 2026 (version 1)"
    )

    _cascade(org_a, strategy, objective, unit=unit)
    assert _met(_readiness(strategy))[4] is True

    _cascade(org_a, strategy, long_term, kind="staff", name="นายสมชาย ใจดี ผู้อำนวยการฝ่าย")
    _cascade(org_a, strategy, annual, unit=unit)
    readiness = _readiness(strategy)
    assert readiness.checks[5].met is False
    assert readiness.checks[5].detail == (
        "Names partners but is not cascaded to them: โครงการติดตั้งประปาใหม่ภายใน 7 วัน"
    )
    _cascade(org_a, strategy, annual, kind="partner", name="บริษัท ผู้รับเหมา จำกัด")
    assert _met(_readiness(strategy))[5] is True

    # Communicated before the approval: does not count.
    _communicate(org_a, strategy, "staff", on=dt.date(2026, 11, 1))
    assert _met(_readiness(strategy))[6] is False
    _communicate(org_a, strategy, "staff")
    readiness = _readiness(strategy)
    assert readiness.checks[6].detail == "Not yet communicated to the partners the plan names."
    _communicate(org_a, strategy, "partners")
    readiness = _readiness(strategy)
    assert _met(readiness) == [True] * 7
    assert readiness.met


def test_annual_plan_check_follows_the_current_fiscal_year(org_a, english):
    strategy = f.make_strategy(org_a, first_year=2567, last_year=2571)
    f.make_action_item(org_a, strategy=strategy, fiscal_year=2570)
    assert _readiness(strategy, dt.date(2026, 12, 1)).checks[2].met  # FY 2570
    check = _readiness(strategy, dt.date(2027, 12, 1)).checks[2]  # FY 2571
    assert (check.label, check.met) == ("An annual action plan for fiscal year 2571", False)
    check = _readiness(strategy, dt.date(2030, 1, 1)).checks[2]  # FY 2573, outside the period
    assert check.met
    assert check.detail == (
        "Fiscal year 2573 is outside the strategy's period. "
        "Annual plans exist for fiscal years 2570."
    )


def test_readiness_judges_the_approved_version_while_a_draft_is_prepared(org_a, coordinator_a):
    strategy = f.make_strategy(org_a)
    f.make_action_item(org_a, strategy=strategy, horizon="long_term", fiscal_year=None)
    f.approve_strategy(strategy)
    with scope(organization=org_a):
        approvals.start_new_draft(document=strategy.document, by=coordinator_a)
        draft_item = ActionPlanItem.objects.filter(version__status="draft").get()
        strategy_services.delete_action_item(item=draft_item)
    readiness = _readiness(strategy)
    assert readiness.checks[0].met and readiness.checks[1].met


def test_current_strategy_readiness_is_the_strategy_of_the_current_fiscal_year(org_a):
    assert _current(org_a) is None
    f.make_strategy(org_a, first_year=2563, last_year=2566)
    current = f.make_strategy(org_a, first_year=2567, last_year=2571)
    with scope(organization=org_a):
        assert strategy_selectors.current_strategy(TODAY) == current
    assert _current(org_a).criterion == "1.1"
    assert _current(org_a, dt.date(2035, 1, 1)) is None


def _current(org, today=TODAY):
    with scope(organization=org):
        return strategy_selectors.current_strategy_readiness(today)


# --- pages -------------------------------------------------------------------------------------


def test_strategy_list_shows_each_strategy_with_its_versions_and_readiness(
    org_a, coordinator_a, client_for
):
    approved = f.make_strategy(org_a, first_year=2567, last_year=2571)
    f.make_action_item(org_a, strategy=approved)
    f.approve_strategy(approved)
    f.make_strategy(org_a, first_year=2572, last_year=2576)
    response = client_for(coordinator_a).get(_url(org_a, "strategy_list"))
    strategies = response.context["strategies"]
    assert [(s.strategy.first_year, s.latest.status, len(s.items)) for s in strategies] == [
        (2572, VersionStatus.DRAFT, 0),
        (2567, VersionStatus.APPROVED, 1),
    ]
    body = response.content.decode()
    assert body.count('data-testid="strategy-row"') == 2
    assert body.count('data-testid="readiness-not-met"') == 2


def test_strategy_page_shows_the_approved_version_and_offers_the_draft(
    org_a, coordinator_a, client_for
):
    strategy = f.make_strategy(org_a)
    item = f.make_action_item(org_a, strategy=strategy, project="โครงการฉบับอนุมัติ")
    f.approve_strategy(strategy)
    client = client_for(coordinator_a)
    url = _url(org_a, "strategy_detail", strategy.pk)
    body = client.get(url).content.decode()
    assert 'data-testid="readiness-1.1-3"' in body
    assert 'data-testid="strategy-frozen"' in body
    assert 'data-testid="new-draft"' in body
    assert _url(org_a, "action_item_edit", item.pk) not in body
    assert 'data-testid="cascade-add-unit"' in body
    with scope(organization=org_a):
        draft = approvals.start_new_draft(document=strategy.document, by=coordinator_a)
        copy = draft.action_plan_items.get()
    body = client.get(url).content.decode()
    assert 'data-testid="draft-elsewhere"' in body
    assert _url(org_a, "action_item_edit", copy.pk) not in body
    response = client.get(url, {"version": draft.pk})
    body = response.content.decode()
    assert response.context["page"].shown == draft
    assert _url(org_a, "action_item_edit", copy.pk) in body
    assert _url(org_a, "objective_create", strategy.pk) in body


def test_strategy_page_marks_incomplete_items_and_missing_cascades(
    org_a, coordinator_a, client_for
):
    strategy = f.make_strategy(org_a)
    f.make_objective(org_a, strategy=strategy)
    f.make_action_item(org_a, strategy=strategy, budget=None, partners="ผู้รับเหมา")
    body = client_for(coordinator_a).get(_url(org_a, "strategy_detail", strategy.pk)).content
    body = body.decode()
    assert body.count('data-testid="item-incomplete"') == 1
    assert body.count('data-testid="needs-internal"') == 2
    assert body.count('data-testid="needs-partner"') == 1
    assert 'data-testid="annual-plan-2570"' in body


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.SECRETARY])
def test_roles_that_do_not_edit_records_read_but_cannot_write(
    role, org_a, member_factory, client_for
):
    strategy = f.make_strategy(org_a)
    objective = f.make_objective(org_a, strategy=strategy)
    item = f.make_action_item(org_a, strategy=strategy)
    cascade = f.make_cascade(org_a, item=item)
    communication = f.make_communication(org_a, strategy=strategy)
    client = client_for(member_factory(org_a, role))
    writes = [
        ("get", _url(org_a, "strategy_create")),
        ("post", _url(org_a, "strategy_create")),
        ("post", _url(org_a, "objective_create", strategy.pk)),
        ("post", _url(org_a, "objective_edit", objective.pk)),
        ("post", _url(org_a, "objective_delete", objective.pk)),
        ("post", _url(org_a, "action_item_create", strategy.pk)),
        ("post", _url(org_a, "action_item_edit", item.pk)),
        ("post", _url(org_a, "action_item_delete", item.pk)),
        ("post", _url(org_a, "cascade_create", strategy.pk)),
        ("post", _url(org_a, "cascade_edit", cascade.pk)),
        ("post", _url(org_a, "cascade_delete", cascade.pk)),
        ("post", _url(org_a, "communication_create", strategy.pk)),
        ("post", _url(org_a, "communication_edit", communication.pk)),
        ("post", _url(org_a, "communication_delete", communication.pk)),
    ]
    assert [getattr(client, m)(url).status_code for m, url in writes] == [403] * len(writes)
    for url in (_url(org_a, "strategy_list"), _url(org_a, "strategy_detail", strategy.pk)):
        response = client.get(url)
        assert response.status_code == 200
        assert 'data-testid="strategy-create"' not in response.content.decode()
    with scope(organization=org_a):
        assert (StrategicObjective.objects.count(), KpiCascade.objects.count()) == (1, 1)


def test_strategy_content_shows_on_the_approvals_and_public_pages(org_a, coordinator_a, client_for):
    strategy = f.make_strategy(org_a)
    objective = f.make_objective(org_a, strategy=strategy, objective="เป็นผู้นำบริการน้ำ")
    f.make_action_item(org_a, strategy=strategy, objective_key=objective.key)
    version = f.approve_strategy(strategy)
    body = (
        client_for(coordinator_a)
        .get(reverse("approvals:version", args=[org_a.slug, version.pk]))
        .content.decode()
    )
    assert 'data-testid="strategy-content"' in body
    assert body.count('data-testid="plan-item"') == 1
    assert "เป็นผู้นำบริการน้ำ" in body
    assert _url(org_a, "strategy_detail", strategy.pk) in body
    with scope(organization=org_a):
        approvals.publish_version(version=version)
        version.refresh_from_db()
    from django.test import Client

    public = Client().get(f"/p/{version.public_token}/").content.decode()
    assert public.count('data-testid="plan-item"') == 1
    assert "เป็นผู้นำบริการน้ำ" in public
    assert f"/o/{org_a.slug}" not in public


def test_strategy_list_query_count_does_not_grow_with_rows(org_a, coordinator_a, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(count, start):
        for n in range(count):
            strategy = f.make_strategy(org_a, first_year=start + n, last_year=start + n)
            objective = f.make_objective(org_a, strategy=strategy)
            item = f.make_action_item(
                org_a, strategy=strategy, fiscal_year=start + n, objective_key=objective.key
            )
            f.make_cascade(org_a, item=item)
            f.make_communication(org_a, strategy=strategy)
            if n % 2:
                f.approve_strategy(strategy)

    client = client_for(coordinator_a)
    url = _url(org_a, "strategy_list")

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    add(2, 2560)
    queries()  # the first request of a session does a little more
    few = queries()
    add(10, 2600)
    assert queries() == few


def test_strategy_page_query_count_does_not_grow_with_content(org_a, coordinator_a, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    strategy = f.make_strategy(org_a)
    client = client_for(coordinator_a)
    url = _url(org_a, "strategy_detail", strategy.pk)

    def add(count):
        for _n in range(count):
            objective = f.make_objective(org_a, strategy=strategy)
            item = f.make_action_item(org_a, strategy=strategy, objective_key=objective.key)
            f.make_cascade(org_a, item=item, evidence=make_attachment(org_a))
            f.make_communication(org_a, strategy=strategy, evidence=make_attachment(org_a))

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    add(2)
    queries()  # the first request of a session does a little more
    few = queries()
    add(10)
    assert queries() == few


def test_history_keeps_changes_of_draft_content(org_a, coordinator_a):
    strategy = f.make_strategy(org_a)
    item = f.make_action_item(org_a, strategy=strategy)
    with scope(organization=org_a):
        item = ActionPlanItem.objects.select_related("version").get(pk=item.pk)
        item.target = "ร้อยละ 95"
        strategy_services.save_action_item(item)
        with translation.override("en"):
            history = history_of(item)
            assert [(row.change, row.fields) for row in history] == [
                ("Changed", ["target"]),
                ("Created", []),
            ]
