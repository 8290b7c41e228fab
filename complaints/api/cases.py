"""API of complaint cases: the list (filtered like the list page), one case with its timeline
and SLA clocks, recording a case, changing its details and moving it through its lifecycle.

The same services and rules as the pages: everyone in the organization reads, coordinators and
editors write. Cases are never deleted (withdraw them instead). The complainant's name and
contacts are part of a case only for roles that may see personal data; for the others the
fields are absent, not empty. Ids of another organization's rows are refused like unknown ids.
"""

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from customers.models import ServiceStandard
from seam_scm.files.access import may_see_personal_data
from seam_scm.privacy import services as privacy_services
from seam_scm.privacy.models import AccessKind, DataModule, ProcessingActivity
from seam_scm.tenancy.api import (
    OrganizationViewSetMixin,
    OrgRelatedField,
    django_errors_as_api_errors,
)
from seam_scm.tenancy.models import OrgUnit

from .. import case_selectors as selectors
from .. import case_services, policy_selectors
from ..lifecycle import MOVE_FIELDS, MOVES, Action
from ..models import (
    CaseEvent,
    CaseState,
    ComplaintCase,
    ComplaintCategory,
    ComplaintChannel,
    Severity,
)

# The complainant's data and why it is kept: absent for roles that may not see personal data.
PERSONAL_API_FIELDS = (
    *case_services.PERSONAL_FIELDS,
    "lawful_basis",
    "processing_activity",
    "processing_purpose",
    "privacy_notice_version",
)
ACTIONS = ", ".join(MOVES)


def _may_see_personal_data(request) -> bool:
    return may_see_personal_data(getattr(request, "membership", None))


def has_contacts(case: ComplaintCase) -> bool:
    return any(getattr(case, name) for name in case_services.PERSONAL_FIELDS)


NOT_A_PURPOSE_IN_USE = "Choose a purpose in use of the record of processing for complaints."
BASIS_OF_PURPOSE = (
    "The lawful basis is the purpose's ({basis}); send one of them, or both agreeing."
)


class HandlerField(serializers.PrimaryKeyRelatedField):
    """A member of the organization, by user id; the service checks they may handle cases."""

    def __init__(self, **kwargs):
        super().__init__(queryset=get_user_model().objects.none(), **kwargs)

    def get_queryset(self):
        organization = self.context["request"].organization
        return get_user_model().objects.filter(memberships__organization=organization)


# --- serializers -----------------------------------------------------------------------------


# An event's statuses and the clocks' units are plain strings in the schema: a named enum per
# field would give one choice set several names (state, from_state, to_state; the two units).
STATES = ", ".join(CaseState.values)


@extend_schema_field(
    {
        "type": "string",
        "description": f"The status before the step (empty for the registration): {STATES}.",
    }
)
class FromStateField(serializers.CharField):
    pass


@extend_schema_field({"type": "string", "description": f"The status after the step: {STATES}."})
class ToStateField(serializers.CharField):
    pass


@extend_schema_field({"type": "string", "description": "working_hours or working_days"})
class TimeUnitField(serializers.CharField):
    pass


class CaseEventSerializer(serializers.ModelSerializer):
    action = serializers.CharField(read_only=True, help_text=f"One of receive, {ACTIONS}, update.")
    action_label = serializers.SerializerMethodField()
    from_state = FromStateField(read_only=True)
    to_state = ToStateField(read_only=True)
    by_name = serializers.SerializerMethodField(help_text="Empty for the public form or import.")

    class Meta:
        model = CaseEvent
        fields = [
            "id",
            "case",
            "action",
            "action_label",
            "from_state",
            "to_state",
            "at",
            "by",
            "by_name",
            "note",
        ]
        read_only_fields = fields

    def get_action_label(self, event) -> str:
        return selectors.action_label(event.action)

    def get_by_name(self, event) -> str:
        return event.by.get_full_name() if event.by_id else ""


class SlaClockSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=list(selectors.SlaStatus.ALL),
        help_text=(
            f"on_time, due_soon (due within the next {selectors.DUE_SOON} working hours) or "
            "overdue while the clock runs; met, missed or stopped once it stopped."
        ),
    )
    due_at = serializers.DateTimeField()
    done_at = serializers.DateTimeField(allow_null=True, help_text="When the step was taken.")
    working_minutes_left = serializers.IntegerField(
        allow_null=True, help_text="While the clock runs: negative once overdue."
    )
    text = serializers.CharField()


class CaseSlaSerializer(serializers.Serializer):
    acknowledgement = SlaClockSerializer(help_text="Runs while the case is received.")
    resolution = SlaClockSerializer(help_text="Runs while the case is open.")


class ComplaintCaseSerializer(serializers.ModelSerializer):
    channel = OrgRelatedField(
        ComplaintChannel, help_text="A channel in use of the policy in force on the day received."
    )
    category = OrgRelatedField(ComplaintCategory)
    service_standard = OrgRelatedField(ServiceStandard, allow_null=True, required=False)
    unit = OrgRelatedField(OrgUnit, allow_null=True, required=False)
    handler = HandlerField(
        allow_null=True, required=False, help_text="A member who may edit records (user id)."
    )
    repeat_of = OrgRelatedField(
        ComplaintCase,
        allow_null=True,
        required=False,
        help_text="An earlier case of the same complainant; found by itself when omitted.",
    )
    note = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text="Kept on the timeline with the registration or the change.",
    )
    processing_activity = OrgRelatedField(
        ProcessingActivity,
        allow_null=True,
        required=False,
        help_text=(
            "The purpose of the record of processing the complainant's contacts are kept for "
            "(its id); the lawful basis follows from it. Older clients may send lawful_basis "
            "alone: the module's first purpose in use with that basis is taken."
        ),
    )
    processing_purpose = serializers.SerializerMethodField(
        help_text="The name of the purpose of processing."
    )
    privacy_notice_version = serializers.SerializerMethodField(
        help_text="The version of the privacy notice given when the contacts were collected."
    )
    events = CaseEventSerializer(many=True, read_only=True, help_text="The timeline.")
    acknowledge_unit = TimeUnitField(read_only=True)
    resolve_unit = TimeUnitField(read_only=True)
    sla = serializers.SerializerMethodField()

    class Meta:
        model = ComplaintCase
        fields = [
            "id",
            "reference",
            "source",
            "external_reference",
            "policy_version",
            "received_at",
            "channel",
            "category",
            "severity",
            "subject",
            "description",
            "remedy_sought",
            "service_standard",
            "is_anonymous",
            "complainant_name",
            "complainant_phone",
            "complainant_email",
            "complainant_address",
            "lawful_basis",
            "processing_activity",
            "processing_purpose",
            "privacy_notice_version",
            "unit",
            "handler",
            "repeat_of",
            "state",
            "acknowledge_within",
            "acknowledge_unit",
            "resolve_within",
            "resolve_unit",
            "acknowledge_due_at",
            "resolve_due_at",
            "acknowledged_at",
            "first_responded_at",
            "responded_at",
            "closed_at",
            "acknowledged_in_time",
            "resolved_in_time",
            "resolution_minutes",
            "reopen_count",
            "escalation_level",
            "decision",
            "decision_communicated_at",
            "decision_channel",
            "remedy",
            "root_cause",
            "corrective_action",
            "satisfaction",
            "note",
            "sla",
            "events",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "reference",
            "source",
            "external_reference",
            "policy_version",
            "state",
            "acknowledge_within",
            "acknowledge_unit",
            "resolve_within",
            "resolve_unit",
            "acknowledge_due_at",
            "resolve_due_at",
            "acknowledged_at",
            "first_responded_at",
            "responded_at",
            "closed_at",
            "acknowledged_in_time",
            "resolved_in_time",
            "resolution_minutes",
            "reopen_count",
            "escalation_level",
            "decision",
            "decision_communicated_at",
            "decision_channel",
            "remedy",
            "root_cause",
            "corrective_action",
            "satisfaction",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "received_at": {"help_text": "Set when the case is recorded; it never changes."},
            "complainant_name": {"help_text": "Personal data: present only for roles allowed."},
        }

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        # Schema generation has no member: it documents the fields.
        if hasattr(request, "membership") and not _may_see_personal_data(request):
            for name in PERSONAL_API_FIELDS:
                fields.pop(name)
            # Making a case anonymous drops the contacts: only for those who see them.
            fields["is_anonymous"] = serializers.BooleanField(read_only=True)
        return fields

    def get_processing_purpose(self, case) -> str | None:
        activity = case.processing_activity if case.processing_activity_id else None
        return activity.purpose if activity else None

    def get_privacy_notice_version(self, case) -> int | None:
        notice = case.privacy_notice if case.privacy_notice_id else None
        return notice.version if notice else None

    def validate_processing_activity(self, activity):
        """A purpose in use for complaints (or the one the case already names)."""
        if activity is None:
            return None
        current = self.instance.processing_activity_id if self.instance else None
        allowed = privacy_services.purposes_for(DataModule.COMPLAINTS, current_id=current)
        if activity.pk not in {purpose.pk for purpose in allowed}:
            raise serializers.ValidationError(NOT_A_PURPOSE_IN_USE)
        return activity

    @extend_schema_field(CaseSlaSerializer)
    def get_sla(self, case) -> dict:
        window = self.context.get("sla_window") or selectors.sla_window(case.organization)
        self.context["sla_window"] = window
        sla = selectors.case_sla(case, window)
        return {
            name: {
                "status": clock.status,
                "due_at": clock.due_at,
                "done_at": clock.done_at,
                "working_minutes_left": clock.working_minutes_left,
                "text": clock.text,
            }
            for name, clock in (
                ("acknowledgement", sla.acknowledgement),
                ("resolution", sla.resolution),
            )
        }

    def validate(self, data: dict) -> dict:
        if self.instance is not None and "received_at" in data:
            if data["received_at"] != self.instance.received_at:
                raise serializers.ValidationError(
                    {"received_at": "The date of receipt of a case never changes."}
                )
            del data["received_at"]
        # A purpose gives its lawful basis; a basis sent with it must be the same.
        activity = data.get("processing_activity")
        if activity is not None:
            basis = data.get("lawful_basis")
            if basis and basis != activity.lawful_basis:
                raise serializers.ValidationError(
                    {"lawful_basis": BASIS_OF_PURPOSE.format(basis=activity.lawful_basis)}
                )
            data["lawful_basis"] = activity.lawful_basis
        elif "processing_activity" in data and not data.get("lawful_basis"):
            data["lawful_basis"] = ""  # no purpose: no basis either
        return data


class CaseMoveSerializer(serializers.Serializer):
    """One step of the lifecycle and what it records (each action takes only its own fields)."""

    action = serializers.ChoiceField(
        choices=[(value, Action(value).label) for value in MOVES],
        help_text=(
            "acknowledge; assess (severity, category, unit, handler); investigate and escalate "
            "(unit, handler); respond (decision, decision_communicated_at, decision_channel: "
            "required); close (remedy, root_cause, corrective_action: required; satisfaction); "
            "reopen; withdraw. escalate, reopen and withdraw need a note."
        ),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="When it happened; default now."
    )
    severity = serializers.ChoiceField(choices=Severity.choices, required=False)
    category = OrgRelatedField(ComplaintCategory, required=False)
    unit = OrgRelatedField(OrgUnit, allow_null=True, required=False)
    handler = HandlerField(allow_null=True, required=False)
    decision = serializers.CharField(required=False, allow_blank=True)
    decision_communicated_at = serializers.DateTimeField(required=False, allow_null=True)
    decision_channel = serializers.CharField(required=False, allow_blank=True, max_length=100)
    remedy = serializers.CharField(required=False, allow_blank=True)
    root_cause = serializers.CharField(required=False, allow_blank=True)
    corrective_action = serializers.CharField(required=False, allow_blank=True)
    satisfaction = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=5,
        help_text="1-5; null when the complainant did not answer.",
    )

    DETAILS = sorted({name for names in MOVE_FIELDS.values() for name in names})

    def validate(self, data: dict) -> dict:
        allowed = MOVE_FIELDS[data["action"]]
        extra = [name for name in self.DETAILS if name in data and name not in allowed]
        if extra:
            raise serializers.ValidationError(
                dict.fromkeys(extra, f"“{data['action']}” does not record this field.")
            )
        return data


# --- viewsets --------------------------------------------------------------------------------

CASE_PARAMETERS = [
    OpenApiParameter("q", str, description="Search reference, previous reference and subject"),
    OpenApiParameter(
        "state",
        str,
        enum=[*CaseState.values, selectors.OPEN],
        description="A status, or `open` for every open status",
    ),
    OpenApiParameter(
        "channel", OpenApiTypes.UUID, description="A channel's key (the same in every version)"
    ),
    OpenApiParameter(
        "category", OpenApiTypes.UUID, description="A category's key (the same in every version)"
    ),
    OpenApiParameter("severity", str, enum=Severity.values),
    OpenApiParameter("unit", int, description="Assigned unit id"),
    OpenApiParameter("handler", int, description="Handler's user id"),
    OpenApiParameter("received_from", str, description="Received on or after (YYYY-MM-DD)"),
    OpenApiParameter("received_to", str, description="Received on or before (YYYY-MM-DD)"),
    OpenApiParameter(
        "sla",
        str,
        enum=list(selectors.SLA_FILTERS),
        description="A running clock due within the next 8 working hours, or overdue",
    ),
]


class SlaWindowMixin:
    """The moment and calendar every case's SLA clocks are worked out on, once per request."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and hasattr(self.request, "organization"):
            if not hasattr(self, "_sla_window"):
                self._sla_window = selectors.sla_window(self.request.organization)
            context["sla_window"] = self._sla_window
        return context


@extend_schema_view(
    list=extend_schema(
        summary="List complaint cases (filtered like the list page)", parameters=CASE_PARAMETERS
    ),
    retrieve=extend_schema(summary="One complaint case with its timeline and SLA clocks"),
    create=extend_schema(summary="Record a complaint case (coordinators and editors)"),
)
class ComplaintCaseViewSet(
    SlaWindowMixin,
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Complaint cases; never deleted (withdraw them instead)."""

    model = ComplaintCase
    serializer_class = ComplaintCaseSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ComplaintCase.objects.none()
        if self.action == "list":
            filters = selectors.case_filters_from_query(self.request.query_params)
            cases = selectors.case_list(
                filters, window=self.get_serializer_context().get("sla_window")
            )
        else:
            cases = selectors.case_list()
        return selectors.with_events(cases).select_related("processing_activity", "privacy_notice")

    def _fresh(self, case: ComplaintCase) -> ComplaintCase:
        return self.get_queryset().get(pk=case.pk)

    def _sees_contacts(self) -> bool:
        return _may_see_personal_data(self.request)

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        case = self._retrieved
        if self._sees_contacts() and has_contacts(case):
            privacy_services.log_view(request.membership, case, path=request.path)
        return response

    def get_object(self):
        self._retrieved = super().get_object()
        return self._retrieved

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if self._sees_contacts():
            shown = getattr(self, "_page", None) or []
            count = sum(1 for case in shown if has_contacts(case))
            if count:
                privacy_services.log_access(
                    request.membership,
                    kind=AccessKind.VIEW,
                    what=ngettext(
                        "%(count)s complaint case (list)", "%(count)s complaint cases (list)", count
                    )
                    % {"count": count},
                    path=request.get_full_path(),
                )
        return response

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._page = list(page) if page is not None else list(queryset)
        return page

    @django_errors_as_api_errors
    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        note = data.pop("note", "")
        if data.get("repeat_of") is None:
            data.pop("repeat_of", None)  # found by itself
        # A complaint received under an earlier version of the policy takes that version's
        # channel and category with the same key.
        version = policy_selectors.policy_in_force(timezone.localdate(data["received_at"]))
        for name in ("channel", "category"):
            data[name] = selectors.same_row_in(version, data[name])
        case = case_services.register_case(
            organization=self.request.organization, by=self.request.user, note=note, **data
        )
        serializer.instance = self._fresh(case)

    @extend_schema(summary="Change a case's details or assignment (kept on the timeline)")
    def partial_update(self, request, *args, **kwargs):
        case = self.get_object()
        serializer = self.get_serializer(case, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        note = data.pop("note", "")
        fields = {name: data[name] for name in case_services.EDITABLE_FIELDS if name in data}
        django_errors_as_api_errors(case_services.update_case)(
            case=case, by=request.user, note=note, **fields
        )
        return Response(self.get_serializer(self._fresh(case)).data)

    @extend_schema(
        summary="Move a case one step through its lifecycle",
        request=CaseMoveSerializer,
        responses={200: ComplaintCaseSerializer},
    )
    @action(detail=True, methods=["post"])
    def move(self, request, org_slug: str, pk: int):
        case = self.get_object()
        move = CaseMoveSerializer(data=request.data, context=self.get_serializer_context())
        move.is_valid(raise_exception=True)
        data = dict(move.validated_data)
        if "category" in data:
            data["category"] = selectors.same_row_in(case.policy_version, data["category"])
        if data.get("at") is None:
            data.pop("at", None)
        django_errors_as_api_errors(case_services.move_case)(case=case, by=request.user, **data)
        return Response(self.get_serializer(self._fresh(case)).data)


@extend_schema_view(
    list=extend_schema(
        summary="List timeline events of complaint cases",
        parameters=[OpenApiParameter("case", int, description="Only this case's events")],
    ),
    retrieve=extend_schema(summary="One timeline event"),
)
class ComplaintCaseEventViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Read-only: the timeline is written by the case's steps."""

    model = CaseEvent
    serializer_class = CaseEventSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CaseEvent.objects.none()
        events = CaseEvent.objects.select_related("by").order_by("case_id", "at", "id")
        case = self.request.query_params.get("case", "")
        if case:
            if not case.isdigit():
                raise ApiValidationError({"case": ["A case id is a number."]})
            events = events.filter(case_id=int(case))
        return events


ROUTES = [
    ("complaint-cases", ComplaintCaseViewSet, "complaint-case"),
    ("complaint-case-events", ComplaintCaseEventViewSet, "complaint-case-event"),
]
