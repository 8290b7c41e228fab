"""The packs API: list (by the kinds the role may use, filtered), read, ask for a pack (201 with
its state and progress), download (logged), per role and organization."""

import datetime as dt
import hashlib

import pytest
from django_scopes import scopes_disabled

from seam_scm.packs.models import EvidencePack, PackDownload, PackKind, PackState
from seam_scm.tenancy.roles import Role

from ..approvals import factories as approvals
from ..assessments import factories as assessments
from .route_builders import make_pack

pytestmark = pytest.mark.django_db


def api(organization, suffix: str = "") -> str:
    return f"/api/v1/orgs/{organization.slug}/packs/{suffix}"


@pytest.fixture
def member(member_factory):
    """member(org, role) -> a user with that role whom the API answers in English."""

    def make(organization, role):
        user = member_factory(organization, role)
        user.language = "en"
        user.save()
        return user

    return make


def board_request(version, **overrides) -> dict:
    return {
        "kind": "board",
        "subject_id": version.pk,
        "meeting": "การประชุมคณะกรรมการ ครั้งที่ 5/2570",
        "meeting_date": "2027-01-15",
        "agenda_item": "4.2",
        **overrides,
    }


def packs_of(org) -> list[EvidencePack]:
    with scopes_disabled():
        return list(EvidencePack.objects.filter(organization=org).order_by("pk"))


def downloads_of(pack) -> list[PackDownload]:
    with scopes_disabled():
        return list(PackDownload.objects.filter(pack=pack))


# --- reading -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, kinds",
    [
        (Role.COORDINATOR, {"board", "assessment"}),
        (Role.SECRETARY, {"board", "assessment"}),
        (Role.EDITOR, {"assessment"}),
        (Role.ASSESSOR, {"assessment"}),
    ],
)
def test_members_list_the_packs_of_the_kinds_their_role_may_use(
    role, kinds, org_a, org_b, member, api_client_for
):
    make_pack(org_a)
    make_pack(org_a, kind=PackKind.ASSESSMENT)
    make_pack(org_b)
    rows = api_client_for(member(org_a, role)).get(api(org_a)).json()["results"]
    assert {row["kind"] for row in rows} == kinds
    assert len(rows) == len(kinds)


def test_viewers_get_403_everywhere(org_a, member, api_client_for):
    pack = make_pack(org_a)
    version = approvals.submitted_version(org_a)
    client = api_client_for(member(org_a, Role.VIEWER))
    for url in (api(org_a), api(org_a, f"{pack.pk}/"), api(org_a, f"{pack.pk}/download/")):
        assert client.get(url).status_code == 403, url
    assert client.post(api(org_a), board_request(version), format="json").status_code == 403
    assert downloads_of(pack) == []


def test_a_pack_reads_with_its_state_progress_and_file(org_a, member, api_client_for):
    pack = make_pack(
        org_a, meeting="ครั้งที่ 5/2570", meeting_date=dt.date(2027, 1, 15), agenda_item="4.2"
    )
    data = api_client_for(member(org_a, Role.SECRETARY)).get(api(org_a, f"{pack.pk}/")).json()
    assert data["reference"] == pack.reference
    assert (data["kind"], data["kind_label"]) == ("board", "Board approval pack")
    assert (data["state"], data["state_label"], data["progress"]) == ("done", "Ready", 100)
    assert (data["meeting"], data["meeting_date"], data["agenda_item"]) == (
        "ครั้งที่ 5/2570",
        "2027-01-15",
        "4.2",
    )
    assert (data["sha256"], data["size"], data["page_count"]) == (pack.sha256, pack.size, 1)
    assert data["requested_by"] == pack.requested_by_id
    assert data["download_url"] == api(org_a, f"{pack.pk}/download/")


def test_the_list_filters_by_fiscal_year_meeting_kind_and_state(org_a, member, api_client_for):
    this_year = make_pack(org_a, meeting="ครั้งที่ 5/2570")
    last_year = make_pack(org_a, meeting="ครั้งที่ 1/2569", fiscal_year=2569)
    running = make_pack(org_a, kind=PackKind.ASSESSMENT, state=PackState.RUNNING, progress=40)
    client = api_client_for(member(org_a, Role.SECRETARY))

    def ids(**query) -> set[int]:
        return {row["id"] for row in client.get(api(org_a), query).json()["results"]}

    assert ids() == {this_year.pk, last_year.pk, running.pk}
    assert ids(fiscal_year=2569) == {last_year.pk}
    assert ids(meeting="ครั้งที่ 5/2570") == {this_year.pk}
    assert ids(kind="assessment") == {running.pk}
    assert ids(state="running") == {running.pk}
    assert ids(fiscal_year="junk") == ids()


def test_a_running_pack_has_no_download_url(org_a, member, api_client_for):
    pack = make_pack(org_a, state=PackState.RUNNING, progress=40, step="Laying out the pages")
    data = api_client_for(member(org_a, Role.SECRETARY)).get(api(org_a, f"{pack.pk}/")).json()
    assert (data["state"], data["progress"], data["step"]) == (
        "running",
        40,
        "Laying out the pages",
    )
    assert data["download_url"] is None


def test_a_pack_of_a_kind_the_role_may_not_use_is_403(org_a, member, api_client_for):
    pack = make_pack(org_a)
    client = api_client_for(member(org_a, Role.EDITOR))
    assert client.get(api(org_a, f"{pack.pk}/")).status_code == 403
    assert client.get(api(org_a, f"{pack.pk}/download/")).status_code == 403


def test_another_organizations_pack_is_404(org_a, org_b, member, api_client_for):
    pack = make_pack(org_b)
    client = api_client_for(member(org_a, Role.COORDINATOR))
    assert client.get(api(org_a, f"{pack.pk}/")).status_code == 404
    assert client.get(api(org_a, f"{pack.pk}/download/")).status_code == 404
    assert client.get(api(org_b)).status_code == 404
    assert downloads_of(pack) == []


# --- asking for a pack -----------------------------------------------------------------------


def test_a_secretary_asks_for_a_board_pack_and_downloads_it(
    org_a, member, api_client_for, django_capture_on_commit_callbacks
):
    version = approvals.submitted_version(org_a)
    secretary = member(org_a, Role.SECRETARY)
    client = api_client_for(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(api(org_a), board_request(version), format="json")
    assert response.status_code == 201
    [pack] = packs_of(org_a)
    data = response.json()
    assert (data["id"], data["kind"], data["subject_id"]) == (pack.pk, "board", version.pk)
    assert data["meeting_date"] == "2027-01-15"
    assert data["state"] in {"queued", "running", "done"}  # the row when the answer was made

    data = client.get(api(org_a, f"{pack.pk}/")).json()
    assert (data["state"], data["progress"]) == ("done", 100), data["failure_reason"]
    download = client.get(data["download_url"])
    content = b"".join(download.streaming_content)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{data["reference"]}.pdf"'
    assert download["Cache-Control"] == "private, no-store"
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == data["sha256"]
    [logged] = downloads_of(pack)
    assert (logged.user, logged.role, logged.sha256) == (secretary, Role.SECRETARY, data["sha256"])


def test_without_a_broker_the_answer_is_the_built_pack(org_a, member, api_client_for, monkeypatch):
    """Outside a test's transaction the build runs in-process before the 201 is made."""
    version = approvals.submitted_version(org_a)
    client = api_client_for(member(org_a, Role.SECRETARY))
    # A test's transaction holds commit hooks back; run them at once, as autocommit does.
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )
    response = client.post(api(org_a), board_request(version), format="json")
    assert response.status_code == 201
    data = response.json()
    assert (data["state"], data["progress"]) == ("done", 100), data["failure_reason"]
    assert data["page_count"] > 1 and len(data["sha256"]) == 64
    assert data["download_url"] == api(org_a, f"{data['id']}/download/")


def test_an_assessor_asks_for_chosen_criteria_without_personal_data(
    org_a, member, api_client_for, django_capture_on_commit_callbacks
):
    cycle = assessments.make_cycle(org_a)
    chosen = assessments.criterion(cycle, "CM 5.3").pk
    client = api_client_for(member(org_a, Role.ASSESSOR))
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            api(org_a),
            {"kind": "assessment", "subject_id": cycle.pk, "options": {"criteria": [chosen]}},
            format="json",
        )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["options"], data["includes_personal_data"]) == ({"criteria": [chosen]}, False)
    assert (data["state"], data["progress"], data["download_url"]) == ("queued", 0, None)


def test_a_whole_cycle_takes_no_options(
    org_a, member, api_client_for, django_capture_on_commit_callbacks
):
    cycle = assessments.make_cycle(org_a)
    client = api_client_for(member(org_a, Role.EDITOR))
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            api(org_a), {"kind": "assessment", "subject_id": cycle.pk}, format="json"
        )
    assert response.status_code == 201
    assert response.json()["options"] == {}


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ASSESSOR])
def test_only_coordinators_and_secretaries_ask_for_board_packs(role, org_a, member, api_client_for):
    version = approvals.submitted_version(org_a)
    response = api_client_for(member(org_a, role)).post(
        api(org_a), board_request(version), format="json"
    )
    assert response.status_code == 403
    assert packs_of(org_a) == []


def _refusal(org_a, member, api_client_for, payload) -> dict:
    response = api_client_for(member(org_a, Role.COORDINATOR)).post(
        api(org_a), payload, format="json"
    )
    assert response.status_code == 400, response.content
    assert packs_of(org_a) == []
    return response.json()


def test_a_board_pack_needs_its_meeting(org_a, member, api_client_for):
    version = approvals.submitted_version(org_a)
    errors = _refusal(
        org_a, member, api_client_for, board_request(version, meeting="", meeting_date=None)
    )
    assert errors == {
        "meeting": ["This field is required."],
        "meeting_date": ["This field is required."],
    }


def test_a_board_pack_takes_no_options(org_a, member, api_client_for):
    version = approvals.submitted_version(org_a)
    errors = _refusal(
        org_a, member, api_client_for, board_request(version, options={"criteria": [1]})
    )
    assert errors == {"options": ["A board pack takes no options."]}


def test_no_board_pack_for_a_draft(org_a, member, api_client_for):
    version = approvals.draft_version(org_a)
    errors = _refusal(org_a, member, api_client_for, board_request(version))
    assert "submit this version first" in errors["subject_id"][0]


def test_another_organizations_subject_is_not_found(org_a, org_b, member, api_client_for):
    version = approvals.submitted_version(org_b)
    errors = _refusal(org_a, member, api_client_for, board_request(version))
    assert errors == {"subject_id": ["Nothing with this id in this organization."]}


@pytest.mark.parametrize(
    "options, message",
    [
        ({"criteria": "all"}, "“criteria” is a list of ids"),
        ({"criteria": [True]}, "“criteria” is a list of ids"),
        ({"levels": [3]}, "Unknown options: levels."),
        ({"criteria": [999999]}, "Select a valid choice."),
    ],
)
def test_bad_assessment_options_are_refused(options, message, org_a, member, api_client_for):
    cycle = assessments.make_cycle(org_a)
    errors = _refusal(
        org_a,
        member,
        api_client_for,
        {"kind": "assessment", "subject_id": cycle.pk, "options": options},
    )
    assert message in errors["options"][0]


def test_criteria_of_another_cycle_are_refused(org_a, member, api_client_for):
    cycle = assessments.make_cycle(org_a)
    other = assessments.criterion(assessments.make_cycle(org_a, fiscal_year=2571)).pk
    errors = _refusal(
        org_a,
        member,
        api_client_for,
        {"kind": "assessment", "subject_id": cycle.pk, "options": {"criteria": [other]}},
    )
    assert "Select a valid choice." in errors["options"][0]


# --- downloading ----------------------------------------------------------------------------


def test_a_pack_that_is_not_done_answers_409(org_a, member, api_client_for):
    pack = make_pack(org_a, state=PackState.QUEUED)
    response = api_client_for(member(org_a, Role.SECRETARY)).get(api(org_a, f"{pack.pk}/download/"))
    assert response.status_code == 409
    assert response.json() == {"detail": "The pack is not ready to download."}
    assert downloads_of(pack) == []


def test_personal_data_is_downloaded_only_by_roles_that_may_see_it(org_a, member, api_client_for):
    pack = make_pack(org_a, kind=PackKind.ASSESSMENT, includes_personal_data=True)
    assessor = api_client_for(member(org_a, Role.ASSESSOR))
    assert assessor.get(api(org_a, f"{pack.pk}/")).json()["download_url"] is None
    response = assessor.get(api(org_a, f"{pack.pk}/download/"))
    assert response.status_code == 403
    assert "personal data" in response.json()["detail"]
    assert downloads_of(pack) == []

    editor = member(org_a, Role.EDITOR)
    response = api_client_for(editor).get(api(org_a, f"{pack.pk}/download/"))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert [(d.user, d.role) for d in downloads_of(pack)] == [(editor, Role.EDITOR)]


def test_anonymous_callers_are_refused(org_a, client):
    pack = make_pack(org_a)
    for url in (api(org_a), api(org_a, f"{pack.pk}/"), api(org_a, f"{pack.pk}/download/")):
        assert client.get(url).status_code in {401, 403}
