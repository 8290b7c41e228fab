# Load the Celery app whenever Django starts (web, commands, shell), not only in `celery -A
# seam_scm` processes: tasks queued by a request must use its settings (the Redis broker, or
# in-process execution without one) rather than Celery's unconfigured default app.
from .celery import app as celery_app

__all__ = ("celery_app",)
