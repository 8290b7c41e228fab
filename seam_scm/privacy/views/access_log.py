"""Privacy pages: access_log (see seam_scm/privacy/urls.py)."""

urlpatterns: list = []
