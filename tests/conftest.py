import pytest
from django.core.cache import cache
from django.test import Client

from seam_scm.celery import app as celery_app
from seam_scm.tenancy.roles import Role

from .factories import MembershipFactory, OrganizationFactory, OrgUnitFactory, UserFactory


@pytest.fixture(autouse=True)
def _tasks_run_in_process(settings):
    """Tests run tasks eagerly even when REDIS_URL points at a broker (CI sets one).

    The test that proves the real broker round trip turns this off itself.
    """
    celery_app.conf.task_always_eager = True
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    cache.clear()
    yield
    celery_app.conf.task_always_eager = True


@pytest.fixture
def org_a(db):
    return OrganizationFactory(slug="org-a", short_name="กอ.", name_th="การทดสอบเอ")


@pytest.fixture
def org_b(db):
    return OrganizationFactory(slug="org-b", short_name="กบ.", name_th="การทดสอบบี")


def _member(organization, role):
    return MembershipFactory(organization=organization, role=role).user


@pytest.fixture
def member_factory(db):
    """member_factory(org, role) -> a user with that role in that org."""
    return _member


@pytest.fixture
def coordinator_a(org_a):
    return _member(org_a, Role.COORDINATOR)


@pytest.fixture
def coordinator_b(org_b):
    return _member(org_b, Role.COORDINATOR)


@pytest.fixture
def unit_a(org_a):
    return OrgUnitFactory(organization=org_a, code="A-LINE", name_th="สายงานเอ")


@pytest.fixture
def client_for():
    """client_for(user) -> a test client logged in as that user."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def api_client_for():
    from rest_framework.test import APIClient

    def make(user) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def user(db):
    return UserFactory()
