"""Privacy pages: requests (see seam_scm/privacy/urls.py)."""

urlpatterns: list = []
