"""Rows of the privacy API's models for the route-walking test
(tests/tenancy/test_route_isolation.py): the viewset's model -> the id of a new row of the
given organization. Builders of the other helpers' URL parameters may duplicate some of these;
either does."""

import itertools

from django_scopes import scope, scopes_disabled

from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy import services
from seam_scm.privacy.models import (
    AccessKind,
    BreachIncident,
    ConsentRecord,
    DataModule,
    DataSubjectRequest,
    PersonalDataAccess,
    PrivacyNotice,
    ProcessingActivity,
    RetentionRun,
)
from seam_scm.tenancy.roles import Role

from ..factories import MembershipFactory
from .route_builders_breaches import make_breach
from .route_builders_consents import make_consent
from .route_builders_requests import make_request

_numbers = itertools.count(1)


def make_activity(organization) -> ProcessingActivity:
    with scopes_disabled():
        return ProcessingActivity.objects.create(
            organization=organization,
            purpose=f"วัตถุประสงค์ {next(_numbers)}",
            data_categories="ชื่อ อีเมล",
            subject_categories="ผู้ติดต่อ",
            lawful_basis=LawfulBasis.CONSENT,
            retention_months=12,
            modules=[DataModule.STAKEHOLDERS.value],
        )


def make_notice(organization, *, published: bool = False) -> PrivacyNotice:
    with scope(organization=organization):
        notice = services.save_notice(
            PrivacyNotice(organization=organization, body_th="ประกาศ", body_en="Notice")
        )
        if published:
            by = MembershipFactory(organization=organization, role=Role.COORDINATOR).user
            services.publish_notice(notice, by=by)
    return notice


def make_access(organization, *, user=None, kind=AccessKind.VIEW) -> PersonalDataAccess:
    user = user or MembershipFactory(organization=organization, role=Role.EDITOR).user
    with scopes_disabled():
        return PersonalDataAccess.objects.create(
            organization=organization, user=user, role=Role.EDITOR, kind=kind, what="ทดสอบ"
        )


def make_run(organization, *, dry_run: bool = True) -> RetentionRun:
    with scopes_disabled():
        return RetentionRun.objects.create(
            organization=organization, dry_run=dry_run, erased=0, report=[]
        )


OBJECT_BUILDERS: dict = {}
MODEL_BUILDERS = {
    RetentionRun: lambda org: make_run(org).pk,
    PersonalDataAccess: lambda org: make_access(org).pk,
    ProcessingActivity: lambda org: make_activity(org).pk,
    PrivacyNotice: lambda org: make_notice(org).pk,
    # Verified: the API's export (a GET) answers 400 for a request whose identity is not.
    DataSubjectRequest: lambda org: make_request(org, identity_verified=True).pk,
    BreachIncident: lambda org: make_breach(org).pk,
    ConsentRecord: lambda org: make_consent(org).pk,
}
