"""Shared fixtures of the packs tests.

`build_pack(membership, kind, subject, **kw)` requests a pack as a page would
and lets the (in-process) task build it before returning the pack as stored.
`jobs_kind` registers a small test kind (tests/packs/jobs_kind.py) for tests of
the job machinery that should not depend on the board or assessment packs.
"""

import copy
from pathlib import Path

import pytest
from django_scopes import scope, scopes_disabled

from seam_scm.packs import kinds, services
from seam_scm.packs.models import EvidencePack, pack_storage

from .jobs_kind import KIND, TEMPLATES_DIR, JobsKind


@pytest.fixture
def build_pack(django_capture_on_commit_callbacks):
    """build_pack(membership, kind, subject, **kw) -> the pack after its build ran.

    The task is queued on commit; in a test's transaction commit hooks only run
    when captured, so this runs them (the task itself runs eagerly, in-process).
    Keyword arguments go to services.request_pack (options, meeting, ...).
    """

    def build(membership, kind, subject, **kwargs) -> EvidencePack:
        with (
            scope(organization=membership.organization),
            django_capture_on_commit_callbacks(execute=True),
        ):
            pack = services.request_pack(
                membership=membership, kind=kind, subject=subject, **kwargs
            )
        return reload(pack)

    return build


def reload(pack: EvidencePack) -> EvidencePack:
    """The pack as its row is now (what a page polling it would read)."""
    with scopes_disabled():
        return EvidencePack.objects.select_related("organization").get(pk=pack.pk)


def stored_pack_files() -> list[str]:
    """Every file in the packs storage (tests keep it on the filesystem), relative, sorted."""
    root = Path(pack_storage().location)
    if not root.exists():
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


@pytest.fixture
def jobs_kind(settings, monkeypatch) -> JobsKind:
    """The test kind "test-jobs", registered for one test, with its template directory."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEMPLATES_DIR]
    settings.TEMPLATES = templates
    kind = JobsKind()
    # setitem puts the registry back as it was after the test.
    monkeypatch.setitem(kinds._kinds, KIND, kind.spec())
    return kind
