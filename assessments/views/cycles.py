"""Pages of an organization's assessment cycles: the list, a new cycle and its settings, the
criteria page an assessor walks through, the cycle's state moves, and the weighted scores.

Everyone in the organization reads (Action.VIEW); creating a cycle and changing its settings
is the coordinator's (Action.MANAGE_ORGANIZATION). Which role may move a cycle where is the
service's rule (services.CYCLE_MOVES): the move page only asks it, and answers 403 when it
refuses the role.
"""

from collections import Counter
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from seam_scm import charts
from seam_scm.forms import add_service_errors
from seam_scm.tenancy.roles import Action, role_allows
from seam_scm.tenancy.views import org_view

from .. import selectors, services
from ..forms import CycleCreateForm, CycleSettingsForm, MoveForm, settings_initial
from ..models import AssessmentCycle, CriterionStatus, CycleState

GET = ("GET",)
# A criterion whose due date has passed is overdue until the organization has done its part.
OPEN_STATUSES = (CriterionStatus.NOT_STARTED, CriterionStatus.IN_PROGRESS)
# The assessed scores mean something once the review has started.
ASSESSED_STATES = (CycleState.UNDER_REVIEW, CycleState.FINAL)
STATUS_COLOURS = {
    CriterionStatus.NOT_STARTED: "secondary",
    CriterionStatus.IN_PROGRESS: "info",
    CriterionStatus.READY_FOR_REVIEW: "primary",
    CriterionStatus.REVIEWED: "success",
}


def _cycle_or_404(cycle_pk: int) -> AssessmentCycle:
    try:
        return selectors.cycle(cycle_pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def _to_cycle(request: HttpRequest, cycle: AssessmentCycle) -> HttpResponse:
    return redirect(
        "assessments:cycle_detail", org_slug=request.organization.slug, cycle_pk=cycle.pk
    )


def _is_assessor(request: HttpRequest) -> bool:
    return role_allows(request.membership.role, Action.REVIEW_ASSESSMENTS)


def status_parts(counts) -> list[dict]:
    """Each criterion status with its count and share, in the order of the lifecycle."""
    total = sum(counts.values())
    return [
        {
            "status": value,
            "label": label,
            "count": counts.get(value, 0),
            "percent": round(100 * counts.get(value, 0) / total, 1) if total else 0,
            "colour": STATUS_COLOURS[value],
        }
        for value, label in CriterionStatus.choices
    ]


@org_view(methods=GET)
def cycle_list(request: HttpRequest) -> HttpResponse:
    cycles = list(selectors.cycle_list())
    summaries = selectors.cycle_summaries(cycles)
    for summary in summaries:
        summary.parts = status_parts(summary.status_counts)
    return render(request, "assessments/cycle_list.html", {"summaries": summaries})


@org_view(Action.MANAGE_ORGANIZATION)
def cycle_create(request: HttpRequest) -> HttpResponse:
    form = CycleCreateForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.create_cycle(organization=request.organization, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Cycle created with %(count)s criteria to self-assess.")
                % {"count": cycle.criteria.count()},
            )
            return _to_cycle(request, cycle)
    return render(request, "assessments/cycle_form.html", {"form": form, "cycle": None})


@org_view(Action.MANAGE_ORGANIZATION)
def cycle_edit(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    cycle = _cycle_or_404(cycle_pk)
    form = CycleSettingsForm(request.POST or None, initial=settings_initial(cycle))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_cycle(cycle=cycle, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Cycle settings saved."))
            return _to_cycle(request, cycle)
    return render(request, "assessments/cycle_form.html", {"form": form, "cycle": cycle})


@org_view(methods=GET)
def cycle_detail(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    """The criteria page: the tree with each criterion's claim, readiness, evidence, comments,
    owner and due date; the cycle's summary and the moves the viewer's role allows."""
    cycle = _cycle_or_404(cycle_pk)
    tree = selectors.cycle_tree(cycle)
    today = timezone.localdate()
    unbacked = []
    for row in tree.rows:
        assessment = row.assessment
        row.overdue = bool(
            assessment is not None
            and assessment.due_date
            and assessment.due_date < today
            and assessment.status in OPEN_STATUSES
        )
        if row.readiness is not None and row.readiness.is_backed is False:
            unbacked.append(row)
    context = {
        "cycle": cycle,
        "tree": tree,
        "total": tree.total,
        "status_parts": status_parts(tree.status_counts),
        "criteria_total": sum(tree.status_counts.values()),
        "unbacked": unbacked,
        "moves": services.allowed_moves(cycle, request.membership.role),
        # The assessors' levels: theirs to see while they work, everyone's once reviewed.
        "show_assessor_levels": _is_assessor(request) or cycle.is_final,
        "show_assessed_score": cycle.state in ASSESSED_STATES,
        "is_preparing": cycle.state == CycleState.PREPARING,
    }
    return render(request, "assessments/cycle_detail.html", context)


@org_view(methods=("POST",))
def cycle_move(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    """Move the cycle to the state posted as `to`. Finalizing asks for a confirmation first:
    a final cycle is frozen."""
    cycle = _cycle_or_404(cycle_pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the state the cycle moves to."))
        return _to_cycle(request, cycle)
    to, role = form.cleaned_data["to"], request.membership.role
    allowed = dict(services.allowed_moves(cycle, role))
    if to == CycleState.FINAL and to in allowed and not form.cleaned_data["confirmed"]:
        counts = Counter(cycle.criteria.values_list("status", flat=True))
        context = {
            "cycle": cycle,
            "words": allowed[to],
            "reviewed": counts.get(CriterionStatus.REVIEWED, 0),
            "total": sum(counts.values()),
        }
        return render(request, "assessments/cycle_move_confirm.html", context)
    try:
        moved = services.move_cycle(cycle=cycle, to=to, role=role, by=request.user)
    except ValidationError as error:
        if getattr(error, "code", None) == "role":
            raise PermissionDenied(error.messages[0]) from None
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The cycle is now “%(state)s”.") % {"state": moved.get_state_display()},
        )
    return _to_cycle(request, cycle)


def _change(row, final: bool) -> Decimal | None:
    """This cycle's score against the previous cycle's (its assessed score when final, else its
    claims; the previous is the assessors' score of a final cycle, else its claims)."""
    current = row.assessed if final else row.claimed
    if current is None or row.previous is None:
        return None
    return current - row.previous


def _left_out_reason(row) -> str:
    if row.counted:
        return ""
    if row.claimed is None:
        return _("No criteria under it to score.")
    if row.node.weight is None:
        return _("Weight not yet provided, while other parts have one.")
    return _("Left out of its parent's score.")


def module_charts(tree: selectors.CycleTree, *, show_assessed: bool) -> list[dict]:
    """One chart per module: the claimed, assessed and target level of each of its criteria."""
    result = []
    for module in tree.modules:
        rows = tree.criteria_of(module)
        if not rows:
            continue
        series = [
            charts.Series(_("Claimed"), [row.claimed for row in rows], charts.PALETTE[0]),
            charts.Series(
                _("Assessed"),
                [row.assessed if show_assessed else None for row in rows],
                charts.PALETTE[1],
            ),
            charts.Series(_("Target"), [row.target for row in rows], charts.PALETTE[2]),
        ]
        name = f"{module.node.code} {module.node.title}".strip()
        chart = charts.bar_chart(
            [row.node.code for row in rows],
            series,
            maximum=5,
            integer=True,
            title=_("Levels of the criteria of %(module)s") % {"module": name},
            description=_(
                "Bar chart, three bars per criterion: the claimed level, the assessors' level "
                "and the target level, from 0 to 5. — marks a level not yet known."
            ),
        )
        result.append({"module": module, "chart": chart, "id": f"chart-{module.node.pk}"})
    return result


@org_view(methods=GET)
def cycle_scores(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    cycle = _cycle_or_404(cycle_pk)
    tree = selectors.cycle_tree(cycle, with_readiness=False)
    show_assessed = cycle.state in ASSESSED_STATES
    for row in tree.rows:
        row.change = _change(row, cycle.is_final)
        row.left_out_reason = _left_out_reason(row)
    total = tree.total
    total.change = _change(total, cycle.is_final)
    context = {
        "cycle": cycle,
        "tree": tree,
        "total": total,
        "left_out": [row for row in tree.rows if not row.counted],
        "show_assessed": show_assessed,
        "charts": module_charts(tree, show_assessed=show_assessed),
    }
    return render(request, "assessments/cycle_scores.html", context)


urlpatterns = [
    path("", cycle_list, name="cycle_list"),
    path("new/", cycle_create, name="cycle_create"),
    path("<int:cycle_pk>/", cycle_detail, name="cycle_detail"),
    path("<int:cycle_pk>/edit/", cycle_edit, name="cycle_edit"),
    path("<int:cycle_pk>/move/", cycle_move, name="cycle_move"),
    path("<int:cycle_pk>/scores/", cycle_scores, name="cycle_scores"),
]
