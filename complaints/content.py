"""The complaint handling policy is a governed document: its channels, categories, time
standards and escalation rules ride along with each version (snapshot at approval, copy into
the next draft with the same keys, diff, freeze)."""

from django.utils.translation import gettext as _

from seam_scm.approvals.content import DocumentContent, PackSection, copy_rows, unit_label

from .kpis import CATEGORY, CHANNEL, NONE, QUARTER, KpiQuery, definitions, kpi_report
from .models import ComplaintCategory, ComplaintChannel, EscalationRule, TimeStandard


class PolicyContent(DocumentContent):
    models = (ComplaintChannel, ComplaintCategory, TimeStandard, EscalationRule)
    template_name = "complaints/policy_content.html"
    declared_by_module = True

    def snapshot(self, version) -> dict:
        categories = list(version.complaint_categories.all())
        key_of = {c.pk: str(c.key) for c in categories}
        return {
            "channels": [
                {
                    "key": str(c.key),
                    "kind": c.kind,
                    "name_th": c.name_th,
                    "name_en": c.name_en,
                    "contact": c.contact,
                    "is_active": c.is_active,
                }
                for c in version.complaint_channels.all()
            ],
            "categories": [
                {
                    "key": str(c.key),
                    "code": c.code,
                    "name_th": c.name_th,
                    "name_en": c.name_en,
                    "description": c.description,
                }
                for c in categories
            ],
            "time_standards": [
                {
                    "category": key_of[t.category_id],
                    "severity": t.severity,
                    "acknowledge_within": t.acknowledge_within,
                    "acknowledge_unit": t.acknowledge_unit,
                    "resolve_within": t.resolve_within,
                    "resolve_unit": t.resolve_unit,
                }
                for t in version.complaint_time_standards.all()
            ],
            "escalation_rules": [
                {
                    "key": str(r.key),
                    "clock": r.clock,
                    "hours_before_due": r.hours_before_due,
                    "severity": r.severity,
                    "notify_handler": r.notify_handler,
                    "notify_unit_head": r.notify_unit_head,
                    "escalate_to": unit_label(r.escalate_to),
                    "description": r.description,
                }
                for r in version.complaint_escalation_rules.select_related("escalate_to")
            ],
        }

    def copy(self, source, target) -> None:
        copy_rows(source.complaint_channels.all(), target)
        categories = copy_rows(source.complaint_categories.all(), target)
        copy_rows(
            source.complaint_time_standards.all(),
            target,
            category=lambda row: categories[row.category_id],
        )
        copy_rows(source.complaint_escalation_rules.all(), target)

    def pack_sections(self, version, *, show_personal_data: bool, fiscal_year: int) -> list:
        """The fiscal year's complaint KPIs, per quarter and per channel and category: the
        figures kpis.py gives the KPI page (read from columns without personal data)."""
        organization = version.organization

        def report(by: str):
            return kpi_report(KpiQuery(fiscal_year, QUARTER, by), organization=organization)

        return [
            PackSection(
                title=_("Complaint KPIs"),
                template_name="complaints/pack/kpis.html",
                context={
                    "report": report(NONE),
                    "by_channel": report(CHANNEL),
                    "by_category": report(CATEGORY),
                    "definitions": definitions(),
                },
            )
        ]
