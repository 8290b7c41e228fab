from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from seam_scm.thai.forms import BuddhistDateField

from .models import UNTIL_BEFORE_DATE, Attachment
from .validation import ACCEPT_ATTRIBUTE, FILE_TYPES


class EvidenceFileInput(forms.FileInput):
    """Offers the accepted types in the browser's file picker; the server decides by content."""

    def __init__(self, attrs=None):
        super().__init__({"accept": ACCEPT_ATTRIBUTE, **(attrs or {})})


def _file_field() -> forms.FileField:
    return forms.FileField(
        label=_("File"),
        widget=EvidenceFileInput,
        allow_empty_file=True,  # refused by files.validation, with its own message
        help_text=_("PDF, DOCX, XLSX, PPTX, PNG, JPEG, TXT or CSV, at most %(limit)s MB.")
        % {"limit": settings.EVIDENCE_MAX_UPLOAD_MB},
    )


class AttachmentUploadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    effective_date = BuddhistDateField(
        label=_("Effective date"), help_text=Attachment._meta.get_field("effective_date").help_text
    )
    effective_until = BuddhistDateField(
        label=_("Effective until"),
        required=False,
        help_text=Attachment._meta.get_field("effective_until").help_text,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here so that the help text shows the limit of the current settings.
        self.fields["file"] = _file_field()
        self.order_fields(["file"])

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("effective_date"), data.get("effective_until")
        if start and end and end < start:
            self.add_error("effective_until", UNTIL_BEFORE_DATE)
        return data


class ReplaceFileForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _file_field()
        self.fields["file"].label = _("New version")


class AttachmentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *((t.key, t.label) for t in FILE_TYPES)],
    )
    deleted = forms.BooleanField(label=_("Deleted files"), required=False)
