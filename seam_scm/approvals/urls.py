from django.urls import path

from . import views

app_name = "approvals"

urlpatterns = [
    path("", views.document_list, name="documents"),
    path("new/", views.document_create, name="document_create"),
    path("register/", views.approval_register, name="register"),
    path("<int:document_pk>/", views.document_detail, name="document"),
    path("<int:document_pk>/edit/", views.document_edit, name="document_edit"),
    path("<int:document_pk>/diff/", views.document_diff, name="diff"),
    path("<int:document_pk>/new-draft/", views.document_new_draft, name="new_draft"),
    path("versions/<int:document_version_pk>/", views.version_detail, name="version"),
    path("versions/<int:document_version_pk>/edit/", views.version_edit, name="version_edit"),
    path("versions/<int:document_version_pk>/submit/", views.version_submit, name="submit"),
    path("versions/<int:document_version_pk>/withdraw/", views.version_withdraw, name="withdraw"),
    path("versions/<int:document_version_pk>/return/", views.version_return, name="return"),
    path("versions/<int:document_version_pk>/approve/", views.version_approve, name="approve"),
    path("versions/<int:document_version_pk>/files/", views.version_attach, name="attach"),
    path("versions/<int:document_version_pk>/publish/", views.version_publish, name="publish"),
    path(
        "versions/<int:document_version_pk>/unpublish/", views.version_unpublish, name="unpublish"
    ),
    path("files/<int:version_file_pk>/remove/", views.version_file_remove, name="file_remove"),
]
