"""The Excel import of historical complaint cases.

- case_import_template: the workbook to fill in, with the policy in force's channels and
  categories, the severities, the units and the lawful bases (any member may download it: it
  holds no personal data);
- case_import: upload -> every row checked -> a preview with the cases it would register and
  their final states, or every problem by row and column; a clean file is kept as evidence and
  can then be confirmed (coordinators and editors, the roles that may see complainants'
  personal data, which the file holds);
- case_import_confirm: reads the kept file again, validates it again and imports it all or
  nothing.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy

from seam_scm.spreadsheets import views as import_pages
from seam_scm.spreadsheets.writing import xlsx_response
from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view

from .. import import_services, policy_selectors, spreadsheets

PAGES = import_pages.ImportPages(
    importer=import_services.IMPORTER,
    upload_template="complaints/import.html",
    preview_template="complaints/import_preview.html",
    upload_url="complaints:case_import",
    confirm_url="complaints:case_import_confirm",
    done_url="complaints:case_list",
    done_message=gettext_lazy("Imported %(new_cases)s complaint cases."),
)

RECENT_IMPORTS = 5


@org_view(methods=("GET",))
def case_import_template(request: HttpRequest) -> HttpResponse:
    workbook = spreadsheets.build_template(organization=request.organization)
    return xlsx_response(workbook, spreadsheets.template_filename(request.organization))


@org_view(Action.EDIT_RECORDS)
def case_import(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return import_pages.upload_page(request, PAGES)
    context = {
        "form": import_pages.ImportUploadForm(),
        "policy": policy_selectors.policy_in_force(),
        "recent_imports": import_services.recent_import_files(limit=RECENT_IMPORTS),
    }
    return render(request, PAGES.upload_template, context)


@org_view(Action.EDIT_RECORDS, methods=("POST",))
def case_import_confirm(request: HttpRequest) -> HttpResponse:
    return import_pages.confirm_page(request, PAGES)


urlpatterns = [
    path("cases/import/", case_import, name="case_import"),
    path("cases/import/confirm/", case_import_confirm, name="case_import_confirm"),
    path("cases/import/template/", case_import_template, name="case_import_template"),
]
