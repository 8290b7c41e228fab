"""Relationship plans: one per business line and fiscal year, items only on drafts, progress
that follows an item's key into later versions, and the plan inside the approvals pages."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django_scopes import scope, scopes_disabled

from seam_scm.approvals import services as approvals
from seam_scm.approvals.models import DocumentKind, VersionStatus
from seam_scm.files.models import Attachment
from seam_scm.tenancy.roles import Role
from seam_scm.thai.dates import current_fiscal_year
from stakeholders import plan_selectors, plan_services
from stakeholders.models import PlanItem, PlanItemProgress, RelationshipPlan, Stakeholder

from ..files.factories import make_attachment, upload
from .factories import (
    approve_plan,
    department,
    group,
    line,
    make_plan,
    make_plan_item,
    make_progress,
    make_stakeholder,
    make_voice,
)

pytestmark = pytest.mark.django_db

NOT_APPROVED = "Progress is recorded once the board has approved the plan."


def _url(org, name: str, *args) -> str:
    from django.urls import reverse

    return reverse(f"stakeholders:{name}", args=[org.slug, *args])


def _messages(response) -> list[str]:
    """The messages shown on the page (after follow=True) or queued for the next page."""
    if response.context is not None and "messages" in response.context:
        return [str(m) for m in response.context["messages"]]
    return [str(m) for m in get_messages(response.wsgi_request)]


def _english(user):
    """Messages in English: the Thai catalogue may translate them later."""
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _item_post(owner_unit, stakeholder=None, **overrides) -> dict:
    data = {
        "stakeholder": stakeholder.pk if stakeholder else "",
        "group": "",
        "voice": "",
        "objective": "ลดข้อร้องเรียนเรื่องน้ำไหลอ่อน",
        "activity": "ประชุมชี้แจงแผนปรับปรุงเส้นท่อกับผู้ใช้น้ำ",
        "channel": "ประชุมชุมชน",
        "owner_unit": owner_unit.pk,
        "months": ["1", "10", "11"],
        "kpi": "จำนวนข้อร้องเรียน",
        "target": "ลดลงร้อยละ 20",
        "budget": "120000.50",
        "referenced_plan": "",
        "unit_plan_title": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _start_new_draft(plan, by):
    with scope(organization=plan.organization):
        return approvals.start_new_draft(document=plan.document, by=by)


# --- creating plans ---------------------------------------------------------------------------


def test_create_plan_declares_a_governed_document_with_an_empty_draft(org_a, coordinator_a):
    customer_line = line(org_a, "CS", name_th="สายงานบริการลูกค้า")
    plan = make_plan(org_a, customer_line, fiscal_year=2570, by=coordinator_a)
    with scope(organization=org_a):
        document = plan.document
        version = document.versions.get()
        assert (document.kind, document.owner_unit, document.title) == (
            DocumentKind.RELATIONSHIP_PLAN,
            customer_line,
            "แผนการสร้างความสัมพันธ์กับผู้มีส่วนได้ส่วนเสีย สายงานบริการลูกค้า ปีงบประมาณ 2570",
        )
        assert (version.number, version.status, version.plan_items.count()) == (
            1,
            VersionStatus.DRAFT,
            0,
        )
        assert (plan.business_line, plan.fiscal_year) == (customer_line, 2570)


def test_create_plan_twice_for_the_same_line_and_year_is_refused(org_a, coordinator_a, english):
    customer_line = line(org_a, name_th="สายงานบริการลูกค้า")
    make_plan(org_a, customer_line, fiscal_year=2570)
    with scope(organization=org_a), pytest.raises(ValidationError) as error:
        plan_services.create_plan(
            organization=org_a, by=coordinator_a, business_line=customer_line, fiscal_year=2570
        )
    with translation.override("en"):
        messages = error.value.message_dict
    assert messages == {
        "fiscal_year": ["สายงานบริการลูกค้า already has a relationship plan for fiscal year 2570."]
    }
    make_plan(org_a, customer_line, fiscal_year=2571)  # another year is another plan
    with scope(organization=org_a):
        assert RelationshipPlan.objects.count() == 2


def test_create_plan_for_a_department_is_refused(org_a, coordinator_a):
    a_department = department(org_a, line(org_a))
    with scope(organization=org_a), pytest.raises(ValidationError) as error:
        plan_services.create_plan(
            organization=org_a, by=coordinator_a, business_line=a_department, fiscal_year=2570
        )
    assert list(error.value.message_dict) == ["business_line"]


def test_plan_create_page_offers_lines_and_the_current_fiscal_year(
    org_a, coordinator_a, client_for
):
    a_line = line(org_a, "CS")
    department(org_a, a_line, "CS-CR")
    response = client_for(coordinator_a).get(_url(org_a, "plan_create"))
    form = response.context["form"]
    with scope(organization=org_a):
        assert [u.code for u in form.fields["business_line"].queryset] == ["CS"]
    assert form.initial["fiscal_year"] == current_fiscal_year().year


def test_plan_create_page_creates_the_plan_and_opens_it(org_a, coordinator_a, client_for):
    a_line = line(org_a)
    response = client_for(coordinator_a).post(
        _url(org_a, "plan_create"), {"business_line": a_line.pk, "fiscal_year": "2570"}
    )
    with scope(organization=org_a):
        plan = RelationshipPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url(org_a, "plan", plan.pk)


def test_plan_create_page_explains_a_duplicate(org_a, coordinator_a, client_for):
    a_line = line(org_a, name_th="สายงานปฏิบัติการ")
    make_plan(org_a, a_line, fiscal_year=2570)
    response = client_for(_english(coordinator_a)).post(
        _url(org_a, "plan_create"), {"business_line": a_line.pk, "fiscal_year": "2570"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "fiscal_year": ["สายงานปฏิบัติการ already has a relationship plan for fiscal year 2570."]
    }


# --- items on drafts -------------------------------------------------------------------------


def test_item_create_page_saves_an_item_with_a_key_and_months_in_fiscal_order(
    org_a, coordinator_a, client_for
):
    plan = make_plan(org_a)
    stakeholder = make_stakeholder(org_a)
    response = client_for(coordinator_a).post(
        _url(org_a, "plan_item_create", plan.pk), _item_post(plan.business_line, stakeholder)
    )
    assert response.status_code == 302
    with scope(organization=org_a):
        item = PlanItem.objects.get()
        assert item.version == plan.document.versions.get()
    assert isinstance(item.key, uuid.UUID)
    assert item.months == [10, 11, 1]
    assert (item.stakeholder_id, item.budget) == (stakeholder.pk, Decimal("120000.50"))


def test_item_needs_a_stakeholder_or_a_group(org_a, coordinator_a, client_for):
    plan = make_plan(org_a)
    response = client_for(_english(coordinator_a)).post(
        _url(org_a, "plan_item_create", plan.pk), _item_post(plan.business_line)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["stakeholder"] == [
        "Name the stakeholder or the stakeholder group the item is for."
    ]
    with scope(organization=org_a):
        assert PlanItem.objects.count() == 0


def test_item_for_a_whole_group_is_accepted(org_a):
    item = make_plan_item(org_a, group=group(org_a, "COM"))
    assert (item.stakeholder, item.group.code) == (None, "COM")


def test_item_voice_must_be_a_voice_of_its_stakeholder(org_a, coordinator_a, client_for):
    plan = make_plan(org_a)
    stakeholder = make_stakeholder(org_a)
    voice_of_another = make_voice(org_a, make_stakeholder(org_a))
    response = client_for(_english(coordinator_a)).post(
        _url(org_a, "plan_item_create", plan.pk),
        _item_post(plan.business_line, stakeholder, voice=voice_of_another.pk),
    )
    assert response.context["form"].errors["voice"] == [
        "Choose a voice of the stakeholder the item is for."
    ]
    own_voice = make_voice(org_a, stakeholder)
    item = make_plan_item(org_a, plan, stakeholder=stakeholder, voice=own_voice)
    assert item.voice == own_voice


def test_item_edit_and_delete_work_on_a_draft(org_a, coordinator_a, client_for):
    item = make_plan_item(org_a)
    client = client_for(coordinator_a)
    client.post(
        _url(org_a, "plan_item_edit", item.pk),
        _item_post(item.owner_unit, item.stakeholder, target="ร้อยละ 90"),
    )
    with scope(organization=org_a):
        item.refresh_from_db()
    assert item.target == "ร้อยละ 90"
    client.post(_url(org_a, "plan_item_delete", item.pk))
    with scope(organization=org_a):
        assert PlanItem.objects.count() == 0


def test_items_of_a_submitted_version_cannot_be_changed_on_the_pages(
    org_a, coordinator_a, client_for
):
    item = make_plan_item(org_a)
    plan = item.version.document.relationship_plan
    with scope(organization=org_a):
        approvals.submit_version(version=item.version, by=coordinator_a)
    client = client_for(coordinator_a)
    for method, url, data in (
        ("get", _url(org_a, "plan_item_create", plan.pk), None),
        ("post", _url(org_a, "plan_item_create", plan.pk), _item_post(item.owner_unit)),
        ("get", _url(org_a, "plan_item_edit", item.pk), None),
        ("post", _url(org_a, "plan_item_edit", item.pk), _item_post(item.owner_unit)),
        ("post", _url(org_a, "plan_item_delete", item.pk), None),
    ):
        response = getattr(client, method)(url, data, follow=True)
        assert response.redirect_chain == [(_url(org_a, "plan", plan.pk), 302)]
        assert _messages(response) == [str(plan_services.NOT_EDITABLE)]
    with scope(organization=org_a):
        assert PlanItem.objects.get().objective == item.objective


def test_service_refuses_items_of_an_approved_version(org_a):
    item = make_plan_item(org_a)
    approve_plan(item.version.document.relationship_plan)
    with scope(organization=org_a):
        item = PlanItem.objects.select_related("version").get(pk=item.pk)
        item.objective = "แก้ไขหลังอนุมัติ"
        with pytest.raises(ValidationError) as error:
            plan_services.save_plan_item(item)
        assert error.value.messages == [str(plan_services.NOT_EDITABLE)]
        with pytest.raises(ValidationError):
            plan_services.delete_plan_item(item=item)


def test_database_refuses_changing_items_of_an_approved_version(org_a):
    item = make_plan_item(org_a)
    approve_plan(item.version.document.relationship_plan)
    rows = PlanItem.objects.with_scopes_disabled().filter(pk=item.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.update(objective="แก้ไขโดยไม่ผ่านคณะกรรมการ")
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.delete()
    with pytest.raises(IntegrityError), transaction.atomic(), scopes_disabled():
        PlanItem.objects.create(
            organization=org_a,
            version=item.version,
            key=uuid.uuid4(),
            owner_unit=item.owner_unit,
            group=group(org_a),
            objective="เพิ่มหลังอนุมัติ",
            activity="-",
            kpi="-",
            target="-",
        )
    assert rows.get().objective == "เสริมสร้างความเชื่อมั่นของผู้ใช้น้ำ"


def test_approval_snapshot_holds_the_items(org_a):
    stakeholder = make_stakeholder(org_a, code="REG-01", name_th="สคร.")
    item = make_plan_item(org_a, stakeholder=stakeholder, months=[11, 10])
    version = approve_plan(item.version.document.relationship_plan)
    with scope(organization=org_a):
        snapshot = version.approval.snapshot["content"]["items"]
    assert [(i["key"], i["stakeholder"], i["months"]) for i in snapshot] == [
        (str(item.key), "REG-01 สคร.", [10, 11])
    ]


def test_new_draft_copies_the_items_with_the_same_keys(org_a, coordinator_a):
    plan = make_plan(org_a)
    first = make_plan_item(org_a, plan)
    second = make_plan_item(org_a, plan, group=group(org_a, "MED"), stakeholder=None)
    approve_plan(plan)
    draft = _start_new_draft(plan, coordinator_a)
    with scope(organization=org_a):
        copied = list(draft.plan_items.order_by("id"))
    assert [(i.key, i.objective, i.group_id) for i in copied] == [
        (first.key, first.objective, None),
        (second.key, second.objective, second.group_id),
    ]
    assert {i.pk for i in copied}.isdisjoint({first.pk, second.pk})


# --- progress --------------------------------------------------------------------------------


def test_progress_is_refused_before_the_plan_is_approved(org_a, coordinator_a, client_for, english):
    item = make_plan_item(org_a)
    plan = item.version.document.relationship_plan
    with scope(organization=org_a), pytest.raises(ValidationError) as error:
        plan_services.record_progress(plan=plan, item_key=item.key, percent=10)
    with translation.override("en"):
        assert error.value.messages == [NOT_APPROVED]
    client = client_for(_english(coordinator_a))
    response = client.get(_url(org_a, "plan_progress_edit", item.pk), follow=True)
    assert response.redirect_chain == [(_url(org_a, "plan", plan.pk), 302)]
    assert _messages(response) == [NOT_APPROVED]


def test_progress_page_records_progress_on_an_approved_item(org_a, coordinator_a, client_for):
    item = make_plan_item(org_a)
    plan = item.version.document.relationship_plan
    approve_plan(plan)
    client = client_for(coordinator_a)
    url = _url(org_a, "plan_progress_edit", item.pk)
    assert client.get(url).status_code == 200
    response = client.post(url, {"percent": "60", "result": " จัดประชุมแล้ว 2 ครั้ง "})
    assert response.status_code == 302
    client.post(url, {"percent": "100", "result": "ครบ 4 ครั้ง"})
    with scope(organization=org_a):
        assert list(PlanItemProgress.objects.values_list("item_key", "percent", "result")) == [
            (item.key, 100, "ครบ 4 ครั้ง")
        ]


def test_progress_above_100_percent_is_refused(org_a, coordinator_a, client_for):
    item = make_plan_item(org_a)
    approve_plan(item.version.document.relationship_plan)
    response = client_for(_english(coordinator_a)).post(
        _url(org_a, "plan_progress_edit", item.pk), {"percent": "120", "result": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "percent": ["Ensure this value is less than or equal to 100."]
    }


def test_progress_follows_the_key_into_a_revised_version(org_a, coordinator_a):
    item = make_plan_item(org_a)
    plan = item.version.document.relationship_plan
    make_progress(org_a, item, percent=40, result="จัดแล้ว 1 ครั้ง")
    draft = _start_new_draft(plan, coordinator_a)
    added = make_plan_item(org_a, plan, activity="กิจกรรมใหม่ในฉบับปรับปรุง")
    with scope(organization=org_a):
        copy = draft.plan_items.get(key=item.key)
        # Progress may still be recorded during the year, on the copy in the new draft too.
        plan_services.record_progress(plan=plan, item_key=copy.key, percent=70)
        with pytest.raises(ValidationError):
            plan_services.record_progress(plan=plan, item_key=added.key, percent=10)
        view = plan_selectors.plan_view(RelationshipPlan.objects.get(pk=plan.pk))
    assert view.latest == draft
    assert [(i.key, i.progress and i.progress.percent, i.progress_allowed) for i in view.items] == [
        (item.key, 70, True),
        (added.key, None, False),
    ]
    assert view.average_progress == 70


def test_progress_survives_the_next_approval(org_a, coordinator_a):
    item = make_plan_item(org_a)
    plan = item.version.document.relationship_plan
    make_progress(org_a, item, percent=40)
    _start_new_draft(plan, coordinator_a)
    approve_plan(plan)
    with scope(organization=org_a):
        view = plan_selectors.plan_view(RelationshipPlan.objects.get(pk=plan.pk))
    assert (view.latest.number, view.approved.number) == (2, 2)
    assert [(i.progress.percent, i.progress_allowed) for i in view.items] == [(40, True)]


# --- referenced unit plans -------------------------------------------------------------------


def test_item_can_reference_an_existing_unit_plan(org_a, coordinator_a, client_for):
    plan = make_plan(org_a)
    unit_plan = make_attachment(org_a, title="แผนลูกค้าสัมพันธ์ของฝ่าย ปี 2570")
    client_for(coordinator_a).post(
        _url(org_a, "plan_item_create", plan.pk),
        _item_post(plan.business_line, make_stakeholder(org_a), referenced_plan=unit_plan.pk),
    )
    with scope(organization=org_a):
        assert PlanItem.objects.get().referenced_plan == unit_plan


def test_item_can_upload_the_unit_plan_it_references(org_a, coordinator_a, client_for):
    plan = make_plan(org_a, fiscal_year=2570)
    data = _item_post(plan.business_line, make_stakeholder(org_a))
    data.update(unit_plan_title="แผนสื่อสารพนักงาน 2570", unit_plan_file=upload("แผน.pdf"))
    response = client_for(coordinator_a).post(_url(org_a, "plan_item_create", plan.pk), data)
    assert response.status_code == 302
    with scope(organization=org_a):
        attachment = PlanItem.objects.get().referenced_plan
        assert (attachment.title, attachment.record, attachment.effective_date) == (
            "แผนสื่อสารพนักงาน 2570",
            plan,
            dt.date(2026, 10, 1),
        )
        assert attachment.effective_until == dt.date(2027, 9, 30)


def test_a_bad_item_stores_no_uploaded_unit_plan(org_a, coordinator_a, client_for):
    plan = make_plan(org_a)
    data = _item_post(plan.business_line, kpi="")
    data.update(unit_plan_file=upload("แผน.pdf"))
    response = client_for(coordinator_a).post(_url(org_a, "plan_item_create", plan.pk), data)
    assert response.status_code == 200
    with scope(organization=org_a):
        assert (PlanItem.objects.count(), Attachment.objects.count()) == (0, 0)


# --- pages -----------------------------------------------------------------------------------


def test_plan_list_shows_each_plan_with_its_latest_and_approved_version(
    org_a, coordinator_a, client_for
):
    approved = make_plan(org_a, line(org_a, "CS"), fiscal_year=2570)
    make_plan_item(org_a, approved)
    approve_plan(approved)
    draft = make_plan(org_a, line(org_a, "OP"), fiscal_year=2570)
    response = client_for(coordinator_a).get(_url(org_a, "plans"))
    plans = response.context["plans"]
    assert [
        (p.business_line.code, p.latest_version.status, p.latest_version.item_count) for p in plans
    ] == [("CS", VersionStatus.APPROVED, 1), ("OP", VersionStatus.DRAFT, 0)]
    assert [p.approved_version and p.approved_version.number for p in plans] == [1, None]
    body = response.content.decode()
    with scope(organization=org_a):
        assert f"/documents/versions/{draft.document.versions.get().pk}/" in body


def test_plan_page_offers_item_actions_only_on_a_draft(org_a, coordinator_a, client_for):
    item = make_plan_item(org_a)
    plan = item.version.document.relationship_plan
    client = client_for(coordinator_a)
    body = client.get(_url(org_a, "plan", plan.pk)).content.decode()
    assert _url(org_a, "plan_item_edit", item.pk) in body
    assert _url(org_a, "plan_item_create", plan.pk) in body
    approve_plan(plan)
    body = client.get(_url(org_a, "plan", plan.pk)).content.decode()
    assert _url(org_a, "plan_item_edit", item.pk) not in body
    assert _url(org_a, "plan_progress_edit", item.pk) in body
    assert 'data-testid="plan-frozen"' in body


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.SECRETARY])
def test_roles_that_do_not_edit_records_get_403_on_plan_writes(
    role, org_a, member_factory, client_for
):
    item = make_plan_item(org_a)
    plan = item.version.document.relationship_plan
    client = client_for(member_factory(org_a, role))
    writes = [
        ("get", _url(org_a, "plan_create")),
        ("post", _url(org_a, "plan_create")),
        ("get", _url(org_a, "plan_item_create", plan.pk)),
        ("post", _url(org_a, "plan_item_create", plan.pk)),
        ("post", _url(org_a, "plan_item_edit", item.pk)),
        ("post", _url(org_a, "plan_item_delete", item.pk)),
        ("post", _url(org_a, "plan_progress_edit", item.pk)),
    ]
    assert [getattr(client, method)(url).status_code for method, url in writes] == [403] * 7
    assert client.get(_url(org_a, "plan", plan.pk)).status_code == 200
    with scope(organization=org_a):
        assert PlanItem.objects.count() == 1


# --- the plan inside the approvals pages -----------------------------------------------------


def _published_plan_with_people(org_a):
    unit = line(org_a)
    regulator = make_stakeholder(
        org_a,
        code="REG-01",
        name_th="สำนักงานคณะกรรมการนโยบายรัฐวิสาหกิจ",
        units=[(unit, 1)],
        representatives=[{"name": "นางสาวมาลี ติดต่อดี", "phone": "02-111-2222"}],
    )
    headman = make_stakeholder(
        org_a,
        code="COM-09",
        name_th="นายสมหมาย ผู้ใหญ่บ้าน",
        group_code="COM",
        status=Stakeholder.Status.INDIVIDUAL,
    )
    plan = make_plan(org_a, unit)
    make_plan_item(org_a, plan, stakeholder=regulator, activity="รายงานผลตามบันทึกข้อตกลง")
    make_plan_item(org_a, plan, stakeholder=headman, activity="ประชุมประชาคมหมู่บ้าน")
    version = approve_plan(plan)
    with scope(organization=org_a):
        approvals.publish_version(version=version)
        version.refresh_from_db()
    return plan, version


def test_plan_items_show_on_the_approvals_version_page(org_a, coordinator_a, client_for):
    plan, version = _published_plan_with_people(org_a)
    response = client_for(coordinator_a).get(f"/o/{org_a.slug}/documents/versions/{version.pk}/")
    body = response.content.decode()
    assert body.count('data-testid="plan-item"') == 2
    assert "รายงานผลตามบันทึกข้อตกลง" in body
    assert "นายสมหมาย ผู้ใหญ่บ้าน" in body
    assert _url(org_a, "plan", plan.pk) in body


def test_public_page_shows_the_plan_without_anything_personal(org_a, client):
    _plan, version = _published_plan_with_people(org_a)
    response = client.get(f"/p/{version.public_token}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('data-testid="plan-item"') == 2
    assert "ประชุมประชาคมหมู่บ้าน" in body
    assert "REG-01 สำนักงานคณะกรรมการนโยบายรัฐวิสาหกิจ" in body
    # An individual is shown by their group; contacts never appear; nothing links inside.
    for personal in ("นายสมหมาย", "มาลี", "02-111-2222", "malee@example.go.th", f"/o/{org_a.slug}"):
        assert personal not in body
    assert "ชุมชนและสังคม" in body
