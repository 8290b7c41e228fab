"""Public pages of customer management: the published charter, no login.

The address names the organization, not a version, so a printed QR code keeps working when
a new version is approved and published. The parameter is `slug`, not `org_slug`, on
purpose: `org_slug` routes are members-only (seam_scm.tenancy.middleware).
"""

from django.urls import path

from .views import charter as views

app_name = "public_charter"

urlpatterns = [
    path("<slug:slug>/", views.public_charter, {"language": "th"}, name="charter"),
    path("<slug:slug>/en/", views.public_charter, {"language": "en"}, name="charter_en"),
    path(
        "<slug:slug>/qr.svg",
        views.public_charter_qr,
        {"language": "th", "kind": "svg"},
        name="qr_svg",
    ),
    path(
        "<slug:slug>/qr.png",
        views.public_charter_qr,
        {"language": "th", "kind": "png"},
        name="qr_png",
    ),
    path(
        "<slug:slug>/en/qr.svg",
        views.public_charter_qr,
        {"language": "en", "kind": "svg"},
        name="qr_svg_en",
    ),
    path(
        "<slug:slug>/en/qr.png",
        views.public_charter_qr,
        {"language": "en", "kind": "png"},
        name="qr_png_en",
    ),
]
