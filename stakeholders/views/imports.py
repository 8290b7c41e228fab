"""Excel import and export of the stakeholder database.

- import_template: the workbook to fill in, with this organization's group and unit codes;
- import: upload -> every row checked -> a preview with counts and every problem by sheet,
  row and column; a clean file is kept as evidence and can then be confirmed;
- import_confirm: reads the kept file again, validates it again, imports it all or nothing;
- export: the list page's rows (same filters) as a workbook in the import's layout; contacts of
  representatives only for roles that may see personal data.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy

from seam_scm.spreadsheets import views as import_pages
from seam_scm.spreadsheets.writing import xlsx_response
from seam_scm.tenancy.roles import Action, role_allows
from seam_scm.tenancy.views import org_view

from .. import import_services, privacy, selectors, spreadsheets

PAGES = import_pages.ImportPages(
    importer=import_services.IMPORTER,
    upload_template="stakeholders/import.html",
    preview_template="stakeholders/import_preview.html",
    upload_url="stakeholders:import",
    confirm_url="stakeholders:import_confirm",
    done_url="stakeholders:list",
    done_message=gettext_lazy(
        "Imported: %(new_profiles)s new and %(updated_profiles)s updated profiles, "
        "%(new_voices)s new and %(updated_voices)s updated VOS."
    ),
)


@org_view(methods=("GET",))
def import_template(request: HttpRequest) -> HttpResponse:
    workbook = spreadsheets.build_template(organization=request.organization)
    return xlsx_response(workbook, spreadsheets.template_filename(request.organization))


@org_view(Action.EDIT_RECORDS)
def import_upload(request: HttpRequest) -> HttpResponse:
    return import_pages.upload_page(request, PAGES)


@org_view(Action.EDIT_RECORDS, methods=("POST",))
def import_confirm(request: HttpRequest) -> HttpResponse:
    return import_pages.confirm_page(request, PAGES)


@org_view(methods=("GET",))
def export(request: HttpRequest) -> HttpResponse:
    filters = selectors.filters_from_query(request.GET)
    personal_data = role_allows(request.membership.role, Action.VIEW_PERSONAL_DATA)
    workbook = spreadsheets.export_workbook(
        organization=request.organization, filters=filters, personal_data=personal_data
    )
    filename = spreadsheets.export_filename(request.organization, filters.today)
    if personal_data:
        privacy.log_export(request.membership, filters, filename, path=request.get_full_path())
    return xlsx_response(workbook, filename)


urlpatterns = [
    path("import/", import_upload, name="import"),
    path("import/confirm/", import_confirm, name="import_confirm"),
    path("import/template/", import_template, name="import_template"),
    path("export/", export, name="export"),
]
