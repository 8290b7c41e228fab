"""Rules of the complaint handling policy's content: one policy per organization with default
content, edits only on its open draft, keys that survive edits and versions, unique category
codes, time standards within their version, references within the organization, freezing."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django_scopes import scope

from complaints import policy_selectors as selectors
from complaints import policy_services as services
from complaints.models import (
    ComplaintCategory,
    ComplaintChannel,
    EscalationRule,
    Severity,
    TimeStandard,
    TimeUnit,
)
from seam_scm.approvals import services as approvals
from seam_scm.approvals.models import DocumentKind, VersionStatus
from seam_scm.history import history_of
from seam_scm.tenancy.roles import Role

from ..approvals.factories import draft_version
from ..factories import OrgUnitFactory
from . import factories as f

pytestmark = pytest.mark.django_db


def draft(organization):
    """The policy's open draft with the default content (declared if needed)."""
    by = f.member(organization, Role.COORDINATOR)
    with scope(organization=organization):
        document = selectors.policy_document() or services.create_policy(
            organization=organization, by=by
        )
        return document.versions.order_by("-number").get(status__in=["draft", "returned"])


def new_draft(organization, version):
    with scope(organization=organization):
        return approvals.start_new_draft(
            document=version.document, by=f.member(organization, Role.COORDINATOR)
        )


def channel(version, **fields) -> ComplaintChannel:
    fields = {"kind": ComplaintChannel.Kind.EMAIL, "name_th": "อีเมลร้องเรียน", **fields}
    return ComplaintChannel(**{"organization": version.organization, "version": version, **fields})


def category(version, **fields) -> ComplaintCategory:
    fields = {"code": "WTR", "name_th": "คุณภาพน้ำ", **fields}
    return ComplaintCategory(**{"organization": version.organization, "version": version, **fields})


def standard(version, category, **fields) -> TimeStandard:
    fields = {
        "severity": Severity.HIGH,
        "acknowledge_within": 2,
        "acknowledge_unit": TimeUnit.WORKING_HOURS,
        "resolve_within": 3,
        "resolve_unit": TimeUnit.WORKING_DAYS,
        **fields,
    }
    fields = {"organization": version.organization, "version": version, **fields}
    return TimeStandard(category=category, **fields)


def rule(version, **fields) -> EscalationRule:
    fields = {"clock": EscalationRule.Clock.RESOLUTION, "hours_before_due": 4, **fields}
    return EscalationRule(**{"organization": version.organization, "version": version, **fields})


def test_create_policy_declares_it_once_with_the_default_content(org_a, coordinator_a):
    with scope(organization=org_a):
        document = services.create_policy(organization=org_a, by=coordinator_a)
        assert document.kind == DocumentKind.COMPLAINT_POLICY
        assert document.title == services.POLICY_TITLE
        version = document.versions.get()
        assert version.status == VersionStatus.DRAFT
        assert services.open_draft() == version
        assert version.complaint_channels.count() == len(services.DEFAULT_CHANNELS)
        assert version.complaint_categories.count() == len(services.DEFAULT_CATEGORIES)
        assert version.complaint_time_standards.count() == len(services.DEFAULT_CATEGORIES) * 4
        assert version.complaint_escalation_rules.count() == 3
        assert selectors.policy_sections(version).missing_standards == []
        with pytest.raises(ValidationError) as error:
            services.create_policy(organization=org_a, by=coordinator_a)
        assert error.value.code == "policy_exists"


def test_create_policy_without_defaults_starts_empty(org_a, coordinator_a):
    with scope(organization=org_a):
        document = services.create_policy(organization=org_a, by=coordinator_a, with_defaults=False)
        assert not document.versions.get().complaint_channels.exists()


def test_new_rows_get_a_new_key_and_the_next_order_and_edits_keep_the_key(org_a):
    version = draft(org_a)
    with scope(organization=org_a):
        top = max(version.complaint_channels.values_list("order", flat=True))
        first = services.save_channel(channel(version))
        second = services.save_channel(channel(version, name_th="ไปรษณีย์"))
        assert (first.order, second.order) == (top + 1, top + 2)
        assert first.key != second.key
        placed = services.save_channel(channel(version, name_th="ตู้รับเรื่อง", order=1))
        assert placed.order == 1
        key = first.key
        first.name_th = "อีเมลกลาง"
        first.key = second.key  # a forged key is ignored: the row keeps its own
        services.save_channel(first)
        first.refresh_from_db()
        assert (first.key, first.name_th) == (key, "อีเมลกลาง")
        # A "new" row that carries the key of another row still gets its own.
        copy = services.save_category(category(version, key=first.key))
        assert copy.key != first.key


def test_category_code_is_unique_within_a_version(org_a, english):
    version = draft(org_a)
    with scope(organization=org_a):
        with pytest.raises(ValidationError) as error:
            services.save_category(category(version, code=" SRV "))
        assert error.value.message_dict == {"code": [str(services.DUPLICATE_CODE)]}
        services.save_category(category(version, code="WTR"))
        existing = version.complaint_categories.get(code="SRV")
        existing.name_th = "คุณภาพบริการ"
        services.save_category(existing)  # its own code is no duplicate


def test_time_standard_belongs_to_a_category_of_its_version_once_per_severity(org_a, english):
    approved = f.approved_policy(org_a)
    version = new_draft(org_a, approved)
    with scope(organization=org_a):
        old_category = approved.complaint_categories.get(code="SRV")
        new_category = services.save_category(category(version, code="WTR"))
        with pytest.raises(ValidationError) as error:
            services.save_time_standard(standard(version, old_category))
        assert error.value.message_dict == {"category": [str(services.OTHER_VERSION)]}
        with pytest.raises(ValidationError) as error:
            services.save_time_standard(
                standard(version, version.complaint_categories.get(code="SRV"))
            )
        assert error.value.message_dict == {"severity": [str(services.DUPLICATE_STANDARD)]}
        # The version may be left out: it is the category's.
        saved = services.save_time_standard(
            TimeStandard(
                organization=org_a,
                category=new_category,
                severity=Severity.LOW,
                acknowledge_within=1,
                resolve_within=5,
            )
        )
        assert saved.version_id == version.pk
        with pytest.raises(ValidationError) as error:
            services.save_time_standard(standard(version, new_category, acknowledge_within=0))
        assert set(error.value.message_dict) == {"acknowledge_within"}


def test_deleting_a_category_deletes_its_time_standards(org_a):
    version = draft(org_a)
    with scope(organization=org_a):
        srv = version.complaint_categories.get(code="SRV")
        services.delete_category(category=srv)
        assert not TimeStandard.objects.filter(category_id=srv.pk).exists()
        assert (
            version.complaint_time_standards.count() == (len(services.DEFAULT_CATEGORIES) - 1) * 4
        )


def test_an_escalation_rule_notifies_someone_in_the_organization(org_a, org_b, english):
    version = draft(org_a)
    foreign = OrgUnitFactory(organization=org_b)
    own = OrgUnitFactory(organization=org_a)
    with scope(organization=org_a):
        nobody = rule(version, notify_handler=False, notify_unit_head=False)
        with pytest.raises(ValidationError) as error:
            services.save_escalation_rule(nobody)
        assert error.value.message_dict == {NON_FIELD_ERRORS: [str(services.NOBODY_NOTIFIED)]}
        nobody.escalate_to = foreign
        with pytest.raises(ValidationError) as error:
            services.save_escalation_rule(nobody)
        assert error.value.message_dict["escalate_to"] == [str(services.OTHER_ORGANIZATION)]
        nobody.escalate_to = own
        saved = services.save_escalation_rule(nobody)
        assert saved.key and saved.order == 4


def test_rows_of_another_organization_or_document_are_refused(org_a, org_b, english):
    version = draft(org_a)
    foreign_version = draft(org_b)
    other_kind = draft_version(org_a)
    with scope(organization=org_b):
        foreign_category = foreign_version.complaint_categories.get(code="SRV")
    with scope(organization=org_a):
        with pytest.raises(ValidationError) as error:
            services.save_channel(channel(other_kind))
        assert error.value.message_dict == {"version": [str(services.NOT_THE_POLICY)]}
        # Another organization's version is not found inside this organization's scope.
        forged = ComplaintChannel(
            organization=org_a, version_id=foreign_version.pk, kind="email", name_th="x"
        )
        with pytest.raises(ValidationError) as error:
            services.save_channel(forged)
        assert error.value.message_dict == {"version": [str(services.NOT_THE_POLICY)]}
        with pytest.raises(ValidationError) as error:
            services.save_channel(channel(version, organization=org_b))
        assert error.value.message_dict == {"version": [str(services.OTHER_ORGANIZATION)]}
        with pytest.raises(ValidationError) as error:
            services.save_time_standard(standard(version, foreign_category))
        assert error.value.message_dict == {"category": [str(services.OTHER_ORGANIZATION)]}


def test_content_of_an_approved_or_submitted_version_is_refused(org_a, english):
    version = f.approved_policy(org_a)
    with scope(organization=org_a):
        rows = {
            "channel": version.complaint_channels.first(),
            "category": version.complaint_categories.first(),
            "time_standard": version.complaint_time_standards.first(),
            "escalation_rule": version.complaint_escalation_rules.first(),
        }
        for name, row in rows.items():
            with pytest.raises(ValidationError) as error:
                getattr(services, f"save_{name}")(row)
            assert error.value.code == "not_editable", name
            assert error.value.messages == [str(services.NOT_EDITABLE)]
            with pytest.raises(ValidationError):
                getattr(services, f"delete_{name}")(**{name: row})
        with pytest.raises(ValidationError):
            services.save_channel(channel(version))
        assert version.complaint_channels.count() == len(services.DEFAULT_CHANNELS)
        assert services.open_draft() is None
        assert services.no_draft_reason(version.document) == str(services.NOT_EDITABLE)

    submitted = new_draft(org_a, version)
    with scope(organization=org_a):
        approvals.submit_version(version=submitted, by=f.member(org_a, Role.COORDINATOR))
        with pytest.raises(ValidationError):
            services.save_channel(channel(submitted))
        assert services.no_draft_reason(version.document) == str(services.WAITING_FOR_BOARD)


def test_approval_freezes_the_rows_and_a_new_draft_copies_them_with_their_keys(org_a):
    version = f.approved_policy(org_a)
    with scope(organization=org_a):
        row = version.complaint_channels.first()
        row.name_th = "เปลี่ยนแปลง"
        with pytest.raises(DatabaseError), transaction.atomic():
            row.save()
        snapshot = version.approval.snapshot["content"]
        assert len(snapshot["channels"]) == len(services.DEFAULT_CHANNELS)
    draft_ = new_draft(org_a, version)
    with scope(organization=org_a):
        for relation in (
            "complaint_channels",
            "complaint_categories",
            "complaint_escalation_rules",
        ):
            old = set(getattr(version, relation).values_list("key", flat=True))
            assert set(getattr(draft_, relation).values_list("key", flat=True)) == old, relation
        copied = draft_.complaint_time_standards.select_related("category")
        assert {s.category.version_id for s in copied} == {draft_.pk}
        assert copied.count() == version.complaint_time_standards.count()
        # The copies may change; the approved rows stay as they were.
        channel_copy = draft_.complaint_channels.get(key=row.key)
        channel_copy.is_active = False
        services.save_channel(channel_copy)
        assert version.complaint_channels.get(key=row.key).is_active


def test_changes_are_kept_in_history(org_a, english):
    version = draft(org_a)
    with scope(organization=org_a):
        row = version.complaint_channels.first()
        row.contact = "โทร 1662"
        services.save_channel(row)
        history = history_of(row)
    assert [h.change for h in history] == ["Changed", "Created"]
    assert history[0].fields == ["how to reach it"]


def test_grid_shows_every_category_and_severity_with_missing_cells(org_a):
    version = draft(org_a)
    with scope(organization=org_a):
        srv = version.complaint_categories.get(code="SRV")
        services.delete_time_standard(
            time_standard=version.complaint_time_standards.get(category=srv, severity="high")
        )
        services.save_category(category(version, code="WTR"))
        sections = selectors.policy_sections(version)
    assert [row.category.code for row in sections.grid][:2] == ["SRV", "STF"]
    assert all(len(row.cells) == 4 for row in sections.grid)
    assert [c.severity for c in sections.grid[0].cells] == ["low", "medium", "high", "critical"]
    missing = {(c.category.code, c.severity) for c in sections.missing_standards}
    assert missing == {("SRV", "high")} | {("WTR", s) for s in Severity.values}
