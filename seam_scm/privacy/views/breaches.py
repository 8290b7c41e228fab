"""The breach register: each personal data breach from its discovery to its closing, with the
72-hour clock to notify the regulator (PDPA s.37(4)) and the risk assessment.

Only the coordinator keeps it (Action.MANAGE_PRIVACY); every other role is refused.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from seam_scm.forms import add_service_errors
from seam_scm.history import history_of
from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view

from .. import breach_services
from ..breach_forms import BreachForm
from ..clocks import breach_clock
from ..models import BreachIncident

PAGE_SIZE = 50
GET = ("GET",)


def _to_breach(request: HttpRequest, incident: BreachIncident) -> HttpResponse:
    return redirect(
        reverse(
            "privacy:breach_detail",
            kwargs={"org_slug": request.organization.slug, "breach_pk": incident.pk},
        )
    )


@org_view(Action.MANAGE_PRIVACY, methods=GET)
def breach_list(request: HttpRequest) -> HttpResponse:
    incidents = BreachIncident.objects.order_by(
        F("closed_at").desc(nulls_first=True), "-discovered_at", "-id"
    )
    page = Paginator(incidents, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(incident, breach_clock(incident)) for incident in page.object_list]
    context = {"page": page, "rows": rows, "query_string": ""}
    return render(request, "privacy/breach_list.html", context)


@org_view(Action.MANAGE_PRIVACY, methods=GET)
def breach_detail(request: HttpRequest, breach_pk: int) -> HttpResponse:
    incident = get_object_or_404(BreachIncident, pk=breach_pk)
    context = {
        "incident": incident,
        "clock": breach_clock(incident),
        "history": history_of(incident),
    }
    return render(request, "privacy/breach_detail.html", context)


@org_view(Action.MANAGE_PRIVACY)
def breach_create(request: HttpRequest) -> HttpResponse:
    form = BreachForm(
        request.POST or None, instance=BreachIncident(organization=request.organization)
    )
    if request.method == "POST" and form.is_valid():
        try:
            incident = breach_services.create_breach(
                organization=request.organization, **form.breach_fields()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Breach %(reference)s recorded.") % {"reference": incident.reference}
            )
            return _to_breach(request, incident)
    context = {"form": form, "incident": None, "title": _("Record a personal data breach")}
    return render(request, "privacy/breach_form.html", context)


@org_view(Action.MANAGE_PRIVACY)
def breach_edit(request: HttpRequest, breach_pk: int) -> HttpResponse:
    incident = get_object_or_404(BreachIncident, pk=breach_pk)
    # The form works on a copy, so that a refused change leaves the page's incident as it was.
    form = BreachForm(
        request.POST or None, instance=get_object_or_404(BreachIncident, pk=breach_pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            breach_services.update_breach(incident=form.instance, **form.breach_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Breach %(reference)s saved.") % {"reference": incident.reference}
            )
            return _to_breach(request, incident)
    context = {
        "form": form,
        "incident": incident,
        "title": _("Edit breach %(reference)s") % {"reference": incident.reference},
    }
    return render(request, "privacy/breach_form.html", context)


urlpatterns = [
    path("breaches/", breach_list, name="breach_list"),
    path("breaches/new/", breach_create, name="breach_create"),
    path("breaches/<int:breach_pk>/", breach_detail, name="breach_detail"),
    path("breaches/<int:breach_pk>/edit/", breach_edit, name="breach_edit"),
]
