"""Evidence packs in the API: /api/v1/orgs/<org_slug>/packs/.

The same rules as the pages: a member lists, reads, asks for and downloads the kinds of pack
their role allows (a role with none, a viewer, gets 403); a pack of another kind is 403, another
organization's pack 404. Asking for a pack answers 201 with the pack as its row stands after
the request: without a broker it was built in-process, so it is already done (or failed);
with one it is queued, and the client polls the pack until `state` is done or failed.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from seam_scm.tenancy.api import OrganizationViewSetMixin, django_errors_as_api_errors
from seam_scm.tenancy.roles import Action

from . import selectors, services
from .downloads import open_pack_file, pack_file_response
from .forms import assessment_options, check_subject
from .kinds import pack_kind
from .models import EvidencePack, PackKind

SUBJECT_HELP = (
    "What the pack is made from: for kind board the id of a document version (submitted for "
    "approval or approved), for kind assessment the id of an assessment cycle."
)
OPTIONS_HELP = (
    'Assessment packs: {"criteria": [ids of the cycle\'s criterion self-assessments]} for '
    "chosen criteria, {} (or nothing) for the whole cycle. Board packs take no options."
)
NO_OPTIONS = gettext_lazy("A board pack takes no options.")


class NotReady(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = services.NOT_READY
    default_code = "not_ready"


class PackSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    requested_by_name = serializers.SerializerMethodField()
    requested_at = serializers.DateTimeField(source="created_at", read_only=True)
    download_url = serializers.SerializerMethodField(
        help_text="Where to download the PDF (logged); null until the pack is done, and for a "
        "pack with personal data when the caller's role may not see personal data."
    )

    class Meta:
        model = EvidencePack
        fields = [
            "id",
            "reference",
            "kind",
            "kind_label",
            "title",
            "subject_id",
            "options",
            "fiscal_year",
            "meeting",
            "meeting_date",
            "agenda_item",
            "includes_personal_data",
            "language",
            "state",
            "state_label",
            "progress",
            "step",
            "failure_reason",
            "page_count",
            "size",
            "sha256",
            "build_seconds",
            "requested_by",
            "requested_by_name",
            "requested_at",
            "started_at",
            "finished_at",
            "download_url",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "fiscal_year": {"help_text": "Fiscal year (B.E.) the pack is filed under."},
            "progress": {"help_text": "0-100, as the worker last reported it."},
            "step": {"help_text": "What the worker is doing, in the requester's language."},
            "failure_reason": {"help_text": "Why the pack failed, for the person who asked."},
            "size": {"help_text": "In bytes."},
            "sha256": {"help_text": "SHA-256 of the PDF, 64 hexadecimal digits."},
            "includes_personal_data": {
                "help_text": "Decided by the requester's role; such a pack is downloaded only by "
                "roles that may see personal data."
            },
        }

    def get_requested_by_name(self, pack: EvidencePack) -> str:
        return pack.requested_by.get_full_name() or pack.requested_by.email

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, pack: EvidencePack) -> str | None:
        request = self.context["request"]
        if not selectors.may_download(request.membership, pack):
            return None
        return reverse(
            "api:pack-download", kwargs={"org_slug": request.organization.slug, "pk": pack.pk}
        )


class PackRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PackKind.choices)
    subject_id = serializers.IntegerField(min_value=1, help_text=SUBJECT_HELP)
    options = serializers.DictField(required=False, default=dict, help_text=OPTIONS_HELP)
    meeting = serializers.CharField(
        max_length=255,
        required=False,
        default="",
        allow_blank=True,
        help_text="Board packs (required): the meeting as printed on the cover, e.g. "
        "การประชุมคณะกรรมการ ครั้งที่ 5/2570.",
    )
    meeting_date = serializers.DateField(
        required=False,
        default=None,
        allow_null=True,
        help_text="Board packs (required): the meeting's date, YYYY-MM-DD (Common Era).",
    )
    agenda_item = serializers.CharField(
        max_length=100, required=False, default="", allow_blank=True, help_text="e.g. 4.2"
    )

    def validate(self, data: dict) -> dict:
        kind = data["kind"]
        if kind not in selectors.usable_kinds(self.context["request"].membership):
            raise PermissionDenied(services.NOT_ALLOWED)
        subject = pack_kind(kind).subject_model.objects.filter(pk=data["subject_id"]).first()
        if subject is None:  # another organization's row is "not found" like any unknown id
            raise ApiValidationError(
                {"subject_id": [_("Nothing with this id in this organization.")]}
            )
        try:
            check_subject(kind, subject)
        except DjangoValidationError as error:
            raise ApiValidationError({"subject_id": error.messages}) from error
        if kind == PackKind.ASSESSMENT:
            try:
                data["options"] = assessment_options(subject, data["options"])
            except DjangoValidationError as error:
                raise ApiValidationError({"options": error.messages}) from error
        if kind == PackKind.BOARD:
            errors = {
                name: [_("This field is required.")]
                for name in ("meeting", "meeting_date")
                if not data.get(name)
            }
            if data["options"]:
                errors["options"] = [NO_OPTIONS]
            if errors:
                raise ApiValidationError(errors)
        data["subject"] = subject
        return data


BINARY_PDF = {(200, "application/pdf"): OpenApiTypes.BINARY}
_LIST_PARAMETERS = [
    OpenApiParameter("fiscal_year", int, description="Only packs filed under this fiscal year."),
    OpenApiParameter("meeting", str, description="Only packs made for this meeting (exactly)."),
    OpenApiParameter("kind", str, enum=PackKind.values, description="Only packs of this kind."),
    OpenApiParameter(
        "state", str, enum=["queued", "running", "done", "failed"], description="Only this state."
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="List the organization's packs of the kinds the caller's role may use",
        description="Newest fiscal year first, then by meeting, newest pack first.",
        parameters=_LIST_PARAMETERS,
    ),
    retrieve=extend_schema(
        summary="One pack with its state and progress (poll this while it is being built)"
    ),
    create=extend_schema(
        summary="Ask for a pack",
        description=(
            "Board packs: coordinators and secretaries; assessment packs: coordinators, "
            "editors, secretaries and assessors. The same request while an identical one is "
            "still queued or building answers that pack. Without a broker the pack is built "
            "during the request."
        ),
        request=PackRequestSerializer,
        responses={
            201: PackSerializer,
            400: OpenApiResponse(description="A missing or bad field, with the reason."),
            403: OpenApiResponse(description="The caller's role may not build this kind."),
        },
    ),
)
class PackViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Evidence packs: PDF files built by a worker; a finished pack never changes."""

    model = EvidencePack
    serializer_class = PackSerializer
    # Every member passes the role check here; which kinds they may use is each kind's
    # Action (check_permissions, PackRequestSerializer, get_object).
    write_action = Action.VIEW

    def check_permissions(self, request):
        super().check_permissions(request)
        if getattr(self, "swagger_fake_view", False):
            return
        if not selectors.may_use_any_kind(request.membership):
            self.permission_denied(request, message=services.NOT_ALLOWED)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EvidencePack.objects.none()
        if self.action == "list":
            filters = selectors.filters_from_query(
                self.request.query_params, selectors.usable_kinds(self.request.membership)
            )
            return selectors.pack_list(self.request.membership, filters)
        # One pack: another organization's is 404 (scope), another kind 403 (get_object).
        return EvidencePack.objects.select_related("requested_by")

    def get_object(self) -> EvidencePack:
        pack = super().get_object()
        if pack.kind not in selectors.usable_kinds(self.request.membership):
            raise PermissionDenied(services.NOT_ALLOWED)
        return pack

    def create(self, request, *args, **kwargs):
        ask = PackRequestSerializer(data=request.data, context=self.get_serializer_context())
        ask.is_valid(raise_exception=True)
        data = ask.validated_data
        pack = django_errors_as_api_errors(services.request_pack)(
            membership=request.membership,
            kind=data["kind"],
            subject=data["subject"],
            options=data["options"],
            meeting=data["meeting"],
            meeting_date=data["meeting_date"],
            agenda_item=data["agenda_item"],
        )
        # The row as the build left it: done already when it ran in-process.
        pack = self.get_queryset().get(pk=pack.pk)
        return Response(self.get_serializer(pack).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Download the PDF",
        description=(
            "The pack's PDF as an attachment named after its reference. Every download is "
            "logged with the caller's role and the file's SHA-256."
        ),
        responses={
            **BINARY_PDF,
            403: OpenApiResponse(
                description="The caller's role may not use this kind of pack, or the pack "
                "includes personal data the role may not see."
            ),
            404: OpenApiResponse(description="No such pack in this organization."),
            409: OpenApiResponse(description="The pack is not done (queued, building, failed)."),
        },
    )
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        pack = self.get_object()
        try:
            services.check_download(request.membership, pack)
        except DjangoValidationError as error:
            raise NotReady(error.messages[0]) from error
        stored = open_pack_file(pack)
        services.record_download(request.membership, pack)
        return pack_file_response(pack, stored)
