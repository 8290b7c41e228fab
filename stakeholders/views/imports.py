"""Excel import and export of the stakeholder database.

- import_template: the workbook to fill in, with this organization's group and unit codes;
- import: upload -> every row checked -> a preview with counts and every problem by sheet,
  row and column; a clean file is kept as evidence and can then be confirmed;
- import_confirm: reads the kept file again, validates it again, imports it all or nothing;
- export: the list page's rows (same filters) as a workbook in the import's layout; contacts of
  representatives only for roles that may see personal data.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seam_scm.tenancy.roles import Action, role_allows
from seam_scm.tenancy.views import org_view

from .. import import_services, selectors, spreadsheets
from ..spreadsheets import ImportFileError


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        help_text=gettext_lazy("The import template filled in, or an edited export."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class ImportConfirmForm(forms.Form):
    file = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


@org_view(methods=("GET",))
def import_template(request: HttpRequest) -> HttpResponse:
    workbook = spreadsheets.build_template(organization=request.organization)
    return spreadsheets.xlsx_response(
        workbook, spreadsheets.template_filename(request.organization)
    )


@org_view(Action.EDIT_RECORDS)
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            preview = import_services.preview_import(
                organization=request.organization,
                by=request.user,
                upload=form.cleaned_data["file"],
            )
        except ImportFileError as error:
            form.add_error("file", error.messages)
        else:
            return _render_preview(request, preview.plan, preview.attachment)
    return render(request, "stakeholders/import.html", {"form": form})


def _render_preview(request: HttpRequest, plan, attachment, status: int = 200) -> HttpResponse:
    context = {
        "plan": plan,
        "counts": plan.counts(),
        "attachment": attachment,
        "confirm_form": ImportConfirmForm(initial={"file": attachment.pk}) if attachment else None,
        "upload_form": ImportUploadForm(),
    }
    return render(request, "stakeholders/import_preview.html", context, status=status)


@org_view(Action.EDIT_RECORDS, methods=("POST",))
def import_confirm(request: HttpRequest) -> HttpResponse:
    form = ImportConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Upload the file again: the import to confirm was not found."))
        return redirect("stakeholders:import", org_slug=request.organization.slug)
    attachment = get_object_or_404(
        import_services.import_files(request.organization).select_related("current_version"),
        pk=form.cleaned_data["file"],
    )
    try:
        plan = import_services.confirm_import(
            organization=request.organization, by=request.user, attachment=attachment
        )
    except import_services.ImportRefused as refused:
        # The data changed since the preview (a code taken, a unit removed): show why.
        messages.error(request, _("The file no longer imports cleanly; nothing was imported."))
        return _render_preview(request, refused.plan, None, status=409)
    except ImportFileError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("stakeholders:import", org_slug=request.organization.slug)
    except ValidationError as error:
        # Refused while saving (e.g. someone created the same code a moment ago): all rolled back.
        messages.error(
            request,
            _("Nothing was imported: %(reason)s") % {"reason": " ".join(error.messages)},
        )
        return redirect("stakeholders:import", org_slug=request.organization.slug)
    counts = plan.counts()
    messages.success(
        request,
        _(
            "Imported: %(new_profiles)s new and %(updated_profiles)s updated profiles, "
            "%(new_voices)s new and %(updated_voices)s updated VOS."
        )
        % counts,
    )
    return redirect("stakeholders:list", org_slug=request.organization.slug)


@org_view(methods=("GET",))
def export(request: HttpRequest) -> HttpResponse:
    filters = selectors.filters_from_query(request.GET)
    workbook = spreadsheets.export_workbook(
        organization=request.organization,
        filters=filters,
        personal_data=role_allows(request.membership.role, Action.VIEW_PERSONAL_DATA),
    )
    filename = spreadsheets.export_filename(request.organization, filters.today)
    return spreadsheets.xlsx_response(workbook, filename)


urlpatterns = [
    path("import/", import_upload, name="import"),
    path("import/confirm/", import_confirm, name="import_confirm"),
    path("import/template/", import_template, name="import_template"),
    path("export/", export, name="export"),
]
