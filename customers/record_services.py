"""Writes of the customer records: products and services, segments, listening channels and VOC.

Pages, the API and the Excel import call these, so every caller gets the same rules and the
same messages. Each validates with full_clean() and refuses rows that point at another
organization's data (a forged id, say); changes are kept by the history of every TenantModel.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import CustomerSegment, ListeningChannel, ProductService, VoiceOfCustomer

DUPLICATE_PRODUCT_CODE = gettext_lazy("Another product or service already uses this code.")
DUPLICATE_SEGMENT_CODE = gettext_lazy("Another segment already uses this code.")
DUPLICATE_CHANNEL_CODE = gettext_lazy("Another listening channel already uses this code.")
CHANNEL_NOT_IN_USE = gettext_lazy(
    "This listening channel is no longer in use and cannot receive new VOC."
)
RESPONSE_NEEDS_ACTION = gettext_lazy("A responded VOC needs the action taken.")
RESPONSE_NEEDS_OWNER = gettext_lazy("A responded VOC needs the unit that responded.")
RESPONSE_NEEDS_DATE = gettext_lazy("A responded VOC needs the date of the response.")
NO_ACTION_NEEDS_REASON = gettext_lazy(
    "Give the reason for closing this VOC without action (in “Action taken or reason”)."
)
RESPONDED_BEFORE_HEARD = gettext_lazy("The response cannot be dated before the VOC was heard.")


def _same_organization(record, **related) -> None:
    """Refuse a row that points at a row of another organization."""
    errors = {
        field: _("This belongs to another organization.")
        for field, other in related.items()
        if other is not None and other.organization_id != record.organization_id
    }
    if errors:
        raise ValidationError(errors)


def _unique_code(record, message) -> None:
    record.code = (record.code or "").strip()
    model = type(record)
    if model.objects.filter(code=record.code).exclude(pk=record.pk).exists():
        raise ValidationError({"code": message})


def _delete(record, message) -> None:
    try:
        with transaction.atomic():
            record.delete()
    except ProtectedError:
        raise ValidationError(message, code="protected") from None


# --- products and services -------------------------------------------------------------------


def save_product(*, product: ProductService) -> ProductService:
    _unique_code(product, DUPLICATE_PRODUCT_CODE)
    product.full_clean()
    _same_organization(product, owner_unit=product.owner_unit)
    product.save()
    return product


def delete_product(*, product: ProductService) -> None:
    _delete(
        product,
        _(
            "A journey map or a service standard names this product or service, so it cannot "
            "be deleted. Mark it as no longer offered instead."
        ),
    )


# --- segments --------------------------------------------------------------------------------


@transaction.atomic
def save_segment(
    *, segment: CustomerSegment, products: Iterable[ProductService] | None = None
) -> CustomerSegment:
    """A segment and, when given, the products and services it uses (replacing the list)."""
    _unique_code(segment, DUPLICATE_SEGMENT_CODE)
    segment.full_clean()
    products = list(products) if products is not None else None
    for product in products or []:
        _same_organization(segment, products=product)
    segment.save()
    if products is not None:
        segment.products.set(products)
    return segment


def delete_segment(*, segment: CustomerSegment) -> None:
    _delete(
        segment,
        _("VOC, survey results or journey maps belong to this segment, so it cannot be deleted."),
    )


# --- listening channels ----------------------------------------------------------------------


@transaction.atomic
def save_channel(
    *, channel: ListeningChannel, segments: Iterable[CustomerSegment] | None = None
) -> ListeningChannel:
    """A listening channel and, when given, the segments it hears (replacing the list)."""
    _unique_code(channel, DUPLICATE_CHANNEL_CODE)
    channel.full_clean()
    _same_organization(channel, owner_unit=channel.owner_unit)
    segments = list(segments) if segments is not None else None
    for segment in segments or []:
        _same_organization(channel, segments=segment)
    channel.save()
    if segments is not None:
        channel.segments.set(segments)
    return channel


def delete_channel(*, channel: ListeningChannel) -> None:
    _delete(
        channel,
        _("VOC was heard through this channel, so it cannot be deleted. Mark it as not in use."),
    )


# --- voice of the customer -------------------------------------------------------------------


def voc_rule_errors(voc: VoiceOfCustomer) -> dict[str, list[str]]:
    """The VOC rules beyond the fields' own checks, by field (empty when the VOC may be saved).

    A channel that is no longer in use cannot receive a new VOC, nor one moved onto it, while
    a VOC already heard through it keeps it; a responded VOC needs the action taken, the
    response owner and the date; one closed without action needs the reason; and the response
    cannot be dated before the VOC was heard.
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message) -> None:
        errors.setdefault(field, []).append(str(message))

    if voc.channel_id is not None and not voc.channel.is_active:
        previous = (
            VoiceOfCustomer.objects.filter(pk=voc.pk).values_list("channel_id", flat=True).first()
            if voc.pk
            else None
        )
        if previous != voc.channel_id:
            add("channel", CHANNEL_NOT_IN_USE)
    action_taken = (voc.action_taken or "").strip()
    if voc.status == VoiceOfCustomer.Status.RESPONDED:
        if not action_taken:
            add("action_taken", RESPONSE_NEEDS_ACTION)
        if voc.response_owner_id is None:
            add("response_owner", RESPONSE_NEEDS_OWNER)
        if voc.responded_on is None:
            add("responded_on", RESPONSE_NEEDS_DATE)
    if voc.status == VoiceOfCustomer.Status.NO_ACTION and not action_taken:
        add("action_taken", NO_ACTION_NEEDS_REASON)
    if voc.responded_on and voc.heard_on and voc.responded_on < voc.heard_on:
        add("responded_on", RESPONDED_BEFORE_HEARD)
    return errors


def save_voc(*, voc: VoiceOfCustomer) -> VoiceOfCustomer:
    voc.full_clean()
    _same_organization(
        voc,
        channel=voc.channel,
        segment=voc.segment,
        response_owner=voc.response_owner if voc.response_owner_id else None,
    )
    errors = voc_rule_errors(voc)
    if errors:
        raise ValidationError(errors)
    voc.save()
    return voc


def delete_voc(*, voc: VoiceOfCustomer) -> None:
    voc.delete()
