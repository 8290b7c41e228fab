"""How the route-walking test (tests/tenancy/test_route_isolation.py) builds complaint-handling
rows: URL parameter -> a row of the given organization's id; for API routes, the viewset's
model -> the same."""

import datetime as dt
import itertools

from django_scopes import scopes_disabled

from complaints.models import Holiday, WorkingCalendar

# Dates no seeded Thai holiday uses: one organization has one holiday per date.
_free_dates = (dt.date(2035, 1, 1) + dt.timedelta(days=n) for n in itertools.count())


def make_holiday(organization, **fields) -> Holiday:
    fields.setdefault("date", next(_free_dates))
    fields.setdefault("name_th", "วันหยุดขององค์กร")
    fields.setdefault("kind", Holiday.Kind.ORGANIZATION)
    with scopes_disabled():
        return Holiday.objects.create(organization=organization, **fields)


def calendar_of(organization) -> WorkingCalendar:
    """Every organization gets its calendar when it is created."""
    with scopes_disabled():
        return WorkingCalendar.objects.get(organization=organization)


OBJECT_BUILDERS = {
    "holiday_pk": lambda org: make_holiday(org).pk,
}

MODEL_BUILDERS = {
    Holiday: OBJECT_BUILDERS["holiday_pk"],
    WorkingCalendar: lambda org: calendar_of(org).pk,
}
