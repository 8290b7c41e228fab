"""Relationship plans: a governed document per business line and fiscal year, its items (while
the latest version is a draft) and the progress recorded on approved items during the year.

Submitting and approving happen on the approvals pages; these pages link there.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from seam_scm.forms import add_service_errors
from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view
from seam_scm.thai.dates import current_fiscal_year

from .. import plan_selectors, plan_services
from ..models import PlanItem, PlanItemProgress, RelationshipPlan
from ..plan_forms import PlanCreateForm, PlanItemForm, ProgressForm, YearForm

GET = ("GET",)
POST = ("POST",)


def _plan(plan_pk: int) -> RelationshipPlan:
    return get_object_or_404(
        RelationshipPlan.objects.select_related("business_line", "document", "organization"),
        pk=plan_pk,
    )


def _item(plan_item_pk: int) -> PlanItem:
    """An item with its version and plan (the plan is the version's document's plan)."""
    item = get_object_or_404(
        PlanItem.objects.select_related(
            "version__document__relationship_plan__business_line", "stakeholder", "owner_unit"
        ),
        pk=plan_item_pk,
        version__document__relationship_plan__isnull=False,
    )
    item.plan = item.version.document.relationship_plan
    return item


def _to_plan(request: HttpRequest, plan: RelationshipPlan) -> HttpResponse:
    return redirect("stakeholders:plan", org_slug=request.organization.slug, plan_pk=plan.pk)


@org_view(methods=GET)
def plan_list(request: HttpRequest) -> HttpResponse:
    filters = YearForm(request.GET or None)
    year = filters.cleaned_data.get("year") if filters.is_valid() else None
    context = {
        "plans": plan_selectors.plan_list(year),
        "years": plan_selectors.plan_years(),
        "year": year,
    }
    return render(request, "stakeholders/plan_list.html", context)


@org_view(Action.EDIT_RECORDS)
def plan_create(request: HttpRequest) -> HttpResponse:
    start_month = request.organization.fiscal_year_start_month
    form = PlanCreateForm(
        request.POST or None, initial={"fiscal_year": current_fiscal_year(start_month).year}
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_services.create_plan(
                organization=request.organization, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Plan created; add its items to the first draft."))
            return _to_plan(request, plan)
    return render(request, "stakeholders/plan_form.html", {"form": form})


@org_view(methods=GET)
def plan_detail(request: HttpRequest, plan_pk: int) -> HttpResponse:
    view = plan_selectors.plan_view(_plan(plan_pk))
    return render(request, "stakeholders/plan_detail.html", {"view": view, "plan": view.plan})


def _refuse_frozen(request: HttpRequest, plan: RelationshipPlan) -> HttpResponse:
    messages.error(request, str(plan_services.NOT_EDITABLE))
    return _to_plan(request, plan)


def _save_item(request: HttpRequest, plan: RelationshipPlan, item: PlanItem) -> HttpResponse:
    form = PlanItemForm(
        request.POST or None,
        request.FILES or None,
        instance=item,
        start_month=request.organization.fiscal_year_start_month,
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.save_plan_item(
                form.instance,
                by=request.user,
                unit_plan_upload=form.cleaned_data.get("unit_plan_file"),
                unit_plan_title=form.cleaned_data.get("unit_plan_title", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Plan item saved."))
            return _to_plan(request, plan)
    context = {"form": form, "plan": plan, "item": item if item.pk else None}
    return render(request, "stakeholders/plan_item_form.html", context)


@org_view(Action.EDIT_RECORDS)
def plan_item_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = _plan(plan_pk)
    latest = plan.document.versions.order_by("-number").first()
    if not latest.is_editable:
        return _refuse_frozen(request, plan)
    return _save_item(request, plan, PlanItem(organization=request.organization, version=latest))


@org_view(Action.EDIT_RECORDS)
def plan_item_edit(request: HttpRequest, plan_item_pk: int) -> HttpResponse:
    item = _item(plan_item_pk)
    if not item.version.is_editable:
        return _refuse_frozen(request, item.plan)
    return _save_item(request, item.plan, item)


@org_view(Action.EDIT_RECORDS, methods=POST)
def plan_item_delete(request: HttpRequest, plan_item_pk: int) -> HttpResponse:
    item = _item(plan_item_pk)
    try:
        plan_services.delete_plan_item(item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Plan item deleted."))
    return _to_plan(request, item.plan)


@org_view(Action.EDIT_RECORDS)
def plan_progress_edit(request: HttpRequest, plan_item_pk: int) -> HttpResponse:
    item = _item(plan_item_pk)
    plan = item.plan
    progress = PlanItemProgress.objects.filter(plan=plan, item_key=item.key).first()
    form = ProgressForm(request.POST or None, instance=progress)
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.record_progress(plan=plan, item_key=item.key, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Progress saved."))
            return _to_plan(request, plan)
    elif request.method == "GET":
        try:
            plan_services.check_progress_allowed(plan=plan, item_key=item.key)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return _to_plan(request, plan)
    context = {"form": form, "plan": plan, "item": item}
    return render(request, "stakeholders/plan_progress_form.html", context)


urlpatterns = [
    path("plans/", plan_list, name="plans"),
    path("plans/new/", plan_create, name="plan_create"),
    path("plans/<int:plan_pk>/", plan_detail, name="plan"),
    path("plans/<int:plan_pk>/items/new/", plan_item_create, name="plan_item_create"),
    path("plans/items/<int:plan_item_pk>/edit/", plan_item_edit, name="plan_item_edit"),
    path("plans/items/<int:plan_item_pk>/delete/", plan_item_delete, name="plan_item_delete"),
    path("plans/items/<int:plan_item_pk>/progress/", plan_progress_edit, name="plan_progress_edit"),
]
