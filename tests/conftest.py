import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from seam_scm.approvals.db import allow_deleting_frozen_rows
from seam_scm.celery import app as celery_app
from seam_scm.tenancy.roles import Role

from .factories import MembershipFactory, OrganizationFactory, OrgUnitFactory, UserFactory


@pytest.fixture(autouse=True)
def _tasks_run_in_process(settings):
    """Tests run tasks eagerly even when REDIS_URL points at a broker (CI sets one).

    The test that proves the real broker round trip turns this off itself.
    """
    celery_app.conf.task_always_eager = True
    allow_deleting_frozen_rows(False)
    # Every test starts in the default language, whatever the last request chose.
    translation.activate(django_settings.LANGUAGE_CODE)
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    cache.clear()
    yield
    celery_app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _evidence_storage_in_tmp(settings, tmp_path):
    """Uploaded evidence and built packs go to the test's own directory, never to var/media.

    Changing STORAGES resets Django's storage cache, and the FileField looks
    the "evidence" storage up on each use (files.models.EvidenceStorage).
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "evidence", "base_url": None},
        },
        "packs": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "packs", "base_url": None},
        },
    }


@pytest.fixture
def flushable_frozen_rows(transactional_db):
    """Request this in a transactional test that approves documents.

    Its teardown runs just before pytest-django empties the database with
    DELETE FROM on SQLite, which the freeze triggers would otherwise refuse;
    the next test's setup turns the freeze back on.
    """
    yield
    allow_deleting_frozen_rows(True)


@pytest.fixture
def english():
    """For tests that compare messages with the English source text."""
    with translation.override("en"):
        yield


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
