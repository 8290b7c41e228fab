"""The form of a purpose of the record of processing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DataModule, ProcessingActivity


class ProcessingActivityForm(forms.ModelForm):
    modules = forms.MultipleChoiceField(
        label=_("modules holding the data"),
        choices=DataModule.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Records of these modules may name this purpose."),
    )

    class Meta:
        model = ProcessingActivity
        fields = [
            "purpose",
            "purpose_en",
            "data_categories",
            "subject_categories",
            "lawful_basis",
            "retention_months",
            "retention_starts",
            "modules",
            "is_active",
            "order",
        ]
        widgets = {
            "data_categories": forms.Textarea(attrs={"rows": 2}),
            "subject_categories": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["retention_months"].widget.attrs["min"] = 1
