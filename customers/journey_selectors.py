"""Reads of customer journey maps for the pages and the API, each in a fixed number of queries.

Coverage of critical points: a critical stage is covered when a service guideline of the
charter's reference version points at it. The charter is the organization's governed document
of kind "service charter"; its reference version is the latest approved one, else the latest
version of any status (a charter still being drafted).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from seam_scm.approvals.models import OPEN_STATUSES, DocumentKind, DocumentVersion, VersionStatus
from seam_scm.history import HistoryRow, merged_history

from .models import JourneyMap, JourneyStage, ServiceGuideline


@dataclass(frozen=True)
class CharterVersions:
    reference: DocumentVersion | None  # the version coverage is measured against
    open: DocumentVersion | None  # a newer version being prepared, if any

    @property
    def ids(self) -> list[int]:
        return [v.pk for v in (self.reference, self.open) if v is not None]


def charter_versions() -> CharterVersions:
    """The charter's reference version (latest approved, else latest) and a newer open one.

    One query.
    """
    versions = list(
        DocumentVersion.objects.filter(document__kind=DocumentKind.SERVICE_CHARTER)
        .select_related("document")
        .order_by("document_id", "-number")
    )
    if not versions:
        return CharterVersions(None, None)
    # There is one charter per organization; should there be more, the first declared counts.
    versions = [v for v in versions if v.document_id == versions[0].document_id]
    approved = next((v for v in versions if v.status == VersionStatus.APPROVED), None)
    reference = approved or versions[0]
    newer_open = next(
        (v for v in versions if v.status in OPEN_STATUSES and v.number > reference.number), None
    )
    return CharterVersions(reference, newer_open)


def coverage_version() -> DocumentVersion | None:
    """The charter version whose guidelines cover critical points (None: no charter yet)."""
    return charter_versions().reference


# --- the list --------------------------------------------------------------------------------


def journey_list(segment_id: int | None = None) -> QuerySet[JourneyMap]:
    """Journey maps with `stage_count`, `critical_count` and `uncovered_count`.

    `uncovered_count`: critical stages no guideline of the charter's reference version covers.
    Two queries (the charter's versions, then the list).
    """
    reference = coverage_version()
    covered = ServiceGuideline.objects.filter(
        version_id=reference.pk if reference else None, journey_stage__isnull=False
    ).values("journey_stage_id")
    critical = Q(stages__is_critical=True)
    journeys = JourneyMap.objects.select_related("segment", "service").annotate(
        stage_count=Count("stages", distinct=True),
        critical_count=Count("stages", filter=critical, distinct=True),
        uncovered_count=Count(
            "stages", filter=critical & ~Q(stages__id__in=covered), distinct=True
        ),
    )
    if segment_id:
        journeys = journeys.filter(segment_id=segment_id)
    return journeys.order_by("segment__order", "segment__code", "title", "id")


# --- one journey map -------------------------------------------------------------------------


def journey_detail(journey_pk: int) -> JourneyMap:
    """One journey map with its segment and service (raises DoesNotExist)."""
    return JourneyMap.objects.select_related("segment", "service").get(pk=journey_pk)


def stages_of(journey: JourneyMap) -> list[JourneyStage]:
    return list(journey.stages.order_by("order", "id"))


@dataclass
class CriticalPoint:
    stage: JourneyStage
    covered: bool
    guidelines: list[ServiceGuideline] = field(default_factory=list)  # in the reference version
    planned: list[ServiceGuideline] = field(default_factory=list)  # in a newer open version


def critical_point_coverage(
    journey: JourneyMap | None = None, *, versions: CharterVersions | None = None
) -> list[CriticalPoint]:
    """The critical stages (of one journey map, or of all) and whether the charter covers them.

    A stage is covered when a guideline of the charter's reference version (the latest
    approved, else the latest version) points at it; `planned` lists guidelines of a newer
    version still being prepared. Three queries at most.
    """
    versions = versions or charter_versions()
    stages = JourneyStage.objects.filter(is_critical=True).select_related("journey__segment")
    if journey is not None:
        stages = stages.filter(journey=journey)
    stages = list(stages.order_by("journey__segment__order", "journey__title", "order", "id"))
    by_stage: dict[int, list[ServiceGuideline]] = defaultdict(list)
    if stages and versions.ids:
        guidelines = ServiceGuideline.objects.filter(
            version_id__in=versions.ids, journey_stage_id__in=[s.pk for s in stages]
        ).select_related("standard")
        for guideline in guidelines:
            by_stage[guideline.journey_stage_id].append(guideline)
    reference_id = versions.reference.pk if versions.reference else None
    points = []
    for stage in stages:
        found = by_stage.get(stage.pk, [])
        current = [g for g in found if g.version_id == reference_id]
        planned = [g for g in found if g.version_id != reference_id]
        points.append(CriticalPoint(stage, bool(current), current, planned))
    return points


def journey_history(journey: JourneyMap) -> list[HistoryRow]:
    """The map's changes and its stages' (also deleted stages), newest first."""
    return merged_history(journey, JourneyStage, "journey", lambda row: f"{row.order}. {row.name}")
