"""The evidence links and review comments API: linking and unlinking by role, the records an
organization may link, threads and replies by role, other organizations' ids, the freeze."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import EvidenceLink, ReviewComment
from seam_scm.files.models import Attachment
from seam_scm.tenancy.roles import Role

from ..files.factories import make_attachment
from . import factories

pytestmark = pytest.mark.django_db

FROZEN = ["This assessment cycle is final: its claims, reviews and scores are frozen."]


def links_api(organization, suffix: str = "") -> str:
    return f"/api/v1/orgs/{organization.slug}/evidence-links/{suffix}"


def comments_api(organization, suffix: str = "") -> str:
    return f"/api/v1/orgs/{organization.slug}/review-comments/{suffix}"


def english_member(organization, role):
    user = factories.member(organization, role)
    user.language = "en"
    user.save()
    return user


def link_count() -> int:
    with scopes_disabled():
        return EvidenceLink.objects.count()


def comment_count() -> int:
    with scopes_disabled():
        return ReviewComment.objects.count()


@pytest.fixture
def assessment(org_a):
    return factories.criterion(factories.make_cycle(org_a), "CM 5.3")


# --- evidence links ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.EDITOR])
def test_editors_link_a_file_with_the_files_name_and_date(role, org_a, assessment, api_client_for):
    attachment = make_attachment(org_a, title="มติคณะกรรมการ ครั้งที่ 3/2569")
    user = factories.member(org_a, role)
    response = api_client_for(user).post(
        links_api(org_a),
        {"assessment": assessment.pk, "kind": "file", "record_id": attachment.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["kind"], data["record_id"], data["label"]) == (
        "file",
        attachment.pk,
        "มติคณะกรรมการ ครั้งที่ 3/2569",
    )
    assert data["effective_date"] == "2026-03-31"
    assert data["record_url"] == f"/o/{org_a.slug}/files/{attachment.pk}/"
    assert data["record_available"] is True
    assert (data["added_by"], data["added_by_name"]) == (user.pk, user.get_full_name())
    assert (data["artefact"], data["artefact_label"]) == ("", "")
    assert link_count() == 1


def test_a_link_says_which_artefact_it_provides(org_a, assessment, api_client_for):
    attachment = make_attachment(org_a)
    client = api_client_for(english_member(org_a, Role.EDITOR))
    response = client.post(
        links_api(org_a),
        {
            "assessment": assessment.pk,
            "kind": "file",
            "record_id": attachment.pk,
            "label": "มติคณะกรรมการ",
            "effective_date": "2026-11-20",
            "artefact": "board_resolution",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["label"], data["effective_date"]) == ("มติคณะกรรมการ", "2026-11-20")
    assert (data["artefact"], data["artefact_label"]) == (
        "board_resolution",
        "Board resolution or minutes",
    )
    assert data["kind_label"] == "Evidence file"


def test_a_kpi_snapshot_links_to_its_page(org_a, assessment, api_client_for):
    snapshot = factories.make_snapshot(org_a)
    client = api_client_for(factories.member(org_a, Role.EDITOR))
    response = client.post(
        links_api(org_a),
        {"assessment": assessment.pk, "kind": "complaint_kpis", "record_id": snapshot.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["label"] == snapshot.title
    assert data["effective_date"] == timezone.localdate().isoformat()
    assert data["record_url"] == f"/o/{org_a.slug}/assessments/kpi-snapshots/{snapshot.pk}/"


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.ASSESSOR, Role.VIEWER])
def test_other_roles_neither_link_nor_unlink(role, org_a, assessment, api_client_for):
    existing = factories.link_file(assessment)
    attachment = make_attachment(org_a)
    client = api_client_for(factories.member(org_a, role))
    response = client.post(
        links_api(org_a),
        {"assessment": assessment.pk, "kind": "file", "record_id": attachment.pk},
        format="json",
    )
    assert response.status_code == 403
    assert client.delete(links_api(org_a, f"{existing.pk}/")).status_code == 403
    assert link_count() == 1


def test_records_and_criteria_of_another_organization_are_refused(
    org_a, org_b, assessment, api_client_for
):
    theirs = make_attachment(org_b)
    their_assessment = factories.criterion(factories.make_cycle(org_b), "CM 5.3")
    mine = make_attachment(org_a)
    client = api_client_for(english_member(org_a, Role.EDITOR))
    response = client.post(
        links_api(org_a),
        {"assessment": assessment.pk, "kind": "file", "record_id": theirs.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"record_id": ["Choose a record this organization may link."]}
    response = client.post(
        links_api(org_a),
        {"assessment": their_assessment.pk, "kind": "file", "record_id": mine.pk},
        format="json",
    )
    assert response.status_code == 400 and "assessment" in response.json()
    assert link_count() == 0


def test_bad_kinds_artefacts_and_a_second_link_are_refused(org_a, assessment, api_client_for):
    attachment = make_attachment(org_a)
    client = api_client_for(english_member(org_a, Role.EDITOR))
    data = {"assessment": assessment.pk, "kind": "file", "record_id": attachment.pk}
    for changes, field in [
        ({"kind": "rumour"}, "kind"),
        ({"artefact": "a_feeling"}, "artefact"),
        ({"kind": "survey"}, "record_id"),  # no survey has this id
        ({"effective_date": "31/03/2569"}, "effective_date"),
    ]:
        response = client.post(links_api(org_a), {**data, **changes}, format="json")
        assert response.status_code == 400, changes
        assert field in response.json()
    assert client.post(links_api(org_a), data, format="json").status_code == 201
    response = client.post(links_api(org_a), data, format="json")
    assert response.status_code == 400
    assert "This evidence is already linked to the criterion." in str(response.json())
    assert link_count() == 1


def test_links_list_by_criterion_read_and_unlink(org_a, assessment, api_client_for):
    first = factories.link_file(assessment)
    other = factories.criterion(assessment.cycle, "CM 5.1")
    factories.link_file(other)
    viewer = api_client_for(factories.member(org_a, Role.VIEWER))
    rows = viewer.get(links_api(org_a) + f"?assessment={assessment.pk}").json()["results"]
    assert [row["id"] for row in rows] == [first.pk]
    assert viewer.get(links_api(org_a)).json()["count"] == 2
    assert viewer.get(links_api(org_a, f"{first.pk}/")).json()["assessment"] == assessment.pk
    assert viewer.get(links_api(org_a) + "?assessment=x").status_code == 400
    editor = api_client_for(factories.member(org_a, Role.EDITOR))
    response = editor.patch(links_api(org_a, f"{first.pk}/"), {"label": "x"}, format="json")
    assert response.status_code == 405
    assert editor.delete(links_api(org_a, f"{first.pk}/")).status_code == 204
    assert link_count() == 1


def test_a_record_no_longer_available_has_no_url(org_a, assessment, api_client_for):
    link = factories.link_file(assessment)
    with scopes_disabled():
        Attachment.objects.filter(pk=link.record_id).update(deleted_at=timezone.now())
    client = api_client_for(factories.member(org_a, Role.VIEWER))
    data = client.get(links_api(org_a, f"{link.pk}/")).json()
    assert (data["record_available"], data["record_url"]) == (False, "")
    assert client.get(links_api(org_a)).json()["results"][0]["record_available"] is False


def test_evidence_is_linked_after_submission_but_not_once_final(org_a, api_client_for):
    submitted = factories.criterion(factories.submitted_cycle(org_a, fiscal_year=2569), "CM 5.3")
    client = api_client_for(english_member(org_a, Role.EDITOR))
    attachment = make_attachment(org_a)
    data = {"kind": "file", "record_id": attachment.pk}
    response = client.post(links_api(org_a), {**data, "assessment": submitted.pk}, format="json")
    assert response.status_code == 201
    final = factories.criterion(factories.final_cycle(org_a), "CM 5.3")
    response = client.post(links_api(org_a), {**data, "assessment": final.pk}, format="json")
    assert (response.status_code, response.json()) == (400, FROZEN)


def test_unlinking_from_a_final_cycle_is_refused(org_a, api_client_for):
    cycle = factories.review_cycle(org_a)
    link = factories.link_file(factories.criterion(cycle, "CM 5.3"))
    with scopes_disabled():
        assessments = list(cycle.criteria.all())
    for row in assessments:
        factories.review(row, 3)
    factories.move(cycle, "final")
    client = api_client_for(english_member(org_a, Role.EDITOR))
    response = client.delete(links_api(org_a, f"{link.pk}/"))
    assert (response.status_code, response.json()) == (400, FROZEN)
    assert link_count() == 1


def test_the_links_list_costs_the_same_for_one_link_as_for_many(org_a, assessment, api_client_for):
    client = api_client_for(factories.member(org_a, Role.ASSESSOR))
    factories.link_file(assessment)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(links_api(org_a)).status_code == 200
        return len(context)

    queries()  # the first request also fills caches (content types, the last organization)
    one = queries()
    for code in ("CM 5.1", "CM 1.1", "SM 1.1"):
        factories.link_file(factories.criterion(assessment.cycle, code))
        factories.link_file(
            factories.criterion(assessment.cycle, code), effective_date=dt.date(2026, 1, 5)
        )
    assert queries() == one


# --- review comments -------------------------------------------------------------------------


def comment(client, assessment, **data):
    return client.post(
        comments_api(assessment.organization),
        {"assessment": assessment.pk, "body": "โปรดแนบมติคณะกรรมการ", **data},
        format="json",
    )


def test_an_assessor_opens_a_thread_about_evidence_and_editors_reply(
    org_a, assessment, api_client_for
):
    link = factories.link_file(assessment)
    assessor = factories.member(org_a, Role.ASSESSOR)
    response = comment(api_client_for(assessor), assessment, evidence=link.pk)
    assert response.status_code == 201, response.content
    thread = response.json()
    assert (thread["author"], thread["author_name"]) == (assessor.pk, assessor.get_full_name())
    assert (thread["evidence"], thread["parent"]) == (link.pk, None)
    for role in (Role.EDITOR, Role.COORDINATOR, Role.ASSESSOR):
        response = comment(
            api_client_for(factories.member(org_a, role)),
            assessment,
            parent=thread["id"],
            body="แนบแล้ว",
        )
        assert response.status_code == 201, role
        assert (response.json()["parent"], response.json()["evidence"]) == (thread["id"], link.pk)
    viewer = api_client_for(factories.member(org_a, Role.VIEWER))
    rows = viewer.get(comments_api(org_a) + f"?assessment={assessment.pk}").json()["results"]
    assert [row["parent"] for row in rows] == [None, thread["id"], thread["id"], thread["id"]]
    assert viewer.get(comments_api(org_a, f"{thread['id']}/")).json()["body"] == (
        "โปรดแนบมติคณะกรรมการ"
    )


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.EDITOR])
def test_the_organization_does_not_open_threads(role, org_a, assessment, api_client_for):
    response = comment(api_client_for(english_member(org_a, role)), assessment)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only assessors start a comment; the organization replies."
    }
    assert comment_count() == 0


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.VIEWER])
def test_readers_neither_open_nor_reply(role, org_a, assessment, api_client_for):
    thread = factories.comment(assessment)
    client = api_client_for(factories.member(org_a, role))
    assert comment(client, assessment).status_code == 403
    assert comment(client, assessment, parent=thread.pk).status_code == 403
    assert comment_count() == 1


def test_replies_and_evidence_must_belong_to_the_criterion(
    org_a, org_b, assessment, api_client_for
):
    other = factories.criterion(assessment.cycle, "CM 5.1")
    their_thread = factories.comment(other)
    reply = factories.comment(other, parent=their_thread, role=Role.EDITOR)
    other_link = factories.link_file(other)
    theirs = factories.criterion(factories.make_cycle(org_b), "CM 5.3")
    client = api_client_for(english_member(org_a, Role.ASSESSOR))
    response = comment(client, assessment, parent=their_thread.pk)
    assert (response.status_code, response.json()) == (
        400,
        {"parent": ["Reply to a comment of this criterion."]},
    )
    response = comment(client, other, parent=reply.pk)  # one level of replies only
    assert response.status_code == 400 and "parent" in response.json()
    response = comment(client, assessment, evidence=other_link.pk)
    assert (response.status_code, response.json()) == (
        400,
        {"evidence": ["Choose evidence of this criterion."]},
    )
    response = client.post(
        comments_api(org_a), {"assessment": theirs.pk, "body": "ขอดูหลักฐาน"}, format="json"
    )
    assert response.status_code == 400 and "assessment" in response.json()
    assert comment(client, assessment, body="   ").status_code == 400
    assert comment_count() == 2


def test_comments_of_a_final_cycle_are_closed(org_a, api_client_for):
    assessment = factories.criterion(factories.final_cycle(org_a), "CM 5.3")
    response = comment(api_client_for(english_member(org_a, Role.ASSESSOR)), assessment)
    assert (response.status_code, response.json()) == (400, FROZEN)
    assert comment_count() == 0


def test_another_organizations_links_and_comments_are_not_found(org_a, org_b, api_client_for):
    theirs = factories.criterion(factories.make_cycle(org_b), "CM 5.3")
    link = factories.link_file(theirs)
    thread = factories.comment(theirs)
    client = api_client_for(factories.member(org_a, Role.COORDINATOR))
    assert client.get(links_api(org_a, f"{link.pk}/")).status_code == 404
    assert client.delete(links_api(org_a, f"{link.pk}/")).status_code == 404
    assert client.get(comments_api(org_a, f"{thread.pk}/")).status_code == 404
    assert client.get(links_api(org_a)).json()["count"] == 0
    assert client.get(comments_api(org_a)).json()["count"] == 0
    assert link_count() == 1
