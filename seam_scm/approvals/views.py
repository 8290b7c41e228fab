import io

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from seam_scm.forms import add_service_errors
from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view
from seam_scm.thai.dates import FiscalYear, current_fiscal_year

from . import services
from .content import content_for
from .forms import ApprovalForm, AttachFileForm, DocumentForm, DraftForm, ReturnForm
from .models import (
    OPEN_STATUSES,
    Approval,
    DocumentVersion,
    GovernedDocument,
    VersionAttachment,
    VersionStatus,
)
from .snapshot import diff_versions

POST = ("POST",)


def _versions_of_document():
    return Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))


def _version(document_version_pk: int) -> DocumentVersion:
    return get_object_or_404(
        DocumentVersion.objects.select_related("document", "approval__minutes"),
        pk=document_version_pk,
    )


def _refused(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@org_view(methods=("GET",))
def document_list(request: HttpRequest) -> HttpResponse:
    documents = GovernedDocument.objects.select_related("owner_unit").prefetch_related(
        _versions_of_document()
    )
    return render(request, "approvals/document_list.html", {"documents": documents})


@org_view(Action.MANAGE_ORGANIZATION)
def document_create(request: HttpRequest) -> HttpResponse:
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        document = services.declare_document(
            organization=request.organization, by=request.user, **form.cleaned_data
        )
        messages.success(request, _("Document declared; its first draft is ready."))
        return redirect(
            "approvals:document", org_slug=request.organization.slug, document_pk=document.pk
        )
    return render(request, "approvals/document_form.html", {"form": form})


@org_view(Action.MANAGE_ORGANIZATION)
def document_edit(request: HttpRequest, document_pk: int) -> HttpResponse:
    document = get_object_or_404(GovernedDocument, pk=document_pk)
    form = DocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        services.save_document(form.instance)
        messages.success(request, _("Document saved."))
        return redirect(
            "approvals:document", org_slug=request.organization.slug, document_pk=document.pk
        )
    return render(request, "approvals/document_form.html", {"form": form, "document": document})


@org_view(methods=("GET",))
def document_detail(request: HttpRequest, document_pk: int) -> HttpResponse:
    document = get_object_or_404(
        GovernedDocument.objects.select_related("owner_unit").prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related("approval").order_by("-number"),
            )
        ),
        pk=document_pk,
    )
    versions = list(document.versions.all())
    context = {
        "document": document,
        "versions": versions,
        "has_open_version": any(v.status in OPEN_STATUSES for v in versions),
    }
    return render(request, "approvals/document_detail.html", context)


@org_view(methods=("GET",))
def document_diff(request: HttpRequest, document_pk: int) -> HttpResponse:
    document = get_object_or_404(GovernedDocument, pk=document_pk)
    versions = {v.number: v for v in document.versions.select_related("approval")}
    try:
        old = versions[int(request.GET.get("from", ""))]
        new = versions[int(request.GET.get("to", ""))]
    except (KeyError, ValueError):
        newest = sorted(versions)[-2:]
        old, new = versions[newest[0]], versions[newest[-1]]
    context = {
        "document": document,
        "versions": sorted(versions.values(), key=lambda v: v.number),
        "old": old,
        "new": new,
        "changes": diff_versions(old, new),
    }
    return render(request, "approvals/document_diff.html", context)


@org_view(Action.EDIT_RECORDS, methods=POST)
def document_new_draft(request: HttpRequest, document_pk: int) -> HttpResponse:
    document = get_object_or_404(GovernedDocument, pk=document_pk)
    try:
        draft = services.start_new_draft(document=document, by=request.user)
    except ValidationError as error:
        _refused(request, error)
        return redirect(
            "approvals:document", org_slug=request.organization.slug, document_pk=document.pk
        )
    messages.success(request, _("A new draft was started from the latest version."))
    return redirect(
        "approvals:version_edit", org_slug=request.organization.slug, document_version_pk=draft.pk
    )


@org_view(methods=("GET",))
def version_detail(request: HttpRequest, document_version_pk: int) -> HttpResponse:
    version = _version(document_version_pk)
    context = {
        "version": version,
        "document": version.document,
        "files": version.attachments.select_related("file_version"),
        "transitions": version.transitions.select_related("by"),
        "approval": getattr(version, "approval", None),
        "content_template": content_for(version.document.kind).template_name,
        "public_url": _public_url(version) if version.published_at else "",
        "attach_form": AttachFileForm() if version.is_editable else None,
    }
    return render(request, "approvals/version_detail.html", context)


@org_view(Action.EDIT_RECORDS)
def version_edit(request: HttpRequest, document_version_pk: int) -> HttpResponse:
    version = _version(document_version_pk)
    if not version.is_editable:
        messages.error(
            request, _("This version can no longer be edited. Start a new draft instead.")
        )
        return _to_version_page(request, version)
    form = DraftForm(request.POST or None, instance=version)
    if request.method == "POST" and form.is_valid():
        services.save_draft(form.instance)
        messages.success(request, _("Draft saved."))
        return _to_version_page(request, version)
    return render(request, "approvals/version_form.html", {"form": form, "version": version})


def _to_version_page(request: HttpRequest, version: DocumentVersion) -> HttpResponse:
    return redirect(
        "approvals:version", org_slug=request.organization.slug, document_version_pk=version.pk
    )


def _simple_transition(
    request: HttpRequest, document_version_pk: int, move, done: str
) -> HttpResponse:
    version = _version(document_version_pk)
    try:
        move(version=version, by=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, done)
    return _to_version_page(request, version)


@org_view(Action.SUBMIT_DOCUMENTS, methods=POST)
def version_submit(request: HttpRequest, document_version_pk: int) -> HttpResponse:
    return _simple_transition(
        request,
        document_version_pk,
        services.submit_version,
        _("Submitted for the board's approval."),
    )


@org_view(Action.SUBMIT_DOCUMENTS, methods=POST)
def version_withdraw(request: HttpRequest, document_version_pk: int) -> HttpResponse:
    return _simple_transition(
        request,
        document_version_pk,
        services.withdraw_version,
        _("Withdrawn; the version is a draft again."),
    )


@org_view(Action.RECORD_APPROVALS)
def version_return(request: HttpRequest, document_version_pk: int) -> HttpResponse:
    version = _version(document_version_pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_version(version=version, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Returned for revision."))
        return _to_version_page(request, version)
    return render(request, "approvals/return_form.html", {"form": form, "version": version})


@org_view(Action.RECORD_APPROVALS)
def version_approve(request: HttpRequest, document_version_pk: int) -> HttpResponse:
    version = _version(document_version_pk)
    if version.status != VersionStatus.SUBMITTED:
        messages.error(request, _("Only a submitted version can be approved."))
        return _to_version_page(request, version)
    form = ApprovalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.record_approval(
                version=version, by=request.user, minutes_upload=data.pop("minutes_file"), **data
            )
        except ValidationError as error:
            add_service_errors(form, error, {"minutes": "minutes_file"})
        else:
            messages.success(request, _("Approval recorded. This version is now frozen."))
            return _to_version_page(request, version)
    return render(request, "approvals/approval_form.html", {"form": form, "version": version})


@org_view(Action.EDIT_RECORDS, methods=POST)
def version_attach(request: HttpRequest, document_version_pk: int) -> HttpResponse:
    version = _version(document_version_pk)
    form = AttachFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_file(version=version, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("File added to the draft."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _to_version_page(request, version)


@org_view(Action.EDIT_RECORDS, methods=POST)
def version_file_remove(request: HttpRequest, version_file_pk: int) -> HttpResponse:
    item = get_object_or_404(
        VersionAttachment.objects.select_related("version"), pk=version_file_pk
    )
    try:
        services.detach_file(item=item)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("File removed from the draft."))
    return _to_version_page(request, item.version)


@org_view(Action.RECORD_APPROVALS, methods=POST)
def version_publish(request: HttpRequest, document_version_pk: int) -> HttpResponse:
    version = _version(document_version_pk)
    try:
        services.publish_version(version=version)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Published: anyone with the link or QR code can read it."))
    return _to_version_page(request, version)


@org_view(Action.RECORD_APPROVALS, methods=POST)
def version_unpublish(request: HttpRequest, document_version_pk: int) -> HttpResponse:
    version = _version(document_version_pk)
    services.unpublish_version(version=version)
    messages.success(request, _("No longer published."))
    return _to_version_page(request, version)


@org_view(methods=("GET",))
def approval_register(request: HttpRequest) -> HttpResponse:
    start_month = request.organization.fiscal_year_start_month
    current = current_fiscal_year(start_month)
    try:
        year = FiscalYear.named(int(request.GET.get("year", current.year)), start_month)
    except ValueError:
        year = current
    approvals = Approval.objects.filter(meeting_date__range=(year.start, year.end)).select_related(
        "version__document", "minutes", "recorded_by"
    )
    years = sorted(
        {
            FiscalYear.containing(d, start_month).year
            for d in Approval.objects.dates("meeting_date", "day")
        }
        | {current.year},
        reverse=True,
    )
    context = {"approvals": approvals, "year": year, "years": years}
    return render(request, "approvals/register.html", context)


# --- Public pages: no login, only published versions ----------------------------------------


def _published(token: str) -> DocumentVersion:
    with scopes_disabled():
        return get_object_or_404(
            DocumentVersion.objects.select_related("document", "organization", "approval"),
            public_token=token,
            published_at__isnull=False,
        )


def _public_url(version: DocumentVersion) -> str:
    return settings.SITE_URL + reverse("public:version", kwargs={"token": version.public_token})


def public_version(request: HttpRequest, token: str) -> HttpResponse:
    version = _published(token)
    with scope(organization=version.organization):
        newer = (
            DocumentVersion.objects.filter(
                document_id=version.document_id,
                number__gt=version.number,
                published_at__isnull=False,
            )
            .order_by("-number")
            .first()
        )
        context = {
            "version": version,
            "document": version.document,
            "public_organization": version.organization,
            "approval": getattr(version, "approval", None),
            "newer": newer,
            "content_template": content_for(version.document.kind).template_name,
            "public_url": _public_url(version),
        }
        return render(request, "approvals/public_version.html", context)


def public_qr_png(request: HttpRequest, token: str) -> HttpResponse:
    return _qr(_published(token), "png", "image/png")


def public_qr_svg(request: HttpRequest, token: str) -> HttpResponse:
    return _qr(_published(token), "svg", "image/svg+xml")


def _qr(version: DocumentVersion, kind: str, content_type: str) -> HttpResponse:
    return qr_response(
        _public_url(version),
        kind,
        filename=f"qr-{version.public_token}.{kind}",
        content_type=content_type,
    )


QR_CONTENT_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def qr_response(url: str, kind: str, *, filename: str, content_type: str = "") -> HttpResponse:
    """A QR code of `url` as an inline PNG or SVG ("png" or "svg"); every public page uses it,
    so that all printed codes look alike."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind=kind, scale=8, border=2)
    response = HttpResponse(buffer.getvalue(), content_type=content_type or QR_CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
