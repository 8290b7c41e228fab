"""Personal data protection in the API: /api/v1/orgs/<org_slug>/privacy/...

The same services and rules as the pages. Every member reads the record of processing and the
privacy notices; the coordinator writes them. Data subject requests, the breach register, the
personal data access log and the retention runs are the coordinator's alone (Action.
MANAGE_PRIVACY): other roles get 403, another organization's rows 404.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from seam_scm.forms import positive_int
from seam_scm.tenancy.api import OrganizationViewSetMixin, django_errors_as_api_errors
from seam_scm.tenancy.roles import Action

from . import breach_services, clocks, processing_services, services
from .models import (
    FINISHED_REQUEST_STATUSES,
    AccessKind,
    BreachIncident,
    DataModule,
    DataSubjectRequest,
    PersonalDataAccess,
    PrivacyNotice,
    ProcessingActivity,
    RequestKind,
    RequestStatus,
    RetentionRun,
)
from .registry import PersonQuery
from .retention import run_retention

PREFIX = "privacy"

RECEIVED_IN_FUTURE = gettext_lazy("The request cannot be received in the future.")


# --- shared pieces ---------------------------------------------------------------------------


class CoordinatorOnlyMixin:
    """Every method, reading too, needs MANAGE_PRIVACY: the registers hold personal data."""

    def required_action(self, request) -> Action:
        return Action.MANAGE_PRIVACY


def _user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email


class ClockSerializer(serializers.Serializer):
    status = serializers.CharField(
        help_text="met, late, overdue, due_soon, open, or not_required (breaches assessed as no "
        "risk)."
    )
    text = serializers.CharField(help_text="In the caller's language.")
    is_alarming = serializers.BooleanField(help_text="overdue or late.")


def _clock(clock: clocks.Clock) -> dict:
    return {"status": clock.status, "text": clock.text, "is_alarming": clock.is_alarming}


@extend_schema_field({"type": "string", "description": "A status: received or in_progress."})
class OpenStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=[RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS],
            **kwargs,
        )


# Fields named "kind" of other models have other choices: these are plain strings in the schema,
# whose values the description gives (named enums' names would collide).
@extend_schema_field(
    {"type": "string", "description": f"The data subject's right: {', '.join(RequestKind.values)}."}
)
class RequestKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=RequestKind.choices, **kwargs)


@extend_schema_field({"type": "string", "description": "view or export"})
class AccessKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=AccessKind.choices, **kwargs)


# --- the record of processing ----------------------------------------------------------------


class ProcessingActivitySerializer(serializers.ModelSerializer):
    modules = serializers.ListField(
        child=serializers.ChoiceField(choices=DataModule.choices),
        allow_empty=False,
        help_text=f"The modules holding the data: {', '.join(DataModule.values)}.",
    )
    lawful_basis_label = serializers.CharField(source="get_lawful_basis_display", read_only=True)
    order = serializers.IntegerField(
        required=False, min_value=0, help_text="Position in the record; default last."
    )

    class Meta:
        model = ProcessingActivity
        fields = [
            "id",
            "purpose",
            "purpose_en",
            "data_categories",
            "subject_categories",
            "lawful_basis",
            "lawful_basis_label",
            "retention_months",
            "retention_starts",
            "modules",
            "is_active",
            "order",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


@extend_schema_view(
    list=extend_schema(summary="The record of processing: every purpose (all members)"),
    retrieve=extend_schema(summary="One purpose of the record of processing"),
    create=extend_schema(summary="Add a purpose (coordinators)"),
    update=extend_schema(summary="Change a purpose (coordinators)"),
    partial_update=extend_schema(summary="Change some fields of a purpose (coordinators)"),
)
class ProcessingActivityViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Purposes are never deleted: a purpose no longer used is taken out of use (is_active)."""

    model = ProcessingActivity
    serializer_class = ProcessingActivitySerializer
    write_action = Action.MANAGE_PRIVACY

    def get_queryset(self):
        return super().get_queryset().order_by("order", "id")

    @django_errors_as_api_errors
    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.setdefault("order", processing_services.next_order())
        activity = ProcessingActivity(organization=self.request.organization, **data)
        serializer.instance = processing_services.save_activity(activity)

    @django_errors_as_api_errors
    def perform_update(self, serializer):
        activity = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(activity, name, value)
        serializer.instance = processing_services.save_activity(activity)


# --- privacy notices -------------------------------------------------------------------------


class PrivacyNoticeSerializer(serializers.ModelSerializer):
    is_published = serializers.BooleanField(read_only=True)
    published_by_name = serializers.SerializerMethodField()

    class Meta:
        model = PrivacyNotice
        fields = [
            "id",
            "version",
            "body_th",
            "body_en",
            "is_published",
            "published_at",
            "published_by",
            "published_by_name",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "published_at", "published_by", "created_at", "updated_at"]
        extra_kwargs = {"version": {"help_text": "Numbered on creation: one more than the last."}}

    def get_published_by_name(self, notice) -> str:
        return _user_name(notice.published_by)


@extend_schema_view(
    list=extend_schema(summary="Privacy notice versions, newest first (all members)"),
    retrieve=extend_schema(summary="One version of the privacy notice"),
    create=extend_schema(summary="Write a new draft version (coordinators)"),
    update=extend_schema(summary="Change a draft (coordinators; published versions are frozen)"),
    partial_update=extend_schema(
        summary="Change some fields of a draft (coordinators; published versions are frozen)"
    ),
)
class PrivacyNoticeViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    model = PrivacyNotice
    serializer_class = PrivacyNoticeSerializer
    write_action = Action.MANAGE_PRIVACY

    def get_queryset(self):
        return super().get_queryset().select_related("published_by")

    @django_errors_as_api_errors
    def perform_create(self, serializer):
        notice = PrivacyNotice(organization=self.request.organization, **serializer.validated_data)
        serializer.instance = services.save_notice(notice)

    @django_errors_as_api_errors
    def perform_update(self, serializer):
        notice = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(notice, name, value)
        serializer.instance = services.save_notice(notice)

    @extend_schema(
        summary="Publish a draft (coordinators): the public pages show it; it is frozen",
        request=None,
        responses={
            200: PrivacyNoticeSerializer,
            400: OpenApiResponse(description="Already published, or older than a published one."),
        },
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, *args, **kwargs):
        notice = self.get_object()
        django_errors_as_api_errors(services.publish_notice)(notice, by=request.user)
        notice = self.get_queryset().get(pk=notice.pk)
        return Response(self.get_serializer(notice).data)


# --- data subject requests -------------------------------------------------------------------


class DataSubjectRequestSerializer(serializers.ModelSerializer):
    kind = RequestKindField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    handler_name = serializers.SerializerMethodField()
    clock = serializers.SerializerMethodField(help_text="The 30-day clock (PDPA s.30).")
    received_at = serializers.DateTimeField(
        required=False, help_text="When the request was received; default now, never later."
    )

    class Meta:
        model = DataSubjectRequest
        fields = [
            "id",
            "reference",
            "kind",
            "kind_label",
            "subject_name",
            "subject_phone",
            "subject_email",
            "details",
            "received_at",
            "due_on",
            "clock",
            "identity_verified",
            "verification_note",
            "status",
            "status_label",
            "handler",
            "handler_name",
            "outcome",
            "completed_at",
            "records",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "reference",
            "due_on",
            "status",
            "handler",
            "outcome",
            "completed_at",
            "records",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "due_on": {"help_text": "30 days after the local date of receipt."},
            "records": {
                "help_text": "Once finished: the records the request concerned "
                "[{model, id, record}], without personal values."
            },
        }

    def get_handler_name(self, request) -> str:
        return _user_name(request.handler)

    @extend_schema_field(ClockSerializer)
    def get_clock(self, request) -> dict:
        return _clock(clocks.request_clock(request))

    def validate_received_at(self, value):
        if value > timezone.now():
            raise serializers.ValidationError(RECEIVED_IN_FUTURE)
        return value


class RequestChangeSerializer(serializers.Serializer):
    """What changes while a request is handled; finishing is the `complete` action."""

    details = serializers.CharField(required=False, allow_blank=True)
    identity_verified = serializers.BooleanField(required=False)
    verification_note = serializers.CharField(required=False, allow_blank=True, max_length=255)
    status = OpenStatusField(
        required=False, help_text="received or in_progress; finish with the complete action."
    )


class FoundRecordSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Name it in `records` when completing the request.")
    module = serializers.CharField()
    model = serializers.CharField()
    id = serializers.IntegerField()
    record = serializers.CharField(help_text="A description without personal data.")
    purpose = serializers.CharField(allow_null=True)
    lawful_basis = serializers.CharField(allow_null=True)


class CompleteRequestSerializer(serializers.Serializer):
    outcome = serializers.CharField(
        allow_blank=True, help_text="What the data subject was told (required)."
    )
    records = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        help_text="Keys of the records found (the found action) that the request concerned; "
        "a granted erasure request anonymizes them for good.",
    )
    refused = serializers.BooleanField(
        required=False, default=False, help_text="The request is refused; say why in outcome."
    )


def _found_for(request: DataSubjectRequest) -> list[services.Found]:
    return services.find_person(
        PersonQuery(
            name=request.subject_name, phone=request.subject_phone, email=request.subject_email
        )
    )


def _found_row(item: services.Found) -> dict:
    activity = item.record.processing_activity
    return {
        "key": item.key,
        "module": item.holder.module,
        "model": item.holder.model_label,
        "id": item.record.pk,
        "record": item.holder.describe(item.record),
        "purpose": activity.purpose if activity else None,
        "lawful_basis": activity.lawful_basis if activity else None,
    }


def _chosen(found: list[services.Found], keys: list[str], field: str) -> list[services.Found]:
    """The found records named by `keys` (all when none is named for an export)."""
    by_key = {item.key: item for item in found}
    unknown = [key for key in keys if key not in by_key]
    if unknown:
        raise ApiValidationError(
            {
                field: [
                    _("Not among the records found for this data subject: %(keys)s")
                    % {"keys": ", ".join(unknown)}
                ]
            }
        )
    return [by_key[key] for key in dict.fromkeys(keys)]


@extend_schema_view(
    list=extend_schema(
        summary="The register of data subject requests (coordinators)",
        parameters=[
            OpenApiParameter("status", str, enum=RequestStatus.values),
            OpenApiParameter("kind", str, enum=RequestKind.values),
        ],
    ),
    retrieve=extend_schema(summary="One request with its 30-day clock and due date"),
    create=extend_schema(summary="Register a request; due 30 days after its receipt"),
)
class DataSubjectRequestViewSet(
    CoordinatorOnlyMixin,
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Data subject requests (PDPA s.30-36). Requests are never deleted."""

    model = DataSubjectRequest
    serializer_class = DataSubjectRequestSerializer

    def get_queryset(self):
        requests = super().get_queryset().select_related("handler")
        if self.action == "list":
            params = self.request.query_params
            for name, choices in (("status", RequestStatus), ("kind", RequestKind)):
                value = params.get(name, "")
                if value and value not in choices.values:
                    raise ApiValidationError({name: [_("Not a value offered.")]})
                if value:
                    requests = requests.filter(**{name: value})
        return requests

    @django_errors_as_api_errors
    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.setdefault("received_at", timezone.now())
        serializer.instance = services.register_request(
            organization=self.request.organization, **data
        )

    @extend_schema(
        summary="Change the details, the identity verification or the status of an open request",
        request=RequestChangeSerializer,
        responses={200: DataSubjectRequestSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        subject_request = self.get_object()
        change = RequestChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        if subject_request.status in FINISHED_REQUEST_STATUSES:
            raise ApiValidationError([_("This request is already finished.")])
        for name, value in change.validated_data.items():
            setattr(subject_request, name, value)
        if subject_request.status == RequestStatus.IN_PROGRESS and not subject_request.handler_id:
            subject_request.handler = request.user
        try:
            subject_request.full_clean()
        except DjangoValidationError as error:
            raise ApiValidationError(error.message_dict) from error
        subject_request.save()
        return Response(self.get_serializer(subject_request).data)

    @extend_schema(
        summary="What is held about the data subject, across the modules",
        description="Records whose name, phone or e-mail matches the request's data subject, "
        "without their personal values; records already erased are left out.",
        responses={200: FoundRecordSerializer(many=True)},
    )
    @action(detail=True, methods=["get"])
    def found(self, request, *args, **kwargs):
        subject_request = self.get_object()
        return Response([_found_row(item) for item in _found_for(subject_request)])

    @extend_schema(
        summary="The JSON export of what is held about the data subject (logged)",
        description="Only once the identity is verified. Every export is written in the "
        "personal data access log.",
        parameters=[
            OpenApiParameter(
                "keys",
                str,
                many=True,
                description="Keys of found records to export (repeat); default all found.",
            )
        ],
        responses={
            200: inline_serializer(
                "PersonalDataExport",
                fields={
                    "format": serializers.CharField(),
                    "generated_at": serializers.DateTimeField(),
                    "request": serializers.CharField(allow_null=True),
                    "records": serializers.ListField(child=serializers.DictField()),
                },
            ),
            400: OpenApiResponse(description="Identity not verified, or an unknown key."),
        },
    )
    @action(detail=True, methods=["get"])
    def export(self, request, *args, **kwargs):
        subject_request = self.get_object()
        if not subject_request.identity_verified:
            raise ApiValidationError(
                [_("Verify the data subject's identity before giving them their data.")]
            )
        found = _found_for(subject_request)
        keys = request.query_params.getlist("keys")
        if keys:
            found = _chosen(found, keys, "keys")
        export = services.export_person(found, request=subject_request)
        services.log_export(
            request.membership,
            _("%(reference)s: export of %(count)s record(s) of the data subject (API)")
            % {"reference": subject_request.reference, "count": len(found)},
            path=request.path,
        )
        response = Response(export)
        response["Content-Disposition"] = (
            f'attachment; filename="{subject_request.reference}-personal-data.json"'
        )
        return response

    @extend_schema(
        summary="Finish a request: the answer given and the records it concerned",
        description="A granted erasure request anonymizes the records named, for good (their "
        "history too). Refusing needs no verified identity; answering does.",
        request=CompleteRequestSerializer,
        responses={200: DataSubjectRequestSerializer},
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, *args, **kwargs):
        subject_request = self.get_object()
        answer = CompleteRequestSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        data = answer.validated_data
        if subject_request.is_finished:
            raise ApiValidationError([_("This request is already finished.")])
        found = _chosen(_found_for(subject_request), data["records"], "records")
        django_errors_as_api_errors(services.complete_request)(
            subject_request,
            by=request.user,
            outcome=data["outcome"],
            found=found,
            refused=data["refused"],
        )
        subject_request = self.get_queryset().get(pk=subject_request.pk)
        return Response(self.get_serializer(subject_request).data)


# --- breaches --------------------------------------------------------------------------------


class BreachSerializer(serializers.ModelSerializer):
    risk_label = serializers.CharField(source="get_risk_display", read_only=True)
    regulator_deadline = serializers.DateTimeField(
        read_only=True, help_text="72 hours after the discovery (PDPA s.37(4))."
    )
    clock = serializers.SerializerMethodField(help_text="The 72-hour clock.")

    class Meta:
        model = BreachIncident
        fields = [
            "id",
            "reference",
            *breach_services.FIELDS,
            "risk_label",
            "regulator_deadline",
            "clock",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["reference", "created_at", "updated_at"]

    @extend_schema_field(ClockSerializer)
    def get_clock(self, incident) -> dict:
        return _clock(clocks.breach_clock(incident))


@extend_schema_view(
    list=extend_schema(summary="The breach register, newest discovery first (coordinators)"),
    retrieve=extend_schema(summary="One breach with its 72-hour clock"),
    create=extend_schema(summary="Record a breach; numbered BR<B.E. year>-0001"),
    update=extend_schema(summary="Change a breach: details, notifications, closing"),
    partial_update=extend_schema(summary="Change some fields of a breach"),
)
class BreachViewSet(
    CoordinatorOnlyMixin,
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Breaches are never deleted: the register keeps every incident."""

    model = BreachIncident
    serializer_class = BreachSerializer

    @django_errors_as_api_errors
    def perform_create(self, serializer):
        serializer.instance = breach_services.create_breach(
            organization=self.request.organization, **serializer.validated_data
        )

    @django_errors_as_api_errors
    def perform_update(self, serializer):
        serializer.instance = breach_services.update_breach(
            incident=serializer.instance, **serializer.validated_data
        )


# --- the access log --------------------------------------------------------------------------


class PersonalDataAccessSerializer(serializers.ModelSerializer):
    kind = AccessKindField(read_only=True)
    at = serializers.DateTimeField(source="created_at", read_only=True)
    user_name = serializers.SerializerMethodField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    record_model = serializers.SerializerMethodField(help_text="app_label.model, or null.")

    class Meta:
        model = PersonalDataAccess
        fields = [
            "id",
            "at",
            "user",
            "user_name",
            "role",
            "kind",
            "kind_label",
            "what",
            "record_model",
            "record_id",
            "path",
        ]
        read_only_fields = fields

    def get_user_name(self, access) -> str:
        return _user_name(access.user)

    def get_record_model(self, access) -> str | None:
        if access.record_type_id is None:
            return None
        return f"{access.record_type.app_label}.{access.record_type.model}"


@extend_schema_view(
    list=extend_schema(
        summary="Who viewed or exported personal data, newest first (coordinators)",
        parameters=[
            OpenApiParameter("user", int, description="Only this user's (id)."),
            OpenApiParameter("kind", str, enum=AccessKind.values),
        ],
    ),
    retrieve=extend_schema(summary="One entry of the access log"),
)
class PersonalDataAccessViewSet(
    CoordinatorOnlyMixin,
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Read-only: entries are written when personal data is shown or exported."""

    model = PersonalDataAccess
    serializer_class = PersonalDataAccessSerializer

    def get_queryset(self):
        entries = super().get_queryset().select_related("user", "record_type")
        if self.action == "list":
            params = self.request.query_params
            if params.get("user"):
                user = positive_int(params["user"])
                if user is None:
                    raise ApiValidationError({"user": [_("A user id is a number.")]})
                entries = entries.filter(user_id=user)
            kind = params.get("kind", "")
            if kind:
                if kind not in AccessKind.values:
                    raise ApiValidationError({"kind": [_("Not a value offered.")]})
                entries = entries.filter(kind=kind)
        return entries


# --- retention -------------------------------------------------------------------------------


class RetentionRunSerializer(serializers.ModelSerializer):
    at = serializers.DateTimeField(source="created_at", read_only=True)
    requested_by_name = serializers.SerializerMethodField(
        help_text="Empty when the scheduled task ran it."
    )
    report = serializers.JSONField(
        read_only=True,
        help_text="Per purpose and kind of record: {purpose, purpose_id, model, records: "
        "[{id, record}]}, without personal values.",
    )

    class Meta:
        model = RetentionRun
        fields = ["id", "at", "dry_run", "erased", "report", "requested_by", "requested_by_name"]
        read_only_fields = fields

    def get_requested_by_name(self, run) -> str:
        return _user_name(run.requested_by)


class RunRetentionSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(
        help_text="true: anonymize for good what the retention periods make due."
    )

    def validate_confirm(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(_("Confirm the anonymization with true."))
        return value


@extend_schema_view(
    list=extend_schema(summary="The retention task's runs, newest first (coordinators)"),
    retrieve=extend_schema(summary="One run with its report"),
)
class RetentionRunViewSet(
    CoordinatorOnlyMixin,
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The retention task runs every day; a coordinator may run it, or a dry run, by hand."""

    model = RetentionRun
    serializer_class = RetentionRunSerializer

    def get_queryset(self):
        return super().get_queryset().select_related("requested_by")

    @extend_schema(
        summary="Record a dry run: what would be anonymized now (nothing changes)",
        request=None,
        responses={201: RetentionRunSerializer},
    )
    @action(detail=False, methods=["post"], url_path="dry-run", url_name="dry-run")
    def dry_run(self, request, *args, **kwargs):
        run = run_retention(organization=request.organization, dry_run=True, by=request.user)
        return Response(self.get_serializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Anonymize now what the retention periods make due, and record the run",
        request=RunRetentionSerializer,
        responses={201: RetentionRunSerializer},
    )
    @action(detail=False, methods=["post"])
    def run(self, request, *args, **kwargs):
        RunRetentionSerializer(data=request.data).is_valid(raise_exception=True)
        run = run_retention(organization=request.organization, dry_run=False, by=request.user)
        return Response(self.get_serializer(run).data, status=status.HTTP_201_CREATED)


ROUTES = [
    (f"{PREFIX}/processing-activities", ProcessingActivityViewSet, "privacy-processing-activity"),
    (f"{PREFIX}/privacy-notices", PrivacyNoticeViewSet, "privacy-notice"),
    (f"{PREFIX}/data-subject-requests", DataSubjectRequestViewSet, "privacy-request"),
    (f"{PREFIX}/breaches", BreachViewSet, "privacy-breach"),
    (f"{PREFIX}/personal-data-access", PersonalDataAccessViewSet, "privacy-access"),
    (f"{PREFIX}/retention-runs", RetentionRunViewSet, "privacy-retention-run"),
]
