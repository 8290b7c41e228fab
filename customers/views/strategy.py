"""The customer and market strategy (criterion 1.1): a governed document per plan period, its
strategic objectives and action plans (while the latest version is a draft), the cascade of
KPIs to units, staff and partners, and the record of how the plan was communicated.

Submitting and approving happen on the approvals pages; these pages link there.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from seam_scm.forms import add_service_errors
from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view
from seam_scm.thai.dates import current_fiscal_year

from .. import strategy_selectors, strategy_services
from ..models import (
    ActionPlanItem,
    CustomerStrategy,
    KpiCascade,
    PlanCommunication,
    StrategicObjective,
)
from ..strategy_forms import (
    ActionItemForm,
    CascadeForm,
    CommunicationForm,
    ObjectiveForm,
    StrategyCreateForm,
)

GET = ("GET",)
POST = ("POST",)


def _strategy(strategy_pk: int) -> CustomerStrategy:
    return get_object_or_404(
        CustomerStrategy.objects.select_related("document", "organization"), pk=strategy_pk
    )


def _content_row(model, pk: int):
    """An objective or item with its version and strategy (the version's document's)."""
    row = get_object_or_404(
        model.objects.select_related("version__document__customer_strategy__organization"),
        pk=pk,
        version__document__customer_strategy__isnull=False,
    )
    row.strategy = row.version.document.customer_strategy
    return row


def _strategy_url(request: HttpRequest, strategy: CustomerStrategy, version=None, anchor="") -> str:
    url = reverse(
        "customers:strategy_detail",
        kwargs={"org_slug": request.organization.slug, "strategy_pk": strategy.pk},
    )
    if version is not None:
        url += f"?version={version.pk}"
    return url + (f"#{anchor}" if anchor else "")


def _to_strategy(request, strategy, version=None, anchor="") -> HttpResponse:
    return redirect(_strategy_url(request, strategy, version, anchor))


def _refuse_frozen(request: HttpRequest, strategy: CustomerStrategy) -> HttpResponse:
    messages.error(request, str(strategy_services.NOT_EDITABLE))
    return _to_strategy(request, strategy)


def _form_page(request, form, strategy, *, title: str, cancel: str, intro: str = ""):
    context = {"form": form, "strategy": strategy, "title": title, "cancel_url": cancel}
    context["intro"] = intro
    return render(request, "customers/strategy_record_form.html", context)


# --- strategies ----------------------------------------------------------------------------


@org_view(methods=GET)
def strategy_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "customers/strategy_list.html",
        {"strategies": strategy_selectors.strategy_list()},
    )


@org_view(Action.EDIT_RECORDS)
def strategy_create(request: HttpRequest) -> HttpResponse:
    year = current_fiscal_year(request.organization.fiscal_year_start_month).year
    form = StrategyCreateForm(
        request.POST or None, initial={"first_year": year, "last_year": year + 4}
    )
    if request.method == "POST" and form.is_valid():
        try:
            strategy = strategy_services.create_strategy(
                organization=request.organization, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Strategy created; add its objectives and action plans to the draft.")
            )
            return _to_strategy(request, strategy)
    return render(request, "customers/strategy_form.html", {"form": form})


@org_view(methods=GET)
def strategy_detail(request: HttpRequest, strategy_pk: int) -> HttpResponse:
    strategy = _strategy(strategy_pk)
    chosen = request.GET.get("version", "")
    page = strategy_selectors.strategy_page(strategy, int(chosen) if chosen.isdigit() else None)
    return render(request, "customers/strategy_detail.html", {"page": page, "strategy": strategy})


# --- objectives ----------------------------------------------------------------------------


def _save_objective(request, strategy, objective: StrategicObjective) -> HttpResponse:
    form = ObjectiveForm(request.POST or None, instance=objective)
    if request.method == "POST" and form.is_valid():
        try:
            strategy_services.save_objective(form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Strategic objective saved."))
            return _to_strategy(request, strategy, objective.version, "objectives")
    title = _("Edit strategic objective") if objective.pk else _("New strategic objective")
    cancel = _strategy_url(request, strategy, objective.version, "objectives")
    return _form_page(request, form, strategy, title=title, cancel=cancel)


@org_view(Action.EDIT_RECORDS)
def objective_create(request: HttpRequest, strategy_pk: int) -> HttpResponse:
    strategy = _strategy(strategy_pk)
    latest = strategy_services.latest_version(strategy)
    if not latest.is_editable:
        return _refuse_frozen(request, strategy)
    order = latest.strategic_objectives.count() + 1
    objective = StrategicObjective(organization=request.organization, version=latest, order=order)
    return _save_objective(request, strategy, objective)


@org_view(Action.EDIT_RECORDS)
def objective_edit(request: HttpRequest, objective_pk: int) -> HttpResponse:
    objective = _content_row(StrategicObjective, objective_pk)
    if not objective.version.is_editable:
        return _refuse_frozen(request, objective.strategy)
    return _save_objective(request, objective.strategy, objective)


@org_view(Action.EDIT_RECORDS, methods=POST)
def objective_delete(request: HttpRequest, objective_pk: int) -> HttpResponse:
    objective = _content_row(StrategicObjective, objective_pk)
    try:
        strategy_services.delete_objective(objective=objective)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Strategic objective deleted."))
    return _to_strategy(request, objective.strategy, objective.version, "objectives")


# --- action plan items ---------------------------------------------------------------------


def _save_item(request, strategy, item: ActionPlanItem) -> HttpResponse:
    form = ActionItemForm(request.POST or None, instance=item, strategy=strategy)
    if request.method == "POST" and form.is_valid():
        try:
            strategy_services.save_action_item(form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Action plan item saved."))
            anchor = "long-term" if item.horizon == ActionPlanItem.Horizon.LONG_TERM else "annual"
            return _to_strategy(request, strategy, item.version, anchor)
    title = _("Edit action plan item") if item.pk else _("New action plan item")
    cancel = _strategy_url(request, strategy, item.version)
    intro = _(
        "Criterion 1.1 level 3 expects every item to name its objective, project, owner unit, "
        "KPI, target and budget, and the partners involved where there are some."
    )
    return _form_page(request, form, strategy, title=title, cancel=cancel, intro=intro)


@org_view(Action.EDIT_RECORDS)
def action_item_create(request: HttpRequest, strategy_pk: int) -> HttpResponse:
    strategy = _strategy(strategy_pk)
    latest = strategy_services.latest_version(strategy)
    if not latest.is_editable:
        return _refuse_frozen(request, strategy)
    horizon = request.GET.get("horizon", "")
    item = ActionPlanItem(
        organization=request.organization,
        version=latest,
        horizon=horizon if horizon in ActionPlanItem.Horizon.values else "",
    )
    year = request.GET.get("year", "")
    if year.isdigit() and strategy.first_year <= int(year) <= strategy.last_year:
        item.fiscal_year = int(year)
    return _save_item(request, strategy, item)


@org_view(Action.EDIT_RECORDS)
def action_item_edit(request: HttpRequest, action_item_pk: int) -> HttpResponse:
    item = _content_row(ActionPlanItem, action_item_pk)
    if not item.version.is_editable:
        return _refuse_frozen(request, item.strategy)
    return _save_item(request, item.strategy, item)


@org_view(Action.EDIT_RECORDS, methods=POST)
def action_item_delete(request: HttpRequest, action_item_pk: int) -> HttpResponse:
    item = _content_row(ActionPlanItem, action_item_pk)
    try:
        strategy_services.delete_action_item(item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Action plan item deleted."))
    return _to_strategy(request, item.strategy, item.version)


# --- KPI cascade ---------------------------------------------------------------------------


def _cascade(cascade_pk: int) -> KpiCascade:
    return get_object_or_404(
        KpiCascade.objects.select_related("strategy__document", "strategy__organization"),
        pk=cascade_pk,
    )


def _save_cascade(request, strategy, cascade: KpiCascade) -> HttpResponse:
    form = CascadeForm(
        request.POST or None,
        request.FILES or None,
        instance=cascade,
        strategy=strategy,
        initial=_cascade_initial(request, strategy) if cascade.pk is None else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            strategy_services.save_cascade(
                form.instance,
                by=request.user,
                evidence_upload=form.cleaned_data.get("evidence_file"),
                evidence_title=form.cleaned_data.get("evidence_title", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("KPI cascade saved."))
            return _to_strategy(request, strategy, anchor="cascade")
    title = _("Edit KPI cascade") if cascade.pk else _("Cascade a KPI")
    intro = _(
        "Hand the KPI and target of a strategic objective or action plan item down to a unit, "
        "a staff member or an external partner (criterion 1.1 level 3)."
    )
    cancel = _strategy_url(request, strategy, anchor="cascade")
    return _form_page(request, form, strategy, title=title, cancel=cancel, intro=intro)


def _cascade_initial(request, strategy) -> dict:
    """Opened from a row of the cascade matrix: that source, its KPI and target."""
    source = strategy_selectors.cascade_source(strategy, request.GET.get("source", ""))
    if source is None:
        return {}
    initial = {"source_key": str(source.key), "kpi": source.kpi, "target": source.target}
    kind = request.GET.get("kind", "")
    if kind in KpiCascade.RecipientKind.values:
        initial["recipient_kind"] = kind
    return initial


@org_view(Action.EDIT_RECORDS)
def cascade_create(request: HttpRequest, strategy_pk: int) -> HttpResponse:
    strategy = _strategy(strategy_pk)
    cascade = KpiCascade(organization=request.organization, strategy=strategy)
    return _save_cascade(request, strategy, cascade)


@org_view(Action.EDIT_RECORDS)
def cascade_edit(request: HttpRequest, cascade_pk: int) -> HttpResponse:
    cascade = _cascade(cascade_pk)
    return _save_cascade(request, cascade.strategy, cascade)


@org_view(Action.EDIT_RECORDS, methods=POST)
def cascade_delete(request: HttpRequest, cascade_pk: int) -> HttpResponse:
    cascade = _cascade(cascade_pk)
    strategy_services.delete_cascade(cascade=cascade)
    messages.success(
        request, _("KPI cascade deleted. Its evidence stays among the evidence files.")
    )
    return _to_strategy(request, cascade.strategy, anchor="cascade")


# --- communications ------------------------------------------------------------------------


def _communication(communication_pk: int) -> PlanCommunication:
    return get_object_or_404(
        PlanCommunication.objects.select_related("strategy__document", "strategy__organization"),
        pk=communication_pk,
    )


def _save_communication(request, strategy, communication: PlanCommunication) -> HttpResponse:
    initial = None
    if communication.pk is None:
        reference = strategy_services.reference_version(strategy)
        initial = {"version": reference.pk}
    form = CommunicationForm(
        request.POST or None,
        request.FILES or None,
        instance=communication,
        strategy=strategy,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            strategy_services.save_communication(
                form.instance,
                by=request.user,
                evidence_upload=form.cleaned_data.get("evidence_file"),
                evidence_title=form.cleaned_data.get("evidence_title", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Communication saved."))
            return _to_strategy(request, strategy, anchor="communications")
    title = (
        _("Edit communication") if communication.pk else _("Record how the plan was communicated")
    )
    cancel = _strategy_url(request, strategy, anchor="communications")
    return _form_page(request, form, strategy, title=title, cancel=cancel)


@org_view(Action.EDIT_RECORDS)
def communication_create(request: HttpRequest, strategy_pk: int) -> HttpResponse:
    strategy = _strategy(strategy_pk)
    communication = PlanCommunication(organization=request.organization, strategy=strategy)
    return _save_communication(request, strategy, communication)


@org_view(Action.EDIT_RECORDS)
def communication_edit(request: HttpRequest, communication_pk: int) -> HttpResponse:
    communication = _communication(communication_pk)
    return _save_communication(request, communication.strategy, communication)


@org_view(Action.EDIT_RECORDS, methods=POST)
def communication_delete(request: HttpRequest, communication_pk: int) -> HttpResponse:
    communication = _communication(communication_pk)
    strategy_services.delete_communication(communication=communication)
    messages.success(
        request, _("Communication deleted. Its evidence stays among the evidence files.")
    )
    return _to_strategy(request, communication.strategy, anchor="communications")


urlpatterns = [
    path("strategy/", strategy_list, name="strategy_list"),
    path("strategy/new/", strategy_create, name="strategy_create"),
    path("strategy/<int:strategy_pk>/", strategy_detail, name="strategy_detail"),
    path("strategy/<int:strategy_pk>/objectives/new/", objective_create, name="objective_create"),
    path("strategy/objectives/<int:objective_pk>/edit/", objective_edit, name="objective_edit"),
    path(
        "strategy/objectives/<int:objective_pk>/delete/",
        objective_delete,
        name="objective_delete",
    ),
    path("strategy/<int:strategy_pk>/items/new/", action_item_create, name="action_item_create"),
    path("strategy/items/<int:action_item_pk>/edit/", action_item_edit, name="action_item_edit"),
    path(
        "strategy/items/<int:action_item_pk>/delete/",
        action_item_delete,
        name="action_item_delete",
    ),
    path("strategy/<int:strategy_pk>/cascades/new/", cascade_create, name="cascade_create"),
    path("strategy/cascades/<int:cascade_pk>/edit/", cascade_edit, name="cascade_edit"),
    path("strategy/cascades/<int:cascade_pk>/delete/", cascade_delete, name="cascade_delete"),
    path(
        "strategy/<int:strategy_pk>/communications/new/",
        communication_create,
        name="communication_create",
    ),
    path(
        "strategy/communications/<int:communication_pk>/edit/",
        communication_edit,
        name="communication_edit",
    ),
    path(
        "strategy/communications/<int:communication_pk>/delete/",
        communication_delete,
        name="communication_delete",
    ),
]
