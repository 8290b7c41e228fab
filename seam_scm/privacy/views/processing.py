"""Privacy pages: processing (see seam_scm/privacy/urls.py)."""

urlpatterns: list = []
