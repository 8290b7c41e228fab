"""Privacy pages: consents (see seam_scm/privacy/urls.py).

Recording a person's consent to a purpose on the record holding their data, and its
withdrawal. Both need Action.EDIT_RECORDS and Action.VIEW_PERSONAL_DATA (coordinators and
editors): the pages name the record and the person consented through it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from seam_scm.forms import add_service_errors
from seam_scm.tenancy.access import require_action
from seam_scm.tenancy.roles import Action
from seam_scm.tenancy.views import org_view

from .. import consent_services, registry
from ..consent_forms import ConsentForm, ConsentWithdrawForm
from ..models import ConsentRecord


def _allowed(request: HttpRequest) -> None:
    require_action(request, Action.VIEW_PERSONAL_DATA)


@org_view(Action.EDIT_RECORDS)
def consent_create(request: HttpRequest, model: str, record_pk: int) -> HttpResponse:
    _allowed(request)
    holder = registry.holder_for(model)
    if holder is None:
        raise Http404
    record = get_object_or_404(holder.model, pk=record_pk)
    form = ConsentForm(request.POST or None, module=holder.module)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent_services.record_consent(
                record=record,
                activity=data["activity"],
                notice=data["notice"],
                channel=data["channel"],
                given_at=data["given_at"],
                collected_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect(holder.url(record))
    context = {
        "title": _("Record a consent"),
        "form": form,
        "record_name": holder.describe(record),
        "record_url": holder.url(record),
        "no_purpose": not form.fields["activity"].queryset.exists(),
    }
    return render(request, "privacy/consent_form.html", context)


@org_view(Action.EDIT_RECORDS)
def consent_withdraw(request: HttpRequest, consent_pk: int) -> HttpResponse:
    _allowed(request)
    consent = get_object_or_404(ConsentRecord.objects.select_related("activity"), pk=consent_pk)
    record = consent.record
    holder = registry.holder_for(consent.record_type.model_class()) if record else None
    record_url = holder.url(record) if holder else ""
    if consent.is_withdrawn:
        messages.info(request, _("This consent was already withdrawn."))
        return (
            redirect(record_url)
            if record_url
            else redirect("tenancy:home", request.organization.slug)
        )
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent_services.withdraw_consent(
                consent,
                by=request.user,
                withdrawn_at=data["withdrawn_at"],
                effect=data["effect"],
                erase=data["erase"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The withdrawal of consent is recorded."))
            if record_url:
                return redirect(record_url)
            return redirect("tenancy:home", request.organization.slug)
    context = {
        "title": _("Withdrawal of consent"),
        "form": form,
        "consent": consent,
        "record_name": holder.describe(record) if holder else "",
        "record_url": record_url,
    }
    return render(request, "privacy/consent_withdraw.html", context)


urlpatterns = [
    path(
        "consents/new/<str:model>/<int:record_pk>/",
        consent_create,
        name="consent_create",
    ),
    path("consents/<int:consent_pk>/withdraw/", consent_withdraw, name="consent_withdraw"),
]
