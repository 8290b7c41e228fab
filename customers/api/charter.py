"""API of the customer service charter and service standards (criterion 5.1): the same
services, selectors and rules as the pages.

`service-charter` is the organization's one charter: GET tells its document, versions,
readiness for criterion 5.1 level 3 and public addresses; POST creates it. The content
endpoints write only to the charter's open draft (400 on approved, submitted or other
documents' versions); submitting, approving and publishing are `documents`,
`document-versions` and `approvals` endpoints.
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

from .. import charter_selectors as selectors
from .. import charter_services as services
from ..models import (
    BlueprintStep,
    CharterCommitment,
    CharterIntro,
    JourneyStage,
    ProductService,
    RecoveryScenario,
    ServiceGuideline,
    ServiceStandard,
)

VERSION_HELP = "The charter version (its open draft) the row belongs to."


# --- the charter ---------------------------------------------------------------------------


class CharterVersionSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=VersionStatus.choices)
    approved_on = serializers.DateField(allow_null=True, help_text="The approval meeting date.")
    approving_body = serializers.CharField(allow_blank=True)
    meeting_number = serializers.CharField(allow_blank=True)
    published_at = serializers.DateTimeField(allow_null=True)


class CharterPublicUrlsSerializer(serializers.Serializer):
    th = serializers.URLField()
    en = serializers.URLField()


@extend_schema_serializer(many=False)
class ServiceCharterSerializer(serializers.Serializer):
    document = serializers.IntegerField(
        allow_null=True, help_text="The charter's governed document; null before it is created."
    )
    title = serializers.CharField(allow_blank=True)
    versions = CharterVersionSummarySerializer(many=True, help_text="Newest first.")
    latest_version = serializers.IntegerField(allow_null=True)
    open_version = serializers.IntegerField(
        allow_null=True, help_text="The draft (or returned version) content may be written to."
    )
    approved_version = serializers.IntegerField(allow_null=True, help_text="The version in force.")
    published_version = serializers.IntegerField(allow_null=True)
    public_urls = CharterPublicUrlsSerializer(
        allow_null=True,
        help_text="Stable public addresses (Thai, English) once a version is published.",
    )
    readiness = ReadinessSerializer(help_text="Criterion 5.1 level 3.")


def _charter_data(request) -> dict:
    document = services.charter_document()
    data = {
        "document": None,
        "title": "",
        "versions": [],
        "latest_version": None,
        "open_version": None,
        "approved_version": None,
        "published_version": None,
        "public_urls": None,
        "readiness": selectors.charter_readiness().as_dict(),
    }
    if document is None:
        return data
    page = selectors.charter_page(document, prefer_draft=True)
    versions = []
    for v in page.versions:
        approval = getattr(v, "approval", None)
        versions.append(
            {
                "id": v.pk,
                "number": v.number,
                "status": v.status,
                "approved_on": approval.meeting_date if approval else None,
                "approving_body": approval.approving_body_name if approval else "",
                "meeting_number": approval.meeting_number if approval else "",
                "published_at": v.published_at,
            }
        )
    data.update(
        document=document.pk,
        title=document.title,
        versions=versions,
        latest_version=page.latest.pk,
        open_version=page.open_version.pk
        if page.open_version and page.open_version.is_editable
        else None,
        approved_version=page.approved.pk if page.approved else None,
        published_version=page.published.pk if page.published else None,
        public_urls=(
            selectors.public_charter_urls(request.organization) if page.published else None
        ),
    )
    return data


@extend_schema_view(
    list=extend_schema(
        summary="The organization's service charter: versions, readiness, public addresses",
        responses=ServiceCharterSerializer,
    ),
    create=extend_schema(
        summary="Create the service charter with its first, empty draft (once per organization)",
        request=None,
        responses={201: ServiceCharterSerializer},
    ),
)
class ServiceCharterViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ServiceCharterSerializer
    pagination_class = None

    def get_queryset(self):  # the charter is one document; nothing to list or page through
        return DocumentVersion.objects.none()

    def list(self, request, *args, **kwargs):
        return Response(ServiceCharterSerializer(_charter_data(request)).data)

    @django_errors_as_api_errors
    def _create(self, request) -> None:
        services.create_charter(organization=request.organization, by=request.user)

    def create(self, request, *args, **kwargs):
        self._create(request)
        data = ServiceCharterSerializer(_charter_data(request)).data
        return Response(data, status=status.HTTP_201_CREATED)


# --- content -------------------------------------------------------------------------------


class _ContentSerializer(serializers.ModelSerializer):
    version = OrgRelatedField(DocumentVersion, help_text=VERSION_HELP)

    def validate_version(self, version: DocumentVersion) -> DocumentVersion:
        if self.instance is not None and version.pk != self.instance.version_id:
            raise serializers.ValidationError(_("A row cannot move to another version."))
        return version


class CharterIntroSerializer(_ContentSerializer):
    class Meta:
        model = CharterIntro
        fields = ["id", "version", "title_en", "summary_en", "contact_th", "contact_en"]


class CharterCommitmentSerializer(_ContentSerializer):
    class Meta:
        model = CharterCommitment
        fields = ["id", "version", "order", "text_th", "text_en"]
        extra_kwargs = {"order": {"required": False, "help_text": "0 or absent: at the end."}}


class CharterServiceStandardSerializer(_ContentSerializer):
    product = OrgRelatedField(ProductService, allow_null=True, required=False)
    owner_unit = OrgRelatedField(OrgUnit)

    class Meta:
        model = ServiceStandard
        fields = [
            "id",
            "version",
            "key",
            "order",
            "service_th",
            "service_en",
            "service_kind",
            "product",
            "time_standard_th",
            "time_standard_en",
            "time_limit",
            "time_unit",
            "metric",
            "target",
            "measurement_method",
            "measurement_frequency",
            "owner_unit",
        ]
        read_only_fields = ["key"]
        extra_kwargs = {"order": {"required": False, "help_text": "0 or absent: at the end."}}


class CharterBlueprintStepSerializer(_ContentSerializer):
    version = OrgRelatedField(
        DocumentVersion, required=False, help_text="The service's version; may be left out."
    )
    standard = OrgRelatedField(ServiceStandard, help_text="The service standard of the step.")

    class Meta:
        model = BlueprintStep
        fields = [
            "id",
            "version",
            "standard",
            "order",
            "physical_evidence",
            "customer_action",
            "frontstage",
            "backstage",
            "support_processes",
            "is_critical",
        ]
        extra_kwargs = {"order": {"required": False, "help_text": "Absent: after the last."}}

    def validate_standard(self, standard: ServiceStandard) -> ServiceStandard:
        if self.instance is not None and standard.pk != self.instance.standard_id:
            raise serializers.ValidationError(_("A step cannot move to another service."))
        return standard


class CharterGuidelineSerializer(_ContentSerializer):
    standard = OrgRelatedField(ServiceStandard, allow_null=True, required=False)
    journey_stage = OrgRelatedField(
        JourneyStage,
        allow_null=True,
        required=False,
        help_text="A journey stage marked as a critical point.",
    )

    class Meta:
        model = ServiceGuideline
        fields = [
            "id",
            "version",
            "standard",
            "journey_stage",
            "critical_point",
            "behaviour",
            "responsible_role",
            "procedure_reference",
        ]


class CharterRecoveryScenarioSerializer(_ContentSerializer):
    standard = OrgRelatedField(ServiceStandard, allow_null=True, required=False)
    owner_unit = OrgRelatedField(OrgUnit)

    class Meta:
        model = RecoveryScenario
        fields = [
            "id",
            "version",
            "standard",
            "situation",
            "scenario",
            "trigger",
            "immediate_actions",
            "owner_unit",
            "continuity_link",
            "complaint_link",
        ]
        extra_kwargs = {
            "continuity_link": {"help_text": "Required for an emergency: its BCM plan."}
        }


def _content_schema(noun: str):
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {noun} of charter versions",
            parameters=[OpenApiParameter("version", int, description="only this version")],
        ),
        retrieve=extend_schema(summary=f"One of the {noun}"),
        create=extend_schema(summary=f"Add to the charter's draft: {noun} (400 on other versions)"),
        update=extend_schema(summary=f"Change in the charter's draft: {noun} (400 when frozen)"),
        partial_update=extend_schema(summary=f"Change some fields: {noun} (400 when frozen)"),
        destroy=extend_schema(summary=f"Delete from the charter's draft: {noun} (400 when frozen)"),
    )


class _ContentViewSet(ServiceModelViewSet):
    """Rows of charter versions; writes go through the service, which refuses frozen ones."""

    related: tuple[str, ...] = ()
    ordering: tuple[str, ...] = ("version_id", "id")

    def get_queryset(self):
        queryset = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):
            return queryset
        queryset = queryset.filter(version__document__kind=DocumentKind.SERVICE_CHARTER)
        version = positive_int(self.request.query_params.get("version"))
        if version:
            queryset = queryset.filter(version_id=version)
        return queryset.select_related(*self.related).order_by(*self.ordering)


@_content_schema("charter introductions (English title and summary, contacts)")
class CharterIntroViewSet(_ContentViewSet):
    model = CharterIntro
    serializer_class = CharterIntroSerializer

    def save_row(self, row):
        return services.save_intro(row)

    def delete_row(self, row) -> None:
        services.delete_intro(intro=row)


@_content_schema("charter commitments")
class CharterCommitmentViewSet(_ContentViewSet):
    model = CharterCommitment
    serializer_class = CharterCommitmentSerializer
    ordering = ("version_id", "order", "id")

    def save_row(self, row):
        return services.save_commitment(row)

    def delete_row(self, row) -> None:
        services.delete_commitment(commitment=row)


@_content_schema("service standards")
class ServiceStandardViewSet(_ContentViewSet):
    model = ServiceStandard
    serializer_class = CharterServiceStandardSerializer
    ordering = ("version_id", "order", "id")

    def save_row(self, row):
        return services.save_standard(row)

    def delete_row(self, row) -> None:
        services.delete_standard(standard=row)


@_content_schema("service blueprint steps")
class BlueprintStepViewSet(_ContentViewSet):
    model = BlueprintStep
    serializer_class = CharterBlueprintStepSerializer
    ordering = ("version_id", "standard__order", "standard_id", "order", "id")

    def save_row(self, row):
        return services.save_blueprint_step(row)

    def delete_row(self, row) -> None:
        services.delete_blueprint_step(step=row)


@_content_schema("service guidelines at critical points")
class ServiceGuidelineViewSet(_ContentViewSet):
    model = ServiceGuideline
    serializer_class = CharterGuidelineSerializer

    def save_row(self, row):
        return services.save_guideline(row)

    def delete_row(self, row) -> None:
        services.delete_guideline(guideline=row)


@_content_schema("service recovery scenarios")
class RecoveryScenarioViewSet(_ContentViewSet):
    model = RecoveryScenario
    serializer_class = CharterRecoveryScenarioSerializer
    ordering = ("version_id", "situation", "id")

    def save_row(self, row):
        return services.save_recovery(row)

    def delete_row(self, row) -> None:
        services.delete_recovery(scenario=row)


ROUTES = [
    ("service-charter", ServiceCharterViewSet, "service-charter"),
    ("charter-intros", CharterIntroViewSet, "charter-intro"),
    ("charter-commitments", CharterCommitmentViewSet, "charter-commitment"),
    ("service-standards", ServiceStandardViewSet, "service-standard"),
    ("blueprint-steps", BlueprintStepViewSet, "blueprint-step"),
    ("service-guidelines", ServiceGuidelineViewSet, "service-guideline"),
    ("recovery-scenarios", RecoveryScenarioViewSet, "recovery-scenario"),
]
