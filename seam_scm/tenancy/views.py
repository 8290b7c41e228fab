import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from seam_scm.history import history_of
from seam_scm.thai.dates import current_fiscal_year

from . import services
from .access import memberships_of, require_action
from .forms import MemberAddForm, MemberRoleForm, OrganizationForm, OrgUnitForm
from .models import Membership, Organization, OrgUnit
from .roles import Action


def org_view(action: Action = Action.VIEW, methods: tuple[str, ...] = ("GET", "POST")):
    """Every page under /o/<org_slug>/ goes through this.

    The middleware has already checked membership and opened the scope; this
    checks the role and the HTTP method. The view receives the remaining URL
    kwargs; the organization is request.organization.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, org_slug: str, **kwargs) -> HttpResponse:
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            require_action(request, action)
            return view(request, **kwargs)

        wrapper.allowed_methods = methods
        wrapper.required_action = action
        return wrapper

    return decorator


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Send a member to the organization they used last, or let them choose."""
    memberships = memberships_of(request.user)
    last = request.user.last_organization_id
    for membership in memberships:
        if membership.organization_id == last or len(memberships) == 1:
            return redirect("tenancy:home", org_slug=membership.organization.slug)
    return render(request, "tenancy/choose_organization.html", {"memberships": memberships})


@org_view(methods=("GET",))
def org_home(request: HttpRequest) -> HttpResponse:
    organization = request.organization
    context = {
        "today": timezone.localdate(),
        "fiscal_year": current_fiscal_year(organization.fiscal_year_start_month),
        "unit_counts": dict(
            OrgUnit.objects.filter(is_active=True)
            .values_list("kind")
            .annotate(n=Count("id"))
            .values_list("kind", "n")
        ),
        "member_count": Membership.objects.count(),
    }
    return render(request, "tenancy/org_home.html", context)


@org_view(Action.MANAGE_ORGANIZATION)
def organization_settings(request: HttpRequest) -> HttpResponse:
    # A copy: a refused form must not leave its input on request.organization, which the
    # page's header shows.
    organization = Organization.objects.get(pk=request.organization.pk)
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(
                organization=organization,
                name_th=form.cleaned_data["name_th"],
                name_en=form.cleaned_data["name_en"],
                short_name=form.cleaned_data["short_name"],
                logo=form.cleaned_data.get("logo"),
                remove_logo=form.cleaned_data.get("remove_logo", False),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Organization saved."))
            return redirect("tenancy:settings", org_slug=organization.slug)
    context = {
        "form": form,
        "has_logo": bool(request.organization.logo),
        "history": history_of(request.organization),
    }
    return render(request, "tenancy/organization_form.html", context)


MONOGRAM_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120">'
    '<circle cx="60" cy="60" r="56" fill="#fff" stroke="#0b3d6b" stroke-width="6"/>'
    '<text x="60" y="60" text-anchor="middle" dominant-baseline="central" fill="#0b3d6b" '
    'font-family="Sarabun, sans-serif" font-size="28" font-weight="700">{}</text></svg>'
)


@org_view(methods=("GET",))
def organization_logo(request: HttpRequest) -> HttpResponse:
    """The logo, for members' pages (the evidence storage is never served directly). Without
    one, the round monogram of the short name that pack covers show instead."""
    logo = request.organization.logo
    if not logo:
        svg = format_html(MONOGRAM_SVG, request.organization.short_name)
        response = HttpResponse(svg, content_type="image/svg+xml")
    else:
        handle = logo.storage.open(logo.name, "rb")
        content_type = services.logo_content_type(handle.read(8))
        handle.seek(0)
        response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@org_view(methods=("GET",))
def unit_list(request: HttpRequest) -> HttpResponse:
    units = list(
        OrgUnit.objects.select_related("parent", "head").annotate(member_count=Count("members"))
    )
    return render(request, "tenancy/unit_list.html", {"tree": unit_tree(units)})


def unit_tree(units: list[OrgUnit]) -> list[tuple[OrgUnit, int]]:
    """Units in chart order, each with its depth, for an indented list."""
    children: dict[int | None, list[OrgUnit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[tuple[OrgUnit, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for unit in sorted(children.get(parent_id, []), key=lambda u: u.code):
            ordered.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


@org_view(Action.MANAGE_ORGANIZATION)
def unit_edit(request: HttpRequest, unit_pk: int | None = None) -> HttpResponse:
    unit = get_object_or_404(OrgUnit, pk=unit_pk) if unit_pk else None
    form = OrgUnitForm(request.POST or None, instance=unit, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_unit(form.instance)
        except ValidationError as error:  # e.g. the same code saved a moment ago by someone else
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Unit saved."))
            return redirect("tenancy:units", org_slug=request.organization.slug)
    return render(request, "tenancy/unit_form.html", {"form": form, "unit": unit})


@org_view(methods=("GET",))
def member_list(request: HttpRequest) -> HttpResponse:
    members = Membership.objects.select_related("user", "unit").order_by("role", "user__email")
    return render(request, "tenancy/member_list.html", {"members": members})


@org_view(Action.MANAGE_ORGANIZATION)
def member_add(request: HttpRequest) -> HttpResponse:
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_member(organization=request.organization, **form.cleaned_data)
        messages.success(request, _("Member added and notified by e-mail."))
        return redirect("tenancy:members", org_slug=request.organization.slug)
    return render(request, "tenancy/member_form.html", {"form": form})


@org_view(Action.MANAGE_ORGANIZATION)
def member_edit(request: HttpRequest, membership_pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_pk)
    initial = {"role": membership.role, "unit": membership.unit}
    form = MemberRoleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("role", error)
        else:
            messages.success(request, _("Role changed."))
            return redirect("tenancy:members", org_slug=request.organization.slug)
    return render(request, "tenancy/member_form.html", {"form": form, "membership": membership})


@org_view(Action.MANAGE_ORGANIZATION, methods=("POST",))
def member_remove(request: HttpRequest, membership_pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=membership_pk)
    try:
        services.remove_member(membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Member removed."))
    return redirect("tenancy:members", org_slug=request.organization.slug)
