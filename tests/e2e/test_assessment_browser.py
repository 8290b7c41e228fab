"""An editor links an evidence file (uploaded right there) to criterion 5.3 of a cycle in
preparation; once the cycle is under review, an assessor comments on that file, and the editor
sees the comment and replies.

Both work in the English interface; elements are found by name, role and data-testid rather
than by Thai labels that the translation pass will still change."""

import pytest
from django_scopes import scope
from playwright.sync_api import expect

from assessments.models import EvidenceLink, ReviewComment
from seam_scm.tenancy.roles import Role

from ..assessments import factories
from ..factories import PASSWORD, MembershipFactory, OrganizationFactory
from ..files.factories import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user) -> None:
    page.context.clear_cookies()
    page.goto("/")
    page.get_by_label("อีเมล").fill(user.email)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_test_id("org-switcher")).to_be_visible()


def test_evidence_is_linked_commented_on_and_answered(page):
    organization = OrganizationFactory(
        slug="pwa-assess", name_th="การประปาทดสอบ", short_name="กปท."
    )
    editor = MembershipFactory(organization=organization, role=Role.EDITOR).user
    assessor = MembershipFactory(organization=organization, role=Role.ASSESSOR).user
    for user in (editor, assessor):
        user.language = "en"
        user.save()
    cycle = factories.make_cycle(organization)
    assessment = factories.criterion(cycle, "CM 5.3")
    criterion_url = f"/o/{organization.slug}/assessments/criteria/{assessment.pk}/"

    # The editor links a new evidence file, chosen kind first (the records swap in).
    log_in(page, editor)
    page.goto(criterion_url)
    expect(page.get_by_test_id("criterion-code")).to_have_text("CM 5.3")
    expect(page.get_by_test_id("no-evidence")).to_be_visible()
    page.get_by_test_id("link-evidence").click()
    form = page.get_by_test_id("evidence-form")
    expect(form.get_by_test_id("choose-kind-first")).to_be_visible()
    form.locator("[name=kind]").select_option("file")
    expect(form.get_by_test_id("record-fields")).to_have_attribute("data-kind", "file")
    new_file = form.get_by_test_id("new-file")
    new_file.locator("[name=new_file]").set_input_files(
        {"name": "complaint-policy.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    new_file.locator("[name=new_title]").fill("นโยบายการจัดการข้อร้องเรียน 2570")
    new_file.locator("[name=new_date]").fill("15/01/2570")
    form.get_by_test_id("save").click()

    evidence = page.get_by_test_id("evidence-list").get_by_test_id("evidence")
    expect(evidence).to_have_count(1)
    expect(evidence.first.get_by_test_id("evidence-label")).to_have_text(
        "นโยบายการจัดการข้อร้องเรียน 2570"
    )
    expect(evidence.first).to_contain_text("15 Jan 2027")

    # The organization submits and the assessors start the review (outside the browser).
    factories.claim_all(cycle)
    factories.move(cycle, "self_assessed", Role.EDITOR, by=editor)
    factories.move(cycle, "under_review", Role.ASSESSOR, by=assessor)

    # The assessor comments on that file.
    log_in(page, assessor)
    page.goto(criterion_url)
    expect(page.get_by_test_id("evidence-download")).to_be_visible()
    comment_form = page.get_by_test_id("comment-form")
    comment_form.locator("[name=body]").fill("ไม่พบมติคณะกรรมการที่อนุมัตินโยบายฉบับนี้")
    comment_form.locator("[name=evidence]").select_option(label="นโยบายการจัดการข้อร้องเรียน 2570")
    comment_form.get_by_test_id("send-comment").click()
    thread = page.get_by_test_id("thread")
    expect(thread).to_have_count(1)
    expect(thread.get_by_test_id("comment-evidence")).to_contain_text(
        "นโยบายการจัดการข้อร้องเรียน 2570"
    )

    # The editor sees the comment and replies.
    log_in(page, editor)
    page.goto(criterion_url)
    thread = page.get_by_test_id("thread")
    expect(thread.get_by_test_id("comment-body")).to_have_text("ไม่พบมติคณะกรรมการที่อนุมัตินโยบายฉบับนี้")
    expect(page.get_by_test_id("comment-form")).to_have_count(0)  # only assessors open threads
    reply_form = thread.get_by_test_id("reply-form")
    reply_form.locator("[name=body]").fill("แนบมติคณะกรรมการครั้งที่ 2/2570 เพิ่มแล้ว")
    reply_form.get_by_test_id("send-reply").click()
    expect(page.get_by_test_id("thread").get_by_test_id("reply-body")).to_have_text(
        "แนบมติคณะกรรมการครั้งที่ 2/2570 เพิ่มแล้ว"
    )

    with scope(organization=organization):
        link = EvidenceLink.objects.get(assessment=assessment)
        assert (link.kind, link.added_by) == ("file", editor)
        comment, reply = ReviewComment.objects.filter(assessment=assessment).order_by("id")
        assert (comment.author, comment.evidence_id, comment.parent_id) == (assessor, link.pk, None)
        assert (reply.author, reply.parent_id, reply.evidence_id) == (editor, comment.pk, link.pk)
    assert page.external_requests == []
