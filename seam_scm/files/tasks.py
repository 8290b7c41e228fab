import datetime as dt

from celery import shared_task

from .services import sweep_orphan_files


@shared_task(name="seam_scm.files.tasks.sweep_orphaned_evidence")
def sweep_orphaned_evidence() -> int:
    """Daily (beat): remove stored files left by uploads whose transaction rolled back."""
    return len(sweep_orphan_files(older_than=dt.timedelta(hours=24)))
