"""The assessments API. ROUTES are registered under /api/v1/orgs/<org>/ (seam_scm/api_urls.py);
LIBRARY_URLS (the shared criteria library) under /api/v1/."""

from . import criteria, cycles, evidence, library, snapshots

ROUTES = [*cycles.ROUTES, *criteria.ROUTES, *evidence.ROUTES, *snapshots.ROUTES]
LIBRARY_URLS = library.urlpatterns
