"""The customer management overview: every artefact in the criteria's order, with its status.

Statuses are read from the cards' `data-status` (Thai-independent); the English texts only
with the `english` fixture.
"""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from customers.models import ListeningChannel, Survey
from customers.overview_selectors import customer_evidence, customer_overview
from seam_scm.files import services as file_services
from seam_scm.tenancy.models import Membership, Organization
from seam_scm.tenancy.roles import Role

from ..files.factories import upload
from . import factories as f

pytestmark = pytest.mark.django_db

CARDS = [
    "strategy",
    "listening",
    "segments",
    "surveys",
    "journeys",
    "charter",
    "meetings",
    "evidence",
]


def _url(org) -> str:
    return f"/o/{org.slug}/customers/"


def _statuses(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-testid="overview-card-(\w+)" data-status="(\w+)"', html))


def _page(client, org) -> str:
    response = client.get(_url(org))
    assert response.status_code == 200
    return response.content.decode()


def _overview(org, today=None):
    with scope(organization=org):
        return customer_overview(org, today)


def _today_in_fy() -> dt.date:
    return timezone.localdate()


# --- every role reads the page -----------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_every_role_sees_the_overview(role, org_a, member_factory, client_for):
    html = _page(client_for(member_factory(org_a, role)), org_a)
    assert list(_statuses(html)) == CARDS
    assert 'data-testid="customer-nav"' in html


def test_an_empty_organization_has_nothing_in_place(org_a, coordinator_a, client_for):
    html = _page(client_for(coordinator_a), org_a)
    assert set(_statuses(html).values()) == {"missing"}
    assert "charter-qr" not in html


def test_the_page_names_what_is_missing(org_a, coordinator_a, client_for):
    coordinator_a.language = "en"
    with scopes_disabled():
        coordinator_a.save()
    html = _page(client_for(coordinator_a), org_a)
    assert "No strategy covers the current fiscal year." in html
    assert "The organization has no service charter yet." in html
    assert "Criterion 1.1" in html and "Criterion 5.1" in html


def test_another_organizations_member_gets_404(org_a, org_b, member_factory, client_for):
    client = client_for(member_factory(org_b, Role.COORDINATOR))
    assert client.get(_url(org_a)).status_code == 404


def test_only_the_own_organizations_records_count(org_a, org_b, coordinator_a, client_for):
    f.make_voc(org_b, heard_on=_today_in_fy())
    f.make_product(org_b)
    f.make_meeting(org_b)
    html = _page(client_for(coordinator_a), org_a)
    assert set(_statuses(html).values()) == {"missing"}
    overview = _overview(org_a)
    assert overview.card("listening").figure == "0"
    assert overview.card("segments").figure == "0"


# --- the cards ---------------------------------------------------------------------------------


def test_listening_needs_direct_and_indirect_channels_and_voc(org_a, english):
    today = _today_in_fy()
    call_center = f.make_channel(org_a, kind=ListeningChannel.Kind.CALL_CENTER)
    card = _overview(org_a, today).card("listening")
    assert card.status == "warning"
    assert any("No indirect channel" in w for w in card.warnings)
    assert any("No VOC recorded" in w for w in card.warnings)

    f.make_channel(org_a, kind=ListeningChannel.Kind.COMPETITORS)
    f.make_channel(org_a, kind=ListeningChannel.Kind.ONLINE_MEDIA, is_active=False)
    f.make_voc(org_a, channel=call_center, heard_on=today)
    f.make_voc(org_a, channel=call_center, heard_on=today - dt.timedelta(days=800))  # earlier FY
    card = _overview(org_a, today).card("listening")
    assert card.status == "ok"
    assert card.figure == "1"
    assert "Channels in use: 1 direct, 1 indirect" in card.facts
    assert any(fact.startswith("Most important to customers:") for fact in card.facts)


def test_segments_warn_when_revenue_shares_exceed_100(org_a, english):
    f.make_segment(org_a, revenue_share=60)
    card = _overview(org_a).card("segments")
    assert card.status == "warning" and "No product or service is recorded." in card.warnings
    f.make_product(org_a)
    f.make_segment(org_a, revenue_share=50)
    card = _overview(org_a).card("segments")
    assert (card.status, card.figure) == ("warning", "2")
    assert "Shares of revenue recorded: 110% in all" in card.facts
    assert "The segments' shares of revenue add up to more than 100%." in card.warnings


def test_surveys_warn_about_years_without_an_external_survey(org_a, english):
    today = dt.date(2026, 11, 20)  # fiscal year 2570
    f.make_survey(org_a, fiscal_year=2568)
    f.make_survey(
        org_a,
        fiscal_year=2569,
        survey_type=Survey.SurveyType.POST_SERVICE,
        conducted_by=Survey.ConductedBy.INTERNAL,
        firm="",
        contract_reference="",
    )
    card = _overview(org_a, today).card("surveys")
    assert (card.status, card.figure) == ("warning", "2568")
    assert card.extra["missing_years"] == [2569, 2570]
    assert any("fiscal year 2569, 2570" in w for w in card.warnings)

    for year in (2569, 2570):
        survey = f.make_survey(org_a, fiscal_year=year)
        with scope(organization=org_a):
            survey.report = file_services.upload_attachment(
                organization=org_a,
                uploaded_by=f.coordinator(org_a),
                upload=upload(),
                title="รายงาน",
                effective_date=survey.period_end,
                record=survey,
            )
            survey.save()
    card = _overview(org_a, today).card("surveys")
    assert (card.status, card.figure, card.warnings) == ("ok", "2570", [])


def test_journeys_show_critical_points_the_charter_does_not_cover(org_a, english):
    journey = f.make_journey(org_a)
    covered = f.make_stage(org_a, journey=journey, name="ยื่นคำขอ")
    f.make_stage(org_a, journey=journey, name="รอช่างติดตั้ง")
    f.make_stage(org_a, journey=journey, name="ชำระเงิน", is_critical=False)
    f.make_guideline(org_a, journey_stage=covered)
    card = _overview(org_a).card("journeys")
    assert (card.status, card.figure) == ("warning", "1")
    assert "Critical points covered by a service guideline: 1 of 2" in card.facts
    assert any("รอช่างติดตั้ง" in w for w in card.warnings)
    assert (card.extra["covered"], card.extra["uncovered"]) == (1, 1)


def test_charter_approved_and_published_shows_the_public_page_and_qr(
    org_a, coordinator_a, client_for, english
):
    version = f.make_full_charter(org_a)
    card = _overview(org_a).card("charter")
    assert card.status == "warning" and card.readiness.criterion == "5.1"
    assert "public" not in card.extra

    f.approve_charter(org_a, version, publish=True)
    card = _overview(org_a).card("charter")
    assert card.status == "ok", [c.detail for c in card.readiness.missing]
    assert card.figure == f"{len(card.readiness.checks)}/{len(card.readiness.checks)}"
    html = _page(client_for(coordinator_a), org_a)
    assert _statuses(html)["charter"] == "ok"
    assert f'href="/p/charter/{org_a.slug}/"' in html
    assert f'src="/p/charter/{org_a.slug}/qr.svg"' in html


def test_strategy_without_approval_needs_attention(org_a, english):
    f.make_strategy(org_a)  # 2567-2571 covers the current fiscal year
    card = _overview(org_a).card("strategy")
    assert card.status == "warning" and card.readiness.criterion == "1.1"
    assert card.links[0].url.startswith(f"/o/{org_a.slug}/customers/strategy")
    assert any(w.startswith("Missing: ") for w in card.warnings)


def test_meetings_show_the_latest(org_a, english):
    f.make_meeting(org_a, held_on=_today_in_fy() - dt.timedelta(days=30))
    card = _overview(org_a).card("meetings")
    assert card.figure == "1"
    # The factory's meeting has no minutes attached.
    assert card.status == "warning"
    assert "The latest meeting has no minutes attached." in card.warnings


def test_evidence_counts_files_of_customer_records_and_documents_only(org_a):
    meeting = f.make_meeting(org_a)
    by = f.coordinator(org_a)
    with scope(organization=org_a):
        file_services.upload_attachment(
            organization=org_a, uploaded_by=by, upload=upload(), title="รายงานการประชุม",
            effective_date=meeting.held_on, record=meeting,
        )  # fmt: skip
        file_services.upload_attachment(
            organization=org_a, uploaded_by=by, upload=upload(), title="ไฟล์อื่น",
            effective_date=meeting.held_on,
        )  # fmt: skip
    version = f.make_full_charter(org_a)
    f.approve_charter(org_a, version)  # the signed minutes are attached to the version
    with scope(organization=org_a):
        titles = sorted(customer_evidence().values_list("title", flat=True))
    assert len(titles) == 2 and "ไฟล์อื่น" not in titles
    card = _overview(org_a).card("evidence")
    assert (card.status, card.figure) == ("ok", "2")


# --- queries -----------------------------------------------------------------------------------


def _fill(org, count: int) -> None:
    today = _today_in_fy()
    for _ in range(count):
        segment = f.make_segment(org)
        f.make_product(org)
        channel = f.make_channel(org, kind=ListeningChannel.Kind.STAKEHOLDERS)
        f.make_voc(org, channel=channel, segment=segment, heard_on=today)
        f.make_survey(org)
        f.make_stage(org, journey=f.make_journey(org, segment=segment))
        f.make_meeting(org)


def _queries(client, org) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(_url(org)).status_code == 200
    return len(context)


def test_query_count_does_not_grow_with_records(org_a, coordinator_a, client_for):
    client = client_for(coordinator_a)
    version = f.make_full_charter(org_a)
    f.approve_charter(org_a, version, publish=True)
    f.make_strategy(org_a)
    _fill(org_a, 2)
    client.get(_url(org_a))
    few = _queries(client, org_a)
    _fill(org_a, 10)
    assert _queries(client, org_a) == few
    assert few <= 60


# --- navigation --------------------------------------------------------------------------------


def test_module_nav_and_org_home_lead_to_the_overview(org_a, coordinator_a, client_for):
    f.make_segment(org_a)
    html = client_for(coordinator_a).get(f"/o/{org_a.slug}/").content.decode()
    assert html.count(f'href="{_url(org_a)}"') >= 3  # the module menu, the card title, its link
    summary = re.search(r'data-testid="customer-summary">(.*?)</ul>', html, re.S).group(1)
    assert "<strong>1</strong>" in summary


# --- the demo enterprises ----------------------------------------------------------------------


def test_seeded_demo_enterprises_show_their_artefacts(settings, client_for):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())
    statuses = {}
    for slug in ("lwa", "ceb"):
        organization = Organization.objects.get(slug=slug)
        with scope(organization=organization):
            assessor = Membership.objects.get(role=Role.ASSESSOR).user
        html = _page(client_for(assessor), organization)
        statuses[slug] = _statuses(html)
        assert 'data-testid="charter-qr"' in html
    # 2570 has no external survey yet; at the bank, one critical point found after the
    # charter's approval is covered only by the draft of version 2.
    assert statuses["lwa"] == dict.fromkeys(CARDS, "ok") | {"surveys": "warning"}
    assert statuses["ceb"] == dict.fromkeys(CARDS, "ok") | {
        "surveys": "warning",
        "journeys": "warning",
        "charter": "warning",
    }
