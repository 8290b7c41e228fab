"""Customer management in the API: each area lists its (prefix, viewset, basename) in ROUTES."""

from . import charter, imports, journeys, meetings, records, strategy, surveys

ROUTES = [
    *records.ROUTES,
    *surveys.ROUTES,
    *journeys.ROUTES,
    *strategy.ROUTES,
    *meetings.ROUTES,
    *charter.ROUTES,
    *imports.ROUTES,
]
