"""The customer service charter and service standards (criterion 5.1), and its public page.

The charter is a governed document: these pages edit the structured content of its open
draft (commitments, standards with protocols, blueprint steps, guidelines, the recovery
plan); submitting, the board's approval, publication and new drafts happen on the approvals
pages, which these pages link to. The public page (no login) shows the latest published
version per organization, in Thai or English by URL, with a QR code of its stable address.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from seam_scm.approvals.models import DocumentKind
from seam_scm.approvals.views import qr_response
from seam_scm.forms import add_service_errors, positive_int
from seam_scm.history import history_of
from seam_scm.tenancy.models import Organization
from seam_scm.tenancy.roles import Action, role_allows
from seam_scm.tenancy.views import org_view

from .. import charter_selectors as selectors
from .. import charter_services as services
from ..charter_forms import (
    BlueprintStepForm,
    CharterIntroForm,
    CommitmentForm,
    GuidelineForm,
    RecoveryForm,
    StandardForm,
)
from ..models import (
    BlueprintStep,
    CharterCommitment,
    CharterIntro,
    RecoveryScenario,
    ServiceGuideline,
    ServiceStandard,
)

GET = ("GET",)
POST = ("POST",)
FORM_TEMPLATE = "customers/charter_form.html"


def _charter_url(request: HttpRequest, version=None, anchor: str = "") -> str:
    url = reverse("customers:charter", kwargs={"org_slug": request.organization.slug})
    if version is not None:
        url += f"?version={version.pk}"
    return url + (f"#{anchor}" if anchor else "")


def _standard_url(request: HttpRequest, standard: ServiceStandard, anchor: str = "") -> str:
    url = reverse(
        "customers:standard_detail",
        kwargs={"org_slug": request.organization.slug, "standard_pk": standard.pk},
    )
    return url + (f"#{anchor}" if anchor else "")


def _may_edit(request: HttpRequest) -> bool:
    return role_allows(request.membership.role, Action.EDIT_RECORDS)


def _refuse(request: HttpRequest, message, to: str) -> HttpResponse:
    messages.error(request, str(message))
    return redirect(to)


def _draft_or_refusal(request: HttpRequest):
    """The charter's editable draft, or a redirect to the charter page saying why there is none."""
    document = services.charter_document()
    draft = services.open_draft(document)
    if draft is not None:
        return draft, None
    message = services.NOT_EDITABLE if document else _("Create the service charter first.")
    return None, _refuse(request, message, _charter_url(request))


def _row_form(
    request: HttpRequest,
    *,
    form_class,
    instance,
    save,
    title: str,
    success: str,
    back_url: str,
    context: dict | None = None,
) -> HttpResponse:
    """Create or edit a content row of the draft through its service."""
    if not instance.version.is_editable:
        return _refuse(request, services.NOT_EDITABLE, back_url)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(back_url)
    page = {
        "form": form,
        "title": title,
        "back_url": back_url,
        "version": instance.version,
        **(context or {}),
    }
    return render(request, FORM_TEMPLATE, page)


def _delete_row(request: HttpRequest, delete, back_url: str, done: str) -> HttpResponse:
    try:
        delete()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(back_url)


# --- the charter page ----------------------------------------------------------------------


@org_view(methods=GET)
def charter(request: HttpRequest) -> HttpResponse:
    document = services.charter_document()
    if document is None:
        context = {"document": None, "readiness": selectors.charter_readiness()}
    else:
        try:
            page = selectors.charter_page(
                document,
                version_id=positive_int(request.GET.get("version")),
                prefer_draft=_may_edit(request),
            )
        except selectors.UnknownVersion:
            raise Http404 from None
        context = {
            "document": document,
            "readiness": selectors.charter_readiness(page=page),
            "page": page,
            "sections": page.sections,
            "version": page.shown,
            "editable": page.is_editable and _may_edit(request),
            "public_urls": (
                selectors.public_charter_urls(request.organization) if page.published else {}
            ),
        }
    return render(request, "customers/charter.html", context)


@org_view(Action.EDIT_RECORDS, methods=POST)
def charter_create(request: HttpRequest) -> HttpResponse:
    try:
        services.create_charter(organization=request.organization, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Charter created; add its commitments and service standards to the draft.")
        )
    return redirect(_charter_url(request))


@org_view(Action.EDIT_RECORDS)
def charter_intro_edit(request: HttpRequest) -> HttpResponse:
    draft, refusal = _draft_or_refusal(request)
    if refusal:
        return refusal
    intro = CharterIntro.objects.filter(version=draft).first() or CharterIntro(
        organization=request.organization, version=draft
    )
    return _row_form(
        request,
        form_class=CharterIntroForm,
        instance=intro,
        save=services.save_intro,
        title=_("English introduction and contacts"),
        success=_("Introduction saved."),
        back_url=_charter_url(request, draft, "intro"),
    )


# --- commitments ---------------------------------------------------------------------------


def _commitment(commitment_pk: int) -> CharterCommitment:
    return get_object_or_404(
        CharterCommitment.objects.select_related("version__document"),
        pk=commitment_pk,
        version__document__kind=DocumentKind.SERVICE_CHARTER,
    )


@org_view(Action.EDIT_RECORDS)
def commitment_create(request: HttpRequest) -> HttpResponse:
    draft, refusal = _draft_or_refusal(request)
    if refusal:
        return refusal
    return _row_form(
        request,
        form_class=CommitmentForm,
        instance=CharterCommitment(organization=request.organization, version=draft),
        save=services.save_commitment,
        title=_("New commitment"),
        success=_("Commitment saved."),
        back_url=_charter_url(request, draft, "commitments"),
    )


@org_view(Action.EDIT_RECORDS)
def commitment_edit(request: HttpRequest, commitment_pk: int) -> HttpResponse:
    commitment = _commitment(commitment_pk)
    return _row_form(
        request,
        form_class=CommitmentForm,
        instance=commitment,
        save=services.save_commitment,
        title=_("Edit commitment"),
        success=_("Commitment saved."),
        back_url=_charter_url(request, commitment.version, "commitments"),
    )


@org_view(Action.EDIT_RECORDS, methods=POST)
def commitment_delete(request: HttpRequest, commitment_pk: int) -> HttpResponse:
    commitment = _commitment(commitment_pk)
    return _delete_row(
        request,
        lambda: services.delete_commitment(commitment=commitment),
        _charter_url(request, commitment.version, "commitments"),
        _("Commitment deleted."),
    )


# --- service standards ---------------------------------------------------------------------


def _standard(standard_pk: int) -> ServiceStandard:
    return get_object_or_404(
        ServiceStandard.objects.select_related("version__document", "owner_unit", "product"),
        pk=standard_pk,
        version__document__kind=DocumentKind.SERVICE_CHARTER,
    )


@org_view(Action.EDIT_RECORDS)
def standard_create(request: HttpRequest) -> HttpResponse:
    draft, refusal = _draft_or_refusal(request)
    if refusal:
        return refusal
    return _row_form(
        request,
        form_class=StandardForm,
        instance=ServiceStandard(organization=request.organization, version=draft),
        save=services.save_standard,
        title=_("New service standard"),
        success=_("Service standard saved."),
        back_url=_charter_url(request, draft, "standards"),
    )


@org_view(methods=GET)
def standard_detail(request: HttpRequest, standard_pk: int) -> HttpResponse:
    standard = selectors.standard_detail(_standard(standard_pk))
    version = standard.version
    context = {
        "standard": standard,
        "version": version,
        "steps": list(standard.blueprint_steps.all()),
        "guidelines": list(standard.guidelines.all()),
        "recoveries": list(standard.recovery_scenarios.all()),
        "editable": version.is_editable and _may_edit(request),
        "history": history_of(standard),
    }
    return render(request, "customers/charter_standard_detail.html", context)


@org_view(Action.EDIT_RECORDS)
def standard_edit(request: HttpRequest, standard_pk: int) -> HttpResponse:
    standard = _standard(standard_pk)
    return _row_form(
        request,
        form_class=StandardForm,
        instance=standard,
        save=services.save_standard,
        title=_("Edit service standard"),
        success=_("Service standard saved."),
        back_url=_standard_url(request, standard),
    )


@org_view(Action.EDIT_RECORDS, methods=POST)
def standard_delete(request: HttpRequest, standard_pk: int) -> HttpResponse:
    standard = _standard(standard_pk)
    back = _charter_url(request, standard.version, "standards")
    if not standard.version.is_editable:
        return _refuse(request, services.NOT_EDITABLE, back)
    return _delete_row(
        request,
        lambda: services.delete_standard(standard=standard),
        back,
        _("Service standard deleted, with its blueprint, guidelines and recovery scenarios."),
    )


# --- blueprint steps -----------------------------------------------------------------------


def _step(blueprint_step_pk: int) -> BlueprintStep:
    return get_object_or_404(
        BlueprintStep.objects.select_related("version__document", "standard"),
        pk=blueprint_step_pk,
        version__document__kind=DocumentKind.SERVICE_CHARTER,
    )


@org_view(Action.EDIT_RECORDS)
def blueprint_step_create(request: HttpRequest, standard_pk: int) -> HttpResponse:
    standard = _standard(standard_pk)
    step = BlueprintStep(
        organization=request.organization, version=standard.version, standard=standard
    )
    return _row_form(
        request,
        form_class=BlueprintStepForm,
        instance=step,
        save=services.save_blueprint_step,
        title=_("New blueprint step: %(service)s") % {"service": standard.service},
        success=_("Blueprint step saved."),
        back_url=_standard_url(request, standard, "blueprint"),
        context={"standard": standard},
    )


@org_view(Action.EDIT_RECORDS)
def blueprint_step_edit(request: HttpRequest, blueprint_step_pk: int) -> HttpResponse:
    step = _step(blueprint_step_pk)
    return _row_form(
        request,
        form_class=BlueprintStepForm,
        instance=step,
        save=services.save_blueprint_step,
        title=_("Edit blueprint step: %(service)s") % {"service": step.standard.service},
        success=_("Blueprint step saved."),
        back_url=_standard_url(request, step.standard, "blueprint"),
        context={"standard": step.standard},
    )


@org_view(Action.EDIT_RECORDS, methods=POST)
def blueprint_step_delete(request: HttpRequest, blueprint_step_pk: int) -> HttpResponse:
    step = _step(blueprint_step_pk)
    return _delete_row(
        request,
        lambda: services.delete_blueprint_step(step=step),
        _standard_url(request, step.standard, "blueprint"),
        _("Blueprint step deleted."),
    )


# --- guidelines ----------------------------------------------------------------------------


def _guideline(guideline_pk: int) -> ServiceGuideline:
    return get_object_or_404(
        ServiceGuideline.objects.select_related("version__document"),
        pk=guideline_pk,
        version__document__kind=DocumentKind.SERVICE_CHARTER,
    )


@org_view(Action.EDIT_RECORDS)
def guideline_create(request: HttpRequest) -> HttpResponse:
    draft, refusal = _draft_or_refusal(request)
    if refusal:
        return refusal
    guideline = ServiceGuideline(organization=request.organization, version=draft)
    standard_id = positive_int(request.GET.get("standard"))
    if standard_id and draft.service_standards.filter(pk=standard_id).exists():
        guideline.standard_id = standard_id
    return _row_form(
        request,
        form_class=GuidelineForm,
        instance=guideline,
        save=services.save_guideline,
        title=_("New service guideline at a critical point"),
        success=_("Guideline saved."),
        back_url=_charter_url(request, draft, "guidelines"),
    )


@org_view(Action.EDIT_RECORDS)
def guideline_edit(request: HttpRequest, guideline_pk: int) -> HttpResponse:
    guideline = _guideline(guideline_pk)
    return _row_form(
        request,
        form_class=GuidelineForm,
        instance=guideline,
        save=services.save_guideline,
        title=_("Edit service guideline"),
        success=_("Guideline saved."),
        back_url=_charter_url(request, guideline.version, "guidelines"),
    )


@org_view(Action.EDIT_RECORDS, methods=POST)
def guideline_delete(request: HttpRequest, guideline_pk: int) -> HttpResponse:
    guideline = _guideline(guideline_pk)
    return _delete_row(
        request,
        lambda: services.delete_guideline(guideline=guideline),
        _charter_url(request, guideline.version, "guidelines"),
        _("Guideline deleted."),
    )


# --- service recovery plan -----------------------------------------------------------------


def _recovery(recovery_pk: int) -> RecoveryScenario:
    return get_object_or_404(
        RecoveryScenario.objects.select_related("version__document"),
        pk=recovery_pk,
        version__document__kind=DocumentKind.SERVICE_CHARTER,
    )


@org_view(Action.EDIT_RECORDS)
def recovery_create(request: HttpRequest) -> HttpResponse:
    draft, refusal = _draft_or_refusal(request)
    if refusal:
        return refusal
    scenario = RecoveryScenario(organization=request.organization, version=draft)
    standard_id = positive_int(request.GET.get("standard"))
    if standard_id and draft.service_standards.filter(pk=standard_id).exists():
        scenario.standard_id = standard_id
    if request.GET.get("situation") in RecoveryScenario.Situation.values:
        scenario.situation = request.GET["situation"]
    return _row_form(
        request,
        form_class=RecoveryForm,
        instance=scenario,
        save=services.save_recovery,
        title=_("New service recovery scenario"),
        success=_("Recovery scenario saved."),
        back_url=_charter_url(request, draft, "recovery"),
    )


@org_view(Action.EDIT_RECORDS)
def recovery_edit(request: HttpRequest, recovery_pk: int) -> HttpResponse:
    scenario = _recovery(recovery_pk)
    return _row_form(
        request,
        form_class=RecoveryForm,
        instance=scenario,
        save=services.save_recovery,
        title=_("Edit service recovery scenario"),
        success=_("Recovery scenario saved."),
        back_url=_charter_url(request, scenario.version, "recovery"),
    )


@org_view(Action.EDIT_RECORDS, methods=POST)
def recovery_delete(request: HttpRequest, recovery_pk: int) -> HttpResponse:
    scenario = _recovery(recovery_pk)
    return _delete_row(
        request,
        lambda: services.delete_recovery(scenario=scenario),
        _charter_url(request, scenario.version, "recovery"),
        _("Recovery scenario deleted."),
    )


# --- printable blueprint -------------------------------------------------------------------


@org_view(methods=GET)
def blueprint_print(request: HttpRequest) -> HttpResponse:
    """The blueprints of a version (default: the one the charter page shows), one per service,
    as the classic lanes; `?standard=<id>` prints one service."""
    document = services.charter_document()
    if document is None:
        return _refuse(request, _("Create the service charter first."), _charter_url(request))
    try:
        page = selectors.charter_page(
            document,
            version_id=positive_int(request.GET.get("version")),
            prefer_draft=_may_edit(request),
        )
    except selectors.UnknownVersion:
        raise Http404 from None
    standards = page.sections.standards
    standard_id = positive_int(request.GET.get("standard"))
    if standard_id is not None:
        standards = [s for s in standards if s.pk == standard_id]
        if not standards:
            raise Http404
    context = {
        "page": page,
        "version": page.shown,
        "approval": getattr(page.shown, "approval", None),
        "standards": standards,
    }
    return render(request, "customers/charter_blueprint_print.html", context)


urlpatterns = [
    path("charter/", charter, name="charter"),
    path("charter/new/", charter_create, name="charter_create"),
    path("charter/intro/", charter_intro_edit, name="charter_intro_edit"),
    path("charter/blueprint/", blueprint_print, name="blueprint_print"),
    path("charter/commitments/new/", commitment_create, name="commitment_create"),
    path("charter/commitments/<int:commitment_pk>/edit/", commitment_edit, name="commitment_edit"),
    path(
        "charter/commitments/<int:commitment_pk>/delete/",
        commitment_delete,
        name="commitment_delete",
    ),
    path("charter/standards/new/", standard_create, name="standard_create"),
    path("charter/standards/<int:standard_pk>/", standard_detail, name="standard_detail"),
    path("charter/standards/<int:standard_pk>/edit/", standard_edit, name="standard_edit"),
    path("charter/standards/<int:standard_pk>/delete/", standard_delete, name="standard_delete"),
    path(
        "charter/standards/<int:standard_pk>/steps/new/",
        blueprint_step_create,
        name="blueprint_step_create",
    ),
    path(
        "charter/steps/<int:blueprint_step_pk>/edit/",
        blueprint_step_edit,
        name="blueprint_step_edit",
    ),
    path(
        "charter/steps/<int:blueprint_step_pk>/delete/",
        blueprint_step_delete,
        name="blueprint_step_delete",
    ),
    path("charter/guidelines/new/", guideline_create, name="guideline_create"),
    path("charter/guidelines/<int:guideline_pk>/edit/", guideline_edit, name="guideline_edit"),
    path(
        "charter/guidelines/<int:guideline_pk>/delete/", guideline_delete, name="guideline_delete"
    ),
    path("charter/recovery/new/", recovery_create, name="recovery_create"),
    path("charter/recovery/<int:recovery_pk>/edit/", recovery_edit, name="recovery_edit"),
    path("charter/recovery/<int:recovery_pk>/delete/", recovery_delete, name="recovery_delete"),
]


# --- public page: no login, only the published version -------------------------------------


def _public_organization(slug: str) -> Organization:
    with scopes_disabled():
        return get_object_or_404(Organization, slug=slug)


def public_charter(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    """The organization's latest published charter, in the URL's language whatever the
    visitor's cookie or profile says."""
    organization = _public_organization(slug)
    with scope(organization=organization), translation.override(language):
        version = selectors.published_charter()
        if version is None:
            raise Http404
        other = "th" if language == "en" else "en"
        context = {
            "public_organization": organization,
            "version": version,
            "approval": getattr(version, "approval", None),
            "sections": selectors.charter_sections(version),
            "language": language,
            "public_url": selectors.public_charter_url(organization, language),
            "other_language": other,
            "other_url": reverse(
                "public_charter:charter_en" if other == "en" else "public_charter:charter",
                kwargs={"slug": slug},
            ),
            "qr_svg": reverse(
                "public_charter:qr_svg_en" if language == "en" else "public_charter:qr_svg",
                kwargs={"slug": slug},
            ),
            "qr_png": reverse(
                "public_charter:qr_png_en" if language == "en" else "public_charter:qr_png",
                kwargs={"slug": slug},
            ),
        }
        response = render(request, "customers/charter_public.html", context)
    response["Content-Language"] = language
    return response


def public_charter_qr(request: HttpRequest, slug: str, language: str, kind: str) -> HttpResponse:
    """A QR code of the stable public address (not of a version), so printed codes survive
    new versions. 404 while nothing is published, like the page."""
    organization = _public_organization(slug)
    with scope(organization=organization):
        if selectors.published_charter() is None:
            raise Http404
    url = selectors.public_charter_url(organization, language)
    return qr_response(url, kind, filename=f"charter-{slug}-{language}.{kind}")
