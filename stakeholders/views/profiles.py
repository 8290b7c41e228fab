"""Pages of the stakeholder database: profiles, VOS, risks, engagements, the team and groups.

Reading needs Action.VIEW, writing Action.EDIT_RECORDS, groups and the review
period Action.MANAGE_ORGANIZATION. Representatives' contacts are shown and
edited only where the role allows Action.VIEW_PERSONAL_DATA.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from seam_scm.files.access import downloadable, may_download
from seam_scm.forms import add_service_errors
from seam_scm.history import history_of
from seam_scm.privacy import services as privacy
from seam_scm.tenancy.roles import Action, role_allows
from seam_scm.tenancy.views import org_view

from .. import record_selectors, record_services
from ..forms import (
    EngagementForm,
    GroupForm,
    RiskForm,
    SettingsForm,
    StakeholderFilterForm,
    StakeholderForm,
    TeamMemberForm,
    TeamOrderForm,
    VoiceForm,
    representative_formset,
    unit_formset,
)
from ..models import (
    Engagement,
    RelationshipRisk,
    Stakeholder,
    StakeholderGroup,
    TeamMember,
    VoiceOfStakeholder,
)
from ..selectors import filters_from_query, missing_fields, review_months

PAGE_SIZE = 25
POST = ("POST",)
GET = ("GET",)


def _may_view_contacts(request: HttpRequest) -> bool:
    return role_allows(request.membership.role, Action.VIEW_PERSONAL_DATA)


def _log_contacts_shown(request: HttpRequest, stakeholder: Stakeholder) -> None:
    """One access-log entry per representative whose contacts the profile page shows."""
    for representative in stakeholder.representatives.all():
        if representative.personal_data_erased_at is None:
            privacy.log_view(request.membership, representative, path=request.path)


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _to_profile(request: HttpRequest, stakeholder_id: int, anchor: str = "") -> HttpResponse:
    url = reverse(
        "stakeholders:detail",
        kwargs={"org_slug": request.organization.slug, "stakeholder_pk": stakeholder_id},
    )
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- profiles ------------------------------------------------------------------------------


@org_view(methods=GET)
def stakeholder_list(request: HttpRequest) -> HttpResponse:
    filters = filters_from_query(request.GET)
    page = Paginator(record_selectors.profile_list(filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "filter_form": StakeholderFilterForm(request.GET or None),
        "page": page,
        "rows": record_selectors.annotate_rows(page.object_list, months=review_months()),
        "query_string": _query_without_page(request),
        "filtered": any(key in request.GET for key in StakeholderFilterForm.base_fields),
    }
    return render(request, "stakeholders/stakeholder_list.html", context)


@org_view(Action.EDIT_RECORDS)
def stakeholder_create(request: HttpRequest) -> HttpResponse:
    return _edit_profile(request, Stakeholder(organization=request.organization))


@org_view(Action.EDIT_RECORDS)
def stakeholder_edit(request: HttpRequest, stakeholder_pk: int) -> HttpResponse:
    return _edit_profile(request, get_object_or_404(Stakeholder, pk=stakeholder_pk))


def _edit_profile(request: HttpRequest, stakeholder: Stakeholder) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = StakeholderForm(data, instance=stakeholder, organization=request.organization)
    units = unit_formset(data, stakeholder=stakeholder)
    # Without the right to see personal data there is no representatives' form at all.
    representatives = (
        representative_formset(data, stakeholder=stakeholder)
        if _may_view_contacts(request)
        else None
    )
    if request.method == "POST":
        formsets_valid = units.is_valid() and (
            representatives is None or representatives.is_valid()
        )
        if form.is_valid() and formsets_valid:
            was_new = stakeholder.pk is None
            try:
                saved = _save_profile(form, units, representatives)
            except ValidationError as error:
                if was_new:  # rolled back: the page must not link to a profile that is not there
                    stakeholder.pk = None
                add_service_errors(form, error)
            else:
                messages.success(request, _("Stakeholder profile saved."))
                return _to_profile(request, saved.pk)
    context = {
        "form": form,
        "units": units,
        "representatives": representatives,
        "stakeholder": stakeholder if stakeholder.pk else None,
    }
    return render(request, "stakeholders/stakeholder_form.html", context)


def _save_profile(form, units, representatives) -> Stakeholder:
    kept, removed = [], []
    if representatives is not None:
        # Nothing is written here: the service attaches the rows to the (maybe new) profile.
        kept = representatives.save(commit=False)
        removed = list(representatives.deleted_objects)
    return record_services.save_profile(
        stakeholder=form.instance,
        units=units.unit_ranks(),
        representatives=kept,
        removed_representatives=removed,
    )


@org_view(methods=GET)
def stakeholder_detail(request: HttpRequest, stakeholder_pk: int) -> HttpResponse:
    try:
        stakeholder = record_selectors.profile(stakeholder_pk)
    except Stakeholder.DoesNotExist:
        raise Http404 from None
    voices = list(record_selectors.voices_of(stakeholder))
    engagements = record_selectors.engagements_of(stakeholder)
    _mark_downloadable(request, engagements)
    months = review_months()
    may_view_contacts = _may_view_contacts(request)
    if may_view_contacts:
        _log_contacts_shown(request, stakeholder)
    context = {
        "stakeholder": stakeholder,
        "stale": stakeholder.is_stale(months),
        "review_months": months,
        "missing": missing_fields(stakeholder),
        "may_view_contacts": may_view_contacts,
        "unit_links": stakeholder.unit_links.all(),
        "positive_voices": [v for v in voices if v.polarity == v.Polarity.POSITIVE],
        "negative_voices": [v for v in voices if v.polarity == v.Polarity.NEGATIVE],
        "plan_items": record_selectors.plan_items_of(stakeholder),
        "risks": record_selectors.risks_of(stakeholder),
        "engagements": engagements,
        "history": history_of(stakeholder),
    }
    return render(request, "stakeholders/stakeholder_detail.html", context)


@org_view(Action.EDIT_RECORDS, methods=POST)
def stakeholder_review(request: HttpRequest, stakeholder_pk: int) -> HttpResponse:
    stakeholder = get_object_or_404(Stakeholder, pk=stakeholder_pk)
    record_services.mark_reviewed(stakeholder=stakeholder)
    messages.success(request, _("The profile is marked as reviewed today."))
    return _to_profile(request, stakeholder.pk)


# --- voice of stakeholders -----------------------------------------------------------------


@org_view(Action.EDIT_RECORDS)
def voice_create(request: HttpRequest, stakeholder_pk: int) -> HttpResponse:
    stakeholder = get_object_or_404(Stakeholder, pk=stakeholder_pk)
    return _edit_voice(request, stakeholder, VoiceOfStakeholder())


@org_view(Action.EDIT_RECORDS)
def voice_edit(request: HttpRequest, voice_pk: int) -> HttpResponse:
    voice = get_object_or_404(VoiceOfStakeholder.objects.select_related("stakeholder"), pk=voice_pk)
    return _edit_voice(request, voice.stakeholder, voice)


def _edit_voice(request, stakeholder: Stakeholder, voice: VoiceOfStakeholder) -> HttpResponse:
    form = VoiceForm(request.POST or None, instance=voice, stakeholder=stakeholder)
    if request.method == "POST" and form.is_valid():
        try:
            record_services.save_voice(voice=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Voice of the stakeholder saved."))
            return _to_profile(request, stakeholder.pk, "voices")
    context = {
        "form": form,
        "stakeholder": stakeholder,
        "voice": voice if voice.pk else None,
        "title": _("Edit VOS") if voice.pk else _("Record a VOS"),
    }
    return render(request, "stakeholders/voice_form.html", context)


@org_view(Action.EDIT_RECORDS, methods=POST)
def voice_delete(request: HttpRequest, voice_pk: int) -> HttpResponse:
    voice = get_object_or_404(VoiceOfStakeholder, pk=voice_pk)
    try:
        record_services.delete_voice(voice=voice)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Voice of the stakeholder deleted."))
    return _to_profile(request, voice.stakeholder_id, "voices")


# --- relationship risks --------------------------------------------------------------------


@org_view(Action.EDIT_RECORDS)
def risk_create(request: HttpRequest, stakeholder_pk: int) -> HttpResponse:
    stakeholder = get_object_or_404(Stakeholder, pk=stakeholder_pk)
    return _edit_risk(request, stakeholder, RelationshipRisk())


@org_view(Action.EDIT_RECORDS)
def risk_edit(request: HttpRequest, risk_pk: int) -> HttpResponse:
    risk = get_object_or_404(RelationshipRisk.objects.select_related("stakeholder"), pk=risk_pk)
    return _edit_risk(request, risk.stakeholder, risk)


def _edit_risk(request, stakeholder: Stakeholder, risk: RelationshipRisk) -> HttpResponse:
    form = RiskForm(request.POST or None, instance=risk, stakeholder=stakeholder)
    if request.method == "POST" and form.is_valid():
        try:
            record_services.save_risk(risk=form.instance, voices=form.cleaned_data["voices"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Relationship risk saved."))
            return _to_profile(request, stakeholder.pk, "risks")
    context = {
        "form": form,
        "stakeholder": stakeholder,
        "risk": risk if risk.pk else None,
        "title": _("Edit relationship risk") if risk.pk else _("Add a relationship risk"),
    }
    return render(request, "stakeholders/risk_form.html", context)


@org_view(Action.EDIT_RECORDS, methods=POST)
def risk_delete(request: HttpRequest, risk_pk: int) -> HttpResponse:
    risk = get_object_or_404(RelationshipRisk, pk=risk_pk)
    record_services.delete_risk(risk=risk)
    messages.success(request, _("Relationship risk deleted."))
    return _to_profile(request, risk.stakeholder_id, "risks")


# --- engagements ---------------------------------------------------------------------------


@org_view(methods=GET)
def engagement_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(record_selectors.engagement_list(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    engagements = record_selectors.with_minutes(page.object_list)
    _mark_downloadable(request, engagements)
    context = {"page": page, "engagements": engagements, "query_string": ""}
    return render(request, "stakeholders/engagement_list.html", context)


@org_view(Action.EDIT_RECORDS)
def engagement_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if (chosen := request.GET.get("stakeholder", "")).isdigit():
        initial["stakeholders"] = Stakeholder.objects.filter(pk=int(chosen))
    return _edit_engagement(request, Engagement(), initial)


@org_view(Action.EDIT_RECORDS)
def engagement_edit(request: HttpRequest, engagement_pk: int) -> HttpResponse:
    return _edit_engagement(request, get_object_or_404(Engagement, pk=engagement_pk))


def _edit_engagement(request, engagement: Engagement, initial=None) -> HttpResponse:
    form = EngagementForm(
        request.POST or None,
        request.FILES or None,
        instance=engagement,
        initial=initial,
        organization=request.organization,
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_services.save_engagement(
                engagement=form.instance,
                stakeholders=form.cleaned_data["stakeholders"],
                minutes=form.cleaned_data.get("minutes_file"),
                uploaded_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Engagement saved."))
            return redirect("stakeholders:engagements", org_slug=request.organization.slug)
    minutes = record_selectors.with_minutes([engagement])[0].minutes if engagement.pk else []
    context = {
        "form": form,
        "engagement": engagement if engagement.pk else None,
        "minutes": minutes,
        "title": _("Edit engagement") if engagement.pk else _("Record an engagement"),
    }
    return render(request, "stakeholders/engagement_form.html", context)


@org_view(Action.EDIT_RECORDS, methods=POST)
def engagement_delete(request: HttpRequest, engagement_pk: int) -> HttpResponse:
    engagement = get_object_or_404(Engagement, pk=engagement_pk)
    record_services.delete_engagement(engagement=engagement)
    messages.success(request, _("Engagement deleted. Its minutes stay among the evidence files."))
    return redirect("stakeholders:engagements", org_slug=request.organization.slug)


# --- the cross-functional team, its order and the review period ----------------------------


@org_view(methods=GET)
def team(request: HttpRequest) -> HttpResponse:
    return _render_team(request)


def _render_team(request, *, settings_form=None, order_form=None, status=200) -> HttpResponse:
    settings = record_services.settings_of(organization=request.organization)
    order = settings.team_order
    if order is not None and (order.is_deleted or order.current_version_id is None):
        order = None
    context = {
        "lines": record_selectors.team_by_line(),
        "settings": settings,
        "order": order,
        "order_version": order.current_version if order else None,
        "may_download_order": order is not None and may_download(request.membership, order),
        "settings_form": settings_form or SettingsForm(instance=settings),
        "order_form": order_form or TeamOrderForm(),
    }
    return render(request, "stakeholders/team.html", context, status=status)


@org_view(Action.EDIT_RECORDS)
def team_member_create(request: HttpRequest) -> HttpResponse:
    return _edit_team_member(request, TeamMember())


@org_view(Action.EDIT_RECORDS)
def team_member_edit(request: HttpRequest, team_member_pk: int) -> HttpResponse:
    return _edit_team_member(request, get_object_or_404(TeamMember, pk=team_member_pk))


def _edit_team_member(request, member: TeamMember) -> HttpResponse:
    form = TeamMemberForm(request.POST or None, instance=member, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            record_services.save_team_member(member=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Team member saved."))
            return redirect("stakeholders:team", org_slug=request.organization.slug)
    context = {
        "form": form,
        "member": member if member.pk else None,
        "title": _("Edit team member") if member.pk else _("Add a team member"),
    }
    return render(request, "stakeholders/team_member_form.html", context)


@org_view(Action.EDIT_RECORDS, methods=POST)
def team_member_delete(request: HttpRequest, team_member_pk: int) -> HttpResponse:
    member = get_object_or_404(TeamMember, pk=team_member_pk)
    record_services.delete_team_member(member=member)
    messages.success(request, _("Team member removed."))
    return redirect("stakeholders:team", org_slug=request.organization.slug)


@org_view(Action.EDIT_RECORDS, methods=POST)
def team_order(request: HttpRequest) -> HttpResponse:
    form = TeamOrderForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            record_services.upload_team_order(
                organization=request.organization,
                uploaded_by=request.user,
                upload=form.cleaned_data["file"],
                effective_date=form.cleaned_data["effective_date"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Appointment order uploaded."))
            return redirect("stakeholders:team", org_slug=request.organization.slug)
    return _render_team(request, order_form=form, status=400)


@org_view(Action.MANAGE_ORGANIZATION, methods=POST)
def stakeholder_settings(request: HttpRequest) -> HttpResponse:
    settings = record_services.settings_of(organization=request.organization)
    form = SettingsForm(request.POST, instance=settings)
    if form.is_valid():
        record_services.save_settings(settings=form.instance)
        messages.success(request, _("Review period saved."))
        return redirect("stakeholders:team", org_slug=request.organization.slug)
    return _render_team(request, settings_form=form, status=400)


# --- stakeholder groups --------------------------------------------------------------------


@org_view(methods=GET)
def group_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "stakeholders/group_list.html", {"groups": record_selectors.group_list()}
    )


@org_view(Action.MANAGE_ORGANIZATION)
def group_create(request: HttpRequest) -> HttpResponse:
    return _edit_group(request, StakeholderGroup())


@org_view(Action.MANAGE_ORGANIZATION)
def group_edit(request: HttpRequest, group_pk: int) -> HttpResponse:
    return _edit_group(request, get_object_or_404(StakeholderGroup, pk=group_pk))


def _edit_group(request, group: StakeholderGroup) -> HttpResponse:
    form = GroupForm(request.POST or None, instance=group, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            record_services.save_group(group=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Stakeholder group saved."))
            return redirect("stakeholders:groups", org_slug=request.organization.slug)
    context = {
        "form": form,
        "group": group if group.pk else None,
        "title": _("Edit stakeholder group") if group.pk else _("Add a stakeholder group"),
    }
    return render(request, "stakeholders/group_form.html", context)


@org_view(Action.MANAGE_ORGANIZATION, methods=POST)
def group_delete(request: HttpRequest, group_pk: int) -> HttpResponse:
    group = get_object_or_404(StakeholderGroup, pk=group_pk)
    try:
        record_services.delete_group(group=group)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Stakeholder group deleted."))
    return redirect("stakeholders:groups", org_slug=request.organization.slug)


urlpatterns = [
    path("", stakeholder_list, name="list"),
    path("new/", stakeholder_create, name="create"),
    path("<int:stakeholder_pk>/", stakeholder_detail, name="detail"),
    path("<int:stakeholder_pk>/edit/", stakeholder_edit, name="edit"),
    path("<int:stakeholder_pk>/review/", stakeholder_review, name="review"),
    path("<int:stakeholder_pk>/voices/new/", voice_create, name="voice_create"),
    path("voices/<int:voice_pk>/edit/", voice_edit, name="voice_edit"),
    path("voices/<int:voice_pk>/delete/", voice_delete, name="voice_delete"),
    path("<int:stakeholder_pk>/risks/new/", risk_create, name="risk_create"),
    path("risks/<int:risk_pk>/edit/", risk_edit, name="risk_edit"),
    path("risks/<int:risk_pk>/delete/", risk_delete, name="risk_delete"),
    path("engagements/", engagement_list, name="engagements"),
    path("engagements/new/", engagement_create, name="engagement_create"),
    path("engagements/<int:engagement_pk>/edit/", engagement_edit, name="engagement_edit"),
    path("engagements/<int:engagement_pk>/delete/", engagement_delete, name="engagement_delete"),
    path("team/", team, name="team"),
    path("team/new/", team_member_create, name="team_member_create"),
    path("team/<int:team_member_pk>/edit/", team_member_edit, name="team_member_edit"),
    path("team/<int:team_member_pk>/delete/", team_member_delete, name="team_member_delete"),
    path("team/order/", team_order, name="team_order"),
    path("settings/", stakeholder_settings, name="settings"),
    path("groups/", group_list, name="groups"),
    path("groups/new/", group_create, name="group_create"),
    path("groups/<int:group_pk>/edit/", group_edit, name="group_edit"),
    path("groups/<int:group_pk>/delete/", group_delete, name="group_delete"),
]


def _mark_downloadable(request: HttpRequest, engagements) -> None:
    """Which minutes the member may download, for all engagements at once."""
    minutes = [attachment for engagement in engagements for attachment in engagement.minutes]
    allowed = downloadable(request.membership, minutes)
    for attachment in minutes:
        attachment.downloadable = attachment.pk in allowed
