"""Complaint KPI snapshots: the list, taking one (and going back to the evidence form that asked
for it), its frozen figures with their definitions, roles and refusals."""

import pytest
from django.utils import translation
from django_scopes import scope, scopes_disabled

from assessments.models import KpiSnapshot
from assessments.snapshots import take_complaint_kpi_snapshot
from seam_scm.tenancy.roles import Role
from seam_scm.thai.dates import current_fiscal_year

from ..complaints.factories import make_case
from . import factories as f

pytestmark = pytest.mark.django_db


def url(organization, suffix: str = "") -> str:
    return f"/o/{organization.slug}/assessments/kpi-snapshots/{suffix}"


def person(organization, role=Role.EDITOR):
    user = f.member(organization, role)
    user.language = "en"
    user.save()
    return user


def snapshots_of(organization) -> list[KpiSnapshot]:
    with scopes_disabled():
        return list(KpiSnapshot.objects.filter(organization=organization))


def this_year(organization) -> int:
    return current_fiscal_year(organization.fiscal_year_start_month).year


def test_editor_takes_a_snapshot_of_the_year(org_a, client_for):
    make_case(org_a, complainant_name="นายผู้ร้อง ไม่ควรปรากฏ", lawful_basis="public_task")
    year = this_year(org_a)
    editor = person(org_a)
    client = client_for(editor)
    form = client.get(url(org_a, "new/")).content.decode()
    assert f'value="{year}"' in form  # the current fiscal year by default
    response = client.post(url(org_a, "new/"), {"fiscal_year": year, "title": ""})
    [snapshot] = snapshots_of(org_a)
    assert response["Location"] == url(org_a, f"{snapshot.pk}/")
    assert snapshot.fiscal_year == year and snapshot.taken_by == editor
    assert snapshot.figures["total"]["volume"] == 1
    body = client.get(response["Location"]).content.decode()
    assert f"Fiscal year {year}. Taken on" in body
    assert editor.get_full_name() in body
    assert body.count('data-testid="snapshot-row"') == 5  # four quarters and the year
    assert 'data-period="year"' in body
    assert 'data-kpi="volume">1<' in body
    assert "How the figures are counted" in body
    assert "นายผู้ร้อง" not in body
    listing = client.get(url(org_a)).content.decode()
    assert snapshot.title in listing


def test_the_figures_stay_as_taken(org_a, client_for):
    year = this_year(org_a)
    editor = f.member(org_a)
    with scope(organization=org_a):
        snapshot = take_complaint_kpi_snapshot(organization=org_a, fiscal_year=year, by=editor)
    make_case(org_a)  # a case received after the snapshot
    body = client_for(person(org_a)).get(url(org_a, f"{snapshot.pk}/")).content.decode()
    assert 'data-kpi="volume">0<' in body
    assert 'data-kpi="volume">1<' not in body


def test_definitions_read_in_the_readers_language(org_a, client_for):
    with translation.override("th"), scope(organization=org_a):
        snapshot = take_complaint_kpi_snapshot(
            organization=org_a, fiscal_year=this_year(org_a), by=f.member(org_a)
        )
    body = client_for(person(org_a)).get(url(org_a, f"{snapshot.pk}/")).content.decode()
    assert "Every case received in the period, withdrawn cases included." in body


def test_a_definition_that_changed_since_reads_as_kept(org_a, client_for):
    snapshot = f.make_snapshot(org_a)
    with scopes_disabled():
        snapshot.figures["definitions"] = [
            {"key": "volume", "name": "จำนวนเรื่อง", "definition": "นับตามนิยามเดิม"}
        ]
        snapshot.save()
    body = client_for(person(org_a)).get(url(org_a, f"{snapshot.pk}/")).content.decode()
    assert "นับตามนิยามเดิม" in body


def test_taking_a_snapshot_from_the_evidence_form_goes_back_to_it(org_a, client_for):
    assessment = f.criterion(f.make_cycle(org_a), "CM 5.3")
    client = client_for(person(org_a))
    back = f"/o/{org_a.slug}/assessments/criteria/{assessment.pk}/evidence/new/?kind=complaint_kpis"
    form = client.get(url(org_a, "new/"), {"next": back, "fiscal_year": "2570"}).content.decode()
    assert 'value="2570"' in form
    response = client.post(url(org_a, "new/"), {"fiscal_year": "2570", "next": back})
    assert response["Location"] == back
    [snapshot] = snapshots_of(org_a)
    assert f'<option value="{snapshot.pk}">' in client.get(back).content.decode()


def test_a_foreign_next_address_is_ignored(org_a, client_for):
    client = client_for(person(org_a))
    response = client.post(
        url(org_a, "new/"), {"fiscal_year": "2570", "next": "https://evil.example/"}
    )
    [snapshot] = snapshots_of(org_a)
    assert response["Location"] == url(org_a, f"{snapshot.pk}/")


@pytest.mark.parametrize(
    "year, message",
    [("", "This field is required."), ("สองห้าเจ็ดศูนย์", "Enter a whole number."),
     ("2027", "Ensure this value is greater than or equal to 2500.")],
)  # fmt: skip
def test_bad_fiscal_years_are_refused(year, message, org_a, client_for):
    response = client_for(person(org_a)).post(url(org_a, "new/"), {"fiscal_year": year})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert snapshots_of(org_a) == []


@pytest.mark.parametrize("role", list(Role))
def test_every_member_reads_snapshots(role, org_a, client_for):
    snapshot = f.make_snapshot(org_a)
    client = client_for(f.member(org_a, role))
    listing = client.get(url(org_a))
    assert listing.status_code == 200
    assert client.get(url(org_a, f"{snapshot.pk}/")).status_code == 200
    may_take = role in (Role.COORDINATOR, Role.EDITOR)
    assert ('data-testid="take-snapshot"' in listing.content.decode()) is may_take


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.ASSESSOR, Role.VIEWER])
def test_roles_that_do_not_edit_records_may_not_take_snapshots(role, org_a, client_for):
    client = client_for(f.member(org_a, role))
    assert client.get(url(org_a, "new/")).status_code == 403
    assert client.post(url(org_a, "new/"), {"fiscal_year": "2570"}).status_code == 403
    assert snapshots_of(org_a) == []


def test_another_organizations_snapshot_is_404(org_a, org_b, client_for):
    snapshot = f.make_snapshot(org_a)
    client = client_for(f.member(org_b, Role.COORDINATOR))
    assert client.get(url(org_b, f"{snapshot.pk}/")).status_code == 404
    assert snapshot.title not in client.get(url(org_b)).content.decode()
