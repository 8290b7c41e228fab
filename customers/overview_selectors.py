"""The customer management overview: every artefact the SE-AM FAQ names, in the criteria's order.

One card per artefact, each with a status, a key figure, a few facts and links: the customer
and market strategy (criterion 1.1), listening channels and VOC (criterion 2), segments and
products, surveys, journey maps, the service charter and standards (criterion 5.1), the
meetings that reviewed them, and the evidence files. The other customer modules' selectors
are imported where they are used, so the page still renders (with "not available" cards) if
one is missing. A fixed number of queries, whatever the number of records.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from seam_scm.approvals.models import DocumentKind, DocumentVersion, VersionStatus
from seam_scm.files.models import Attachment
from seam_scm.readiness import Readiness
from seam_scm.tenancy.models import Organization
from seam_scm.thai.dates import FiscalYear, format_date

from .charter_selectors import charter_readiness
from .journey_selectors import critical_point_coverage
from .models import (
    CustomerSegment,
    JourneyMap,
    KpiCascade,
    ListeningChannel,
    PlanCommunication,
    ProductService,
    ReviewMeeting,
    Survey,
    VoiceOfCustomer,
)
from .record_selectors import voc_comparison
from .strategy_selectors import current_strategy, strategy_readiness
from .survey_selectors import fiscal_years_without_external_survey

OK, WARNING, MISSING = "ok", "warning", "missing"
STATUS_LABELS = {
    OK: gettext_lazy("In place"),
    WARNING: gettext_lazy("Needs attention"),
    MISSING: gettext_lazy("Not started"),
}
CM_DOCUMENT_KINDS = (DocumentKind.CUSTOMER_MARKET_STRATEGY, DocumentKind.SERVICE_CHARTER)
LATEST_FILES = 5


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass
class Card:
    key: str
    title: str
    criterion: str  # "1.1", "2", ... or "" when the artefact supports several criteria
    status: str = MISSING
    figure: str = "—"
    figure_label: str = ""
    facts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)  # the first one is the card's main link
    readiness: Readiness | None = None
    extra: dict = field(default_factory=dict)  # what only one card's template needs

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def url(self) -> str:
        return self.links[0].url if self.links else ""


@dataclass
class Overview:
    fiscal_year: FiscalYear
    cards: list[Card]

    def card(self, key: str) -> Card:
        return next(card for card in self.cards if card.key == key)


def _url(name: str, organization: Organization, **kwargs) -> str:
    return reverse(f"customers:{name}", kwargs={"org_slug": organization.slug, **kwargs})


def _links(*pairs: tuple[str, str]) -> list[Link]:
    return [Link(label, url) for label, url in pairs if url]


def _show_readiness(card: Card, readiness: Readiness) -> None:
    """The card's status, figure and warnings follow the criterion level's checks."""
    card.readiness = readiness
    card.status = OK if readiness.met else WARNING
    card.warnings.extend(
        _("Missing: %(requirement)s") % {"requirement": check.label} for check in readiness.missing
    )
    met = sum(1 for check in readiness.checks if check.met)
    card.figure = f"{met}/{len(readiness.checks)}"
    card.figure_label = _("requirements of level %(level)s backed by the data") % {
        "level": readiness.level
    }


def customer_overview(organization: Organization, today: dt.date | None = None) -> Overview:
    """The overview of the organization in scope, as on `today` (default: today)."""
    today = today or timezone.localdate()
    fiscal_year = FiscalYear.containing(today, organization.fiscal_year_start_month)
    cards = [
        _strategy_card(organization, today),
        _listening_card(organization, fiscal_year),
        _segments_card(organization),
        _surveys_card(organization, today),
        _journeys_card(organization),
        _charter_card(organization, today),
        _meetings_card(organization, today),
        _evidence_card(organization),
    ]
    return Overview(fiscal_year=fiscal_year, cards=cards)


# --- 1.1 strategy ------------------------------------------------------------------------------


def _strategy_card(organization, today) -> Card:
    card = Card("strategy", _("Customer and market strategy"), "1.1")
    strategy = current_strategy(today)
    list_url = _url("strategy_list", organization)
    if strategy is None:
        card.facts.append(_("No strategy covers the current fiscal year."))
        card.links = _links((_("Strategies"), list_url))
        return card
    _show_readiness(card, strategy_readiness(strategy, today))
    approved = (
        DocumentVersion.objects.filter(document_id=strategy.document_id)
        .filter(status=VersionStatus.APPROVED)
        .select_related("approval")
        .first()
    )
    card.facts.append(
        _("Fiscal years %(first)s-%(last)s")
        % {"first": strategy.first_year, "last": strategy.last_year}
    )
    if approved is not None:
        card.facts.append(
            _("Version %(number)s approved by the board on %(date)s")
            % {"number": approved.number, "date": format_date(approved.approval.meeting_date)}
        )
    figures = KpiCascade.objects.filter(strategy=strategy).aggregate(
        total=Count("id"),
        units=Count("id", filter=Q(recipient_kind=KpiCascade.RecipientKind.UNIT)),
        staff=Count("id", filter=Q(recipient_kind=KpiCascade.RecipientKind.STAFF)),
        partners=Count("id", filter=Q(recipient_kind=KpiCascade.RecipientKind.PARTNER)),
    )
    card.facts.append(
        _(
            "KPIs cascaded %(total)s times: %(units)s to units, %(staff)s to staff, "
            "%(partners)s to partners"
        )
        % figures
    )
    communications = PlanCommunication.objects.filter(strategy=strategy).count()
    card.facts.append(
        ngettext("Communicated %(count)s time", "Communicated %(count)s times", communications)
        % {"count": communications}
    )
    card.links = _links(
        (strategy.document.title, _url("strategy_detail", organization, strategy_pk=strategy.pk)),
        (_("Strategies"), list_url),
    )
    return card


# --- 2 listening channels and VOC --------------------------------------------------------------


def _listening_card(organization, fiscal_year: FiscalYear) -> Card:
    card = Card("listening", _("Listening channels and voice of the customer"), "2")
    direct = Q(is_active=True, kind__in=ListeningChannel.DIRECT_KINDS)
    indirect = Q(is_active=True) & ~Q(kind__in=ListeningChannel.DIRECT_KINDS)
    channels = ListeningChannel.objects.aggregate(
        direct=Count("id", filter=direct), indirect=Count("id", filter=indirect)
    )
    S = VoiceOfCustomer.Status
    voices = VoiceOfCustomer.objects.filter(
        heard_on__range=(fiscal_year.start, fiscal_year.end)
    ).aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status__in=(S.NEW, S.ANALYSING, S.IN_PROGRESS))),
        responded=Count("id", filter=Q(status=S.RESPONDED)),
    )
    card.figure = str(voices["total"])
    card.figure_label = _("VOC heard in fiscal year %(year)s") % {"year": fiscal_year.year}
    card.facts.append(_("Channels in use: %(direct)s direct, %(indirect)s indirect") % channels)
    card.facts.append(_("%(responded)s responded, %(open)s still open") % voices)
    if voices["total"]:
        top = voc_comparison(fiscal_year).all_segments.top
        if top:
            card.facts.append(
                _("Most important to customers: %(categories)s (%(importance)s of 5)")
                % {
                    "categories": ", ".join(cell.label for cell in top),
                    "importance": top[0].mean_importance,
                }
            )
    if not channels["direct"] and not channels["indirect"]:
        card.status = MISSING
    else:
        card.status = OK
        if not channels["direct"]:
            card.warnings.append(_("No direct listening channel is in use."))
        if not channels["indirect"]:
            card.warnings.append(
                _("No indirect channel (competitors, comparators, stakeholders, online media, "
                  "interaction data) is in use.")
            )  # fmt: skip
        if not voices["total"]:
            card.warnings.append(_("No VOC recorded in this fiscal year yet."))
        if card.warnings:
            card.status = WARNING
    card.links = _links(
        (_("VOC by category"), _url("voc_comparison", organization)),
        (_("VOC records"), _url("voc_list", organization)),
        (_("Listening channels"), _url("channel_list", organization)),
    )
    return card


# --- segments and products ---------------------------------------------------------------------


def _segments_card(organization) -> Card:
    card = Card("segments", _("Customer segments, products and services"), "")
    segments = CustomerSegment.objects.aggregate(count=Count("id"), revenue=Sum("revenue_share"))
    products = ProductService.objects.filter(is_active=True).count()
    card.figure = str(segments["count"])
    card.figure_label = _("customer segments")
    card.facts.append(
        ngettext(
            "%(count)s product or service offered",
            "%(count)s products and services offered",
            products,
        )
        % {"count": products}
    )
    revenue = segments["revenue"]
    if revenue is not None:
        card.facts.append(
            _("Shares of revenue recorded: %(total)s%% in all")
            % {"total": format(revenue.normalize(), "f")}
        )
        if revenue > Decimal(100):
            card.warnings.append(_("The segments' shares of revenue add up to more than 100%."))
    if segments["count"] and products:
        card.status = WARNING if card.warnings else OK
    elif segments["count"] or products:
        card.status = WARNING
        if not products:
            card.warnings.append(_("No product or service is recorded."))
        else:
            card.warnings.append(_("No customer segment is recorded."))
    card.links = _links(
        (_("Segments"), _url("segment_list", organization)),
        (_("Products and services"), _url("product_list", organization)),
    )
    return card


# --- surveys -----------------------------------------------------------------------------------


def _surveys_card(organization, today) -> Card:
    card = Card("surveys", _("Satisfaction, dissatisfaction and engagement surveys"), "")
    external = Q(survey_type=Survey.SurveyType.ANNUAL, conducted_by=Survey.ConductedBy.EXTERNAL)
    latest = (
        Survey.objects.filter(external)
        .select_related("report")
        .order_by("-fiscal_year", "-period_end")
        .first()
    )
    counts = Survey.objects.aggregate(total=Count("id"), own=Count("id", filter=~external))
    missing = fiscal_years_without_external_survey(today)
    if latest is not None:
        card.figure = str(latest.fiscal_year)
        card.figure_label = _("latest annual survey by an external consultant")
        card.facts.append(
            _("%(firm)s, %(sample)s respondents")
            % {"firm": latest.firm, "sample": latest.sample_size or "—"}
        )
        if latest.report_id is None:
            card.warnings.append(_("The latest external survey has no report attached."))
    else:
        card.figure_label = _("no annual survey by an external consultant yet")
    card.facts.append(
        ngettext(
            "%(count)s survey of the organization's own (post-service, point of service)",
            "%(count)s surveys of the organization's own (post-service, point of service)",
            counts["own"],
        )
        % {"count": counts["own"]}
    )
    if missing:
        card.warnings.append(
            _("No annual survey by an external consultant in fiscal year %(years)s. The SE-AM "
              "criteria require one every year (FAQ CM-11, CM-17).")
            % {"years": ", ".join(str(year) for year in missing)}
        )  # fmt: skip
    card.extra["missing_years"] = missing or []
    if counts["total"]:
        card.status = WARNING if card.warnings or latest is None else OK
    card.links = _links(
        (_("Surveys"), _url("survey_list", organization)),
        (_("Survey trends"), _url("survey_trends", organization)),
    )
    if latest is not None:
        card.links += _links(
            (latest.title, _url("survey_detail", organization, survey_pk=latest.pk))
        )
    return card


# --- journey maps ------------------------------------------------------------------------------


def _journeys_card(organization) -> Card:
    card = Card("journeys", _("Customer journey maps"), "5.1")
    journeys = JourneyMap.objects.count()
    card.figure = str(journeys)
    card.figure_label = _("journey maps")
    card.links = _links((_("Journey maps"), _url("journey_list", organization)))
    if not journeys:
        return card
    points = critical_point_coverage()
    covered = [point for point in points if point.covered]
    uncovered = [point for point in points if not point.covered]
    planned = [point for point in uncovered if point.planned]
    card.extra.update(covered=len(covered), uncovered=len(uncovered), planned=len(planned))
    card.facts.append(
        _("Critical points covered by a service guideline: %(covered)s of %(total)s")
        % {"covered": len(covered), "total": len(points)}
    )
    if uncovered:
        names = ", ".join(point.stage.name for point in uncovered[:3])
        card.warnings.append(
            ngettext(
                "%(count)s critical point is not covered by the service standard yet: %(names)s",
                "%(count)s critical points are not covered by the service standard yet: %(names)s",
                len(uncovered),
            )
            % {"count": len(uncovered), "names": names}
        )
    if planned:
        card.facts.append(
            ngettext(
                "%(count)s of them is covered in the charter's draft",
                "%(count)s of them are covered in the charter's draft",
                len(planned),
            )
            % {"count": len(planned)}
        )
    if not points:
        card.warnings.append(_("No stage is marked as a critical point (moment of truth)."))
    card.status = WARNING if card.warnings else OK
    return card


# --- 5.1 charter -------------------------------------------------------------------------------


def _public_urls(organization) -> dict[str, str]:
    return {
        "page": reverse("public_charter:charter", kwargs={"slug": organization.slug}),
        "page_en": reverse("public_charter:charter_en", kwargs={"slug": organization.slug}),
        "qr_svg": reverse("public_charter:qr_svg", kwargs={"slug": organization.slug}),
        "qr_png": reverse("public_charter:qr_png", kwargs={"slug": organization.slug}),
    }


def _charter_card(organization, today) -> Card:
    card = Card("charter", _("Customer service charter and service standards"), "5.1")
    card.links = _links((_("Service charter"), _url("charter", organization)))
    versions = list(
        DocumentVersion.objects.filter(document__kind=DocumentKind.SERVICE_CHARTER)
        .select_related("approval")
        .order_by("document_id", "-number")
    )
    if not versions:
        card.facts.append(_("The organization has no service charter yet."))
        return card
    versions = [v for v in versions if v.document_id == versions[0].document_id]
    _show_readiness(card, charter_readiness(today))
    approved = next((v for v in versions if v.status == VersionStatus.APPROVED), None)
    published = next((v for v in versions if v.is_frozen and v.published_at), None)
    latest = versions[0]
    if approved is not None:
        card.facts.append(
            _("Version %(number)s approved by the board on %(date)s")
            % {"number": approved.number, "date": format_date(approved.approval.meeting_date)}
        )
    if published is not None:
        card.facts.append(
            _("Version %(number)s published on %(date)s")
            % {"number": published.number, "date": format_date(published.published_at)}
        )
        card.extra["public"] = _public_urls(organization)
    if not latest.is_frozen:
        card.facts.append(
            _("Version %(number)s is being prepared (%(status)s)")
            % {"number": latest.number, "status": latest.get_status_display()}
        )
    return card


# --- review meetings ---------------------------------------------------------------------------


def _meetings_card(organization, today) -> Card:
    card = Card("meetings", _("Meetings that reviewed the strategy, plans and processes"), "")
    latest = ReviewMeeting.objects.order_by("-held_on", "-id").first()
    year_ago = today - dt.timedelta(days=365)
    recent = ReviewMeeting.objects.filter(held_on__gt=year_ago, held_on__lte=today).count()
    card.figure = str(recent)
    card.figure_label = _("meetings in the last 12 months")
    card.links = _links((_("Review meetings"), _url("meeting_list", organization)))
    if latest is None:
        return card
    card.facts.append(
        _("Latest: %(meeting)s on %(date)s")
        % {"meeting": latest, "date": format_date(latest.held_on)}
    )
    if latest.minutes_id is None:
        card.warnings.append(_("The latest meeting has no minutes attached."))
    if not recent:
        card.warnings.append(_("No review meeting in the last 12 months."))
    card.status = WARNING if card.warnings else OK
    card.links += _links((str(latest), _url("meeting_detail", organization, meeting_pk=latest.pk)))
    return card


# --- evidence files ----------------------------------------------------------------------------


def customer_evidence():
    """Live evidence files of customer management: attached to its records, or to versions of
    the strategy and the charter (for example the signed minutes of the board's approval)."""
    versions = DocumentVersion.objects.filter(document__kind__in=CM_DOCUMENT_KINDS).values("id")
    return Attachment.objects.filter(deleted_at__isnull=True).filter(
        Q(record_type__app_label="customers")
        | Q(
            record_type__app_label="approvals",
            record_type__model="documentversion",
            record_id__in=versions,
        )
    )


def _evidence_card(organization) -> Card:
    card = Card("evidence", _("Evidence files"), "")
    files = customer_evidence()
    count = files.count()
    card.figure = str(count)
    card.figure_label = _("evidence files of customer management")
    card.extra["latest"] = (
        list(files.order_by("-effective_date", "-id")[:LATEST_FILES]) if count else []
    )
    files_url = reverse("files:list", kwargs={"org_slug": organization.slug})
    card.links = _links((_("Evidence files"), files_url))
    card.status = OK if count else MISSING
    return card
