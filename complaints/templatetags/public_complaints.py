"""Template helpers of the public complaint form: `{% load public_complaints %}`."""

from django import template

from .. import public_selectors

register = template.Library()


@register.simple_tag
def public_complaint_form_url(organization, language: str = "th") -> str:
    """The address of the organization's public complaint form when it takes complaints online
    today, else "": `{% public_complaint_form_url org language as url %}`. Runs inside the
    organization's scope (public pages open it)."""
    if not public_selectors.intake().accepts_online:
        return ""
    return public_selectors.form_path(organization.slug, language)
