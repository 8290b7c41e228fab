from django.urls import path

from . import views

app_name = "files"

urlpatterns = [
    path("", views.attachment_list, name="list"),
    path("new/", views.attachment_upload, name="upload"),
    path("<int:attachment_pk>/", views.attachment_detail, name="detail"),
    path("<int:attachment_pk>/replace/", views.attachment_replace, name="replace"),
    path("<int:attachment_pk>/delete/", views.attachment_delete, name="delete"),
    path("<int:attachment_pk>/restore/", views.attachment_restore, name="restore"),
    path("<int:attachment_pk>/download/", views.download_current, name="download"),
    # A version's own URL carries no attachment id, so there is no pair to keep consistent.
    path("versions/<int:version_pk>/download/", views.download_version, name="download_version"),
]
