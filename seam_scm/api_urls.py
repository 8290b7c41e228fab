"""Every app's API under /api/v1/. An app adds its viewsets to `router` here."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from seam_scm.tenancy import api as tenancy_api

app_name = "api"

router = SimpleRouter()
router.register("units", tenancy_api.OrgUnitViewSet, basename="unit")
router.register("members", tenancy_api.MembershipViewSet, basename="member")

urlpatterns = [
    path("orgs/", tenancy_api.MyOrganizationsView.as_view(), name="my-organizations"),
    path(
        "orgs/<slug:org_slug>/", tenancy_api.OrganizationDetailView.as_view(), name="organization"
    ),
    path("orgs/<slug:org_slug>/", include(router.urls)),
]
