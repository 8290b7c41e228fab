from celery import shared_task

from . import services

# A pack's build is acknowledged only when it finished, and a worker process
# that dies during it sends the task back to the queue (settings: acks_late,
# reject_on_worker_lost). services.build claims the pack first, so a redelivery
# or a duplicate message never makes a second file, and gives up after
# services.MAX_ATTEMPTS. The time limit stays below the broker's visibility
# timeout (settings), so a long build is not redelivered while it still runs.


@shared_task(
    name="seam_scm.packs.tasks.build_pack",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=55 * 60,
    time_limit=60 * 60,
)
def build_pack(pack_id: int) -> str:
    return services.build(pack_id)
