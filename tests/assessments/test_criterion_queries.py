"""The criterion page costs the same number of queries with one piece of evidence and one comment
thread as with several (and so does the snapshot list with one snapshot or several)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seam_scm.tenancy.roles import Role

from . import factories as f

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def _add(assessment, mapped, count: int) -> None:
    """Evidence of two kinds, threads with replies about the evidence, mapped evidence."""
    for _ in range(count):
        link = f.link_file(assessment)
        f.link(assessment, "complaint_kpis", f.make_snapshot(assessment.organization))
        thread = f.comment(assessment, evidence=link)
        f.comment(assessment, "ตอบแล้ว", parent=thread, role=Role.EDITOR)
        f.link_file(mapped)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ASSESSOR, Role.VIEWER])
def test_criterion_page_queries_do_not_grow_with_evidence_and_comments(role, org_a, client_for):
    cycle = f.make_cycle(org_a)
    assessment = f.criterion(cycle, "CM 5.3")
    mapped = f.criterion(f.make_cycle(org_a, code=f.BOT), "MC 7")
    f.claim(cycle, "CM 5.3", 2, ready=False)
    client = client_for(f.member(org_a, role))
    url = f"/o/{org_a.slug}/assessments/criteria/{assessment.pk}/"
    client.get(url)  # the first visit also remembers the organization as the last one used
    _add(assessment, mapped, 1)
    with_one = _queries(client, url)
    _add(assessment, mapped, 3)
    assert _queries(client, url) == with_one


def test_snapshot_list_queries_do_not_grow(org_a, client_for):
    client = client_for(f.member(org_a, Role.VIEWER))
    url = f"/o/{org_a.slug}/assessments/kpi-snapshots/"
    client.get(url)
    f.make_snapshot(org_a)
    with_one = _queries(client, url)
    for _ in range(3):
        f.make_snapshot(org_a)
    assert _queries(client, url) == with_one
