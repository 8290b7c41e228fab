"""The criteria library pages, outside /o/<org>/: platform data every organization shares.

Any logged-in person may read the frameworks, their versions and trees, and export a version
to Excel. Platform administrators (`is_staff`) import a workbook as a draft version and
publish drafts; everyone else gets 403. Only published versions can be chosen for cycles.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seam_scm.spreadsheets.sheets import ImportFileError, read_upload
from seam_scm.spreadsheets.writing import xlsx_response

from .. import library, library_selectors, library_spreadsheet
from ..models import FrameworkVersion


def _require_staff(request: HttpRequest) -> None:
    if not request.user.is_staff:
        raise PermissionDenied(_("Only platform administrators may change the criteria library."))


class VersionImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        help_text=gettext_lazy("An export of a version, completed or corrected."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    label = forms.CharField(
        label=gettext_lazy("Version label"),
        max_length=FrameworkVersion._meta.get_field("label").max_length,
        required=False,
        help_text=gettext_lazy(
            "For example the manual's edition: 2567. Empty: the label on the workbook's sheet "
            "“framework”. A published version's label cannot be used again."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.cleaned_data["data"] = read_upload(upload)  # a workbook within the limits
        return upload


@login_required
@require_GET
def framework_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "assessments/library/framework_list.html",
        {"frameworks": library_selectors.framework_list()},
    )


@login_required
@require_GET
def version_detail(request: HttpRequest, framework_version_pk: int) -> HttpResponse:
    page = library_selectors.version_page(framework_version_pk)
    return render(request, "assessments/library/version_detail.html", {"page": page})


@login_required
@require_GET
def version_export(request: HttpRequest, framework_version_pk: int) -> HttpResponse:
    version = library_selectors.version(framework_version_pk)
    workbook = library_spreadsheet.export_workbook(version)
    return xlsx_response(workbook, library_spreadsheet.export_filename(version))


@login_required
@require_http_methods(["GET", "POST"])
def version_import(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form = VersionImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            result = library_spreadsheet.import_version(
                form.cleaned_data["data"], label=form.cleaned_data["label"]
            )
        except ImportFileError as error:
            form.add_error("file", error.messages)
        else:
            if result.is_clean:
                version = result.version
                messages.success(
                    request,
                    _(
                        "Draft version %(label)s of %(framework)s loaded. Check it, then publish "
                        "it to make it available for assessment cycles."
                    )
                    % {"label": version.label, "framework": version.framework.title},
                )
                return redirect("library:version_detail", framework_version_pk=version.pk)
            errors = result.errors
    return render(
        request, "assessments/library/version_import.html", {"form": form, "errors": errors}
    )


@login_required
@require_POST
def version_publish(request: HttpRequest, framework_version_pk: int) -> HttpResponse:
    _require_staff(request)
    version = library_selectors.version(framework_version_pk)
    if version.is_published:
        messages.info(request, _("This version is already published."))
    else:
        library.publish_version(version)
        messages.success(
            request,
            _("Version %(label)s is published: organizations can now assess against it.")
            % {"label": version.label},
        )
    return redirect("library:version_detail", framework_version_pk=version.pk)


urlpatterns = [
    path("", framework_list, name="framework_list"),
    path("import/", version_import, name="version_import"),
    path("<int:framework_version_pk>/", version_detail, name="version_detail"),
    path("<int:framework_version_pk>/export/", version_export, name="version_export"),
    path("<int:framework_version_pk>/publish/", version_publish, name="version_publish"),
]
