"""The charter pages: creating the charter, editing its draft, frozen versions, roles, the
standard's page with its blueprint and history, the printable blueprint, query counts."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from customers import charter_services as services
from customers.models import (
    CharterCommitment,
    CharterIntro,
    RecoveryScenario,
    ServiceGuideline,
    ServiceStandard,
)
from seam_scm.approvals import services as approvals
from seam_scm.approvals.models import DocumentKind, GovernedDocument
from seam_scm.tenancy.roles import Role

from ..factories import OrgUnitFactory
from . import factories as f

pytestmark = pytest.mark.django_db


def _url(org, name: str, *args) -> str:
    return reverse(f"customers:{name}", args=[org.slug, *args])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def test_editor_creates_the_charter_from_the_empty_page(org_a, member_factory, client_for):
    client = client_for(member_factory(org_a, Role.EDITOR))
    page = client.get(_url(org_a, "charter"))
    assert page.status_code == 200
    assert b'data-testid="charter-create"' in page.content
    assert b'data-testid="readiness-5.1-3"' in page.content
    response = client.post(_url(org_a, "charter_create"))
    assert response.status_code == 302
    with scope(organization=org_a):
        assert GovernedDocument.objects.filter(kind=DocumentKind.SERVICE_CHARTER).count() == 1
    again = client.post(_url(org_a, "charter_create"))
    assert again.status_code == 302
    with scope(organization=org_a):
        assert GovernedDocument.objects.filter(kind=DocumentKind.SERVICE_CHARTER).count() == 1


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.SECRETARY])
def test_readers_see_no_edit_buttons_and_may_not_write(org_a, member_factory, client_for, role):
    f.make_full_charter(org_a)
    client = client_for(member_factory(org_a, role))
    page = client.get(_url(org_a, "charter"))
    assert page.status_code == 200
    assert b"commitment-create" not in page.content
    assert b"standard-create" not in page.content
    assert client.post(_url(org_a, "charter_create")).status_code == 403
    assert client.get(_url(org_a, "commitment_create")).status_code == 403
    with scope(organization=org_a):
        standard = ServiceStandard.objects.get()
    assert client.get(_url(org_a, "standard_detail", standard.pk)).status_code == 200
    assert client.post(_url(org_a, "standard_delete", standard.pk)).status_code == 403


def test_charter_page_shows_the_draft_to_editors_and_the_approved_version_to_readers(
    org_a, member_factory, client_for
):
    version = f.make_full_charter(org_a)
    f.approve_charter(org_a, version)
    with scope(organization=org_a):
        draft = approvals.start_new_draft(document=version.document, by=f.coordinator(org_a))
        draft.service_standards.update(service_th="บริการฉบับร่าง")
    editor = client_for(member_factory(org_a, Role.EDITOR))
    assessor = client_for(member_factory(org_a, Role.ASSESSOR))
    editor_page = editor.get(_url(org_a, "charter"))
    assert editor_page.context["page"].shown == draft
    assert "บริการฉบับร่าง" in editor_page.content.decode()
    assert b"commitment-create" in editor_page.content
    reader_page = assessor.get(_url(org_a, "charter"))
    assert reader_page.context["page"].shown == version
    assert "บริการฉบับร่าง" not in reader_page.content.decode()
    # Any version on request, but only versions of the charter.
    frozen = editor.get(_url(org_a, "charter") + f"?version={version.pk}")
    assert frozen.context["page"].shown == version
    assert b'data-testid="charter-frozen"' in frozen.content
    assert b"commitment-create" not in frozen.content
    other = f.latest_version(f.make_strategy(org_a).document)
    assert editor.get(_url(org_a, "charter") + f"?version={other.pk}").status_code == 404


def test_editor_adds_commitments_standards_and_a_recovery_plan_through_the_forms(
    org_a, member_factory, client_for
):
    editor = _english(member_factory(org_a, Role.EDITOR))
    client = client_for(editor)
    client.post(_url(org_a, "charter_create"))
    unit = OrgUnitFactory(organization=org_a)

    response = client.post(
        _url(org_a, "commitment_create"),
        {"order": 0, "text_th": "บริการด้วยใจ", "text_en": "We serve with care."},
    )
    assert response.status_code == 302
    response = client.post(
        _url(org_a, "charter_intro_edit"),
        {"title_en": "Service Charter", "summary_en": "", "contact_th": "โทร 1662"},
    )
    assert response.status_code == 302
    standard_data = {
        "order": 0,
        "service_th": "การขอติดตั้งประปาใหม่",
        "service_en": "New connection",
        "service_kind": "core",
        "time_standard_th": "ภายใน 7 วันทำการ",
        "time_standard_en": "Within 7 working days",
        "time_limit": 7,
        "time_unit": "",
        "metric": "ร้อยละคำขอที่ติดตั้งทันเวลา",
        "target": "ร้อยละ 90",
        "measurement_method": "ระบบงานติดตั้ง",
        "measurement_frequency": "monthly",
        "owner_unit": unit.pk,
    }
    refused = client.post(_url(org_a, "standard_create"), standard_data)
    assert refused.status_code == 200
    assert refused.context["form"].errors["time_unit"] == ["Choose the unit of the time limit."]
    response = client.post(
        _url(org_a, "standard_create"), {**standard_data, "time_unit": "working_days"}
    )
    assert response.status_code == 302
    with scope(organization=org_a):
        standard = ServiceStandard.objects.get()
    step = client.post(
        _url(org_a, "blueprint_step_create", standard.pk),
        {
            "order": 1,
            "customer_action": "ยื่นคำขอ",
            "frontstage": "ตรวจเอกสาร",
            "backstage": "สำรวจพื้นที่",
            "is_critical": "on",
        },
    )
    assert step.status_code == 302 and step["Location"].endswith("#blueprint")
    guideline = client.post(
        _url(org_a, "guideline_create"),
        {
            "standard": standard.pk,
            "critical_point": "รับคำขอ",
            "behaviour": "ทักทายและตรวจเอกสารครั้งเดียว",
            "responsible_role": "พนักงานบริการ",
        },
    )
    assert guideline.status_code == 302
    emergency = {
        "situation": "emergency",
        "scenario": "ระบบล่ม",
        "trigger": "ระบบไม่ตอบสนอง",
        "immediate_actions": "รับคำขอด้วยกระดาษ",
        "owner_unit": unit.pk,
        "continuity_link": "",
        "complaint_link": "on",
    }
    refused = client.post(_url(org_a, "recovery_create"), emergency)
    assert refused.status_code == 200
    assert refused.context["form"].errors == {
        "continuity_link": [
            "An emergency scenario must name the business continuity plan it follows."
        ]
    }
    response = client.post(
        _url(org_a, "recovery_create"), {**emergency, "continuity_link": "BCM-03"}
    )
    assert response.status_code == 302
    with scope(organization=org_a):
        assert CharterCommitment.objects.get().text_en == "We serve with care."
        assert CharterIntro.objects.get().title_en == "Service Charter"
        assert standard.blueprint_steps.get().is_critical
        assert ServiceGuideline.objects.get().standard == standard
        assert RecoveryScenario.objects.get().continuity_link == "BCM-03"

    page = client.get(_url(org_a, "charter")).content.decode()
    for text in ("บริการด้วยใจ", "New connection", "ทักทายและตรวจเอกสารครั้งเดียว", "BCM-03"):
        assert text in page


def test_frozen_content_cannot_be_edited_or_deleted_through_the_pages(
    org_a, member_factory, client_for
):
    version = f.make_full_charter(org_a)
    f.approve_charter(org_a, version)
    client = client_for(_english(member_factory(org_a, Role.EDITOR)))
    with scope(organization=org_a):
        commitment = version.charter_commitments.get()
        standard = version.service_standards.get()
        step = version.blueprint_steps.get()
        guideline = version.service_guidelines.get()
        scenario = version.recovery_scenarios.first()
    for url in [
        _url(org_a, "commitment_edit", commitment.pk),
        _url(org_a, "standard_edit", standard.pk),
        _url(org_a, "blueprint_step_edit", step.pk),
        _url(org_a, "blueprint_step_create", standard.pk),
        _url(org_a, "guideline_edit", guideline.pk),
        _url(org_a, "recovery_edit", scenario.pk),
        _url(org_a, "commitment_create"),
        _url(org_a, "charter_intro_edit"),
    ]:
        response = client.post(url, {"text_th": "เปลี่ยน"})
        assert response.status_code == 302, url
        assert _messages(response), url
    for url in [
        _url(org_a, "commitment_delete", commitment.pk),
        _url(org_a, "standard_delete", standard.pk),
        _url(org_a, "guideline_delete", guideline.pk),
        _url(org_a, "recovery_delete", scenario.pk),
        _url(org_a, "blueprint_step_delete", step.pk),
    ]:
        response = client.post(url)
        assert response.status_code == 302
        assert str(services.NOT_EDITABLE) in _messages(response)
    with scope(organization=org_a):
        assert version.charter_commitments.get().text_th == commitment.text_th
        assert version.service_standards.count() == 1
        assert version.recovery_scenarios.count() == 2


def test_deleting_rows_of_the_draft(org_a, member_factory, client_for):
    version = f.make_full_charter(org_a)
    client = client_for(member_factory(org_a, Role.COORDINATOR))
    with scope(organization=org_a):
        commitment = version.charter_commitments.get()
        standard = version.service_standards.get()
    assert client.post(_url(org_a, "commitment_delete", commitment.pk)).status_code == 302
    assert client.post(_url(org_a, "standard_delete", standard.pk)).status_code == 302
    with scope(organization=org_a):
        assert not version.charter_commitments.exists()
        assert not version.service_standards.exists()
        assert not version.blueprint_steps.exists()


def test_standard_page_shows_protocol_blueprint_lanes_guidelines_and_history(
    org_a, member_factory, client_for
):
    version = f.make_full_charter(org_a)
    with scope(organization=org_a):
        standard = version.service_standards.get()
        standard.target = "ร้อยละ 95"
        services.save_standard(standard)
    client = client_for(_english(member_factory(org_a, Role.VIEWER)))
    response = client.get(_url(org_a, "standard_detail", standard.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "ร้อยละ 95" in body
    assert 'data-testid="blueprint-lanes"' in body
    for lane in ("Line of interaction", "Line of visibility", "Line of internal interaction"):
        assert lane in body
    assert 'data-testid="critical-step"' in body
    assert "การรับคำขอที่เคาน์เตอร์" in body  # the guideline
    history = response.context["history"]
    assert [h.change for h in history] == ["Changed", "Created"]
    assert history[0].fields == ["target"]


def test_printable_blueprint_of_the_version_shown_or_one_service(org_a, member_factory, client_for):
    version = f.make_full_charter(org_a)
    second = f.make_standard(org_a, version=version, service_th="การชำระค่าน้ำ")
    f.approve_charter(org_a, version, meeting_number="7/2569")
    client = client_for(member_factory(org_a, Role.ASSESSOR))
    page = client.get(_url(org_a, "blueprint_print"))
    body = page.content.decode()
    assert page.status_code == 200
    assert body.count('data-testid="blueprint-service"') == 2
    assert "7/2569" in body and "@page" in body and "landscape" in body
    one = client.get(_url(org_a, "blueprint_print") + f"?version={version.pk}&standard={second.pk}")
    assert one.content.decode().count('data-testid="blueprint-service"') == 1
    assert client.get(_url(org_a, "blueprint_print") + "?standard=999999").status_code == 404
    assert client.get(_url(org_a, "blueprint_print") + "?version=999999").status_code == 404


def test_blueprint_print_without_a_charter_sends_to_the_charter_page(
    org_a, member_factory, client_for
):
    client = client_for(member_factory(org_a, Role.VIEWER))
    response = client.get(_url(org_a, "blueprint_print"))
    assert response.status_code == 302 and response["Location"] == _url(org_a, "charter")


def test_guideline_form_offers_only_critical_stages_and_this_versions_services(
    org_a, member_factory, client_for
):
    version = f.make_full_charter(org_a)
    critical = f.make_stage(org_a)
    calm = f.make_stage(org_a, is_critical=False, critical_reason="")
    client = client_for(member_factory(org_a, Role.EDITOR))
    form = client.get(_url(org_a, "guideline_create")).context["form"]
    assert list(form.fields["journey_stage"].queryset) == [critical]
    assert calm not in form.fields["journey_stage"].queryset
    with scope(organization=org_a):
        assert list(form.fields["standard"].queryset) == list(version.service_standards.all())


def test_other_organizations_rows_are_not_found(org_a, org_b, member_factory, client_for):
    version = f.make_full_charter(org_b)
    with scope(organization=org_b):
        standard = version.service_standards.get()
    client = client_for(member_factory(org_a, Role.COORDINATOR))
    assert client.get(_url(org_a, "standard_detail", standard.pk)).status_code == 404
    assert client.get(_url(org_a, "charter") + f"?version={version.pk}").status_code == 200


def test_approvals_version_page_shows_the_charter_content(org_a, member_factory, client_for):
    version = f.make_full_charter(org_a)
    client = client_for(member_factory(org_a, Role.VIEWER))
    page = client.get(reverse("approvals:version", args=[org_a.slug, version.pk])).content.decode()
    assert 'data-testid="charter-content"' in page
    assert "การขอติดตั้งประปาใหม่" in page and "ระบบ" in page
    assert 'data-testid="charter-recovery"' in page


def _charter_queries(client, org) -> int:
    client.get(_url(org, "charter"))  # the first visit also remembers the organization
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(org, "charter"))
    assert response.status_code == 200
    return len(queries)


def test_charter_page_costs_the_same_queries_for_2_and_12_services(
    org_a, member_factory, client_for
):
    version = f.make_full_charter(org_a)
    f.make_stage(org_a)
    client = client_for(member_factory(org_a, Role.EDITOR))

    def add(count):
        for _ in range(count):
            standard = f.make_standard(org_a, version=version)
            f.make_blueprint_step(org_a, standard=standard)
            f.make_guideline(org_a, standard=standard)
            f.make_recovery(org_a, version=version, standard=standard)
            f.make_commitment(org_a, version=version)

    add(1)
    few = _charter_queries(client, org_a)
    add(10)
    many = _charter_queries(client, org_a)
    assert few == many


def test_print_and_standard_pages_cost_the_same_queries_for_2_and_12_steps(
    org_a, member_factory, client_for
):
    version = f.make_full_charter(org_a)
    with scope(organization=org_a):
        standard = version.service_standards.get()
    client = client_for(member_factory(org_a, Role.EDITOR))
    urls = [_url(org_a, "blueprint_print"), _url(org_a, "standard_detail", standard.pk)]

    def count(url):
        client.get(url)  # the first visit also remembers the organization
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    f.make_blueprint_step(org_a, standard=standard, order=2)
    few = [count(url) for url in urls]
    for order in range(3, 13):
        f.make_blueprint_step(org_a, standard=standard, order=order)
    assert [count(url) for url in urls] == few
