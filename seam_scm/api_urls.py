"""Every app's API under /api/v1/. An app adds its viewsets to `router` here."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from assessments import api as assessments_api
from complaints import api as complaints_api
from customers import api as customers_api
from seam_scm.approvals import api as approvals_api
from seam_scm.files import api as files_api
from seam_scm.packs import api as packs_api
from seam_scm.privacy import api as privacy_api
from seam_scm.tenancy import api as tenancy_api
from stakeholders import api as stakeholders_api
from stakeholders import import_api as stakeholder_import_api
from stakeholders import plan_api

app_name = "api"

router = SimpleRouter()
router.register("units", tenancy_api.OrgUnitViewSet, basename="unit")
router.register("members", tenancy_api.MembershipViewSet, basename="member")
router.register("files", files_api.AttachmentViewSet, basename="file")
router.register("file-versions", files_api.FileVersionViewSet, basename="file-version")
router.register("documents", approvals_api.DocumentViewSet, basename="document")
router.register("document-versions", approvals_api.VersionViewSet, basename="document-version")
router.register("approvals", approvals_api.ApprovalViewSet, basename="approval")
router.register("packs", packs_api.PackViewSet, basename="pack")
router.register("stakeholders", stakeholders_api.StakeholderViewSet, basename="stakeholder")
router.register("stakeholder-voices", stakeholders_api.VoiceViewSet, basename="stakeholder-voice")
router.register("stakeholder-risks", stakeholders_api.RiskViewSet, basename="stakeholder-risk")
router.register(
    "stakeholder-engagements", stakeholders_api.EngagementViewSet, basename="stakeholder-engagement"
)
router.register("stakeholder-groups", stakeholders_api.GroupViewSet, basename="stakeholder-group")
router.register("stakeholder-team", stakeholders_api.TeamMemberViewSet, basename="stakeholder-team")
router.register(
    "stakeholder-import",
    stakeholder_import_api.StakeholderImportViewSet,
    basename="stakeholder-import",
)
router.register(
    "stakeholder-export",
    stakeholder_import_api.StakeholderExportViewSet,
    basename="stakeholder-export",
)
router.register(
    "relationship-plans", plan_api.RelationshipPlanViewSet, basename="relationship-plan"
)
router.register(
    "relationship-plan-items", plan_api.PlanItemViewSet, basename="relationship-plan-item"
)
router.register(
    "relationship-plan-progress",
    plan_api.PlanItemProgressViewSet,
    basename="relationship-plan-progress",
)
router.register(
    "stakeholder-analysis", plan_api.StakeholderAnalysisViewSet, basename="stakeholder-analysis"
)
for prefix, viewset, basename in [
    *customers_api.ROUTES,
    *complaints_api.ROUTES,
    *assessments_api.ROUTES,
    *privacy_api.ROUTES,
]:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    *assessments_api.LIBRARY_URLS,
    path("orgs/", tenancy_api.MyOrganizationsView.as_view(), name="my-organizations"),
    path(
        "orgs/<slug:org_slug>/", tenancy_api.OrganizationDetailView.as_view(), name="organization"
    ),
    path("orgs/<slug:org_slug>/", include(router.urls)),
]
