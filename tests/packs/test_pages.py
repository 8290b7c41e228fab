"""The pack pages: asking for a board or an assessment pack, a pack's page and its progress,
the download and its log, the organization's list by fiscal year and meeting, per role.

Roles: board packs are for coordinators and secretaries (Action.EXPORT_PACKS), assessment packs
also for editors and assessors (Action.EXPORT_ASSESSMENT_PACKS); viewers get 403 everywhere.
"""

import datetime as dt
import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from seam_scm.packs import services
from seam_scm.packs.models import EvidencePack, PackDownload, PackKind, PackState
from seam_scm.tenancy.roles import Role

from ..approvals import factories as approvals
from ..assessments import factories as assessments
from .conftest import reload
from .route_builders import make_pack

pytestmark = pytest.mark.usefixtures("english")

BOARD_ROLES = [Role.COORDINATOR, Role.SECRETARY]
NOT_BOARD_ROLES = [Role.EDITOR, Role.ASSESSOR, Role.VIEWER]
ASSESSMENT_ROLES = [Role.COORDINATOR, Role.EDITOR, Role.SECRETARY, Role.ASSESSOR]


@pytest.fixture
def member(member_factory):
    """member(org, role) -> a user with that role who reads the pages in English."""

    def make(organization, role):
        user = member_factory(organization, role)
        user.language = "en"
        user.save()
        return user

    return make


def packs_url(org, path: str = "") -> str:
    return f"/o/{org.slug}/packs/{path}"


def pack_url(pack: EvidencePack, path: str = "") -> str:
    return packs_url(pack.organization, f"{pack.pk}/{path}")


def board_data(**overrides) -> dict:
    return {
        "meeting": "การประชุมคณะกรรมการ ครั้งที่ 5/2570",
        "meeting_date": "15/01/2570",
        "agenda_item": "4.2",
        **overrides,
    }


def packs_of(org) -> list[EvidencePack]:
    with scopes_disabled():
        return list(EvidencePack.objects.filter(organization=org).order_by("pk"))


def downloads_of(pack) -> list[PackDownload]:
    with scopes_disabled():
        return list(PackDownload.objects.filter(pack=pack))


def body(response) -> str:
    return response.content.decode()


# --- the board pack ----------------------------------------------------------------------


def test_secretary_builds_a_board_pack_and_downloads_it(
    org_a, member, client_for, django_capture_on_commit_callbacks
):
    version = approvals.submitted_version(org_a)
    secretary = member(org_a, Role.SECRETARY)
    client = client_for(secretary)

    form = client.get(packs_url(org_a, f"board/{version.pk}/"))
    assert form.status_code == 200
    assert 'name="meeting"' in body(form) and 'name="meeting_date"' in body(form)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(packs_url(org_a, f"board/{version.pk}/"), board_data())
    [pack] = packs_of(org_a)
    assert response.status_code == 302
    assert response["Location"] == pack_url(pack)
    pack = reload(pack)
    assert (pack.kind, pack.subject_id, pack.requested_by) == ("board", version.pk, secretary)
    assert (pack.meeting, pack.meeting_date, pack.agenda_item) == (
        "การประชุมคณะกรรมการ ครั้งที่ 5/2570",
        dt.date(2027, 1, 15),
        "4.2",
    )
    assert pack.state == PackState.DONE, pack.failure_reason

    page = body(client.get(pack_url(pack)))
    assert 'role="progressbar"' in page and 'aria-valuenow="100"' in page
    assert pack.sha256 in page
    assert pack_url(pack, "download/") in page
    assert "hx-trigger" not in page  # finished: nothing polls

    download = client.get(pack_url(pack, "download/"))
    content = b"".join(download.streaming_content)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{pack.reference}.pdf"'
    assert download["Cache-Control"] == "private, no-store"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == pack.sha256
    [logged] = downloads_of(pack)
    assert (logged.user, logged.role, logged.sha256) == (secretary, Role.SECRETARY, pack.sha256)


def test_the_board_form_is_prefilled_from_the_recorded_approval(org_a, member, client_for):
    version = approvals.approved_version(org_a)  # meeting 12/2569 of 20 Nov 2026, item 4.2
    page = body(client_for(member(org_a, Role.SECRETARY)).get(
        packs_url(org_a, f"board/{version.pk}/")
    ))  # fmt: skip
    assert 'value="Board meeting no. 12/2569"' in page
    assert 'value="20/11/2569"' in page
    assert 'value="4.2"' in page


@pytest.mark.parametrize(
    "data, field, message",
    [
        (board_data(meeting=""), "meeting", "This field is required."),
        (board_data(meeting_date=""), "meeting_date", "This field is required."),
        (board_data(meeting_date="15/01/2027"), "meeting_date", "Christian Era year"),
        (board_data(meeting_date="31/02/2570"), "meeting_date", "day/month/year"),
    ],
)
def test_the_board_form_refuses_a_missing_or_bad_meeting(
    data, field, message, org_a, member, client_for
):
    version = approvals.submitted_version(org_a)
    client = client_for(member(org_a, Role.SECRETARY))
    response = client.post(packs_url(org_a, f"board/{version.pk}/"), data)
    assert response.status_code == 200
    assert message in body(response)
    assert packs_of(org_a) == []


def test_no_board_pack_for_a_draft(org_a, member, client_for):
    version = approvals.draft_version(org_a)
    client = client_for(member(org_a, Role.SECRETARY))
    for method in (client.get, client.post):
        response = method(packs_url(org_a, f"board/{version.pk}/"), board_data(), follow=True)
        assert response.redirect_chain[0][0] == f"/o/{org_a.slug}/documents/versions/{version.pk}/"
        assert "submit this version first" in body(response)
    assert packs_of(org_a) == []


def test_a_double_click_gives_one_pack(
    org_a, member, client_for, django_capture_on_commit_callbacks
):
    """The second identical request while the first is still queued answers the same pack."""
    version = approvals.submitted_version(org_a)
    client = client_for(member(org_a, Role.SECRETARY))
    with django_capture_on_commit_callbacks(execute=False):  # no worker picks it up yet
        first = client.post(packs_url(org_a, f"board/{version.pk}/"), board_data())
        second = client.post(packs_url(org_a, f"board/{version.pk}/"), board_data())
    [pack] = packs_of(org_a)
    assert first["Location"] == second["Location"] == pack_url(pack)


@pytest.mark.parametrize("role", NOT_BOARD_ROLES)
def test_only_coordinators_and_secretaries_ask_for_board_packs(role, org_a, member, client_for):
    version = approvals.submitted_version(org_a)
    client = client_for(member(org_a, role))
    assert client.get(packs_url(org_a, f"board/{version.pk}/")).status_code == 403
    assert client.post(packs_url(org_a, f"board/{version.pk}/"), board_data()).status_code == 403
    assert packs_of(org_a) == []


@pytest.mark.parametrize("role", [*BOARD_ROLES, *NOT_BOARD_ROLES])
def test_the_version_page_offers_the_board_pack_to_those_who_may_build_it(
    role, org_a, member, client_for
):
    submitted = approvals.submitted_version(org_a)
    draft = approvals.draft_version(org_a)
    client = client_for(member(org_a, role))
    page = body(client.get(f"/o/{org_a.slug}/documents/versions/{submitted.pk}/"))
    assert ('data-testid="build-board-pack"' in page) == (role in BOARD_ROLES)
    assert ("Build board pack" in page) == (role in BOARD_ROLES)
    draft_page = body(client.get(f"/o/{org_a.slug}/documents/versions/{draft.pk}/"))
    assert "build-board-pack" not in draft_page


# --- the assessment pack -------------------------------------------------------------------


def test_the_assessment_form_groups_the_criteria_by_module_and_topic(org_a, member, client_for):
    cycle = assessments.make_cycle(org_a)
    page = body(client_for(member(org_a, Role.EDITOR)).get(
        packs_url(org_a, f"assessment/{cycle.pk}/")
    ))  # fmt: skip
    with scopes_disabled():
        criteria = list(cycle.criteria.select_related("criterion"))
    assert page.count('name="criteria"') == len(criteria) > 0
    for assessment in criteria:
        assert f'value="{assessment.pk}"' in page
    assert 'data-testid="chooser-module"' in page
    assert 'data-testid="chooser-topic"' in page
    assert 'value="whole"' in page and 'value="chosen"' in page


def test_an_editor_asks_for_chosen_criteria_or_the_whole_cycle(
    org_a, member, client_for, django_capture_on_commit_callbacks
):
    cycle = assessments.make_cycle(org_a)
    chosen = [assessments.criterion(cycle, code).pk for code in ("CM 5.3", "CM 5.1")]
    client = client_for(member(org_a, Role.EDITOR))
    with django_capture_on_commit_callbacks(execute=False):  # the requests, not the builds
        client.post(
            packs_url(org_a, f"assessment/{cycle.pk}/"), {"scope": "chosen", "criteria": chosen}
        )
        client.post(packs_url(org_a, f"assessment/{cycle.pk}/"), {"scope": "whole"})
    part, whole = packs_of(org_a)
    assert (part.kind, part.subject_id, part.options) == (
        "assessment",
        cycle.pk,
        {"criteria": sorted(chosen)},
    )
    assert (whole.subject_id, whole.options) == (cycle.pk, {})
    assert part.includes_personal_data  # editors may see personal data


def test_choosing_no_criterion_is_refused_and_the_boxes_stay_ticked(org_a, member, client_for):
    cycle = assessments.make_cycle(org_a)
    other_cycle = assessments.make_cycle(org_a, fiscal_year=2571)
    foreign = assessments.criterion(other_cycle).pk
    client = client_for(member(org_a, Role.EDITOR))
    url = packs_url(org_a, f"assessment/{cycle.pk}/")

    response = client.post(url, {"scope": "chosen"})
    assert "Choose at least one criterion, or the whole cycle." in body(response)
    response = client.post(url, {"scope": "chosen", "criteria": [foreign]})
    assert "Select a valid choice." in body(response)
    assert f'value="{foreign}"' not in body(response)
    mine = assessments.criterion(cycle).pk
    response = client.post(url, {"scope": "bogus", "criteria": [mine]})
    assert response.status_code == 200
    assert f'value="{mine}" id="criterion-{mine}" checked' in body(response)
    assert packs_of(org_a) == []


def test_an_assessor_builds_an_assessment_pack_without_personal_data(
    org_a, member, client_for, django_capture_on_commit_callbacks
):
    cycle = assessments.make_cycle(org_a)
    chosen = assessments.criterion(cycle, "CM 5.3").pk
    assessor = member(org_a, Role.ASSESSOR)
    client = client_for(assessor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            packs_url(org_a, f"assessment/{cycle.pk}/"), {"scope": "chosen", "criteria": [chosen]}
        )
    [pack] = packs_of(org_a)
    assert pack.state == PackState.DONE, pack.failure_reason
    assert not pack.includes_personal_data
    download = client.get(pack_url(pack, "download/"))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert [d.role for d in downloads_of(pack)] == [Role.ASSESSOR]


@pytest.mark.parametrize("role", [*ASSESSMENT_ROLES, Role.VIEWER])
def test_the_cycle_page_offers_the_assessment_pack_to_those_who_may_build_it(
    role, org_a, member, client_for
):
    cycle = assessments.make_cycle(org_a)
    client = client_for(member(org_a, role))
    page = body(client.get(f"/o/{org_a.slug}/assessments/{cycle.pk}/"))
    assert ('data-testid="build-assessment-pack"' in page) == (role in ASSESSMENT_ROLES)
    form = client.get(packs_url(org_a, f"assessment/{cycle.pk}/"))
    assert form.status_code == (200 if role in ASSESSMENT_ROLES else 403)


# --- a pack's page, its progress, the download -----------------------------------------------


def test_a_queued_pack_polls_its_progress_every_second(org_a, member, client_for):
    pack = make_pack(org_a, state=PackState.QUEUED)
    client = client_for(member(org_a, Role.SECRETARY))
    page = body(client.get(pack_url(pack)))
    progress_url = pack_url(pack, "progress/")
    assert f'hx-get="{progress_url}"' in page
    assert 'hx-trigger="every 1s"' in page
    assert 'aria-valuenow="0"' in page
    assert pack_url(pack, "download/") not in page


def test_the_progress_partial_shows_the_row_and_stops_polling_when_finished(
    org_a, member, client_for
):
    pack = make_pack(org_a, state=PackState.RUNNING, progress=40, step="Laying out the pages")
    client = client_for(member(org_a, Role.SECRETARY))
    running = body(client.get(pack_url(pack, "progress/")))
    assert 'aria-valuenow="40"' in running and "width: 40%" in running
    assert 'hx-trigger="every 1s"' in running
    assert "Laying out the pages" in running
    assert "<html" not in running  # a fragment, swapped into the page

    with scopes_disabled():  # the worker finishes it (a conditional UPDATE, as services do)
        EvidencePack.objects.filter(pk=pack.pk).update(
            state=PackState.DONE, progress=100, sha256="ab" * 32, page_count=12, size=2048
        )
    done = body(client.get(pack_url(pack, "progress/")))
    assert "hx-trigger" not in done
    assert 'aria-valuenow="100"' in done
    assert pack_url(pack, "download/") in done
    assert "ab" * 32 in done and ">12<" in done


def test_a_failed_pack_shows_the_reason_and_stops_polling(org_a, member, client_for):
    pack = make_pack(org_a, state=PackState.FAILED, failure_reason="ไฟล์หลักฐานไม่ตรงกับค่า SHA-256")
    client = client_for(member(org_a, Role.SECRETARY))
    page = body(client.get(pack_url(pack, "progress/")))
    assert "hx-trigger" not in page
    assert "ไฟล์หลักฐานไม่ตรงกับค่า SHA-256" in page
    assert "The pack could not be built." in page
    assert 'data-testid="build-again"' in body(client.get(pack_url(pack)))


def test_the_pack_page_shows_its_facts_and_links_the_document(org_a, member, client_for):
    version = approvals.submitted_version(org_a)
    pack = make_pack(
        org_a,
        subject=version,
        meeting="การประชุมคณะกรรมการ ครั้งที่ 5/2570",
        meeting_date=dt.date(2027, 1, 15),
        agenda_item="4.2",
    )
    page = body(client_for(member(org_a, Role.SECRETARY)).get(pack_url(pack)))
    facts = [pack.reference, pack.title, "Board approval pack", "4.2", "2570", pack.sha256]
    for text in [*facts, "การประชุมคณะกรรมการ ครั้งที่ 5/2570", pack.requested_by.full_name]:
        assert text in page
    assert f'href="/o/{org_a.slug}/documents/versions/{version.pk}/"' in page
    assert f'href="{packs_url(org_a, f"board/{version.pk}/")}"' in page  # build again


def test_dates_are_in_the_buddhist_era_in_thai(org_a, member, client_for):
    pack = make_pack(org_a, meeting="ครั้งที่ 5/2570", meeting_date=dt.date(2027, 1, 15))
    user = member(org_a, Role.SECRETARY)
    user.language = "th"
    user.save()
    page = body(client_for(user).get(pack_url(pack)))
    assert "15 มกราคม 2570" in page


def test_a_pack_that_is_not_ready_is_not_downloaded(org_a, member, client_for):
    pack = make_pack(org_a, state=PackState.RUNNING, progress=30)
    client = client_for(member(org_a, Role.SECRETARY))
    response = client.get(pack_url(pack, "download/"), follow=True)
    assert response.redirect_chain == [(pack_url(pack), 302)]
    assert "The pack is not ready to download." in body(response)
    assert downloads_of(pack) == []


def test_a_pack_with_personal_data_is_refused_to_roles_that_may_not_see_it(
    org_a, member, client_for
):
    pack = make_pack(org_a, kind=PackKind.ASSESSMENT, includes_personal_data=True)
    assessor = client_for(member(org_a, Role.ASSESSOR))
    assert assessor.get(pack_url(pack, "download/")).status_code == 403
    page = body(assessor.get(pack_url(pack)))
    assert pack_url(pack, "download/") not in page
    assert "This pack includes personal data" in page
    assert downloads_of(pack) == []

    editor = member(org_a, Role.EDITOR)
    response = client_for(editor).get(pack_url(pack, "download/"))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert [(d.user, d.role) for d in downloads_of(pack)] == [(editor, Role.EDITOR)]


def test_the_download_log_is_shown_to_coordinators_and_secretaries(org_a, member, client_for):
    pack = make_pack(org_a, kind=PackKind.ASSESSMENT)
    assessor = member(org_a, Role.ASSESSOR)
    b"".join(client_for(assessor).get(pack_url(pack, "download/")).streaming_content)
    for role in (Role.COORDINATOR, Role.SECRETARY):
        page = body(client_for(member(org_a, role)).get(pack_url(pack)))
        assert 'data-testid="pack-download-row"' in page
        assert assessor.full_name in page and "Assessor" in page
    for role in (Role.EDITOR, Role.ASSESSOR):
        page = body(client_for(member(org_a, role)).get(pack_url(pack)))
        assert 'data-testid="pack-downloads"' not in page


def test_a_missing_file_answers_404_and_logs_nothing(org_a, member, client_for):
    pack = make_pack(org_a)
    pack.file.storage.delete(pack.file.name)
    client = client_for(member(org_a, Role.SECRETARY))
    assert client.get(pack_url(pack, "download/")).status_code == 404
    assert downloads_of(pack) == []


# --- roles and tenancy ---------------------------------------------------------------------


def test_viewers_see_no_pack_page(org_a, member, client_for):
    board = make_pack(org_a)
    assessment = make_pack(org_a, kind=PackKind.ASSESSMENT)
    client = client_for(member(org_a, Role.VIEWER))
    urls = [packs_url(org_a)]
    for pack in (board, assessment):
        urls += [pack_url(pack), pack_url(pack, "progress/"), pack_url(pack, "download/")]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert downloads_of(board) == downloads_of(assessment) == []
    home = body(client.get(f"/o/{org_a.slug}/"))
    assert 'data-testid="packs-link"' not in home


@pytest.mark.parametrize("role", NOT_BOARD_ROLES[:2])
def test_editors_and_assessors_see_assessment_packs_but_not_board_packs(
    role, org_a, member, client_for
):
    board = make_pack(org_a)
    assessment = make_pack(org_a, kind=PackKind.ASSESSMENT)
    client = client_for(member(org_a, role))
    listing = body(client.get(packs_url(org_a)))
    assert assessment.reference in listing and board.reference not in listing
    assert client.get(pack_url(assessment)).status_code == 200
    for path in ("", "progress/", "download/"):
        assert client.get(pack_url(board, path)).status_code == 403
    assert 'data-testid="packs-link"' in body(client.get(f"/o/{org_a.slug}/"))


def test_another_organizations_packs_versions_and_cycles_are_404(org_a, org_b, member, client_for):
    pack = make_pack(org_b)
    version = approvals.submitted_version(org_b)
    cycle = assessments.make_cycle(org_b)
    client = client_for(member(org_a, Role.COORDINATOR))
    for path in (f"{pack.pk}/", f"{pack.pk}/progress/", f"{pack.pk}/download/",
                 f"board/{version.pk}/", f"assessment/{cycle.pk}/"):  # fmt: skip
        assert client.get(packs_url(org_a, path)).status_code == 404, path
    assert client.post(packs_url(org_a, f"board/{version.pk}/"), board_data()).status_code == 404
    assert pack.reference not in body(client.get(packs_url(org_a)))
    assert packs_of(org_a) == [] and downloads_of(pack) == []


# --- the list ----------------------------------------------------------------------------


def test_secretaries_see_the_packs_by_fiscal_year_and_meeting(org_a, member, client_for):
    meeting_5 = "การประชุมคณะกรรมการ ครั้งที่ 5/2570"
    meeting_1 = "การประชุมคณะกรรมการ ครั้งที่ 1/2569"
    january = make_pack(org_a, meeting=meeting_5, meeting_date=dt.date(2027, 1, 15))
    older = make_pack(
        org_a, meeting=meeting_1, meeting_date=dt.date(2025, 11, 20), fiscal_year=2569
    )
    cycle_pack = make_pack(org_a, kind=PackKind.ASSESSMENT)
    client = client_for(member(org_a, Role.SECRETARY))

    page = body(client.get(packs_url(org_a)))
    assert page.index('data-year="2570"') < page.index('data-year="2569"')
    assert page.index(january.reference) < page.index(older.reference)
    assert f'data-meeting="{meeting_5}"' in page and f'data-meeting="{meeting_1}"' in page
    assert "Not for a meeting" in page  # the assessment pack
    assert page.count('data-testid="pack-download"') == 3

    this_year = body(client.get(packs_url(org_a), {"fiscal_year": 2570}))
    assert january.reference in this_year and cycle_pack.reference in this_year
    assert older.reference not in this_year
    assert f'<option value="{meeting_5}">' in this_year  # meetings of the year chosen
    assert f'<option value="{meeting_1}">' not in this_year

    one_meeting = body(client.get(packs_url(org_a), {"meeting": meeting_1}))
    assert older.reference in one_meeting
    assert january.reference not in one_meeting and cycle_pack.reference not in one_meeting

    boards = body(client.get(packs_url(org_a), {"kind": "board", "state": "done"}))
    assert cycle_pack.reference not in boards and january.reference in boards


def test_the_list_ignores_junk_filters(org_a, member, client_for):
    pack = make_pack(org_a)
    client = client_for(member(org_a, Role.SECRETARY))
    response = client.get(packs_url(org_a), {"fiscal_year": "x", "kind": "nope", "page": "z"})
    assert response.status_code == 200 and pack.reference in body(response)


def test_an_empty_list_says_so(org_a, member, client_for):
    page = body(client_for(member(org_a, Role.EDITOR)).get(packs_url(org_a)))
    assert 'data-testid="no-packs"' in page


def test_the_list_costs_the_same_queries_for_one_pack_as_for_three(org_a, member, client_for):
    client = client_for(member(org_a, Role.SECRETARY))
    make_pack(org_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(packs_url(org_a)).status_code == 200
        return len(captured)

    queries()  # the first visit also remembers the member's organization
    one = queries()
    make_pack(org_a, kind=PackKind.ASSESSMENT)
    make_pack(org_a, meeting="ครั้งที่ 2/2570")
    assert queries() == one


def test_a_pack_whose_task_was_lost_stops_waiting(org_a, member, client_for):
    pack = make_pack(org_a, state=PackState.RUNNING, progress=40)
    long_ago = timezone.now() - services.ABANDONED_AFTER - dt.timedelta(minutes=1)
    with scopes_disabled():
        EvidencePack.objects.filter(pk=pack.pk).update(created_at=long_ago)
    client = client_for(member(org_a, Role.SECRETARY))
    page = body(client.get(pack_url(pack, "progress/")))
    assert "hx-trigger" not in page
    assert "The pack could not be built." in page
    with scopes_disabled():
        assert EvidencePack.objects.get(pk=pack.pk).state == PackState.FAILED
