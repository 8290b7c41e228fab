"""The records that hold people's personal data, as each module declares them.

A module registers a `Holder` for each model that keeps a person's data (in its AppConfig's
`ready`). Finding a person, exporting what is held, erasing it and the retention task all
walk this registry, so a new kind of personal data is covered by declaring it once.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db.models import Model, Q, QuerySet


@dataclass(frozen=True)
class PersonQuery:
    """Whom to look for: any of a name, a telephone number or an e-mail address."""

    name: str = ""
    phone: str = ""
    email: str = ""

    def __bool__(self) -> bool:
        return bool(self.name.strip() or self.phone.strip() or self.email.strip())


@dataclass(frozen=True)
class Holder:
    module: str  # a DataModule value
    model: type[Model]
    # The fields that are the person's data, and what each becomes when erased.
    erased_values: Mapping[str, object]
    # Which rows match a person (name, phone or e-mail), as a filter on `model`.
    matches: Callable[[PersonQuery], Q]
    # Which rows' retention started before a moment (retention runs from then).
    retention_started_before: Callable[[dt.datetime], Q]
    # A short description of a row, for lists, the access log and history (no personal data).
    describe: Callable[[Model], str]
    # The page of a row, for those who may see it.
    url: Callable[[Model], str]
    # Extra fields, beyond the personal ones, that an export of the person's data gives.
    context_fields: tuple[str, ...] = field(default=())

    @property
    def personal_fields(self) -> tuple[str, ...]:
        return tuple(self.erased_values)

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def model_label(self) -> str:
        return self.model._meta.label_lower

    def queryset(self) -> QuerySet:
        return self.model.objects.all()


_holders: dict[str, Holder] = {}


def register(holder: Holder) -> None:
    _holders[holder.model_label] = holder


def holders() -> list[Holder]:
    return sorted(_holders.values(), key=lambda holder: holder.model_label)


def holder_for(model_or_label) -> Holder | None:
    label = model_or_label if isinstance(model_or_label, str) else model_or_label._meta.label_lower
    return _holders.get(label)


def text_matches(*fields: str) -> Callable[[str], Q]:
    """A filter on any of `fields` containing the text, ignoring case (empty text: nothing)."""

    def match(text: str) -> Q:
        text = text.strip()
        if not text:
            return Q(pk__in=[])
        query = Q()
        for name in fields:
            query |= Q(**{f"{name}__icontains": text})
        return query

    return match


def digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())
