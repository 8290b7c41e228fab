"""Packs for tests of the pages and the API, and for the route-walking test
(tests/tenancy/test_route_isolation.py): URL parameter -> a row of the given organization's id;
for API routes, the viewset's model -> the same.

`make_pack` writes the row and its file directly, as a finished build leaves them, without
rendering anything: the pages and the API read rows, and tests that need a real PDF build one
through the service (tests/packs/conftest.py: build_pack).
"""

import hashlib
import itertools

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled

from assessments.models import AssessmentCycle
from seam_scm.approvals.models import DocumentVersion
from seam_scm.packs.models import EvidencePack, PackKind, PackState, pack_storage
from seam_scm.tenancy.roles import Role

from ..approvals import factories as approvals
from ..approvals.factories import pdf_bytes
from ..assessments import factories as assessments
from ..factories import MembershipFactory

FISCAL_YEAR = 2570
_numbers = itertools.count(1)


def make_pack(
    organization,
    *,
    kind: str = PackKind.BOARD,
    subject=None,
    state: str = PackState.DONE,
    requested_by=None,
    fiscal_year: int = FISCAL_YEAR,
    **fields,
) -> EvidencePack:
    """A pack as a build leaves it; DONE packs have their PDF in the packs storage."""
    if subject is None:
        subject = (
            approvals.submitted_version(organization)
            if kind == PackKind.BOARD
            else assessments.make_cycle(organization, fiscal_year=2560 + next(_numbers) % 140)
        )
    model = DocumentVersion if kind == PackKind.BOARD else AssessmentCycle
    requested_by = (
        requested_by or MembershipFactory(organization=organization, role=Role.SECRETARY).user
    )
    number = next(_numbers)
    values = {
        "organization": organization,
        "reference": f"PK{fiscal_year}-{number:04d}",
        "kind": kind,
        "title": f"ชุดเอกสารทดสอบ {number}",
        "subject_type": ContentType.objects.get_for_model(model),
        "subject_id": subject.pk,
        "fiscal_year": fiscal_year,
        "requested_by": requested_by,
        "state": state,
        **fields,
    }
    if state == PackState.DONE:
        content = pdf_bytes()
        name = pack_storage().save(
            f"org-{organization.pk}/{fiscal_year}/test-{number}.pdf", ContentFile(content)
        )
        values = {
            "progress": 100,
            "file": name,
            "sha256": hashlib.sha256(content).hexdigest(),
            "size": len(content),
            "page_count": 1,
            "build_seconds": 0.5,
            "started_at": timezone.now(),
            "finished_at": timezone.now(),
            **values,
        }
    with scopes_disabled():
        return EvidencePack.objects.create(**values)


OBJECT_BUILDERS = {
    "pack_pk": lambda org: make_pack(org).pk,
}
MODEL_BUILDERS = {
    EvidencePack: OBJECT_BUILDERS["pack_pk"],
}
