"""The assessments API. ROUTES are registered under /api/v1/orgs/<org>/ (seam_scm/api_urls.py);
LIBRARY_URLS (the shared criteria library) under /api/v1/."""

from . import cycles, library

ROUTES = [*cycles.ROUTES]
LIBRARY_URLS = library.urlpatterns
