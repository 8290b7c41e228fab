"""Every app's API under /api/v1/. An app adds its viewsets to `router` here."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from seam_scm.approvals import api as approvals_api
from seam_scm.files import api as files_api
from seam_scm.tenancy import api as tenancy_api

app_name = "api"

router = SimpleRouter()
router.register("units", tenancy_api.OrgUnitViewSet, basename="unit")
router.register("members", tenancy_api.MembershipViewSet, basename="member")
router.register("files", files_api.AttachmentViewSet, basename="file")
router.register("file-versions", files_api.FileVersionViewSet, basename="file-version")
router.register("documents", approvals_api.DocumentViewSet, basename="document")
router.register("document-versions", approvals_api.VersionViewSet, basename="document-version")
router.register("approvals", approvals_api.ApprovalViewSet, basename="approval")

urlpatterns = [
    path("orgs/", tenancy_api.MyOrganizationsView.as_view(), name="my-organizations"),
    path(
        "orgs/<slug:org_slug>/", tenancy_api.OrganizationDetailView.as_view(), name="organization"
    ),
    path("orgs/<slug:org_slug>/", include(router.urls)),
]
