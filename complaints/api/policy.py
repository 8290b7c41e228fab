"""API of the complaint handling policy (criterion 5.3 level 1): the same services, selectors
and rules as the pages.

The content endpoints list the rows of the policy in force unless `?version=<id>` names
another version of the policy; they write only to the policy's open draft (400 on approved,
submitted or other documents' versions, with the services' messages). `complaint-policy`
tells the policy's versions, the version in force and whether criterion 5.3 level 1 is backed
(GET), and declares the policy with its default content (POST); submitting and approving its
versions are `documents`, `document-versions` and `approvals` endpoints.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from seam_scm.approvals.models import DocumentKind, DocumentVersion, VersionStatus
from seam_scm.forms import positive_int
from seam_scm.tenancy.api import (
    OrganizationViewSetMixin,
    OrgRelatedField,
    ReadinessSerializer,
    ServiceModelViewSet,
    django_errors_as_api_errors,
)
from seam_scm.tenancy.models import OrgUnit

from .. import policy_selectors as selectors
from .. import policy_services as services
from ..models import ComplaintCategory, ComplaintChannel, EscalationRule, TimeStandard

VERSION_HELP = "The policy version (its open draft) the row belongs to."
ORDER_HELP = "0 or absent: after the last."


class _ContentSerializer(serializers.ModelSerializer):
    version = OrgRelatedField(DocumentVersion, help_text=VERSION_HELP)

    def validate_version(self, version: DocumentVersion) -> DocumentVersion:
        if self.instance is not None and version.pk != self.instance.version_id:
            raise serializers.ValidationError(_("A row cannot move to another version."))
        return version


class ComplaintChannelSerializer(_ContentSerializer):
    class Meta:
        model = ComplaintChannel
        fields = [
            "id",
            "version",
            "key",
            "order",
            "kind",
            "name_th",
            "name_en",
            "contact",
            "is_active",
        ]
        read_only_fields = ["key"]
        extra_kwargs = {"order": {"required": False, "help_text": ORDER_HELP}}
        # The service gives a new row its key (unique per version).
        validators = []


class ComplaintCategorySerializer(_ContentSerializer):
    class Meta:
        model = ComplaintCategory
        fields = ["id", "version", "key", "order", "code", "name_th", "name_en", "description"]
        read_only_fields = ["key"]
        extra_kwargs = {"order": {"required": False, "help_text": ORDER_HELP}}
        # The code is unique per version: the service checks it, with its message.
        validators = []


class ComplaintTimeStandardSerializer(_ContentSerializer):
    version = OrgRelatedField(
        DocumentVersion, required=False, help_text="The category's version; may be left out."
    )
    category = OrgRelatedField(
        ComplaintCategory, help_text="A category of the same policy version."
    )

    class Meta:
        model = TimeStandard
        fields = [
            "id",
            "version",
            "category",
            "severity",
            "acknowledge_within",
            "acknowledge_unit",
            "resolve_within",
            "resolve_unit",
        ]
        # One standard per category and severity: the service checks it, with its message.
        validators = []


class ComplaintEscalationRuleSerializer(_ContentSerializer):
    escalate_to = OrgRelatedField(
        OrgUnit,
        allow_null=True,
        required=False,
        help_text="A unit whose head is also notified.",
    )

    class Meta:
        model = EscalationRule
        fields = [
            "id",
            "version",
            "key",
            "order",
            "clock",
            "hours_before_due",
            "severity",
            "notify_handler",
            "notify_unit_head",
            "escalate_to",
            "description",
        ]
        read_only_fields = ["key"]
        extra_kwargs = {
            "order": {"required": False, "help_text": ORDER_HELP},
            "hours_before_due": {"help_text": "Working hours before the due time; 0: at breach."},
            "severity": {"help_text": "Empty: every severity."},
        }
        # The service gives a new row its key (unique per version).
        validators = []


def _content_schema(noun: str):
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {noun} of the policy in force, or of another version",
            parameters=[
                OpenApiParameter(
                    "version",
                    int,
                    description="A version of the policy (default: the version in force)",
                )
            ],
        ),
        retrieve=extend_schema(summary=f"One of the {noun}"),
        create=extend_schema(summary=f"Add to the policy's draft: {noun} (400 on other versions)"),
        update=extend_schema(summary=f"Change in the policy's draft: {noun} (400 when frozen)"),
        partial_update=extend_schema(summary=f"Change some fields: {noun} (400 when frozen)"),
        destroy=extend_schema(summary=f"Delete from the policy's draft: {noun} (400 when frozen)"),
    )


class _ContentViewSet(ServiceModelViewSet):
    """Rows of policy versions; writes go through the service, which refuses frozen ones."""

    related: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ("version_id", "order", "id")

    def get_queryset(self):
        queryset = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return queryset
        queryset = queryset.filter(version__document__kind=DocumentKind.COMPLAINT_POLICY)
        if self.action == "list":
            version = positive_int(self.request.query_params.get("version"))
            if version is None:
                in_force = selectors.policy_in_force()
                version = in_force.pk if in_force else None
            queryset = queryset.filter(version_id=version)
        return queryset.select_related(*self.related).order_by(*self.ordering)


@_content_schema("complaint channels")
class ComplaintChannelViewSet(_ContentViewSet):
    model = ComplaintChannel
    serializer_class = ComplaintChannelSerializer

    def save_row(self, row):
        return services.save_channel(row)

    def delete_row(self, row) -> None:
        services.delete_channel(channel=row)


@_content_schema("complaint categories")
class ComplaintCategoryViewSet(_ContentViewSet):
    model = ComplaintCategory
    serializer_class = ComplaintCategorySerializer
    ordering = ("version_id", "order", "code", "id")

    def save_row(self, row):
        return services.save_category(row)

    def delete_row(self, row) -> None:
        services.delete_category(category=row)


@_content_schema("complaint time standards")
class ComplaintTimeStandardViewSet(_ContentViewSet):
    model = TimeStandard
    serializer_class = ComplaintTimeStandardSerializer
    ordering = ("version_id", "category__order", "category__code", "severity", "id")

    def save_row(self, row):
        return services.save_time_standard(row)

    def delete_row(self, row) -> None:
        services.delete_time_standard(time_standard=row)


@_content_schema("complaint escalation rules")
class ComplaintEscalationRuleViewSet(_ContentViewSet):
    model = EscalationRule
    serializer_class = ComplaintEscalationRuleSerializer
    ordering = ("version_id", "clock", "-hours_before_due", "order", "id")

    def save_row(self, row):
        return services.save_escalation_rule(row)

    def delete_row(self, row) -> None:
        services.delete_escalation_rule(escalation_rule=row)


class PolicyVersionSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=VersionStatus.choices)
    approved_on = serializers.DateField(allow_null=True, help_text="The approval meeting date.")
    meeting_number = serializers.CharField(allow_blank=True)


@extend_schema_serializer(many=False)
class ComplaintPolicySerializer(serializers.Serializer):
    document = serializers.IntegerField(
        allow_null=True, help_text="The policy's governed document; null before it is declared."
    )
    title = serializers.CharField(allow_blank=True)
    versions = PolicyVersionSummarySerializer(many=True, help_text="Newest first.")
    version_in_force = serializers.IntegerField(
        allow_null=True, help_text="The approved version whose rules new cases follow."
    )
    open_version = serializers.IntegerField(
        allow_null=True, help_text="The draft (or returned version) content may be written to."
    )
    readiness = ReadinessSerializer(help_text="Criterion 5.3 level 1.")


def _policy_data() -> dict:
    document = selectors.policy_document()
    data = {
        "document": None,
        "title": "",
        "versions": [],
        "version_in_force": None,
        "open_version": None,
        "readiness": selectors.policy_readiness().as_dict(),
    }
    if document is None:
        return data
    page = selectors.policy_page(document)
    data.update(
        document=document.pk,
        title=document.title,
        versions=[
            {
                "id": v.pk,
                "number": v.number,
                "status": v.status,
                "approved_on": v.approval.meeting_date if hasattr(v, "approval") else None,
                "meeting_number": v.approval.meeting_number if hasattr(v, "approval") else "",
            }
            for v in page.versions
        ],
        version_in_force=page.in_force.pk if page.in_force else None,
        open_version=page.open_version.pk
        if page.open_version and page.open_version.is_editable
        else None,
    )
    return data


@extend_schema_view(
    list=extend_schema(
        summary="The organization's complaint handling policy: versions, version in force, "
        "readiness for criterion 5.3 level 1",
        responses=ComplaintPolicySerializer,
    ),
    create=extend_schema(
        summary="Declare the policy with its first draft holding the default channels, "
        "categories, time standards and escalation rules (once per organization)",
        request=None,
        responses={201: ComplaintPolicySerializer},
    ),
)
class ComplaintPolicyViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ComplaintPolicySerializer
    pagination_class = None

    def get_queryset(self):  # the policy is one document; nothing to list or page through
        return DocumentVersion.objects.none()

    def list(self, request, *args, **kwargs):
        return Response(ComplaintPolicySerializer(_policy_data()).data)

    @django_errors_as_api_errors
    def _create(self, request) -> None:
        services.create_policy(organization=request.organization, by=request.user)

    def create(self, request, *args, **kwargs):
        self._create(request)
        return Response(
            ComplaintPolicySerializer(_policy_data()).data, status=status.HTTP_201_CREATED
        )


ROUTES = [
    ("complaint-channels", ComplaintChannelViewSet, "complaint-channel"),
    ("complaint-categories", ComplaintCategoryViewSet, "complaint-category"),
    ("complaint-time-standards", ComplaintTimeStandardViewSet, "complaint-time-standard"),
    ("complaint-escalation-rules", ComplaintEscalationRuleViewSet, "complaint-escalation-rule"),
    ("complaint-policy", ComplaintPolicyViewSet, "complaint-policy"),
]
