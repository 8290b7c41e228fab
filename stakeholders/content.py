"""Relationship plans are governed documents: their items ride along with each version."""

from seam_scm.approvals.content import DocumentContent

from .models import PlanItem

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


class RelationshipPlanContent(DocumentContent):
    models = (PlanItem,)
    template_name = "stakeholders/plan_content.html"
    declared_by_module = True

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
