"""Privacy pages: consents (see seam_scm/privacy/urls.py)."""

urlpatterns: list = []
