"""The public charter page per organization: no login, only the published version, Thai or
English by URL whatever the visitor's cookie, and a QR code of the stable address."""

import io

import pytest
import segno
from django.conf import settings
from django.test import Client
from django_scopes import scope

from customers import charter_selectors as selectors
from seam_scm.approvals import services as approvals
from seam_scm.tenancy.roles import Role

from . import factories as f

pytestmark = pytest.mark.django_db


def _published(org):
    version = f.make_full_charter(org)
    return f.approve_charter(org, version, publish=True, meeting_number="12/2569")


def test_the_stable_url_names_the_organization_and_the_language(org_a):
    assert selectors.public_charter_url(org_a) == f"{settings.SITE_URL}/p/charter/org-a/"
    assert selectors.public_charter_url(org_a, "en") == f"{settings.SITE_URL}/p/charter/org-a/en/"


def test_nothing_is_public_before_publication(org_a):
    anonymous = Client()
    for url in ["/p/charter/org-a/", "/p/charter/org-a/en/", "/p/charter/org-a/qr.svg"]:
        assert anonymous.get(url).status_code == 404, url
    version = f.make_full_charter(org_a)
    f.approve_charter(org_a, version)  # approved, not yet published
    assert anonymous.get("/p/charter/org-a/").status_code == 404
    assert anonymous.get("/p/charter/no-such-org/").status_code == 404


def test_thai_page_shows_the_published_charter_without_login(org_a):
    _published(org_a)
    response = Client().get("/p/charter/org-a/")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "th"
    assert 'lang="th"' in body
    assert "กฎบัตรและมาตรฐานการให้บริการลูกค้า" in body  # the version's Thai title
    assert "ให้บริการด้วยความสุภาพ รวดเร็ว และโปร่งใส" in body
    assert "การขอติดตั้งประปาใหม่" in body and "ภายใน 7 วันทำการ" in body
    assert "สอบถามเพิ่มเติม โทร 1662" in body
    assert "12/2569" in body and "2569" in body  # approval line, Buddhist Era date
    assert "New water connection" not in body
    assert 'src="/p/charter/org-a/qr.svg"' in body
    assert 'href="/p/charter/org-a/en/"' in body  # the language switch
    # Internal working detail stays internal.
    assert "สำรวจพื้นที่และประเมินราคา" not in body  # a blueprint backstage step
    assert "BCM-03" not in body


def test_english_page_shows_the_english_texts(org_a):
    _published(org_a)
    response = Client().get("/p/charter/org-a/en/")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert "Customer Service Charter and Service Standards" in body
    assert "We serve courteously, promptly and transparently." in body
    assert "New water connection" in body and "Within 7 working days" in body
    assert "Call 1662 for details." in body
    assert "การขอติดตั้งประปาใหม่" not in body
    assert 'src="/p/charter/org-a/en/qr.svg"' in body
    assert 'href="/p/charter/org-a/"' in body  # back to Thai


def test_the_language_is_forced_by_the_url_not_the_cookie_or_profile(org_a, member_factory):
    _published(org_a)
    english_visitor = Client()
    english_visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    thai_page = english_visitor.get("/p/charter/org-a/").content.decode()
    assert "การขอติดตั้งประปาใหม่" in thai_page and "New water connection" not in thai_page
    thai_user = member_factory(org_a, Role.VIEWER)
    thai_user.language = "th"
    thai_user.save(update_fields=["language"])
    client = Client()
    client.force_login(thai_user)
    english_page = client.get("/p/charter/org-a/en/").content.decode()
    assert "New water connection" in english_page


def test_qr_codes_encode_the_stable_address_of_each_language(org_a):
    _published(org_a)
    anonymous = Client()
    for path, language in [("", "th"), ("en/", "en")]:
        png = anonymous.get(f"/p/charter/org-a/{path}qr.png")
        svg = anonymous.get(f"/p/charter/org-a/{path}qr.svg")
        assert png["Content-Type"] == "image/png"
        assert svg["Content-Type"] == "image/svg+xml"
        expected = io.BytesIO()
        segno.make(selectors.public_charter_url(org_a, language), error="m").save(
            expected, kind="png", scale=8, border=2
        )
        assert png.content == expected.getvalue()
        assert svg.content.startswith(b"<?xml") or b"<svg" in svg.content


def test_the_address_survives_a_new_version(org_a):
    first = _published(org_a)
    with scope(organization=org_a):
        draft = approvals.start_new_draft(document=first.document, by=f.coordinator(org_a))
        draft.service_standards.update(service_th="การขอติดตั้งประปาใหม่ (ฉบับปรับปรุง)")
    f.approve_charter(org_a, draft, publish=True)
    body = Client().get("/p/charter/org-a/").content.decode()
    assert "การขอติดตั้งประปาใหม่ (ฉบับปรับปรุง)" in body


def test_unpublishing_takes_the_page_down(org_a):
    version = _published(org_a)
    with scope(organization=org_a):
        approvals.unpublish_version(version=version)
    assert Client().get("/p/charter/org-a/").status_code == 404
    assert Client().get("/p/charter/org-a/qr.png").status_code == 404


def test_another_organizations_charter_is_not_shown_under_this_slug(org_a, org_b):
    _published(org_b)
    assert Client().get("/p/charter/org-a/").status_code == 404
    assert Client().get("/p/charter/org-b/").status_code == 200


def test_staff_charter_page_shows_the_public_addresses_and_qr_once_published(
    org_a, member_factory, client_for
):
    version = f.make_full_charter(org_a)
    client = client_for(member_factory(org_a, Role.VIEWER))
    page = client.get("/o/org-a/customers/charter/")
    assert b'data-testid="charter-publication"' not in page.content
    f.approve_charter(org_a, version, publish=True)
    page = client.get("/o/org-a/customers/charter/").content.decode()
    assert 'data-testid="charter-publication"' in page
    assert selectors.public_charter_url(org_a) in page
    assert selectors.public_charter_url(org_a, "en") in page
    assert "/p/charter/org-a/qr.svg" in page and "/p/charter/org-a/en/qr.png" in page


def test_token_public_page_of_the_version_shows_the_public_content(org_a):
    version = _published(org_a)
    body = Client().get(f"/p/{version.public_token}/").content.decode()
    assert 'data-testid="public-standards"' in body
    assert "การขอติดตั้งประปาใหม่" in body
    assert "สำรวจพื้นที่และประเมินราคา" not in body
