"""A record's purpose of processing and consents on its page:

{% load privacy_consents %}
{% consent_status case as status %}{% include "privacy/consent_status.html" %}
{% consent_statuses representatives as statuses %}
"""

from django import template

from .. import consent_services
from ..purpose_forms import purpose_label, purpose_name, retention_text

register = template.Library()


@register.simple_tag
def consent_status(record):
    statuses = consent_services.statuses_of([record])
    return statuses[0] if statuses else None


@register.simple_tag
def consent_statuses(records):
    """One status per record (two queries in all), in the records' order."""
    return consent_services.statuses_of(list(records))


@register.filter
def purpose_in_language(activity) -> str:
    return purpose_name(activity) if activity is not None else ""


@register.filter
def purpose_choice_label(activity) -> str:
    return purpose_label(activity) if activity is not None else ""


@register.filter
def retention(months) -> str:
    return retention_text(int(months)) if months is not None else ""
