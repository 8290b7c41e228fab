"""The public complaint form and tracking page (no login): filing through the website-form
channel, validation, the honeypot and the flood limit, organizations that take no complaints
online, and a tracking page that shows the status of a case and never its content."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django_scopes import scope, scopes_disabled

from complaints import public_selectors
from complaints.models import (
    CaseSource,
    CaseState,
    ComplaintCase,
    ComplaintCategory,
    ComplaintChannel,
    Severity,
    TimeStandard,
)
from complaints.policy_services import create_policy
from seam_scm.approvals import services as approvals
from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy import services as privacy
from seam_scm.privacy.models import DataModule, PrivacyNotice, ProcessingActivity
from seam_scm.tenancy.roles import Role

from ..customers import factories as customers
from . import factories as f

pytestmark = pytest.mark.django_db

FORM_TH = "/p/complaints/org-a/"
FORM_EN = "/p/complaints/org-a/en/"
TRACKING = re.compile(r"^/p/complaints/track/(?P<token>[A-Za-z0-9_-]{40,})/(?P<en>en/)?$")

SUBJECT = "ท่อประปาแตกหน้าบ้านเลขที่ 99"
DESCRIPTION = "น้ำรั่วไหลมาสามวันแล้ว แจ้งเจ้าหน้าที่แล้วยังไม่มีใครมาซ่อม"
NAME = "สมหญิง ใจดี"
PHONE = "081 234 5678"
EMAIL = "somying@example.com"


def cases_of(organization) -> list[ComplaintCase]:
    with scopes_disabled():
        return list(ComplaintCase.objects.filter(organization=organization).order_by("id"))


def data(category, /, **overrides) -> dict:
    fields = {
        "category": category.pk,
        "subject": SUBJECT,
        "description": DESCRIPTION,
        "remedy_sought": "ขอให้ซ่อมภายในสัปดาห์นี้",
        "complainant_name": NAME,
        "complainant_phone": PHONE,
        "complainant_email": EMAIL,
        "website": "",
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


def policy_with(organization, change):
    """An approved policy whose first draft was changed by `change(draft_version)` before
    approval (the approved version's content is frozen)."""
    by = f.member(organization, Role.COORDINATOR)
    with scope(organization=organization):
        draft = create_policy(organization=organization, by=by).versions.get()
        change(draft)
    return f.approved_policy(organization, by=by)


def without_website_channel(draft) -> None:
    ComplaintChannel.objects.filter(version=draft, kind=ComplaintChannel.Kind.WEBSITE).update(
        is_active=False
    )
    ComplaintChannel.objects.filter(version=draft, kind=ComplaintChannel.Kind.CALL_CENTER).update(
        contact="โทร 1662 ตลอด 24 ชั่วโมง"
    )


def file(client: Client, url: str, category, /, **overrides):
    return client.post(url, data(category, **overrides))


def errors_of(response) -> dict:
    return response.context["form"].errors


# --- filing ---------------------------------------------------------------------------------


def test_a_visitor_without_login_files_a_case_through_the_website_channel(org_a):
    version = f.approved_policy(org_a)
    category = f.category(version, "SRV")

    response = file(Client(), FORM_TH, category)

    assert response.status_code == 302
    match = TRACKING.match(response["Location"])
    assert match and not match["en"]
    [case] = cases_of(org_a)
    assert case.tracking_token == match["token"]
    assert case.source == CaseSource.PUBLIC_FORM
    assert case.channel == f.channel(version, ComplaintChannel.Kind.WEBSITE)
    assert case.category == category
    assert case.policy_version == version
    assert case.severity == Severity.MEDIUM
    assert case.state == CaseState.RECEIVED
    assert (case.subject, case.description) == (SUBJECT, DESCRIPTION)
    assert case.remedy_sought == "ขอให้ซ่อมภายในสัปดาห์นี้"
    assert (case.complainant_name, case.complainant_phone, case.complainant_email) == (
        NAME,
        PHONE,
        EMAIL,
    )
    assert case.is_anonymous is False
    assert case.lawful_basis == LawfulBasis.PUBLIC_TASK
    assert re.fullmatch(r"กอ-25\d\d-000001", case.reference)
    with scope(organization=org_a):
        [event] = case.events.all()
    assert (event.action, event.by) == ("receive", None)


def test_after_filing_the_page_shows_the_reference_and_the_tracking_link(org_a):
    category = f.category(f.approved_policy(org_a))
    client = Client()

    response = file(client, FORM_TH, category)
    page = client.get(response["Location"])
    body = page.content.decode()

    [case] = cases_of(org_a)
    assert page.status_code == 200
    assert case.reference in body
    assert f"http://testserver/p/complaints/track/{case.tracking_token}/" in body
    filed = "ข้อร้องเรียนของท่านได้รับการบันทึกแล้ว เลขที่เรื่อง"  # the one-time notice, in Thai
    assert filed in body
    assert SUBJECT not in body and DESCRIPTION not in body
    again = client.get(response["Location"]).content.decode()
    assert filed not in again


def test_an_anonymous_complaint_keeps_no_contacts_and_no_lawful_basis(org_a):
    category = f.category(f.approved_policy(org_a))

    response = file(
        Client(),
        FORM_TH,
        category,
        is_anonymous="on",
        complainant_phone="",
        complainant_email="",
    )

    assert response.status_code == 302
    [case] = cases_of(org_a)
    assert case.is_anonymous is True
    assert (case.complainant_name, case.complainant_phone, case.complainant_email) == ("", "", "")
    assert case.lawful_basis == ""


def test_an_e_mail_address_alone_is_a_way_to_reply(org_a):
    category = f.category(f.approved_policy(org_a))

    response = file(Client(), FORM_TH, category, complainant_phone="", complainant_name="")

    assert response.status_code == 302
    [case] = cases_of(org_a)
    assert (case.complainant_email, case.lawful_basis) == (EMAIL, LawfulBasis.PUBLIC_TASK)


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"subject": "   "}, "subject"),
        ({"description": None}, "description"),
        ({"category": None}, "category"),
        ({"complainant_email": "not-an-address"}, "complainant_email"),
        ({"complainant_phone": "call me"}, "complainant_phone"),
        ({"complainant_phone": "1234"}, "complainant_phone"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(org_a, english, overrides, field):
    category = f.category(f.approved_policy(org_a))

    response = file(Client(), FORM_EN, category, **overrides)

    assert response.status_code == 200
    assert list(errors_of(response)) == [field]
    assert cases_of(org_a) == []


def test_a_complainant_who_is_not_anonymous_gives_a_way_to_reply(org_a):
    category = f.category(f.approved_policy(org_a))

    response = file(Client(), FORM_EN, category, complainant_phone="", complainant_email="")

    assert response.status_code == 200
    assert errors_of(response) == {
        "complainant_phone": [
            "Give a phone number or an e-mail address so that we can answer you, or tick "
            "“anonymous” if you need no answer."
        ]
    }
    assert "Give a phone number or an e-mail address" in response.content.decode()
    assert cases_of(org_a) == []


def test_a_category_of_another_organization_is_refused(org_a, org_b):
    f.approved_policy(org_a)
    foreign = f.category(f.approved_policy(org_b), "SRV")

    response = file(Client(), FORM_EN, foreign)

    assert list(errors_of(response)) == ["category"]
    assert cases_of(org_a) == [] and cases_of(org_b) == []


def test_a_category_of_a_draft_version_is_refused(org_a):
    version = f.approved_policy(org_a)
    by = f.member(org_a, Role.COORDINATOR)
    with scope(organization=org_a):
        draft = approvals.start_new_draft(document=version.document, by=by)
        drafted = ComplaintCategory.objects.get(version=draft, code="SRV")

    response = file(Client(), FORM_EN, drafted)

    assert list(errors_of(response)) == ["category"]
    assert cases_of(org_a) == []


def test_a_service_refusal_is_shown_on_the_form(org_a, english):
    def no_medium_standard_for_billing(draft):
        TimeStandard.objects.filter(
            version=draft, category__code="BIL", severity=Severity.MEDIUM
        ).delete()

    version = policy_with(org_a, no_medium_standard_for_billing)

    response = file(Client(), FORM_EN, f.category(version, "BIL"))

    assert response.status_code == 200
    assert list(errors_of(response)) == ["__all__"]
    assert errors_of(response)["__all__"][0] == (
        "The policy sets no time standard for this category and severity; add one to the policy."
    )
    assert "The policy sets no time standard" in response.content.decode()
    assert cases_of(org_a) == []


def test_the_form_keeps_csrf_protection(org_a):
    category = f.category(f.approved_policy(org_a))
    client = Client(enforce_csrf_checks=True)

    assert file(client, FORM_TH, category).status_code == 403
    assert cases_of(org_a) == []

    form_page = client.get(FORM_TH)
    token = form_page.cookies[settings.CSRF_COOKIE_NAME].value
    response = file(client, FORM_TH, category, csrfmiddlewaretoken=token)
    assert response.status_code == 302
    assert len(cases_of(org_a)) == 1


# --- floods ---------------------------------------------------------------------------------


def test_a_filled_honeypot_pretends_success_and_keeps_nothing(org_a):
    category = f.category(f.approved_policy(org_a))
    client = Client()

    response = file(client, FORM_TH, category, website="https://spam.example")

    assert response.status_code == 302
    assert response["Location"] == FORM_TH
    assert cases_of(org_a) == []
    assert "ขอบคุณ ระบบได้ส่งข้อร้องเรียนของท่านแล้ว" in client.get(FORM_TH).content.decode()


def test_the_honeypot_is_hidden_from_people(org_a):
    f.approved_policy(org_a)

    body = Client().get(FORM_TH).content.decode()

    hidden = re.search(r'<div style="position:absolute;left:-10000px[^"]*" aria-hidden="true">'
                       r'(.*?)</div>', body, re.S)  # fmt: skip
    assert hidden and 'name="website"' in hidden[1] and 'tabindex="-1"' in hidden[1]
    assert body.count('name="website"') == 1


def test_more_than_five_complaints_an_hour_from_one_address_get_429(org_a, org_b, settings):
    assert settings.PUBLIC_COMPLAINT_RATE == (5, 3600)
    category = f.category(f.approved_policy(org_a))
    client = Client(REMOTE_ADDR="203.0.113.7")

    statuses = [file(client, FORM_TH, category).status_code for _ in range(5)]
    refused = file(client, FORM_EN, category)

    assert statuses == [302] * 5
    assert refused.status_code == 429
    body = refused.content.decode()
    assert "Too many complaints have been sent from your connection" in body
    assert "Call center" in body  # another channel to use
    assert len(cases_of(org_a)) == 5
    # Another address, and the same address at another organization, are not affected.
    assert file(Client(REMOTE_ADDR="203.0.113.8"), FORM_TH, category).status_code == 302
    other_category = f.category(f.approved_policy(org_b))
    assert file(client, "/p/complaints/org-b/", other_category).status_code == 302
    assert len(cases_of(org_a)) == 6 and len(cases_of(org_b)) == 1


def test_invalid_submissions_do_not_use_up_the_limit(org_a, settings):
    settings.PUBLIC_COMPLAINT_RATE = (1, 3600)
    category = f.category(f.approved_policy(org_a))
    client = Client()

    for _ in range(3):
        assert file(client, FORM_TH, category, subject="").status_code == 200
    assert file(client, FORM_TH, category).status_code == 302
    assert file(client, FORM_TH, category).status_code == 429


# --- organizations that take no complaints online -------------------------------------------


def test_without_an_active_website_channel_the_page_lists_the_other_channels(org_a):
    policy_with(org_a, without_website_channel)

    response = Client().get(FORM_EN)
    body = response.content.decode()

    assert response.status_code == 200
    assert "does not take complaints through this website" in body
    assert "Call center" in body and "โทร 1662 ตลอด 24 ชั่วโมง" in body
    assert "Government hotline 1111" in body
    assert "Website complaint form" not in body
    assert 'name="subject"' not in body


def test_without_an_active_website_channel_a_posted_form_is_refused(org_a):
    version = policy_with(org_a, without_website_channel)

    response = file(Client(), FORM_TH, f.category(version))

    assert response.status_code == 403
    assert cases_of(org_a) == []


def test_without_an_approved_policy_nothing_can_be_filed(org_a):
    with scope(organization=org_a):
        create_policy(organization=org_a, by=f.member(org_a, Role.COORDINATOR))  # a draft only
    client = Client()

    page = client.get(FORM_EN)
    assert page.status_code == 200
    assert "Please contact the organization directly." in page.content.decode()
    assert client.post(FORM_TH, {"subject": SUBJECT}).status_code == 403
    assert cases_of(org_a) == []


def test_an_unknown_organization_is_404():
    assert Client().get("/p/complaints/no-such-org/").status_code == 404
    assert Client().post("/p/complaints/no-such-org/en/", {}).status_code == 404


# --- languages and organizations ------------------------------------------------------------


def test_the_thai_form_is_in_thai_and_the_english_form_in_english(org_a):
    f.approved_policy(org_a)

    thai = Client().get(FORM_TH)
    english = Client().get(FORM_EN)

    assert thai["Content-Language"] == "th" and english["Content-Language"] == "en"
    assert "คุณภาพการให้บริการ" in thai.content.decode()
    assert "Service quality" not in thai.content.decode()
    english_body = english.content.decode()
    assert "Service quality" in english_body and "คุณภาพการให้บริการ" not in english_body
    assert "What is your complaint about?" in english_body
    assert "Privacy notice" in english_body and "section 24(4)" in english_body
    assert f'href="{FORM_TH}"' in english_body  # the language switch
    assert f'href="{FORM_EN}"' in thai.content.decode()


def test_filing_in_english_leads_to_the_english_tracking_page(org_a):
    category = f.category(f.approved_policy(org_a))
    client = Client()

    response = file(client, FORM_EN, category)

    assert TRACKING.match(response["Location"])["en"] == "en/"
    body = client.get(response["Location"]).content.decode()
    assert "Complaint status" in body and "Received" in body


def test_each_organization_offers_only_its_own_categories(org_a, org_b):
    version_a = f.approved_policy(org_a)

    def with_own_category(draft):
        ComplaintCategory.objects.create(
            organization=org_b, version=draft, code="WTR", name_th="คุณภาพน้ำ", order=9
        )

    version_b = policy_with(org_b, with_own_category)

    def offered(slug):
        form = Client().get(f"/p/complaints/{slug}/").context["form"]
        return {choice.pk for choice in form.fields["category"].queryset}

    def categories_of(version):
        with scopes_disabled():
            rows = ComplaintCategory.objects.filter(version=version)
            return set(rows.values_list("pk", flat=True))

    assert offered("org-a") == categories_of(version_a)
    assert offered("org-b") == categories_of(version_b)
    assert "คุณภาพน้ำ" in Client().get("/p/complaints/org-b/").content.decode()
    assert "คุณภาพน้ำ" not in Client().get(FORM_TH).content.decode()


def test_the_form_page_runs_a_fixed_number_of_queries(org_a, django_assert_max_num_queries):
    f.approved_policy(org_a)
    with django_assert_max_num_queries(8):
        assert Client().get(FORM_TH).status_code == 200


# --- the privacy notice and the purpose of the contacts ------------------------------------


def publish_notice(organization, body_th="ประกาศความเป็นส่วนตัว", body_en="Privacy text"):
    with scope(organization=organization):
        notice = privacy.save_notice(
            PrivacyNotice(organization=organization, body_th=body_th, body_en=body_en)
        )
        return privacy.publish_notice(notice, by=None)


def complaints_purpose(organization) -> ProcessingActivity:
    with scope(organization=organization):
        return privacy.purpose_for_basis(DataModule.COMPLAINTS, LawfulBasis.PUBLIC_TASK)


def retire(activity) -> None:
    with scopes_disabled():
        ProcessingActivity.objects.filter(pk=activity.pk).update(is_active=False)


def test_the_form_shows_the_notice_in_force_and_the_purpose_of_the_contacts(org_a):
    f.approved_policy(org_a)
    publish_notice(org_a)
    notice = publish_notice(org_a)  # version 2 is in force
    purpose = complaints_purpose(org_a)

    thai = Client().get(FORM_TH).content.decode()
    english = Client().get(FORM_EN).content.decode()

    assert 'data-testid="privacy-notice"' in thai
    assert purpose.purpose in thai and purpose.retention_starts in thai
    assert 'href="/p/privacy/org-a/"' in thai
    assert 'href="/p/privacy/org-a/en/"' in english
    assert "(version 2)" in english and notice.version == 2
    assert purpose.purpose_en in english and "5 years" in english
    assert 'name="notice_version" value="2"' in english


def test_a_case_filed_with_contacts_records_its_purpose_and_the_notice_shown(org_a):
    category = f.category(f.approved_policy(org_a))
    notice = publish_notice(org_a)

    response = file(Client(), FORM_TH, category, notice_version=str(notice.version))

    assert response.status_code == 302
    [case] = cases_of(org_a)
    assert case.processing_activity == complaints_purpose(org_a)
    assert case.lawful_basis == LawfulBasis.PUBLIC_TASK
    assert case.privacy_notice == notice


def test_the_notice_recorded_is_the_one_the_page_showed(org_a):
    category = f.category(f.approved_policy(org_a))
    shown = publish_notice(org_a)
    client = Client()
    assert client.get(FORM_TH).context["form"]["notice_version"].value() == shown.version
    publish_notice(org_a)  # published while the person was filling in the form

    file(client, FORM_TH, category, notice_version=str(shown.version))

    [case] = cases_of(org_a)
    assert case.privacy_notice == shown


def test_a_version_that_was_never_published_records_the_notice_in_force(org_a):
    category = f.category(f.approved_policy(org_a))
    in_force = publish_notice(org_a)
    with scope(organization=org_a):
        draft = privacy.save_notice(PrivacyNotice(organization=org_a, body_th="ร่าง", body_en="x"))

    file(Client(), FORM_TH, category, notice_version=str(draft.version))
    file(Client(), FORM_TH, category, notice_version="", complainant_phone="0899999999")

    assert [case.privacy_notice for case in cases_of(org_a)] == [in_force, in_force]


def test_without_a_published_notice_the_form_still_says_why_contacts_are_kept(org_a):
    category = f.category(f.approved_policy(org_a))

    page = Client().get(FORM_TH).content.decode()
    response = file(Client(), FORM_TH, category)

    assert complaints_purpose(org_a).purpose in page
    assert 'data-testid="privacy-notice-link"' not in page
    assert response.status_code == 302
    [case] = cases_of(org_a)
    assert case.processing_activity == complaints_purpose(org_a)
    assert case.privacy_notice is None


def test_an_anonymous_complaint_records_no_notice_and_no_purpose(org_a):
    category = f.category(f.approved_policy(org_a))
    notice = publish_notice(org_a)

    file(
        Client(),
        FORM_TH,
        category,
        is_anonymous="on",
        complainant_phone="",
        complainant_email="",
        notice_version=str(notice.version),
    )

    [case] = cases_of(org_a)
    assert case.processing_activity is None and case.privacy_notice is None


def test_without_a_purpose_for_contacts_the_form_takes_anonymous_complaints_only(org_a):
    category = f.category(f.approved_policy(org_a))
    publish_notice(org_a)
    retire(complaints_purpose(org_a))

    page = Client().get(FORM_TH)
    response = file(
        Client(),
        FORM_TH,
        category,
        is_anonymous="on",
        complainant_name=None,
        complainant_phone=None,
        complainant_email=None,
    )

    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="no-contacts"' in body and 'data-testid="privacy-notice"' not in body
    assert 'name="complainant_phone"' not in body and 'name="is_anonymous"' in body
    assert response.status_code == 302
    [case] = cases_of(org_a)
    assert case.is_anonymous and case.processing_activity is None
    assert case.complainant_name == ""


def test_without_a_purpose_for_contacts_a_complaint_with_contacts_is_refused_clearly(
    org_a, english
):
    category = f.category(f.approved_policy(org_a))
    retire(complaints_purpose(org_a))

    response = file(Client(), FORM_EN, category)

    assert response.status_code == 200
    assert "cannot keep contact details" in errors_of(response)["is_anonymous"][0]
    assert cases_of(org_a) == []


def test_a_purpose_retired_after_the_form_was_checked_is_a_clear_error(org_a, english):
    from complaints import public_services

    category = f.category(f.approved_policy(org_a))
    purpose = complaints_purpose(org_a)
    with scope(organization=org_a):
        retire(purpose)
        with pytest.raises(ValidationError) as refused:
            public_services.file_public_complaint(
                organization=org_a,
                channel=f.channel(category.version, ComplaintChannel.Kind.WEBSITE),
                category=category,
                subject=SUBJECT,
                description=DESCRIPTION,
                complainant_phone=PHONE,
            )
    assert "cannot keep contact details" in refused.value.message_dict["is_anonymous"][0]
    assert cases_of(org_a) == []


# --- tracking -------------------------------------------------------------------------------


def tracking_page(case, suffix: str = "") -> str:
    return f"/p/complaints/track/{case.tracking_token}/{suffix}"


def test_the_tracking_page_shows_the_status_and_never_the_content(org_a):
    handler = f.member(org_a, Role.EDITOR)
    handler.full_name = "ผู้รับผิดชอบ เรื่องร้องเรียน"
    handler.save(update_fields=["full_name"])
    case = f.make_case(
        org_a,
        by=handler,
        subject=SUBJECT,
        description=DESCRIPTION,
        remedy_sought="ขอค่าชดเชย",
        complainant_name=NAME,
        complainant_phone=PHONE,
        complainant_email=EMAIL,
        complainant_address="99 ถนนสุขุมวิท",
        lawful_basis=LawfulBasis.PUBLIC_TASK,
        handler=handler,
    )
    case = f.move(case, "acknowledge", by=handler, note="รับเรื่องแล้ว ส่งช่างตรวจสอบ")

    response = Client().get(tracking_page(case, "en/"))
    body = response.content.decode()

    assert response.status_code == 200
    assert case.reference in body
    assert org_a.name_en in body
    assert "Acknowledged" in body
    assert "The staff in charge have acknowledged your complaint" in body
    for secret in [
        SUBJECT,
        DESCRIPTION,
        "ขอค่าชดเชย",
        NAME,
        PHONE,
        EMAIL,
        "somying",
        "99 ถนนสุขุมวิท",
        "ผู้รับผิดชอบ",
        handler.email,
        "รับเรื่องแล้ว ส่งช่างตรวจสอบ",
    ]:
        assert secret not in body, secret


def test_the_tracking_page_is_kept_out_of_referers_search_engines_and_caches(org_a):
    case = f.make_case(org_a)

    response = Client().get(tracking_page(case))

    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_the_thai_tracking_page_gives_dates_in_the_buddhist_era(org_a):
    case = f.make_case(org_a)

    response = Client().get(tracking_page(case))
    body = response.content.decode()

    assert response["Content-Language"] == "th"
    with scope(organization=org_a):
        received = public_selectors.last_update(case)
    assert f" {received.year + 543} " in body
    assert f'href="{tracking_page(case, "en/")}"' in body


def test_a_closed_case_says_it_is_closed(org_a):
    case = f.closed_case(org_a, satisfaction=5)

    body = Client().get(tracking_page(case, "en/")).content.decode()

    assert re.search(r'data-testid="public-case-closed">Yes, ', body)
    assert "The handling of your complaint is finished." in body
    assert f.CLOSING["remedy"] not in body and f.RESPONSE["decision"] not in body


def test_an_unknown_or_malformed_token_is_404(org_a):
    f.make_case(org_a)
    client = Client()
    assert client.get("/p/complaints/track/no-such-token/").status_code == 404
    assert client.get("/p/complaints/track/no-such-token/en/").status_code == 404
    assert client.get(f"/p/complaints/track/{'x' * 300}/").status_code == 404


def test_the_tracked_case_is_loaded_without_its_content(org_a):
    case = f.make_case(org_a, complainant_name=NAME, lawful_basis=LawfulBasis.PUBLIC_TASK)

    tracked = public_selectors.tracked_case(case.tracking_token)

    deferred = tracked.get_deferred_fields()
    assert {"subject", "description", "complainant_name", "decision", "handler_id"} <= deferred
    assert tracked.pk == case.pk and tracked.organization == org_a


# --- the public charter links to the form ---------------------------------------------------


def test_the_public_charter_links_to_the_form_when_complaints_are_taken_online(org_a, org_b):
    for organization in (org_a, org_b):
        charter = customers.make_full_charter(organization)
        customers.approve_charter(organization, charter, publish=True)
    f.approved_policy(org_a)
    policy_with(org_b, without_website_channel)

    thai = Client().get("/p/charter/org-a/").content.decode()
    english = Client().get("/p/charter/org-a/en/").content.decode()
    without = Client().get("/p/charter/org-b/").content.decode()

    assert f'href="{FORM_TH}" data-testid="charter-complaint-link"' in thai
    assert f'href="{FORM_EN}" data-testid="charter-complaint-link"' in english
    assert "charter-complaint-link" not in without


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "198.51.100.1", "10.0.0.2"),  # no trusted proxy: X-Forwarded-For is ignored
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client's own claim is skipped
        (2, "198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (2, "198.51.100.1", "10.0.0.2"),  # fewer entries than proxies: fall back
    ],
)
def test_client_address_trusts_only_the_configured_proxies(
    settings, rf, proxies, forwarded, expected
):
    from complaints.public_services import client_address

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
