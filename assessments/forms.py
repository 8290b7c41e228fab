"""Forms of the cycle pages: a new cycle and a cycle's settings.

(The forms of one criterion's page are in criterion_forms.py.)
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from seam_scm.thai.dates import current_fiscal_year

from . import selectors
from .models import LEVELS, AssessmentCycle

LEVEL_CHOICES = [(level, str(level)) for level in LEVELS]


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, version) -> str:
        return f"{version.framework.title} · {version.label}"


class CycleSettingsForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("Optional. Empty: the framework, its version and the fiscal year."),
    )
    target_level = forms.TypedChoiceField(
        label=_("Target level"),
        choices=LEVEL_CHOICES,
        coerce=int,
        initial=3,
        help_text=_("The level every criterion aims at, unless the criterion sets its own."),
    )


class CycleCreateForm(CycleSettingsForm):
    framework_version = VersionChoiceField(
        label=_("Framework version"),
        queryset=None,
        empty_label=None,
        help_text=_("Only published versions can be assessed."),
    )
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year (B.E.)"),
        min_value=2500,
        max_value=2700,
        help_text=_("The Buddhist Era year in which the fiscal year ends, e.g. 2570."),
    )
    field_order = ["framework_version", "fiscal_year", "title", "target_level"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework_version"].queryset = selectors.published_versions().order_by(
            "framework__code", "-published_at", "-created_at"
        )
        self.fields["fiscal_year"].initial = current_fiscal_year(
            organization.fiscal_year_start_month
        ).year


def settings_initial(cycle: AssessmentCycle) -> dict:
    return {"title": cycle.title, "target_level": cycle.target_level}


class MoveForm(forms.Form):
    """The state a cycle moves to (from the criteria page's buttons), and for "final" whether
    the assessor has confirmed on the page that explains the freeze."""

    to = forms.CharField(max_length=20)
    confirmed = forms.BooleanField(required=False)
