import datetime as dt
import io

import pytest
import segno
from django.conf import settings
from django.test import Client
from django_scopes import scope

from seam_scm.approvals import services
from seam_scm.approvals.models import DocumentVersion
from seam_scm.approvals.snapshot import diff_versions
from seam_scm.tenancy.roles import Role

from .factories import APPROVAL_FIELDS, approved_version, draft_version, pdf_upload

pytestmark = pytest.mark.django_db


def _second_version(first, by, **changes) -> DocumentVersion:
    with scope(organization=first.organization):
        draft = services.start_new_draft(document=first.document, by=by)
        for field, value in changes.items():
            setattr(draft, field, value)
        return services.save_draft(draft)


def test_diff_lists_exactly_the_changed_fields(org_a, coordinator_a):
    first = approved_version(org_a, title="กฎบัตร", body="บริการภายใน 15 นาที")
    second = _second_version(first, coordinator_a, body="บริการภายใน 10 นาที", summary="ลดเวลา")
    with scope(organization=org_a):
        changes = diff_versions(first, second)
    assert [(c.field, c.old, c.new, c.kind) for c in changes] == [
        ("version.summary", "", "ลดเวลา", "added"),
        ("version.body", "บริการภายใน 15 นาที", "บริการภายใน 10 นาที", "changed"),
    ]


def test_diff_page_shows_old_and_new_side_by_side(org_a, coordinator_a, client_for):
    first = approved_version(org_a, body="บริการภายใน 15 นาที")
    _second_version(first, coordinator_a, body="บริการภายใน 10 นาที")
    response = client_for(coordinator_a).get(
        f"/o/{org_a.slug}/documents/{first.document_id}/diff/?from=1&to=2"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "บริการภายใน 15 นาที" in body
    assert "บริการภายใน 10 นาที" in body


def test_secretary_publishes_an_approved_version_with_link_and_qr(
    org_a, member_factory, client_for
):
    version = approved_version(org_a, title="กฎบัตรการให้บริการ", body="ข้อ 1 บริการด้วยใจ")
    secretary = member_factory(org_a, Role.SECRETARY)
    client_for(secretary).post(f"/o/{org_a.slug}/documents/versions/{version.pk}/publish/")
    version.refresh_from_db()
    public_url = f"{settings.SITE_URL}/p/{version.public_token}/"

    anonymous = Client()
    page = anonymous.get(f"/p/{version.public_token}/")
    assert page.status_code == 200
    assert "ข้อ 1 บริการด้วยใจ" in page.content.decode()
    assert org_a.name_th in page.content.decode()

    png = anonymous.get(f"/p/{version.public_token}/qr.png")
    expected = io.BytesIO()
    segno.make(public_url, error="m").save(expected, kind="png", scale=8, border=2)
    assert (png["Content-Type"], png.content) == ("image/png", expected.getvalue())
    svg = anonymous.get(f"/p/{version.public_token}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<?xml") and b"<svg" in svg.content


def test_only_approved_versions_can_be_published(org_a, coordinator_a, client_for):
    version = draft_version(org_a)
    client_for(coordinator_a).post(f"/o/{org_a.slug}/documents/versions/{version.pk}/publish/")
    version.refresh_from_db()
    assert (version.published_at, version.public_token) == (None, None)


def test_unpublished_and_unknown_links_answer_404(org_a, coordinator_a, client_for):
    version = approved_version(org_a)
    with scope(organization=org_a):
        services.publish_version(version=version)
        services.unpublish_version(version=version)
    for url in [f"/p/{version.public_token}/", f"/p/{version.public_token}/qr.png", "/p/nope/"]:
        assert Client().get(url).status_code == 404


def test_public_page_of_a_superseded_version_points_to_the_current_one(org_a, coordinator_a):
    first = approved_version(org_a)
    with scope(organization=org_a):
        services.publish_version(version=first)
    second = _second_version(first, coordinator_a, body="ฉบับใหม่")
    with scope(organization=org_a):
        services.submit_version(version=second, by=coordinator_a)
        services.record_approval(
            version=second, by=coordinator_a, minutes_upload=pdf_upload(), **APPROVAL_FIELDS
        )
        second.refresh_from_db()
        services.publish_version(version=second)
    second.refresh_from_db()
    first.refresh_from_db()
    page = Client().get(f"/p/{first.public_token}/").content.decode()
    assert f"/p/{second.public_token}/" in page


def test_register_lists_the_approvals_of_the_chosen_fiscal_year(
    org_a, org_b, coordinator_a, client_for
):
    approved_version(org_a, title="กฎบัตร", meeting_date=dt.date(2026, 11, 20))  # FY 2570
    approved_version(org_a, title="นโยบาย", meeting_date=dt.date(2026, 9, 30))  # FY 2569
    approved_version(org_b, title="ของอีกองค์กร", meeting_date=dt.date(2026, 11, 20))
    client = client_for(coordinator_a)

    def titles(year: int) -> list[str]:
        response = client.get(f"/o/{org_a.slug}/documents/register/?year={year}")
        return [a.version.document.title for a in response.context["approvals"]]

    assert (titles(2570), titles(2569), titles(2568)) == (["กฎบัตร"], ["นโยบาย"], [])
