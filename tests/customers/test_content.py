"""The strategy's and the charter's content ride along with their versions."""

import pytest
from django.db import DatabaseError, transaction
from django_scopes import scope

from seam_scm.approvals import services as approvals
from seam_scm.approvals.snapshot import diff_versions

from ..approvals.factories import APPROVAL_FIELDS, pdf_upload
from . import factories as f


def _approve(organization, version, by):
    with scope(organization=organization):
        approvals.submit_version(version=version, by=by)
        approvals.record_approval(
            version=version, by=by, minutes_upload=pdf_upload(), **APPROVAL_FIELDS
        )
        version.refresh_from_db()
    return version


def test_charter_content_is_copied_with_links_and_frozen_once_approved(org_a):
    by = f.coordinator(org_a)
    standard = f.make_standard(org_a)
    version = standard.version
    stage = f.make_stage(org_a)
    f.make_intro(org_a, version=version)
    f.make_commitment(org_a, version=version)
    step = f.make_blueprint_step(org_a, standard=standard)
    f.make_guideline(org_a, standard=standard, journey_stage=stage)
    f.make_recovery(org_a, version=version, standard=standard)
    _approve(org_a, version, by)
    with scope(organization=org_a):
        snapshot = version.approval.snapshot
        assert snapshot["content"]["standards"][0]["service_th"] == "การขอติดตั้งประปาใหม่"
        assert snapshot["content"]["blueprint"][0]["service"] == str(standard.key)
        step.frontstage = "เปลี่ยนแปลง"
        with pytest.raises(DatabaseError), transaction.atomic():
            step.save()
        draft = approvals.start_new_draft(document=version.document, by=by)
        copied = draft.service_standards.get()
        assert copied.key == standard.key and copied.pk != standard.pk
        assert draft.blueprint_steps.get().standard == copied
        assert draft.service_guidelines.get().standard == copied
        assert draft.service_guidelines.get().journey_stage == stage
        assert draft.recovery_scenarios.get().standard == copied
        assert draft.charter_intro.title_en
        copied.time_standard_th = "ภายใน 5 วันทำการ"
        copied.save()
        changes = diff_versions(version, draft)
        assert any(c.new == "ภายใน 5 วันทำการ" for c in changes)


def test_strategy_content_is_copied_with_keys(org_a):
    by = f.coordinator(org_a)
    strategy = f.make_strategy(org_a, by=by)
    objective = f.make_objective(org_a, strategy=strategy)
    item = f.make_action_item(org_a, strategy=strategy, objective_key=objective.key)
    f.make_cascade(org_a, item=item)
    version = _approve(org_a, f.latest_version(strategy.document), by)
    with scope(organization=org_a):
        draft = approvals.start_new_draft(document=strategy.document, by=by)
        assert draft.action_plan_items.get().key == item.key
        assert draft.strategic_objectives.get().key == objective.key
        assert version.approval.snapshot["content"]["action_plan"][0]["project"] == item.project
