"""Privacy pages: retention (see seam_scm/privacy/urls.py)."""

urlpatterns: list = []
