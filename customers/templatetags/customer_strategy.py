"""Template helpers of the strategy pages: `{% load customer_strategy %}`."""

from django import template

from ..strategy_selectors import VersionContent, version_content

register = template.Library()


@register.simple_tag
def strategy_content(version) -> VersionContent:
    """{% strategy_content version as content %}: a strategy version's objectives and action
    plans, for the version, diff and public pages (two queries)."""
    return version_content(version)
