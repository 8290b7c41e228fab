"""Privacy pages: breaches (see seam_scm/privacy/urls.py)."""

urlpatterns: list = []
