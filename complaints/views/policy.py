"""The complaint handling policy and procedures (criterion 5.3 level 1).

The policy is a governed document: these pages declare it (with default content) and edit the
channels, categories, time standards and escalation rules of its open draft; submitting, the
board's approval and new drafts happen on the approvals pages, which these pages link to. Once
approved, a version's content is frozen and the newest approved version is the policy in force.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from seam_scm.approvals.models import DocumentKind
from seam_scm.forms import add_service_errors, positive_int
from seam_scm.tenancy.roles import Action, role_allows
from seam_scm.tenancy.views import org_view

from .. import policy_selectors as selectors
from .. import policy_services as services
from ..models import ComplaintCategory, ComplaintChannel, EscalationRule, Severity, TimeStandard
from ..policy_forms import CategoryForm, ChannelForm, EscalationRuleForm, TimeStandardForm

GET = ("GET",)
POST = ("POST",)
FORM_TEMPLATE = "complaints/policy_form.html"


def _policy_url(request: HttpRequest, anchor: str = "") -> str:
    url = reverse("complaints:policy", kwargs={"org_slug": request.organization.slug})
    return url + (f"#{anchor}" if anchor else "")


def _may_edit(request: HttpRequest) -> bool:
    return role_allows(request.membership.role, Action.EDIT_RECORDS)


def _refuse(request: HttpRequest, message, to: str) -> HttpResponse:
    messages.error(request, str(message))
    return redirect(to)


def _draft_or_refusal(request: HttpRequest, anchor: str):
    """The policy's editable draft, or a redirect to the policy page saying why there is none."""
    document = selectors.policy_document()
    draft = services.open_draft(document)
    if draft is not None:
        return draft, None
    return None, _refuse(request, services.no_draft_reason(document), _policy_url(request, anchor))


def _row_form(
    request: HttpRequest, *, form_class, instance, save, title: str, success: str, anchor: str
) -> HttpResponse:
    """Create or edit a content row of the draft through its service."""
    back_url = _policy_url(request, anchor)
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
    context = {"form": form, "title": title, "back_url": back_url, "version": instance.version}
    return render(request, FORM_TEMPLATE, context)


def _delete_row(request: HttpRequest, delete, anchor: str, done: str) -> HttpResponse:
    try:
        delete()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(_policy_url(request, anchor))


def _row(model, pk: int):
    """A content row of a policy version of this organization, or 404."""
    return get_object_or_404(
        model.objects.select_related("version__document"),
        pk=pk,
        version__document__kind=DocumentKind.COMPLAINT_POLICY,
    )


# --- the policy page -----------------------------------------------------------------------


@org_view(methods=GET)
def policy(request: HttpRequest) -> HttpResponse:
    document = selectors.policy_document()
    page = selectors.policy_page(document) if document is not None else None
    context = {
        "document": document,
        "page": page,
        "readiness": selectors.policy_readiness(),
        "editable": page is not None and page.draft is not None and _may_edit(request),
    }
    return render(request, "complaints/policy.html", context)


@org_view(Action.EDIT_RECORDS, methods=POST)
def policy_create(request: HttpRequest) -> HttpResponse:
    try:
        services.create_policy(organization=request.organization, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Policy created with default channels, categories, time standards and escalation "
                "rules. Adapt the draft, then submit it for approval."
            ),
        )
    return redirect(_policy_url(request))


# --- channels ------------------------------------------------------------------------------


@org_view(Action.EDIT_RECORDS)
def channel_create(request: HttpRequest) -> HttpResponse:
    draft, refusal = _draft_or_refusal(request, "channels")
    if refusal:
        return refusal
    return _row_form(
        request,
        form_class=ChannelForm,
        instance=ComplaintChannel(organization=request.organization, version=draft),
        save=services.save_channel,
        title=_("New complaint channel"),
        success=_("Channel saved."),
        anchor="channels",
    )


@org_view(Action.EDIT_RECORDS)
def channel_edit(request: HttpRequest, complaint_channel_pk: int) -> HttpResponse:
    return _row_form(
        request,
        form_class=ChannelForm,
        instance=_row(ComplaintChannel, complaint_channel_pk),
        save=services.save_channel,
        title=_("Edit complaint channel"),
        success=_("Channel saved."),
        anchor="channels",
    )


@org_view(Action.EDIT_RECORDS, methods=POST)
def channel_delete(request: HttpRequest, complaint_channel_pk: int) -> HttpResponse:
    channel = _row(ComplaintChannel, complaint_channel_pk)
    return _delete_row(
        request,
        lambda: services.delete_channel(channel=channel),
        "channels",
        _("Channel deleted."),
    )


# --- categories ----------------------------------------------------------------------------


@org_view(Action.EDIT_RECORDS)
def category_create(request: HttpRequest) -> HttpResponse:
    draft, refusal = _draft_or_refusal(request, "categories")
    if refusal:
        return refusal
    return _row_form(
        request,
        form_class=CategoryForm,
        instance=ComplaintCategory(organization=request.organization, version=draft),
        save=services.save_category,
        title=_("New complaint category"),
        success=_("Category saved."),
        anchor="categories",
    )


@org_view(Action.EDIT_RECORDS)
def category_edit(request: HttpRequest, complaint_category_pk: int) -> HttpResponse:
    return _row_form(
        request,
        form_class=CategoryForm,
        instance=_row(ComplaintCategory, complaint_category_pk),
        save=services.save_category,
        title=_("Edit complaint category"),
        success=_("Category saved."),
        anchor="categories",
    )


@org_view(Action.EDIT_RECORDS, methods=POST)
def category_delete(request: HttpRequest, complaint_category_pk: int) -> HttpResponse:
    category = _row(ComplaintCategory, complaint_category_pk)
    return _delete_row(
        request,
        lambda: services.delete_category(category=category),
        "categories",
        _("Category deleted, with its time standards."),
    )


# --- time standards ------------------------------------------------------------------------


@org_view(Action.EDIT_RECORDS)
def time_standard_create(request: HttpRequest) -> HttpResponse:
    draft, refusal = _draft_or_refusal(request, "standards")
    if refusal:
        return refusal
    standard = TimeStandard(organization=request.organization, version=draft)
    # A missing cell of the grid links here with its category and severity.
    category_id = positive_int(request.GET.get("category"))
    if category_id and draft.complaint_categories.filter(pk=category_id).exists():
        standard.category_id = category_id
    if request.GET.get("severity") in Severity.values:
        standard.severity = request.GET["severity"]
    return _row_form(
        request,
        form_class=TimeStandardForm,
        instance=standard,
        save=services.save_time_standard,
        title=_("New time standard"),
        success=_("Time standard saved."),
        anchor="standards",
    )


@org_view(Action.EDIT_RECORDS)
def time_standard_edit(request: HttpRequest, time_standard_pk: int) -> HttpResponse:
    return _row_form(
        request,
        form_class=TimeStandardForm,
        instance=_row(TimeStandard, time_standard_pk),
        save=services.save_time_standard,
        title=_("Edit time standard"),
        success=_("Time standard saved."),
        anchor="standards",
    )


@org_view(Action.EDIT_RECORDS, methods=POST)
def time_standard_delete(request: HttpRequest, time_standard_pk: int) -> HttpResponse:
    standard = _row(TimeStandard, time_standard_pk)
    return _delete_row(
        request,
        lambda: services.delete_time_standard(time_standard=standard),
        "standards",
        _("Time standard deleted."),
    )


# --- escalation rules ----------------------------------------------------------------------


@org_view(Action.EDIT_RECORDS)
def escalation_rule_create(request: HttpRequest) -> HttpResponse:
    draft, refusal = _draft_or_refusal(request, "escalation")
    if refusal:
        return refusal
    return _row_form(
        request,
        form_class=EscalationRuleForm,
        instance=EscalationRule(organization=request.organization, version=draft),
        save=services.save_escalation_rule,
        title=_("New escalation rule"),
        success=_("Escalation rule saved."),
        anchor="escalation",
    )


@org_view(Action.EDIT_RECORDS)
def escalation_rule_edit(request: HttpRequest, escalation_rule_pk: int) -> HttpResponse:
    return _row_form(
        request,
        form_class=EscalationRuleForm,
        instance=_row(EscalationRule, escalation_rule_pk),
        save=services.save_escalation_rule,
        title=_("Edit escalation rule"),
        success=_("Escalation rule saved."),
        anchor="escalation",
    )


@org_view(Action.EDIT_RECORDS, methods=POST)
def escalation_rule_delete(request: HttpRequest, escalation_rule_pk: int) -> HttpResponse:
    rule = _row(EscalationRule, escalation_rule_pk)
    return _delete_row(
        request,
        lambda: services.delete_escalation_rule(escalation_rule=rule),
        "escalation",
        _("Escalation rule deleted."),
    )


urlpatterns = [
    path("policy/", policy, name="policy"),
    path("policy/new/", policy_create, name="policy_create"),
    path("policy/channels/new/", channel_create, name="channel_create"),
    path("policy/channels/<int:complaint_channel_pk>/edit/", channel_edit, name="channel_edit"),
    path(
        "policy/channels/<int:complaint_channel_pk>/delete/", channel_delete, name="channel_delete"
    ),
    path("policy/categories/new/", category_create, name="category_create"),
    path(
        "policy/categories/<int:complaint_category_pk>/edit/", category_edit, name="category_edit"
    ),
    path(
        "policy/categories/<int:complaint_category_pk>/delete/",
        category_delete,
        name="category_delete",
    ),
    path("policy/standards/new/", time_standard_create, name="time_standard_create"),
    path(
        "policy/standards/<int:time_standard_pk>/edit/",
        time_standard_edit,
        name="time_standard_edit",
    ),
    path(
        "policy/standards/<int:time_standard_pk>/delete/",
        time_standard_delete,
        name="time_standard_delete",
    ),
    path("policy/escalation/new/", escalation_rule_create, name="escalation_rule_create"),
    path(
        "policy/escalation/<int:escalation_rule_pk>/edit/",
        escalation_rule_edit,
        name="escalation_rule_edit",
    ),
    path(
        "policy/escalation/<int:escalation_rule_pk>/delete/",
        escalation_rule_delete,
        name="escalation_rule_delete",
    ),
]
