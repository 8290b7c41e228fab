"""Consents for the route-walking test (tests/tenancy/test_route_isolation.py) and the consent
tests: URL parameter -> a row of the given organization.

`privacy:consent_create` takes two object parameters that the walker builds one at a time:
`model` is the label of a personal data holder (always a representative here) and `record_pk`
a new representative of the organization, so that another organization's walk finds the
label known and the record not found (404).
"""

import datetime as dt
import itertools

from django.utils import timezone
from django_scopes import scope

from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy import consent_services, services
from seam_scm.privacy.models import ConsentChannel, ConsentRecord, DataModule
from stakeholders.models import Representative

from ..stakeholders.factories import make_stakeholder

_numbers = itertools.count(1)

REPRESENTATIVE_LABEL = "stakeholders.representative"


def make_representative(organization, *, basis: str = LawfulBasis.CONSENT, **fields):
    stakeholder = make_stakeholder(
        organization,
        code=f"CON-{next(_numbers):04d}",
        representatives=[{"lawful_basis": basis, **fields}],
    )
    with scope(organization=organization):
        return Representative.objects.get(stakeholder=stakeholder)


def make_consent(organization, *, record=None, **fields) -> ConsentRecord:
    record = record or make_representative(organization)
    with scope(organization=organization):
        activity = services.purpose_for_basis(DataModule.STAKEHOLDERS, LawfulBasis.CONSENT)
        return consent_services.record_consent(
            record=record,
            activity=activity,
            channel=fields.pop("channel", ConsentChannel.PAPER_FORM),
            given_at=fields.pop("given_at", timezone.now() - dt.timedelta(days=30)),
            notice=fields.pop("notice", services.published_notice()),
            **fields,
        )


OBJECT_BUILDERS = {
    "consent_pk": lambda org: make_consent(org).pk,
    "model": lambda org: REPRESENTATIVE_LABEL,
    "record_pk": lambda org: make_representative(org).pk,
}

MODEL_BUILDERS = {ConsentRecord: OBJECT_BUILDERS["consent_pk"]}
