"""Published documents: readable by anyone with the link, no login."""

from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("<str:token>/", views.public_version, name="version"),
    path("<str:token>/qr.png", views.public_qr_png, name="qr_png"),
    path("<str:token>/qr.svg", views.public_qr_svg, name="qr_svg"),
]
