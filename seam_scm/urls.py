from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from seam_scm.health import health
from seam_scm.tenancy import views as tenancy_views

urlpatterns = [
    path("", tenancy_views.start, name="home"),
    path("accounts/", include("seam_scm.accounts.urls")),
    path("o/<slug:org_slug>/", include("seam_scm.tenancy.urls")),
    path("o/<slug:org_slug>/files/", include("seam_scm.files.urls")),
    path("o/<slug:org_slug>/documents/", include("seam_scm.approvals.urls")),
    path("o/<slug:org_slug>/stakeholders/", include("stakeholders.urls")),
    path("o/<slug:org_slug>/customers/", include("customers.urls")),
    path("o/<slug:org_slug>/complaints/", include("complaints.urls")),
    path("o/<slug:org_slug>/assessments/", include("assessments.urls")),
    path("o/<slug:org_slug>/packs/", include("seam_scm.packs.urls")),
    path("o/<slug:org_slug>/privacy/", include("seam_scm.privacy.urls")),
    path("library/", include("assessments.library_urls")),
    # Before the token route of published documents: "charter" is not a token.
    path("p/charter/", include("customers.public_urls")),
    path("p/complaints/", include("complaints.public_urls")),
    path("p/privacy/", include("seam_scm.privacy.public_urls")),
    path("p/", include("seam_scm.approvals.public_urls")),
    path("api/v1/", include("seam_scm.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
    path("healthz", health, name="health"),
]

handler403 = "seam_scm.errors.permission_denied"
handler404 = "seam_scm.errors.page_not_found"
handler500 = "seam_scm.errors.server_error"
