"""Reads of the criteria library for its pages and its API (platform data, no tenant scope).

Each read costs a fixed number of queries, whatever the number of nodes and levels.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from .artefacts import ARTEFACTS
from .models import Criterion, CriterionKind, CriterionMapping, Framework, FrameworkVersion
from .selectors import version_tree


def versions_with_counts() -> QuerySet[FrameworkVersion]:
    """Every version, with its framework and `criteria_count` (assessed criteria only)."""
    return FrameworkVersion.objects.select_related("framework").annotate(
        criteria_count=Count("criteria", filter=Q(criteria__kind=CriterionKind.CRITERION))
    )


def framework_list() -> list[Framework]:
    """Every framework with its versions (newest first) in `version_list`."""
    return list(
        Framework.objects.order_by("code").prefetch_related(
            Prefetch(
                "versions",
                queryset=versions_with_counts().order_by("-created_at", "-id"),
                to_attr="version_list",
            )
        )
    )


def version(pk: int) -> FrameworkVersion:
    return get_object_or_404(FrameworkVersion.objects.select_related("framework"), pk=pk)


@dataclass(frozen=True)
class Mapped:
    """A criterion of another framework mapped to one of this version, either way."""

    criterion: Criterion  # the other side, with its version and framework loaded
    outgoing: bool  # True: this version's criterion maps to it; False: it maps to ours
    note: str


@dataclass(frozen=True)
class ArtefactLabel:
    key: str
    label: str


@dataclass
class VersionPage:
    version: FrameworkVersion
    # Every node in tree order, with `depth`, `level_list` (levels 1-5 in order, each with
    # `artefact_labels`) and `mapped` (list of Mapped).
    nodes: list[Criterion]
    mapping_count: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def is_complete(self) -> bool:
        return not (self.counts["weights_missing"] or self.counts["level_texts_missing"])


def artefact_labels(keys: list[str]) -> list[ArtefactLabel]:
    return [
        ArtefactLabel(key, str(ARTEFACTS[key].label) if key in ARTEFACTS else key) for key in keys
    ]


def mappings_of(version: FrameworkVersion) -> dict[int, list[Mapped]]:
    """The mappings of the version's criteria, by criterion id (one query)."""
    rows = CriterionMapping.objects.filter(
        Q(source__version=version) | Q(target__version=version)
    ).select_related("source__version__framework", "target__version__framework")
    found: dict[int, list[Mapped]] = {}
    for mapping in rows.order_by("id"):
        if mapping.source.version_id == version.pk:
            found.setdefault(mapping.source_id, []).append(
                Mapped(mapping.target, True, mapping.note)
            )
        if mapping.target.version_id == version.pk:
            found.setdefault(mapping.target_id, []).append(
                Mapped(mapping.source, False, mapping.note)
            )
    for mapped in found.values():
        mapped.sort(key=lambda m: (m.criterion.version.framework.code, m.criterion.order))
    return found


def version_page(pk: int) -> VersionPage:
    """A version's whole tree with levels, artefacts and mappings, and what is still missing."""
    current = version(pk)
    nodes = version_tree(current)
    mapped = mappings_of(current)
    criteria = [node for node in nodes if node.kind == CriterionKind.CRITERION]
    for node in nodes:
        node.level_list = list(node.levels.all())
        for level in node.level_list:
            level.artefact_labels = artefact_labels(level.expected_artefacts)
        node.mapped = mapped.get(node.pk, [])
    levels = [level for node in criteria for level in node.level_list]
    counts = {
        "nodes": len(nodes),
        "criteria": len(criteria),
        "weights_missing": sum(1 for node in nodes if node.weight is None),
        "titles_missing": sum(1 for node in nodes if not node.title_th),
        "levels": len(levels),
        "level_texts_missing": sum(1 for lv in levels if not (lv.text_th or lv.text_en)),
    }
    return VersionPage(
        current, nodes, sum(len(m) for m in mapped.values()) if mapped else 0, counts
    )
