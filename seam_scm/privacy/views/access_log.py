"""The access log: who viewed or exported which personal data, and when.

Only the coordinator reads it (Action.MANAGE_PRIVACY); every other role is refused. Entries
are written where personal data is shown or handed out (services.log_view, log_export).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from seam_scm.tenancy.roles import Action, Role
from seam_scm.tenancy.views import org_view

from .. import registry
from ..access_log_forms import AccessLogFilterForm
from ..models import PersonalDataAccess

PAGE_SIZE = 50
FILTER_KEYS = ("user", "kind", "date_from", "date_to")


@dataclass(frozen=True)
class LogRow:
    entry: PersonalDataAccess
    role: str
    url: str  # the record's page, or "" when there is none (an export, a deleted record)


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def _links(entries: list[PersonalDataAccess]) -> dict[tuple[int, int], str]:
    """The page of each record the entries name that still exists, one query per kind."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.record_type_id and entry.record_id:
            wanted[entry.record_type_id].add(entry.record_id)
    links = {}
    for type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        holder = registry.holder_for(model) if model is not None else None
        if holder is None:
            continue
        for record in holder.queryset().filter(pk__in=ids):
            links[(type_id, record.pk)] = holder.url(record)
    return links


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@org_view(Action.MANAGE_PRIVACY, methods=("GET",))
def access_log(request: HttpRequest) -> HttpResponse:
    form = AccessLogFilterForm(request.GET or None)
    if request.GET:
        form.is_valid()  # shows what could not be read; the valid filters still apply
    entries = form.filter(PersonalDataAccess.objects.select_related("user")).order_by(
        "-created_at", "-id"
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    on_page = list(page.object_list)
    links = _links(on_page)
    rows = [
        LogRow(
            entry,
            _role_label(entry.role),
            links.get((entry.record_type_id, entry.record_id), ""),
        )
        for entry in on_page
    ]
    context = {
        "filter_form": form,
        "page": page,
        "rows": rows,
        "query_string": _query_without_page(request),
        "filtered": any(request.GET.get(key) for key in FILTER_KEYS),
    }
    return render(request, "privacy/access_log.html", context)


urlpatterns = [
    path("access-log/", access_log, name="access_log"),
]
