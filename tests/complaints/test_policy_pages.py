"""The policy pages: declaring the policy, editing its draft through the forms, frozen
versions, roles, forged ids of another organization, the content on the approvals pages and
the query count of the policy page."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from complaints import policy_selectors as selectors
from complaints import policy_services as services
from complaints.models import ComplaintCategory, ComplaintChannel, EscalationRule, TimeStandard
from seam_scm.approvals import services as approvals
from seam_scm.approvals.models import DocumentKind, GovernedDocument
from seam_scm.tenancy.roles import Role

from ..factories import OrgUnitFactory
from . import factories as f

pytestmark = pytest.mark.django_db


def url(org, name: str, *args) -> str:
    return reverse(f"complaints:{name}", args=[org.slug, *args])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def draft(organization):
    by = f.member(organization, Role.COORDINATOR)
    with scope(organization=organization):
        document = selectors.policy_document() or services.create_policy(
            organization=organization, by=by
        )
        return document.versions.order_by("-number").first()


def new_draft(organization, version):
    with scope(organization=organization):
        return approvals.start_new_draft(
            document=version.document, by=f.member(organization, Role.COORDINATOR)
        )


def first_rows(version) -> dict:
    with scope(organization=version.organization):
        return {
            "channel": version.complaint_channels.order_by("id").first(),
            "category": version.complaint_categories.order_by("id").first(),
            "time_standard": version.complaint_time_standards.order_by("id").first(),
            "escalation_rule": version.complaint_escalation_rules.order_by("id").first(),
        }


def test_editor_creates_the_policy_with_its_default_content(org_a, member_factory, client_for):
    client = client_for(english(member_factory(org_a, Role.EDITOR)))
    page = client.get(url(org_a, "policy"))
    assert page.status_code == 200
    assert b'data-testid="no-policy"' in page.content
    assert b'data-testid="policy-create"' in page.content
    assert b'data-testid="readiness-5.3-1"' in page.content
    response = client.post(url(org_a, "policy_create"))
    assert response.status_code == 302 and response["Location"] == url(org_a, "policy")
    with scope(organization=org_a):
        document = GovernedDocument.objects.get(kind=DocumentKind.COMPLAINT_POLICY)
        assert document.versions.get().complaint_channels.count() == 9
    again = client.post(url(org_a, "policy_create"))
    assert again.status_code == 302
    assert messages_of(again)[-1] == str(services.ALREADY_EXISTS)
    with scope(organization=org_a):
        assert GovernedDocument.objects.filter(kind=DocumentKind.COMPLAINT_POLICY).count() == 1

    page = client.get(url(org_a, "policy")).content.decode()
    testids = ["policy-draft", "channel-create", "category-create", "time-standard-create",
               "escalation-rule-create", "submit-link", "calendar-link", "edit-text"]  # fmt: skip
    for testid in testids:
        assert f'data-testid="{testid}"' in page, testid
    assert "Submit for approval on the approvals page" in page
    assert 'data-testid="policy-in-force"' not in page
    cells = " ".join(page.split())
    assert "Acknowledge within 8 working hours / resolve within 10 working days" in cells
    assert "Acknowledge within 1 working hour / resolve within 8 working hours" in cells
    assert "1 working hour before the due time" not in page
    assert "8 working hours before the due time" in page and "At the breach" in page


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.SECRETARY])
def test_readers_see_the_policy_but_may_not_change_it(org_a, member_factory, client_for, role):
    version = draft(org_a)
    rows = first_rows(version)
    client = client_for(member_factory(org_a, role))
    page = client.get(url(org_a, "policy"))
    assert page.status_code == 200
    assert b'data-testid="policy-draft"' in page.content
    for testid in (b"channel-create", b"category-create", b"escalation-rule-create", b"edit-text"):
        assert testid not in page.content
    assert b'data-testid="calendar-link"' in page.content
    assert client.post(url(org_a, "policy_create")).status_code == 403
    for name in ("channel", "category", "time_standard", "escalation_rule"):
        assert client.get(url(org_a, f"{name}_create")).status_code == 403
        assert client.post(url(org_a, f"{name}_create"), {}).status_code == 403
        assert client.get(url(org_a, f"{name}_edit", rows[name].pk)).status_code == 403
        assert client.post(url(org_a, f"{name}_delete", rows[name].pk)).status_code == 403
    with scope(organization=org_a):
        assert version.complaint_channels.count() == 9


def test_readers_see_no_create_button_before_the_policy_exists(org_a, member_factory, client_for):
    client = client_for(member_factory(org_a, Role.VIEWER))
    page = client.get(url(org_a, "policy"))
    assert b'data-testid="no-policy"' in page.content
    assert b'data-testid="policy-create"' not in page.content


def test_editor_changes_the_draft_through_the_forms(org_a, member_factory, client_for):
    version = draft(org_a)
    unit = OrgUnitFactory(organization=org_a)
    client = client_for(english(member_factory(org_a, Role.EDITOR)))

    response = client.post(
        url(org_a, "channel_create"),
        {
            "order": 0,
            "kind": "line",
            "name_th": "ไลน์ @water",
            "contact": "@water",
            "is_active": "on",
        },
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith("#channels")
    refused = client.post(
        url(org_a, "category_create"), {"order": 0, "code": "SRV", "name_th": "ซ้ำ"}
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors == {"code": [str(services.DUPLICATE_CODE)]}
    response = client.post(
        url(org_a, "category_create"),
        {"order": 0, "code": "WTR", "name_th": "คุณภาพน้ำ", "name_en": "Water quality"},
    )
    assert response.status_code == 302
    with scope(organization=org_a):
        water = version.complaint_categories.get(code="WTR")
    # The missing cell of the grid links to the form with its category and severity.
    form = client.get(url(org_a, "time_standard_create") + f"?category={water.pk}&severity=high")
    assert form.context["form"].initial["category"] == water.pk
    assert form.context["form"].initial["severity"] == "high"
    standard_data = {
        "category": water.pk,
        "severity": "high",
        "acknowledge_within": 2,
        "acknowledge_unit": "working_hours",
        "resolve_within": 3,
        "resolve_unit": "working_days",
    }
    assert client.post(url(org_a, "time_standard_create"), standard_data).status_code == 302
    duplicate = client.post(url(org_a, "time_standard_create"), standard_data)
    assert duplicate.status_code == 200
    assert duplicate.context["form"].errors  # one standard per category and severity
    nobody = client.post(
        url(org_a, "escalation_rule_create"),
        {"clock": "resolution", "hours_before_due": 4, "severity": ""},
    )
    assert nobody.status_code == 200
    assert nobody.context["form"].non_field_errors() == [str(services.NOBODY_NOTIFIED)]
    response = client.post(
        url(org_a, "escalation_rule_create"),
        {"clock": "resolution", "hours_before_due": 4, "severity": "critical",
         "escalate_to": unit.pk, "description": "แจ้งผู้อำนวยการ"},
    )  # fmt: skip
    assert response.status_code == 302

    with scope(organization=org_a):
        line = version.complaint_channels.get(contact="@water")
        assert (line.contact, line.order, line.is_active) == ("@water", 10, True)
        assert TimeStandard.objects.get(category=water).resolve_within == 3
        rule = version.complaint_escalation_rules.get(description="แจ้งผู้อำนวยการ")
        assert rule.escalate_to == unit and not rule.notify_handler
        key = line.key
    response = client.post(
        url(org_a, "channel_edit", line.pk),
        {"order": 10, "kind": "line", "name_th": "ไลน์ทางการ", "contact": "@water "},
    )
    assert response.status_code == 302
    with scope(organization=org_a):
        line.refresh_from_db()
        assert (line.name_th, line.is_active, line.key) == ("ไลน์ทางการ", False, key)

    page = client.get(url(org_a, "policy")).content.decode()
    assert "ไลน์ทางการ" in page and "Water quality" in page and "แจ้งผู้อำนวยการ" in page
    assert "The head of" in page and 'data-testid="unit-without-head"' in page
    assert page.count('data-testid="missing-cell"') == 3  # WTR: low, medium, critical

    assert client.post(url(org_a, "category_delete", water.pk)).status_code == 302
    with scope(organization=org_a):
        assert not version.complaint_categories.filter(code="WTR").exists()
        assert not TimeStandard.objects.filter(category_id=water.pk).exists()


def test_the_grid_flags_missing_cells_with_a_link_to_add_them(org_a, member_factory, client_for):
    version = draft(org_a)
    with scope(organization=org_a):
        srv = version.complaint_categories.get(code="SRV")
        TimeStandard.objects.filter(category=srv, severity="critical").delete()
    client = client_for(english(member_factory(org_a, Role.COORDINATOR)))
    page = client.get(url(org_a, "policy")).content.decode()
    assert page.count('data-testid="missing-cell"') == 1
    assert 'data-testid="missing-standards"' in page
    assert f"?category={srv.pk}&amp;severity=critical" in page
    assert len(page.split('data-testid="standard-cell"')) - 1 == 6 * 4 - 1


def test_page_shows_the_version_in_force_with_its_approval_and_the_new_draft(
    org_a, member_factory, client_for
):
    version = f.approved_policy(org_a)
    client = client_for(member_factory(org_a, Role.EDITOR))  # in Thai: dates in B.E.
    page = client.get(url(org_a, "policy"))
    body = page.content.decode()
    assert page.context["page"].in_force == version
    assert 'data-testid="policy-in-force"' in body and 'data-testid="policy-draft"' not in body
    assert "12/2569" in body and "25 ก.ย. 2568" in body  # the meeting, its date in B.E.
    assert reverse("approvals:version", args=[org_a.slug, version.pk]) in body
    assert 'data-testid="new-draft"' in body
    assert "channel-create" not in body  # frozen: nothing to add to

    draft_ = new_draft(org_a, version)
    with scope(organization=org_a):
        draft_.complaint_channels.filter(kind="counter").update(name_th="เคาน์เตอร์ฉบับร่าง")
    page = client.get(url(org_a, "policy"))
    body = page.content.decode()
    assert page.context["page"].draft == draft_
    assert 'data-testid="policy-draft"' in body and 'data-testid="policy-in-force"' in body
    assert "เคาน์เตอร์ฉบับร่าง" in body and "เคาน์เตอร์บริการ ณ สำนักงาน" in body
    assert body.count('data-testid="policy-version"') == 2
    assert 'data-testid="channel-create"' in body


def test_frozen_content_cannot_be_edited_or_deleted_through_the_pages(
    org_a, member_factory, client_for
):
    version = f.approved_policy(org_a)
    rows = first_rows(version)
    client = client_for(english(member_factory(org_a, Role.EDITOR)))
    for name, row in rows.items():
        edit = client.post(url(org_a, f"{name}_edit", row.pk), {"name_th": "เปลี่ยน"})
        assert edit.status_code == 302, name
        assert messages_of(edit)[-1] == str(services.NOT_EDITABLE), name
        delete = client.post(url(org_a, f"{name}_delete", row.pk))
        assert delete.status_code == 302, name
        assert messages_of(delete)[-1] == str(services.NOT_EDITABLE), name
        create = client.get(url(org_a, f"{name}_create"))
        assert create.status_code == 302 and create["Location"].startswith(url(org_a, "policy"))
        assert messages_of(create)[-1] == str(services.NOT_EDITABLE), name
    with scope(organization=org_a):
        assert version.complaint_channels.count() == 9
        assert version.complaint_time_standards.count() == 24


def test_editing_pages_say_why_there_is_no_draft(org_a, member_factory, client_for):
    client = client_for(english(member_factory(org_a, Role.EDITOR)))
    response = client.get(url(org_a, "channel_create"))
    assert response.status_code == 302
    assert messages_of(response) == [str(services.NO_POLICY)]
    version = draft(org_a)
    with scope(organization=org_a):
        approvals.submit_version(version=version, by=f.member(org_a, Role.COORDINATOR))
    response = client.get(url(org_a, "category_create"))
    assert messages_of(response)[-1] == str(services.WAITING_FOR_BOARD)
    page = client.get(url(org_a, "policy")).content.decode()
    assert 'data-testid="policy-submitted"' in page and "category-create" not in page


def test_forged_ids_of_another_organization_in_forms_are_refused(
    org_a, org_b, member_factory, client_for
):
    version = draft(org_a)
    foreign = draft(org_b)
    foreign_unit = OrgUnitFactory(organization=org_b)
    with scope(organization=org_b):
        foreign_category = foreign.complaint_categories.get(code="SRV")
        foreign_channel = foreign.complaint_channels.first()
    client = client_for(english(member_factory(org_a, Role.COORDINATOR)))
    with scope(organization=org_a):
        srv = version.complaint_categories.get(code="SRV")
        TimeStandard.objects.filter(category=srv, severity="low").delete()
    refused = client.post(
        url(org_a, "time_standard_create"),
        {"category": foreign_category.pk, "severity": "low", "acknowledge_within": 1,
         "acknowledge_unit": "working_hours", "resolve_within": 1,
         "resolve_unit": "working_days"},
    )  # fmt: skip
    assert refused.status_code == 200 and "category" in refused.context["form"].errors
    refused = client.post(
        url(org_a, "escalation_rule_create"),
        {"clock": "resolution", "hours_before_due": 0, "escalate_to": foreign_unit.pk},
    )
    assert refused.status_code == 200 and "escalate_to" in refused.context["form"].errors
    # Rows of another organization are not found through this organization's URLs.
    assert client.get(url(org_a, "channel_edit", foreign_channel.pk)).status_code == 404
    assert client.post(url(org_a, "category_delete", foreign_category.pk)).status_code == 404
    with scope(organization=org_a):
        assert version.complaint_escalation_rules.count() == 3
        assert not TimeStandard.objects.filter(category=srv, severity="low").exists()
    with scope(organization=org_b):
        assert ComplaintCategory.objects.filter(pk=foreign_category.pk).exists()


def test_approvals_version_page_shows_the_policy_content(org_a, member_factory, client_for):
    version = f.approved_policy(org_a)
    client = client_for(english(member_factory(org_a, Role.VIEWER)))
    page = client.get(reverse("approvals:version", args=[org_a.slug, version.pk])).content.decode()
    assert 'data-testid="policy-content"' in page
    assert "เคาน์เตอร์บริการ ณ สำนักงาน" in page
    assert 'data-testid="standards-grid"' in page and 'data-testid="missing-cell"' not in page
    assert 'data-testid="policy-escalation"' in page
    assert "channel-create" not in page and url(org_a, "policy") in page


def test_public_page_of_a_published_policy_shows_the_content_without_staff_links(org_a, client):
    version = f.approved_policy(org_a)
    with scope(organization=org_a):
        version = approvals.publish_version(version=version)
    response = client.get(reverse("public:version", args=[version.public_token]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="policy-content"' in body
    assert "เคาน์เตอร์บริการ ณ สำนักงาน" in body
    assert f"/o/{org_a.slug}/" not in body


def _policy_queries(client, org) -> int:
    client.get(url(org, "policy"))  # the first visit also remembers the organization
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(org, "policy"))
    assert response.status_code == 200
    return len(queries)


def test_policy_page_costs_the_same_queries_for_few_and_many_rows(
    org_a, member_factory, client_for
):
    version = f.approved_policy(org_a)
    draft_ = new_draft(org_a, version)
    unit = OrgUnitFactory(organization=org_a)
    client = client_for(member_factory(org_a, Role.EDITOR))
    few = _policy_queries(client, org_a)
    with scope(organization=org_a):
        for n in range(8):
            services.save_channel(
                ComplaintChannel(organization=org_a, version=draft_, kind="other", name_th=f"{n}")
            )
            category = services.save_category(
                ComplaintCategory(organization=org_a, version=draft_, code=f"X{n}", name_th="x")
            )
            services.save_time_standard(
                TimeStandard(
                    organization=org_a, category=category, severity="low",
                    acknowledge_within=1, resolve_within=1,
                )
            )  # fmt: skip
            services.save_escalation_rule(
                EscalationRule(
                    organization=org_a, version=draft_, clock="resolution",
                    hours_before_due=n, escalate_to=unit,
                )
            )  # fmt: skip
    assert _policy_queries(client, org_a) == few
