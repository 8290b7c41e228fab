"""The retention task: anonymize the personal data whose retention period has ended, and keep a
report of what was anonymized (or, in a dry run, what would be). The report names the records
(purpose, kind, id and description) without any personal value, so it may be kept for good."""

import datetime as dt

from django.db import transaction
from django_scopes import scope

from seam_scm.tenancy.models import Organization

from . import services
from .models import RetentionRun


def report_of(lines: list[services.RetentionLine]) -> list[dict]:
    """What a run keeps: per purpose and kind of record, the records, described."""
    return [
        {
            "purpose": line.activity.purpose,
            "purpose_id": line.activity.pk,
            "model": line.holder.model_label,
            "records": [
                {"id": record.pk, "record": line.holder.describe(record)} for record in line.records
            ],
        }
        for line in lines
    ]


def run_retention(
    *, organization: Organization, dry_run: bool, by=None, now: dt.datetime | None = None
) -> RetentionRun:
    """Apply the retention periods of the organization's record of processing (nothing changes
    in a dry run) and record the run with its report. `by` is the member who asked; empty
    when the scheduled task or the command ran it."""
    with scope(organization=organization), transaction.atomic():
        lines = services.apply_retention(dry_run=dry_run, now=now)
        return RetentionRun.objects.create(
            organization=organization,
            dry_run=dry_run,
            erased=0 if dry_run else sum(len(line.records) for line in lines),
            report=report_of(lines),
            requested_by=by,
        )


def record_count(report: list[dict]) -> int:
    return sum(len(line["records"]) for line in report)
