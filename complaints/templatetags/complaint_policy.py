"""Template helpers of the complaint handling policy: `{% load complaint_policy %}`."""

from django import template

from ..policy_selectors import PolicySections, policy_sections

register = template.Library()


@register.simple_tag
def policy_content(version) -> PolicySections:
    """The content of a policy version (channels, categories, the time-standard grid,
    escalation rules) in a fixed number of queries: `{% policy_content version as sections %}`."""
    return policy_sections(version)
