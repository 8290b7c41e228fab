"""The privacy notice pages: every member reads the versions; the coordinator writes drafts,
starting from the latest text, and publishes them; a published version is frozen."""

import pytest
from django.contrib.messages import get_messages
from django_scopes import scope, scopes_disabled

from seam_scm.privacy import services
from seam_scm.privacy.models import PrivacyNotice
from seam_scm.tenancy.roles import Role

pytestmark = pytest.mark.django_db


def in_english(user):
    """Messages are rendered in the member's language; these tests read the English source."""
    user.language = "en"
    user.save()
    return user


LIST = "/o/org-a/privacy/notices/"
NEW = "/o/org-a/privacy/notices/new/"
READERS = [Role.COORDINATOR, Role.EDITOR, Role.SECRETARY, Role.ASSESSOR, Role.VIEWER]
NOT_MANAGERS = [Role.EDITOR, Role.SECRETARY, Role.ASSESSOR, Role.VIEWER]


def make_notice(organization, *, published=False, by=None, body_th="ประกาศ", body_en="Notice"):
    with scope(organization=organization):
        notice = services.save_notice(
            PrivacyNotice(organization=organization, body_th=body_th, body_en=body_en)
        )
        if published:
            services.publish_notice(notice, by=by)
    return notice


def url(notice, action: str = "") -> str:
    base = f"/o/{notice.organization.slug}/privacy/notices/{notice.pk}/"
    return f"{base}{action}/" if action else base


def notices_of(organization) -> list[PrivacyNotice]:
    with scopes_disabled():
        return list(PrivacyNotice.objects.filter(organization=organization).order_by("version"))


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("role", READERS)
def test_every_member_reads_the_versions(org_a, member_factory, client_for, role):
    published = make_notice(org_a, published=True, body_th="ฉบับแรก")
    draft = make_notice(org_a, body_th="ฉบับร่าง")
    client = client_for(member_factory(org_a, role))

    listing = client.get(LIST)
    assert listing.status_code == 200
    assert [n.version for n in listing.context["notices"]] == [2, 1]
    assert listing.context["current"] == published
    body = listing.content.decode()
    assert ('data-testid="new-notice"' in body) == (role == Role.COORDINATOR)

    detail = client.get(url(draft))
    assert detail.status_code == 200
    assert "ฉบับร่าง" in detail.content.decode()
    can_act = 'data-testid="publish-notice"' in detail.content.decode()
    assert can_act == (role == Role.COORDINATOR)
    assert client.get(url(published)).status_code == 200


def test_the_coordinator_writes_a_draft_from_the_latest_version(org_a, coordinator_a, client_for):
    make_notice(org_a, published=True, body_th="ฉบับที่หนึ่ง", body_en="First")
    make_notice(org_a, body_th="ฉบับที่สอง", body_en="Second")
    client = client_for(coordinator_a)

    form = client.get(NEW).context["form"]
    assert (form.initial["body_th"], form.initial["body_en"]) == ("ฉบับที่สอง", "Second")

    response = client.post(NEW, {"body_th": "ฉบับที่สาม", "body_en": "Third"})

    third = notices_of(org_a)[-1]
    assert response.status_code == 302 and response["Location"] == url(third)
    assert (third.version, third.body_th, third.is_published) == (3, "ฉบับที่สาม", False)


def test_the_first_version_starts_empty_and_is_number_one(org_a, coordinator_a, client_for):
    client = client_for(coordinator_a)
    assert client.get(NEW).context["form"].initial.get("body_th", "") == ""

    client.post(NEW, {"body_th": "ประกาศ", "body_en": "Notice"})

    assert [n.version for n in notices_of(org_a)] == [1]


def test_versions_are_numbered_per_organization(org_a, org_b, coordinator_a, client_for):
    make_notice(org_b)
    make_notice(org_b)

    client_for(coordinator_a).post(NEW, {"body_th": "ประกาศ", "body_en": "Notice"})

    assert [n.version for n in notices_of(org_a)] == [1]


@pytest.mark.parametrize("missing", ["body_th", "body_en"])
def test_a_notice_needs_both_texts(org_a, coordinator_a, client_for, missing):
    data = {"body_th": "ประกาศ", "body_en": "Notice", missing: ""}

    response = client_for(coordinator_a).post(NEW, data)

    assert response.status_code == 200
    assert missing in response.context["form"].errors
    assert notices_of(org_a) == []


def test_the_coordinator_edits_a_draft(org_a, coordinator_a, client_for):
    draft = make_notice(org_a)

    response = client_for(coordinator_a).post(
        url(draft, "edit"), {"body_th": "แก้ไขแล้ว", "body_en": "Edited"}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.version, draft.body_th, draft.body_en) == (1, "แก้ไขแล้ว", "Edited")
    with scope(organization=org_a):
        assert draft.history.count() == 2


def test_a_published_version_is_frozen(org_a, coordinator_a, client_for):
    published = make_notice(org_a, published=True, body_th="ฉบับจริง")
    client = client_for(in_english(coordinator_a))

    shown = client.get(url(published, "edit"))
    posted = client.post(url(published, "edit"), {"body_th": "แอบแก้", "body_en": "Sneaky"})

    for response in (shown, posted):
        assert response.status_code == 302 and response["Location"] == url(published)
        assert "A published notice cannot change" in messages_of(response)[0]
    published.refresh_from_db()
    assert published.body_th == "ฉบับจริง"
    assert 'data-testid="edit-notice"' not in client.get(url(published)).content.decode()


def test_the_coordinator_publishes_a_draft(org_a, coordinator_a, client_for):
    make_notice(org_a, published=True)
    draft = make_notice(org_a)
    client = client_for(coordinator_a)

    assert client.get(url(draft, "publish")).status_code == 405
    response = client.post(url(draft, "publish"))

    assert response.status_code == 302 and response["Location"] == url(draft)
    draft.refresh_from_db()
    assert draft.is_published and draft.published_by == coordinator_a
    with scope(organization=org_a):
        assert services.published_notice() == draft
    assert client.get(LIST).context["current"] == draft


def test_publishing_twice_changes_nothing(org_a, coordinator_a, client_for):
    published = make_notice(org_a, published=True)
    published.refresh_from_db()
    when = published.published_at

    response = client_for(coordinator_a).post(url(published, "publish"))

    assert response.status_code == 302 and messages_of(response)
    published.refresh_from_db()
    assert published.published_at == when


def test_a_draft_older_than_the_published_version_cannot_be_published(
    org_a, coordinator_a, client_for
):
    old_draft = make_notice(org_a)
    make_notice(org_a, published=True)

    response = client_for(in_english(coordinator_a)).post(url(old_draft, "publish"))

    assert "Version 2 is already published" in messages_of(response)[0]
    old_draft.refresh_from_db()
    assert not old_draft.is_published


@pytest.mark.parametrize("role", NOT_MANAGERS)
def test_other_roles_may_not_write_or_publish(org_a, member_factory, client_for, role):
    draft = make_notice(org_a)
    client = client_for(member_factory(org_a, role))
    data = {"body_th": "แก้", "body_en": "Edit"}

    assert client.get(NEW).status_code == 403
    assert client.post(NEW, data).status_code == 403
    assert client.get(url(draft, "edit")).status_code == 403
    assert client.post(url(draft, "edit"), data).status_code == 403
    assert client.post(url(draft, "publish")).status_code == 403

    [unchanged] = notices_of(org_a)
    assert (unchanged.body_th, unchanged.is_published) == ("ประกาศ", False)


def test_another_organizations_notice_is_404(org_a, org_b, coordinator_a, client_for):
    theirs = make_notice(org_b)
    client = client_for(coordinator_a)
    base = f"/o/org-a/privacy/notices/{theirs.pk}/"

    assert client.get(base).status_code == 404
    assert client.get(f"{base}edit/").status_code == 404
    assert client.post(f"{base}edit/", {"body_th": "x", "body_en": "y"}).status_code == 404
    assert client.post(f"{base}publish/").status_code == 404
    theirs.refresh_from_db()
    assert (theirs.body_th, theirs.is_published) == ("ประกาศ", False)
