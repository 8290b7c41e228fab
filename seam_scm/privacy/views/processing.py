"""Privacy pages: the record of processing (PDPA s.39).

Every member reads it, with how many records of each module name each purpose; the SE-AM
coordinator adds and changes purposes (Action.MANAGE_PRIVACY). Nothing is deleted: a purpose
that is no longer needed is taken out of use.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from seam_scm.forms import add_service_errors
from seam_scm.history import history_of
from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view

from .. import processing_selectors as selectors
from .. import processing_services as services
from ..models import ProcessingActivity
from ..processing_forms import ProcessingActivityForm

GET = ("GET",)


@org_view(methods=GET)
def processing_list(request: HttpRequest) -> HttpResponse:
    counts = selectors.record_counts()
    rows = [
        {
            "activity": activity,
            "retention": selectors.retention_text(activity.retention_months),
            "counts": counts.get(activity.pk, []),
        }
        for activity in selectors.activities()
    ]
    return render(request, "privacy/processing_list.html", {"rows": rows})


@org_view(Action.MANAGE_PRIVACY)
def processing_create(request: HttpRequest) -> HttpResponse:
    activity = ProcessingActivity(organization=request.organization, order=services.next_order())
    return _edit(request, activity)


@org_view(Action.MANAGE_PRIVACY)
def processing_edit(request: HttpRequest, activity_pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(ProcessingActivity, pk=activity_pk))


def _edit(request: HttpRequest, activity: ProcessingActivity) -> HttpResponse:
    form = ProcessingActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_activity(form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Purpose saved in the record of processing."))
            return redirect("privacy:processing_list", org_slug=request.organization.slug)
    context = {
        "form": form,
        "activity": activity if activity.pk else None,
        "title": _("Edit the purpose") if activity.pk else _("Add a purpose"),
        "history": history_of(activity) if activity.pk else [],
    }
    return render(request, "privacy/processing_form.html", context)


urlpatterns = [
    path("processing/", processing_list, name="processing_list"),
    path("processing/new/", processing_create, name="processing_create"),
    path("processing/<int:activity_pk>/edit/", processing_edit, name="processing_edit"),
]
