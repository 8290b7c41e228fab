"""The retention page: what the retention periods make due now (a dry run computed on the page),
running the task by hand (dry run or anonymization, with a confirmation), and the last runs with
their reports. Coordinator only (Action.MANAGE_PRIVACY); the task itself runs every day."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view

from .. import registry, services
from ..models import RetentionRun
from ..retention import record_count, run_retention
from ..retention_forms import AnonymizeForm

SHOWN_RECORDS = 50  # per purpose and kind of record, on the page
SHOWN_RUNS = 20


def _due_now() -> list[dict]:
    return [
        {
            "activity": line.activity,
            "kind": line.holder.label,
            "count": len(line.records),
            "records": [
                {
                    "id": record.pk,
                    "record": line.holder.describe(record),
                    "url": line.holder.url(record),
                }
                for record in line.records[:SHOWN_RECORDS]
            ],
            "more": max(len(line.records) - SHOWN_RECORDS, 0),
        }
        for line in services.expired()
    ]


def _runs() -> list[dict]:
    runs = []
    for run in RetentionRun.objects.select_related("requested_by")[:SHOWN_RUNS]:
        lines = []
        for line in run.report:
            holder = registry.holder_for(line.get("model", ""))
            lines.append(
                {
                    "purpose": line.get("purpose", ""),
                    "kind": holder.label if holder else line.get("model", ""),
                    "records": line.get("records", []),
                }
            )
        runs.append({"run": run, "count": record_count(run.report), "lines": lines})
    return runs


def _to_page(request: HttpRequest) -> HttpResponse:
    return redirect(reverse("privacy:retention", kwargs={"org_slug": request.organization.slug}))


@org_view(Action.MANAGE_PRIVACY)
def retention(request: HttpRequest) -> HttpResponse:
    form = AnonymizeForm()
    if request.method == "POST":
        if request.POST.get("action") == "dry_run":
            run = run_retention(organization=request.organization, dry_run=True, by=request.user)
            count = record_count(run.report)
            messages.success(
                request,
                ngettext(
                    "Dry run recorded: %(count)s record would be anonymized.",
                    "Dry run recorded: %(count)s records would be anonymized.",
                    count,
                )
                % {"count": count},
            )
            return _to_page(request)
        form = AnonymizeForm(request.POST)
        if form.is_valid():
            run = run_retention(organization=request.organization, dry_run=False, by=request.user)
            messages.success(
                request,
                ngettext(
                    "%(count)s record anonymized.", "%(count)s records anonymized.", run.erased
                )
                % {"count": run.erased},
            )
            return _to_page(request)
        messages.error(request, _("Nothing was anonymized."))
    due = _due_now()
    context = {
        "due": due,
        "due_count": sum(line["count"] for line in due),
        "form": form,
        "runs": _runs(),
    }
    return render(request, "privacy/retention.html", context)


urlpatterns = [
    path("retention/", retention, name="retention"),
]
