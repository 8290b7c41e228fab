"""The rules of the customer records, as the services enforce them for pages, API and imports."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from customers import record_services as services
from customers.models import (
    CustomerSegment,
    ListeningChannel,
    ProductService,
    VocCategory,
    VoiceOfCustomer,
)

from ..factories import OrgUnitFactory
from .factories import make_channel, make_product, make_segment, make_voc

pytestmark = pytest.mark.django_db


def _errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def _new_voc(org, **fields) -> VoiceOfCustomer:
    defaults = {
        "category": VocCategory.TRANSACTION,
        "topic": "ชำระค่าน้ำผ่านแอปไม่สำเร็จ",
        "importance": 5,
        "sentiment": VoiceOfCustomer.Sentiment.NEGATIVE,
        "heard_on": dt.date(2026, 11, 2),
    }
    if "channel" not in fields:
        fields["channel"] = make_channel(org)
    if "segment" not in fields:
        fields["segment"] = make_segment(org)
    return VoiceOfCustomer(organization=org, **{**defaults, **fields})


# --- VOC: the response -----------------------------------------------------------------------


def test_a_new_voc_is_saved(org_a, english):
    voc = _new_voc(org_a)
    with scope(organization=org_a):
        services.save_voc(voc=voc)
        assert VoiceOfCustomer.objects.get().status == VoiceOfCustomer.Status.NEW


def test_responded_needs_action_owner_and_date(org_a, english):
    voc = _new_voc(org_a, status=VoiceOfCustomer.Status.RESPONDED)
    with scope(organization=org_a), pytest.raises(ValidationError) as excinfo:
        services.save_voc(voc=voc)
    errors = _errors(excinfo)
    assert errors["action_taken"] == ["A responded VOC needs the action taken."]
    assert errors["response_owner"] == ["A responded VOC needs the unit that responded."]
    assert errors["responded_on"] == ["A responded VOC needs the date of the response."]
    with scope(organization=org_a):
        assert not VoiceOfCustomer.objects.exists()


def test_responded_with_the_whole_response_is_saved(org_a):
    unit = OrgUnitFactory(organization=org_a)
    voc = _new_voc(
        org_a,
        status=VoiceOfCustomer.Status.RESPONDED,
        action_taken="แก้ไขระบบชำระเงินและแจ้งลูกค้า",
        response_owner=unit,
        responded_on=dt.date(2026, 11, 9),
        measured_result="ข้อร้องเรียนเรื่องนี้ลดลงร้อยละ 80",
    )
    with scope(organization=org_a):
        services.save_voc(voc=voc)
        assert VoiceOfCustomer.objects.get().response_owner == unit


def test_a_blank_action_does_not_count_as_a_response(org_a, english):
    voc = _new_voc(
        org_a,
        status=VoiceOfCustomer.Status.RESPONDED,
        action_taken="   ",
        response_owner=OrgUnitFactory(organization=org_a),
        responded_on=dt.date(2026, 11, 9),
    )
    with scope(organization=org_a), pytest.raises(ValidationError) as excinfo:
        services.save_voc(voc=voc)
    assert list(_errors(excinfo)) == ["action_taken"]


def test_closing_without_action_needs_the_reason(org_a, english):
    voc = _new_voc(org_a, status=VoiceOfCustomer.Status.NO_ACTION)
    with scope(organization=org_a), pytest.raises(ValidationError) as excinfo:
        services.save_voc(voc=voc)
    assert "reason" in _errors(excinfo)["action_taken"][0]
    voc.action_taken = "อยู่นอกอำนาจหน้าที่ขององค์กร ส่งต่อหน่วยงานที่เกี่ยวข้องแล้ว"
    with scope(organization=org_a):
        services.save_voc(voc=voc)


def test_response_cannot_be_dated_before_the_voc_was_heard(org_a, english):
    voc = _new_voc(org_a, heard_on=dt.date(2026, 11, 2), responded_on=dt.date(2026, 11, 1))
    with scope(organization=org_a), pytest.raises(ValidationError) as excinfo:
        services.save_voc(voc=voc)
    assert _errors(excinfo)["responded_on"] == [
        "The response cannot be dated before the VOC was heard."
    ]
    voc.responded_on = voc.heard_on  # the same day is fine
    with scope(organization=org_a):
        services.save_voc(voc=voc)


def test_importance_is_on_a_1_to_5_scale(org_a):
    voc = _new_voc(org_a, importance=6)
    with scope(organization=org_a), pytest.raises(ValidationError) as excinfo:
        services.save_voc(voc=voc)
    assert "importance" in _errors(excinfo)


# --- VOC: channels no longer in use ----------------------------------------------------------


def test_a_channel_not_in_use_cannot_receive_new_voc(org_a, english):
    closed = make_channel(org_a, is_active=False)
    voc = _new_voc(org_a, channel=closed)
    with scope(organization=org_a), pytest.raises(ValidationError) as excinfo:
        services.save_voc(voc=voc)
    assert _errors(excinfo)["channel"] == [
        "This listening channel is no longer in use and cannot receive new VOC."
    ]


def test_existing_voc_keeps_a_channel_that_went_out_of_use(org_a):
    channel = make_channel(org_a)
    voc = make_voc(org_a, channel=channel)
    with scope(organization=org_a):
        channel.is_active = False
        services.save_channel(channel=channel)
        voc = VoiceOfCustomer.objects.get(pk=voc.pk)
        voc.status = VoiceOfCustomer.Status.ANALYSING
        services.save_voc(voc=voc)
        assert VoiceOfCustomer.objects.get(pk=voc.pk).status == "analysing"


def test_a_voc_cannot_be_moved_onto_a_channel_not_in_use(org_a, english):
    voc = make_voc(org_a)
    closed = make_channel(org_a, is_active=False)
    with scope(organization=org_a), pytest.raises(ValidationError) as excinfo:
        voc.channel = closed
        services.save_voc(voc=voc)
    assert "channel" in _errors(excinfo)


# --- VOC: other organizations ----------------------------------------------------------------


def test_voc_refuses_another_organizations_segment_channel_and_unit(org_a, org_b, english):
    voc = _new_voc(
        org_a,
        channel=make_channel(org_b),
        segment=make_segment(org_b),
        response_owner=OrgUnitFactory(organization=org_b),
    )
    with scope(organization=org_a), pytest.raises(ValidationError) as excinfo:
        services.save_voc(voc=voc)
    assert set(_errors(excinfo)) == {"channel", "segment", "response_owner"}


# --- segments --------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["revenue_share", "volume_share"])
@pytest.mark.parametrize("value", ["-0.01", "100.01"])
def test_segment_shares_are_percentages(org_a, field, value):
    segment = CustomerSegment(
        organization=org_a, code="BIZ", name_th="ธุรกิจ", **{field: Decimal(value)}
    )
    with scope(organization=org_a), pytest.raises(ValidationError) as excinfo:
        services.save_segment(segment=segment)
    assert field in _errors(excinfo)


def test_segment_shares_may_be_0_and_100(org_a):
    segment = CustomerSegment(
        organization=org_a, code="ALL", name_th="ทุกราย", revenue_share=Decimal(100),
        volume_share=Decimal(0),
    )  # fmt: skip
    with scope(organization=org_a):
        services.save_segment(segment=segment)


def test_segment_code_is_unique_in_the_organization_only(org_a, org_b, english):
    make_segment(org_a, code="RES")
    make_segment(org_b, code="RES")
    with scope(organization=org_a), pytest.raises(ValidationError) as excinfo:
        services.save_segment(
            segment=CustomerSegment(organization=org_a, code=" RES ", name_th="x")
        )
    assert _errors(excinfo)["code"] == ["Another segment already uses this code."]


def test_segment_products_are_replaced_and_must_be_the_organizations(org_a, org_b, english):
    water, meter = make_product(org_a), make_product(org_a)
    segment = make_segment(org_a)
    with scope(organization=org_a):
        services.save_segment(segment=segment, products=[water, meter])
        services.save_segment(segment=segment, products=[meter])
        assert list(segment.products.all()) == [meter]
        with pytest.raises(ValidationError) as excinfo:
            services.save_segment(segment=segment, products=[make_product(org_b)])
        assert "products" in _errors(excinfo)
        assert list(segment.products.all()) == [meter]


def test_a_segment_with_voc_cannot_be_deleted(org_a):
    voc = make_voc(org_a)
    with scope(organization=org_a), pytest.raises(ValidationError):
        services.delete_segment(segment=voc.segment)
    with scope(organization=org_a):
        assert CustomerSegment.objects.filter(pk=voc.segment_id).exists()


# --- products and channels -------------------------------------------------------------------


def test_product_code_is_unique(org_a, english):
    make_product(org_a, code="P-1")
    with scope(organization=org_a), pytest.raises(ValidationError) as excinfo:
        services.save_product(
            product=ProductService(organization=org_a, code="P-1", name_th="x", kind="product")
        )
    assert _errors(excinfo)["code"] == ["Another product or service already uses this code."]


def test_channel_segments_must_be_the_organizations(org_a, org_b):
    channel = make_channel(org_a)
    with scope(organization=org_a), pytest.raises(ValidationError) as excinfo:
        services.save_channel(channel=channel, segments=[make_segment(org_b)])
    assert "segments" in _errors(excinfo)


def test_channel_owner_unit_must_be_the_organizations(org_a, org_b):
    channel = ListeningChannel(
        organization=org_a, code="X", name_th="x", kind="website", frequency="daily",
        owner_unit=OrgUnitFactory(organization=org_b), practice="p",
    )  # fmt: skip
    with scope(organization=org_a), pytest.raises(ValidationError) as excinfo:
        services.save_channel(channel=channel)
    assert "owner_unit" in _errors(excinfo)


def test_a_channel_that_heard_voc_cannot_be_deleted(org_a):
    voc = make_voc(org_a)
    with scope(organization=org_a), pytest.raises(ValidationError):
        services.delete_channel(channel=voc.channel)


def test_is_direct_follows_the_kind(org_a):
    assert make_channel(org_a, kind=ListeningChannel.Kind.SOCIAL_MEDIA).is_direct
    assert not make_channel(org_a, kind=ListeningChannel.Kind.COMPETITORS).is_direct
