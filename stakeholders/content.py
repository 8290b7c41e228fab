"""Relationship plans are governed documents: their items ride along with each version.

Both stakeholder documents (a business line's relationship plan and the organization's
stakeholder strategy) give the board pack the stakeholder analysis and the VOS summary.
"""

from django.utils.translation import gettext as _

from seam_scm.approvals.content import DocumentContent, PackSection

from .analysis_selectors import power_interest_grid, rollup, vos_matrix
from .models import PlanItem, Quadrant, Stakeholder
from .selectors import StakeholderFilters

ITEM_FIELDS = [
    "stakeholder_id",
    "group_id",
    "voice_id",
    "objective",
    "activity",
    "channel",
    "owner_unit_id",
    "months",
    "kpi",
    "target",
    "budget",
    "referenced_plan_id",
]


def stakeholder_pack_sections(*, show_personal_data: bool, business_line=None) -> list[PackSection]:
    """The power-interest analysis (of the business line's stakeholders when given), the roll-up
    per business line and the VOS summary. Individuals are named only with
    `show_personal_data`; the rest are counts and organizations."""
    grid = power_interest_grid(StakeholderFilters(unit=business_line.pk) if business_line else None)
    key_stakeholders = [
        stakeholder
        for row in grid.rows
        for cell in row
        if cell.quadrant == Quadrant.MANAGE_CLOSELY
        for stakeholder in cell.stakeholders
    ]
    key_stakeholders.sort(key=lambda s: (-s.influence, -s.interest, s.code))
    return [
        PackSection(
            title=_("Stakeholder analysis"),
            template_name="stakeholders/pack/analysis.html",
            context={
                "grid": grid,
                "business_line": business_line,
                "key_stakeholders": key_stakeholders,
                "rollup": rollup(),
            },
        ),
        PackSection(
            title=_("Voice of stakeholders (VOS) summary"),
            template_name="stakeholders/pack/vos.html",
            context={"matrix": vos_matrix()},
        ),
    ]


class StakeholderStrategyContent(DocumentContent):
    """The stakeholder strategy holds only the common fields; the board pack adds the analysis."""

    def pack_sections(self, version, *, show_personal_data: bool, fiscal_year: int) -> list:
        return stakeholder_pack_sections(show_personal_data=show_personal_data)


class RelationshipPlanContent(DocumentContent):
    models = (PlanItem,)
    template_name = "stakeholders/plan_content.html"
    # Printed: no links, and individuals named only when the pack may show personal data.
    pack_template_name = "stakeholders/pack/plan.html"
    declared_by_module = True

    def pack_sections(self, version, *, show_personal_data: bool, fiscal_year: int) -> list:
        plan = version.document.relationship_plan
        return stakeholder_pack_sections(
            show_personal_data=show_personal_data, business_line=plan.business_line
        )

    def pack_redactions(self, version) -> dict[str, str]:
        """An individual stakeholder's name in the snapshot becomes their code."""
        individuals = Stakeholder.objects.filter(
            plan_items__version__document_id=version.document_id,
            status=Stakeholder.Status.INDIVIDUAL,
        ).distinct()
        return {
            _thai(stakeholder): _("%(code)s (individual, name withheld)")
            % {"code": stakeholder.code}
            for stakeholder in individuals
        }

    def snapshot(self, version) -> dict:
        items = version.plan_items.select_related("stakeholder", "group", "voice", "owner_unit")
        return {
            "items": [
                {
                    "key": str(item.key),
                    # Thai names, so the snapshot does not depend on the reader's language.
                    "stakeholder": _thai(item.stakeholder),
                    "group": item.group.name_th if item.group else "",
                    "voice": item.voice.topic if item.voice else "",
                    "objective": item.objective,
                    "activity": item.activity,
                    "channel": item.channel,
                    "owner_unit": f"{item.owner_unit.code} {item.owner_unit.name_th}",
                    "months": item.months,
                    "kpi": item.kpi,
                    "target": item.target,
                    "budget": str(item.budget),
                    "referenced_plan_id": item.referenced_plan_id,
                }
                for item in items
            ]
        }

    def copy(self, source, target) -> None:
        PlanItem.objects.bulk_create(
            PlanItem(
                organization_id=target.organization_id,
                version=target,
                key=item.key,
                **{field: getattr(item, field) for field in ITEM_FIELDS},
            )
            for item in source.plan_items.all()
        )


def _thai(stakeholder) -> str:
    return f"{stakeholder.code} {stakeholder.name_th}" if stakeholder else ""
