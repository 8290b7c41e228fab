"""Pages of complaint cases: the list with what is due soon and overdue, recording a case, its
page with the SLA clocks and the timeline, changing its details, each step of its ISO 10002
lifecycle, and its evidence files.

Reading needs Action.VIEW; recording, changing and moving a case need Action.EDIT_RECORDS. The
complainant's name and contacts, and the case's files, are only for roles that may see personal
data (Action.VIEW_PERSONAL_DATA): assessors and viewers see the case anonymised.
"""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from seam_scm.files.access import may_see_personal_data
from seam_scm.forms import add_service_errors
from seam_scm.privacy import services as privacy
from seam_scm.tenancy.roles import Action as RoleAction
from seam_scm.tenancy.views import org_view

from .. import case_evidence, case_services, policy_selectors
from .. import case_selectors as selectors
from ..case_forms import (
    SERVICE_FIELD_MAP,
    CaseAttachmentForm,
    CaseCreateForm,
    CaseEditForm,
    CaseFilterForm,
    MoveForm,
    is_move,
)
from ..lifecycle import MOVES, NOTE_REQUIRED, Action, allowed_actions
from ..models import CaseState, ComplaintCase

PAGE_SIZE = 50
GET = ("GET",)


def _personal_data(request: HttpRequest) -> bool:
    return may_see_personal_data(request.membership)


def _shows_contacts(case: ComplaintCase) -> bool:
    """The case page shows the complainant's name or contacts (not anonymous, not erased)."""
    return not case.is_anonymous and any(
        getattr(case, name) for name in case_services.PERSONAL_FIELDS
    )


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _case_or_404(case_pk: int) -> ComplaintCase:
    try:
        return selectors.case(case_pk)
    except ObjectDoesNotExist:
        raise Http404 from None


def _to_case(request: HttpRequest, case: ComplaintCase, anchor: str = "") -> HttpResponse:
    url = reverse(
        "complaints:case_detail",
        kwargs={"org_slug": request.organization.slug, "case_pk": case.pk},
    )
    return redirect(f"{url}#{anchor}" if anchor else url)


def _moves(state: str) -> list[tuple[str, str]]:
    return [(action, Action(action).label) for action in allowed_actions(state)]


@org_view(methods=GET)
def case_list(request: HttpRequest) -> HttpResponse:
    window = selectors.sla_window(request.organization)
    filters = selectors.case_filters_from_query(request.GET)
    cases = selectors.case_list(filters, window=window)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    filter_form = CaseFilterForm(request.GET or None, organization=request.organization)
    if request.GET:
        filter_form.is_valid()  # shows what could not be read, e.g. a malformed date
    context = {
        "filter_form": filter_form,
        "page": page,
        "cases": selectors.with_sla(page.object_list, window),
        "counts": selectors.sla_counts(window),
        "query_string": _query_without_page(request),
        "filtered": any(request.GET.get(key) for key in selectors.CASE_FILTER_KEYS),
        "due_soon_hours": selectors.DUE_SOON,
    }
    return render(request, "complaints/case_list.html", context)


@org_view(RoleAction.EDIT_RECORDS)
def case_create(request: HttpRequest) -> HttpResponse:
    policy = policy_selectors.policy_in_force()
    if policy is None:
        context = {"title": _("Record a complaint"), "no_policy": True}
        return render(request, "complaints/case_form.html", context)
    form = CaseCreateForm(
        request.POST or None,
        request.FILES or None,
        organization=request.organization,
        personal_data=_personal_data(request),
        policy=policy,
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = case_evidence.register_case_with_evidence(
                organization=request.organization,
                by=request.user,
                upload=form.cleaned_data.get("file"),
                **form.register_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error, SERVICE_FIELD_MAP)
        else:
            messages.success(
                request, _("Complaint %(reference)s recorded.") % {"reference": case.reference}
            )
            return _to_case(request, case)
    context = {"title": _("Record a complaint"), "form": form, "policy": policy}
    return render(request, "complaints/case_form.html", context)


@org_view(methods=GET)
def case_detail(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case_or_404(case_pk)
    personal_data = _personal_data(request)
    if personal_data and _shows_contacts(case):
        privacy.log_view(request.membership, case, path=request.path)
    window = selectors.sla_window(request.organization)
    context = {
        "case": case,
        "sla": selectors.case_sla(case, window),
        "events": selectors.timeline(case),
        "repeats": selectors.repeats_of(case),
        "moves": _moves(case.state),
        "personal_data": personal_data,
        "attachments": selectors.attachments_of(case) if personal_data else [],
        "history": selectors.case_history(case, personal_data=personal_data),
    }
    return render(request, "complaints/case_detail.html", context)


@org_view(RoleAction.EDIT_RECORDS)
def case_edit(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case_or_404(case_pk)
    form = CaseEditForm(
        request.POST or None,
        organization=request.organization,
        personal_data=_personal_data(request),
        case=case,
    )
    if request.method == "POST" and form.is_valid():
        changed = form.changed_fields()
        if not changed:
            messages.info(request, _("Nothing was changed."))
            return _to_case(request, case)
        try:
            case_services.update_case(
                case=case, by=request.user, note=form.cleaned_data["note"], **changed
            )
        except ValidationError as error:
            add_service_errors(form, error, SERVICE_FIELD_MAP)
        else:
            messages.success(request, _("Case details saved."))
            return _to_case(request, case)
    context = {"title": _("Edit the case"), "form": form, "case": case}
    return render(request, "complaints/case_form.html", context)


@org_view(RoleAction.EDIT_RECORDS)
def case_move(request: HttpRequest, case_pk: int, move: str) -> HttpResponse:
    if not is_move(move):
        raise Http404
    case = _case_or_404(case_pk)
    label = Action(move).label
    if case.state not in MOVES[move].sources:
        messages.error(
            request,
            case_services.ILLEGAL_MOVE % {"state": CaseState(case.state).label, "action": label},
        )
        return _to_case(request, case)
    form = MoveForm(request.POST or None, action=move, case=case, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            moved = case_services.move_case(
                case=case, action=move, by=request.user, **form.move_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(action)s” recorded: the case is now “%(state)s”.")
                % {"action": label, "state": CaseState(moved.state).label},
            )
            return _to_case(request, moved, "timeline")
    context = {
        "title": _("%(action)s: %(reference)s") % {"action": label, "reference": case.reference},
        "form": form,
        "case": case,
        "move": move,
        "target": CaseState(MOVES[move].target).label,
        "note_required": move in NOTE_REQUIRED,
    }
    return render(request, "complaints/case_move.html", context)


@org_view(RoleAction.EDIT_RECORDS)
def case_attachment_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_object_or_404(ComplaintCase, pk=case_pk)
    if not _personal_data(request):  # a case's files may show personal data
        raise PermissionDenied
    form = CaseAttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case_evidence.attach_evidence(
                case=case,
                by=request.user,
                upload=data["file"],
                title=data["title"],
                description=data["description"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Evidence file added to the case."))
            return _to_case(request, case, "attachments")
    context = {"title": _("Add an evidence file"), "form": form, "case": case}
    return render(request, "complaints/case_attachment_form.html", context)


urlpatterns = [
    path("cases/", case_list, name="case_list"),
    path("cases/new/", case_create, name="case_create"),
    path("cases/<int:case_pk>/", case_detail, name="case_detail"),
    path("cases/<int:case_pk>/edit/", case_edit, name="case_edit"),
    path(
        "cases/<int:case_pk>/attachments/new/",
        case_attachment_create,
        name="case_attachment_create",
    ),
    path("cases/<int:case_pk>/<slug:move>/", case_move, name="case_move"),
]
