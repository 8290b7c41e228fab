"""Demo complaint handling: both demo enterprises get an approved policy and a year of cases,
seeded once."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from complaints import policy_selectors
from complaints.demo import DEMOS
from complaints.models import (
    OPEN_STATES,
    CaseEvent,
    CaseSource,
    CaseState,
    ComplaintCase,
    ComplaintChannel,
    Severity,
)
from seam_scm.approvals.models import GovernedDocument, VersionStatus
from seam_scm.tenancy.models import Organization, OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    # Seeding hashes a password per demo user per run; Argon2 is tested in tests/accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())


def _counts() -> dict[str, int]:
    with scopes_disabled():
        return {
            "cases": ComplaintCase.objects.count(),
            "events": CaseEvent.objects.count(),
            "policies": GovernedDocument.objects.filter(kind="complaint_policy").count(),
            "channels": ComplaintChannel.objects.count(),
        }


def test_seed_demo_twice_creates_nothing_new(seeded):
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first


def test_each_demo_enterprise_has_an_approved_published_policy_in_force(seeded):
    for slug in DEMOS:
        _check_policy(Organization.objects.get(slug=slug))


def _check_policy(organization):
    slug = organization.slug
    demo = DEMOS[slug]
    with scope(organization=organization):
        version = policy_selectors.policy_in_force()
        assert version.status == VersionStatus.APPROVED
        assert version.public_token and version.published_at
        # Approved by the board about thirteen months ago, before every case.
        age = (timezone.localdate() - version.approval.meeting_date).days
        assert 388 <= age <= 401
        assert version.approval.meeting_date.weekday() == 3  # a Thursday
        assert version.body.count("\n") == 11  # twelve clauses
        assert all(step in version.body for step in ("การรับเรื่อง", "การปิดเรื่อง", "24 (4)"))
        channels = list(ComplaintChannel.objects.filter(version=version))
        active = [c for c in channels if c.is_active]
        assert len(active) >= policy_selectors.MIN_ACTIVE_CHANNELS
        assert {c.kind for c in channels if not c.is_active} == set(demo.channels_off)
        call_center = next(c for c in channels if c.kind == ComplaintChannel.Kind.CALL_CENTER)
        assert demo.call_center in call_center.name_th
        readiness = policy_selectors.policy_readiness()
        assert readiness.missing == [], [(c.label, c.detail) for c in readiness.missing]
        # Heads of the units that handle complaints receive the SLA notices.
        heads = set(OrgUnit.objects.filter(head__isnull=False).values_list("code", flat=True))
        assert heads == set(demo.heads)


def test_each_demo_enterprise_has_a_year_of_cases_in_every_state(seeded):
    for slug in DEMOS:
        _check_cases(Organization.objects.get(slug=slug))


def _check_cases(organization):
    now = timezone.now()
    with scope(organization=organization):
        cases = ComplaintCase.objects.all()
        assert 140 <= cases.count() <= 180
        oldest = cases.order_by("received_at").first().received_at
        assert 300 <= (now - oldest).days <= 366
        assert not cases.filter(received_at__gt=now).exists()
        assert not CaseEvent.objects.filter(at__gt=now).exists()
        states = dict(cases.values_list("state").annotate(n=Count("id")))
        assert states[CaseState.CLOSED] >= 0.75 * cases.count()
        assert {CaseState.RECEIVED, CaseState.INVESTIGATING, CaseState.ESCALATED} <= set(states)
        assert {CaseState.REOPENED, CaseState.WITHDRAWN, CaseState.RESPONDED} <= set(states)
        # Most handled within the standards, some breached on either clock.
        late_ack = cases.filter(acknowledged_in_time=False).count()
        late_resolution = cases.filter(resolved_in_time=False).count()
        assert 5 <= late_ack <= 0.2 * cases.count()
        assert 5 <= late_resolution <= 0.2 * cases.count()
        assert cases.filter(resolved_in_time=True).count() >= 0.6 * cases.count()
        # Reopened and closed again, escalated, repeat complaints, anonymous complainants.
        assert cases.filter(reopen_count__gt=0, state=CaseState.CLOSED).count() >= 3
        assert cases.filter(escalation_level__gt=0).count() >= 3
        assert cases.filter(repeat_of__isnull=False).count() >= 3
        assert cases.filter(is_anonymous=True).count() >= 5
        named = cases.exclude(complainant_phone="")
        assert set(named.values_list("lawful_basis", flat=True)) == {"public_task"}
        # Counters and the call center bring the most; few critical ones.
        by_channel = dict(cases.values_list("channel__kind").annotate(n=Count("id")))
        top_two = sorted(by_channel, key=by_channel.get)[-2:]
        assert set(top_two) == {ComplaintChannel.Kind.COUNTER, ComplaintChannel.Kind.CALL_CENTER}
        assert 1 <= cases.filter(severity=Severity.CRITICAL).count() <= 8
        assert cases.filter(source=CaseSource.PUBLIC_FORM).exists()
        satisfaction = set(
            cases.filter(state=CaseState.CLOSED, resolved_in_time=True).values_list(
                "satisfaction", flat=True
            )
        )
        assert satisfaction == {None, 3, 4, 5}
        # Recent cases are still open at various steps: some due soon, some overdue.
        open_cases = cases.filter(state__in=OPEN_STATES)
        assert 10 <= open_cases.count() <= 20
        assert open_cases.filter(state=CaseState.RECEIVED, acknowledge_due_at__lt=now).exists()
        assert open_cases.filter(state=CaseState.RECEIVED, acknowledge_due_at__gt=now).exists()
        assert open_cases.filter(resolve_due_at__lt=now).count() >= 2
        # Every case's timeline starts with its receipt and follows its steps in time.
        for case in cases.order_by("?")[:20]:
            times = list(case.events.order_by("at", "id").values_list("action", "at"))
            assert times[0] == ("receive", case.received_at)
            assert [at for _action, at in times] == sorted(at for _action, at in times)
