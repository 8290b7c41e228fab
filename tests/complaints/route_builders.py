"""How the route-walking test (tests/tenancy/test_route_isolation.py) builds complaint-handling
rows: URL parameter -> a row of the given organization's id; for API routes, the viewset's
model -> the same."""

import datetime as dt
import itertools

from django_scopes import scope, scopes_disabled

from complaints import policy_selectors, policy_services
from complaints.models import (
    CaseEvent,
    ComplaintCase,
    ComplaintCategory,
    ComplaintChannel,
    EscalationRule,
    Holiday,
    TimeStandard,
    WorkingCalendar,
)

from . import factories

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


def draft_policy(organization):
    """The policy's open draft (the default content), declared if needed."""
    by = factories.member(organization)
    with scope(organization=organization):
        document = policy_selectors.policy_document() or policy_services.create_policy(
            organization=organization, by=by
        )
        return document.versions.order_by("-number").first()


def draft_row(model):
    def build(organization) -> int:
        version = draft_policy(organization)
        with scopes_disabled():
            return model.objects.filter(version=version).order_by("id").first().pk

    return build


def make_case_event(organization) -> int:
    case = factories.make_case(organization)
    with scopes_disabled():
        return CaseEvent.objects.filter(case=case).first().pk


OBJECT_BUILDERS = {
    "holiday_pk": lambda org: make_holiday(org).pk,
    "complaint_channel_pk": draft_row(ComplaintChannel),
    "complaint_category_pk": draft_row(ComplaintCategory),
    "time_standard_pk": draft_row(TimeStandard),
    "escalation_rule_pk": draft_row(EscalationRule),
    "case_pk": lambda org: factories.make_case(org).pk,
    # A step of the lifecycle in cases/<case_pk>/<move>/: not an object, any legal step will do.
    "move": lambda org: "acknowledge",
}

MODEL_BUILDERS = {
    Holiday: OBJECT_BUILDERS["holiday_pk"],
    WorkingCalendar: lambda org: calendar_of(org).pk,
    ComplaintChannel: OBJECT_BUILDERS["complaint_channel_pk"],
    ComplaintCategory: OBJECT_BUILDERS["complaint_category_pk"],
    TimeStandard: OBJECT_BUILDERS["time_standard_pk"],
    EscalationRule: OBJECT_BUILDERS["escalation_rule_pk"],
    ComplaintCase: OBJECT_BUILDERS["case_pk"],
    CaseEvent: make_case_event,
}
