"""The assessments card on the organization's home page:
`{% load assessment_cycles %}{% latest_cycle_summary %}`."""

from django import template

from ..models import AssessmentCycle

register = template.Library()


@register.inclusion_tag("assessments/cycle_home_summary.html", takes_context=True)
def latest_cycle_summary(context) -> dict:
    """The organization's latest cycle (in scope) and its state, in one query."""
    latest = (
        AssessmentCycle.objects.select_related("framework_version__framework")
        .order_by("-fiscal_year", "-id")
        .first()
    )
    return {"organization": context["organization"], "cycle": latest, "can": context.get("can")}
