"""API of governed documents: the same services and rules as the pages."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from seam_scm.tenancy.api import (
    OrganizationViewSetMixin,
    OrgRelatedField,
    django_errors_as_api_errors,
)
from seam_scm.tenancy.models import OrgUnit
from seam_scm.tenancy.roles import Action
from seam_scm.thai.dates import FiscalYear, current_fiscal_year

from . import services
from .content import kinds_declared_by_modules
from .models import Approval, ApprovingBody, DocumentVersion, GovernedDocument, Transition
from .snapshot import diff_versions


class DocumentSerializer(serializers.ModelSerializer):
    owner_unit = OrgRelatedField(OrgUnit, allow_null=True, required=False)
    versions = serializers.SerializerMethodField(
        help_text="Version ids and statuses, newest first."
    )

    class Meta:
        model = GovernedDocument
        fields = ["id", "kind", "title", "reference", "owner_unit", "description", "versions"]

    def validate_kind(self, kind: str) -> str:
        if self.instance is not None and kind != self.instance.kind:
            raise serializers.ValidationError(_("The kind of a document cannot change."))
        if self.instance is None and kind in kinds_declared_by_modules():
            raise serializers.ValidationError(
                _("Documents of this kind are created on their module's pages.")
            )
        return kind

    def get_versions(self, document) -> list[dict]:
        return [
            {"id": v.id, "number": v.number, "status": v.status}
            for v in sorted(document.versions.all(), key=lambda v: -v.number)
        ]


class TransitionSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField()

    class Meta:
        model = Transition
        fields = ["from_status", "to_status", "by", "reason", "created_at"]


class ApprovalSerializer(serializers.ModelSerializer):
    minutes = serializers.SerializerMethodField()

    class Meta:
        model = Approval
        fields = [
            "id",
            "version",
            "body",
            "committee_name",
            "delegation_reference",
            "meeting_number",
            "meeting_date",
            "agenda_item",
            "resolution",
            "signed_by_name",
            "signed_by_position",
            "minutes",
            "snapshot",
            "created_at",
        ]

    def get_minutes(self, approval) -> dict:
        minutes = approval.minutes
        return {
            "file_version": minutes.id,
            "file_name": minutes.original_name,
            "sha256": minutes.sha256,
        }


class VersionSerializer(serializers.ModelSerializer):
    transitions = TransitionSerializer(many=True, read_only=True)
    approval = ApprovalSerializer(read_only=True)

    class Meta:
        model = DocumentVersion
        fields = [
            "id",
            "document",
            "number",
            "status",
            "title",
            "summary",
            "body",
            "change_note",
            "published_at",
            "public_token",
            "transitions",
            "approval",
        ]
        read_only_fields = ["document", "number", "status", "published_at", "public_token"]


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ApproveSerializer(serializers.Serializer):
    body = serializers.ChoiceField(choices=ApprovingBody.choices)
    committee_name = serializers.CharField(required=False, allow_blank=True, default="")
    delegation_reference = serializers.CharField(required=False, allow_blank=True, default="")
    meeting_number = serializers.CharField()
    meeting_date = serializers.DateField(help_text="ISO date (Christian Era), e.g. 2026-11-20.")
    agenda_item = serializers.CharField()
    resolution = serializers.CharField()
    signed_by_name = serializers.CharField()
    signed_by_position = serializers.CharField()
    minutes_file = serializers.FileField(help_text="The signed minutes (multipart upload).")


@extend_schema_view(
    list=extend_schema(summary="List governed documents"),
    create=extend_schema(
        summary="Declare a governed document (coordinators); its first draft is created"
    ),
)
class DocumentViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    model = GovernedDocument
    serializer_class = DocumentSerializer
    write_action = Action.MANAGE_ORGANIZATION
    action_permissions = {"new_draft": Action.EDIT_RECORDS, "diff": Action.VIEW}

    def get_queryset(self):
        return super().get_queryset().prefetch_related("versions")

    @django_errors_as_api_errors
    def perform_create(self, serializer):
        serializer.instance = services.declare_document(
            organization=self.request.organization,
            by=self.request.user,
            **serializer.validated_data,
        )

    @django_errors_as_api_errors
    def perform_update(self, serializer):
        for field, value in serializer.validated_data.items():
            setattr(serializer.instance, field, value)
        services.save_document(serializer.instance)

    @extend_schema(request=None, responses={201: VersionSerializer}, summary="Start a new draft")
    @action(detail=True, methods=["post"], url_path="new-draft")
    @django_errors_as_api_errors
    def new_draft(self, request, org_slug: str, pk: int):
        draft = services.start_new_draft(document=self.get_object(), by=request.user)
        return Response(VersionSerializer(draft).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("from", int, description="version number (default: the one before)"),
            OpenApiParameter("to", int, description="version number (default: the latest)"),
        ],
        summary="Field-by-field changes between two versions",
    )
    @action(detail=True, methods=["get"])
    def diff(self, request, org_slug: str, pk: int):
        document = self.get_object()
        newest = list(document.versions.order_by("-number")[:2])
        old = newest[-1]
        new = newest[0]
        if "from" in request.query_params or "to" in request.query_params:
            old = get_object_or_404(document.versions, number=request.query_params.get("from"))
            new = get_object_or_404(document.versions, number=request.query_params.get("to"))
        changes = diff_versions(old, new)
        return Response(
            [{"field": c.field, "old": c.old, "new": c.new, "kind": c.kind} for c in changes]
        )


def approve_with_minutes(*, minutes_file, **fields):
    return services.record_approval(minutes_upload=minutes_file, **fields)


@extend_schema_view(
    list=extend_schema(
        summary="List document versions",
        parameters=[OpenApiParameter("document", int, description="only this document's versions")],
    ),
    partial_update=extend_schema(summary="Edit a draft or returned version"),
)
class VersionViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    model = DocumentVersion
    serializer_class = VersionSerializer
    action_permissions = {
        "submit": Action.SUBMIT_DOCUMENTS,
        "withdraw": Action.SUBMIT_DOCUMENTS,
        "return_for_revision": Action.RECORD_APPROVALS,
        "approve": Action.RECORD_APPROVALS,
        "publish": Action.RECORD_APPROVALS,
        "unpublish": Action.RECORD_APPROVALS,
    }

    def get_queryset(self):
        queryset = (
            super()
            .get_queryset()
            .select_related("approval__minutes")
            .prefetch_related("transitions__by")
        )
        document = self.request.query_params.get("document")
        return queryset.filter(document_id=document) if document else queryset

    @django_errors_as_api_errors
    def perform_update(self, serializer):
        for field, value in serializer.validated_data.items():
            setattr(serializer.instance, field, value)
        services.save_draft(serializer.instance)

    def _moved(self, move, request_serializer=None, **kwargs) -> Response:
        """Apply a service to the URL's version; the version is looked up first, so that a
        version of another organization answers 404 before the body is validated."""
        version = self.get_object()
        if request_serializer is not None:
            data = request_serializer(data=self.request.data)
            data.is_valid(raise_exception=True)
            kwargs.update(data.validated_data)
        django_errors_as_api_errors(move)(version=version, **kwargs)
        return Response(VersionSerializer(self.get_queryset().get(pk=version.pk)).data)

    @extend_schema(request=None, responses=VersionSerializer, summary="Submit for approval")
    @action(detail=True, methods=["post"])
    def submit(self, request, org_slug: str, pk: int):
        return self._moved(services.submit_version, by=request.user)

    @extend_schema(request=None, responses=VersionSerializer, summary="Withdraw a submission")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, org_slug: str, pk: int):
        return self._moved(services.withdraw_version, by=request.user)

    @extend_schema(
        request=ReturnSerializer, responses=VersionSerializer, summary="Return for revision"
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_for_revision(self, request, org_slug: str, pk: int):
        return self._moved(services.return_version, ReturnSerializer, by=request.user)

    @extend_schema(
        request={"multipart/form-data": ApproveSerializer},
        responses=VersionSerializer,
        summary="Record the board's approval (freezes the version)",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, org_slug: str, pk: int):
        return self._moved(approve_with_minutes, ApproveSerializer, by=request.user)

    @extend_schema(request=None, responses=VersionSerializer, summary="Publish an approved version")
    @action(detail=True, methods=["post"])
    def publish(self, request, org_slug: str, pk: int):
        return self._moved(services.publish_version)

    @extend_schema(request=None, responses=VersionSerializer, summary="Stop publishing")
    @action(detail=True, methods=["post"])
    def unpublish(self, request, org_slug: str, pk: int):
        return self._moved(services.unpublish_version)


@extend_schema_view(
    list=extend_schema(
        summary="Register of approvals for one fiscal year",
        parameters=[
            OpenApiParameter("year", int, description="fiscal year (B.E.), default current")
        ],
    )
)
class ApprovalViewSet(OrganizationViewSetMixin, viewsets.ReadOnlyModelViewSet):
    model = Approval
    serializer_class = ApprovalSerializer

    def get_queryset(self):
        queryset = super().get_queryset().select_related("minutes")
        if self.action != "list" or getattr(self, "swagger_fake_view", False):
            return queryset
        start_month = self.request.organization.fiscal_year_start_month
        try:
            year = FiscalYear.named(int(self.request.query_params["year"]), start_month)
        except (KeyError, ValueError):
            year = current_fiscal_year(start_month)
        return queryset.filter(meeting_date__range=(year.start, year.end))
