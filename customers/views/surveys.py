"""Pages of satisfaction, dissatisfaction and engagement surveys, their results and trends.

Reading needs Action.VIEW, writing Action.EDIT_RECORDS. The report is an evidence file: its
link goes through the files app, so its access rules and download log apply.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from seam_scm.files.access import may_download
from seam_scm.forms import add_service_errors
from seam_scm.history import merged_history
from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view

from .. import survey_selectors, survey_services
from ..models import Survey, SurveyResult
from ..survey_forms import SurveyFilterForm, SurveyForm, SurveyResultForm, TrendFilterForm

PAGE_SIZE = 25
POST = ("POST",)
GET = ("GET",)


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _to_survey(request: HttpRequest, survey_pk: int, anchor: str = "") -> HttpResponse:
    url = reverse(
        "customers:survey_detail",
        kwargs={"org_slug": request.organization.slug, "survey_pk": survey_pk},
    )
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- surveys ---------------------------------------------------------------------------------


@org_view(methods=GET)
def survey_list(request: HttpRequest) -> HttpResponse:
    filters = survey_selectors.survey_filters(request.GET)
    page = Paginator(survey_selectors.survey_list(filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "filter_form": SurveyFilterForm(request.GET or None),
        "page": page,
        "surveys": page.object_list,
        "query_string": _query_without_page(request),
        "filtered": filters.active,
        "missing_years": survey_selectors.fiscal_years_without_external_survey(),
    }
    return render(request, "customers/survey_list.html", context)


@org_view(Action.EDIT_RECORDS)
def survey_create(request: HttpRequest) -> HttpResponse:
    return _edit_survey(request, Survey(organization=request.organization))


@org_view(Action.EDIT_RECORDS)
def survey_edit(request: HttpRequest, survey_pk: int) -> HttpResponse:
    return _edit_survey(request, get_object_or_404(Survey, pk=survey_pk))


def _edit_survey(request: HttpRequest, survey: Survey) -> HttpResponse:
    form = SurveyForm(
        request.POST or None,
        request.FILES or None,
        instance=survey,
        organization=request.organization,
    )
    if request.method == "POST" and form.is_valid():
        was_new = survey.pk is None
        try:
            survey_services.save_survey(
                survey=form.instance,
                report_upload=form.cleaned_data.get("report_file"),
                uploaded_by=request.user,
            )
        except ValidationError as error:
            if was_new:  # rolled back: the page must not link to a survey that is not there
                survey.pk = None
            add_service_errors(form, error)
        else:
            messages.success(request, _("Survey saved."))
            return _to_survey(request, survey.pk)
    context = {
        "form": form,
        "survey": survey if survey.pk else None,
        "title": _("Edit survey") if survey.pk else _("Record a survey"),
    }
    return render(request, "customers/survey_form.html", context)


@org_view(methods=GET)
def survey_detail(request: HttpRequest, survey_pk: int) -> HttpResponse:
    try:
        survey = survey_selectors.survey_detail(survey_pk)
    except Survey.DoesNotExist:
        raise Http404 from None
    return _render_detail(request, survey)


def _render_detail(request, survey: Survey, *, result_form=None, status=200) -> HttpResponse:
    report = survey.report
    context = {
        "survey": survey,
        "report": report,
        "report_downloadable": report is not None and may_download(request.membership, report),
        "measures": survey_selectors.results_by_measure(survey),
        "result_form": result_form or SurveyResultForm(survey=survey),
        "internal_annual": survey.survey_type == Survey.SurveyType.ANNUAL
        and not survey.is_external_annual,
        "internal_annual_note": survey_services.INTERNAL_ANNUAL_NOTE,
        "history": merged_history(
            survey,
            SurveyResult,
            "survey",
            lambda row: (
                _("Result: %(measure)s, %(dimension)s")
                % {"measure": row.get_measure_display(), "dimension": row.dimension}
            ),
        ),
    }
    return render(request, "customers/survey_detail.html", context, status=status)


# --- results ---------------------------------------------------------------------------------


@org_view(Action.EDIT_RECORDS)
def survey_result_create(request: HttpRequest, survey_pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=survey_pk)
    return _edit_result(request, survey, SurveyResult())


@org_view(Action.EDIT_RECORDS)
def survey_result_edit(request: HttpRequest, survey_result_pk: int) -> HttpResponse:
    result = get_object_or_404(SurveyResult.objects.select_related("survey"), pk=survey_result_pk)
    return _edit_result(request, result.survey, result)


def _edit_result(request, survey: Survey, result: SurveyResult) -> HttpResponse:
    form = SurveyResultForm(request.POST or None, instance=result, survey=survey)
    if request.method == "POST" and form.is_valid():
        try:
            survey_services.save_result(result=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Survey result saved."))
            return _to_survey(request, survey.pk, "results")
    context = {
        "form": form,
        "survey": survey,
        "result": result if result.pk else None,
        "title": _("Edit survey result") if result.pk else _("Add a survey result"),
    }
    return render(request, "customers/survey_result_form.html", context)


@org_view(Action.EDIT_RECORDS, methods=POST)
def survey_result_delete(request: HttpRequest, survey_result_pk: int) -> HttpResponse:
    result = get_object_or_404(SurveyResult, pk=survey_result_pk)
    survey_services.delete_result(result=result)
    messages.success(request, _("Survey result deleted."))
    return _to_survey(request, result.survey_id, "results")


# --- trends ----------------------------------------------------------------------------------


@org_view(methods=GET)
def survey_trends(request: HttpRequest) -> HttpResponse:
    form = TrendFilterForm(request.GET or None)
    arguments = form.trend_arguments()
    trends = survey_selectors.survey_trends(**arguments)
    context = {
        "filter_form": form,
        "trends": trends,
        "charts": [(trend, survey_selectors.line_chart(trend)) for trend in trends.measures],
        "normalisation": survey_selectors.NORMALISATION,
        "missing_years": survey_selectors.fiscal_years_without_external_survey(),
    }
    return render(request, "customers/survey_trends.html", context)


urlpatterns = [
    path("surveys/", survey_list, name="survey_list"),
    path("surveys/new/", survey_create, name="survey_create"),
    path("surveys/trends/", survey_trends, name="survey_trends"),
    path("surveys/<int:survey_pk>/", survey_detail, name="survey_detail"),
    path("surveys/<int:survey_pk>/edit/", survey_edit, name="survey_edit"),
    path("surveys/<int:survey_pk>/results/new/", survey_result_create, name="survey_result_create"),
    path(
        "surveys/results/<int:survey_result_pk>/edit/",
        survey_result_edit,
        name="survey_result_edit",
    ),
    path(
        "surveys/results/<int:survey_result_pk>/delete/",
        survey_result_delete,
        name="survey_result_delete",
    ),
]
