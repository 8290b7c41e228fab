"""The access log's filters: who, how (viewed or exported) and when (Buddhist Era dates)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from seam_scm.thai.forms import BuddhistDateField

from .models import AccessKind, PersonalDataAccess


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


class AccessLogFilterForm(forms.Form):
    user = UserChoiceField(
        label=_("User"), queryset=get_user_model().objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=_("Access"), required=False, choices=[("", _("All")), *AccessKind.choices]
    )
    date_from = BuddhistDateField(label=_("From"), required=False)
    date_to = BuddhistDateField(label=_("To"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Everyone in this organization's log, also those who have left it since.
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(pk__in=PersonalDataAccess.objects.values("user_id"))
            .order_by("full_name", "email")
        )
        self.fields["user"].empty_label = _("Everyone")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned

    def filter(self, entries):
        """The log narrowed by what was valid in the filters (the rest is ignored)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        if data.get("user"):
            entries = entries.filter(user=data["user"])
        if data.get("kind"):
            entries = entries.filter(kind=data["kind"])
        if data.get("date_from"):
            entries = entries.filter(created_at__date__gte=data["date_from"])
        if data.get("date_to"):
            entries = entries.filter(created_at__date__lte=data["date_to"])
        return entries
