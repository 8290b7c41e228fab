"""Analysis pages: the power-interest grid, the roll-up from departments to business lines,
the voice-of-stakeholders matrix (and the voices behind each cell), and plan progress by unit.
Read-only, for every member."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from seam_scm.tenancy.models import OrgUnit
from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view

from .. import analysis_selectors, plan_selectors
from ..models import Quadrant, StakeholderGroup, VoiceOfStakeholder
from ..selectors import filters_from_query

GET = ("GET",)


def _number(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _filter_choices() -> dict:
    return {
        "groups": StakeholderGroup.objects.order_by("order", "code"),
        "units": OrgUnit.objects.filter(
            kind__in=[OrgUnit.Kind.LINE, OrgUnit.Kind.DEPARTMENT]
        ).order_by("code"),
    }


@org_view(Action.VIEW, methods=GET)
def grid(request: HttpRequest) -> HttpResponse:
    # The same filters as the stakeholder list; the grid's form offers group and unit.
    filters = filters_from_query(request.GET)
    context = {
        "grid": analysis_selectors.power_interest_grid(filters),
        "filters": filters,
        "quadrants": Quadrant,
        **_filter_choices(),
    }
    return render(request, "stakeholders/grid.html", context)


@org_view(Action.VIEW, methods=GET)
def rollup(request: HttpRequest) -> HttpResponse:
    context = {"rollup": analysis_selectors.rollup(), "quadrants": Quadrant}
    return render(request, "stakeholders/rollup.html", context)


@org_view(Action.VIEW, methods=GET)
def vos_matrix(request: HttpRequest) -> HttpResponse:
    context = {"matrix": analysis_selectors.vos_matrix()}
    return render(request, "stakeholders/vos_matrix.html", context)


@org_view(Action.VIEW, methods=GET)
def vos_list(request: HttpRequest) -> HttpResponse:
    group = _number(request.GET.get("group"))
    polarity = request.GET.get("polarity", "")
    search = request.GET.get("q", "")
    voices = analysis_selectors.voice_list(group=group, polarity=polarity, search=search)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": Paginator(voices, 25).get_page(request.GET.get("page")),
        "group": group,
        "polarity": polarity,
        "search": search,
        "groups": StakeholderGroup.objects.order_by("order", "code"),
        "polarities": VoiceOfStakeholder.Polarity.choices,
        "query_string": params.urlencode(),
    }
    return render(request, "stakeholders/vos_matrix_list.html", context)


@org_view(Action.VIEW, methods=GET)
def plan_progress(request: HttpRequest) -> HttpResponse:
    start_month = request.organization.fiscal_year_start_month
    year = plan_selectors.chosen_fiscal_year(request.GET.get("year"), start_month)
    units, total = plan_selectors.plan_progress_by_unit(year.year)
    years = sorted(set(plan_selectors.plan_years()) | {year.year}, reverse=True)
    context = {"year": year, "years": years, "units": units, "total": total}
    return render(request, "stakeholders/plan_progress.html", context)


urlpatterns = [
    path("grid/", grid, name="grid"),
    path("rollup/", rollup, name="rollup"),
    path("vos-matrix/", vos_matrix, name="vos_matrix"),
    path("vos/", vos_list, name="vos_list"),
    path("plan-progress/", plan_progress, name="plan_progress"),
]
