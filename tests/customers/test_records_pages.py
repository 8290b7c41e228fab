"""The pages of products and services, segments, listening channels and VOC."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django_scopes import scope

from customers.models import (
    CustomerSegment,
    ListeningChannel,
    ProductService,
    VocCategory,
    VoiceOfCustomer,
)
from seam_scm.tenancy.roles import Role

from ..factories import OrgUnitFactory
from .factories import make_channel, make_journey, make_product, make_segment, make_voc

pytestmark = pytest.mark.django_db


def url(organization, suffix: str = "") -> str:
    return f"/o/{organization.slug}/customers/{suffix}"


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _rows(page: str, testid: str) -> list[str]:
    return re.findall(rf'<tr data-testid="{testid}"[^>]*>(.*?)</tr>', page, re.S)


def english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def editor(org_a, member_factory):
    return member_factory(org_a, Role.EDITOR)


@pytest.fixture
def unit(org_a):
    return OrgUnitFactory(organization=org_a, code="CS", name_th="สายงานบริการลูกค้า")


# --- roles -----------------------------------------------------------------------------------

WRITE_PAGES = [
    ("products/new/", None),
    ("products/{product}/edit/", None),
    ("segments/new/", None),
    ("segments/{segment}/edit/", None),
    ("channels/new/", None),
    ("channels/{channel}/edit/", None),
    ("voc/new/", None),
    ("voc/{voc}/edit/", None),
]


@pytest.fixture
def records(org_a):
    voc = make_voc(org_a)
    return {
        "product": make_product(org_a).pk,
        "segment": voc.segment_id,
        "channel": voc.channel_id,
        "voc": voc.pk,
    }


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.SECRETARY])
@pytest.mark.parametrize("suffix", [page for page, _ in WRITE_PAGES])
def test_readers_cannot_open_or_post_the_forms(
    org_a, records, role, suffix, member_factory, client_for
):
    client = client_for(member_factory(org_a, role))
    target = url(org_a, suffix.format(**records))
    assert client.get(target).status_code == 403
    assert client.post(target, {"code": "X"}).status_code == 403


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR])
@pytest.mark.parametrize(
    "suffix",
    ["products/{product}/delete/", "segments/{segment}/delete/", "channels/{channel}/delete/",
     "voc/{voc}/delete/"],
)  # fmt: skip
def test_readers_cannot_delete(org_a, records, role, suffix, member_factory, client_for):
    client = client_for(member_factory(org_a, role))
    assert client.post(url(org_a, suffix.format(**records))).status_code == 403


@pytest.mark.parametrize(
    "suffix",
    ["products/", "products/{product}/", "segments/", "segments/{segment}/", "channels/",
     "channels/{channel}/", "voc/", "voc/{voc}/", "voc/comparison/"],
)  # fmt: skip
def test_assessors_read_every_page_without_edit_buttons(
    org_a, records, suffix, member_factory, client_for
):
    page = _text(
        client_for(member_factory(org_a, Role.ASSESSOR)).get(url(org_a, suffix.format(**records)))
    )
    assert 'data-testid="customer-nav"' in page
    assert "/edit/" not in page and "/new/" not in page


@pytest.mark.parametrize("suffix", [page for page, _ in WRITE_PAGES])
def test_editors_open_the_forms(org_a, records, suffix, editor, client_for):
    assert client_for(editor).get(url(org_a, suffix.format(**records))).status_code == 200


# --- products and services -------------------------------------------------------------------


def test_product_create_and_detail(org_a, unit, editor, client_for):
    client = client_for(editor)
    response = client.post(
        url(org_a, "products/new/"),
        {"code": "SV-01", "name_th": "บริการติดตั้งประปาใหม่", "kind": "service",
         "owner_unit": unit.pk, "is_active": "on"},
    )  # fmt: skip
    with scope(organization=org_a):
        product = ProductService.objects.get(code="SV-01")
    assert response.status_code == 302
    assert response["Location"] == url(org_a, f"products/{product.pk}/")
    segment = make_segment(org_a, code="RES")
    with scope(organization=org_a):
        segment.products.add(product)
    make_journey(org_a, segment=segment, service=product, title="เส้นทางขอติดตั้ง")
    page = _text(client.get(url(org_a, f"products/{product.pk}/")))
    assert "บริการติดตั้งประปาใหม่" in page
    assert "RES" in re.search(r'data-testid="product-segments">(.*?)</ul>', page, re.S).group(1)
    assert "เส้นทางขอติดตั้ง" in page
    history = re.search(r'data-testid="history">(.*?)</ul>', page, re.S).group(1)
    assert history.count("<li>") == 1


def test_product_duplicate_code_is_refused_on_the_form(org_a, editor, client_for):
    make_product(org_a, code="SV-01")
    response = client_for(english(editor)).post(
        url(org_a, "products/new/"), {"code": "SV-01", "name_th": "x", "kind": "service"}
    )
    assert "Another product or service already uses this code." in _text(response)


def test_product_list_search_and_filters(org_a, editor, client_for):
    make_product(org_a, code="W-1", name_th="น้ำประปา", kind="product")
    make_product(org_a, code="S-1", name_th="ซ่อมท่อ", kind="service")
    make_product(org_a, code="S-2", name_th="ตรวจมาตรวัดน้ำ", kind="service", is_active=False)
    client = client_for(editor)

    def codes(query: str) -> list[str]:
        page = _text(client.get(url(org_a, f"products/{query}")))
        return re.findall(r'<a href="[^"]+/products/\d+/">([^<]+)</a>', page)

    assert codes("") == ["S-1", "S-2", "W-1"]
    assert codes("?q=น้ำ") == ["S-2", "W-1"]
    assert codes("?kind=service") == ["S-1", "S-2"]
    assert codes("?active=0") == ["S-2"]
    assert codes("?active=1&kind=service") == ["S-1"]


# --- segments --------------------------------------------------------------------------------


def segment_data(**overrides) -> dict:
    return {
        "code": "BIZ",
        "name_th": "ผู้ใช้น้ำประเภทธุรกิจ",
        "order": "2",
        "needs": "น้ำไหลต่อเนื่องตลอดเวลาทำการ",
        "customer_count": "5400",
        "revenue_share": "35.5",
        "volume_share": "20",
        "preferred_channels": "Line OA, call center",
        **overrides,
    }


def test_segment_create_with_products(org_a, editor, client_for):
    water, repair = make_product(org_a), make_product(org_a)
    response = client_for(editor).post(
        url(org_a, "segments/new/"), segment_data(products=[water.pk, repair.pk])
    )
    assert response.status_code == 302
    with scope(organization=org_a):
        segment = CustomerSegment.objects.get(code="BIZ")
        assert set(segment.products.all()) == {water, repair}
    assert segment.revenue_share == Decimal("35.50")


def test_segment_share_over_100_is_refused(org_a, editor, client_for):
    response = client_for(english(editor)).post(
        url(org_a, "segments/new/"), segment_data(revenue_share="120")
    )
    assert "Ensure this value is less than or equal to 100." in _text(response)
    with scope(organization=org_a):
        assert not CustomerSegment.objects.exists()


def test_segment_list_warns_when_revenue_shares_exceed_100(org_a, editor, client_for):
    make_segment(org_a, revenue_share=Decimal("60"))
    make_segment(org_a, revenue_share=Decimal("40"))
    client = client_for(editor)
    assert 'data-testid="revenue-share-warning"' not in _text(client.get(url(org_a, "segments/")))
    make_segment(org_a, revenue_share=Decimal("0.5"))
    page = _text(client.get(url(org_a, "segments/")))
    assert 'data-testid="revenue-share-warning"' in page
    assert "100.50" in page


def test_segment_list_columns_and_search(org_a, editor, client_for):
    res = make_segment(
        org_a, code="RES", name_th="ที่อยู่อาศัย", customer_count=120000,
        revenue_share=Decimal("45.5"), volume_share=Decimal("60"), order=1,
    )  # fmt: skip
    make_segment(org_a, code="GOV", name_th="ส่วนราชการ", order=2)
    make_voc(org_a, segment=res)
    make_voc(org_a, segment=res)
    client = client_for(editor)
    rows = _rows(_text(client.get(url(org_a, "segments/"))), "segment-row")
    assert len(rows) == 2
    assert "RES" in rows[0] and "120000" in rows[0] and "45.50%" in rows[0] and "60.00%" in rows[0]
    assert re.search(r'data-testid="voc-count">2<', rows[0])
    assert re.search(r'data-testid="voc-count">0<', rows[1])
    rows = _rows(_text(client.get(url(org_a, "segments/?q=ราชการ"))), "segment-row")
    assert len(rows) == 1 and "GOV" in rows[0]


def test_segment_detail_shows_profile_channels_voc_summary_and_journeys(org_a, editor, client_for):
    segment = make_segment(org_a, code="RES", needs="น้ำสะอาด")
    channel = make_channel(org_a, code="CC", kind=ListeningChannel.Kind.CALL_CENTER)
    with scope(organization=org_a):
        channel.segments.add(segment)
    make_voc(
        org_a, segment=segment, channel=channel, topic="แรงดันน้ำต่ำ",
        category=VocCategory.CUSTOMER_SUPPORT, heard_on=dt.date.today(),
    )  # fmt: skip
    make_journey(org_a, segment=segment, title="การชำระค่าน้ำ")
    page = _text(client_for(editor).get(url(org_a, f"segments/{segment.pk}/")))
    assert "น้ำสะอาด" in page
    assert "CC" in re.search(r'data-testid="segment-channels">(.*?)</ul>', page, re.S).group(1)
    assert 'data-testid="reach-direct"' in page
    assert "แรงดันน้ำต่ำ" in re.search(
        r'data-testid="segment-latest-voc">(.*?)</table>', page, re.S
    ).group(1)
    summary = re.search(r'data-testid="segment-voc-summary">(.*?)</table>', page, re.S).group(1)
    assert 'data-category="customer_support" data-rank="1">4.0' in summary
    assert "การชำระค่าน้ำ" in page


def test_segment_with_voc_cannot_be_deleted_from_the_page(org_a, editor, client_for):
    voc = make_voc(org_a)
    response = client_for(editor).post(url(org_a, f"segments/{voc.segment_id}/delete/"))
    assert response["Location"] == url(org_a, f"segments/{voc.segment_id}/")
    with scope(organization=org_a):
        assert CustomerSegment.objects.filter(pk=voc.segment_id).exists()
    empty = make_segment(org_a)
    response = client_for(editor).post(url(org_a, f"segments/{empty.pk}/delete/"))
    assert response["Location"] == url(org_a, "segments/")
    with scope(organization=org_a):
        assert not CustomerSegment.objects.filter(pk=empty.pk).exists()


# --- listening channels ----------------------------------------------------------------------


def test_channel_create_with_segments(org_a, unit, editor, client_for):
    res, biz = make_segment(org_a), make_segment(org_a)
    response = client_for(editor).post(
        url(org_a, "channels/new/"),
        {"code": "FB", "name_th": "เฟซบุ๊กองค์กร", "kind": "social_media", "frequency": "daily",
         "owner_unit": unit.pk, "practice": "ทีมสื่อสารตอบและบันทึกทุกข้อความ",
         "segments": [res.pk, biz.pk], "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    with scope(organization=org_a):
        channel = ListeningChannel.objects.get(code="FB")
        assert set(channel.segments.all()) == {res, biz}


def test_channel_list_groups_direct_and_indirect_and_filters(org_a, editor, client_for):
    other_unit = OrgUnitFactory(organization=org_a)
    make_channel(org_a, code="CC", kind="call_center")
    make_channel(org_a, code="WEB", kind="website", is_active=False)
    make_channel(org_a, code="BENCH", kind="comparators", owner_unit=other_unit)
    client = client_for(editor)

    def codes(query: str, group: str | None = None) -> list[str]:
        page = _text(client.get(url(org_a, f"channels/{query}")))
        if group:
            found = re.search(rf'data-testid="channel-group-{group}">(.*?)</section>', page, re.S)
            page = found.group(1) if found else ""
        return re.findall(r'data-testid="channel-row" data-code="([^"]+)"', page)

    assert codes("", "direct") == ["CC", "WEB"]
    assert codes("", "indirect") == ["BENCH"]
    assert codes("?reach=indirect") == ["BENCH"]
    assert codes("?reach=direct") == ["CC", "WEB"]
    assert codes("?kind=website") == ["WEB"]
    assert codes(f"?owner_unit={other_unit.pk}") == ["BENCH"]
    assert codes("?active=1") == ["CC", "BENCH"]  # direct ones first
    assert codes("?active=0") == ["WEB"]
    page = _text(client.get(url(org_a, "channels/")))
    assert 'data-testid="reach-direct"' in page and 'data-testid="reach-indirect"' in page


def test_channel_detail_counts_voc_by_category(org_a, editor, client_for):
    channel = make_channel(org_a, practice="รับสาย 24 ชั่วโมง")
    make_voc(org_a, channel=channel, category=VocCategory.TRANSACTION)
    make_voc(org_a, channel=channel, category=VocCategory.TRANSACTION)
    make_voc(org_a, channel=channel, category=VocCategory.RELATIONSHIP)
    page = _text(client_for(editor).get(url(org_a, f"channels/{channel.pk}/")))
    table = re.search(r'data-testid="channel-voc-by-category">(.*?)</table>', page, re.S).group(1)
    cell = r'data-category="(\w+)"><td>[^<]*</td><td class="text-end" data-testid="count">'
    counts = dict(re.findall(cell + r"(?:<a[^>]*>)?(\d+)", table))
    assert counts == {"product_service": "0", "customer_support": "0", "transaction": "2",
                      "relationship": "1"}  # fmt: skip
    assert 'data-testid="total">3<' in table
    assert "รับสาย 24 ชั่วโมง" in page


# --- VOC -------------------------------------------------------------------------------------


def voc_data(channel, segment, **overrides) -> dict:
    return {
        "topic": "ขอให้แจ้งเตือนก่อนหยุดจ่ายน้ำ",
        "description": "ลูกค้าหลายรายโทรถามช่วงซ่อมท่อ",
        "channel": channel.pk,
        "segment": segment.pk,
        "category": "relationship",
        "importance": "4",
        "sentiment": "negative",
        "heard_on": "15/11/2569",
        "status": "new",
        **overrides,
    }


def test_voc_create_records_it_and_shows_it(org_a, editor, client_for):
    channel, segment = make_channel(org_a), make_segment(org_a)
    client = client_for(editor)
    response = client.post(url(org_a, "voc/new/"), voc_data(channel, segment))
    with scope(organization=org_a):
        voc = VoiceOfCustomer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(org_a, f"voc/{voc.pk}/")
    assert (voc.heard_on, voc.importance, voc.category) == (
        dt.date(2026, 11, 15),
        4,
        "relationship",
    )
    page = _text(client.get(url(org_a, f"voc/{voc.pk}/")))
    assert "ขอให้แจ้งเตือนก่อนหยุดจ่ายน้ำ" in page and "15 พ.ย. 2569" in page
    assert "ขอให้แจ้งเตือนก่อนหยุดจ่ายน้ำ" in _text(client.get(url(org_a, "voc/")))


def test_voc_form_shows_the_response_rules(org_a, editor, client_for):
    channel, segment = make_channel(org_a), make_segment(org_a)
    response = client_for(english(editor)).post(
        url(org_a, "voc/new/"), voc_data(channel, segment, status="responded")
    )
    page = _text(response)
    assert "A responded VOC needs the action taken." in page
    assert "A responded VOC needs the unit that responded." in page
    assert "A responded VOC needs the date of the response." in page
    with scope(organization=org_a):
        assert not VoiceOfCustomer.objects.exists()


def test_voc_form_refuses_a_response_before_the_voc(org_a, unit, editor, client_for):
    channel, segment = make_channel(org_a), make_segment(org_a)
    response = client_for(english(editor)).post(
        url(org_a, "voc/new/"),
        voc_data(channel, segment, status="responded", action_taken="แจ้ง SMS",
                 response_owner=unit.pk, responded_on="14/11/2569"),
    )  # fmt: skip
    assert "The response cannot be dated before the VOC was heard." in _text(response)


def _channel_choices(page: str) -> list[str]:
    select = re.search(r'<select name="channel".*?</select>', page, re.S).group(0)
    return [value for value in re.findall(r'<option value="(\d*)"', select) if value]


def test_voc_form_offers_only_channels_in_use_but_keeps_the_current_one(org_a, editor, client_for):
    closed = make_channel(org_a, code="OLD", is_active=False)
    open_channel = make_channel(org_a, code="NEW")
    client = client_for(editor)
    choices = _channel_choices(_text(client.get(url(org_a, "voc/new/"))))
    assert choices == [str(open_channel.pk)]
    # A forged post with the closed channel is refused.
    response = client.post(url(org_a, "voc/new/"), voc_data(closed, make_segment(org_a)))
    assert response.status_code == 200
    with scope(organization=org_a):
        assert not VoiceOfCustomer.objects.exists()
    # A VOC heard before the channel closed keeps it and can still be edited.
    voc = make_voc(org_a, channel=open_channel)
    with scope(organization=org_a):
        ListeningChannel.objects.filter(pk=open_channel.pk).update(is_active=False)
    choices = _channel_choices(_text(client.get(url(org_a, f"voc/{voc.pk}/edit/"))))
    assert choices == [str(open_channel.pk)]
    response = client.post(
        url(org_a, f"voc/{voc.pk}/edit/"),
        voc_data(open_channel, voc.segment, status="analysing", heard_on="15/10/2569"),
    )
    assert response.status_code == 302


def test_voc_edit_adds_a_history_row(org_a, editor, client_for):
    voc = make_voc(org_a)
    client = client_for(english(editor))
    response = client.post(
        url(org_a, f"voc/{voc.pk}/edit/"),
        voc_data(voc.channel, voc.segment, heard_on="15/10/2569", importance="2"),
    )
    assert response.status_code == 302
    with scope(organization=org_a):
        assert VoiceOfCustomer.history.filter(id=voc.pk).count() == 2
    page = _text(client.get(url(org_a, f"voc/{voc.pk}/")))
    history = re.search(r'data-testid="history">(.*?)</ul>', page, re.S).group(1)
    assert history.count("<li>") == 2
    assert "Changed" in history and "importance to the customer (1-5)" in history
    assert editor.email in history or str(editor) in history


def test_segment_and_channel_edits_add_history_rows(org_a, unit, editor, client_for):
    segment = make_segment(org_a, code="RES")
    channel = make_channel(org_a, code="CC", owner_unit=unit)
    client = client_for(editor)
    client.post(url(org_a, f"segments/{segment.pk}/edit/"), segment_data(code="RES"))
    client.post(
        url(org_a, f"channels/{channel.pk}/edit/"),
        {"code": "CC", "name_th": "ศูนย์บริการ", "kind": "call_center", "frequency": "weekly",
         "owner_unit": unit.pk, "practice": "บันทึกทุกสาย"},
    )  # fmt: skip
    with scope(organization=org_a):
        assert CustomerSegment.history.filter(id=segment.pk).count() == 2
        assert ListeningChannel.history.filter(id=channel.pk).count() == 2
        assert ListeningChannel.objects.get(pk=channel.pk).is_active is False  # unticked


def test_voc_list_search_and_filters(org_a, editor, client_for):
    res, biz = make_segment(org_a), make_segment(org_a)
    cc, web = make_channel(org_a), make_channel(org_a, kind="website")
    make_voc(
        org_a, segment=res, channel=cc, topic="น้ำขุ่นหลังซ่อมท่อ", importance=5,
        category="product_service", sentiment="negative", heard_on=dt.date(2025, 9, 30),
    )  # fmt: skip
    make_voc(
        org_a, segment=biz, channel=web, topic="ชำระเงินออนไลน์สะดวก", importance=2,
        category="transaction", sentiment="positive", heard_on=dt.date(2025, 10, 1),
        status="analysing", description="แอปใหม่ใช้งานง่าย",
    )  # fmt: skip
    make_voc(
        org_a, segment=res, channel=web, topic="อยากได้ใบแจ้งหนี้ทางอีเมล", importance=3,
        category="relationship", sentiment="neutral", heard_on=dt.date(2026, 3, 15),
    )  # fmt: skip
    client = client_for(editor)

    def topics(query: str) -> list[str]:
        page = _text(client.get(url(org_a, f"voc/{query}")))
        return re.findall(r'<a href="[^"]+/voc/\d+/">([^<]+)</a>', page)

    everything = ["อยากได้ใบแจ้งหนี้ทางอีเมล", "ชำระเงินออนไลน์สะดวก", "น้ำขุ่นหลังซ่อมท่อ"]
    assert topics("") == everything
    assert topics("?q=ซ่อม") == ["น้ำขุ่นหลังซ่อมท่อ"]
    assert topics("?q=ใช้งานง่าย") == ["ชำระเงินออนไลน์สะดวก"]  # the details too
    assert topics(f"?segment={res.pk}") == [everything[0], everything[2]]
    assert topics(f"?channel={web.pk}") == everything[:2]
    assert topics("?category=transaction") == ["ชำระเงินออนไลน์สะดวก"]
    assert topics("?sentiment=negative") == ["น้ำขุ่นหลังซ่อมท่อ"]
    assert topics("?status=analysing") == ["ชำระเงินออนไลน์สะดวก"]
    assert topics("?importance=3") == [everything[0], everything[2]]
    assert topics("?fiscal_year=2569") == everything[:2]
    assert topics("?fiscal_year=2568") == ["น้ำขุ่นหลังซ่อมท่อ"]
    assert topics("?heard_from=01/10/2568&heard_to=31/12/2568") == ["ชำระเงินออนไลน์สะดวก"]
    assert topics("?heard_from=not-a-date") == everything  # ignored, and the form says why


def test_voc_list_paginates_and_keeps_the_filters(org_a, editor, client_for):
    segment, channel = make_segment(org_a), make_channel(org_a)
    for day in range(1, 28):
        make_voc(org_a, segment=segment, channel=channel, heard_on=dt.date(2026, 1, day))
    client = client_for(editor)
    page = _text(client.get(url(org_a, f"voc/?segment={segment.pk}")))
    assert len(_rows(page, "voc-row")) == 25
    assert f"?segment={segment.pk}&amp;page=2" in page
    second = _text(client.get(url(org_a, f"voc/?segment={segment.pk}&page=2")))
    assert len(_rows(second, "voc-row")) == 2


def test_voc_delete(org_a, editor, client_for):
    voc = make_voc(org_a)
    response = client_for(editor).post(url(org_a, f"voc/{voc.pk}/delete/"))
    assert response["Location"] == url(org_a, "voc/")
    with scope(organization=org_a):
        assert not VoiceOfCustomer.objects.exists()


def test_voc_create_prefills_the_segment(org_a, editor, client_for):
    segment = make_segment(org_a)
    page = _text(client_for(editor).get(url(org_a, f"voc/new/?segment={segment.pk}")))
    assert re.search(rf'<option value="{segment.pk}" selected>', page)


def test_records_of_another_organization_are_not_found(org_a, org_b, editor, client_for):
    voc_b = make_voc(org_b)
    client = client_for(editor)
    for suffix in (f"voc/{voc_b.pk}/", f"voc/{voc_b.pk}/edit/", f"segments/{voc_b.segment_id}/",
                   f"channels/{voc_b.channel_id}/edit/"):  # fmt: skip
        assert client.get(url(org_a, suffix)).status_code == 404
    # A forged id in a form is "not a valid choice", never saved.
    response = client.post(url(org_a, "voc/new/"), voc_data(voc_b.channel, voc_b.segment))
    assert response.status_code == 200
    with scope(organization=org_a):
        assert not VoiceOfCustomer.objects.exists()
