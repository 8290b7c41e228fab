"""The criteria library API: /api/v1/frameworks/ and /api/v1/frameworks/<id>/, read-only."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from assessments import library
from seam_scm.tenancy.roles import Role

from ..factories import UserFactory
from . import factories

pytestmark = pytest.mark.django_db

LIST = "/api/v1/frameworks/"


def _detail(version) -> str:
    return f"/api/v1/frameworks/{version.pk}/"


@pytest.fixture
def api(org_a, api_client_for):
    return api_client_for(factories.member(org_a, Role.VIEWER))


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node["children"])


def test_the_routes_have_their_names():
    assert reverse("api:framework-version-list") == LIST
    assert reverse("api:framework-version-detail", args=[1]) == "/api/v1/frameworks/1/"


def test_anonymous_callers_are_refused():
    client = APIClient()
    version = factories.framework_version()
    assert client.get(LIST).status_code in {401, 403}
    assert client.get(_detail(version)).status_code in {401, 403}


def test_any_authenticated_caller_may_read(api_client_for):
    client = api_client_for(UserFactory())  # no organization at all
    assert client.get(LIST).status_code == 200
    assert client.get(_detail(factories.framework_version())).status_code == 200


def test_the_api_is_read_only(api):
    version = factories.framework_version()
    assert api.post(LIST, {}).status_code == 405
    assert api.put(_detail(version), {}).status_code == 405
    assert api.delete(_detail(version)).status_code == 405


def test_the_list_has_every_version_with_its_framework(api):
    draft = library.load_version(
        {**library.export_version(factories.framework_version()), "version": {"label": "2568"}}
    )
    rows = {(r["framework"]["code"], r["label"]): r for r in api.get(LIST).json()["results"]}
    seam = rows[("seam-scm", "FAQ 2563")]
    assert seam["status"] == "published" and seam["is_published"] is True
    assert seam["criteria_count"] == 9 and seam["published_at"]
    assert seam["framework"]["title_en"] == "SE-AM Stakeholder and Customer Management (SCM)"
    assert rows[("bot-market-conduct", "2561")]["criteria_count"] == 9
    assert rows[("seam-scm", "2568")]["id"] == draft.pk
    assert rows[("seam-scm", "2568")]["status"] == "draft"
    assert rows[("seam-scm", "2568")]["published_at"] is None


def test_the_detail_is_the_nested_tree(api):
    version = factories.framework_version()
    body = api.get(_detail(version)).json()
    assert body["label"] == "FAQ 2563" and body["framework"]["code"] == "seam-scm"
    assert [node["code"] for node in body["nodes"]] == ["SM", "CM"]
    cm = body["nodes"][1]
    assert [topic["code"] for topic in cm["children"]] == ["CM 1", "CM 2", "CM 3", "CM 4", "CM 5"]
    nodes = {node["code"]: node for node in _walk(body["nodes"])}
    assert len(nodes) == 19
    weights = {code: node["weight"] for code, node in nodes.items() if node["weight"] is not None}
    assert weights == {"CM 1": 10, "CM 1.1": 10, "CM 5": 15, "CM 5.1": 5, "CM 5.3": 5}
    assert isinstance(nodes["CM 1.1"]["weight"], int | float)  # a number, not a string
    assert nodes["CM 5.2"]["weight"] is None
    complaints = nodes["CM 5.3"]
    assert complaints["kind"] == "criterion" and complaints["children"] == []
    assert [level["level"] for level in complaints["levels"]] == [1, 2, 3, 4, 5]
    first = complaints["levels"][0]
    assert first["text_th"].startswith("รัฐวิสาหกิจกำหนดช่องทางในการรับข้อร้องเรียน")
    assert first["source"] == "FAQ 2563"
    assert [a["key"] for a in first["artefacts"]] == ["complaint_policy"]
    assert first["artefacts"][0]["label"]
    assert complaints["levels"][4]["text_th"] == ""
    assert nodes["CM"]["levels"] == []
    assert body["counts"]["weights_missing"] == 14 and body["counts"]["criteria"] == 9


def test_the_detail_lists_the_mappings_both_ways(api):
    seam, bot = factories.framework_version(), factories.framework_version(factories.BOT)
    body = api.get(_detail(seam)).json()
    pairs = {(m["source"]["code"], m["target"]["code"]) for m in body["mappings"]}
    assert ("MC 7", "CM 5.3") in pairs and len(pairs) == 13
    mapping = next(m for m in body["mappings"] if m["source"]["code"] == "MC 7")
    assert mapping["source"]["framework"] == "bot-market-conduct"
    assert mapping["source"]["version_id"] == bot.pk
    assert mapping["target"]["version_label"] == "FAQ 2563"
    assert mapping["note"]
    body = api.get(_detail(bot)).json()
    assert len(body["mappings"]) == 13
    assert {m["source"]["version_id"] for m in body["mappings"]} == {bot.pk}


def test_an_unknown_version_is_404(api):
    assert api.get("/api/v1/frameworks/999999/").status_code == 404


def test_the_detail_costs_the_same_queries_for_a_small_and_a_large_tree(api):
    small = library.load_version(
        {
            "framework": {"code": "tiny", "title_th": "เล็ก"},
            "version": {"label": "1"},
            "nodes": [{"code": "T 1", "kind": "module"}],
        }
    )

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as context:
            assert api.get(url).status_code == 200
        return len(context)

    assert queries(_detail(small)) == queries(_detail(factories.framework_version()))


def test_weights_are_numbers_with_decimals(api):
    data = library.export_version(factories.framework_version())
    data["version"]["label"] = "2568"
    data["nodes"][1]["children"][4]["children"][1]["weight"] = "2.5"  # CM 5.2
    version = library.load_version(data)
    nodes = {n["code"]: n for n in _walk(api.get(_detail(version)).json()["nodes"])}
    assert Decimal(str(nodes["CM 5.2"]["weight"])) == Decimal("2.5")
