"""Pages of evidence packs: the organization's packs, asking for a board or an assessment pack,
a pack's page with its progress, and the download.

A member sees and builds the kinds of pack their role allows (selectors.usable_kinds); a pack of
another kind is 403, a viewer (no kind) gets 403 everywhere, another organization's pack,
version or cycle is 404 (scoped querysets). Building runs in a worker; without a broker it runs
in-process during the POST, and the pack's page shows the result at once. Progress is read
from the pack's row only, never from the broker.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.models import AssessmentCycle
from seam_scm.approvals.models import DocumentVersion
from seam_scm.forms import add_service_errors
from seam_scm.tenancy.roles import Action, role_allows
from seam_scm.tenancy.views import org_view

from . import selectors, services
from .downloads import open_pack_file, pack_file_response
from .forms import AssessmentPackForm, BoardPackForm, check_subject
from .models import EvidencePack, PackKind, PackState

GET = ("GET",)

# Where a pack's subject is shown, and where another pack of it is asked for.
SUBJECT_PAGES = {
    PackKind.BOARD: ("approvals:version", "document_version_pk"),
    PackKind.ASSESSMENT: ("assessments:cycle_detail", "cycle_pk"),
}
BUILD_PAGES = {
    PackKind.BOARD: ("packs:board_create", "document_version_pk"),
    PackKind.ASSESSMENT: ("packs:assessment_create", "cycle_pk"),
}


def _require_kind(request: HttpRequest, kind: str) -> None:
    if kind not in selectors.usable_kinds(request.membership):
        raise PermissionDenied(services.NOT_ALLOWED)


def _pack(request: HttpRequest, pack_pk: int) -> EvidencePack:
    """This organization's pack (else 404), of a kind the member may use (else 403)."""
    pack = get_object_or_404(EvidencePack.objects.select_related("requested_by"), pk=pack_pk)
    _require_kind(request, pack.kind)
    if services.fail_if_abandoned(pack):  # its task was lost: the page must not wait for ever
        pack.refresh_from_db()
    return pack


def _to_pack(request: HttpRequest, pack: EvidencePack) -> HttpResponse:
    return redirect("packs:pack_detail", org_slug=request.organization.slug, pack_pk=pack.pk)


def _page_url(request: HttpRequest, pages: dict, pack: EvidencePack) -> str:
    name, param = pages[pack.kind]
    return reverse(name, kwargs={"org_slug": request.organization.slug, param: pack.subject_id})


def _requested(request: HttpRequest, pack: EvidencePack) -> HttpResponse:
    messages.success(
        request, _("Pack %(reference)s was requested.") % {"reference": pack.reference}
    )
    return _to_pack(request, pack)


def _personal_data_notice(request: HttpRequest) -> bool:
    """Whether the form warns that the pack will carry personal data (the requester's right)."""
    return role_allows(request.membership.role, Action.VIEW_PERSONAL_DATA)


@org_view(methods=GET)
def pack_list(request: HttpRequest) -> HttpResponse:
    """The organization's packs by fiscal year and meeting, as secretaries file them."""
    membership = request.membership
    kinds = selectors.usable_kinds(membership)
    if not kinds:
        raise PermissionDenied(services.NOT_ALLOWED)
    filters = selectors.filters_from_query(request.GET, kinds)
    page = Paginator(selectors.pack_list(membership, filters), 50).get_page(request.GET.get("page"))
    for pack in page:
        pack.may_download = selectors.may_download(membership, pack)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "years": selectors.fiscal_years(membership),
        "meetings": selectors.meetings(membership, filters.fiscal_year),
        "kinds": [(kind, PackKind(kind).label) for kind in kinds],
        "states": PackState.choices,
        "query": query.urlencode(),
    }
    return render(request, "packs/pack_list.html", context)


@org_view(Action.EXPORT_PACKS)
def board_create(request: HttpRequest, document_version_pk: int) -> HttpResponse:
    version = get_object_or_404(
        DocumentVersion.objects.select_related("document", "approval"), pk=document_version_pk
    )
    _require_kind(request, PackKind.BOARD)
    try:
        check_subject(PackKind.BOARD, version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(
            "approvals:version", org_slug=request.organization.slug, document_version_pk=version.pk
        )
    form = BoardPackForm(request.POST or None, initial=BoardPackForm.initial_for(version))
    if request.method == "POST" and form.is_valid():
        try:
            pack = services.request_pack(
                membership=request.membership,
                kind=PackKind.BOARD,
                subject=version,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _requested(request, pack)
    context = {
        "form": form,
        "version": version,
        "earlier_packs": selectors.usable_packs(request.membership).filter(
            kind=PackKind.BOARD, subject_id=version.pk
        ),
        "personal_data_notice": _personal_data_notice(request),
    }
    return render(request, "packs/board_form.html", context)


@org_view(Action.EXPORT_ASSESSMENT_PACKS)
def assessment_create(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    cycle = get_object_or_404(
        AssessmentCycle.objects.select_related("framework_version__framework"), pk=cycle_pk
    )
    _require_kind(request, PackKind.ASSESSMENT)
    form = AssessmentPackForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            pack = services.request_pack(
                membership=request.membership,
                kind=PackKind.ASSESSMENT,
                subject=cycle,
                options=form.options,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _requested(request, pack)
    context = {
        "form": form,
        "cycle": cycle,
        "outline": selectors.criteria_outline(cycle),
        "chosen": form.chosen_ids,
        "earlier_packs": selectors.usable_packs(request.membership).filter(
            kind=PackKind.ASSESSMENT, subject_id=cycle.pk
        ),
        "personal_data_notice": _personal_data_notice(request),
    }
    return render(request, "packs/assessment_form.html", context)


def _status_context(request: HttpRequest, pack: EvidencePack) -> dict:
    """What the progress partial shows; the pack page and the polling share it."""
    return {"pack": pack, "may_download": selectors.may_download(request.membership, pack)}


@org_view(methods=GET)
def pack_detail(request: HttpRequest, pack_pk: int) -> HttpResponse:
    pack = _pack(request, pack_pk)
    try:
        subject = pack.subject
    except ObjectDoesNotExist:  # subjects are protected by their freeze, but say so if not
        subject = None
    show_downloads = selectors.may_see_downloads(request.membership)
    context = {
        **_status_context(request, pack),
        "subject": subject,
        "subject_url": _page_url(request, SUBJECT_PAGES, pack) if subject else "",
        "rebuild_url": _page_url(request, BUILD_PAGES, pack) if subject else "",
        "show_downloads": show_downloads,
        "downloads": selectors.downloads_of(pack) if show_downloads else [],
    }
    return render(request, "packs/pack_detail.html", context)


@org_view(methods=GET)
def pack_progress(request: HttpRequest, pack_pk: int) -> HttpResponse:
    """The progress partial the pack page polls every second until the pack is finished."""
    pack = _pack(request, pack_pk)
    return render(request, "packs/progress.html", _status_context(request, pack))


@org_view(methods=GET)
def pack_download(request: HttpRequest, pack_pk: int) -> HttpResponse:
    """The PDF, logged with the member's role and the file's SHA-256.

    A pack that is not ready sends the member back to its page with the reason (a bookmark
    or an old link); a role that may not have it gets 403.
    """
    pack = _pack(request, pack_pk)
    try:
        services.check_download(request.membership, pack)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to_pack(request, pack)
    stored = open_pack_file(pack)
    services.record_download(request.membership, pack)
    return pack_file_response(pack, stored)
