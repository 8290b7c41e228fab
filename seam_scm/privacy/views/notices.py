"""Privacy pages: notices (see seam_scm/privacy/urls.py)."""

urlpatterns: list = []
public_urlpatterns: list = []
