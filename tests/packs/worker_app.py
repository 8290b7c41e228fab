"""The Celery app of the worker that tests/packs/test_worker_kill.py starts and kills.

`celery -A tests.packs.worker_app worker` runs the product's app (seam_scm.celery)
with the test kind of tests/packs/jobs_kind.py registered, as a module's
AppConfig.ready() would register a real kind. The pool's processes are forked
from the worker, so they have it too.
"""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seam_scm.settings")
django.setup()

from django.conf import settings  # noqa: E402

from seam_scm.celery import app  # noqa: E402
from seam_scm.packs.kinds import register_pack_kind  # noqa: E402

from .jobs_kind import TEMPLATES_DIR, JobsKind  # noqa: E402

# No template has been loaded yet, so the engine is built with this directory.
settings.TEMPLATES[0]["DIRS"] = [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_DIR]
register_pack_kind(JobsKind().spec())

# Look for messages whose worker died every second (kombu's default is every
# 10 s, and only every 10th look scans Redis): with the test's short visibility
# timeout a dead worker's task is then handed out again within seconds.
app.conf.broker_transport_options = {
    **app.conf.broker_transport_options,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

__all__ = ["app"]
