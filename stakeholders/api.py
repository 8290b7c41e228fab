"""API of the stakeholder database: profiles, VOS, risks, engagements, groups and the team.

The same services and rules as the pages. Representatives' contacts are part
of a profile only for roles that may see personal data; for the others the
field is absent, not empty.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import ngettext
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from seam_scm.privacy import services as privacy_services
from seam_scm.privacy.models import AccessKind, DataModule, ProcessingActivity
from seam_scm.tenancy.api import (
    OrganizationViewSetMixin,
    OrgRelatedField,
    django_errors_as_api_errors,
)
from seam_scm.tenancy.models import Membership, OrgUnit
from seam_scm.tenancy.roles import Action, role_allows

from . import record_selectors, record_services
from .models import (
    Engagement,
    EngagementLevel,
    Quadrant,
    RelationshipRisk,
    Representative,
    RiskRating,
    Stakeholder,
    StakeholderGroup,
    TeamMember,
    VoiceOfStakeholder,
)
from .selectors import filters_from_query, missing_fields, review_months, stakeholder_list
from .services import UnitRank


def _may_view_contacts(request) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and role_allows(membership.role, Action.VIEW_PERSONAL_DATA)


# --- profiles ------------------------------------------------------------------------------


class UnitRankSerializer(serializers.Serializer):
    unit = OrgRelatedField(OrgUnit)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name_th", read_only=True)
    importance_rank = serializers.IntegerField(
        min_value=1, help_text="1 is the most important stakeholder of the unit."
    )

    def validate_unit(self, unit: OrgUnit) -> OrgUnit:
        if unit.kind not in (OrgUnit.Kind.LINE, OrgUnit.Kind.DEPARTMENT):
            raise serializers.ValidationError(
                "Profiles are kept per business line or department, not per division."
            )
        return unit


NOT_A_PURPOSE_IN_USE = "Choose a purpose in use of the record of processing for stakeholders."
BASIS_OF_PURPOSE = (
    "The lawful basis is the purpose's ({basis}); send one of them, or both agreeing."
)
PURPOSE_NEEDED = "Give the purpose of processing (processing_activity) or the lawful basis."


class RepresentativeSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        required=False, help_text="Give the id to change an existing row; omit it to add one."
    )
    processing_activity = OrgRelatedField(
        ProcessingActivity,
        allow_null=True,
        required=False,
        help_text=(
            "The purpose of the record of processing the contacts are kept for (its id); the "
            "lawful basis follows from it. Older clients may send lawful_basis alone: the "
            "module's first purpose in use with that basis is taken."
        ),
    )
    processing_purpose = serializers.SerializerMethodField(
        help_text="The name of the purpose of processing."
    )

    class Meta:
        model = Representative
        fields = [
            "id",
            "kind",
            "name",
            "position",
            "phone",
            "email",
            "lawful_basis",
            "processing_activity",
            "processing_purpose",
        ]
        extra_kwargs = {"lawful_basis": {"required": False}}

    def get_processing_purpose(self, representative) -> str | None:
        activity = (
            representative.processing_activity if representative.processing_activity_id else None
        )
        return activity.purpose if activity else None

    def validate(self, data: dict) -> dict:
        activity = data.get("processing_activity")
        if activity is not None:
            allowed = privacy_services.purposes_for(
                DataModule.STAKEHOLDERS, current_id=self._current_purpose(data)
            )
            if activity.pk not in {purpose.pk for purpose in allowed}:
                raise serializers.ValidationError({"processing_activity": NOT_A_PURPOSE_IN_USE})
            basis = data.get("lawful_basis")
            if basis and basis != activity.lawful_basis:
                raise serializers.ValidationError(
                    {"lawful_basis": BASIS_OF_PURPOSE.format(basis=activity.lawful_basis)}
                )
            data["lawful_basis"] = activity.lawful_basis
        elif not data.get("lawful_basis") and data.get("id") is None:
            raise serializers.ValidationError({"lawful_basis": PURPOSE_NEEDED})
        return data

    def _current_purpose(self, data: dict) -> int | None:
        """The purpose an existing row already names may stay, even when no longer in use."""
        if data.get("id") is None:
            return None
        return (
            Representative.objects.filter(pk=data["id"])
            .values_list("processing_activity_id", flat=True)
            .first()
        )


LEVELS = ", ".join(f"{value} {label}" for value, label in EngagementLevel.choices)


# Described inline: an enum would become a named component per field and clash.
@extend_schema_field(
    {"type": "integer", "minimum": 1, "maximum": 6, "description": f"Level: {LEVELS}."}
)
class LevelField(serializers.ChoiceField):
    """A level on the engagement continuum, inline in the schema (two fields share it)."""

    def __init__(self, **kwargs):
        super().__init__(choices=EngagementLevel.choices, **kwargs)


class StakeholderSerializer(serializers.ModelSerializer):
    group = OrgRelatedField(StakeholderGroup)
    current_level = LevelField()
    target_level = LevelField()
    units = UnitRankSerializer(
        source="unit_links",
        many=True,
        required=False,
        help_text="Units that deal with the stakeholder; when given, it replaces the list.",
    )
    representatives = RepresentativeSerializer(
        many=True,
        required=False,
        help_text=(
            "Personal data: present only for roles that may see it. When given, it replaces "
            "the list: rows with an id are changed, rows without are added, others removed."
        ),
    )
    quadrant = serializers.ChoiceField(choices=Quadrant.choices, read_only=True)
    relationship_gap = serializers.IntegerField(
        read_only=True, help_text="Steps from the current to the target level."
    )
    stale = serializers.SerializerMethodField(
        help_text="Not reviewed within the organization's review period."
    )
    missing_fields = serializers.SerializerMethodField(
        help_text="What a complete profile still needs."
    )

    class Meta:
        model = Stakeholder
        fields = [
            "id",
            "code",
            "name_th",
            "name_en",
            "side",
            "group",
            "status",
            "mission",
            "structure",
            "network",
            "role",
            "needs_from_them",
            "key_issues",
            "source",
            "last_reviewed",
            "influence",
            "interest",
            "legitimacy",
            "urgency",
            "current_level",
            "target_level",
            "units",
            "representatives",
            "quadrant",
            "relationship_gap",
            "stale",
            "missing_fields",
        ]
        # The code's uniqueness per organization is checked by the service, with its message.
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        # Schema generation has no member: it documents the field.
        if hasattr(request, "membership") and not _may_view_contacts(request):
            fields.pop("representatives")
        return fields

    def _review_months(self) -> int:
        if "review_months" not in self.context:
            self.context["review_months"] = review_months()
        return self.context["review_months"]

    def get_stale(self, stakeholder) -> bool:
        return stakeholder.is_stale(self._review_months())

    def get_missing_fields(self, stakeholder) -> list[str]:
        return missing_fields(stakeholder)

    def validate_units(self, units: list[dict]) -> list[dict]:
        ids = [row["unit"].pk for row in units]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError("A unit is listed twice.")
        return units


class RepresentativeWrites:
    """Turns the nested representatives of a request into rows to save and rows to remove."""

    @staticmethod
    def split(stakeholder: Stakeholder | None, rows: list[dict] | None):
        if rows is None:
            return [], []
        existing = {r.pk: r for r in stakeholder.representatives.all()} if stakeholder else {}
        kept, seen = [], set()
        for row in rows:
            row = dict(row)
            pk = row.pop("id", None)
            if pk is not None:
                if pk not in existing:
                    raise serializers.ValidationError(
                        {"representatives": [f"No representative {pk} on this profile."]}
                    )
                representative = existing[pk]
                seen.add(pk)
            else:
                representative = Representative()
            for field, value in row.items():
                setattr(representative, field, value)
            kept.append(representative)
        removed = [r for pk, r in existing.items() if pk not in seen]
        return kept, removed


STAKEHOLDER_FILTERS = [
    OpenApiParameter("q", str, description="Search code, Thai or English name and key issues"),
    OpenApiParameter("group", int, description="Stakeholder group id"),
    OpenApiParameter("unit", int, description="Unit id (a business line includes its units)"),
    OpenApiParameter("quadrant", str, enum=Quadrant.values, description="Power-interest quadrant"),
    OpenApiParameter("side", str, enum=Stakeholder.Side.values, description="Internal or external"),
    OpenApiParameter("gap", bool, description="Only those below their target level"),
    OpenApiParameter("stale", bool, description="Only those not reviewed within the period"),
    OpenApiParameter("incomplete", bool, description="Only profiles missing required fields"),
]


@extend_schema_view(
    list=extend_schema(
        summary="List stakeholder profiles (filtered like the list page)",
        parameters=STAKEHOLDER_FILTERS,
    ),
    retrieve=extend_schema(summary="One stakeholder profile"),
    create=extend_schema(summary="Add a stakeholder profile with its units and representatives"),
    update=extend_schema(summary="Replace a stakeholder profile"),
    partial_update=extend_schema(summary="Change a stakeholder profile"),
    destroy=extend_schema(summary="Delete a profile not named in any relationship plan"),
)
class StakeholderViewSet(OrganizationViewSetMixin, viewsets.ModelViewSet):
    model = Stakeholder
    serializer_class = StakeholderSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Stakeholder.objects.none()
        filters = filters_from_query(self.request.query_params)
        stakeholders = stakeholder_list(filters)
        contacts = _may_view_contacts(self.request)
        stakeholders = record_selectors.with_profile_relations(stakeholders, contacts=contacts)
        if contacts:
            stakeholders = stakeholders.prefetch_related("representatives__processing_activity")
        return stakeholders

    def _save(self, serializer, stakeholder: Stakeholder):
        data = dict(serializer.validated_data)
        units = data.pop("unit_links", None)
        representatives = data.pop("representatives", None)
        if not _may_view_contacts(self.request):
            representatives = None
        for field, value in data.items():
            setattr(stakeholder, field, value)
        kept, removed = RepresentativeWrites.split(
            stakeholder if stakeholder.pk else None, representatives
        )
        record_services.save_profile(
            stakeholder=stakeholder,
            units=[UnitRank(row["unit"], row["importance_rank"]) for row in units]
            if units is not None
            else None,
            representatives=kept,
            removed_representatives=removed,
        )
        # Answer with the relations as they are now saved.
        serializer.instance = self.get_queryset().get(pk=stakeholder.pk)

    def get_object(self):
        self._retrieved = super().get_object()
        return self._retrieved

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if _may_view_contacts(request):
            for representative in self._retrieved.representatives.all():
                privacy_services.log_view(request.membership, representative, path=request.path)
        return response

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._page = list(page) if page is not None else list(queryset)
        return page

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if _may_view_contacts(request):
            shown = getattr(self, "_page", None) or []
            count = sum(len(stakeholder.representatives.all()) for stakeholder in shown)
            if count:
                privacy_services.log_access(
                    request.membership,
                    kind=AccessKind.VIEW,
                    what=ngettext(
                        "%(count)s stakeholder representative (list)",
                        "%(count)s stakeholder representatives (list)",
                        count,
                    )
                    % {"count": count},
                    path=request.get_full_path(),
                )
        return response

    @django_errors_as_api_errors
    def perform_create(self, serializer):
        self._save(serializer, Stakeholder(organization=self.request.organization))

    @django_errors_as_api_errors
    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    @django_errors_as_api_errors
    def perform_destroy(self, instance):
        record_services.delete_stakeholder(stakeholder=instance)

    @extend_schema(request=None, summary="Mark the profile as reviewed today")
    @action(detail=True, methods=["post"])
    @django_errors_as_api_errors
    def review(self, request, org_slug: str, pk: int):
        stakeholder = self.get_object()
        record_services.mark_reviewed(stakeholder=stakeholder)
        return Response(self.get_serializer(self.get_queryset().get(pk=stakeholder.pk)).data)


# --- voice of stakeholders -----------------------------------------------------------------


class VoiceSerializer(serializers.ModelSerializer):
    stakeholder = OrgRelatedField(Stakeholder)
    owner_unit = OrgRelatedField(OrgUnit)
    risks = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Relationship risks that answer this VOS."
    )
    plan_items = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Relationship plan items that address this VOS."
    )

    class Meta:
        model = VoiceOfStakeholder
        fields = [
            "id",
            "stakeholder",
            "polarity",
            "topic",
            "description",
            "source",
            "heard_on",
            "importance",
            "owner_unit",
            "risks",
            "plan_items",
        ]


def _stakeholder_parameter(what: str) -> list[OpenApiParameter]:
    return [OpenApiParameter("stakeholder", int, description=f"Only this stakeholder's {what}")]


def _by_stakeholder(queryset, request):
    chosen = request.query_params.get("stakeholder", "")
    return queryset.filter(stakeholder_id=int(chosen)) if chosen.isdigit() else queryset


class SavingViewSet(OrganizationViewSetMixin, viewsets.ModelViewSet):
    """Create and update through a service `save(instance, validated_data)`."""

    def save(self, instance, data: dict):  # pragma: no cover - every subclass sets it
        raise NotImplementedError

    @django_errors_as_api_errors
    def perform_create(self, serializer):
        instance = self.model(organization=self.request.organization)
        serializer.instance = self.save(instance, dict(serializer.validated_data))

    @django_errors_as_api_errors
    def perform_update(self, serializer):
        serializer.instance = self.save(serializer.instance, dict(serializer.validated_data))


@extend_schema_view(
    list=extend_schema(
        summary="List the voice of stakeholders (needs and expectations)",
        parameters=_stakeholder_parameter("voices"),
    ),
    create=extend_schema(summary="Record a VOS"),
    destroy=extend_schema(summary="Delete a VOS no plan item addresses"),
)
class VoiceViewSet(SavingViewSet):
    model = VoiceOfStakeholder
    serializer_class = VoiceSerializer

    def get_queryset(self):
        voices = super().get_queryset().prefetch_related("risks", "plan_items")
        return _by_stakeholder(voices, self.request)

    def save(self, voice, data):
        for field, value in data.items():
            setattr(voice, field, value)
        return record_services.save_voice(voice=voice)

    @django_errors_as_api_errors
    def perform_destroy(self, instance):
        record_services.delete_voice(voice=instance)


# --- relationship risks --------------------------------------------------------------------


class RiskSerializer(serializers.ModelSerializer):
    stakeholder = OrgRelatedField(Stakeholder)
    owner_unit = OrgRelatedField(OrgUnit)
    voices = OrgRelatedField(
        VoiceOfStakeholder, many=True, required=False, help_text="VOS of the same stakeholder."
    )
    score = serializers.IntegerField(read_only=True, help_text="likelihood × impact")
    rating = serializers.ChoiceField(choices=RiskRating.choices, read_only=True)

    class Meta:
        model = RelationshipRisk
        fields = [
            "id",
            "stakeholder",
            "description",
            "likelihood",
            "impact",
            "score",
            "rating",
            "mitigation",
            "owner_unit",
            "corporate_register_ref",
            "voices",
        ]


@extend_schema_view(
    list=extend_schema(
        summary="List relationship risks with their rating",
        parameters=_stakeholder_parameter("risks"),
    ),
    create=extend_schema(summary="Add a relationship risk"),
)
class RiskViewSet(SavingViewSet):
    model = RelationshipRisk
    serializer_class = RiskSerializer

    def get_queryset(self):
        return _by_stakeholder(super().get_queryset().prefetch_related("voices"), self.request)

    def save(self, risk, data):
        voices = data.pop("voices", None)
        for field, value in data.items():
            setattr(risk, field, value)
        return record_services.save_risk(risk=risk, voices=voices)

    def perform_destroy(self, instance):
        record_services.delete_risk(risk=instance)


# --- engagements ---------------------------------------------------------------------------


class MinutesSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Evidence file id (see /files/).")
    title = serializers.CharField()
    file_name = serializers.CharField(source="current_version.original_name")
    file_version = serializers.IntegerField(source="current_version_id")


class EngagementSerializer(serializers.ModelSerializer):
    stakeholders = OrgRelatedField(Stakeholder, many=True)
    minutes = serializers.SerializerMethodField(help_text="Minutes attached as evidence files.")

    class Meta:
        model = Engagement
        fields = [
            "id",
            "held_on",
            "kind",
            "title",
            "stakeholders",
            "participants",
            "summary",
            "follow_ups",
            "minutes",
        ]

    @extend_schema_field(MinutesSerializer(many=True))
    def get_minutes(self, engagement) -> list[dict]:
        minutes = getattr(engagement, "minutes", None)
        if minutes is None:
            minutes = record_selectors.attachments_by_record([engagement]).get(engagement.pk, [])
        return MinutesSerializer(minutes, many=True).data


class MinutesUploadSerializer(serializers.Serializer):
    # Empty files are refused by the evidence checks, with the same message as on the pages.
    file = serializers.FileField(
        allow_empty_file=True, help_text="The minutes (PDF, DOCX, ...), checked by content."
    )


@extend_schema_view(
    list=extend_schema(
        summary="List engagements held with stakeholders",
        parameters=_stakeholder_parameter("engagements"),
    ),
    create=extend_schema(summary="Record an engagement"),
)
class EngagementViewSet(SavingViewSet):
    model = Engagement
    serializer_class = EngagementSerializer

    def get_queryset(self):
        engagements = record_selectors.engagement_list()
        chosen = self.request.query_params.get("stakeholder", "")
        if chosen.isdigit():
            engagements = engagements.filter(stakeholders=int(chosen))
        return engagements

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return record_selectors.with_minutes(page) if page is not None else None

    def save(self, engagement, data):
        stakeholders = data.pop("stakeholders", None)
        if stakeholders is None:
            stakeholders = list(engagement.stakeholders.all())
        for field, value in data.items():
            setattr(engagement, field, value)
        return record_services.save_engagement(engagement=engagement, stakeholders=stakeholders)

    def perform_destroy(self, instance):
        record_services.delete_engagement(engagement=instance)

    @extend_schema(
        request={"multipart/form-data": MinutesUploadSerializer},
        responses={201: EngagementSerializer},
        summary="Attach minutes to an engagement (multipart upload)",
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def minutes(self, request, org_slug: str, pk: int):
        engagement = self.get_object()
        upload = MinutesUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            record_services.save_engagement(
                engagement=engagement,
                stakeholders=list(engagement.stakeholders.all()),
                minutes=upload.validated_data["file"],
                uploaded_by=request.user,
            )
        except DjangoValidationError as error:
            errors = getattr(error, "message_dict", {})
            raise ApiValidationError({"file": errors.get("minutes_file", error.messages)}) from None
        engagement = record_selectors.with_minutes([engagement])[0]
        return Response(self.get_serializer(engagement).data, status=status.HTTP_201_CREATED)


# --- groups and the team -------------------------------------------------------------------


class GroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = StakeholderGroup
        fields = ["id", "code", "name_th", "name_en", "order"]
        validators = []


@extend_schema_view(
    list=extend_schema(summary="List the organization's stakeholder groups"),
    create=extend_schema(summary="Add a stakeholder group (coordinators)"),
    destroy=extend_schema(summary="Delete a group nobody belongs to (coordinators)"),
)
class GroupViewSet(SavingViewSet):
    model = StakeholderGroup
    serializer_class = GroupSerializer
    write_action = Action.MANAGE_ORGANIZATION

    def save(self, group, data):
        for field, value in data.items():
            setattr(group, field, value)
        return record_services.save_group(group=group)

    @django_errors_as_api_errors
    def perform_destroy(self, instance):
        record_services.delete_group(group=instance)


class MemberUserField(serializers.PrimaryKeyRelatedField):
    """A user who is a member of this organization (resolved in the request's scope)."""

    def get_queryset(self):
        return get_user_model().objects.filter(pk__in=Membership.objects.values("user_id"))


class TeamMemberSerializer(serializers.ModelSerializer):
    business_line = OrgRelatedField(OrgUnit)
    user = MemberUserField(
        allow_null=True, required=False, help_text="The member's user account here, if any."
    )

    class Meta:
        model = TeamMember
        fields = ["id", "name", "position", "business_line", "team_role", "user"]


@extend_schema_view(
    list=extend_schema(summary="List the cross-functional stakeholder team"),
    create=extend_schema(summary="Add a member to the team"),
)
class TeamMemberViewSet(SavingViewSet):
    model = TeamMember
    serializer_class = TeamMemberSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("business_line")

    def save(self, member, data):
        for field, value in data.items():
            setattr(member, field, value)
        return record_services.save_team_member(member=member)

    def perform_destroy(self, instance):
        record_services.delete_team_member(member=instance)
