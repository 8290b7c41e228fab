"""Running reference numbers (PK2570-0001, DSR2569-0001, ...) within an organization."""

from django.db.models.functions import Length


def next_reference(queryset, prefix: str) -> str:
    """One more than the highest number with `prefix` in `queryset`'s `reference` field: a
    deleted row's number is not reused. Longest first, so that X-10000 counts as higher than
    X-9999."""
    highest = (
        queryset.filter(reference__startswith=prefix)
        .order_by(Length("reference").desc(), "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(highest.removeprefix(prefix)) if highest else 0
    return f"{prefix}{number + 1:04d}"
