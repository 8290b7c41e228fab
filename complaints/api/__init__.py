"""Complaint handling in the API: each area lists its (prefix, viewset, basename) in ROUTES."""

from . import calendar, cases, imports, kpis, policy

ROUTES = [
    *calendar.ROUTES,
    *policy.ROUTES,
    *cases.ROUTES,
    *kpis.ROUTES,
    *imports.ROUTES,
]
