"""What a person says when asking for a pack, checked the same way on the pages and in the API.

A board pack is made for a meeting: the meeting as it is printed on the cover, its date (typed
in the Buddhist Era) and the agenda item. An assessment pack covers the whole cycle or the
criteria chosen. `check_subject` and `assessment_options` are the rules the API applies too.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import AssessmentCycle, CriterionAssessment
from seam_scm.approvals.models import ApprovingBody, DocumentVersion
from seam_scm.thai.forms import BuddhistDateField

from .models import PackKind

# A board pack puts a submitted version before the board, or keeps what the board approved:
# a version still being edited (a draft, or one returned for revision) is not for a meeting.
NOT_FOR_THE_BOARD = gettext_lazy(
    "A board pack is made for a version submitted for approval or approved; "
    "submit this version first."
)
CHOOSE_CRITERIA = gettext_lazy("Choose at least one criterion, or the whole cycle.")


def check_subject(kind: str, subject) -> None:
    """Refuse a subject the kind cannot be made for (the same rule on the page and the API)."""
    if kind == PackKind.BOARD and subject.is_editable:
        raise ValidationError(NOT_FOR_THE_BOARD, code="subject")


def meeting_of(approval) -> str:
    """The meeting of a recorded approval, worded as on a pack's cover."""
    if approval.body == ApprovingBody.COMMITTEE:
        return _("Meeting of %(committee)s no. %(number)s") % {
            "committee": approval.committee_name,
            "number": approval.meeting_number,
        }
    return _("Board meeting no. %(number)s") % {"number": approval.meeting_number}


class BoardPackForm(forms.Form):
    meeting = forms.CharField(
        label=gettext_lazy("Meeting"),
        max_length=255,
        help_text=gettext_lazy("As printed on the cover, e.g. การประชุมคณะกรรมการ ครั้งที่ 5/2570."),
    )
    meeting_date = BuddhistDateField(label=gettext_lazy("Meeting date"))
    agenda_item = forms.CharField(
        label=gettext_lazy("Agenda item"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("e.g. 4.2"),
    )

    @staticmethod
    def initial_for(version: DocumentVersion) -> dict:
        """The meeting that approved the version, when it was approved."""
        approval = getattr(version, "approval", None)
        if approval is None:
            return {}
        return {
            "meeting": meeting_of(approval),
            "meeting_date": approval.meeting_date,
            "agenda_item": approval.agenda_item,
        }


class CriterionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, assessment) -> str:
        return str(assessment.criterion)


class AssessmentPackForm(forms.Form):
    WHOLE = "whole"
    CHOSEN = "chosen"

    scope = forms.ChoiceField(
        label=gettext_lazy("What the pack covers"),
        choices=[
            (WHOLE, gettext_lazy("The whole cycle")),
            (CHOSEN, gettext_lazy("Only the criteria chosen below")),
        ],
        initial=WHOLE,
        widget=forms.RadioSelect,
    )
    criteria = CriterionChoiceField(
        label=gettext_lazy("Criteria to include"),
        queryset=CriterionAssessment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, cycle: AssessmentCycle, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this cycle's criteria: another cycle's id is "not a valid choice".
        self.fields["criteria"].queryset = cycle.criteria.select_related("criterion")

    def clean(self):
        data = super().clean()
        if data.get("scope") == self.CHOSEN and not data.get("criteria"):
            self.add_error("criteria", CHOOSE_CRITERIA)
        return data

    @property
    def options(self) -> dict:
        """The pack's options: {} for the whole cycle, else the chosen criteria's ids."""
        if self.cleaned_data["scope"] == self.WHOLE:
            return {}
        return {"criteria": sorted(a.pk for a in self.cleaned_data["criteria"])}

    @property
    def chosen_ids(self) -> set[int]:
        """The boxes to show ticked again after a refused POST."""
        if not self.is_bound:
            return set()
        return {int(v) for v in self.data.getlist("criteria") if str(v).isdigit()}


def assessment_options(cycle: AssessmentCycle, options: dict) -> dict:
    """The API's options for an assessment pack, checked by the page's form."""
    unknown = set(options) - {"criteria"}
    if unknown:
        raise ValidationError(
            _("Unknown options: %(names)s. An assessment pack takes only “criteria”.")
            % {"names": ", ".join(sorted(unknown))}
        )
    criteria = options.get("criteria") or []
    if not isinstance(criteria, list) or not all(
        isinstance(value, int) and not isinstance(value, bool) for value in criteria
    ):
        raise ValidationError(
            _("“criteria” is a list of ids of the cycle's criterion self-assessments.")
        )
    data = MultiValueDict(
        {
            "scope": [AssessmentPackForm.CHOSEN if criteria else AssessmentPackForm.WHOLE],
            "criteria": [str(value) for value in criteria],
        }
    )
    form = AssessmentPackForm(data, cycle=cycle)
    if not form.is_valid():
        raise ValidationError(form.errors.get("criteria") or form.errors.get("scope"))
    return form.options
