"""Weighted scores of a cycle: per criterion, topic, module and the whole framework.

The formula (also on the scores page and in the README):

- A criterion's score is its level, 0 to 5; a criterion with no level yet counts 0.
- A topic's, module's or the framework's score is the weighted mean of its parts' scores:
  Σ(weight × score) ÷ Σ weight. Only parts with a known weight count when any part has one
  (a part whose weight is "not yet provided" is then left out, and shown as left out); when
  no part has a weight, the parts count equally. A part with no score (a topic without
  criteria) is left out.

The same formula gives the self-assessed score (claimed levels), the assessed score (the
assessors' levels) and the target score (target levels); the gap is target − score.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
ROOT = None  # the framework as a whole


@dataclass(frozen=True)
class Node:
    id: int
    parent_id: int | None
    weight: Decimal | None
    is_criterion: bool


@dataclass
class Tally:
    """One set of scores (claimed, assessed or target) for every node, and the framework."""

    scores: dict[int | None, Decimal | None] = field(default_factory=dict)
    # Nodes whose score did not count in their parent's (weight not yet provided, or no score).
    left_out: set[int] = field(default_factory=set)

    def of(self, node_id: int | None) -> Decimal | None:
        return self.scores.get(node_id)


def rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def weighted_mean(
    parts: list[tuple[Decimal | None, Decimal | None]],
) -> tuple[Decimal | None, list[bool]]:
    """(weight, score) pairs -> the mean and, per part, whether it counted."""
    scored = [(weight, score) for weight, score in parts if score is not None]
    if not scored:
        return None, [False] * len(parts)
    weighted = any(weight is not None for weight, _ in scored)

    def counts(weight, score) -> bool:
        return score is not None and (weight is not None if weighted else True)

    counted = [counts(weight, score) for weight, score in parts]
    if weighted:
        total = sum((w for (w, s), c in zip(parts, counted, strict=True) if c), Decimal(0))
        if total == 0:
            return None, [False] * len(parts)
        mean = (
            sum((w * s for (w, s), c in zip(parts, counted, strict=True) if c), Decimal(0)) / total
        )
    else:
        values = [s for (_, s), c in zip(parts, counted, strict=True) if c]
        mean = sum(values, Decimal(0)) / len(values)
    return mean, counted


def tally(nodes: list[Node], levels: dict[int, int | None]) -> Tally:
    """Scores of every node from the criteria's levels (missing levels count 0)."""
    children: dict[int | None, list[Node]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    result = Tally()

    def score(node: Node) -> Decimal | None:
        value = Decimal(levels.get(node.id) or 0) if node.is_criterion else mean_of(node.id)
        result.scores[node.id] = value
        return value

    def mean_of(parent_id: int | None) -> Decimal | None:
        parts = children.get(parent_id, [])
        values = [(part.weight, score(part)) for part in parts]
        mean, counted = weighted_mean(values)
        result.left_out.update(part.id for part, c in zip(parts, counted, strict=True) if not c)
        return mean

    result.scores[ROOT] = mean_of(ROOT)
    return result


@dataclass(frozen=True)
class Scores:
    claimed: Tally
    assessed: Tally
    target: Tally
    previous: Tally | None  # the previous cycle's, matched by criterion code

    def gap(self, node_id: int | None) -> Decimal | None:
        target, claimed = self.target.of(node_id), self.claimed.of(node_id)
        return None if target is None or claimed is None else target - claimed

    def as_dict(self, codes: dict[int, str]) -> dict:
        """JSON-ready, keyed by criterion code ("" for the framework), values as strings."""

        def text(value):
            return None if value is None else str(rounded(value))

        rows = {}
        for node_id in [ROOT, *codes]:
            rows[codes.get(node_id, "")] = {
                "claimed": text(self.claimed.of(node_id)),
                "assessed": text(self.assessed.of(node_id)),
                "target": text(self.target.of(node_id)),
                "gap": text(self.gap(node_id)),
                "previous": text(self.previous.of(node_id)) if self.previous else None,
                "counted": node_id not in self.claimed.left_out,
            }
        return rows
