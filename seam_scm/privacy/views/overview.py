"""Privacy pages: overview (see seam_scm/privacy/urls.py)."""

urlpatterns: list = []
