from django import template

from seam_scm.files.validation import type_label

register = template.Library()


@register.filter
def file_type_label(mime: str) -> str:
    """{{ version.content_type|file_type_label }} -> PDF, Word (DOCX), ..."""
    return str(type_label(mime))
