"""Excel import and export of the customer database: VOC and survey results.

- import_template: the workbook to fill in, with this organization's channel, segment, unit
  codes and its surveys (any member may download it);
- import: upload -> every row checked -> a preview with counts and every problem by sheet,
  row and column; a clean file is kept as evidence and can then be confirmed (editors);
- import_confirm: reads the kept file again, validates it again, imports it all or nothing;
- voc_export: the VOC list's rows (same filters) as a workbook in the import's layout;
- survey_results_export: every survey result, or one fiscal year's (?fiscal_year=2569).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy

from seam_scm.spreadsheets import views as import_pages
from seam_scm.spreadsheets.writing import xlsx_response
from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view

from .. import import_services, record_selectors, spreadsheets

GET = ("GET",)

PAGES = import_pages.ImportPages(
    importer=import_services.IMPORTER,
    upload_template="customers/import.html",
    preview_template="customers/import_preview.html",
    upload_url="customers:import",
    confirm_url="customers:import_confirm",
    done_url="customers:voc_list",
    done_message=gettext_lazy(
        "Imported: %(new_voc)s new and %(updated_voc)s updated VOC, %(new_survey_results)s new "
        "and %(updated_survey_results)s updated survey results."
    ),
)

RECENT_IMPORTS = 5


@org_view(methods=GET)
def import_template(request: HttpRequest) -> HttpResponse:
    workbook = spreadsheets.build_template(organization=request.organization)
    return xlsx_response(workbook, spreadsheets.template_filename(request.organization))


@org_view(Action.EDIT_RECORDS)
def import_upload(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return import_pages.upload_page(request, PAGES)
    context = {
        "form": import_pages.ImportUploadForm(),
        "recent_imports": import_services.recent_import_files(limit=RECENT_IMPORTS),
    }
    return render(request, PAGES.upload_template, context)


@org_view(Action.EDIT_RECORDS, methods=("POST",))
def import_confirm(request: HttpRequest) -> HttpResponse:
    return import_pages.confirm_page(request, PAGES)


@org_view(methods=GET)
def voc_export(request: HttpRequest) -> HttpResponse:
    filters = record_selectors.voc_filters_from_query(
        request.GET, start_month=request.organization.fiscal_year_start_month
    )
    workbook = spreadsheets.export_voc(organization=request.organization, filters=filters)
    filename = spreadsheets.voc_export_filename(request.organization, timezone.localdate())
    return xlsx_response(workbook, filename)


@org_view(methods=GET)
def survey_results_export(request: HttpRequest) -> HttpResponse:
    year = spreadsheets.fiscal_year_from_query(request.GET)
    workbook = spreadsheets.export_survey_results(
        organization=request.organization, fiscal_year=year
    )
    filename = spreadsheets.results_export_filename(
        request.organization, timezone.localdate(), year
    )
    return xlsx_response(workbook, filename)


urlpatterns = [
    path("import/", import_upload, name="import"),
    path("import/confirm/", import_confirm, name="import_confirm"),
    path("import/template/", import_template, name="import_template"),
    path("voc/export/", voc_export, name="voc_export"),
    path("surveys/results/export/", survey_results_export, name="survey_results_export"),
]
