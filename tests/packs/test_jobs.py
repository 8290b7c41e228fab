"""The pack job: its states, idempotency, attempts and immutability, in-process.

A pack is built by services.build(pack_id), which the Celery task calls. These
tests drive it directly or through the (eager) task, with the small test kind
of tests/packs/jobs_kind.py. What a worker's death looks like from inside is an
exception no `except Exception` catches (WorkerDied below): the row stays as
the dead worker left it, and the next delivery of the task calls build again.
tests/packs/test_worker_kill.py kills a real worker process.
"""

import dataclasses
import datetime as dt
import hashlib
import logging
import threading
from pathlib import Path

import pikepdf
import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models.query import QuerySet
from django_scopes import scope

from seam_scm.packs import kinds, services
from seam_scm.packs.models import EvidencePack, PackState, pack_storage
from seam_scm.packs.tasks import build_pack as build_pack_task
from seam_scm.tenancy.roles import Role

from ..factories import MembershipFactory, OrgUnitFactory
from ..files.factories import make_attachment
from .conftest import reload, stored_pack_files
from .jobs_kind import FISCAL_YEAR, KIND

pytestmark = pytest.mark.django_db


class WorkerDied(BaseException):
    """Stands for the worker process dying mid-build: nothing in the build handles it."""


@pytest.fixture
def secretary(org_a):
    return MembershipFactory(organization=org_a, role=Role.SECRETARY)


@pytest.fixture
def unit(org_a):
    return OrgUnitFactory(organization=org_a)


def queue_pack(membership, subject, django_capture_on_commit_callbacks, **kwargs):
    """A requested pack whose task has not run yet (the commit hooks are held back)."""
    with (
        scope(organization=membership.organization),
        django_capture_on_commit_callbacks() as callbacks,
    ):
        pack = services.request_pack(membership=membership, kind=KIND, subject=subject, **kwargs)
    return pack, callbacks


def attempt_name(pack, attempt: int) -> str:
    return f"org-{pack.organization_id}/{FISCAL_YEAR}/pack-{pack.pk}-attempt-{attempt}.pdf"


def sha256_of_stored(pack) -> str:
    with pack_storage().open(pack.file.name, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


# --- states ---------------------------------------------------------------------------


def test_a_pack_goes_from_queued_through_running_to_done_and_the_row_says_so(
    org_a, secretary, unit, jobs_kind, monkeypatch, django_capture_on_commit_callbacks
):
    evidence = make_attachment(org_a, title="รายงานผลการสำรวจ").current_version
    pack, callbacks = queue_pack(
        secretary,
        unit,
        django_capture_on_commit_callbacks,
        options={"rows": 40, "files": [evidence.pk]},
    )
    queued = reload(pack)
    assert (queued.state, queued.progress, queued.attempts) == (PackState.QUEUED, 0, 0)
    assert not queued.file and queued.started_at is None
    assert len(callbacks) == 1  # the task is queued only once the request commits

    # Every progress report is in the row the moment it is made: the page polls
    # the row, never the broker.
    seen = []
    report_progress = services.report_progress

    def recording(pack_id, attempt, percent, step):
        report_progress(pack_id, attempt, percent, step)
        row = reload(pack)
        seen.append((percent, row.state, row.progress, row.step, row.attempts))

    monkeypatch.setattr(services, "report_progress", recording)
    callbacks[0]()

    assert seen, "the build reported no progress"
    for percent, state, progress, step, attempts in seen:
        assert (state, progress, attempts) == (PackState.RUNNING, min(percent, 99), 1)
        assert step
    percents = [percent for percent, *_rest in seen]
    assert percents == sorted(percents), "progress went backwards"
    assert percents[0] == 1 and percents[-1] == 95

    done = reload(pack)
    assert done.state == PackState.DONE
    assert (done.progress, done.step, done.failure_reason) == (100, "", "")
    assert done.file.name == attempt_name(pack, 1)
    stored = pack_storage().open(done.file.name, "rb").read()
    assert done.sha256 == hashlib.sha256(stored).hexdigest()
    assert done.size == len(stored)
    with pikepdf.open(pack_storage().path(done.file.name)) as pdf:
        assert done.page_count == len(pdf.pages)
    assert done.page_count >= 4  # cover, contents, the table, the appended page, manifest
    assert done.build_seconds > 0
    assert done.started_at <= done.finished_at
    assert stored_pack_files() == [attempt_name(pack, 1)]


def test_the_build_through_the_task_reports_what_happened(
    secretary, unit, jobs_kind, django_capture_on_commit_callbacks
):
    pack, _callbacks = queue_pack(secretary, unit, django_capture_on_commit_callbacks)
    assert build_pack_task.delay(pack.pk).get() == "done"
    assert build_pack_task.delay(pack.pk).get() == "already finished"


def test_an_altered_evidence_file_fails_the_pack_with_a_reason_the_reader_can_act_on(
    org_a, secretary, unit, jobs_kind, build_pack, english
):
    evidence = make_attachment(org_a, name="ผลสำรวจ.pdf").current_version
    # Someone changed the bytes in the store behind the application's back.
    Path(evidence.file.path).write_bytes(b"%PDF-1.4 not what was uploaded")

    pack = build_pack(secretary, KIND, unit, options={"files": [evidence.pk]})

    assert pack.state == PackState.FAILED
    assert "ผลสำรวจ.pdf" in pack.failure_reason
    assert "no longer matches the SHA-256 recorded when it was uploaded" in pack.failure_reason
    assert pack.finished_at is not None
    assert not pack.file and not pack.sha256 and pack.page_count is None
    assert stored_pack_files() == []


def test_an_unexpected_error_fails_the_pack_with_a_generic_reason_and_is_logged(
    secretary, unit, jobs_kind, build_pack, caplog, english
):
    def broken(pack, progress):
        raise RuntimeError("database of units is on fire")

    jobs_kind.before_collect = broken
    with caplog.at_level(logging.ERROR, logger="seam_scm.packs.services"):
        pack = build_pack(secretary, KIND, unit)

    assert pack.state == PackState.FAILED
    assert "error in the system" in pack.failure_reason
    assert pack.reference in pack.failure_reason
    # The details are for the administrator's log, not for the page.
    assert "on fire" not in pack.failure_reason
    [record] = [r for r in caplog.records if r.name == "seam_scm.packs.services"]
    assert record.levelno == logging.ERROR
    assert record.exc_info[0] is RuntimeError
    assert pack.reference in record.getMessage()
    assert not pack.file
    assert stored_pack_files() == []


def test_a_build_stopped_by_the_soft_time_limit_fails_with_its_own_reason(
    secretary, unit, jobs_kind, build_pack, english
):
    def too_long(pack, progress):
        raise SoftTimeLimitExceeded

    jobs_kind.before_collect = too_long
    pack = build_pack(secretary, KIND, unit)

    assert pack.state == PackState.FAILED
    assert "took longer than the time a build may take" in pack.failure_reason
    assert not pack.file
    assert stored_pack_files() == []


# --- idempotency ------------------------------------------------------------------------


def test_building_a_finished_pack_again_changes_nothing(secretary, unit, jobs_kind, build_pack):
    pack = build_pack(secretary, KIND, unit)
    assert pack.state == PackState.DONE
    files_before = stored_pack_files()

    assert services.build(pack.pk) == "already finished"
    assert build_pack_task.delay(pack.pk).get() == "already finished"

    again = reload(pack)
    for field in ("state", "attempts", "file", "sha256", "size", "page_count", "finished_at"):
        assert getattr(again, field) == getattr(pack, field), field
    assert stored_pack_files() == files_before == [attempt_name(pack, 1)]


def test_building_a_failed_pack_again_changes_nothing(secretary, unit, jobs_kind, build_pack):
    def broken(pack, progress):
        raise RuntimeError("boom")

    jobs_kind.before_collect = broken
    pack = build_pack(secretary, KIND, unit)
    assert pack.state == PackState.FAILED
    jobs_kind.before_collect = None

    assert services.build(pack.pk) == "already finished"
    again = reload(pack)
    assert (again.state, again.attempts, again.failure_reason) == (
        PackState.FAILED,
        1,
        pack.failure_reason,
    )
    assert stored_pack_files() == []


def test_a_duplicate_request_while_queued_or_running_is_the_same_pack(
    secretary, unit, jobs_kind, django_capture_on_commit_callbacks
):
    options = {"rows": 5}
    first, callbacks = queue_pack(
        secretary, unit, django_capture_on_commit_callbacks, options=options
    )
    second, more_callbacks = queue_pack(
        secretary, unit, django_capture_on_commit_callbacks, options=dict(options)
    )
    assert second.pk == first.pk
    assert more_callbacks == []  # no second task for the same pack

    # A double click while the worker builds it is the same pack too.
    during_build = []

    def request_again(pack, progress):
        with scope(organization=secretary.organization):
            during_build.append(
                services.request_pack(
                    membership=secretary, kind=KIND, subject=unit, options=options
                )
            )

    jobs_kind.before_collect = request_again
    callbacks[0]()
    assert [pack.pk for pack in during_build] == [first.pk]
    with scope(organization=secretary.organization):
        assert EvidencePack.objects.count() == 1
    assert reload(first).state == PackState.DONE


@pytest.mark.django_db(transaction=True)
def test_two_clicks_at_the_same_moment_make_one_pack(org_a, jobs_kind, monkeypatch):
    """Two requests of one member on two connections: the second waits for the first."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (two connections writing at once; CI runs it)")
    secretary = MembershipFactory(organization=org_a, role=Role.SECRETARY)
    unit = OrgUnitFactory(organization=org_a)
    queued = []
    monkeypatch.setattr(services, "enqueue_build", lambda pack: queued.append(pack.pk))

    first_inside = threading.Event()
    second_returned = threading.Event()
    spec = kinds.pack_kind(KIND)

    def title_while_the_other_click_arrives(subject, options):
        if not first_inside.is_set():
            first_inside.set()
            # Without the lock the second request would create its pack meanwhile.
            second_returned.wait(timeout=2)
        return spec.title(subject, options)

    monkeypatch.setitem(
        kinds._kinds, KIND, dataclasses.replace(spec, title=title_while_the_other_click_arrives)
    )
    packs = {}

    def click(name):
        try:
            with scope(organization=org_a):
                packs[name] = services.request_pack(membership=secretary, kind=KIND, subject=unit)
        finally:
            if name == "second":
                second_returned.set()
            connection.close()

    first = threading.Thread(target=click, args=("first",))
    second = threading.Thread(target=click, args=("second",))
    first.start()
    assert first_inside.wait(timeout=30)
    second.start()
    first.join(timeout=60)
    second.join(timeout=60)

    assert packs["first"].pk == packs["second"].pk
    assert queued == [packs["first"].pk]
    with scope(organization=org_a):
        assert EvidencePack.objects.count() == 1


def test_a_request_with_other_options_or_by_someone_else_is_another_pack(
    org_a, secretary, unit, jobs_kind, django_capture_on_commit_callbacks
):
    first, _callbacks = queue_pack(secretary, unit, django_capture_on_commit_callbacks)
    other_options, _callbacks = queue_pack(
        secretary, unit, django_capture_on_commit_callbacks, options={"rows": 7}
    )
    colleague = MembershipFactory(organization=org_a, role=Role.COORDINATOR)
    by_colleague, _callbacks = queue_pack(colleague, unit, django_capture_on_commit_callbacks)
    assert len({first.pk, other_options.pk, by_colleague.pk}) == 3


def test_a_request_after_the_pack_is_done_makes_a_new_pack_with_a_new_reference(
    secretary, unit, jobs_kind, build_pack
):
    first = build_pack(secretary, KIND, unit)
    second = build_pack(secretary, KIND, unit)

    assert second.pk != first.pk
    assert (first.reference, second.reference) == (f"PK{FISCAL_YEAR}-0001", f"PK{FISCAL_YEAR}-0002")
    assert first.state == second.state == PackState.DONE
    assert reload(first).file.name == first.file.name  # the first pack is untouched
    assert stored_pack_files() == sorted([attempt_name(first, 1), attempt_name(second, 1)])


def test_a_reference_is_never_given_twice_even_after_a_failed_pack_was_deleted(
    secretary, unit, jobs_kind, build_pack
):
    def broken(pack, progress):
        raise RuntimeError("boom")

    jobs_kind.before_collect = broken
    failed = build_pack(secretary, KIND, unit)
    jobs_kind.before_collect = None
    kept = build_pack(secretary, KIND, unit)
    with scope(organization=secretary.organization):
        failed.delete()  # a failed pack may be removed; a done one may not

    third = build_pack(secretary, KIND, unit)
    assert third.state == PackState.DONE
    assert third.reference not in (failed.reference, kept.reference)
    assert third.reference == f"PK{FISCAL_YEAR}-0003"


# --- attempts ---------------------------------------------------------------------------


def test_a_second_claim_while_the_first_attempt_runs_supersedes_it(
    secretary, unit, jobs_kind, django_capture_on_commit_callbacks
):
    """A redelivery (or a duplicate message) starts while the first attempt still runs."""
    pack, _callbacks = queue_pack(secretary, unit, django_capture_on_commit_callbacks)
    second_attempt = []

    def redelivered_meanwhile(pack, progress):
        if not second_attempt:  # only inside the first attempt
            second_attempt.append(None)
            second_attempt[0] = services.build(pack.pk)

    jobs_kind.before_collect = redelivered_meanwhile

    # The first attempt's next progress report finds it lost the pack and stops.
    assert services.build(pack.pk) == "superseded"
    assert second_attempt == ["done"]
    done = reload(pack)
    assert (done.state, done.attempts) == (PackState.DONE, 2)
    assert done.file.name == attempt_name(pack, 2)
    assert done.sha256 == sha256_of_stored(done)
    assert stored_pack_files() == [attempt_name(pack, 2)]


def test_a_report_from_a_superseded_attempt_raises_and_changes_nothing(
    secretary, unit, jobs_kind, django_capture_on_commit_callbacks
):
    pack, _callbacks = queue_pack(secretary, unit, django_capture_on_commit_callbacks)
    with scope(organization=secretary.organization):
        assert services._claim(pack.pk) == 1
        services.report_progress(pack.pk, 1, 40, "first")
        assert services._claim(pack.pk) == 2
        with pytest.raises(services.BuildSuperseded):
            services.report_progress(pack.pk, 1, 60, "still the first")
    row = reload(pack)
    assert (row.state, row.attempts, row.progress) == (PackState.RUNNING, 2, 0)


def test_an_attempt_superseded_after_it_stored_its_file_removes_the_file(
    secretary, unit, jobs_kind, monkeypatch, django_capture_on_commit_callbacks
):
    """The window between storing the file and marking the row done has no progress report."""
    pack, _callbacks = queue_pack(secretary, unit, django_capture_on_commit_callbacks)
    store = services._store

    def store_then_lose_the_claim(pack, attempt, path):
        name = store(pack, attempt, path)
        services._claim(pack.pk)  # another worker took the pack over meanwhile
        return name

    monkeypatch.setattr(services, "_store", store_then_lose_the_claim)

    assert services.build(pack.pk) == "superseded"
    row = reload(pack)
    assert (row.state, row.attempts) == (PackState.RUNNING, 2)
    assert not row.file and not row.sha256
    assert stored_pack_files() == []


def test_two_claims_at_the_same_moment_get_different_attempt_numbers(
    secretary, unit, jobs_kind, monkeypatch, django_capture_on_commit_callbacks
):
    """Another worker's claim lands right after this one's UPDATE, before it reads its number."""
    pack, _callbacks = queue_pack(secretary, unit, django_capture_on_commit_callbacks)
    update = QuerySet.update
    other = []

    def update_then_another_claim(queryset, **kwargs):
        result = update(queryset, **kwargs)
        if queryset.model is EvidencePack and "attempts" in kwargs and not other:
            other.append(None)
            other[0] = services._claim(pack.pk)
        return result

    monkeypatch.setattr(QuerySet, "update", update_then_another_claim)
    with scope(organization=secretary.organization):
        mine = services._claim(pack.pk)

    assert sorted([mine, other[0]]) == [1, 2]
    assert reload(pack).attempts == 2


def test_after_too_many_interrupted_attempts_the_pack_fails_as_interrupted(
    secretary, unit, jobs_kind, django_capture_on_commit_callbacks, english
):
    pack, _callbacks = queue_pack(secretary, unit, django_capture_on_commit_callbacks)

    def dies(pack, progress):
        progress(3, "about to die")
        raise WorkerDied

    jobs_kind.before_collect = dies
    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        with pytest.raises(WorkerDied):
            services.build(pack.pk)
        row = reload(pack)
        # What the page sees after the worker died: still building, nothing to download.
        assert (row.state, row.attempts, row.progress) == (PackState.RUNNING, attempt, 3)
        assert not row.file

    # The next delivery gives up without building.
    jobs_kind.before_collect = None
    assert services.build(pack.pk) == "given up"
    row = reload(pack)
    assert row.state == PackState.FAILED
    assert row.attempts == services.MAX_ATTEMPTS + 1
    assert f"interrupted {services.MAX_ATTEMPTS} times" in row.failure_reason
    assert not row.file
    assert services.build(pack.pk) == "already finished"


def test_an_interrupted_attempt_is_retried_and_its_half_stored_file_removed(
    secretary, unit, jobs_kind, monkeypatch, django_capture_on_commit_callbacks
):
    """The first worker died after storing its file and before the row said done."""
    pack, _callbacks = queue_pack(secretary, unit, django_capture_on_commit_callbacks)
    store = services._store

    def store_then_die(pack, attempt, path):
        name = store(pack, attempt, path)
        if attempt == 1:
            raise WorkerDied
        return name

    monkeypatch.setattr(services, "_store", store_then_die)
    with pytest.raises(WorkerDied):
        services.build(pack.pk)
    # Its file is in the store but the pack does not show it.
    assert stored_pack_files() == [attempt_name(pack, 1)]
    row = reload(pack)
    assert row.state == PackState.RUNNING and not row.file and not row.sha256

    assert services.build(pack.pk) == "done"
    done = reload(pack)
    assert (done.state, done.attempts) == (PackState.DONE, 2)
    assert done.file.name == attempt_name(pack, 2)
    assert done.sha256 == sha256_of_stored(done)
    assert stored_pack_files() == [attempt_name(pack, 2)]


def test_files_of_interrupted_attempts_are_removed_when_the_pack_fails(
    org_a, secretary, unit, jobs_kind, monkeypatch, django_capture_on_commit_callbacks
):
    pack, _callbacks = queue_pack(secretary, unit, django_capture_on_commit_callbacks)
    store = services._store

    def store_then_die(pack, attempt, path):
        store(pack, attempt, path)
        raise WorkerDied

    monkeypatch.setattr(services, "_store", store_then_die)
    with pytest.raises(WorkerDied):
        services.build(pack.pk)
    assert stored_pack_files() == [attempt_name(pack, 1)]

    def broken(pack, progress):
        raise RuntimeError("boom")

    jobs_kind.before_collect = broken
    assert services.build(pack.pk) == "failed"
    assert reload(pack).state == PackState.FAILED
    assert stored_pack_files() == []


def test_a_file_half_stored_when_storing_broke_off_is_removed_with_the_failure(
    secretary, unit, jobs_kind, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    """Django's FileSystemStorage leaves what it wrote when a write fails (a full disk)."""
    pack, _callbacks = queue_pack(secretary, unit, django_capture_on_commit_callbacks)
    store = services._store

    def store_then_break_off(pack, attempt, path):
        store(pack, attempt, path)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(services, "_store", store_then_break_off)
    with caplog.at_level(logging.CRITICAL):
        assert services.build(pack.pk) == "failed"
    row = reload(pack)
    assert row.state == PackState.FAILED and not row.file
    assert stored_pack_files() == []


def test_files_of_interrupted_attempts_are_removed_when_the_pack_is_given_up(
    secretary, unit, jobs_kind, monkeypatch, django_capture_on_commit_callbacks
):
    pack, _callbacks = queue_pack(secretary, unit, django_capture_on_commit_callbacks)
    store = services._store

    def store_then_die(pack, attempt, path):
        store(pack, attempt, path)
        raise WorkerDied

    monkeypatch.setattr(services, "_store", store_then_die)
    for _attempt in range(services.MAX_ATTEMPTS):
        with pytest.raises(WorkerDied):
            services.build(pack.pk)
    assert len(stored_pack_files()) == services.MAX_ATTEMPTS

    assert services.build(pack.pk) == "given up"
    assert stored_pack_files() == []


# --- immutability -----------------------------------------------------------------------


def test_a_done_pack_cannot_be_saved_or_deleted(secretary, unit, jobs_kind, build_pack):
    pack = build_pack(secretary, KIND, unit)
    assert pack.state == PackState.DONE

    with scope(organization=secretary.organization):
        pack.title = "changed"
        with pytest.raises(ValidationError):
            pack.save()
        with pytest.raises(ValidationError):
            pack.delete()
        # Nor through an instance loaded before the pack was finished.
        stale = EvidencePack(
            pk=pack.pk,
            **{
                field: getattr(pack, field)
                for field in (
                    "organization_id",
                    "reference",
                    "kind",
                    "title",
                    "subject_type_id",
                    "subject_id",
                    "fiscal_year",
                    "requested_by_id",
                )
            },
        )
        stale.state = PackState.RUNNING
        with pytest.raises(ValidationError):
            stale.save()
        with pytest.raises(ValidationError):
            stale.delete()
    row = reload(pack)
    assert row.title != "changed" and row.state == PackState.DONE
    assert stored_pack_files() == [attempt_name(pack, 1)]


def test_a_pack_whose_task_was_lost_does_not_block_a_new_request(
    secretary, unit, jobs_kind, django_capture_on_commit_callbacks
):
    lost, _callbacks = queue_pack(secretary, unit, django_capture_on_commit_callbacks)
    long_ago = lost.created_at - services.ABANDONED_AFTER - dt.timedelta(minutes=1)
    with scope(organization=secretary.organization):
        EvidencePack.objects.filter(pk=lost.pk).update(created_at=long_ago)

    again, callbacks = queue_pack(secretary, unit, django_capture_on_commit_callbacks)

    assert again.pk != lost.pk and len(callbacks) == 1
    lost = reload(lost)
    assert lost.state == PackState.FAILED
    assert lost.failure_reason  # in the requester's language: "never finished ..."


def test_a_recent_queued_pack_is_not_abandoned(
    secretary, unit, jobs_kind, django_capture_on_commit_callbacks
):
    first, _callbacks = queue_pack(secretary, unit, django_capture_on_commit_callbacks)
    again, callbacks = queue_pack(secretary, unit, django_capture_on_commit_callbacks)
    assert again.pk == first.pk and callbacks == []
    assert reload(first).state == PackState.QUEUED
