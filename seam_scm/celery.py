"""The Celery app. Without REDIS_URL, tasks run in-process (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seam_scm.settings")

app = Celery("seam_scm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
