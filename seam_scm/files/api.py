"""Evidence files in the API: /api/v1/orgs/<org_slug>/files/ and /file-versions/.

The same services and rules as the pages: uploads are validated by content,
downloads ask files.access.may_download and are logged, deleting is soft
unless a coordinator asks for a purge.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from seam_scm.tenancy.api import OrganizationViewSetMixin, django_errors_as_api_errors

from . import selectors, services
from .access import MANAGE_DELETED, may_download, may_manage_deleted
from .downloads import file_response
from .models import Attachment, FileVersion
from .validation import FILE_TYPES

FILE_HELP = "PDF, DOCX, XLSX, PPTX, PNG, JPEG, TXT or CSV. The type is detected from the content."
BINARY = {(200, "application/octet-stream"): OpenApiTypes.BINARY}
DOWNLOAD_ERRORS = {
    403: OpenApiResponse(description="The caller's role may not download this file."),
    404: OpenApiResponse(description="No such file in this organization (or it was deleted)."),
}
VALIDATION_ERROR = OpenApiResponse(
    description=(
        "Refused upload: an empty file, one over the size limit, a type that is not accepted, "
        "a name whose extension does not match the content, an encrypted or damaged PDF, a "
        'damaged image or document. The message is in the caller\'s language: {"file": ["…"]}.'
    )
)


class UserBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    email = serializers.EmailField()


class FileVersionSerializer(serializers.ModelSerializer):
    uploaded_by = UserBriefSerializer(read_only=True)
    uploaded_at = serializers.DateTimeField(source="created_at", read_only=True)
    download_url = serializers.SerializerMethodField(
        help_text="Where to download this version (logged)."
    )

    class Meta:
        model = FileVersion
        fields = [
            "id",
            "attachment",
            "number",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "content_type": {"help_text": "Detected from the content, e.g. application/pdf."},
            "size": {"help_text": "In bytes."},
            "sha256": {"help_text": "SHA-256 of the file, 64 hexadecimal digits."},
        }

    def get_download_url(self, version: FileVersion) -> str:
        return reverse(
            "api:file-version-download",
            kwargs={"org_slug": self.context["request"].organization.slug, "pk": version.pk},
        )


class AttachmentSerializer(serializers.ModelSerializer):
    current_version = FileVersionSerializer(read_only=True)
    versions = FileVersionSerializer(many=True, read_only=True, help_text="Newest first.")
    record_type = serializers.SerializerMethodField(
        help_text='The kind of record this file is evidence for, e.g. "approvals.documentversion".'
    )
    deleted_by = UserBriefSerializer(read_only=True)

    class Meta:
        model = Attachment
        fields = [
            "id",
            "title",
            "description",
            "effective_date",
            "effective_until",
            "record_type",
            "record_id",
            "current_version",
            "versions",
            "created_at",
            "deleted_at",
            "deleted_by",
        ]
        read_only_fields = fields

    def get_record_type(self, attachment: Attachment) -> str | None:
        if attachment.record_type_id is None:
            return None
        record_type = attachment.record_type
        return f"{record_type.app_label}.{record_type.model}"


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=FILE_HELP, allow_empty_file=True, use_url=False)
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    effective_date = serializers.DateField(
        help_text="The date or start of the period this evidence supports (ISO 8601, Gregorian)."
    )
    effective_until = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="The end of the period, if any."
    )


class ReplaceSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=FILE_HELP, allow_empty_file=True, use_url=False)


_LIST_PARAMETERS = [
    OpenApiParameter("search", str, description="Part of the title or of the current file name."),
    OpenApiParameter("type", str, enum=[t.key for t in FILE_TYPES], description="File type."),
    OpenApiParameter(
        "deleted", bool, description="Coordinators: list the deleted files instead of live ones."
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="List evidence files",
        description="Live evidence files of the organization with all their versions.",
        parameters=_LIST_PARAMETERS,
    ),
    retrieve=extend_schema(
        summary="One evidence file with its version history",
        description="A deleted file answers 404, except to coordinators.",
    ),
    create=extend_schema(
        summary="Upload an evidence file (multipart)",
        description=(
            "Send multipart/form-data with the file and its metadata. The type is detected "
            "from the content; the name's extension must agree with it. Editors and "
            "coordinators."
        ),
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer, 400: VALIDATION_ERROR},
    ),
    destroy=extend_schema(
        summary="Delete an evidence file",
        description=(
            "Soft delete: the file is hidden and a coordinator can restore it. A coordinator "
            "may add ?purge=true to delete the file and every version permanently; the "
            "deletion stays in the history with the acting user, and the download log keeps "
            "the names and SHA-256 of what was downloaded. A file that is part of a board "
            "approval cannot be purged (400)."
        ),
        parameters=[OpenApiParameter("purge", bool, description="Coordinators: delete for good.")],
        responses={204: None, 400: OpenApiResponse(description="The file cannot be purged.")},
    ),
)
class AttachmentViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Evidence files: one per piece of evidence, each with its versions."""

    model = Attachment
    serializer_class = AttachmentSerializer
    parser_classes = [MultiPartParser, FormParser]
    action_permissions = {"restore": MANAGE_DELETED}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Attachment.objects.none()
        if self.action == "list":
            params = self.request.query_params
            attachments = selectors.attachment_list(
                self.request.membership,
                search=params.get("search", ""),
                type_key=params.get("type", ""),
                deleted=params.get("deleted") == "true"
                and may_manage_deleted(self.request.membership),
            )
        else:
            attachments = selectors.visible_attachments(self.request.membership)
        return selectors.with_versions(attachments)

    def get_serializer_class(self):
        return {"create": AttachmentUploadSerializer, "replace": ReplaceSerializer}.get(
            self.action, AttachmentSerializer
        )

    def create(self, request, *args, **kwargs):
        upload = AttachmentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = dict(upload.validated_data)
        attachment = django_errors_as_api_errors(services.upload_attachment)(
            organization=request.organization,
            uploaded_by=request.user,
            upload=data.pop("file"),
            **data,
        )
        attachment = self.get_queryset().get(pk=attachment.pk)
        return Response(
            AttachmentSerializer(attachment, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @django_errors_as_api_errors
    def perform_destroy(self, instance: Attachment) -> None:
        services.delete_attachment(
            attachment=instance,
            by=self.request.user,
            purge=self.request.query_params.get("purge") == "true",
        )

    @extend_schema(
        summary="Upload a new version of an evidence file (multipart)",
        description=(
            "The new file becomes the current version; earlier versions stay downloadable "
            "through /file-versions/{id}/download/."
        ),
        request={"multipart/form-data": ReplaceSerializer},
        responses={201: FileVersionSerializer, 400: VALIDATION_ERROR},
    )
    @action(detail=True, methods=["post"])
    def replace(self, request, *args, **kwargs):
        attachment = self.get_object()
        upload = ReplaceSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        version = django_errors_as_api_errors(services.replace_file)(
            attachment=attachment, uploaded_by=request.user, upload=upload.validated_data["file"]
        )
        return Response(
            FileVersionSerializer(version, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Restore a deleted evidence file (coordinators)",
        request=None,
        responses={200: AttachmentSerializer},
    )
    @action(detail=True, methods=["post"])
    def restore(self, request, *args, **kwargs):
        attachment = self.get_object()
        services.restore_attachment(attachment=attachment, by=request.user)
        attachment = self.get_queryset().get(pk=attachment.pk)
        return Response(
            AttachmentSerializer(attachment, context=self.get_serializer_context()).data
        )

    @extend_schema(
        summary="Download the current version",
        description=(
            "The file itself, as an attachment with its original name. Every download is "
            "logged. An assessor may download only evidence linked to an assessment."
        ),
        responses={**BINARY, **DOWNLOAD_ERRORS},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        attachment = self.get_object()
        if attachment.current_version is None:
            raise NotFound
        return _download(request, attachment.current_version)


@extend_schema_view(
    retrieve=extend_schema(summary="One version of an evidence file"),
)
class FileVersionViewSet(
    OrganizationViewSetMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Versions by id: each stays downloadable after a newer one replaced it."""

    model = FileVersion
    serializer_class = FileVersionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return FileVersion.objects.none()
        return selectors.visible_versions(self.request.membership)

    @extend_schema(
        summary="Download this version",
        description="The file itself, as an attachment with its original name; logged.",
        responses={**BINARY, **DOWNLOAD_ERRORS},
    )
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        return _download(request, self.get_object())


def _download(request, version: FileVersion):
    if not may_download(request.membership, version.attachment):
        raise PermissionDenied
    response = file_response(version)
    services.record_download(version=version, user=request.user)
    return response
