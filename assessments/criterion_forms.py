"""Forms of the criterion pages: the self-assessment, linking evidence (an existing record or a
new file), comments and replies, the assessor's review, and KPI snapshots.

The forms only read what was typed; assessments.services decides and refuses, and the views
show its refusals on the form (seam_scm.forms.add_service_errors). Choices that come from
tenant rows are set in __init__, inside the request's organization scope.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from seam_scm.files.forms import EvidenceFileInput
from seam_scm.tenancy.models import Membership, OrgUnit
from seam_scm.thai.dates import current_fiscal_year
from seam_scm.thai.forms import BuddhistDateField

from .artefacts import document_artefacts
from .evidence import EVIDENCE_KINDS
from .models import CriterionAssessment, CriterionStatus, EvidenceLink, ReviewComment

TEXTAREA = forms.Textarea(attrs={"rows": 4})
SHORT_TEXTAREA = forms.Textarea(attrs={"rows": 3})
NO_LEVEL = ("", _("— not claimed —"))


def _label(name: str, model=CriterionAssessment) -> str:
    return capfirst(model._meta.get_field(name).verbose_name)


def level_choices(first: int = 0) -> list[tuple]:
    return [(level, str(level)) for level in range(first, 6)]


def _int_or_none(value):
    return int(value) if value not in ("", None) else None


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.name}"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


# --- the organization's self-assessment -------------------------------------------------------


class SelfAssessmentForm(forms.Form):
    """The claim, the narrative, who is responsible and by when, and the status.

    "Reviewed" is not offered: only an assessor marks a criterion reviewed.
    """

    claimed_level = forms.TypedChoiceField(
        label=_label("claimed_level"),
        choices=[NO_LEVEL, *level_choices(0)],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("0 to 5; empty while the organization has not decided."),
    )
    target_level = forms.TypedChoiceField(
        label=_label("target_level"),
        choices=[("", _("— the cycle's target —")), *level_choices(1)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    approach = forms.CharField(label=_label("approach"), widget=TEXTAREA, required=False)
    deployment = forms.CharField(label=_label("deployment"), widget=TEXTAREA, required=False)
    learning = forms.CharField(label=_label("learning"), widget=TEXTAREA, required=False)
    integration = forms.CharField(label=_label("integration"), widget=TEXTAREA, required=False)
    responsible_unit = UnitChoiceField(
        label=_label("responsible_unit"), queryset=OrgUnit.objects.none(), required=False
    )
    owner = UserChoiceField(
        label=_label("owner"), queryset=get_user_model().objects.none(), required=False
    )
    due_date = BuddhistDateField(label=_label("due_date"), required=False)
    status = forms.ChoiceField(
        label=_label("status"),
        choices=[
            (value, label)
            for value, label in CriterionStatus.choices
            if value != CriterionStatus.REVIEWED
        ],
    )

    def __init__(self, *args, assessment: CriterionAssessment, **kwargs):
        initial = {
            name: getattr(assessment, name)
            for name in ("claimed_level", "target_level", "approach", "deployment", "learning",
                         "integration", "responsible_unit", "owner", "due_date", "status")
        }  # fmt: skip
        super().__init__(*args, initial=initial, **kwargs)
        self.assessment = assessment
        self.fields["target_level"].help_text = _("Empty: the cycle's target, level %(level)s.") % {
            "level": assessment.cycle.target_level
        }
        units = Q(is_active=True)
        if assessment.responsible_unit_id:
            units |= Q(pk=assessment.responsible_unit_id)
        self.fields["responsible_unit"].queryset = OrgUnit.objects.filter(units).order_by("code")
        members = Membership.objects.filter(organization_id=assessment.organization_id)
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(pk__in=members.values("user_id"))
            .order_by("full_name", "email")
        )

    def changes(self) -> dict:
        """The fields whose value differs from the assessment's, as the service takes them."""
        data = self.cleaned_data
        return {name: data[name] for name in data if data[name] != getattr(self.assessment, name)}


# --- evidence ---------------------------------------------------------------------------------


class EvidenceForm(forms.Form):
    """Link a record of one kind, or (for evidence files) upload a new file and link it.

    The record's choices follow the chosen kind: the page swaps the select when the kind
    changes (HTMX), and without script the "Show the records" button reloads the page.
    """

    kind = forms.ChoiceField(label=_("Kind of evidence"))
    record = forms.ChoiceField(label=_("Record"), required=False)
    label = forms.CharField(
        label=_label("label", EvidenceLink),
        max_length=255,
        required=False,
        help_text=_("Empty: the record's own description."),
    )
    effective_date = BuddhistDateField(
        label=_label("effective_date", EvidenceLink),
        required=False,
        help_text=_("The date the evidence shows the situation on. Empty: the record's date."),
    )
    artefact = forms.ChoiceField(
        label=_label("artefact", EvidenceLink),
        required=False,
        help_text=_("A document no module records, such as a board resolution; or none."),
    )
    new_title = forms.CharField(label=_("Title of the new file"), max_length=255, required=False)
    new_date = BuddhistDateField(label=_("Effective date of the new file"), required=False)

    def __init__(
        self, *args, kind: str = "", expected: set[str] = frozenset(), swap_url: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("— choose —"))] + [
            (key, evidence_kind.label) for key, evidence_kind in EVIDENCE_KINDS.items()
        ]
        # Choosing a kind fetches this page for it and swaps in its records (HTMX).
        self.fields["kind"].widget.attrs.update(
            {
                "hx-get": swap_url,
                "hx-trigger": "change",
                "hx-target": "#record-fields",
                "hx-select": "#record-fields",
                "hx-swap": "outerHTML",
            }
            if swap_url
            else {}
        )
        self.evidence_kind = EVIDENCE_KINDS.get(kind)
        self.records = list(self.evidence_kind.choices()) if self.evidence_kind else []
        self.fields["record"].choices = [("", _("— choose —"))] + [
            (record.pk, self.evidence_kind.describe(record)) for record in self.records
        ]
        documents = document_artefacts()
        expected_here = [(a.key, a.label) for a in documents if a.key in expected]
        others = [(a.key, a.label) for a in documents if a.key not in expected]
        choices: list = [("", _("— none —"))]
        if expected_here:
            choices.append((_("Expected by this criterion"), expected_here))
            choices.append((_("Other documents"), others))
        else:
            choices += others
        self.fields["artefact"].choices = choices
        self.fields["new_file"] = forms.FileField(
            label=_("Or upload a new file"),
            widget=EvidenceFileInput,
            required=False,
            allow_empty_file=True,  # refused by files.validation, with its own message
            help_text=_("It becomes an evidence file of the organization and is linked here."),
        )

    @property
    def is_file_kind(self) -> bool:
        return self.evidence_kind is not None and self.evidence_kind.key == "file"

    def clean(self) -> dict:
        data = super().clean()
        record_id, upload = data.get("record"), data.get("new_file")
        if not data.get("kind"):
            return data
        if upload and not self.is_file_kind:
            # The upload fields are shown only for evidence files: say it above the form.
            self.add_error(None, _("Only evidence files are uploaded here."))
        elif upload and record_id:
            self.add_error("record", _("Choose an existing file or upload a new one, not both."))
        elif upload:
            if not data.get("new_title", "").strip():
                self.add_error("new_title", _("Give the new file a title."))
            if not data.get("new_date"):
                self.add_error("new_date", _("Give the date the new file shows the situation on."))
        elif not record_id:
            self.add_error("record", _("Choose a record this organization may link."))
        else:
            by_id = {str(record.pk): record for record in self.records}
            data["record_object"] = by_id.get(str(record_id))
        return data


# --- comments ---------------------------------------------------------------------------------


class EvidenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.label


class CommentForm(forms.Form):
    """A new thread (assessors; optionally about one piece of evidence) or a reply."""

    body = forms.CharField(label=_("Comment"), widget=SHORT_TEXTAREA)
    parent = forms.ModelChoiceField(
        queryset=ReviewComment.objects.none(), required=False, widget=forms.HiddenInput
    )
    evidence = EvidenceChoiceField(
        label=_("About the evidence"),
        queryset=EvidenceLink.objects.none(),
        required=False,
        empty_label=_("— the criterion as a whole —"),
    )

    def __init__(self, *args, assessment: CriterionAssessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = ReviewComment.objects.filter(
            assessment=assessment, parent__isnull=True
        )
        self.fields["parent"].error_messages["invalid_choice"] = _(
            "Reply to a comment of this criterion."
        )
        self.fields["evidence"].queryset = EvidenceLink.objects.filter(assessment=assessment)
        self.fields["evidence"].error_messages["invalid_choice"] = _(
            "Choose evidence of this criterion."
        )

    def offer_links(self, links) -> None:
        """List these (already loaded) links in the select, instead of querying them again."""
        field = self.fields["evidence"]
        field.choices = [("", field.empty_label), *((link.pk, link.label) for link in links)]


# --- the assessor's review --------------------------------------------------------------------


class ReviewForm(forms.Form):
    assessor_level = forms.TypedChoiceField(
        label=_label("assessor_level"),
        choices=[("", _("— not yet —")), *level_choices(0)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    strengths = forms.CharField(label=_label("strengths"), widget=TEXTAREA, required=False)
    opportunities = forms.CharField(label=_label("opportunities"), widget=TEXTAREA, required=False)
    reviewed = forms.BooleanField(
        label=_("Mark the criterion reviewed"),
        required=False,
        help_text=_("The cycle can be finalized once every criterion is reviewed."),
    )

    def __init__(self, *args, assessment: CriterionAssessment, **kwargs):
        initial = {
            "assessor_level": assessment.assessor_level,
            "strengths": assessment.strengths,
            "opportunities": assessment.opportunities,
            "reviewed": assessment.status == CriterionStatus.REVIEWED,
        }
        super().__init__(*args, initial=initial, **kwargs)


# --- KPI snapshots ----------------------------------------------------------------------------


class SnapshotForm(forms.Form):
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year"),
        min_value=2500,
        max_value=2700,
        help_text=_("Buddhist Era, for example 2569."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("Empty: “Complaint KPIs, fiscal year …, as of …”."),
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            year = current_fiscal_year(organization.fiscal_year_start_month).year
            self.initial.setdefault("fiscal_year", year)
