"""Form helpers every app's views share."""

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's refusal on the form: next to the field it names when the form has
    that field (renamed through `field_map` where the form calls it differently), else above
    the form. Views call this when a service raises after the form itself was valid."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        target = (field_map or {}).get(field, field)
        form.add_error(target if target in form.fields else None, messages)


def positive_int(value) -> int | None:
    """A query-string id or number ("12"), or None for anything else: filters ignore junk."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None
