"""With REDIS_URL set (as on CI), a task goes through the real broker to a worker and back."""

import os

import pytest
from celery.contrib.testing.worker import start_worker

from seam_scm.celery import app as celery_app
from seam_scm.tenancy.roles import Role
from seam_scm.tenancy.tasks import notify_new_member

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def real_broker(settings):
    if not os.environ.get("REDIS_URL"):
        message = "set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to test the real broker"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    celery_app.conf.task_always_eager = False
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield
    celery_app.conf.task_always_eager = True


def test_org_task_runs_in_a_worker_inside_the_org_scope(real_broker, org_a, mailoutbox):
    membership = MembershipFactory(organization=org_a, role=Role.EDITOR)
    result = notify_new_member.delay(org_a.id, membership.id)
    result.get(timeout=30)
    assert [message.to for message in mailoutbox] == [[membership.user.email]]
    assert org_a.short_name in mailoutbox[0].subject
