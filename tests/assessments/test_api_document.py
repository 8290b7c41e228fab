"""The whole cycle as one document: its shape and values against a hand-built cycle, criteria
placed directly under a module, frozen scores, no personal data, and a fixed number of
queries whatever the number of evidence links, comments and reviews."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from assessments import scoring, selectors
from seam_scm.tenancy.roles import Role

from ..complaints.factories import make_case
from ..factories import OrgUnitFactory
from . import factories

pytestmark = pytest.mark.django_db


def url(cycle) -> str:
    return f"/api/v1/orgs/{cycle.organization.slug}/assessment-cycles/{cycle.pk}/document/"


def english_member(organization, role):
    user = factories.member(organization, role)
    user.language = "en"
    user.save()
    return user


def number(value):
    return None if value is None else float(scoring.rounded(value))


def find(document: dict, code: str) -> dict:
    for module in document["modules"]:
        nodes = [module, *module["criteria"]]
        for topic in module["topics"]:
            nodes += [topic, *topic["criteria"]]
        for node in nodes:
            if node["code"] == code:
                return node
    raise AssertionError(f"{code} is not in the document")


@pytest.fixture
def built(org_a):
    """A cycle under review with one criterion (CM 5.3) fully worked: claim, narrative, owner,
    unit, evidence, a review and a thread with a reply; and the previous year's final cycle."""
    factories.final_cycle(org_a, level=2, fiscal_year=2569)
    cycle = factories.make_cycle(org_a, title="รอบประเมิน 2570", target_level=4)
    factories.claim_all(cycle)
    owner = factories.member(org_a, Role.EDITOR)
    unit = OrgUnitFactory(organization=org_a, name_th="ฝ่ายลูกค้าสัมพันธ์", name_en="Customer Relations")
    factories.claim(
        cycle, "CM 5.3", 3, approach="นโยบายการจัดการข้อร้องเรียน", deployment="ทุกช่องทาง",
        learning="ทบทวนทุกไตรมาส", integration="เชื่อมกับแผนลูกค้า", owner=owner,
        responsible_unit=unit, due_date=dt.date(2027, 3, 31),
    )  # fmt: skip
    assessment = factories.criterion(cycle, "CM 5.3")
    snapshot = factories.make_snapshot(org_a)
    kpis = factories.link(assessment, "complaint_kpis", snapshot, artefact="complaint_kpis")
    board = factories.link_file(
        assessment, label="มติคณะกรรมการ", effective_date=dt.date(2026, 11, 20),
        artefact="board_resolution",
    )  # fmt: skip
    factories.move(cycle, "self_assessed", Role.EDITOR)
    factories.move(cycle, "under_review")
    assessor = factories.member(org_a, Role.ASSESSOR)
    thread = factories.comment(assessment, "โปรดแนบมติคณะกรรมการ", by=assessor, evidence=board)
    reply = factories.comment(assessment, "แนบแล้ว", by=owner, role=Role.EDITOR, parent=thread)
    factories.review(
        assessment, 2, by=assessor, reviewed=False, strengths="มีนโยบาย", opportunities="วัดผล"
    )
    return {
        "cycle": cycle, "assessment": assessment, "owner": owner, "unit": unit,
        "assessor": assessor, "snapshot": snapshot, "kpis": kpis, "board": board,
        "thread": thread, "reply": reply,
    }  # fmt: skip


def test_the_document_of_a_hand_built_cycle(org_a, built, api_client_for):
    cycle, assessment = built["cycle"], built["assessment"]
    response = api_client_for(english_member(org_a, Role.ASSESSOR)).get(url(cycle))
    assert response.status_code == 200
    doc = response.json()

    assert (doc["id"], doc["title"], doc["fiscal_year"], doc["target_level"]) == (
        cycle.pk, "รอบประเมิน 2570", 2570, 4,
    )  # fmt: skip
    assert (doc["state"], doc["state_label"]) == ("under_review", "Under review")
    assert doc["framework"]["code"] == factories.SEAM
    assert doc["framework"]["title"] == "SE-AM Stakeholder and Customer Management (SCM)"
    assert doc["version"]["label"] == "FAQ 2563"
    assert (doc["previous_cycle"]["fiscal_year"], doc["previous_cycle"]["state"]) == (
        2569,
        "final",
    )
    assert {row["status"]: row["count"] for row in doc["status_counts"]} == {
        "not_started": 0,
        "in_progress": 0,
        "ready_for_review": 9,
        "reviewed": 0,
    }

    # The tree: modules > topics > criteria.
    assert [m["code"] for m in doc["modules"]] == ["SM", "CM"]
    sm, cm = doc["modules"]
    assert [t["code"] for t in sm["topics"]] == ["SM 1", "SM 2", "SM 3"]
    assert [t["code"] for t in cm["topics"]] == ["CM 1", "CM 2", "CM 3", "CM 4", "CM 5"]
    assert sm["criteria"] == [] and cm["criteria"] == []
    assert [c["code"] for c in cm["topics"][4]["criteria"]] == ["CM 5.1", "CM 5.2", "CM 5.3"]
    assert cm["topics"][2]["criteria"] == []
    assert cm["topics"][4]["weight"] == 15.0 and sm["weight"] is None

    # Scores of every node and of the framework, as the selectors compute them.
    with scope(organization=org_a):
        scores = selectors.cycle_scores(selectors.cycle(cycle.pk))
    assert doc["scores"]["claimed"] == number(scores.claimed.of(scoring.ROOT))
    assert doc["scores"]["assessed"] == number(scores.assessed.of(scoring.ROOT))
    assert doc["scores"]["target"] == number(scores.target.of(scoring.ROOT))
    assert doc["scores"]["previous"] == 2.0
    for code in ("CM", "CM 5", "SM 1", "CM 1.1"):
        node = find(doc, code)
        assert node["scores"]["claimed"] == number(scores.claimed.of(node["id"])), code
        assert node["scores"]["assessed"] == number(scores.assessed.of(node["id"])), code
    assert find(doc, "CM 3")["scores"]["claimed"] is None  # a topic without criteria
    assert find(doc, "CM 3")["scores"]["counted"] is False

    criterion = find(doc, "CM 5.3")
    assert criterion["assessment"] == assessment.pk
    assert criterion["scores"] == {
        "claimed": 3.0, "assessed": 2.0, "target": 4.0, "gap": 1.0, "previous": 2.0,
        "counted": True,
    }  # fmt: skip
    assert criterion["weight"] == 5.0

    # Levels with their expected artefacts and their live state.
    levels = criterion["levels"]
    assert [level["level"] for level in levels] == [1, 2, 3, 4, 5]
    assert [[a["key"] for a in level["artefacts"]] for level in levels] == [
        ["complaint_policy"],
        ["complaint_register"],
        ["complaint_kpis"],
        [],
        [],
    ]
    kpi_state = levels[2]["artefacts"][0]
    assert (kpi_state["state"], kpi_state["state_label"], kpi_state["label"]) == (
        "present", "Present", "Complaint KPI snapshot",
    )  # fmt: skip
    assert kpi_state["detail"] == "Snapshot of fiscal year 2570 kept."
    assert kpi_state["url"] == f"/o/{org_a.slug}/complaints/kpis/"
    assert levels[0]["artefacts"][0]["state"] == "missing"
    assert [level["met"] for level in levels] == [False, False, True, True, True]

    # The self-assessment and the readiness of its claimed level.
    owner, unit = built["owner"], built["unit"]
    assert criterion["self_assessment"] == {
        "claimed_level": 3, "target_level": None, "effective_target_level": 4,
        "approach": "นโยบายการจัดการข้อร้องเรียน", "deployment": "ทุกช่องทาง",
        "learning": "ทบทวนทุกไตรมาส", "integration": "เชื่อมกับแผนลูกค้า",
        "owner": owner.pk, "owner_name": owner.get_full_name(),
        "responsible_unit": unit.pk, "responsible_unit_name": "Customer Relations",
        "due_date": "2027-03-31", "status": "ready_for_review",
        "status_label": "Ready for review",
    }  # fmt: skip
    readiness = criterion["readiness"]
    assert (readiness["claimed_level"], readiness["is_backed"]) == (3, False)
    assert [a["key"] for a in readiness["unbacked"]] == ["complaint_policy", "complaint_register"]
    assert readiness["highest_backed_level"] == 0

    # Evidence, latest first, with where to open it.
    board, kpis, snapshot = built["board"], built["kpis"], built["snapshot"]
    evidence = {row["id"]: row for row in criterion["evidence"]}
    assert list(evidence) == sorted(
        evidence, key=lambda pk: {board.pk: board, kpis.pk: kpis}[pk].effective_date, reverse=True
    )
    assert evidence[board.pk] | {"created_at": None} == {
        "id": board.pk, "kind": "file", "kind_label": "Evidence file", "label": "มติคณะกรรมการ",
        "effective_date": "2026-11-20", "artefact": "board_resolution",
        "artefact_label": "Board resolution or minutes", "record_id": board.record_id,
        "record_url": f"/o/{org_a.slug}/files/{board.record_id}/", "record_available": True,
        "added_by_name": board.added_by.get_full_name(), "created_at": None,
    }  # fmt: skip
    assert evidence[kpis.pk]["record_url"] == (
        f"/o/{org_a.slug}/assessments/kpi-snapshots/{snapshot.pk}/"
    )

    # The review and the comment threads.
    assessor = built["assessor"]
    review = criterion["review"]
    assert (review["assessor_level"], review["strengths"], review["opportunities"]) == (
        2, "มีนโยบาย", "วัดผล",
    )  # fmt: skip
    assert (review["reviewed_by"], review["reviewed_by_name"]) == (
        assessor.pk,
        assessor.get_full_name(),
    )
    assert review["reviewed_at"]
    thread, reply = built["thread"], built["reply"]
    assert len(criterion["threads"]) == 1
    first = criterion["threads"][0]
    assert (first["id"], first["body"], first["evidence"], first["author_name"]) == (
        thread.pk, "โปรดแนบมติคณะกรรมการ", board.pk, assessor.get_full_name(),
    )  # fmt: skip
    assert [(r["id"], r["body"], r["author_name"]) for r in first["replies"]] == [
        (reply.pk, "แนบแล้ว", owner.get_full_name())
    ]

    # A criterion nobody worked on.
    untouched = find(doc, "SM 1.1")
    assert untouched["evidence"] == [] and untouched["threads"] == []
    assert untouched["review"]["assessor_level"] is None
    assert untouched["review"]["reviewed_by_name"] == ""
    assert untouched["self_assessment"]["owner_name"] == ""


def test_every_member_reads_the_document(org_a, api_client_for):
    cycle = factories.make_cycle(org_a)
    for role in Role:
        response = api_client_for(factories.member(org_a, role)).get(url(cycle))
        assert response.status_code == 200, role


def test_criteria_placed_directly_under_a_module(org_a, api_client_for):
    cycle = factories.make_cycle(org_a, code=factories.BOT)
    doc = api_client_for(factories.member(org_a, Role.ASSESSOR)).get(url(cycle)).json()
    assert [m["code"] for m in doc["modules"]] == ["MC"]
    module = doc["modules"][0]
    assert module["topics"] == []
    assert [c["code"] for c in module["criteria"]] == [f"MC {n}" for n in range(1, 10)]
    assert doc["previous_cycle"] is None
    assert doc["scores"]["previous"] is None


def test_a_final_cycle_shows_the_scores_kept_when_it_became_final(org_a, api_client_for):
    cycle = factories.final_cycle(org_a, level=4)
    doc = api_client_for(factories.member(org_a, Role.VIEWER)).get(url(cycle)).json()
    assert doc["state"] == "final" and doc["finalized_at"]
    kept = cycle.final_scores
    assert doc["scores"]["assessed"] == float(kept[""]["assessed"]) == 4.0
    assert find(doc, "CM 5.3")["scores"]["claimed"] == float(kept["CM 5.3"]["claimed"])
    assert doc["finalized_by_name"] == cycle.finalized_by.get_full_name()


def test_no_personal_data_of_complainants(org_a, api_client_for):
    make_case(
        org_a, complainant_name="นายมานะ ขยันยิ่ง", complainant_phone="0823456789",
        complainant_email="mana.khayan@example.com", lawful_basis="public_task",
    )  # fmt: skip
    cycle = factories.make_cycle(org_a)
    factories.claim(cycle, "CM 5.3", 2)
    response = api_client_for(factories.member(org_a, Role.ASSESSOR)).get(url(cycle))
    body = response.content.decode()
    assert find(response.json(), "CM 5.3")["levels"][1]["artefacts"][0]["state"] == "present"
    for value in ("มานะ", "0823456789", "mana.khayan"):
        assert value not in body


def test_the_document_costs_the_same_for_few_and_many_links_and_comments(org_a, api_client_for):
    cycle = factories.review_cycle(org_a)
    client = api_client_for(factories.member(org_a, Role.ASSESSOR))
    first = factories.criterion(cycle, "CM 5.3")
    link = factories.link_file(first)
    factories.comment(first, evidence=link)
    factories.review(first, 3)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url(cycle)).status_code == 200
        return len(context)

    queries()  # the first request also fills caches (content types, the last organization)
    few = queries()
    for code in ("CM 1.1", "CM 2.1", "CM 5.1", "SM 1.1", "SM 3.2.2"):
        assessment = factories.criterion(cycle, code)
        for _ in range(2):
            link = factories.link_file(assessment)
            thread = factories.comment(assessment, evidence=link)
            factories.comment(assessment, "แนบแล้ว", parent=thread, role=Role.EDITOR)
        factories.review(assessment, 2)
    assert queries() == few
