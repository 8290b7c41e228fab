"""The criteria library, shared by every organization: outside /o/<org>/ (no tenant data)."""

from .views import library

app_name = "library"

urlpatterns = library.urlpatterns
