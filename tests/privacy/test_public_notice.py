"""The public privacy notice page (no login): an organization's latest published notice, in
Thai or English, with the purposes of its record of processing in use and nothing else."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy import services
from seam_scm.privacy.models import PrivacyNotice, ProcessingActivity

from ..complaints import factories as complaints

pytestmark = pytest.mark.django_db

PAGE_TH = "/p/privacy/org-a/"
PAGE_EN = "/p/privacy/org-a/en/"
PUBLISHED_AT = timezone.make_aware(dt.datetime(2026, 3, 15, 10, 0))


def make_notice(organization, *, published_at=None, body_th="ประกาศ", body_en="Notice"):
    with scope(organization=organization):
        notice = services.save_notice(
            PrivacyNotice(organization=organization, body_th=body_th, body_en=body_en)
        )
        if published_at:
            services.publish_notice(notice, by=None, at=published_at)
    return notice


def purposes_of(organization) -> list[ProcessingActivity]:
    with scopes_disabled():
        return list(ProcessingActivity.objects.filter(organization=organization))


def test_the_thai_page_shows_the_latest_published_version_with_the_purposes_in_use(org_a):
    make_notice(org_a, published_at=PUBLISHED_AT - dt.timedelta(days=300), body_th="ฉบับเก่า")
    make_notice(org_a, published_at=PUBLISHED_AT, body_th="ฉบับปัจจุบัน\nข้อ 2 สิทธิของท่าน")
    make_notice(org_a, body_th="ฉบับร่างยังไม่ประกาศ")
    retired = purposes_of(org_a)[-1]
    with scopes_disabled():
        ProcessingActivity.objects.filter(pk=retired.pk).update(is_active=False)

    response = Client().get(PAGE_TH)

    assert response.status_code == 200
    assert response["Content-Language"] == "th"
    assert response.context["notice"].version == 2
    body = response.content.decode()
    assert "ฉบับปัจจุบัน" in body and "ข้อ 2 สิทธิของท่าน" in body
    assert "ฉบับเก่า" not in body and "ฉบับร่างยังไม่ประกาศ" not in body
    assert "15 มีนาคม 2569" in body  # the Buddhist Era
    assert "การรับและจัดการข้อร้องเรียน" in body  # the starter purpose
    assert retired.purpose not in body
    shown = [row["purpose"] for row in response.context["purposes"]]
    assert len(shown) == len(purposes_of(org_a)) - 1
    assert f'href="{PAGE_EN}"' in body  # the language switch


def test_the_english_page_shows_the_english_text(org_a):
    make_notice(org_a, published_at=PUBLISHED_AT, body_th="ประกาศไทย", body_en="English notice")

    response = Client().get(PAGE_EN)

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    body = response.content.decode()
    assert "English notice" in body and "ประกาศไทย" not in body
    assert "Privacy notice" in body
    assert "15 March 2026" in body
    assert "Receiving and handling complaints, and replying to complainants" in body
    assert "Public task" in body and "5 years" in body
    assert f'href="{PAGE_TH}"' in body


def test_the_page_shows_no_records_nor_counts(org_a):
    make_notice(org_a, published_at=PUBLISHED_AT)
    case = complaints.make_case(
        org_a,
        complainant_name="สมหญิง ใจดี",
        complainant_phone="0812345678",
        lawful_basis=LawfulBasis.PUBLIC_TASK,
    )

    body = Client().get(PAGE_TH).content.decode()

    assert "สมหญิง" not in body and case.reference not in body
    assert 'data-testid="record-count"' not in body
    assert set(Client().get(PAGE_TH).context["purposes"][0]) == {
        "purpose",
        "basis",
        "retention",
        "retention_starts",
    }


def test_each_organization_shows_its_own_notice(org_a, org_b):
    make_notice(org_a, published_at=PUBLISHED_AT, body_th="ประกาศของเอ")
    make_notice(org_b, published_at=PUBLISHED_AT, body_th="ประกาศของบี")

    assert "ประกาศของเอ" in Client().get(PAGE_TH).content.decode()
    page_b = Client().get("/p/privacy/org-b/").content.decode()
    assert "ประกาศของบี" in page_b and "ประกาศของเอ" not in page_b


def test_an_unknown_organization_is_404():
    assert Client().get("/p/privacy/nobody/").status_code == 404
    assert Client().get("/p/privacy/nobody/en/").status_code == 404


def test_an_organization_without_a_published_notice_is_404(org_a):
    make_notice(org_a)  # a draft only

    assert Client().get(PAGE_TH).status_code == 404
    assert Client().get(PAGE_EN).status_code == 404


def test_the_page_is_read_only(org_a):
    make_notice(org_a, published_at=PUBLISHED_AT)

    assert Client().post(PAGE_TH).status_code == 405
