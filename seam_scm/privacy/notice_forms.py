"""The form of a privacy notice version (a draft)."""

from django import forms

from .models import PrivacyNotice


class PrivacyNoticeForm(forms.ModelForm):
    class Meta:
        model = PrivacyNotice
        fields = ["body_th", "body_en"]
        widgets = {
            "body_th": forms.Textarea(attrs={"rows": 16}),
            "body_en": forms.Textarea(attrs={"rows": 16}),
        }
