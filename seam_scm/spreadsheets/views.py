"""The pages of an import: upload -> preview (counts, or every problem) -> confirm.

An app's own view functions keep their `org_view` decorators (the role they need) and hand
the request to `upload_page` and `confirm_page` with the app's ImportPages.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import imports
from .sheets import ImportFileError, ImportPlan


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        help_text=gettext_lazy("The import template filled in, or an edited export."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class ImportConfirmForm(forms.Form):
    file = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


@dataclass(frozen=True)
class ImportPages:
    """An app's import pages: what they import, how they look and where they lead."""

    importer: imports.Importer
    upload_template: str  # the upload page, with {{ form }}
    preview_template: str  # extends "spreadsheets/import_preview.html"
    upload_url: str  # URL names, each taking only org_slug
    confirm_url: str
    done_url: str  # where a confirmed import leads
    # The message after a confirmed import, formatted with the plan's counts().
    done_message: Promise | str


def upload_page(request: HttpRequest, pages: ImportPages) -> HttpResponse:
    """GET: the upload form. POST: the preview of the uploaded file, kept when clean."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            preview = imports.preview_import(
                pages.importer,
                organization=request.organization,
                by=request.user,
                upload=form.cleaned_data["file"],
            )
        except ImportFileError as error:
            form.add_error("file", error.messages)
        else:
            return _render_preview(request, pages, preview.plan, preview.attachment)
    return render(request, pages.upload_template, {"form": form})


def _render_preview(
    request: HttpRequest, pages: ImportPages, plan: ImportPlan, attachment, status: int = 200
) -> HttpResponse:
    counts = plan.counts()
    slug = request.organization.slug
    context = {
        "plan": plan,
        "counts": counts,
        "count_rows": [
            {
                "part": part,
                "label": label,
                **{
                    action: counts[f"{action}_{part}"] for action in ("new", "updated", "unchanged")
                },
            }
            for part, label in plan.PARTS.items()
        ],
        "attachment": attachment,
        "confirm_form": ImportConfirmForm(initial={"file": attachment.pk}) if attachment else None,
        "upload_form": ImportUploadForm(),
        "upload_url": reverse(pages.upload_url, args=[slug]),
        "confirm_url": reverse(pages.confirm_url, args=[slug]),
    }
    return render(request, pages.preview_template, context, status=status)


def confirm_page(request: HttpRequest, pages: ImportPages) -> HttpResponse:
    """POST: import a previewed file, all or nothing, and say what was imported."""
    form = ImportConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Upload the file again: the import to confirm was not found."))
        return redirect(pages.upload_url, org_slug=request.organization.slug)
    attachment = get_object_or_404(
        imports.import_files(pages.importer, request.organization).select_related(
            "current_version"
        ),
        pk=form.cleaned_data["file"],
    )
    try:
        plan = imports.confirm_import(
            pages.importer,
            organization=request.organization,
            by=request.user,
            attachment=attachment,
        )
    except imports.ImportRefused as refused:
        # The data changed since the preview (a code taken, a unit removed): show why.
        messages.error(request, _("The file no longer imports cleanly; nothing was imported."))
        return _render_preview(request, pages, refused.plan, None, status=409)
    except ImportFileError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(pages.upload_url, org_slug=request.organization.slug)
    except ValidationError as error:
        # Refused while saving (e.g. someone created the same code a moment ago): all rolled back.
        messages.error(
            request,
            _("Nothing was imported: %(reason)s") % {"reason": " ".join(error.messages)},
        )
        return redirect(pages.upload_url, org_slug=request.organization.slug)
    messages.success(request, pages.done_message % plan.counts())
    return redirect(pages.done_url, org_slug=request.organization.slug)
