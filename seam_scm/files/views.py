"""Pages of evidence files under /o/<org_slug>/files/.

Reading needs Action.VIEW, uploading, replacing and deleting Action.EDIT_RECORDS;
restoring and purging are for coordinators (files.access). Downloads ask
files.access.may_download and are logged.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view

from . import selectors, services
from .access import MANAGE_DELETED, may_download, may_manage_deleted
from .downloads import file_response
from .forms import AttachmentFilterForm, AttachmentUploadForm, ReplaceFileForm
from .models import Attachment, FileVersion


@org_view(methods=("GET",))
def attachment_list(request: HttpRequest) -> HttpResponse:
    filters = AttachmentFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    show_deleted = bool(data.get("deleted")) and may_manage_deleted(request.membership)
    attachments = selectors.attachment_list(
        request.membership,
        search=data.get("q", ""),
        type_key=data.get("type", ""),
        deleted=show_deleted,
    )
    page = Paginator(attachments, 50).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "show_deleted": show_deleted,
        "may_manage_deleted": may_manage_deleted(request.membership),
        "purged": selectors.purged_attachments(request.organization.id) if show_deleted else [],
        "query_string": _without_page(request),
    }
    return render(request, "files/attachment_list.html", context)


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@org_view(Action.EDIT_RECORDS)
def attachment_upload(request: HttpRequest) -> HttpResponse:
    form = AttachmentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            attachment = services.upload_attachment(
                organization=request.organization,
                uploaded_by=request.user,
                upload=data.pop("file"),
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("File uploaded."))
            return _to_detail(request, attachment)
    return render(request, "files/attachment_form.html", {"form": form})


def _attachment(request: HttpRequest, attachment_pk: int) -> Attachment:
    """The attachment if this member may open it; a deleted one is 404 except for coordinators."""
    return get_object_or_404(
        selectors.visible_attachments(request.membership).select_related(
            "current_version", "deleted_by"
        ),
        pk=attachment_pk,
    )


@org_view(methods=("GET",))
def attachment_detail(request: HttpRequest, attachment_pk: int) -> HttpResponse:
    return _render_detail(request, _attachment(request, attachment_pk))


def _render_detail(
    request: HttpRequest, attachment: Attachment, replace_form: ReplaceFileForm | None = None
) -> HttpResponse:
    managing = may_manage_deleted(request.membership)
    context = {
        "attachment": attachment,
        "versions": attachment.versions.select_related("uploaded_by"),
        "may_download": may_download(request.membership, attachment),
        "may_manage_deleted": managing,
        "replace_form": replace_form or ReplaceFileForm(),
        "downloads": selectors.recent_downloads(attachment) if managing else [],
        "history": selectors.attachment_history(attachment),
    }
    return render(request, "files/attachment_detail.html", context)


@org_view(Action.EDIT_RECORDS, methods=("POST",))
def attachment_replace(request: HttpRequest, attachment_pk: int) -> HttpResponse:
    attachment = _attachment(request, attachment_pk)
    form = ReplaceFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            version = services.replace_file(
                attachment=attachment, uploaded_by=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:  # the file's problems go next to the field
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(number)s uploaded and made current.") % {"number": version.number},
            )
            return _to_detail(request, attachment)
    return _render_detail(request, attachment, replace_form=form)


@org_view(Action.EDIT_RECORDS, methods=("POST",))
def attachment_delete(request: HttpRequest, attachment_pk: int) -> HttpResponse:
    attachment = _attachment(request, attachment_pk)
    purge = request.POST.get("purge") == "1"
    try:
        services.delete_attachment(attachment=attachment, by=request.user, purge=purge)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to_detail(request, attachment)
    if purge:
        messages.success(request, _("File deleted permanently."))
    else:
        messages.success(request, _("File deleted. A coordinator can restore it."))
    return redirect("files:list", org_slug=request.organization.slug)


@org_view(MANAGE_DELETED, methods=("POST",))
def attachment_restore(request: HttpRequest, attachment_pk: int) -> HttpResponse:
    attachment = _attachment(request, attachment_pk)
    services.restore_attachment(attachment=attachment, by=request.user)
    messages.success(request, _("File restored."))
    return _to_detail(request, attachment)


@org_view(methods=("GET",))
def download_current(request: HttpRequest, attachment_pk: int) -> HttpResponse:
    attachment = _attachment(request, attachment_pk)
    if attachment.current_version is None:
        raise Http404
    return _download(request, attachment.current_version)


@org_view(methods=("GET",))
def download_version(request: HttpRequest, version_pk: int) -> HttpResponse:
    version = get_object_or_404(selectors.visible_versions(request.membership), pk=version_pk)
    return _download(request, version)


def _download(request: HttpRequest, version: FileVersion) -> HttpResponse:
    if not may_download(request.membership, version.attachment):
        raise PermissionDenied
    response = file_response(version)
    services.record_download(version=version, user=request.user)
    return response


def _to_detail(request: HttpRequest, attachment: Attachment) -> HttpResponse:
    return redirect("files:detail", org_slug=request.organization.slug, attachment_pk=attachment.pk)
