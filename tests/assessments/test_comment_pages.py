"""Comments on a criterion: assessors open threads (about the criterion or one piece of its
evidence), assessors and the organization's editors reply; other roles may not comment; bad
input is refused with a message and nothing is saved; a final cycle takes no comment."""

import pytest
from django_scopes import scopes_disabled

from assessments.models import ReviewComment
from seam_scm.tenancy.roles import Role

from . import factories as f

pytestmark = pytest.mark.django_db


def url(assessment, suffix: str = "") -> str:
    return f"/o/{assessment.organization.slug}/assessments/criteria/{assessment.pk}/{suffix}"


def comment_url(assessment) -> str:
    return url(assessment, "comments/new/")


def person(organization, role=Role.EDITOR):
    user = f.member(organization, role)
    user.language = "en"
    user.save()
    return user


def comments_of(assessment) -> list[ReviewComment]:
    with scopes_disabled():
        return list(ReviewComment.objects.filter(assessment_id=assessment.pk).order_by("id"))


def test_assessor_opens_a_thread_about_a_piece_of_evidence(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    link = f.link_file(assessment, label="นโยบายการจัดการข้อร้องเรียน")
    assessor = person(org_a, Role.ASSESSOR)
    client = client_for(assessor)
    form = client.get(url(assessment)).content.decode()
    assert 'data-testid="comment-form"' in form
    assert f'<option value="{link.pk}">นโยบายการจัดการข้อร้องเรียน</option>' in form
    response = client.post(
        comment_url(assessment), {"body": "ไม่พบมติคณะกรรมการที่อนุมัตินโยบาย", "evidence": link.pk}
    )
    [comment] = comments_of(assessment)
    assert response["Location"] == url(assessment) + f"#comment-{comment.pk}"
    assert (comment.author, comment.evidence_id, comment.parent_id) == (assessor, link.pk, None)
    body = client.get(url(assessment)).content.decode()
    assert "ไม่พบมติคณะกรรมการที่อนุมัตินโยบาย" in body
    assert "About the evidence:" in body
    assert "Comment added." in body


def test_editor_and_coordinator_reply_and_the_reply_keeps_the_evidence(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    link = f.link_file(assessment)
    thread = f.comment(assessment, "แนบมติด้วย", evidence=link)
    for role, text in ((Role.EDITOR, "แนบแล้วครับ"), (Role.COORDINATOR, "ตรวจแล้ว")):
        client = client_for(person(org_a, role))
        page = client.get(url(assessment)).content.decode()
        assert 'data-testid="reply-form"' in page
        assert 'data-testid="comment-form"' not in page  # only assessors open threads
        response = client.post(comment_url(assessment), {"body": text, "parent": thread.pk})
        assert response["Location"] == url(assessment) + f"#comment-{thread.pk}"
    replies = comments_of(assessment)[1:]
    assert [r.body for r in replies] == ["แนบแล้วครับ", "ตรวจแล้ว"]
    assert all(r.parent_id == thread.pk and r.evidence_id == link.pk for r in replies)
    body = client_for(person(org_a, Role.VIEWER)).get(url(assessment)).content.decode()
    assert body.count('data-testid="reply"') == 2


def test_assessor_replies_too(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    thread = f.comment(assessment)
    client_for(person(org_a, Role.ASSESSOR)).post(
        comment_url(assessment), {"body": "ขอเพิ่มเติม", "parent": thread.pk}
    )
    assert comments_of(assessment)[-1].parent_id == thread.pk


@pytest.mark.parametrize("role", [Role.EDITOR, Role.COORDINATOR])
def test_the_organization_cannot_open_a_thread(role, org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    response = client_for(person(org_a, role)).post(comment_url(assessment), {"body": "เริ่มเอง"})
    assert response.status_code == 403
    assert comments_of(assessment) == []


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.VIEWER])
def test_other_roles_may_not_comment_at_all(role, org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    thread = f.comment(assessment)
    client = client_for(f.member(org_a, role))
    assert client.post(comment_url(assessment), {"body": "x"}).status_code == 403
    assert (
        client.post(comment_url(assessment), {"body": "x", "parent": thread.pk}).status_code == 403
    )
    page = client.get(url(assessment)).content.decode()
    assert 'data-testid="reply-form"' not in page
    assert len(comments_of(assessment)) == 1


def test_comments_are_posted_not_fetched(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    assert (
        client_for(f.member(org_a, Role.ASSESSOR)).get(comment_url(assessment)).status_code == 405
    )


def test_other_criteria_comments_and_evidence_are_refused(org_a, client_for):
    cycle = f.make_cycle(org_a)
    assessment, other = f.criterion(cycle, "CM 5.3"), f.criterion(cycle, "CM 5.1")
    foreign_thread = f.comment(other)
    foreign_link = f.link_file(other)
    own_thread = f.comment(assessment)
    reply = f.comment(assessment, "ตอบ", parent=own_thread, role=Role.EDITOR)
    client = client_for(person(org_a, Role.ASSESSOR))
    cases = [
        ({"body": "x", "parent": foreign_thread.pk}, "Reply to a comment of this criterion."),
        ({"body": "x", "parent": reply.pk}, "Reply to a comment of this criterion."),
        ({"body": "x", "evidence": foreign_link.pk}, "Choose evidence of this criterion."),
        ({"body": "   "}, "This field is required."),
    ]
    for data, message in cases:
        response = client.post(comment_url(assessment), data)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert [c.pk for c in comments_of(assessment)] == [own_thread.pk, reply.pk]


def test_a_refused_reply_keeps_the_text_under_its_thread(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    thread = f.comment(assessment)
    response = client_for(person(org_a)).post(
        comment_url(assessment), {"body": "", "parent": thread.pk}
    )
    body = response.content.decode()
    thread_html = body.split(f'id="comment-{thread.pk}"')[1].split("</article>")[0]
    assert "This field is required." in thread_html


def test_a_final_cycle_takes_no_comment(org_a, client_for):
    cycle = f.review_cycle(org_a)
    assessment = f.criterion(cycle)
    thread = f.comment(assessment)
    with scopes_disabled():
        criteria = list(cycle.criteria.all())
    for each in criteria:
        f.review(each, 2)
    f.move(cycle, "final")
    for role, data in ((Role.ASSESSOR, {"body": "ใหม่"}),
                       (Role.EDITOR, {"body": "ตอบ", "parent": thread.pk})):  # fmt: skip
        client = client_for(person(org_a, role))
        page = client.get(url(assessment)).content.decode()
        assert 'data-testid="reply-form"' not in page
        assert 'data-testid="comment-form"' not in page
        assert "แนบมติ" in page or thread.body in page  # the threads stay readable
        response = client.post(comment_url(assessment), data, follow=True)
        assert "This assessment cycle is final" in response.content.decode()
    assert comments_of(assessment) == [thread]


def test_another_organizations_criterion_takes_no_comment(org_a, org_b, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    client = client_for(f.member(org_b, Role.ASSESSOR))
    response = client.post(f"/o/{org_b.slug}/assessments/criteria/{assessment.pk}/comments/new/",
                           {"body": "x"})  # fmt: skip
    assert response.status_code == 404
    assert comments_of(assessment) == []


def test_an_empty_reply_without_a_thread_is_said_above_the_page(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a))
    response = client_for(person(org_a)).post(comment_url(assessment), {"body": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in body
    assert 'data-testid="comment-form"' not in body  # editors do not open threads
    assert comments_of(assessment) == []
