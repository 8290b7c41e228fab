"""Celery tasks of complaint handling."""

import logging

from celery import shared_task
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from seam_scm.tenancy.models import Organization

from . import notices

logger = logging.getLogger(__name__)


@shared_task(name="complaints.tasks.send_sla_notices")
def send_sla_notices() -> int:
    """Every 15 minutes (beat): e-mail the notices the escalation rules call for, in every
    organization, each inside its own scope; returns how many notices were recorded.

    One organization's failure does not keep the others waiting: it is logged, the others are
    served, and the task then fails with the first error so that the failure shows.
    """
    now = timezone.now()
    with scopes_disabled():
        organizations = list(Organization.objects.order_by("pk"))
    recorded, errors = 0, []
    for organization in organizations:
        try:
            with scope(organization=organization):
                recorded += len(notices.send_due_notices(organization, now=now))
        except Exception as error:
            logger.exception("SLA notices of organization %s failed.", organization.slug)
            errors.append(error)
    if errors:
        raise errors[0]
    return recorded
