"""The rules of a cycle: who moves it where, what each state lets change, and the freeze."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from assessments import services
from assessments.models import CriterionAssessment, CycleState, EvidenceLink

from . import factories

pytestmark = pytest.mark.django_db


def test_a_cycle_has_one_self_assessment_per_criterion_of_its_framework_version(org_a):
    cycle = factories.make_cycle(org_a)
    with scopes_disabled():
        codes = sorted(cycle.criteria.values_list("criterion__code", flat=True))
    assert codes == [
        "CM 1.1",
        "CM 2.1",
        "CM 4.x",
        "CM 5.1",
        "CM 5.2",
        "CM 5.3",
        "SM 1.1",
        "SM 2.3",
        "SM 3.2.2",
    ]


def test_the_whole_lifecycle_ends_frozen(org_a):
    cycle = factories.final_cycle(org_a, level=4)
    assert cycle.state == CycleState.FINAL
    assert cycle.final_scores[""]["assessed"] == "4.00"
    assessment = factories.criterion(cycle, "CM 5.3")
    with scope(organization=org_a):
        with pytest.raises(ValidationError):
            services.update_self_assessment(assessment=assessment, claimed_level=5)
        with pytest.raises(ValidationError):
            factories.link_file(assessment)
        assessment.claimed_level = 5
        with pytest.raises(ValidationError):
            assessment.save()  # the model refuses too, whatever the code path
    with scopes_disabled():
        assert CriterionAssessment.objects.get(pk=assessment.pk).claimed_level == 3
        assert not EvidenceLink.objects.exists()
