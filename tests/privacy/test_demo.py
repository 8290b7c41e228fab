"""Demo privacy data: after every module's demo, each demo enterprise has consents (one
withdrawn), complaints with the notice they were received under, an open access request, a
completed erasure request and a breach record; seeding again changes nothing."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from complaints.models import ComplaintCase
from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy.models import (
    REGULATOR_HOURS,
    BreachIncident,
    ConsentRecord,
    DataSubjectRequest,
    PrivacyNotice,
)
from seam_scm.tenancy.models import Membership, Organization
from seam_scm.tenancy.roles import Role
from stakeholders.models import Representative

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())


def _counts() -> dict[str, int]:
    with scopes_disabled():
        return {
            "consents": ConsentRecord.objects.count(),
            "withdrawn": ConsentRecord.objects.filter(withdrawn_at__isnull=False).count(),
            "requests": DataSubjectRequest.objects.count(),
            "breaches": BreachIncident.objects.count(),
            "erased": ComplaintCase.objects.filter(personal_data_erased_at__isnull=False).count(),
        }


def test_seed_demo_twice_changes_nothing(seeded):
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first


@pytest.mark.parametrize("slug", ["lwa", "ceb"])
def test_the_demo_has_consents_requests_and_a_breach(seeded, slug):
    organization = Organization.objects.get(slug=slug)
    now = timezone.now()
    with scope(organization=organization):
        coordinator = Membership.objects.filter(role=Role.COORDINATOR).first().user
        on_consent = Representative.objects.filter(lawful_basis=LawfulBasis.CONSENT)
        consents = list(ConsentRecord.objects.select_related("notice"))
        assert on_consent.exists()
        assert {c.record_id for c in consents} == set(on_consent.values_list("pk", flat=True))
        assert all(c.collected_by == coordinator and c.given_at < now for c in consents)
        assert {c.channel for c in consents} <= {"paper_form", "in_person"}
        assert {c.notice.version for c in consents} <= {1, 2}
        [withdrawn] = [c for c in consents if c.is_withdrawn]
        assert withdrawn.withdrawal_effect

        first = PrivacyNotice.objects.get(version=1)
        with_contacts = ComplaintCase.objects.filter(
            is_anonymous=False, received_at__gte=first.published_at
        )
        assert with_contacts.exists()
        assert not with_contacts.filter(privacy_notice__isnull=True).exists()
        for case in with_contacts.select_related("privacy_notice")[:20]:
            assert case.privacy_notice.published_at <= case.received_at

        access = DataSubjectRequest.objects.get(kind="access")
        assert access.status in ("received", "in_progress") and access.identity_verified
        assert (now - access.received_at).days == 10
        assert ComplaintCase.objects.filter(complainant_name=access.subject_name).exists()

        erasure = DataSubjectRequest.objects.get(kind="erasure")
        assert erasure.status == "completed" and erasure.records
        assert (now - erasure.received_at).days == 40
        assert erasure.completed_at - erasure.received_at == dt.timedelta(days=20)
        assert erasure.completed_at.date() <= erasure.due_on
        cases = [r["id"] for r in erasure.records if r["model"] == "complaints.complaintcase"]
        erased = ComplaintCase.objects.filter(pk__in=cases)
        assert erased.exists() and not erased.filter(personal_data_erased_at=None).exists()
        assert not ComplaintCase.objects.filter(complainant_name=erasure.subject_name).exists()

        [breach] = BreachIncident.objects.all()
        assert breach.risk == "risk" and breach.risk_assessment and breach.actions
        assert breach.regulator_notified_at - breach.discovered_at < dt.timedelta(
            hours=REGULATOR_HOURS
        )
