"""Public complaint pages, no login: the intake form per organization and the tracking page
per case, in Thai and English.

The form's parameter is `slug`, not `org_slug`, on purpose: `org_slug` routes are
members-only (seam_scm.tenancy.middleware). The tracking page is named by the case's secret
token alone. The form routes come first, so that an organization whose slug is "track" keeps
its form; tracking tokens are far longer than "en".
"""

from django.urls import path

from .views import public as views

app_name = "public_complaints"

urlpatterns = [
    path("<slug:slug>/", views.public_form, {"language": "th"}, name="form"),
    path("<slug:slug>/en/", views.public_form, {"language": "en"}, name="form_en"),
    path("track/<str:token>/", views.public_track, {"language": "th"}, name="track"),
    path("track/<str:token>/en/", views.public_track, {"language": "en"}, name="track_en"),
]
