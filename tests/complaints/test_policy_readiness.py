"""Criterion 5.3 level 1 from live data: a written policy and procedures approved by the board
(or a committee it assigned), with several complaint channels in use."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scope

from complaints import policy_selectors as selectors
from complaints import policy_services as services
from seam_scm.approvals import services as approvals
from seam_scm.tenancy.roles import Role

from ..approvals.factories import pdf_upload
from . import factories as f

pytestmark = pytest.mark.django_db


def readiness(organization):
    with scope(organization=organization):
        return selectors.policy_readiness()


def draft(organization, *, body: str = "", active_channels: int | None = None):
    """The first draft with the default content, its text and only so many active channels."""
    by = f.member(organization, Role.COORDINATOR)
    with scope(organization=organization):
        version = services.create_policy(organization=organization, by=by).versions.get()
        if body:
            version.body = body
            approvals.save_draft(version)
        if active_channels is not None:
            keep = version.complaint_channels.order_by("order")[:active_channels]
            version.complaint_channels.exclude(pk__in=[c.pk for c in keep]).update(is_active=False)
    return version


def test_no_policy_is_not_ready(org_a, english):
    result = readiness(org_a)
    assert (result.criterion, result.level, result.met) == ("5.3", 1, False)
    assert [c.detail for c in result.checks] == [
        "The organization has no complaint handling policy yet."
    ]
    assert result.checks[0].url == reverse("complaints:policy", args=[org_a.slug])


def test_a_policy_not_yet_approved_is_not_ready(org_a, english):
    version = draft(org_a, body="นโยบาย")
    with scope(organization=org_a):
        approvals.submit_version(version=version, by=f.member(org_a, Role.COORDINATOR))
    result = readiness(org_a)
    assert not result.met
    assert [c.detail for c in result.checks] == ["No version of the policy has been approved yet."]


def test_approved_written_policy_with_several_active_channels_is_ready(org_a, english):
    draft(org_a, body="ระเบียบวิธีปฏิบัติในการจัดการข้อร้องเรียน", active_channels=2)
    version = f.approved_policy(org_a)
    result = readiness(org_a)
    assert result.met
    assert [c.met for c in result.checks] == [True, True, True]
    assert "12/2569" in result.checks[0].detail and f"Version {version.number}" in (
        result.checks[0].detail
    )
    assert result.checks[2].detail == "Service counters, Call center"


def test_only_one_active_channel_is_not_enough(org_a, english):
    draft(org_a, body="นโยบาย", active_channels=1)
    f.approved_policy(org_a)
    result = readiness(org_a)
    assert not result.met
    assert [c.met for c in result.checks] == [True, True, False]


def test_no_text_nor_attached_document_is_not_written(org_a, english):
    draft(org_a)
    f.approved_policy(org_a)
    result = readiness(org_a)
    assert [c.met for c in result.checks] == [True, False, True]
    assert (
        result.checks[1].detail == "The approved version has neither text nor an attached document."
    )


def test_an_attached_document_counts_as_written(org_a):
    version = draft(org_a)
    with scope(organization=org_a):
        approvals.attach_file(
            version=version,
            by=f.member(org_a, Role.COORDINATOR),
            label="ระเบียบวิธีปฏิบัติ",
            upload=pdf_upload("ระเบียบ.pdf"),
            effective_date=dt.date(2025, 9, 1),
        )
    f.approved_policy(org_a)
    assert readiness(org_a).met


def test_the_policy_page_shows_the_readiness(org_a, member_factory, client_for):
    draft(org_a, body="นโยบาย")
    f.approved_policy(org_a)
    client = client_for(member_factory(org_a, Role.ASSESSOR))
    page = client.get(reverse("complaints:policy", args=[org_a.slug])).content.decode()
    assert 'data-testid="readiness-5.3-1"' in page
    assert 'data-testid="readiness-met"' in page
