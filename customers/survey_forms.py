"""Forms of the survey pages: the list's and the trends' filters, a survey, a result.

Choices of segments and evidence files are set in __init__: the scoped querysets can only
be evaluated inside the request's organization scope.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from seam_scm.files.forms import EvidenceFileInput
from seam_scm.files.models import Attachment
from seam_scm.thai.dates import format_date
from seam_scm.thai.forms import BuddhistDateField

from . import survey_selectors
from .models import CustomerSegment, Measure, Survey, SurveyResult
from .survey_services import (
    INTERNAL_ANNUAL_NOTE,
    PERIOD_ORDER,
    REPORT_AND_UPLOAD,
    SCALE_ORDER,
)

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class AttachmentChoiceField(SafeModelChoiceField):
    def label_from_instance(self, attachment: Attachment) -> str:
        return f"{attachment.title} ({format_date(attachment.effective_date)})"


# --- filters ---------------------------------------------------------------------------------


class SurveyFilterForm(forms.Form):
    """Renders the list's filters; survey_selectors.survey_filters reads the same keys."""

    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year"), required=False, coerce=int)
    type = forms.ChoiceField(
        label=_("Survey type"),
        choices=[("", _("All types")), *Survey.SurveyType.choices],
        required=False,
    )
    conducted_by = forms.ChoiceField(
        label=_("Conducted by"),
        choices=[("", _("Anyone")), *Survey.ConductedBy.choices],
        required=False,
    )
    measure = forms.ChoiceField(
        label=_("Measure present"),
        choices=[("", _("Any measure")), *Measure.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = (
            Survey.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()
        )
        self.fields["fiscal_year"].choices = [
            ("", _("All years")),
            *((year, str(year)) for year in years),
        ]


class TrendFilterForm(forms.Form):
    EXTERNAL = "external"

    surveys = forms.ChoiceField(
        label=_("Surveys"),
        choices=[
            ("", _("All surveys")),
            (EXTERNAL, _("Annual surveys by an external consultant only")),
        ],
        required=False,
    )
    measure = forms.ChoiceField(
        label=_("Measure"), choices=[("", _("All measures")), *Measure.choices], required=False
    )
    segment = forms.ChoiceField(label=_("Segment"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = [
            ("", _("All segments and all customers")),
            (survey_selectors.ALL_CUSTOMERS, _("All customers")),
            *((str(s.pk), str(s)) for s in CustomerSegment.objects.all()),
        ]

    def trend_arguments(self) -> dict:
        """survey_trends' arguments; an invalid choice counts as no filter."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        segment = data.get("segment") or None
        return {
            "measure": data.get("measure") or None,
            "external_only": data.get("surveys") == self.EXTERNAL,
            "segment": int(segment) if segment and segment.isdigit() else segment,
        }


# --- a survey and its results ----------------------------------------------------------------


class SurveyForm(forms.ModelForm):
    period_start = BuddhistDateField(label=_("Period from"))
    period_end = BuddhistDateField(label=_("Period to"))

    class Meta:
        model = Survey
        fields = [
            "title",
            "fiscal_year",
            "survey_type",
            "conducted_by",
            "firm",
            "contract_reference",
            "method",
            "sample_size",
            "period_start",
            "period_end",
            "scale_min",
            "scale_max",
            "report",
        ]
        field_classes = {"report": AttachmentChoiceField}
        widgets = {"method": TEXTAREA}
        help_texts = {
            "survey_type": INTERNAL_ANNUAL_NOTE,
            "firm": _("Required when an external consultant conducted the survey."),
            "contract_reference": _("Required when an external consultant conducted the survey."),
            "scale_max": _("For example 5 for a five-point scale; scores are compared as a "
                           "percentage of this top score."),
        }  # fmt: skip

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["report"].queryset = Attachment.objects.filter(deleted_at__isnull=True)
        self.fields["report"].label = _("Report: an existing evidence file")
        self.fields["report"].empty_label = _("(none)")
        self.fields["report_file"] = forms.FileField(
            label=_("…or upload the report"),
            required=False,
            widget=EvidenceFileInput,
            allow_empty_file=True,  # refused by files.validation, with its own message
            help_text=_(
                "PDF, DOCX, XLSX, PPTX, PNG, JPEG, TXT or CSV, at most %(limit)s MB. "
                "It is kept as an evidence file of the survey."
            )
            % {"limit": settings.EVIDENCE_MAX_UPLOAD_MB},
        )
        if not self.instance.pk:
            self.fields["fiscal_year"].initial = survey_selectors.current_fiscal_year()
        self.fields["fiscal_year"].widget.attrs.update({"min": 2500, "max": 2700})

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", PERIOD_ORDER)
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is not None and high is not None and high <= low:
            self.add_error("scale_max", SCALE_ORDER)
        if data.get("report_file"):
            kept = self.instance.report_id if self.instance.pk else None
            chosen = data.get("report")
            if chosen is not None and chosen.pk != kept:
                self.add_error("report_file", REPORT_AND_UPLOAD)
            else:
                # A new upload replaces the report the survey had.
                data["report"] = None
        return data


class SurveyResultForm(forms.ModelForm):
    class Meta:
        model = SurveyResult
        fields = ["measure", "segment", "dimension", "score", "respondents"]
        field_classes = {"segment": SafeModelChoiceField}

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization_id = survey.organization_id
        self.instance.survey = survey
        self.fields["segment"].queryset = CustomerSegment.objects.all()
        self.fields["segment"].empty_label = _("All customers")
        self.fields["score"].help_text = _("On the survey's scale, from %(min)s to %(max)s.") % {
            "min": survey.scale_min,
            "max": survey.scale_max,
        }
        self.fields["score"].widget.attrs.update(
            {"min": survey.scale_min, "max": survey.scale_max, "step": "0.01"}
        )
