from django.urls import path

from . import views

app_name = "tenancy"

urlpatterns = [
    path("", views.org_home, name="home"),
    path("settings/", views.organization_settings, name="settings"),
    path("logo/", views.organization_logo, name="logo"),
    path("units/", views.unit_list, name="units"),
    path("units/new/", views.unit_edit, name="unit_create"),
    path("units/<int:unit_pk>/edit/", views.unit_edit, name="unit_edit"),
    path("members/", views.member_list, name="members"),
    path("members/new/", views.member_add, name="member_add"),
    path("members/<int:membership_pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:membership_pk>/remove/", views.member_remove, name="member_remove"),
]
