"""Template helpers shared by every app's pages (loaded as builtins)."""

from django import template

register = template.Library()

_CLASS_FOR_INPUT = {"checkbox": "form-check-input", "radio": "form-check-input"}


@register.filter
def as_bootstrap(field) -> str:
    """Render a bound field's widget with Bootstrap's classes and its error state."""
    widget = field.field.widget
    css = _CLASS_FOR_INPUT.get(getattr(widget, "input_type", ""), "form-control")
    if widget.__class__.__name__ in {"Select", "SelectMultiple"}:
        css = "form-select"
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})
