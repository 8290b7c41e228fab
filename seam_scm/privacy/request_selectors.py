"""What the data subject request pages read: the register with its 30-day clocks and counts,
and, for one request, what the organization holds about the person across the modules.

Every query runs inside the request's organization scope."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from . import services
from .clocks import request_clock
from .models import (
    FINISHED_REQUEST_STATUSES,
    ConsentRecord,
    DataModule,
    DataSubjectRequest,
    PrivacyNotice,
    ProcessingActivity,
    RequestKind,
    RequestStatus,
)
from .registry import PersonQuery

# Extra values of the list's status filter, besides each RequestStatus.
OPEN = "open"
OVERDUE = "overdue"
FILTER_KEYS = ("status", "kind")


# --- the register ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestFilters:
    status: str = ""
    kind: str = ""


def filters_from_query(params: Mapping) -> RequestFilters:
    """?status=open&kind=erasure; anything unknown is ignored."""
    status = str(params.get("status", "")).strip()
    kind = str(params.get("kind", "")).strip()
    return RequestFilters(
        status=status if status in (OPEN, OVERDUE, *RequestStatus.values) else "",
        kind=kind if kind in RequestKind.values else "",
    )


def _open() -> Q:
    return ~Q(status__in=FINISHED_REQUEST_STATUSES)


def request_list(filters: RequestFilters, today: dt.date | None = None) -> QuerySet:
    """Open requests first, soonest due first; then the finished ones, latest first."""
    today = today or timezone.localdate()
    requests = DataSubjectRequest.objects.select_related("handler")
    if filters.status == OPEN:
        requests = requests.filter(_open())
    elif filters.status == OVERDUE:
        requests = requests.filter(_open(), due_on__lt=today)
    elif filters.status:
        requests = requests.filter(status=filters.status)
    if filters.kind:
        requests = requests.filter(kind=filters.kind)
    finished = Case(
        When(status__in=FINISHED_REQUEST_STATUSES, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return requests.annotate(finished=finished).order_by(
        "finished", "due_on", "-received_at", "-id"
    )


def with_clocks(
    requests: Iterable[DataSubjectRequest], today: dt.date | None = None
) -> list[DataSubjectRequest]:
    """The requests, each with its 30-day clock as `.clock`."""
    today = today or timezone.localdate()
    rows = list(requests)
    for row in rows:
        row.clock = request_clock(row, today)
    return rows


def request_counts(today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    open_requests = DataSubjectRequest.objects.filter(_open())
    return {
        "open": open_requests.count(),
        "overdue": open_requests.filter(due_on__lt=today).count(),
    }


# --- what is held about the person -----------------------------------------------------------


def person_query(request: DataSubjectRequest) -> PersonQuery:
    return PersonQuery(
        name=request.subject_name, phone=request.subject_phone, email=request.subject_email
    )


@dataclass(frozen=True)
class HeldRecord:
    """A record found for the request, with what justifies keeping it."""

    found: services.Found
    description: str
    url: str
    module_label: str
    activity: ProcessingActivity | None
    notice: PrivacyNotice | None
    consents: list[ConsentRecord]

    @property
    def key(self) -> str:
        return self.found.key


def _module_label(module: str) -> str:
    return str(DataModule(module).label) if module in DataModule.values else module


def held_records(found: list[services.Found]) -> list[HeldRecord]:
    """Each found record with its module, description, purpose, notice and consents."""
    held = []
    for item in found:
        record = item.record
        consents = list(
            ConsentRecord.objects.filter(
                record_type=ContentType.objects.get_for_model(record), record_id=record.pk
            ).select_related("activity", "notice", "collected_by")
        )
        held.append(
            HeldRecord(
                found=item,
                description=item.holder.describe(record),
                url=item.holder.url(record),
                module_label=_module_label(item.holder.module),
                activity=record.processing_activity if record.processing_activity_id else None,
                notice=record.privacy_notice if record.privacy_notice_id else None,
                consents=consents,
            )
        )
    return held


def found_for(request: DataSubjectRequest) -> list[services.Found]:
    """Every record, in every module, that holds the person's data."""
    return services.find_person(person_query(request))


def chosen(found: list[services.Found], keys: Iterable[str]) -> list[services.Found]:
    """The found records named by `keys` (as the page's checkboxes post them back). Keys of
    records that are not the person's, or not of this organization, are ignored."""
    wanted = set(keys)
    return [item for item in found if item.key in wanted]
