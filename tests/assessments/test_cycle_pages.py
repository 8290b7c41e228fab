"""The cycle pages: the list, a new cycle and its settings, the criteria page, the state moves
through the page for each role, and the scores page."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from assessments import scoring, selectors
from assessments.library import export_version, load_version
from assessments.models import AssessmentCycle, CycleState, FrameworkVersion
from seam_scm.tenancy.roles import Role

from ..customers.factories import make_channel, make_segment
from . import factories

pytestmark = pytest.mark.django_db


def _user(organization, role):
    user = factories.member(organization, role)
    user.language = "en"
    user.save()
    return user


def _url(name, organization, **kwargs):
    return reverse(f"assessments:{name}", kwargs={"org_slug": organization.slug, **kwargs})


def _text(response) -> str:
    return response.content.decode()


def _row(html: str, code: str) -> str:
    """The <tr> of a criterion (or group) row of the criteria page."""
    match = re.search(rf'<tr[^>]*data-code="{re.escape(code)}"[^>]*>(.*?)</tr>', html, re.S)
    assert match, f"no row {code}"
    return match.group(0)


def _cell(row: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</td>', row, re.S)
    assert match, f"no cell {testid}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


# --- the list -----------------------------------------------------------------------------------


def test_the_list_shows_each_cycle_with_its_state_progress_and_scores(org_a, client_for):
    final = factories.final_cycle(org_a, level=4, fiscal_year=2569)
    preparing = factories.make_cycle(org_a, fiscal_year=2570)
    factories.claim(preparing, "CM 5.3", 2)
    response = client_for(_user(org_a, Role.VIEWER)).get(_url("cycle_list", org_a))
    html = _text(response)
    assert response.status_code == 200
    rows = dict(re.findall(r'data-testid="cycle-row" data-cycle="(\d+)">(.*?)</tr>', html, re.S))
    assert set(rows) == {str(final.pk), str(preparing.pk)}
    assert 'data-state="final"' in rows[str(final.pk)]
    assert 'data-testid="status-reviewed" data-count="9"' in rows[str(final.pk)]
    assert _cell(rows[str(final.pk)], "assessed-score") == "4.00"
    assert 'data-state="preparing"' in rows[str(preparing.pk)]
    assert 'data-testid="status-ready_for_review" data-count="1"' in rows[str(preparing.pk)]
    assert 'data-testid="status-not_started" data-count="8"' in rows[str(preparing.pk)]
    with scope(organization=org_a):
        claimed = selectors.cycle_scores(selectors.cycle(preparing.pk)).claimed.of(scoring.ROOT)
    assert _cell(rows[str(preparing.pk)], "claimed-score") == str(scoring.rounded(claimed))
    assert _cell(rows[str(preparing.pk)], "assessed-score") == "—"  # not under review yet
    assert 'data-testid="create-cycle"' not in html


def test_only_the_coordinator_sees_the_new_cycle_button(org_a, client_for):
    url = _url("cycle_list", org_a)
    assert 'data-testid="create-cycle"' in _text(
        client_for(_user(org_a, Role.COORDINATOR)).get(url)
    )
    for role in (Role.EDITOR, Role.ASSESSOR, Role.SECRETARY):
        assert 'data-testid="create-cycle"' not in _text(client_for(_user(org_a, role)).get(url))


def test_the_list_says_when_there_is_no_cycle(org_a, client_for):
    response = client_for(_user(org_a, Role.COORDINATOR)).get(_url("cycle_list", org_a))
    assert "No assessment cycle yet." in _text(response)


# --- a new cycle --------------------------------------------------------------------------------


def _version(code=factories.SEAM) -> FrameworkVersion:
    return factories.framework_version(code)


def test_the_coordinator_creates_a_cycle(org_a, client_for):
    version = _version()
    client = client_for(_user(org_a, Role.COORDINATOR))
    form = client.get(_url("cycle_create", org_a))
    assert form.status_code == 200
    assert 'name="fiscal_year"' in _text(form)
    response = client.post(
        _url("cycle_create", org_a),
        {"framework_version": version.pk, "fiscal_year": 2571, "title": "รอบ 2571",
         "target_level": 4},
    )  # fmt: skip
    with scopes_disabled():
        cycle = AssessmentCycle.objects.get(organization=org_a)
        assert cycle.criteria.count() == 9
    assert (cycle.fiscal_year, cycle.title, cycle.target_level) == (2571, "รอบ 2571", 4)
    assert response.status_code == 302
    assert response["Location"] == _url("cycle_detail", org_a, cycle_pk=cycle.pk)


def test_the_fiscal_year_defaults_to_the_current_one(org_a, client_for):
    from seam_scm.thai.dates import current_fiscal_year

    year = current_fiscal_year(org_a.fiscal_year_start_month).year
    html = _text(client_for(_user(org_a, Role.COORDINATOR)).get(_url("cycle_create", org_a)))
    assert re.search(rf'name="fiscal_year"[^>]*value="{year}"', html)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ASSESSOR, Role.VIEWER, Role.SECRETARY])
def test_other_roles_cannot_create_a_cycle(role, org_a, client_for):
    client = client_for(_user(org_a, role))
    assert client.get(_url("cycle_create", org_a)).status_code == 403
    data = {"framework_version": _version().pk, "fiscal_year": 2571, "target_level": 3}
    assert client.post(_url("cycle_create", org_a), data).status_code == 403
    with scopes_disabled():
        assert not AssessmentCycle.objects.exists()


def test_a_draft_version_cannot_be_chosen(org_a, client_for):
    with scopes_disabled():
        data = export_version(_version())
        data["version"]["label"] = "ร่าง 2570"
        draft = load_version(data)
    assert not draft.is_published
    client = client_for(_user(org_a, Role.COORDINATOR))
    html = _text(client.get(_url("cycle_create", org_a)))
    versions = re.search(r'name="framework_version".*?</select>', html, re.S).group(0)
    assert f'value="{draft.pk}"' not in versions
    assert f'value="{_version().pk}"' in versions
    response = client.post(
        _url("cycle_create", org_a),
        {"framework_version": draft.pk, "fiscal_year": 2571, "target_level": 3},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in _text(response)
    with scopes_disabled():
        assert not AssessmentCycle.objects.exists()


def test_a_second_cycle_of_the_framework_for_the_year_is_refused(org_a, client_for):
    factories.make_cycle(org_a, fiscal_year=2570)
    response = client_for(_user(org_a, Role.COORDINATOR)).post(
        _url("cycle_create", org_a),
        {"framework_version": _version().pk, "fiscal_year": 2570, "target_level": 3},
    )
    assert response.status_code == 200
    assert "This organization already has a cycle of this framework for this fiscal year." in _text(
        response
    )
    with scopes_disabled():
        assert AssessmentCycle.objects.count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"fiscal_year": 2499, "target_level": 3}, "greater than or equal to 2500"),
        ({"fiscal_year": "", "target_level": 3}, "This field is required."),
        ({"fiscal_year": 2571, "target_level": 7}, "Select a valid choice"),
    ],
)
def test_the_form_refuses_bad_input(data, message, org_a, client_for):
    response = client_for(_user(org_a, Role.COORDINATOR)).post(
        _url("cycle_create", org_a), {"framework_version": _version().pk, **data}
    )
    assert response.status_code == 200
    assert message in _text(response)
    with scopes_disabled():
        assert not AssessmentCycle.objects.exists()


# --- its settings -------------------------------------------------------------------------------


def test_the_coordinator_changes_the_settings_while_preparing(org_a, client_for):
    cycle = factories.make_cycle(org_a)
    client = client_for(_user(org_a, Role.COORDINATOR))
    assert client.get(_url("cycle_edit", org_a, cycle_pk=cycle.pk)).status_code == 200
    response = client.post(
        _url("cycle_edit", org_a, cycle_pk=cycle.pk), {"title": "ปีแรก", "target_level": 4}
    )
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert (cycle.title, cycle.target_level) == ("ปีแรก", 4)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ASSESSOR, Role.VIEWER])
def test_other_roles_cannot_change_the_settings(role, org_a, client_for):
    cycle = factories.make_cycle(org_a)
    client = client_for(_user(org_a, role))
    assert client.get(_url("cycle_edit", org_a, cycle_pk=cycle.pk)).status_code == 403
    response = client.post(
        _url("cycle_edit", org_a, cycle_pk=cycle.pk), {"title": "x", "target_level": 5}
    )
    assert response.status_code == 403
    cycle.refresh_from_db()
    assert cycle.target_level == 3


def test_the_settings_are_refused_once_submitted(org_a, client_for):
    cycle = factories.submitted_cycle(org_a)
    response = client_for(_user(org_a, Role.COORDINATOR)).post(
        _url("cycle_edit", org_a, cycle_pk=cycle.pk), {"title": "ใหม่", "target_level": 5}
    )
    assert response.status_code == 200
    assert "The cycle&#x27;s settings change only while it is being prepared." in _text(response)
    cycle.refresh_from_db()
    assert (cycle.title, cycle.target_level) == ("", 3)


# --- the criteria page --------------------------------------------------------------------------


def test_the_criteria_page_shows_the_tree_and_each_criterion(org_a, client_for):
    cycle = factories.make_cycle(org_a)
    owner = _user(org_a, Role.EDITOR)
    overdue = dt.date(2020, 1, 31)
    factories.claim(cycle, "CM 5.3", 1, ready=False, owner=owner, due_date=overdue)
    factories.claim(cycle, "CM 5.1", 2, due_date=overdue)  # ready for review: not overdue
    assessment = factories.criterion(cycle, "CM 5.3")
    factories.link_file(assessment)
    factories.link_file(assessment)
    factories.comment(assessment)
    answered = factories.comment(assessment)
    factories.comment(assessment, "ได้แนบแล้ว", role=Role.EDITOR, parent=answered)
    response = client_for(_user(org_a, Role.VIEWER)).get(
        _url("cycle_detail", org_a, cycle_pk=cycle.pk)
    )
    assert response.status_code == 200
    html = _text(response)
    codes = re.findall(r'data-testid="(?:criterion|group)-row" data-code="([^"]+)"', html)
    assert codes[:3] == ["SM", "SM 1", "SM 1.1"]
    assert len(codes) == len(selectors.version_tree(cycle.framework_version))
    row = _row(html, "CM 5.3")
    assert _cell(row, "claimed") == "1"
    assert _cell(row, "evidence-count") == "2"
    assert _cell(row, "open-comments") == "1"  # the answered thread is not open
    assert _cell(row, "target") == "3"
    assert owner.get_full_name() in row
    assert 'data-overdue="1"' in row
    assert "data-overdue" not in _row(html, "CM 5.1")
    assert "weight-missing" in _row(html, "SM 1.1")  # weight not yet provided
    assert "Title not yet provided" in _row(html, "SM 2")
    assert "5%" in _row(html, "CM 5.1")
    criterion_url = _url("criterion", org_a, criterion_assessment_pk=assessment.pk)
    assert f'href="{criterion_url}"' in row


def test_a_claim_the_data_does_not_back_is_warned_about(org_a, client_for):
    cycle = factories.make_cycle(org_a)
    factories.claim(cycle, "CM 4.x", 1)  # expects an external survey: none
    factories.claim(cycle, "CM 2.1", 1)  # expects segments and listening channels: present
    make_segment(org_a)
    make_channel(org_a)
    html = _text(
        client_for(_user(org_a, Role.VIEWER)).get(_url("cycle_detail", org_a, cycle_pk=cycle.pk))
    )
    warning = re.search(r'data-testid="unbacked-warning">(.*?)</div>', html, re.S).group(1)
    assert "1 claimed level is not backed by the data" in warning
    assert "CM 4.x" in warning and "CM 2.1" not in warning
    unbacked = _row(html, "CM 4.x")
    assert 'data-backed="no"' in unbacked
    assert "Annual survey by an external consultant" in unbacked
    backed = _row(html, "CM 2.1")
    assert 'data-backed="yes"' in backed
    assert "Not backed" not in backed


def test_no_warning_when_every_claim_is_backed(org_a, client_for):
    cycle = factories.make_cycle(org_a)
    factories.claim(cycle, "CM 2.1", 1)
    make_segment(org_a)
    make_channel(org_a)
    html = _text(
        client_for(_user(org_a, Role.VIEWER)).get(_url("cycle_detail", org_a, cycle_pk=cycle.pk))
    )
    assert "unbacked-warning" not in html
    assert 'data-backed="yes"' in _row(html, "CM 2.1")


def test_the_assessors_level_shows_to_others_once_reviewed(org_a, client_for):
    cycle = factories.review_cycle(org_a)
    factories.review(factories.criterion(cycle, "CM 5.3"), 4)
    factories.review(factories.criterion(cycle, "CM 5.1"), 2, reviewed=False)
    url = _url("cycle_detail", org_a, cycle_pk=cycle.pk)
    viewer = _text(client_for(_user(org_a, Role.VIEWER)).get(url))
    assert _cell(_row(viewer, "CM 5.3"), "assessor-level") == "4"
    assert _cell(_row(viewer, "CM 5.1"), "assessor-level") == "·"
    assessor = _text(client_for(_user(org_a, Role.ASSESSOR)).get(url))
    assert _cell(_row(assessor, "CM 5.1"), "assessor-level") == "2"


def test_the_summary_shows_the_framework_score_and_the_previous_cycle(org_a, client_for):
    factories.final_cycle(org_a, level=2, fiscal_year=2569)
    cycle = factories.make_cycle(org_a, fiscal_year=2570)
    factories.claim_all(cycle, 4)
    html = _text(
        client_for(_user(org_a, Role.VIEWER)).get(_url("cycle_detail", org_a, cycle_pk=cycle.pk))
    )
    summary = re.search(r'data-testid="framework-score"(.*?)</section>', html, re.S).group(1)
    assert re.search(r'data-testid="score-claimed">4.00<', summary)
    assert re.search(r'data-testid="score-target">3.00<', summary)
    assert re.search(r'data-testid="score-previous"><a [^>]*>2.00</a>', summary)
    assert 'data-testid="status-ready_for_review" data-count="9"' in html


def test_the_cycle_of_another_organization_is_not_found(org_a, org_b, client_for):
    cycle = factories.make_cycle(org_b)
    client = client_for(_user(org_a, Role.COORDINATOR))
    for name in ("cycle_detail", "cycle_scores", "cycle_edit"):
        assert client.get(_url(name, org_a, cycle_pk=cycle.pk)).status_code == 404
    response = client.post(_url("cycle_move", org_a, cycle_pk=cycle.pk), {"to": "self_assessed"})
    assert response.status_code == 404


# --- moves through the page ---------------------------------------------------------------------


def _moves_shown(client, organization, cycle) -> list[str]:
    html = _text(client.get(_url("cycle_detail", organization, cycle_pk=cycle.pk)))
    return re.findall(r'data-testid="move-([a-z_]+)"', html)


def _move(client, organization, cycle, to, **extra):
    return client.post(_url("cycle_move", organization, cycle_pk=cycle.pk), {"to": to, **extra})


def _state(cycle) -> str:
    cycle.refresh_from_db()
    return cycle.state


def test_an_editor_submits_the_self_assessment(org_a, client_for):
    cycle = factories.make_cycle(org_a)
    factories.claim_all(cycle)
    client = client_for(_user(org_a, Role.EDITOR))
    assert _moves_shown(client, org_a, cycle) == ["self_assessed"]
    response = _move(client, org_a, cycle, "self_assessed")
    assert response.status_code == 302
    assert response["Location"] == _url("cycle_detail", org_a, cycle_pk=cycle.pk)
    assert _state(cycle) == CycleState.SELF_ASSESSED
    assert "The cycle is now “Self-assessed”." in _text(client.get(response["Location"]))
    assert _moves_shown(client, org_a, cycle) == ["preparing"]  # reopen


def test_an_incomplete_self_assessment_is_refused_with_a_message(org_a, client_for):
    cycle = factories.make_cycle(org_a)
    factories.claim(cycle, "CM 5.3", 2)
    client = client_for(_user(org_a, Role.EDITOR))
    response = _move(client, org_a, cycle, "self_assessed")
    assert response.status_code == 302
    assert _state(cycle) == CycleState.PREPARING
    html = _text(client.get(response["Location"]))
    assert "Claim a level and mark ready for review first:" in html
    assert "SM 1.1" in html


def test_a_viewer_cannot_move_a_cycle(org_a, client_for):
    cycle = factories.make_cycle(org_a)
    factories.claim_all(cycle)
    client = client_for(_user(org_a, Role.VIEWER))
    assert _moves_shown(client, org_a, cycle) == []
    assert _move(client, org_a, cycle, "self_assessed").status_code == 403
    assert _state(cycle) == CycleState.PREPARING


def test_an_assessor_cannot_submit_nor_an_editor_start_the_review(org_a, client_for):
    cycle = factories.make_cycle(org_a)
    factories.claim_all(cycle)
    assessor = client_for(_user(org_a, Role.ASSESSOR))
    assert _moves_shown(assessor, org_a, cycle) == []
    assert _move(assessor, org_a, cycle, "self_assessed").status_code == 403
    factories.move(cycle, "self_assessed", Role.EDITOR)
    editor = client_for(_user(org_a, Role.EDITOR))
    assert _move(editor, org_a, cycle, "under_review").status_code == 403
    assert _state(cycle) == CycleState.SELF_ASSESSED


def test_an_assessor_starts_the_review_and_finalizes_after_confirming(org_a, client_for):
    cycle = factories.submitted_cycle(org_a)
    client = client_for(_user(org_a, Role.ASSESSOR))
    assert _moves_shown(client, org_a, cycle) == ["under_review"]
    assert _move(client, org_a, cycle, "under_review").status_code == 302
    assert _state(cycle) == CycleState.UNDER_REVIEW
    with scopes_disabled():
        assessments = list(cycle.criteria.all())
    for assessment in assessments:
        factories.review(assessment, 4)
    assert _moves_shown(client, org_a, cycle) == ["final"]

    confirm = _move(client, org_a, cycle, "final")
    assert confirm.status_code == 200
    html = _text(confirm)
    assert "A final cycle is frozen." in html
    assert "9 of 9 criteria reviewed." in html
    assert 'name="confirmed"' in html
    assert _state(cycle) == CycleState.UNDER_REVIEW  # nothing happens before confirming

    response = _move(client, org_a, cycle, "final", confirmed="on")
    assert response.status_code == 302
    assert _state(cycle) == CycleState.FINAL
    page = _text(client.get(response["Location"]))
    assert 'data-testid="final-notice"' in page
    assert "cycle-moves" not in page  # nothing left to move


def test_finalizing_with_unreviewed_criteria_is_refused_with_a_message(org_a, client_for):
    cycle = factories.review_cycle(org_a)
    factories.review(factories.criterion(cycle, "CM 5.3"), 3)
    client = client_for(_user(org_a, Role.ASSESSOR))
    confirm = _text(_move(client, org_a, cycle, "final"))
    assert "1 of 9 criteria reviewed." in confirm
    response = _move(client, org_a, cycle, "final", confirmed="on")
    assert response.status_code == 302
    assert _state(cycle) == CycleState.UNDER_REVIEW
    assert "Review these criteria first:" in _text(client.get(response["Location"]))


def test_an_editor_cannot_finalize_even_with_the_confirmation(org_a, client_for):
    cycle = factories.review_cycle(org_a)
    client = client_for(_user(org_a, Role.EDITOR))
    assert _move(client, org_a, cycle, "final").status_code == 403
    assert _move(client, org_a, cycle, "final", confirmed="on").status_code == 403
    assert _state(cycle) == CycleState.UNDER_REVIEW


def test_an_impossible_move_is_explained(org_a, client_for):
    cycle = factories.make_cycle(org_a)
    client = client_for(_user(org_a, Role.ASSESSOR))
    response = _move(client, org_a, cycle, "final")
    assert response.status_code == 302
    assert "A cycle cannot move from Preparing to Final." in _text(client.get(response["Location"]))
    assert _move(client, org_a, cycle, "").status_code == 302
    assert _state(cycle) == CycleState.PREPARING


def test_the_move_page_answers_only_post(org_a, client_for):
    cycle = factories.make_cycle(org_a)
    client = client_for(_user(org_a, Role.COORDINATOR))
    assert client.get(_url("cycle_move", org_a, cycle_pk=cycle.pk)).status_code == 405


# --- the scores page ----------------------------------------------------------------------------


def _score_rows(html: str) -> dict[str, dict[str, str]]:
    rows = {}
    for code, body in re.findall(
        r'data-testid="score-row" data-code="([^"]*)">(.*?)</tr>', html, re.S
    ):
        cells = re.findall(r'<td[^>]*data-testid="([a-z]+)"[^>]*>(.*?)</td>', body, re.S)
        rows[code] = {name: re.sub(r"<[^>]+>", "", value).strip() for name, value in cells}
    return rows


def _shown(value) -> str:
    return "—" if value is None else f"{scoring.rounded(value):.2f}"


def _expected_rows(cycle, final: bool) -> dict[str, dict[str, str]]:
    with scope(organization=cycle.organization):
        cycle = selectors.cycle(cycle.pk)
        scores = selectors.cycle_scores(cycle)
        tree = list(cycle.framework_version.criteria.all())
    expected = {}
    for node_id, code in [(scoring.ROOT, ""), *((c.pk, c.code) for c in tree)]:
        claimed, assessed = scores.claimed.of(node_id), scores.assessed.of(node_id)
        previous = scores.previous.of(node_id) if scores.previous else None
        current = assessed if final else claimed
        change = None if current is None or previous is None else current - previous
        expected[code] = {
            "claimed": _shown(claimed),
            "assessed": _shown(assessed),
            "target": _shown(scores.target.of(node_id)),
            "gap": _shown(scores.gap(node_id)),
            "previous": _shown(previous),
            "change": "—" if change is None else ("+" if change > 0 else "") + _shown(change),
        }
    return expected


def test_the_scores_page_shows_the_scores_the_selector_computes(org_a, client_for):
    factories.final_cycle(org_a, level=2, fiscal_year=2569)
    cycle = factories.review_cycle(org_a, fiscal_year=2570)
    for code, level in [("CM 5.3", 4), ("CM 5.1", 5), ("CM 1.1", 1), ("SM 1.1", 3)]:
        factories.review(factories.criterion(cycle, code), level)
    client = client_for(_user(org_a, Role.VIEWER))
    response = client.get(_url("cycle_scores", org_a, cycle_pk=cycle.pk))
    assert response.status_code == 200
    html = _text(response)
    assert _score_rows(html) == _expected_rows(cycle, final=False)
    assert "Σ(weight × score) ÷ Σ weight" in html
    assert html.count('data-testid="bar-chart"') == 2  # one per module: SM and CM


def test_a_final_cycle_shows_its_frozen_scores(org_a, client_for):
    cycle = factories.review_cycle(org_a)
    with scopes_disabled():
        assessments = list(cycle.criteria.all())
    for number, assessment in enumerate(assessments):
        factories.review(assessment, 1 + number % 5)
    cycle = factories.move(cycle, "final")
    html = _text(
        client_for(_user(org_a, Role.VIEWER)).get(_url("cycle_scores", org_a, cycle_pk=cycle.pk))
    )
    rows = _score_rows(html)
    assert rows == _expected_rows(cycle, final=True)
    assert rows[""]["assessed"] == cycle.final_scores[""]["assessed"]
    assert 'data-testid="frozen-scores"' in html


def test_the_scores_page_names_what_is_left_out_and_why(org_a, client_for):
    cycle = factories.make_cycle(org_a)
    html = _text(
        client_for(_user(org_a, Role.VIEWER)).get(_url("cycle_scores", org_a, cycle_pk=cycle.pk))
    )
    left_out = re.search(r'data-testid="left-out-list">(.*?)</section>', html, re.S).group(1)
    items = dict(re.findall(r'<li data-code="([^"]+)">(.*?)</li>', left_out, re.S))
    assert "No criteria under it to score." in items["CM 3"]  # a topic without criteria
    assert "Weight not yet provided" in items["CM 2"]  # siblings CM 1 and CM 5 have weights
    assert "SM 1" not in items  # no SM topic has a weight: they count equally
    assert 'data-testid="not-assessed-yet"' in html


def test_the_module_charts_compare_claimed_assessed_and_target(org_a, client_for):
    cycle = factories.review_cycle(org_a)
    factories.review(factories.criterion(cycle, "CM 5.3"), 4)
    html = _text(
        client_for(_user(org_a, Role.VIEWER)).get(_url("cycle_scores", org_a, cycle_pk=cycle.pk))
    )
    assert "Claimed, CM 5.3: 3" in html
    assert "Assessed, CM 5.3: 4" in html
    assert "Target, CM 5.3: 3" in html


# --- navigation ---------------------------------------------------------------------------------


def test_the_navigation_and_home_lead_to_the_cycles(org_a, client_for):
    cycle = factories.submitted_cycle(org_a, fiscal_year=2570)
    html = _text(client_for(_user(org_a, Role.VIEWER)).get(f"/o/{org_a.slug}/"))
    list_url = _url("cycle_list", org_a)
    assert f'class="nav-link" href="{list_url}"' in html
    card = re.search(r'id="module-assessments"(.*?)</section>', html, re.S).group(1)
    assert f'href="{list_url}"' in card
    assert _url("cycle_detail", org_a, cycle_pk=cycle.pk) in card
    assert 'data-state="self_assessed"' in card


def test_the_home_card_without_a_cycle(org_a, client_for):
    html = _text(client_for(_user(org_a, Role.VIEWER)).get(f"/o/{org_a.slug}/"))
    card = re.search(r'id="module-assessments"(.*?)</section>', html, re.S).group(1)
    assert "No assessment cycle yet." in card
