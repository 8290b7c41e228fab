"""The weighted-score arithmetic, against an example computed by hand."""

from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled

from assessments import scoring, selectors
from assessments.models import AssessmentCycle
from assessments.scoring import Node

from . import factories

pytestmark = pytest.mark.django_db

D = Decimal


def test_weighted_mean_counts_only_weighted_parts_when_any_part_has_a_weight():
    mean, counted = scoring.weighted_mean([(D(10), D(4)), (None, D(2)), (D(15), D("2.5"))])
    assert mean == D("3.1")
    assert counted == [True, False, True]


def test_weighted_mean_counts_parts_equally_when_no_weight_is_known():
    mean, counted = scoring.weighted_mean([(None, D(3)), (None, D(2)), (None, D(4)), (None, None)])
    assert mean == D(3)
    assert counted == [True, True, True, False]


def test_nothing_to_score_gives_no_score():
    assert scoring.weighted_mean([(D(5), None)]) == (None, [False])
    assert scoring.weighted_mean([]) == (None, [])


def test_a_criterion_without_a_level_counts_zero():
    nodes = [Node(1, None, None, False), Node(2, 1, None, True), Node(3, 1, None, True)]
    tally = scoring.tally(nodes, {2: 4})
    assert tally.of(2) == D(4) and tally.of(3) == D(0)
    assert tally.of(1) == D(2) == tally.of(scoring.ROOT)


# The hand-computed example on the shipped SE-AM SCM tree (weights: CM 1 = 10, CM 1.1 = 10,
# CM 5 = 15, CM 5.1 = 5, CM 5.3 = 5; everything else not yet provided):
#   SM: topics SM 1, SM 2, SM 3 have one criterion each (3, 2, 4), no weights -> (3+2+4)/3 = 3
#   CM 5 = (5×3 + 5×2) / (5+5) = 2.5; CM 5.2 (no weight) is left out
#   CM = (10×4 + 15×2.5) / (10+15) = 77.5/25 = 3.1; CM 2, CM 3 (no criteria), CM 4 left out
#   framework: SM and CM have no weights -> (3 + 3.1) / 2 = 3.05
CLAIMS = {"SM 1.1": 3, "SM 2.3": 2, "SM 3.2.2": 4, "CM 1.1": 4, "CM 2.1": 2, "CM 4.x": 1,
          "CM 5.1": 3, "CM 5.2": 5, "CM 5.3": 2}  # fmt: skip


def _scores_by_code(cycle):
    with scope(organization=cycle.organization):
        cycle = selectors.cycle(cycle.pk)
        tree = selectors.version_tree(cycle.framework_version)
        scores = selectors.cycle_scores(cycle, tree=tree)
    return scores, {node.code: node.pk for node in tree}


def test_scores_of_the_hand_computed_example(org_a):
    cycle = factories.make_cycle(org_a)
    for code, level in CLAIMS.items():
        factories.claim(cycle, code, level, ready=False)
    scores, ids = _scores_by_code(cycle)
    claimed = scores.claimed
    assert claimed.of(ids["SM"]) == D(3)
    assert claimed.of(ids["CM 5"]) == D("2.5")
    assert claimed.of(ids["CM"]) == D("3.1")
    assert claimed.of(scoring.ROOT) == D("3.05")
    assert claimed.of(ids["CM 3"]) is None
    assert claimed.left_out == {ids[code] for code in ("CM 2", "CM 3", "CM 4", "CM 5.2")}
    # Target 3 everywhere: the gap is target - claimed at every node.
    assert scores.target.of(scoring.ROOT) == D(3)
    assert scores.gap(scoring.ROOT) == D("-0.05")
    assert scores.gap(ids["CM 5"]) == D("0.5")
    # Nothing reviewed yet: the assessed levels count zero.
    assert scores.assessed.of(scoring.ROOT) == D(0)


def test_a_criterions_own_target_overrides_the_cycles(org_a):
    cycle = factories.make_cycle(org_a, target_level=3)
    factories.claim(cycle, "CM 5.3", 2, ready=False, target_level=5)
    scores, ids = _scores_by_code(cycle)
    assert scores.target.of(ids["CM 5.3"]) == D(5)
    assert scores.target.of(ids["CM 5"]) == D(4)  # (5×3 + 5×5) / 10


def test_the_previous_cycle_is_compared_by_criterion_code(org_a):
    factories.final_cycle(org_a, level=2, fiscal_year=2569)
    cycle = factories.make_cycle(org_a, fiscal_year=2570)
    for code, level in CLAIMS.items():
        factories.claim(cycle, code, level, ready=False)
    scores, ids = _scores_by_code(cycle)
    assert scores.previous.of(scoring.ROOT) == D(2)
    assert scores.previous.of(ids["CM 5.3"]) == D(2)
    assert scores.claimed.of(scoring.ROOT) - scores.previous.of(scoring.ROOT) == D("1.05")


def test_a_final_cycle_keeps_the_scores_it_was_finalized_with(org_a):
    cycle = factories.final_cycle(org_a, level=4)
    assert cycle.final_scores[""] == {
        "claimed": "3.00", "assessed": "4.00", "target": "3.00", "gap": "0.00",
        "previous": None, "counted": True,
    }  # fmt: skip
    # Rewriting the stored figures (behind the model's back: it refuses to change a final
    # cycle) shows that the scores are read from them, not from the live levels.
    cycle.final_scores[""]["assessed"] = "3.75"
    with scopes_disabled():
        AssessmentCycle.objects.filter(pk=cycle.pk).update(final_scores=cycle.final_scores)
    scores, _ids = _scores_by_code(cycle)
    assert scores.assessed.of(scoring.ROOT) == D("3.75")
