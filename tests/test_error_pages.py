"""Friendly error pages for people, JSON for API clients."""

import pytest
from django.test import Client
from django.urls import include, path

from seam_scm.tenancy.roles import Role


def _boom(request):
    raise RuntimeError("unexpected")


urlpatterns = [path("boom/", _boom), path("", include("seam_scm.urls"))]
handler403 = "seam_scm.errors.permission_denied"
handler404 = "seam_scm.errors.page_not_found"
handler500 = "seam_scm.errors.server_error"


@pytest.mark.django_db
def test_404_page_is_thai_and_offers_the_way_back(org_a, coordinator_a, client_for):
    response = client_for(coordinator_a).get(f"/o/{org_a.slug}/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "ไม่พบหน้านี้" in body
    assert 'href="/"' in body


@pytest.mark.django_db
def test_403_page_explains_the_role(org_a, member_factory, client_for):
    response = client_for(member_factory(org_a, Role.VIEWER)).get(f"/o/{org_a.slug}/units/new/")
    assert response.status_code == 403
    assert "บทบาทของท่านในองค์กรนี้ไม่มีสิทธิ์ดำเนินการนี้" in response.content.decode()


@pytest.mark.django_db
def test_500_page_is_friendly_in_both_languages(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "ขออภัย ระบบเกิดข้อผิดพลาด" in body
    assert "Sorry, something went wrong" in body


@pytest.mark.django_db
def test_api_errors_are_json(org_a, member_factory, api_client_for):
    client = api_client_for(member_factory(org_a, Role.VIEWER))
    missing = client.get("/api/v1/orgs/no-such-org/units/")
    refused = client.post(f"/api/v1/orgs/{org_a.slug}/units/", {}, format="json")
    assert (missing.status_code, missing["Content-Type"]) == (404, "application/json")
    assert (refused.status_code, refused["Content-Type"]) == (403, "application/json")
