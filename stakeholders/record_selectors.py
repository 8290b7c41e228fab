"""Reads of profiles and their records for the pages and the API, each in a fixed number of queries.

They run inside the request's organization scope like every tenant query;
history tables are not scoped, so they are filtered by organization here.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from seam_scm.files.models import Attachment
from seam_scm.tenancy.models import OrgUnit

from .models import (
    Engagement,
    PlanItem,
    RelationshipRisk,
    Representative,
    Stakeholder,
    StakeholderGroup,
    StakeholderUnit,
    TeamMember,
    VoiceOfStakeholder,
)
from .selectors import StakeholderFilters, missing_fields, stakeholder_list


def with_profile_relations(
    stakeholders: QuerySet[Stakeholder], *, contacts: bool = False
) -> QuerySet[Stakeholder]:
    """Units (with ranks) and representatives, in two queries for any number of rows.

    Without `contacts` only the ids of representatives are read: completeness
    needs to know that one exists, not who it is.
    """
    representatives = Representative.objects.all()
    if not contacts:
        representatives = representatives.only("id", "stakeholder_id")
    return stakeholders.prefetch_related(
        Prefetch("unit_links", queryset=StakeholderUnit.objects.select_related("unit")),
        Prefetch("representatives", queryset=representatives),
    )


@dataclass
class ProfileRow:
    """A stakeholder with what the list shows about it."""

    stakeholder: Stakeholder
    stale: bool
    missing: list[str] = field(default_factory=list)


def annotate_rows(stakeholders, *, months: int, today: dt.date | None = None) -> list[ProfileRow]:
    today = today or timezone.localdate()
    return [
        ProfileRow(s, stale=s.is_stale(months, today), missing=missing_fields(s))
        for s in stakeholders
    ]


def profile_list(filters: StakeholderFilters) -> QuerySet[Stakeholder]:
    """The list page's rows: the shared filtered list, with completeness prefetched."""
    return with_profile_relations(stakeholder_list(filters))


# --- one profile -----------------------------------------------------------------------------


def attachments_by_record(records) -> dict[int, list[Attachment]]:
    """The live files attached to each record (all of one model), in one query."""
    records = list(records)
    if not records:
        return {}
    files = Attachment.objects.filter(
        record_type=ContentType.objects.get_for_model(records[0]),
        record_id__in=[record.pk for record in records],
        deleted_at__isnull=True,
    ).select_related("current_version")
    grouped: dict[int, list[Attachment]] = defaultdict(list)
    for attachment in files:
        grouped[attachment.record_id].append(attachment)
    return grouped


def with_minutes(engagements) -> list[Engagement]:
    """Engagements with `.minutes`, the files attached to each, in one more query."""
    engagements = list(engagements)
    minutes = attachments_by_record(engagements)
    for engagement in engagements:
        engagement.minutes = minutes.get(engagement.pk, [])
    return engagements


def profile(stakeholder_pk: int) -> Stakeholder:
    """One profile with its units and representatives (raises DoesNotExist)."""
    return (
        Stakeholder.objects.select_related("group")
        .prefetch_related(
            Prefetch(
                "unit_links",
                queryset=StakeholderUnit.objects.select_related("unit__parent"),
            ),
            "representatives",
        )
        .get(pk=stakeholder_pk)
    )


def voices_of(stakeholder: Stakeholder) -> QuerySet[VoiceOfStakeholder]:
    return stakeholder.voices.select_related("owner_unit").prefetch_related(
        "risks",
        Prefetch("plan_items", queryset=PlanItem.objects.select_related("version__document")),
    )


def risks_of(stakeholder: Stakeholder) -> QuerySet[RelationshipRisk]:
    return stakeholder.risks.select_related("owner_unit").prefetch_related("voices")


def plan_items_of(stakeholder: Stakeholder) -> QuerySet[PlanItem]:
    """Plan items that name the stakeholder, newest plan version first."""
    return (
        PlanItem.objects.filter(stakeholder=stakeholder)
        .select_related("version__document", "owner_unit", "voice")
        .order_by("-version__document__title", "-version__number", "id")
    )


def engagements_of(stakeholder: Stakeholder) -> list[Engagement]:
    return with_minutes(stakeholder.engagements.prefetch_related("stakeholders"))


# --- engagements, team, groups -------------------------------------------------------------


def engagement_list() -> QuerySet[Engagement]:
    return Engagement.objects.prefetch_related(
        Prefetch(
            "stakeholders", queryset=Stakeholder.objects.only("id", "code", "name_th", "name_en")
        )
    ).order_by("-held_on", "-id")


def team_by_line() -> list[tuple[OrgUnit, list[TeamMember]]]:
    """Team members grouped by business line, lines in code order."""
    members = TeamMember.objects.select_related("business_line", "user").order_by(
        "business_line__code", "team_role", "name"
    )
    grouped: dict[int, tuple[OrgUnit, list[TeamMember]]] = {}
    for member in members:
        grouped.setdefault(member.business_line_id, (member.business_line, []))[1].append(member)
    return list(grouped.values())


def group_list() -> QuerySet[StakeholderGroup]:
    return StakeholderGroup.objects.annotate(stakeholder_count=Count("members"))
