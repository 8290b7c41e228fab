"""Template helpers of relationship plans: `{% load stakeholder_plans %}`."""

from django import template
from django.utils.translation import gettext as _

from ..plan_forms import month_label
from ..plan_selectors import items_of

register = template.Library()


@register.simple_tag
def plan_items(version) -> list:
    """The items of a plan version, with what each row shows, in one query."""
    return list(items_of(version))


@register.filter
def month_names(months) -> str:
    """[10, 11, 3] -> "ต.ค., พ.ย., มี.ค." (stored in fiscal-year order); all twelve: "all year"."""
    months = list(months or [])
    if len(set(months)) == 12:
        return str(_("All year"))
    return ", ".join(month_label(int(month)) for month in months)
