"""Template helpers of the service charter: `{% load customer_charter %}`."""

from django import template

from ..charter_selectors import CharterSections, charter_sections

register = template.Library()


@register.simple_tag
def charter_content(version) -> CharterSections:
    """The content of a charter version (intro, commitments, standards with their steps,
    guidelines, recovery plan) in a fixed number of queries: `{% charter_content version as
    sections %}`."""
    return charter_sections(version)
