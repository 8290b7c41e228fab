"""Pages of the customer records: products and services, segments, listening channels, VOC and
the comparison of VOC importance across the four categories (criterion 2 level 2).

Reading needs Action.VIEW (assessors read everything: these records hold no personal data),
writing Action.EDIT_RECORDS.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from seam_scm.forms import add_service_errors
from seam_scm.history import history_of
from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view

from .. import record_selectors as selectors
from .. import record_services as services
from ..forms import (
    ChannelFilterForm,
    ChannelForm,
    ProductFilterForm,
    ProductForm,
    SegmentFilterForm,
    SegmentForm,
    VocFilterForm,
    VocForm,
)
from ..models import CustomerSegment, ListeningChannel, ProductService, VoiceOfCustomer

PAGE_SIZE = 25
GET = ("GET",)
POST = ("POST",)


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _filtered(request: HttpRequest, keys) -> bool:
    return any(request.GET.get(key) for key in keys)


def _get_or_404(read, pk: int):
    try:
        return read(pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def _delete(request, delete, record, *, done: str, to_list: str, to_detail: str, pk_name: str):
    try:
        delete(record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"customers:{to_detail}", org_slug=request.organization.slug,
                        **{pk_name: record.pk})  # fmt: skip
    messages.success(request, done)
    return redirect(f"customers:{to_list}", org_slug=request.organization.slug)


# --- products and services -------------------------------------------------------------------


@org_view(methods=GET)
def product_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.product_filters_from_query(request.GET)
    page = Paginator(selectors.product_list(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter_form": ProductFilterForm(request.GET or None),
        "page": page,
        "products": page.object_list,
        "query_string": _query_without_page(request),
        "filtered": _filtered(request, ProductFilterForm.base_fields),
    }
    return render(request, "customers/product_list.html", context)


@org_view(Action.EDIT_RECORDS)
def product_create(request: HttpRequest) -> HttpResponse:
    return _edit_product(request, ProductService(organization=request.organization))


@org_view(Action.EDIT_RECORDS)
def product_edit(request: HttpRequest, product_pk: int) -> HttpResponse:
    return _edit_product(request, get_object_or_404(ProductService, pk=product_pk))


def _edit_product(request: HttpRequest, product: ProductService) -> HttpResponse:
    form = ProductForm(request.POST or None, instance=product, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        was_new = product.pk is None
        try:
            services.save_product(product=form.instance)
        except ValidationError as error:
            if was_new:
                product.pk = None
            add_service_errors(form, error)
        else:
            messages.success(request, _("Product or service saved."))
            return redirect(
                "customers:product_detail",
                org_slug=request.organization.slug,
                product_pk=product.pk,
            )
    context = {
        "form": form,
        "product": product if product.pk else None,
        "title": _("Edit product or service") if product.pk else _("New product or service"),
    }
    return render(request, "customers/product_form.html", context)


@org_view(methods=GET)
def product_detail(request: HttpRequest, product_pk: int) -> HttpResponse:
    product = _get_or_404(selectors.product, product_pk)
    context = {
        "product": product,
        "segments": selectors.segments_using(product),
        "journeys": selectors.journeys_of_product(product),
        "history": history_of(product),
    }
    return render(request, "customers/product_detail.html", context)


@org_view(Action.EDIT_RECORDS, methods=POST)
def product_delete(request: HttpRequest, product_pk: int) -> HttpResponse:
    product = get_object_or_404(ProductService, pk=product_pk)
    return _delete(
        request,
        lambda record: services.delete_product(product=record),
        product,
        done=_("Product or service deleted."),
        to_list="product_list",
        to_detail="product_detail",
        pk_name="product_pk",
    )


# --- segments --------------------------------------------------------------------------------


@org_view(methods=GET)
def segment_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()
    total = selectors.revenue_share_total()
    context = {
        "filter_form": SegmentFilterForm(request.GET or None),
        "segments": selectors.segment_list(search),
        "revenue_total": total,
        "revenue_over": total > 100,
        "filtered": bool(search),
    }
    return render(request, "customers/segment_list.html", context)


@org_view(Action.EDIT_RECORDS)
def segment_create(request: HttpRequest) -> HttpResponse:
    return _edit_segment(request, CustomerSegment(organization=request.organization))


@org_view(Action.EDIT_RECORDS)
def segment_edit(request: HttpRequest, segment_pk: int) -> HttpResponse:
    return _edit_segment(request, get_object_or_404(CustomerSegment, pk=segment_pk))


def _edit_segment(request: HttpRequest, segment: CustomerSegment) -> HttpResponse:
    form = SegmentForm(request.POST or None, instance=segment, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        was_new = segment.pk is None
        try:
            services.save_segment(segment=form.instance, products=form.cleaned_data["products"])
        except ValidationError as error:
            if was_new:
                segment.pk = None
            add_service_errors(form, error)
        else:
            messages.success(request, _("Segment saved."))
            return redirect(
                "customers:segment_detail",
                org_slug=request.organization.slug,
                segment_pk=segment.pk,
            )
    context = {
        "form": form,
        "segment": segment if segment.pk else None,
        "title": _("Edit segment") if segment.pk else _("New segment"),
    }
    return render(request, "customers/segment_form.html", context)


@org_view(methods=GET)
def segment_detail(request: HttpRequest, segment_pk: int) -> HttpResponse:
    segment = _get_or_404(selectors.segment, segment_pk)
    comparison = selectors.voc_comparison(
        segment=segment, start_month=request.organization.fiscal_year_start_month
    )
    context = {
        "segment": segment,
        "products": segment.products.all(),
        "channels": selectors.channels_hearing(segment),
        "latest_voc": selectors.latest_voc_of(segment),
        "comparison": comparison,
        "comparison_row": comparison.rows[0],
        "journeys": selectors.journeys_of_segment(segment),
        "history": history_of(segment),
    }
    return render(request, "customers/segment_detail.html", context)


@org_view(Action.EDIT_RECORDS, methods=POST)
def segment_delete(request: HttpRequest, segment_pk: int) -> HttpResponse:
    segment = get_object_or_404(CustomerSegment, pk=segment_pk)
    return _delete(
        request,
        lambda record: services.delete_segment(segment=record),
        segment,
        done=_("Segment deleted."),
        to_list="segment_list",
        to_detail="segment_detail",
        pk_name="segment_pk",
    )


# --- listening channels ----------------------------------------------------------------------


@org_view(methods=GET)
def channel_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.channel_filters_from_query(request.GET)
    channels = list(selectors.channel_list(filters))
    context = {
        "filter_form": ChannelFilterForm(request.GET or None),
        "groups": selectors.group_by_reach(channels),
        "channel_count": len(channels),
        "filtered": _filtered(request, ChannelFilterForm.base_fields),
    }
    return render(request, "customers/channel_list.html", context)


@org_view(Action.EDIT_RECORDS)
def channel_create(request: HttpRequest) -> HttpResponse:
    return _edit_channel(request, ListeningChannel(organization=request.organization))


@org_view(Action.EDIT_RECORDS)
def channel_edit(request: HttpRequest, channel_pk: int) -> HttpResponse:
    return _edit_channel(request, get_object_or_404(ListeningChannel, pk=channel_pk))


def _edit_channel(request: HttpRequest, channel: ListeningChannel) -> HttpResponse:
    form = ChannelForm(request.POST or None, instance=channel, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        was_new = channel.pk is None
        try:
            services.save_channel(channel=form.instance, segments=form.cleaned_data["segments"])
        except ValidationError as error:
            if was_new:
                channel.pk = None
            add_service_errors(form, error)
        else:
            messages.success(request, _("Listening channel saved."))
            return redirect(
                "customers:channel_detail",
                org_slug=request.organization.slug,
                channel_pk=channel.pk,
            )
    context = {
        "form": form,
        "channel": channel if channel.pk else None,
        "title": _("Edit listening channel") if channel.pk else _("New listening channel"),
    }
    return render(request, "customers/channel_form.html", context)


@org_view(methods=GET)
def channel_detail(request: HttpRequest, channel_pk: int) -> HttpResponse:
    channel = _get_or_404(selectors.channel, channel_pk)
    counts = selectors.voc_count_by_category(channel=channel)
    context = {
        "channel": channel,
        "segments": channel.segments.all(),
        "category_counts": counts,
        "voc_total": sum(row.count for row in counts),
        "history": history_of(channel),
    }
    return render(request, "customers/channel_detail.html", context)


@org_view(Action.EDIT_RECORDS, methods=POST)
def channel_delete(request: HttpRequest, channel_pk: int) -> HttpResponse:
    channel = get_object_or_404(ListeningChannel, pk=channel_pk)
    return _delete(
        request,
        lambda record: services.delete_channel(channel=record),
        channel,
        done=_("Listening channel deleted."),
        to_list="channel_list",
        to_detail="channel_detail",
        pk_name="channel_pk",
    )


# --- voice of the customer -------------------------------------------------------------------


@org_view(methods=GET)
def voc_list(request: HttpRequest) -> HttpResponse:
    start_month = request.organization.fiscal_year_start_month
    filters = selectors.voc_filters_from_query(request.GET, start_month=start_month)
    page = Paginator(selectors.voc_list(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    filter_form = VocFilterForm(
        request.GET or None, fiscal_years=selectors.voc_fiscal_years(start_month)
    )
    if request.GET:
        filter_form.is_valid()  # shows what could not be read, e.g. a malformed date
    context = {
        "filter_form": filter_form,
        "page": page,
        "voices": page.object_list,
        "query_string": _query_without_page(request),
        "filtered": _filtered(request, selectors.VOC_FILTER_KEYS),
    }
    return render(request, "customers/voc_list.html", context)


@org_view(Action.EDIT_RECORDS)
def voc_create(request: HttpRequest) -> HttpResponse:
    voc = VoiceOfCustomer(organization=request.organization)
    initial = {}
    for key in ("segment", "channel"):
        if (chosen := request.GET.get(key, "")).isdigit():
            initial[key] = int(chosen)
    return _edit_voc(request, voc, initial)


@org_view(Action.EDIT_RECORDS)
def voc_edit(request: HttpRequest, voc_pk: int) -> HttpResponse:
    return _edit_voc(request, get_object_or_404(VoiceOfCustomer, pk=voc_pk))


def _edit_voc(request: HttpRequest, voc: VoiceOfCustomer, initial=None) -> HttpResponse:
    form = VocForm(
        request.POST or None, instance=voc, initial=initial, organization=request.organization
    )
    if request.method == "POST" and form.is_valid():
        was_new = voc.pk is None
        try:
            services.save_voc(voc=form.instance)
        except ValidationError as error:
            if was_new:
                voc.pk = None
            add_service_errors(form, error)
        else:
            messages.success(request, _("VOC saved."))
            return redirect(
                "customers:voc_detail", org_slug=request.organization.slug, voc_pk=voc.pk
            )
    context = {
        "form": form,
        "voc": voc if voc.pk else None,
        "title": _("Edit VOC") if voc.pk else _("Record a VOC"),
    }
    return render(request, "customers/voc_form.html", context)


@org_view(methods=GET)
def voc_detail(request: HttpRequest, voc_pk: int) -> HttpResponse:
    voc = _get_or_404(selectors.voc, voc_pk)
    context = {"voc": voc, "history": history_of(voc)}
    return render(request, "customers/voc_detail.html", context)


@org_view(Action.EDIT_RECORDS, methods=POST)
def voc_delete(request: HttpRequest, voc_pk: int) -> HttpResponse:
    voc = get_object_or_404(VoiceOfCustomer, pk=voc_pk)
    return _delete(
        request,
        lambda record: services.delete_voc(voc=record),
        voc,
        done=_("VOC deleted."),
        to_list="voc_list",
        to_detail="voc_detail",
        pk_name="voc_pk",
    )


@org_view(methods=GET)
def voc_comparison(request: HttpRequest) -> HttpResponse:
    start_month = request.organization.fiscal_year_start_month
    years = selectors.voc_fiscal_years(start_month)
    chosen = request.GET.get("fiscal_year", "")
    year = int(chosen) if chosen.isdigit() and 2400 <= int(chosen) <= 2800 else None
    comparison = selectors.voc_comparison(year, start_month=start_month)
    if comparison.fiscal_year.year not in years:
        years = sorted({*years, comparison.fiscal_year.year}, reverse=True)
    context = {"comparison": comparison, "fiscal_years": years}
    return render(request, "customers/voc_comparison.html", context)


urlpatterns = [
    path("products/", product_list, name="product_list"),
    path("products/new/", product_create, name="product_create"),
    path("products/<int:product_pk>/", product_detail, name="product_detail"),
    path("products/<int:product_pk>/edit/", product_edit, name="product_edit"),
    path("products/<int:product_pk>/delete/", product_delete, name="product_delete"),
    path("segments/", segment_list, name="segment_list"),
    path("segments/new/", segment_create, name="segment_create"),
    path("segments/<int:segment_pk>/", segment_detail, name="segment_detail"),
    path("segments/<int:segment_pk>/edit/", segment_edit, name="segment_edit"),
    path("segments/<int:segment_pk>/delete/", segment_delete, name="segment_delete"),
    path("channels/", channel_list, name="channel_list"),
    path("channels/new/", channel_create, name="channel_create"),
    path("channels/<int:channel_pk>/", channel_detail, name="channel_detail"),
    path("channels/<int:channel_pk>/edit/", channel_edit, name="channel_edit"),
    path("channels/<int:channel_pk>/delete/", channel_delete, name="channel_delete"),
    path("voc/", voc_list, name="voc_list"),
    path("voc/new/", voc_create, name="voc_create"),
    path("voc/comparison/", voc_comparison, name="voc_comparison"),
    path("voc/<int:voc_pk>/", voc_detail, name="voc_detail"),
    path("voc/<int:voc_pk>/edit/", voc_edit, name="voc_edit"),
    path("voc/<int:voc_pk>/delete/", voc_delete, name="voc_delete"),
]
