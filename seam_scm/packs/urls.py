from django.urls import path

from . import views

app_name = "packs"

urlpatterns = [
    path("", views.pack_list, name="pack_list"),
    path("board/<int:document_version_pk>/", views.board_create, name="board_create"),
    path("assessment/<int:cycle_pk>/", views.assessment_create, name="assessment_create"),
    path("<int:pack_pk>/", views.pack_detail, name="pack_detail"),
    path("<int:pack_pk>/progress/", views.pack_progress, name="pack_progress"),
    path("<int:pack_pk>/download/", views.pack_download, name="pack_download"),
]
