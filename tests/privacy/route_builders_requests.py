"""Data subject requests for the tests and the route-walking test
(tests/tenancy/test_route_isolation.py): URL parameter -> a request of the given organization's
id."""

import datetime as dt

from django.utils import timezone
from django_scopes import scope

from seam_scm.privacy import services
from seam_scm.privacy.models import DataSubjectRequest, RequestKind

SUBJECT = {
    "subject_name": "นางสาวสมศรี ใจดี",
    "subject_phone": "081-234-5678",
    "subject_email": "somsri@example.com",
}


def make_request(organization, *, received_at=None, **fields) -> DataSubjectRequest:
    """A registered request, received an hour ago unless told otherwise."""
    fields = {"kind": RequestKind.ACCESS, **SUBJECT, **fields}
    with scope(organization=organization):
        return services.register_request(
            organization=organization,
            received_at=received_at or timezone.now() - dt.timedelta(hours=1),
            **fields,
        )


OBJECT_BUILDERS = {
    "request_pk": lambda org: make_request(org).pk,
}
MODEL_BUILDERS = {
    DataSubjectRequest: OBJECT_BUILDERS["request_pk"],
}
