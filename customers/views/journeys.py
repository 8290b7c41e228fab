"""Pages of customer journey maps: the list, a map as a swimlane of its stages, and the
coverage of its critical points by the service charter's guidelines.

Reading needs Action.VIEW, writing Action.EDIT_RECORDS.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from seam_scm.forms import add_service_errors
from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view

from .. import journey_selectors, journey_services
from ..journey_forms import JourneyFilterForm, JourneyForm, JourneyStageForm
from ..models import JourneyMap, JourneyStage

PAGE_SIZE = 25
POST = ("POST",)
GET = ("GET",)


def _to_journey(request: HttpRequest, journey_pk: int, anchor: str = "") -> HttpResponse:
    url = reverse(
        "customers:journey_detail",
        kwargs={"org_slug": request.organization.slug, "journey_pk": journey_pk},
    )
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- journey maps ----------------------------------------------------------------------------


@org_view(methods=GET)
def journey_list(request: HttpRequest) -> HttpResponse:
    filter_form = JourneyFilterForm(request.GET or None)
    segment_id = filter_form.segment_id()
    page = Paginator(journey_selectors.journey_list(segment_id), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "filter_form": filter_form,
        "page": page,
        "journeys": page.object_list,
        "query_string": params.urlencode(),
        "filtered": segment_id is not None,
        "charter_version": journey_selectors.coverage_version(),
    }
    return render(request, "customers/journey_list.html", context)


@org_view(Action.EDIT_RECORDS)
def journey_create(request: HttpRequest) -> HttpResponse:
    journey = JourneyMap(organization=request.organization)
    initial = {}
    if (chosen := request.GET.get("segment", "")).isdigit():
        initial["segment"] = int(chosen)
    return _edit_journey(request, journey, initial)


@org_view(Action.EDIT_RECORDS)
def journey_edit(request: HttpRequest, journey_pk: int) -> HttpResponse:
    return _edit_journey(request, get_object_or_404(JourneyMap, pk=journey_pk))


def _edit_journey(request: HttpRequest, journey: JourneyMap, initial=None) -> HttpResponse:
    form = JourneyForm(
        request.POST or None, instance=journey, initial=initial, organization=request.organization
    )
    if request.method == "POST" and form.is_valid():
        was_new = journey.pk is None
        try:
            journey_services.save_journey(journey=form.instance)
        except ValidationError as error:
            if was_new:
                journey.pk = None
            add_service_errors(form, error)
        else:
            messages.success(request, _("Journey map saved."))
            return _to_journey(request, journey.pk)
    context = {
        "form": form,
        "journey": journey if journey.pk else None,
        "title": _("Edit journey map") if journey.pk else _("New journey map"),
    }
    return render(request, "customers/journey_form.html", context)


@org_view(methods=GET)
def journey_detail(request: HttpRequest, journey_pk: int) -> HttpResponse:
    try:
        journey = journey_selectors.journey_detail(journey_pk)
    except JourneyMap.DoesNotExist:
        raise Http404 from None
    versions = journey_selectors.charter_versions()
    coverage = journey_selectors.critical_point_coverage(journey, versions=versions)
    covered = {point.stage.pk: point for point in coverage}
    context = {
        "journey": journey,
        "stages": [
            (stage, covered.get(stage.pk)) for stage in journey_selectors.stages_of(journey)
        ],
        "coverage": coverage,
        "uncovered": [point for point in coverage if not point.covered],
        "charter_version": versions.reference,
        "open_version": versions.open,
        "history": journey_selectors.journey_history(journey),
    }
    return render(request, "customers/journey_detail.html", context)


# --- stages ----------------------------------------------------------------------------------


@org_view(Action.EDIT_RECORDS)
def journey_stage_create(request: HttpRequest, journey_pk: int) -> HttpResponse:
    journey = get_object_or_404(JourneyMap, pk=journey_pk)
    initial = {"order": journey_services.next_order(journey)}
    return _edit_stage(request, journey, JourneyStage(), initial)


@org_view(Action.EDIT_RECORDS)
def journey_stage_edit(request: HttpRequest, journey_stage_pk: int) -> HttpResponse:
    stage = get_object_or_404(JourneyStage.objects.select_related("journey"), pk=journey_stage_pk)
    return _edit_stage(request, stage.journey, stage)


def _edit_stage(request, journey: JourneyMap, stage: JourneyStage, initial=None) -> HttpResponse:
    form = JourneyStageForm(request.POST or None, instance=stage, initial=initial, journey=journey)
    if request.method == "POST" and form.is_valid():
        try:
            journey_services.save_stage(stage=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Journey stage saved."))
            return _to_journey(request, journey.pk, f"stage-{stage.pk}")
    context = {
        "form": form,
        "journey": journey,
        "stage": stage if stage.pk else None,
        "title": _("Edit journey stage") if stage.pk else _("Add a journey stage"),
    }
    return render(request, "customers/journey_stage_form.html", context)


@org_view(Action.EDIT_RECORDS, methods=POST)
def journey_stage_delete(request: HttpRequest, journey_stage_pk: int) -> HttpResponse:
    stage = get_object_or_404(JourneyStage, pk=journey_stage_pk)
    try:
        journey_services.delete_stage(stage=stage)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Journey stage deleted."))
    return _to_journey(request, stage.journey_id, "stages")


urlpatterns = [
    path("journeys/", journey_list, name="journey_list"),
    path("journeys/new/", journey_create, name="journey_create"),
    path("journeys/<int:journey_pk>/", journey_detail, name="journey_detail"),
    path("journeys/<int:journey_pk>/edit/", journey_edit, name="journey_edit"),
    path(
        "journeys/<int:journey_pk>/stages/new/", journey_stage_create, name="journey_stage_create"
    ),
    path(
        "journeys/stages/<int:journey_stage_pk>/edit/",
        journey_stage_edit,
        name="journey_stage_edit",
    ),
    path(
        "journeys/stages/<int:journey_stage_pk>/delete/",
        journey_stage_delete,
        name="journey_stage_delete",
    ),
]
