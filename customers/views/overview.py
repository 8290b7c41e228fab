"""The customer management overview: the page a coordinator opens to show an assessor every
artefact of the module, in the order of the SE-AM criteria."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from seam_scm.tenancy.views import org_view

from ..overview_selectors import customer_overview


@org_view(methods=("GET",))
def overview(request: HttpRequest) -> HttpResponse:
    data = customer_overview(request.organization)
    return render(
        request,
        "customers/overview.html",
        {"overview": data, "cards": data.cards, "fiscal_year": data.fiscal_year},
    )


urlpatterns = [
    path("", overview, name="overview"),
]
