"""The API of products and services, segments, listening channels and VOC."""

import datetime as dt

import pytest
from django_scopes import scope

from customers.models import CustomerSegment, ListeningChannel, ProductService, VoiceOfCustomer
from seam_scm.tenancy.roles import Role

from ..factories import OrgUnitFactory
from .factories import make_channel, make_product, make_segment, make_voc

pytestmark = pytest.mark.django_db


def api(organization, suffix: str) -> str:
    return f"/api/v1/orgs/{organization.slug}/{suffix}"


@pytest.fixture
def editor_client(org_a, member_factory, api_client_for):
    return api_client_for(member_factory(org_a, Role.EDITOR))


def voc_payload(channel, segment, **overrides) -> dict:
    return {
        "channel": channel.pk,
        "segment": segment.pk,
        "category": "customer_support",
        "topic": "พนักงานหน้าเคาน์เตอร์ให้ข้อมูลไม่ตรงกัน",
        "importance": 4,
        "sentiment": "negative",
        "heard_on": "2026-11-20",
        **overrides,
    }


def test_voc_create_read_update_delete(org_a, editor_client):
    channel, segment = make_channel(org_a), make_segment(org_a)
    unit = OrgUnitFactory(organization=org_a)
    response = editor_client.post(api(org_a, "voc/"), voc_payload(channel, segment), format="json")
    assert response.status_code == 201, response.json()
    voc_id = response.json()["id"]
    assert editor_client.get(api(org_a, f"voc/{voc_id}/")).json()["status"] == "new"
    response = editor_client.patch(
        api(org_a, f"voc/{voc_id}/"),
        {"status": "responded", "action_taken": "อบรมพนักงาน", "response_owner": unit.pk,
         "responded_on": "2026-11-30", "measured_result": "คำชมเพิ่มขึ้น"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200, response.json()
    with scope(organization=org_a):
        voc = VoiceOfCustomer.objects.get(pk=voc_id)
        assert (voc.status, voc.response_owner, voc.responded_on) == (
            "responded",
            unit,
            dt.date(2026, 11, 30),
        )
        assert VoiceOfCustomer.history.filter(id=voc_id).count() == 2
    assert editor_client.delete(api(org_a, f"voc/{voc_id}/")).status_code == 204


def test_voc_rules_answer_400(org_a, editor_client):
    channel, segment = make_channel(org_a), make_segment(org_a)
    response = editor_client.post(
        api(org_a, "voc/"), voc_payload(channel, segment, status="responded"), format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"action_taken", "response_owner", "responded_on"}
    closed = make_channel(org_a, is_active=False)
    response = editor_client.post(api(org_a, "voc/"), voc_payload(closed, segment), format="json")
    assert response.status_code == 400 and "channel" in response.json()


def test_voc_with_another_organizations_segment_is_refused(org_a, org_b, editor_client):
    channel = make_channel(org_a)
    foreign = make_segment(org_b)
    response = editor_client.post(api(org_a, "voc/"), voc_payload(channel, foreign), format="json")
    assert response.status_code == 400
    assert "segment" in response.json()
    foreign_unit = OrgUnitFactory(organization=org_b)
    response = editor_client.post(
        api(org_a, "voc/"),
        voc_payload(channel, make_segment(org_a), response_owner=foreign_unit.pk),
        format="json",
    )
    assert response.status_code == 400 and "response_owner" in response.json()
    with scope(organization=org_a):
        assert not VoiceOfCustomer.objects.exists()


def test_voc_list_filters(org_a, editor_client):
    res, biz = make_segment(org_a), make_segment(org_a)
    cc, web = make_channel(org_a), make_channel(org_a)
    a = make_voc(
        org_a, segment=res, channel=cc, topic="น้ำขุ่น", category="product_service",
        sentiment="negative", heard_on=dt.date(2025, 9, 30),
    )  # fmt: skip
    b = make_voc(
        org_a, segment=biz, channel=web, topic="จ่ายเงินง่าย", category="transaction",
        sentiment="positive", status="analysing", heard_on=dt.date(2025, 10, 1),
    )  # fmt: skip

    def ids(query: str) -> list[int]:
        response = editor_client.get(api(org_a, f"voc/{query}"))
        assert response.status_code == 200
        return [row["id"] for row in response.json()["results"]]

    assert ids("") == [b.pk, a.pk]
    assert ids(f"?segment={res.pk}") == [a.pk]
    assert ids(f"?channel={web.pk}") == [b.pk]
    assert ids("?category=transaction") == [b.pk]
    assert ids("?sentiment=negative") == [a.pk]
    assert ids("?status=analysing") == [b.pk]
    assert ids("?fiscal_year=2569") == [b.pk]
    assert ids("?q=ขุ่น") == [a.pk]
    assert ids("?heard_to=2025-09-30") == [a.pk]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR])
def test_readers_read_but_cannot_write(org_a, role, member_factory, api_client_for):
    voc = make_voc(org_a)
    product = make_product(org_a)
    client = api_client_for(member_factory(org_a, role))
    for prefix, pk in (
        ("voc", voc.pk),
        ("customer-segments", voc.segment_id),
        ("listening-channels", voc.channel_id),
        ("customer-products", product.pk),
    ):
        assert client.get(api(org_a, f"{prefix}/")).status_code == 200
        assert client.get(api(org_a, f"{prefix}/{pk}/")).status_code == 200
        assert client.post(api(org_a, f"{prefix}/"), {}, format="json").status_code == 403
        assert client.patch(api(org_a, f"{prefix}/{pk}/"), {}, format="json").status_code == 403
        assert client.delete(api(org_a, f"{prefix}/{pk}/")).status_code == 403


def test_member_of_another_org_gets_404(org_a, org_b, member_factory, api_client_for):
    voc = make_voc(org_a)
    client = api_client_for(member_factory(org_b, Role.COORDINATOR))
    assert client.get(api(org_a, "voc/")).status_code == 404
    assert client.get(api(org_b, f"voc/{voc.pk}/")).status_code == 404


def test_segment_with_products(org_a, org_b, editor_client):
    water = make_product(org_a)
    response = editor_client.post(
        api(org_a, "customer-segments/"),
        {"code": "RES", "name_th": "ที่อยู่อาศัย", "revenue_share": "45.50",
         "products": [water.pk]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["products"] == [water.pk]
    segment_id = response.json()["id"]
    response = editor_client.patch(
        api(org_a, f"customer-segments/{segment_id}/"),
        {"products": [make_product(org_b).pk]},
        format="json",
    )
    assert response.status_code == 400 and "products" in response.json()
    response = editor_client.patch(
        api(org_a, f"customer-segments/{segment_id}/"), {"volume_share": "101"}, format="json"
    )
    assert response.status_code == 400 and "volume_share" in response.json()
    response = editor_client.post(
        api(org_a, "customer-segments/"), {"code": "RES", "name_th": "ซ้ำ"}, format="json"
    )
    assert response.status_code == 400 and "code" in response.json()
    with scope(organization=org_a):
        assert CustomerSegment.objects.count() == 1


def test_channel_create_with_segments_and_reach(org_a, editor_client):
    segment = make_segment(org_a)
    unit = OrgUnitFactory(organization=org_a)
    response = editor_client.post(
        api(org_a, "listening-channels/"),
        {"code": "BENCH", "name_th": "เทียบเคียงการประปานครหลวง", "kind": "comparators",
         "frequency": "yearly", "owner_unit": unit.pk, "practice": "เทียบมาตรฐานบริการทุกปี",
         "segments": [segment.pk]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["is_direct"] is False
    with scope(organization=org_a):
        assert list(ListeningChannel.objects.get().segments.all()) == [segment]
    listed = editor_client.get(api(org_a, "listening-channels/?reach=indirect")).json()
    assert [row["code"] for row in listed["results"]] == ["BENCH"]
    assert editor_client.get(api(org_a, "listening-channels/?reach=direct")).json()["count"] == 0


def test_channel_that_heard_voc_cannot_be_deleted(org_a, editor_client):
    voc = make_voc(org_a)
    response = editor_client.delete(api(org_a, f"listening-channels/{voc.channel_id}/"))
    assert response.status_code == 400


def test_products(org_a, editor_client):
    response = editor_client.post(
        api(org_a, "customer-products/"),
        {"code": "P-1", "name_th": "น้ำประปา", "kind": "product"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    make_product(org_a, code="S-1", kind="service", is_active=False)
    listed = editor_client.get(api(org_a, "customer-products/?kind=service&active=false")).json()
    assert [row["code"] for row in listed["results"]] == ["S-1"]
    with scope(organization=org_a):
        assert ProductService.objects.count() == 2
