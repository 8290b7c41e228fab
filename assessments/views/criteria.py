"""Pages of one criterion of a cycle, under /o/<org>/assessments/:

- the criterion's page: its texts and weight, the five levels with their expected artefacts and
  whether the data shows them, the claim and whether it is backed, the narrative, the evidence
  (and the evidence linked to mapped criteria of other frameworks), the assessor's review, the
  comment threads and the history;
- the self-assessment (Action.EDIT_RECORDS, while the cycle is being prepared);
- linking evidence, an existing record or a new file (Action.EDIT_RECORDS, until the cycle is
  final), and removing it;
- comments: assessors open threads, assessors and the organization's editors reply;
- the assessor's review (Action.REVIEW_ASSESSMENTS, while the cycle is under review).

The rules live in assessments.services; these views read the forms, call the services and show
their refusals. Assessors see evidence through what was linked; nothing of complainants is on
these pages (evidence kinds never offer records that hold personal data).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from seam_scm.forms import add_service_errors
from seam_scm.history import history_of
from seam_scm.tenancy.roles import Action, role_allows
from seam_scm.tenancy.views import org_view

from .. import selectors, services
from ..artefacts import ARTEFACTS
from ..criterion_forms import CommentForm, EvidenceForm, ReviewForm, SelfAssessmentForm
from ..evidence import EVIDENCE_KINDS, record_url
from ..models import (
    FROZEN_CYCLE,
    LEVELS,
    AssessmentCycle,
    CriterionAssessment,
    EvidenceLink,
    Framework,
)

GET = ("GET",)
POST = ("POST",)

# The new file's problems (services.link_new_file) go next to the form's own fields.
UPLOAD_FIELDS = {"file": "new_file", "file_title": "new_title", "file_date": "new_date"}


def _load(criterion_assessment_pk: int) -> tuple[AssessmentCycle, CriterionAssessment]:
    """The cycle and the criterion's assessment, or 404 (another organization's id too)."""
    cycle_id = (
        CriterionAssessment.objects.filter(pk=criterion_assessment_pk)
        .values_list("cycle_id", flat=True)
        .first()
    )
    if cycle_id is None:
        raise Http404
    cycle = selectors.cycle(cycle_id)
    return cycle, selectors.criterion_assessment(cycle, criterion_assessment_pk)


def _closed(cycle: AssessmentCycle, states, message) -> str:
    """Why the cycle's state refuses the step, or "" if it is open."""
    if cycle.is_final:
        return str(FROZEN_CYCLE)
    return "" if cycle.state in states else str(message)


def _to_criterion(
    request: HttpRequest, assessment: CriterionAssessment, anchor: str = ""
) -> HttpResponse:
    url = reverse(
        "assessments:criterion",
        kwargs={"org_slug": request.organization.slug, "criterion_assessment_pk": assessment.pk},
    )
    return redirect(f"{url}#{anchor}" if anchor else url)


def _refuse(request: HttpRequest, assessment: CriterionAssessment, message: str) -> HttpResponse:
    messages.error(request, message)
    return _to_criterion(request, assessment)


@dataclass(frozen=True)
class May:
    """What the member may do on the page now (role and the cycle's state)."""

    edit: bool
    link: bool
    review: bool
    comment: bool
    reply: bool

    @classmethod
    def of(cls, role: str, cycle: AssessmentCycle) -> "May":
        edits = role_allows(role, Action.EDIT_RECORDS)
        reviews = role_allows(role, Action.REVIEW_ASSESSMENTS)
        evidence_open = cycle.state in services.EVIDENCE_OPEN
        return cls(
            edit=edits and cycle.state in services.CLAIMS_OPEN,
            link=edits and evidence_open,
            review=reviews and cycle.state in services.REVIEW_OPEN,
            comment=reviews and evidence_open,
            reply=(edits or reviews) and evidence_open,
        )


@dataclass
class EmptyLevel:
    level: int
    text: str = ""
    source: str = ""
    artefacts: tuple = ()
    met: bool = True


# --- the criterion's page ---------------------------------------------------------------------


@org_view(methods=GET)
def criterion(request: HttpRequest, criterion_assessment_pk: int) -> HttpResponse:
    cycle, assessment = _load(criterion_assessment_pk)
    return _render_criterion(request, cycle, assessment)


def _render_criterion(
    request: HttpRequest,
    cycle: AssessmentCycle,
    assessment: CriterionAssessment,
    *,
    comment_form: CommentForm | None = None,
    reply_form: CommentForm | None = None,
    reply_to: int | None = None,
) -> HttpResponse:
    # The module and topic above the criterion, loaded with it (criterion_page reloads the
    # criterion itself with its levels).
    parent = assessment.criterion.parent
    path_to = [node for node in (parent.parent if parent else None, parent) if node is not None]
    page = selectors.criterion_page(cycle, assessment)
    slug = request.organization.slug
    may = May.of(request.membership.role, cycle)
    for link in page.links:
        _describe_link(link, slug)
    frameworks = Framework.objects.in_bulk({m.criterion.version.framework_id for m in page.mapped})
    for mapped in page.mapped:
        mapped.framework = frameworks.get(mapped.criterion.version.framework_id)
        for link in mapped.links:
            _describe_link(link, slug)
    by_level = {row.level: row for row in page.readiness.levels}
    claimed = assessment.claimed_level
    target = assessment.effective_target
    history = history_of(assessment)
    if reply_form is not None and reply_to not in {t.comment.pk for t in page.threads}:
        _errors_as_messages(request, reply_form)  # a reply to no thread of this page
    if comment_form is not None and not may.comment:
        _errors_as_messages(request, comment_form)  # a form this member is not shown
        comment_form = None
    if may.comment and comment_form is None:
        comment_form = CommentForm(assessment=assessment)
    if comment_form is not None:  # the page's links, already loaded: no query to list them
        comment_form.offer_links(page.links)
    context = {
        "cycle": cycle,
        "assessment": assessment,
        "criterion": assessment.criterion,
        "path_to": path_to,
        "page": page,
        "readiness": page.readiness,
        "levels": [by_level.get(level) or EmptyLevel(level) for level in LEVELS],
        "claimed": claimed,
        "target": target,
        "gap": target - claimed if claimed is not None else None,
        "may": may,
        "comment_form": comment_form,
        "reply_form": reply_form,
        "reply_to": reply_to,
        "history": history,
        "last_change": history[0] if history else None,
        "frozen_message": FROZEN_CYCLE if cycle.is_final else "",
        "is_reviewed": assessment.reviewed_at is not None,
    }
    return render(request, "assessments/criterion.html", context)


def _errors_as_messages(request: HttpRequest, form: CommentForm) -> None:
    """Say a refused form's errors above the page, where the form itself is not shown."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _describe_link(link: EvidenceLink, org_slug: str) -> None:
    kind = EVIDENCE_KINDS.get(link.kind)
    link.kind_label = kind.label if kind else link.kind
    link.url = record_url(link, org_slug)
    artefact = ARTEFACTS.get(link.artefact) if link.artefact else None
    link.artefact_label = artefact.label if artefact else link.artefact
    link.is_file = link.kind == "file" and getattr(link, "linked", None) is not None


# --- the self-assessment ----------------------------------------------------------------------


@org_view(Action.EDIT_RECORDS)
def criterion_edit(request: HttpRequest, criterion_assessment_pk: int) -> HttpResponse:
    cycle, assessment = _load(criterion_assessment_pk)
    if refusal := _closed(cycle, services.CLAIMS_OPEN, services.CLAIMS_CLOSED):
        return _refuse(request, assessment, refusal)
    form = SelfAssessmentForm(request.POST or None, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, _("Nothing was changed."))
            return _to_criterion(request, assessment)
        try:
            services.update_self_assessment(assessment=assessment, **changes)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Self-assessment saved."))
            return _to_criterion(request, assessment)
    context = {
        "title": _("Self-assessment: %(criterion)s") % {"criterion": assessment.criterion.code},
        "form": form,
        "cycle": cycle,
        "assessment": assessment,
    }
    return render(request, "assessments/criterion_form.html", context)


# --- evidence ---------------------------------------------------------------------------------


@org_view(Action.EDIT_RECORDS)
def evidence_create(request: HttpRequest, criterion_assessment_pk: int) -> HttpResponse:
    cycle, assessment = _load(criterion_assessment_pk)
    if refusal := _closed(cycle, services.EVIDENCE_OPEN, services.EVIDENCE_CLOSED):
        return _refuse(request, assessment, refusal)
    expected = {
        key for level in assessment.criterion.levels.all() for key in level.expected_artefacts
    }
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        form = EvidenceForm(
            request.POST, request.FILES, kind=kind, expected=expected, swap_url=request.path
        )
    else:
        kind = request.GET.get("kind", "")
        initial = {"kind": kind, "artefact": request.GET.get("artefact", "")}
        form = EvidenceForm(initial=initial, kind=kind, expected=expected, swap_url=request.path)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data.get("new_file"):
                link = services.link_new_file(
                    assessment=assessment,
                    upload=data["new_file"],
                    file_title=data["new_title"],
                    file_date=data["new_date"],
                    added_by=request.user,
                    label=data["label"],
                    effective_date=data["effective_date"],
                    artefact=data["artefact"],
                )
            else:
                link = services.link_evidence(
                    assessment=assessment,
                    kind=data["kind"],
                    record=data.get("record_object"),
                    added_by=request.user,
                    label=data["label"],
                    effective_date=data["effective_date"],
                    artefact=data["artefact"],
                )
        except ValidationError as error:
            add_service_errors(form, error, UPLOAD_FIELDS)
        else:
            messages.success(request, _("“%(label)s” linked as evidence.") % {"label": link.label})
            return _to_criterion(request, assessment, "evidence")
    snapshot_url = ""
    if form.evidence_kind is not None and form.evidence_kind.key == "complaint_kpis":
        here = request.path + "?kind=complaint_kpis"
        snapshot_url = reverse(
            "assessments:snapshot_create", kwargs={"org_slug": request.organization.slug}
        )
        snapshot_url += "?" + urlencode({"next": here, "fiscal_year": cycle.fiscal_year})
    context = {
        "title": _("Link evidence: %(criterion)s") % {"criterion": assessment.criterion.code},
        "form": form,
        "cycle": cycle,
        "assessment": assessment,
        "snapshot_url": snapshot_url,
    }
    return render(request, "assessments/evidence_form.html", context)


@org_view(Action.EDIT_RECORDS)
def evidence_delete(request: HttpRequest, evidence_pk: int) -> HttpResponse:
    link = get_object_or_404(
        EvidenceLink.objects.select_related("assessment__cycle", "added_by"), pk=evidence_pk
    )
    assessment = link.assessment
    if refusal := _closed(assessment.cycle, services.EVIDENCE_OPEN, services.REMOVAL_CLOSED):
        return _refuse(request, assessment, refusal)
    if request.method == "POST":
        try:
            services.unlink_evidence(link=link)
        except ValidationError as error:
            return _refuse(request, assessment, " ".join(error.messages))
        messages.success(
            request, _("“%(label)s” is no longer linked as evidence.") % {"label": link.label}
        )
        return _to_criterion(request, assessment, "evidence")
    _describe_link(link, request.organization.slug)
    context = {"link": link, "assessment": assessment, "cycle": assessment.cycle}
    return render(request, "assessments/evidence_confirm_delete.html", context)


# --- comments ---------------------------------------------------------------------------------


@org_view(methods=POST)
def comment_create(request: HttpRequest, criterion_assessment_pk: int) -> HttpResponse:
    """A new thread or a reply. Assessors open threads (the service refuses anyone else, and
    that refusal is a 403); assessors and the roles that edit records reply; other roles may
    not comment at all."""
    role = request.membership.role
    if not (role_allows(role, Action.REVIEW_ASSESSMENTS) or role_allows(role, Action.EDIT_RECORDS)):
        raise PermissionDenied
    cycle, assessment = _load(criterion_assessment_pk)
    if refusal := _closed(cycle, services.EVIDENCE_OPEN, services.COMMENTS_CLOSED):
        return _refuse(request, assessment, refusal)
    form = CommentForm(request.POST, assessment=assessment)
    if form.is_valid():
        data = form.cleaned_data
        try:
            comment = services.add_comment(
                assessment=assessment,
                author=request.user,
                role=role,
                body=data["body"],
                parent=data["parent"],
                evidence=data["evidence"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "role":  # e.g. an editor opening a thread
                raise PermissionDenied(error.messages[0]) from None
            add_service_errors(form, error)
        else:
            thread = comment.parent_id or comment.pk
            messages.success(request, _("Comment added."))
            return _to_criterion(request, assessment, f"comment-{thread}")
    parent_id = request.POST.get("parent", "")
    if parent_id.isdigit():
        return _render_criterion(
            request, cycle, assessment, reply_form=form, reply_to=int(parent_id)
        )
    return _render_criterion(request, cycle, assessment, comment_form=form)


# --- the assessor's review --------------------------------------------------------------------


@org_view(Action.REVIEW_ASSESSMENTS)
def review_edit(request: HttpRequest, criterion_assessment_pk: int) -> HttpResponse:
    cycle, assessment = _load(criterion_assessment_pk)
    if refusal := _closed(cycle, services.REVIEW_OPEN, services.REVIEW_CLOSED):
        return _refuse(request, assessment, refusal)
    form = ReviewForm(request.POST or None, assessment=assessment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_review(
                assessment=assessment,
                by=request.user,
                assessor_level=data["assessor_level"],
                strengths=data["strengths"],
                opportunities=data["opportunities"],
                reviewed=data["reviewed"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Review saved."))
            return _to_criterion(request, assessment, "review")
    context = {
        "title": _("Review: %(criterion)s") % {"criterion": assessment.criterion.code},
        "form": form,
        "cycle": cycle,
        "assessment": assessment,
    }
    return render(request, "assessments/criterion_review_form.html", context)


urlpatterns = [
    path("criteria/<int:criterion_assessment_pk>/", criterion, name="criterion"),
    path("criteria/<int:criterion_assessment_pk>/edit/", criterion_edit, name="criterion_edit"),
    path(
        "criteria/<int:criterion_assessment_pk>/evidence/new/",
        evidence_create,
        name="evidence_create",
    ),
    path("evidence/<int:evidence_pk>/delete/", evidence_delete, name="evidence_delete"),
    path(
        "criteria/<int:criterion_assessment_pk>/comments/new/",
        comment_create,
        name="comment_create",
    ),
    path("criteria/<int:criterion_assessment_pk>/review/", review_edit, name="review_edit"),
]
