"""The complaint handling overview: what a coordinator opens to show an assessor criterion 5.3
(the approved policy and its channels, the cases and their clocks, this fiscal year's KPIs, the
public form)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from seam_scm.tenancy.views import org_view

from .. import case_selectors, kpis, policy_selectors, public_selectors


@org_view(methods=("GET",))
def overview(request: HttpRequest) -> HttpResponse:
    organization = request.organization
    version = policy_selectors.policy_in_force()
    report = kpis.kpi_report(
        kpis.query_from({}, organization=organization), organization=organization
    )
    takes_online = policy_selectors.public_channel(version) is not None
    context = {
        "readiness": policy_selectors.policy_readiness(),
        "policy_version": version,
        "channels": list(policy_selectors.active_channels(version)) if version else [],
        "sla": case_selectors.sla_counts(),
        "report": report,
        "figures": report.total.figures,
        "public_form": public_selectors.public_form_url(organization) if takes_online else "",
    }
    return render(request, "complaints/overview.html", context)


urlpatterns = [
    path("", overview, name="overview"),
]
