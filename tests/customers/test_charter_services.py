"""Rules of the charter's content: one charter per organization, edits only on its open draft,
references within the same version and organization, critical journey stages, BCM links."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from customers import charter_services as services
from customers.models import (
    BlueprintStep,
    CharterCommitment,
    CharterIntro,
    RecoveryScenario,
    ServiceGuideline,
    ServiceStandard,
)
from seam_scm.approvals import services as approvals
from seam_scm.approvals.models import DocumentKind, VersionStatus

from ..approvals.factories import draft_version
from ..factories import OrgUnitFactory
from . import factories as f

pytestmark = pytest.mark.django_db


def _fields(error: ValidationError) -> set[str]:
    return set(error.value.message_dict)


def test_create_charter_declares_the_document_with_a_thai_title_once(org_a, coordinator_a):
    with scope(organization=org_a):
        document = services.create_charter(organization=org_a, by=coordinator_a)
        assert document.kind == DocumentKind.SERVICE_CHARTER
        assert document.title == "กฎบัตรและมาตรฐานการให้บริการลูกค้า"
        draft = services.open_draft()
        assert draft.number == 1 and draft.status == VersionStatus.DRAFT
        assert services.charter_document() == document
        with pytest.raises(ValidationError) as error:
            services.create_charter(organization=org_a, by=coordinator_a)
        assert error.value.code == "charter_exists"


def test_each_organization_has_its_own_charter(org_a, org_b, coordinator_a, coordinator_b):
    with scope(organization=org_a):
        services.create_charter(organization=org_a, by=coordinator_a)
    with scope(organization=org_b):
        assert services.charter_document() is None
        services.create_charter(organization=org_b, by=coordinator_b)


def test_new_rows_get_a_key_and_the_next_order(org_a, english):
    version = f.charter_draft(org_a)
    unit = OrgUnitFactory(organization=org_a)
    with scope(organization=org_a):
        first = services.save_commitment(
            CharterCommitment(organization=org_a, version=version, text_th="ข้อ 1")
        )
        second = services.save_commitment(
            CharterCommitment(organization=org_a, version=version, text_th="ข้อ 2")
        )
        assert (first.order, second.order) == (1, 2)
        standard = services.save_standard(
            ServiceStandard(
                organization=org_a,
                version=version,
                service_th="ชำระค่าน้ำ",
                service_kind=ServiceStandard.ServiceKind.SUPPORT,
                time_standard_th="ภายใน 5 นาที",
                metric="เวลารอคิว",
                target="ร้อยละ 95",
                measurement_method="ระบบคิว",
                measurement_frequency="monthly",
                owner_unit=unit,
            )
        )
        assert standard.key is not None and standard.order == 1


def test_time_limit_needs_its_unit_and_the_reverse(org_a, english):
    standard = f.make_standard(org_a)
    with scope(organization=org_a):
        standard.time_unit = ""
        with pytest.raises(ValidationError) as error:
            services.save_standard(standard)
        assert error.value.message_dict["time_unit"] == ["Choose the unit of the time limit."]
        standard.time_limit, standard.time_unit = None, ServiceStandard.TimeUnit.DAYS
        with pytest.raises(ValidationError) as error:
            services.save_standard(standard)
        assert _fields(error) == {"time_limit"}


def test_rows_of_an_approved_charter_are_refused_with_a_clear_message(org_a, english):
    version = f.make_full_charter(org_a)
    f.approve_charter(org_a, version)
    with scope(organization=org_a):
        commitment = version.charter_commitments.get()
        commitment.text_th = "เปลี่ยน"
        with pytest.raises(ValidationError) as error:
            services.save_commitment(commitment)
        assert error.value.code == "not_editable"
        assert error.value.messages == [str(services.NOT_EDITABLE)]
        with pytest.raises(ValidationError):
            services.save_commitment(CharterCommitment(organization=org_a, version=version))
        with pytest.raises(ValidationError):
            services.delete_standard(standard=version.service_standards.get())
        with pytest.raises(ValidationError):
            services.update_intro(version=version, title_en="Changed")
        assert version.service_standards.count() == 1


def test_a_submitted_version_is_not_editable_either(org_a):
    version = f.charter_draft(org_a)
    with scope(organization=org_a):
        approvals.submit_version(version=version, by=f.coordinator(org_a))
        with pytest.raises(ValidationError):
            services.save_commitment(
                CharterCommitment(organization=org_a, version=version, text_th="ข้อ 1")
            )


def test_rows_must_belong_to_a_charter_version(org_a, english):
    other = draft_version(org_a)  # a governed document of another kind
    with scope(organization=org_a):
        with pytest.raises(ValidationError) as error:
            services.save_commitment(
                CharterCommitment(organization=org_a, version=other, text_th="ข้อ 1")
            )
        assert error.value.message_dict["version"] == [str(services.NOT_THE_CHARTER)]


def test_blueprint_step_takes_the_version_of_its_service_and_refuses_another(org_a, english):
    standard = f.make_standard(org_a)
    with scope(organization=org_a):
        step = services.save_blueprint_step(
            BlueprintStep(
                organization=org_a, standard=standard, customer_action="ยื่น", frontstage="รับ"
            )
        )
        assert step.version_id == standard.version_id and step.order == 1
    # A service of the next version, with the step still pointing at the old version.
    f.approve_charter(org_a, standard.version)
    with scope(organization=org_a):
        draft = approvals.start_new_draft(
            document=standard.version.document, by=f.coordinator(org_a)
        )
        copied = draft.service_standards.get()
        step = BlueprintStep(
            organization=org_a, version=draft, standard=standard, order=2,
            customer_action="ยื่น", frontstage="รับ",
        )  # fmt: skip
        with pytest.raises(ValidationError) as error:
            services.save_blueprint_step(step)
        assert error.value.message_dict["standard"] == [str(services.OTHER_VERSION)]
        step.standard = copied
        services.save_blueprint_step(step)


def test_guideline_journey_stage_must_be_a_critical_stage_of_the_organization(
    org_a, org_b, english
):
    standard = f.make_standard(org_a)
    calm = f.make_stage(org_a, is_critical=False, critical_reason="")
    foreign = f.make_stage(org_b)
    critical = f.make_stage(org_a)
    with scope(organization=org_a):
        guideline = ServiceGuideline(
            organization=org_a,
            version=standard.version,
            standard=standard,
            journey_stage=calm,
            critical_point="รับคำขอ",
            behaviour="ทักทาย",
            responsible_role="พนักงาน",
        )
        with pytest.raises(ValidationError) as error:
            services.save_guideline(guideline)
        assert error.value.message_dict["journey_stage"] == [str(services.NOT_CRITICAL_STAGE)]
        guideline.journey_stage = foreign
        with pytest.raises(ValidationError) as error:
            services.save_guideline(guideline)
        assert "journey_stage" in error.value.message_dict
        guideline.journey_stage = critical
        services.save_guideline(guideline)
        assert ServiceGuideline.objects.get().journey_stage == critical


def test_an_emergency_names_its_business_continuity_plan(org_a, english):
    version = f.charter_draft(org_a)
    unit = OrgUnitFactory(organization=org_a)
    with scope(organization=org_a):
        scenario = RecoveryScenario(
            organization=org_a,
            version=version,
            situation=RecoveryScenario.Situation.EMERGENCY,
            scenario="น้ำท่วมสำนักงาน",
            trigger="ปิดสำนักงาน",
            immediate_actions="ย้ายไปให้บริการที่สาขาใกล้เคียง",
            owner_unit=unit,
            continuity_link="  ",
        )
        with pytest.raises(ValidationError) as error:
            services.save_recovery(scenario)
        assert error.value.message_dict == {
            "continuity_link": [str(services.EMERGENCY_NEEDS_CONTINUITY)]
        }
        scenario.continuity_link = "BCM-01"
        services.save_recovery(scenario)
        scenario.situation = RecoveryScenario.Situation.NORMAL_ERROR
        scenario.continuity_link = ""
        services.save_recovery(scenario)  # a normal error needs none


def test_references_to_another_organization_are_refused(org_a, org_b, english):
    standard = f.make_standard(org_a)
    foreign_unit = OrgUnitFactory(organization=org_b)
    foreign_product = f.make_product(org_b)
    with scope(organization=org_a):
        standard.owner_unit = foreign_unit
        standard.product = foreign_product
        with pytest.raises(ValidationError) as error:
            services.save_standard(standard)
        assert {"owner_unit", "product"} <= _fields(error)


def test_intro_is_one_per_version_and_updates_in_place(org_a, english):
    version = f.charter_draft(org_a)
    with scope(organization=org_a):
        intro = services.update_intro(version=version, title_en="Service Charter")
        again = services.update_intro(version=version, contact_th="โทร 1662")
        assert again.pk == intro.pk
        assert (again.title_en, again.contact_th) == ("Service Charter", "โทร 1662")
        with pytest.raises(ValidationError) as error:
            services.save_intro(CharterIntro(organization=org_a, version=version))
        assert "version" in error.value.message_dict


def test_deleting_a_standard_deletes_its_blueprint_guidelines_and_scenarios(org_a):
    version = f.make_full_charter(org_a)
    with scope(organization=org_a):
        services.delete_standard(standard=version.service_standards.get())
        assert not version.blueprint_steps.exists()
        assert not version.service_guidelines.exists()
        # The normal scenario belonged to the service; the emergency was for all services.
        assert list(version.recovery_scenarios.values_list("situation", flat=True)) == ["emergency"]


def test_content_changes_are_kept_in_history(org_a, english):
    from seam_scm.history import history_of

    standard = f.make_standard(org_a)
    with scope(organization=org_a):
        standard.target = "ร้อยละ 95"
        services.save_standard(standard)
        history = history_of(standard)
    assert [h.change for h in history] == ["Changed", "Created"]
    assert history[0].fields == ["target"]
