"""The strategy and the charter are governed documents: their structured content rides along
with each version (snapshot at approval, copy into the next draft, diff, freeze)."""

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _

from seam_scm.approvals.content import DocumentContent, PackSection, copy_rows, unit_label
from seam_scm.thai.dates import FiscalYear

from .models import (
    ActionPlanItem,
    BlueprintStep,
    CharterCommitment,
    CharterIntro,
    ListeningChannel,
    RecoveryScenario,
    ServiceGuideline,
    ServiceStandard,
    StrategicObjective,
    VoiceOfCustomer,
)
from .record_selectors import fiscal_start_month, voc_comparison
from .survey_selectors import SurveyFilters, survey_list, survey_trends

# Survey trends in a board pack: the pack's fiscal year and up to this many years before it.
TREND_YEARS = 5


def voc_by_channel(year: FiscalYear) -> list[dict]:
    """VOC heard through each listening channel in the fiscal year: count, mean importance and
    negative VOC, busiest channel first. Two queries."""
    figures = {
        row["channel_id"]: row
        for row in VoiceOfCustomer.objects.filter(heard_on__range=(year.start, year.end))
        .values("channel_id")
        .annotate(
            count=Count("id"),
            importance=Avg("importance"),
            negative=Count("id", filter=Q(sentiment=VoiceOfCustomer.Sentiment.NEGATIVE)),
        )
        .order_by()
    }
    channels = ListeningChannel.objects.filter(pk__in=figures).order_by("code")
    rows = [{"channel": channel, **figures[channel.pk]} for channel in channels]
    return sorted(rows, key=lambda row: -row["count"])


def customer_pack_sections(fiscal_year: int) -> list[PackSection]:
    """What the board needs beside the charter or the strategy: the year's VOC analysis (by
    category and segment, and by channel) and the survey results with their trend. Aggregates
    only: no customer is named."""
    year = FiscalYear.named(fiscal_year, fiscal_start_month())
    trends = survey_trends()
    years = [y for y in trends.years if y <= fiscal_year][-TREND_YEARS:]
    measures = [
        {
            "label": trend.label,
            "rows": [(series.label, series.along(years)) for series in trend.series],
        }
        for trend in trends.measures
        if any(series.along(years) != [None] * len(years) for series in trend.series)
    ]
    return [
        PackSection(
            title=_("Voice of the customer (VOC) analysis"),
            template_name="customers/pack/voc.html",
            context={"comparison": voc_comparison(year), "channels": voc_by_channel(year)},
        ),
        PackSection(
            title=_("Customer survey results"),
            template_name="customers/pack/surveys.html",
            context={
                "fiscal_year": year,
                "surveys": list(survey_list(SurveyFilters(fiscal_year=fiscal_year))),
                "years": years,
                "measures": measures,
            },
        ),
    ]


class StrategyContent(DocumentContent):
    models = (StrategicObjective, ActionPlanItem)
    template_name = "customers/strategy_content.html"
    declared_by_module = True

    def snapshot(self, version) -> dict:
        objectives = version.strategic_objectives.all()
        items = version.action_plan_items.select_related("owner_unit")
        return {
            "objectives": [
                {
                    "key": str(o.key),
                    "objective": o.objective,
                    "kpi": o.kpi,
                    "target": o.target,
                }
                for o in objectives
            ],
            "action_plan": [
                {
                    "key": str(i.key),
                    "horizon": i.horizon,
                    "fiscal_year": i.fiscal_year,
                    "objective_key": str(i.objective_key) if i.objective_key else "",
                    "objective": i.objective,
                    "project": i.project,
                    "owner_unit": unit_label(i.owner_unit),
                    "kpi": i.kpi,
                    "target": i.target,
                    "budget": "" if i.budget is None else str(i.budget),
                    "partners": i.partners,
                }
                for i in items
            ],
        }

    def copy(self, source, target) -> None:
        copy_rows(source.strategic_objectives.all(), target)
        copy_rows(source.action_plan_items.all(), target)

    def pack_sections(self, version, *, show_personal_data: bool, fiscal_year: int) -> list:
        return customer_pack_sections(fiscal_year)


class CharterContent(DocumentContent):
    models = (
        CharterIntro,
        CharterCommitment,
        ServiceStandard,
        BlueprintStep,
        ServiceGuideline,
        RecoveryScenario,
    )
    template_name = "customers/charter_content.html"
    # The web template shows the public part only when it has no organization to link to; the
    # board reads the whole charter: standards with their protocols, blueprints, recovery plan.
    pack_template_name = "customers/pack/charter.html"
    declared_by_module = True

    def pack_sections(self, version, *, show_personal_data: bool, fiscal_year: int) -> list:
        return customer_pack_sections(fiscal_year)

    def snapshot(self, version) -> dict:
        intro = CharterIntro.objects.filter(version=version).first()
        standards = list(version.service_standards.select_related("owner_unit", "product"))
        key_of = {s.pk: str(s.key) for s in standards}
        return {
            "intro": {
                "title_en": intro.title_en if intro else "",
                "summary_en": intro.summary_en if intro else "",
                "contact_th": intro.contact_th if intro else "",
                "contact_en": intro.contact_en if intro else "",
            },
            "commitments": [
                {"text_th": c.text_th, "text_en": c.text_en}
                for c in version.charter_commitments.all()
            ],
            "standards": [
                {
                    "key": str(s.key),
                    "service_th": s.service_th,
                    "service_en": s.service_en,
                    "service_kind": s.service_kind,
                    "product": s.product.code if s.product else "",
                    "time_standard_th": s.time_standard_th,
                    "time_standard_en": s.time_standard_en,
                    "time_limit": s.time_limit,
                    "time_unit": s.time_unit,
                    "metric": s.metric,
                    "target": s.target,
                    "measurement_method": s.measurement_method,
                    "measurement_frequency": s.measurement_frequency,
                    "owner_unit": unit_label(s.owner_unit),
                }
                for s in standards
            ],
            "blueprint": [
                {
                    "service": key_of[b.standard_id],
                    "order": b.order,
                    "customer_action": b.customer_action,
                    "frontstage": b.frontstage,
                    "backstage": b.backstage,
                    "support_processes": b.support_processes,
                    "physical_evidence": b.physical_evidence,
                    "is_critical": b.is_critical,
                }
                for b in version.blueprint_steps.all()
            ],
            "guidelines": [
                {
                    "service": key_of.get(g.standard_id, ""),
                    "journey_stage": str(g.journey_stage) if g.journey_stage else "",
                    "critical_point": g.critical_point,
                    "behaviour": g.behaviour,
                    "responsible_role": g.responsible_role,
                    "procedure_reference": g.procedure_reference,
                }
                for g in version.service_guidelines.select_related("journey_stage__journey")
            ],
            "recovery": [
                {
                    "service": key_of.get(r.standard_id, ""),
                    "situation": r.situation,
                    "scenario": r.scenario,
                    "trigger": r.trigger,
                    "immediate_actions": r.immediate_actions,
                    "owner_unit": unit_label(r.owner_unit),
                    "continuity_link": r.continuity_link,
                    "complaint_link": r.complaint_link,
                }
                for r in version.recovery_scenarios.select_related("owner_unit")
            ],
        }

    def copy(self, source, target) -> None:
        copy_rows(CharterIntro.objects.filter(version=source), target)
        copy_rows(source.charter_commitments.all(), target)
        standards = copy_rows(source.service_standards.all(), target)

        def same_standard(row):
            return standards[row.standard_id] if row.standard_id else None

        copy_rows(source.blueprint_steps.all(), target, standard=same_standard)
        copy_rows(source.service_guidelines.all(), target, standard=same_standard)
        copy_rows(source.recovery_scenarios.all(), target, standard=same_standard)
