"""Requesting, building and downloading packs.

A build is keyed by the pack: whoever runs it (the first delivery of the task,
a redelivery after a worker died, a duplicate message) first claims the row by
raising its attempt number. Only the latest attempt may report progress or
finish, so two runs of one pack can never both store a file; a run that lost
its claim stops at its next progress report. The file of an attempt is stored
under its own name and becomes visible only when the row says done, in the
same UPDATE; files of interrupted attempts are removed once the pack is done or
has failed.
"""

import datetime as dt
import hashlib
import logging
import tempfile
import time
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope, scopes_disabled

from seam_scm import references
from seam_scm.privacy import services as privacy_services
from seam_scm.tenancy.models import Membership, Organization
from seam_scm.tenancy.roles import Action, role_allows

from .kinds import pack_kind
from .models import EvidencePack, PackDownload, PackState, pack_storage
from .rendering import PackError, render_pack

logger = logging.getLogger(__name__)

# A task delivered this many times without finishing is given up: a pack that
# kills its worker every time must not keep the queue busy for ever.
MAX_ATTEMPTS = 3

NOT_ALLOWED = gettext_lazy("Your role does not allow building or downloading this kind of pack.")
PERSONAL_DATA_NOT_ALLOWED = gettext_lazy(
    "This pack includes personal data, which your role does not allow you to see."
)
NOT_READY = gettext_lazy("The pack is not ready to download.")


class BuildSuperseded(Exception):
    """A later attempt claimed the pack; this one stops without touching it."""


def may_use_kind(membership: Membership, kind: str) -> bool:
    return role_allows(membership.role, pack_kind(kind).action)


def next_reference(organization: Organization, fiscal_year: int) -> str:
    return references.next_reference(
        EvidencePack.objects.filter(organization=organization), f"PK{fiscal_year}-"
    )


def request_pack(
    *,
    membership: Membership,
    kind: str,
    subject,
    options: dict | None = None,
    meeting: str = "",
    meeting_date: dt.date | None = None,
    agenda_item: str = "",
) -> EvidencePack:
    """Queue a pack, or return the same request still queued or building (a double click)."""
    if not may_use_kind(membership, kind):
        raise PermissionDenied(NOT_ALLOWED)
    spec = pack_kind(kind)
    options = options or {}
    organization = membership.organization
    fields = {
        "organization": organization,
        "kind": kind,
        "subject_type": ContentType.objects.get_for_model(spec.subject_model),
        "subject_id": subject.pk,
        "options": options,
        "meeting": meeting,
        "meeting_date": meeting_date,
        "agenda_item": agenda_item,
        "requested_by": membership.user,
    }
    with transaction.atomic():
        # One request of a member at a time: of two clicks arriving together,
        # the second waits here and then finds the first one's pack pending.
        Membership.objects.select_for_update().filter(pk=membership.pk).exists()
        pending = EvidencePack.objects.filter(
            state__in=(PackState.QUEUED, PackState.RUNNING), **fields
        ).first()
        if pending and not fail_if_abandoned(pending):
            return pending
        if spec.meeting_fiscal_year is not None:
            fiscal_year = spec.meeting_fiscal_year(subject, meeting_date)
        else:
            fiscal_year = spec.fiscal_year(subject)
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    pack = EvidencePack.objects.create(
                        **fields,
                        reference=next_reference(organization, fiscal_year),
                        title=spec.title(subject, options),
                        fiscal_year=fiscal_year,
                        includes_personal_data=role_allows(
                            membership.role, Action.VIEW_PERSONAL_DATA
                        ),
                        language=translation.get_language() or "th",
                    )
                break
            except IntegrityError:  # two requests took the same reference number
                continue
        else:
            raise ValidationError(_("The pack could not be numbered; please try again."))
        enqueue_build(pack)
    return pack


# A pack still queued or running this long after it was requested will never finish by
# itself (its task was lost, e.g. with the broker's data): the broker would have handed it
# to a worker long ago (visibility timeout) and the build's time limit ended it.
ABANDONED_AFTER = dt.timedelta(
    seconds=settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] + 60 * 60
)


def fail_if_abandoned(pack: EvidencePack) -> bool:
    """Fail a pack that will never finish, so that its page stops waiting and asking again
    builds a new one. Whether it was (and now is) abandoned."""
    if pack.is_finished or pack.created_at > timezone.now() - ABANDONED_AFTER:
        return False
    failed = EvidencePack.objects.filter(
        pk=pack.pk, state__in=(PackState.QUEUED, PackState.RUNNING)
    ).update(
        state=PackState.FAILED,
        failure_reason=_("The build never finished (its task was lost); build the pack again."),
        finished_at=timezone.now(),
        step="",
    )
    if failed:
        _remove_other_attempts(pack, pack.attempts + 1)
    return True


def enqueue_build(pack: EvidencePack) -> None:
    from .tasks import build_pack

    pack_id = pack.pk
    # After commit: a worker must find the row. Without a broker the task runs
    # here, in-process, once the request's transaction has committed.
    transaction.on_commit(lambda: build_pack.delay(pack_id))


# --- the build (runs in the worker) -------------------------------------------------


def _claim(pack_id: int) -> int | None:
    """Start a new attempt: its number, or None when the pack is already finished.

    Compare and set: the UPDATE only succeeds if no one else claimed the pack
    since we read its attempt number, so two workers can never both hold the
    same number (reading the number back after an increment could give both
    the later one).
    """
    while True:
        seen = (
            EvidencePack.objects.filter(pk=pack_id, state__in=(PackState.QUEUED, PackState.RUNNING))
            .values_list("attempts", flat=True)
            .first()
        )
        if seen is None:
            return None
        claimed = EvidencePack.objects.filter(
            pk=pack_id, state__in=(PackState.QUEUED, PackState.RUNNING), attempts=seen
        ).update(
            state=PackState.RUNNING,
            attempts=seen + 1,
            progress=0,
            step="",
            started_at=timezone.now(),
        )
        if claimed:
            return seen + 1


def _current(pack_id: int, attempt: int):
    return EvidencePack.objects.filter(pk=pack_id, state=PackState.RUNNING, attempts=attempt)


def report_progress(pack_id: int, attempt: int, percent: int, step: str) -> None:
    if not _current(pack_id, attempt).update(progress=min(percent, 99), step=step[:255]):
        raise BuildSuperseded


def _fail(pack: EvidencePack, attempt: int, reason: str) -> None:
    failed = _current(pack.pk, attempt).update(
        state=PackState.FAILED, failure_reason=reason, finished_at=timezone.now(), step=""
    )
    if failed:
        # The pack is finished: no later attempt will clean up after the dead ones,
        # nor after this one's own file if storing it broke off half-way.
        _remove_other_attempts(pack, attempt + 1)


def _attempt_name(pack: EvidencePack, attempt: int) -> str:
    return f"org-{pack.organization_id}/{pack.fiscal_year}/pack-{pack.pk}-attempt-{attempt}.pdf"


def _remove_other_attempts(pack: EvidencePack, attempt: int) -> None:
    storage = pack_storage()
    for earlier in range(1, attempt):
        name = _attempt_name(pack, earlier)
        if storage.exists(name):
            storage.delete(name)


def _store(pack: EvidencePack, attempt: int, path: Path) -> str:
    storage = pack_storage()
    name = _attempt_name(pack, attempt)
    if storage.exists(name):  # left by this attempt number on a crashed run
        storage.delete(name)
    with path.open("rb") as handle:
        stored = storage.save(name, File(handle))
    return stored


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def build(pack_id: int) -> str:
    """Build the pack `pack_id` if it still needs building; what happened, for the task's log."""
    with scopes_disabled():
        pack = EvidencePack.objects.select_related("organization").filter(pk=pack_id).first()
    if pack is None:  # a message for a pack removed since (a failed one may be deleted)
        return "no such pack"
    with scope(organization=pack.organization), translation.override(pack.language):
        attempt = _claim(pack_id)
        if attempt is None:
            return "already finished"
        if attempt > MAX_ATTEMPTS:
            _fail(
                pack,
                attempt,
                _(
                    "The build was interrupted %(count)d times (the worker stopped during it) "
                    "and was given up. Try a smaller pack, or ask an administrator to look at "
                    "the worker's log."
                )
                % {"count": attempt - 1},
            )
            return "given up"
        return _run(pack, attempt)


def _run(pack: EvidencePack, attempt: int) -> str:
    started = time.monotonic()

    def progress(percent: int, step: str) -> None:
        report_progress(pack.pk, attempt, percent, step)

    try:
        progress(1, _("Collecting the records"))
        spec = pack_kind(pack.kind)
        content = spec.collect(pack, progress)
        with tempfile.TemporaryDirectory(prefix="seam-pack-") as workdir:
            rendered = render_pack(
                content,
                Path(workdir),
                progress,
                title=f"{pack.reference} {pack.title}",
                author=pack.organization.name,
                reference=pack.reference,
            )
            progress(95, _("Storing the file"))
            sha256 = _sha256_of(rendered.path)
            size = rendered.path.stat().st_size
            name = _store(pack, attempt, rendered.path)
    except BuildSuperseded:
        return "superseded"
    except SoftTimeLimitExceeded:
        _fail(
            pack,
            attempt,
            _(
                "The pack took longer than the time a build may take and was stopped. Choose "
                "fewer criteria or fewer files and build it again."
            ),
        )
        return "failed"
    except PackError as error:
        _fail(pack, attempt, str(error))
        return "failed"
    except Exception:
        logger.exception("Pack %s (id %s) failed on attempt %s", pack.reference, pack.pk, attempt)
        _fail(
            pack,
            attempt,
            _(
                "The pack could not be built because of an error in the system; it has been "
                "logged. Please try again later or tell your administrator (pack %(reference)s)."
            )
            % {"reference": pack.reference},
        )
        return "failed"
    finished = _current(pack.pk, attempt).update(
        state=PackState.DONE,
        progress=100,
        step="",
        file=name,
        sha256=sha256,
        size=size,
        page_count=rendered.page_count,
        build_seconds=round(time.monotonic() - started, 2),
        finished_at=timezone.now(),
    )
    if not finished:
        pack_storage().delete(name)
        return "superseded"
    _remove_other_attempts(pack, attempt)
    return "done"


# --- reading -------------------------------------------------------------------------


def check_download(membership: Membership, pack: EvidencePack) -> None:
    if not may_use_kind(membership, pack.kind):
        raise PermissionDenied(NOT_ALLOWED)
    if pack.includes_personal_data and not role_allows(membership.role, Action.VIEW_PERSONAL_DATA):
        raise PermissionDenied(PERSONAL_DATA_NOT_ALLOWED)
    if pack.state != PackState.DONE:
        raise ValidationError(NOT_READY)


def record_download(membership: Membership, pack: EvidencePack) -> PackDownload:
    """Check the reader may have the pack and log that they took it; a pack with personal data
    also goes into the organization's personal data access log."""
    check_download(membership, pack)
    if pack.includes_personal_data:
        privacy_services.log_export(
            membership, _("Evidence pack %(reference)s") % {"reference": pack.reference}
        )
    return PackDownload.objects.create(
        organization=pack.organization,
        pack=pack,
        user=membership.user,
        role=membership.role,
        sha256=pack.sha256,
    )
