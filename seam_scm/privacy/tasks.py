"""Celery tasks of personal data protection."""

import logging

from celery import shared_task
from django.utils import timezone
from django_scopes import scopes_disabled

from seam_scm.tenancy.models import Organization

from .retention import run_retention

logger = logging.getLogger(__name__)


@shared_task(name="seam_scm.privacy.tasks.apply_retention")
def apply_retention() -> int:
    """Daily (beat): anonymize the personal data whose retention period has ended, in every
    organization, each inside its own scope, and record each organization's run with its
    report; returns how many records were anonymized.

    One organization's failure does not keep the others waiting: it is logged, the others are
    served, and the task then fails with the first error so that the failure shows.
    """
    now = timezone.now()
    with scopes_disabled():
        organizations = list(Organization.objects.order_by("pk"))
    erased, errors = 0, []
    for organization in organizations:
        try:
            run = run_retention(organization=organization, dry_run=False, now=now)
        except Exception as error:
            logger.exception("Retention of organization %s failed.", organization.slug)
            errors.append(error)
        else:
            erased += run.erased
            if run.erased:
                logger.info(
                    "Retention anonymized %s record(s) of organization %s.",
                    run.erased,
                    organization.slug,
                )
    if errors:
        raise errors[0]
    return erased
