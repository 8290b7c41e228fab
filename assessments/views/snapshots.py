"""Complaint KPI snapshots under /o/<org>/assessments/kpi-snapshots/: the list, taking one
(Action.EDIT_RECORDS) and one snapshot's frozen figures with their definitions.

A snapshot is evidence for criterion 5.3: the figures as the organization claimed them on the
day it took them (assessments.snapshots), linked to a criterion like any other record.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from complaints import kpis
from seam_scm.forms import add_service_errors
from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view

from ..criterion_forms import SnapshotForm
from ..models import KpiSnapshot
from ..snapshots import take_complaint_kpi_snapshot

GET = ("GET",)


@org_view(methods=GET)
def snapshot_list(request: HttpRequest) -> HttpResponse:
    snapshots = KpiSnapshot.objects.select_related("taken_by").defer("figures")
    return render(request, "assessments/snapshot_list.html", {"snapshots": snapshots})


def _next_url(request: HttpRequest) -> str:
    """Where to go once the snapshot is taken (the evidence form that asked for it), if safe."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@org_view(Action.EDIT_RECORDS)
def snapshot_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if str(request.GET.get("fiscal_year", "")).isdigit():
        initial["fiscal_year"] = int(request.GET["fiscal_year"])
    form = SnapshotForm(request.POST or None, initial=initial, organization=request.organization)
    next_url = _next_url(request)
    if request.method == "POST" and form.is_valid():
        try:
            snapshot = take_complaint_kpi_snapshot(
                organization=request.organization,
                fiscal_year=form.cleaned_data["fiscal_year"],
                by=request.user,
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Snapshot “%(title)s” taken.") % {"title": snapshot.title})
            if next_url:
                return redirect(next_url)
            return redirect(
                "assessments:kpi_snapshot",
                org_slug=request.organization.slug,
                snapshot_pk=snapshot.pk,
            )
    context = {"title": _("Take a complaint KPI snapshot"), "form": form, "next_url": next_url}
    return render(request, "assessments/snapshot_form.html", context)


def _figure_rows(figures: dict) -> list[dict]:
    """The quarters, then the whole fiscal year."""
    rows = [
        {"label": row.get("label") or row.get("key"), "key": row.get("key"), **row["figures"]}
        for row in figures.get("quarters", [])
    ]
    total = figures.get("total")
    if total is not None:
        rows.append({"label": _("Fiscal year"), "key": "year", "is_total": True, **total})
    return rows


def _definitions(figures: dict) -> list[dict]:
    """The definitions kept with the snapshot. Where a kept definition is still the current one
    (in Thai or in English, whichever it was taken in), it reads in the reader's language."""
    current = {key: (name, text) for key, name, text in kpis.definitions()}
    same = {}
    for language in ("th", "en"):
        with translation.override(language):
            for key, _name, text in kpis.definitions():
                same.setdefault(key, set()).add(text)
    rows = []
    for row in figures.get("definitions", []):
        key, name, text = row.get("key"), row.get("name", ""), row.get("definition", "")
        if key in current and text in same.get(key, ()):
            name, text = current[key]
        rows.append({"key": key, "name": name, "definition": text})
    return rows


@org_view(methods=GET)
def kpi_snapshot(request: HttpRequest, snapshot_pk: int) -> HttpResponse:
    snapshot = get_object_or_404(KpiSnapshot.objects.select_related("taken_by"), pk=snapshot_pk)
    figures = snapshot.figures or {}
    context = {
        "snapshot": snapshot,
        "rows": _figure_rows(figures),
        "definitions": _definitions(figures),
        "computed_at": parse_datetime(figures.get("computed_at") or ""),
    }
    return render(request, "assessments/snapshot_detail.html", context)


urlpatterns = [
    path("kpi-snapshots/", snapshot_list, name="snapshot_list"),
    path("kpi-snapshots/new/", snapshot_create, name="snapshot_create"),
    path("kpi-snapshots/<int:snapshot_pk>/", kpi_snapshot, name="kpi_snapshot"),
]
