"""Management commands: create_org, add_member and seed_demo."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django_scopes import scope, scopes_disabled

from seam_scm.accounts.models import User
from seam_scm.tenancy.demo import DEMO_ORGANIZATIONS, SHARED_ASSESSOR
from seam_scm.tenancy.models import Membership, Organization, OrgUnit
from seam_scm.tenancy.roles import Role

pytestmark = pytest.mark.django_db


def _run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def _log_in(email: str, password: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": email, "password": password})
    assert response.status_code == 302, f"{email} could not log in"
    return client


# --- create_org ------------------------------------------------------------------------------


def test_create_org_creates_organization():
    output = _run("create_org", "pwa", "การประปาส่วนภูมิภาค", short_name="กปภ.", name_en="PWA")
    organization = Organization.objects.get(slug="pwa")
    assert (
        organization.name_th,
        organization.name_en,
        organization.short_name,
        organization.fiscal_year_start_month,
    ) == ("การประปาส่วนภูมิภาค", "PWA", "กปภ.", 10)
    assert output == "Created pwa: การประปาส่วนภูมิภาค\n"


def test_create_org_takes_fiscal_year_start():
    _run("create_org", "cal-org", "องค์กรปีปฏิทิน", short_name="อปป.", fiscal_year_start=1)
    assert Organization.objects.get(slug="cal-org").fiscal_year_start_month == 1


@pytest.mark.parametrize("slug", ["Bad Slug", "UPPER", "ab", "-leading-hyphen", "ไทย"])
def test_create_org_invalid_slug_is_command_error(slug):
    with pytest.raises(CommandError):
        _run("create_org", slug, "ชื่อ", short_name="ชอ.")
    assert Organization.objects.count() == 0


def test_create_org_duplicate_slug_is_command_error():
    _run("create_org", "pwa", "การประปาส่วนภูมิภาค", short_name="กปภ.")
    with pytest.raises(CommandError):
        _run("create_org", "pwa", "อีกแห่งหนึ่ง", short_name="อีก.")
    assert list(Organization.objects.values_list("name_th", flat=True)) == ["การประปาส่วนภูมิภาค"]


def test_create_org_invalid_fiscal_month_is_command_error():
    with pytest.raises(CommandError):
        _run("create_org", "pwa", "การประปาส่วนภูมิภาค", short_name="กปภ.", fiscal_year_start=13)


def test_create_org_requires_short_name():
    with pytest.raises(CommandError):
        _run("create_org", "pwa", "การประปาส่วนภูมิภาค")


# --- add_member --------------------------------------------------------------------------------


def test_add_member_creates_user_who_can_log_in(org_a):
    output = _run(
        "add_member",
        org_a.slug,
        "New.Person@Example.com",
        "editor",
        password="a-command-line-pass-9",
        name="สมศรี ทดสอบ",
        no_email=True,
    )
    person = User.objects.get(email="new.person@example.com")
    assert person.full_name == "สมศรี ทดสอบ"
    with scope(organization=org_a):
        assert Membership.objects.get(user=person).role == Role.EDITOR
    assert output == f"new.person@example.com is editor in {org_a.slug}\n"
    client = _log_in("new.person@example.com", "a-command-line-pass-9")
    assert client.get(f"/o/{org_a.slug}/").status_code == 200


def test_add_member_sends_email_by_default(org_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _run("add_member", org_a.slug, "mailed@example.com", "viewer")
    assert [m.to for m in mail.outbox] == [["mailed@example.com"]]


def test_add_member_no_email_sends_nothing(org_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _run("add_member", org_a.slug, "quiet@example.com", "viewer", no_email=True)
    assert mail.outbox == []


def test_add_member_unknown_org_is_command_error():
    with pytest.raises(CommandError, match="no-such-org"):
        _run("add_member", "no-such-org", "person@example.com", "viewer")
    assert User.objects.filter(email="person@example.com").exists() is False


def test_add_member_invalid_role_is_rejected(org_a):
    with pytest.raises(CommandError):
        _run("add_member", org_a.slug, "person@example.com", "owner")
    assert User.objects.filter(email="person@example.com").exists() is False


# --- seed_demo --------------------------------------------------------------------------------


def _counts() -> dict[str, int]:
    with scopes_disabled():
        return {
            "organizations": Organization.objects.count(),
            "units": OrgUnit.objects.count(),
            "memberships": Membership.objects.count(),
            "users": User.objects.count(),
        }


@pytest.fixture
def demo_output(db, settings) -> str:
    # Seeding hashes a password per demo user per run; Argon2 is tested in tests/accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return _run("seed_demo")


def _printed_password(output: str) -> str:
    return re.search(r"Password for every demo user: (\S+)", output).group(1)


def test_seed_demo_creates_the_demo_data(demo_output):
    demo_people = {
        email for demo in DEMO_ORGANIZATIONS for email, _name, _unit in demo.people.values()
    }
    assert _counts() == {
        "organizations": len(DEMO_ORGANIZATIONS),
        "units": sum(len(demo.units) for demo in DEMO_ORGANIZATIONS),
        "memberships": len(DEMO_ORGANIZATIONS) * len(Role),
        "users": len(demo_people) + 1,
    }


def test_seed_demo_is_idempotent(demo_output):
    first = _counts()
    _run("seed_demo")
    assert _counts() == first


def test_seed_demo_output_lists_every_demo_email_and_the_password(demo_output):
    with scopes_disabled():
        emails = set(Membership.objects.values_list("user__email", flat=True))
    listed = {email for email in emails if email in demo_output}
    assert listed == emails
    assert SHARED_ASSESSOR[0] in emails
    assert _printed_password(demo_output) == "seam-demo-2569"


def test_seed_demo_shared_assessor_belongs_to_both_orgs(demo_output):
    with scopes_disabled():
        seats = set(
            Membership.objects.filter(user__email=SHARED_ASSESSOR[0]).values_list(
                "organization__slug", "role"
            )
        )
    assert seats == {("lwa", Role.ASSESSOR), ("ceb", Role.ASSESSOR)}


def test_seed_demo_every_role_exists_in_each_org(demo_output):
    with scopes_disabled():
        seats = list(Membership.objects.values_list("organization__slug", "role"))
    roles = {slug: {role for org, role in seats if org == slug} for slug in ("lwa", "ceb")}
    assert roles == {"lwa": set(Role.values), "ceb": set(Role.values)}


def test_seed_demo_unit_tree_follows_the_rules(demo_output):
    lwa = Organization.objects.get(slug="lwa")
    with scope(organization=lwa):
        division = OrgUnit.objects.get(code="CS-CR-1")
        chain = [division.kind, division.parent.kind, division.parent.parent.kind]
        assert (chain, division.parent.parent.parent) == (["division", "department", "line"], None)


def test_seed_demo_user_logs_in_with_printed_password_and_reaches_org_home(demo_output):
    client = _log_in("coordinator@lwa.example", _printed_password(demo_output))
    response = client.get("/", follow=True)
    assert response.redirect_chain == [("/o/lwa/", 302)]
    assert response.status_code == 200
    assert "การประปาท้องถิ่น" in response.content.decode()


def test_seed_demo_second_run_keeps_passwords_working(demo_output):
    _run("seed_demo")
    client = _log_in("viewer@ceb.example", _printed_password(demo_output))
    response = client.get("/o/ceb/")
    assert response.status_code == 200
    assert "ธนาคารเพื่อวิสาหกิจชุมชน" in response.content.decode()


def test_seed_demo_shared_assessor_chooses_between_orgs(demo_output):
    client = _log_in(SHARED_ASSESSOR[0], _printed_password(demo_output))
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert ('href="/o/lwa/"' in html, 'href="/o/ceb/"' in html) == (True, True)
