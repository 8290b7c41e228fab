"""API of a criterion's evidence links and review comments.

- `evidence-links`: list (`?assessment=<id>`), read, link (editors and coordinators: a record
  of one of the kinds of evidence, by kind and id, among the records the organization may
  link) and unlink, until the cycle is final. A link is not changed: unlink and link again.
- `review-comments`: list (`?assessment=<id>`), read, and write: assessors open a thread
  (optionally about one piece of evidence), assessors and the organization's editors and
  coordinators reply. The service decides: a role it refuses answers 403, any other refusal
  400.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from seam_scm.tenancy.api import OrganizationViewSetMixin, OrgRelatedField
from seam_scm.tenancy.roles import Action, role_allows

from .. import services
from ..artefacts import ARTEFACTS
from ..evidence import EVIDENCE_KINDS, load_records, record_url
from ..models import CriterionAssessment, EvidenceLink, ReviewComment
from .common import call_service, id_filter, user_name

COMMENTING = (Action.REVIEW_ASSESSMENTS, Action.EDIT_RECORDS)
ASSESSMENT_FILTER = OpenApiParameter(
    "assessment", int, description="Only this criterion's (criterion-assessment id)"
)


class EvidenceLinkListSerializer(serializers.ListSerializer):
    """Loads the linked records of a whole page at once: one query per kind of record."""

    def to_representation(self, data):
        links = list(data.all() if hasattr(data, "all") else data)
        load_records(links)
        return super().to_representation(links)


class EvidenceLinkSerializer(serializers.ModelSerializer):
    assessment = OrgRelatedField(
        CriterionAssessment, help_text="The criterion of a cycle (criterion-assessment id)."
    )
    kind = serializers.ChoiceField(
        choices=[(key, kind.label) for key, kind in EVIDENCE_KINDS.items()],
        help_text="What is linked: an evidence file (see /files/) or a record of a module.",
    )
    kind_label = serializers.SerializerMethodField()
    record_id = serializers.IntegerField(
        min_value=1,
        help_text="The record's id: a file, a business line (its stakeholder profiles), an "
        "approved document version, a survey, a journey map, meeting minutes or a KPI "
        "snapshot. Records holding personal data cannot be linked.",
    )
    label = serializers.CharField(
        required=False, allow_blank=True, max_length=255, help_text="Empty: the record's name."
    )
    effective_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="The date the evidence shows the situation on; empty: the record's date.",
    )
    artefact = serializers.ChoiceField(
        choices=[(key, artefact.label) for key, artefact in ARTEFACTS.items()],
        required=False,
        allow_blank=True,
        help_text="The expected artefact it provides, if any (documents no module records, "
        "such as a board resolution, count only through such a link).",
    )
    artefact_label = serializers.SerializerMethodField()
    record_url = serializers.SerializerMethodField(
        help_text="The record's page; empty when it is no longer available."
    )
    record_available = serializers.SerializerMethodField()
    added_by_name = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceLink
        list_serializer_class = EvidenceLinkListSerializer
        fields = [
            "id",
            "assessment",
            "kind",
            "kind_label",
            "record_id",
            "label",
            "effective_date",
            "artefact",
            "artefact_label",
            "record_url",
            "record_available",
            "added_by",
            "added_by_name",
            "created_at",
        ]
        read_only_fields = ["added_by", "created_at"]
        # Linked once per criterion: the service checks it, with its message.
        validators = []

    def validate(self, data: dict) -> dict:
        record = EVIDENCE_KINDS[data["kind"]].choices().filter(pk=data["record_id"]).first()
        if record is None:
            raise serializers.ValidationError(
                {"record_id": _("Choose a record this organization may link.")}
            )
        data["record"] = record
        return data

    def _linked(self, link: EvidenceLink):
        if not hasattr(link, "linked"):
            load_records([link])
        return link.linked

    def get_kind_label(self, link) -> str:
        kind = EVIDENCE_KINDS.get(link.kind)
        return str(kind.label) if kind else link.kind

    def get_artefact_label(self, link) -> str:
        artefact = ARTEFACTS.get(link.artefact)
        return str(artefact.label) if artefact else ""

    def get_record_url(self, link) -> str:
        self._linked(link)
        return record_url(link, self.context["request"].organization.slug)

    def get_record_available(self, link) -> bool:
        return self._linked(link) is not None

    def get_added_by_name(self, link) -> str:
        return user_name(link.added_by)


@extend_schema_view(
    list=extend_schema(summary="List evidence links", parameters=[ASSESSMENT_FILTER]),
    retrieve=extend_schema(summary="One evidence link"),
    create=extend_schema(
        summary="Link a file or a module record as evidence of a criterion (editors and "
        "coordinators; until the cycle is final)"
    ),
    destroy=extend_schema(summary="Unlink evidence (editors and coordinators; until final)"),
)
class EvidenceLinkViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    model = EvidenceLink
    serializer_class = EvidenceLinkSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EvidenceLink.objects.none()
        links = EvidenceLink.objects.select_related("added_by", "assessment__cycle").order_by(
            "assessment_id", "-effective_date", "id"
        )
        assessment = id_filter(self.request, "assessment") if self.action == "list" else None
        if assessment is not None:
            links = links.filter(assessment_id=assessment)
        return links

    def perform_create(self, serializer):
        data = serializer.validated_data
        link = call_service(
            services.link_evidence,
            assessment=data["assessment"],
            kind=data["kind"],
            record=data["record"],
            added_by=self.request.user,
            label=data.get("label", ""),
            effective_date=data.get("effective_date"),
            artefact=data.get("artefact", ""),
        )
        serializer.instance = self.get_queryset().get(pk=link.pk)

    def perform_destroy(self, instance):
        call_service(services.unlink_evidence, link=instance)


class ReviewCommentSerializer(serializers.ModelSerializer):
    assessment = OrgRelatedField(
        CriterionAssessment, help_text="The criterion of a cycle (criterion-assessment id)."
    )
    parent = OrgRelatedField(
        ReviewComment,
        allow_null=True,
        required=False,
        help_text="The comment replied to (a thread's first comment); empty: a new thread "
        "(assessors only).",
    )
    evidence = OrgRelatedField(
        EvidenceLink,
        allow_null=True,
        required=False,
        help_text="The evidence link of the criterion the thread is about; a reply is about "
        "its thread's.",
    )
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = ReviewComment
        fields = [
            "id",
            "assessment",
            "parent",
            "evidence",
            "body",
            "author",
            "author_name",
            "created_at",
        ]
        read_only_fields = ["author", "created_at"]

    def get_author_name(self, comment) -> str:
        return user_name(comment.author)


@extend_schema_view(
    list=extend_schema(
        summary="List review comments (oldest first)", parameters=[ASSESSMENT_FILTER]
    ),
    retrieve=extend_schema(summary="One review comment"),
    create=extend_schema(
        summary="Comment on a criterion (assessors open threads; assessors, editors and "
        "coordinators reply; 403 for other roles)"
    ),
)
class ReviewCommentViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    model = ReviewComment
    serializer_class = ReviewCommentSerializer
    # Every member may try: the service decides who opens threads and who replies.
    write_action = Action.VIEW

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReviewComment.objects.none()
        comments = ReviewComment.objects.select_related("author").order_by(
            "assessment_id", "created_at", "id"
        )
        assessment = id_filter(self.request, "assessment") if self.action == "list" else None
        if assessment is not None:
            comments = comments.filter(assessment_id=assessment)
        return comments

    def create(self, request, *args, **kwargs):
        # As on the criterion page: assessors and the roles that edit records comment (the
        # service then keeps opening a thread to assessors); other roles may not at all.
        role = request.membership.role
        if not any(role_allows(role, action) for action in COMMENTING):
            raise PermissionDenied(_("Your role cannot comment."))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        comment = call_service(
            services.add_comment,
            assessment=data["assessment"],
            author=self.request.user,
            role=self.request.membership.role,
            body=data["body"],
            parent=data.get("parent"),
            evidence=data.get("evidence"),
        )
        serializer.instance = self.get_queryset().get(pk=comment.pk)


ROUTES = [
    ("evidence-links", EvidenceLinkViewSet, "evidence-link"),
    ("review-comments", ReviewCommentViewSet, "review-comment"),
]
