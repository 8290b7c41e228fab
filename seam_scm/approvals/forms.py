from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from seam_scm.tenancy.models import OrgUnit
from seam_scm.thai.forms import BuddhistDateField

from .content import kinds_declared_by_modules
from .models import Approval, ApprovingBody, DocumentVersion, GovernedDocument


class DocumentForm(forms.ModelForm):
    class Meta:
        model = GovernedDocument
        fields = ["kind", "title", "reference", "owner_unit", "description"]
        field_classes = {"owner_unit": SafeModelChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = OrgUnit.objects.filter(is_active=True)
        declared_elsewhere = kinds_declared_by_modules()
        if self.instance.pk is None:
            self.fields["kind"].choices = [
                choice
                for choice in self.fields["kind"].choices
                if choice[0] not in declared_elsewhere
            ]
        else:
            # The kind of an existing document never changes.
            self.fields["kind"].disabled = True


class DraftForm(forms.ModelForm):
    class Meta:
        model = DocumentVersion
        fields = ["title", "summary", "body", "change_note"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 14}),
            "change_note": forms.Textarea(attrs={"rows": 3}),
        }


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the version returned?"), widget=forms.Textarea(attrs={"rows": 4})
    )


class ApprovalForm(forms.ModelForm):
    meeting_date = BuddhistDateField(label=_("Meeting date"))
    minutes_file = forms.FileField(
        label=_("Signed minutes"), help_text=_("PDF of the signed minutes or resolution.")
    )

    class Meta:
        model = Approval
        fields = [
            "body",
            "committee_name",
            "delegation_reference",
            "meeting_number",
            "meeting_date",
            "agenda_item",
            "resolution",
            "signed_by_name",
            "signed_by_position",
        ]
        widgets = {"body": forms.RadioSelect, "resolution": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        if data.get("body") == ApprovingBody.COMMITTEE:
            for field in ("committee_name", "delegation_reference"):
                if not data.get(field, "").strip():
                    self.add_error(
                        field, _("Name the committee and the board decision that assigned it.")
                    )
        return data

    def _post_clean(self):
        # The service builds and validates the Approval (it needs the version and
        # the stored minutes); the form only checks what the person typed.
        pass


class AttachFileForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=255)
    effective_date = BuddhistDateField(label=_("Effective date"))
    upload = forms.FileField(label=_("File"))
