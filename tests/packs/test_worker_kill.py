"""A pack survives its worker dying mid-build: proven with real worker processes and Redis.

The test starts `celery worker` (prefork, as in production) on the test
database, requests a pack that takes some seconds to lay out, kills the worker's
whole process group with SIGKILL while the row says it is building, and starts a
second worker. The task was never acknowledged, so after the (shortened)
visibility timeout Redis hands it out again; the second worker claims the pack
as attempt 2 and finishes it: one file, whose SHA-256 is the row's. A second
test kills only the pool process that builds (as the out-of-memory killer
would): the worker itself sends the task back at once (reject_on_worker_lost).

Needs REDIS_URL and DATABASE_URL pointing at PostgreSQL (as on CI, where a
missing one fails instead of skipping).
"""

import contextlib
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pikepdf
import pytest
from django.conf import settings as django_settings
from django.db import connection
from django_scopes import scope

from seam_scm.celery import app as celery_app
from seam_scm.packs import services
from seam_scm.packs.models import PackState, pack_storage
from seam_scm.packs.tasks import build_pack
from seam_scm.tenancy.roles import Role

from ..factories import MembershipFactory, OrgUnitFactory
from .conftest import reload, stored_pack_files
from .jobs_kind import KIND

REPO = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 5
# Table rows of the pack: about 45 pages, several seconds of layout on one core.
ROWS = 1500


def test_redis_holds_a_dead_workers_task_well_beyond_the_longest_build():
    """The settings a redelivery depends on (no broker needed to check them)."""
    options = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert options["visibility_timeout"] >= 2 * build_pack.time_limit
    assert build_pack.soft_time_limit < build_pack.time_limit
    # Not acknowledged until finished, and sent back if the process running it dies.
    assert build_pack.acks_late is True
    assert build_pack.reject_on_worker_lost is True
    assert (
        django_settings.CELERY_TASK_ACKS_LATE and django_settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    )
    # One task at a time per process, and processes replaced before they bloat.
    assert django_settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert django_settings.CELERY_WORKER_MAX_TASKS_PER_CHILD
    assert django_settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD
    assert celery_app.conf.worker_max_tasks_per_child
    assert celery_app.conf.worker_max_memory_per_child


def _require(condition: bool, message: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _database_url() -> str:
    """The test database (pytest-django's, not the one in DATABASE_URL) as a URL for the worker."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


class Workers:
    """Worker processes started by the test, each in its own process group, logging to a file."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.started: list[subprocess.Popen] = []
        self.logs: list[Path] = []
        self.env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "REDIS_URL": os.environ["REDIS_URL"],
            # The packs storage of settings is MEDIA_ROOT/packs, the same folder
            # tests/conftest.py gives this test's process.
            "MEDIA_ROOT": str(tmp_path),
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "CONN_MAX_AGE": "0",
            "PYTHONPATH": str(REPO),
            "PYTHONUNBUFFERED": "1",
        }

    def start(self) -> subprocess.Popen:
        number = len(self.started) + 1
        log = self.tmp_path / f"worker-{number}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "tests.packs.worker_app",
                    "worker",
                    "--pool=prefork",
                    "--concurrency=1",
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--hostname",
                    f"pack-kill-test-{number}@%h",
                ],
                cwd=REPO,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the pool dies with it
            )
        self.started.append(process)
        self.logs.append(log)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                # A warm shutdown first, so the worker leaves Redis tidy.
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=15)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    pass
            self.kill(process)

    def log_tail(self, lines: int = 40) -> str:
        tails = []
        for log in self.logs:
            text = log.read_text(errors="replace").splitlines()[-lines:]
            tails.append(f"--- {log.name}\n" + "\n".join(text))
        return "\n".join(tails)


def _wait_for(what: str, check, timeout: float, workers: Workers):
    """Poll `check` until it returns something true; fail with the workers' logs on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        if workers.started and workers.started[-1].poll() is not None:
            pytest.fail(f"the worker exited while waiting for {what}\n{workers.log_tail()}")
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout} s waiting for {what}\n{workers.log_tail()}")


def _empty_the_broker() -> None:
    """No message of another test (or an earlier run) may reach this test's workers.

    Both the queue and kombu's list of delivered but unacknowledged messages,
    which a starting worker would put back in the queue.
    """
    celery_app.control.purge()
    with celery_app.connection_for_write() as broker:
        channel = broker.default_channel
        channel.client.delete(channel.unacked_key, channel.unacked_index_key)


@pytest.fixture
def real_worker_setup(settings, tmp_path, jobs_kind):
    _require(
        bool(os.environ.get("REDIS_URL")),
        "set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to kill a real worker during a pack build",
    )
    _require(
        connection.vendor == "postgresql",
        "set DATABASE_URL to PostgreSQL: the worker processes need the test database "
        "(e.g. postgres://postgres@127.0.0.1:5432/seam_scm)",
    )
    assert Path(pack_storage().location) == tmp_path / "packs"
    _empty_the_broker()
    celery_app.conf.task_always_eager = False
    workers = Workers(tmp_path)
    try:
        yield workers
    finally:
        workers.stop_all()
        celery_app.conf.task_always_eager = True


def _request_and_wait_until_laying_out(workers: Workers, organization):
    """Request the pack and return it (as its row) once the worker lays out its pages.

    Laying out (from 30 %) is the long part of the build: the kill lands there.
    """
    secretary = MembershipFactory(organization=organization, role=Role.SECRETARY)
    unit = OrgUnitFactory(organization=organization)
    # Not in a transaction here, so the task is sent to Redis at once (on commit).
    with scope(organization=organization):
        pack = services.request_pack(
            membership=secretary, kind=KIND, subject=unit, options={"rows": ROWS}
        )

    def laying_out():
        row = reload(pack)
        if row.state in (PackState.DONE, PackState.FAILED):
            pytest.fail(
                f"the first build ended ({row.state}) before the worker could be killed; "
                f"make the pack larger than {ROWS} rows\n{workers.log_tail()}"
            )
        return row if row.state == PackState.RUNNING and row.progress >= 30 else None

    return _wait_for("the worker to lay out the pack", laying_out, 120, workers)


def _wait_until_finished(workers: Workers, pack):
    return _wait_for(
        "a worker to finish the pack",
        lambda: (row := reload(pack)).state in (PackState.DONE, PackState.FAILED) and row,
        90,
        workers,
    )


def _assert_finished_once_by_attempt_2(done, workers: Workers) -> None:
    assert done.state == PackState.DONE, f"{done.failure_reason}\n{workers.log_tail()}"
    assert done.attempts == 2
    assert done.progress == 100
    # Exactly one file: the second attempt's, whole, and the one the row names.
    assert stored_pack_files() == [done.file.name]
    assert done.file.name.endswith(f"pack-{done.pk}-attempt-2.pdf")
    stored = Path(pack_storage().path(done.file.name))
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == done.sha256
    assert stored.stat().st_size == done.size
    with pikepdf.open(stored) as pdf:
        assert len(pdf.pages) == done.page_count
    assert done.page_count > 10


@pytest.mark.django_db(transaction=True)
def test_a_pack_whose_worker_is_killed_is_finished_by_the_next_worker(real_worker_setup, org_a):
    workers = real_worker_setup
    first = workers.start()
    pack = _request_and_wait_until_laying_out(workers, org_a)

    workers.kill(first)  # the whole worker, main process and pool, as a lost machine would
    killed = reload(pack)
    assert (killed.state, killed.attempts) == (PackState.RUNNING, 1)
    assert not killed.file  # nothing half-built is visible

    # Nobody acknowledged the task: once it has been out for the visibility
    # timeout, the next worker puts it back in the queue and takes it. (With the
    # test's 5 s timeout, the second worker also puts its own task back while
    # it builds, and gets it once more when done: "already finished".)
    workers.start()
    _assert_finished_once_by_attempt_2(_wait_until_finished(workers, pack), workers)


def _pool_processes(worker: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
    return [int(pid) for pid in children]


@pytest.mark.django_db(transaction=True)
def test_a_pack_whose_pool_process_is_killed_is_finished_by_the_same_worker(
    real_worker_setup, org_a
):
    """The out-of-memory killer takes the process building the pack, not the worker.

    reject_on_worker_lost: the worker sends the task back to the queue at once
    and its new pool process builds the pack again.
    """
    workers = real_worker_setup
    worker = workers.start()
    pack = _request_and_wait_until_laying_out(workers, org_a)

    [pool_process] = _pool_processes(worker)
    os.kill(pool_process, signal.SIGKILL)

    _assert_finished_once_by_attempt_2(_wait_until_finished(workers, pack), workers)
    assert worker.poll() is None  # the worker itself lived on
