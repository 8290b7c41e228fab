"""API of the meetings that review the customer strategy, plans and processes (FAQ CM-16)."""

from django.core.exceptions import ValidationError as DjangoValidationError
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

from seam_scm.files.models import Attachment
from seam_scm.tenancy.api import (
    OrganizationViewSetMixin,
    OrgRelatedField,
    django_errors_as_api_errors,
)

from .. import strategy_selectors, strategy_services
from ..models import ReviewMeeting

BODIES = ", ".join(ReviewMeeting.Body.values)


# Described inline: an enum named after the field would clash with the approvals' `body` (who
# approved a version), which has other choices.
@extend_schema_field({"type": "string", "description": f"Meeting of: {BODIES}."})
class MeetingBodyField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ReviewMeeting.Body.choices, **kwargs)


class CustomerReviewMeetingSerializer(serializers.ModelSerializer):
    body = MeetingBodyField()
    minutes = OrgRelatedField(
        Attachment,
        allow_null=True,
        required=False,
        help_text="The minutes, an evidence file (see /files/); or upload them with /minutes/.",
    )
    minutes_file_name = serializers.CharField(
        source="minutes.current_version.original_name", read_only=True, default=None
    )

    class Meta:
        model = ReviewMeeting
        fields = [
            "id",
            "body",
            "body_name",
            "meeting_number",
            "held_on",
            "agenda",
            "resolution",
            "minutes",
            "minutes_file_name",
        ]


class CustomerMinutesUploadSerializer(serializers.Serializer):
    # Empty files are refused by the evidence checks, with the same message as on the pages.
    file = serializers.FileField(
        allow_empty_file=True, help_text="The minutes (PDF, DOCX, ...), checked by content."
    )


@extend_schema_view(
    list=extend_schema(
        summary="List review meetings of the customer strategy and processes",
        parameters=[
            OpenApiParameter("body", str, enum=ReviewMeeting.Body.values),
            OpenApiParameter("year", int, description="only this fiscal year (B.E.)"),
        ],
    ),
    create=extend_schema(summary="Record a review meeting"),
    destroy=extend_schema(summary="Delete a review meeting (its minutes file stays)"),
)
class CustomerReviewMeetingViewSet(OrganizationViewSetMixin, viewsets.ModelViewSet):
    model = ReviewMeeting
    serializer_class = CustomerReviewMeetingSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReviewMeeting.objects.none()
        year = self.request.query_params.get("year", "")
        return strategy_selectors.meeting_list(
            body=self.request.query_params.get("body", ""),
            fiscal_year=int(year) if year.isdigit() else None,
            start_month=self.request.organization.fiscal_year_start_month,
        )

    @django_errors_as_api_errors
    def perform_create(self, serializer):
        meeting = ReviewMeeting(organization=self.request.organization, **serializer.validated_data)
        serializer.instance = strategy_services.save_meeting(meeting, by=self.request.user)

    @django_errors_as_api_errors
    def perform_update(self, serializer):
        meeting = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(meeting, name, value)
        strategy_services.save_meeting(meeting, by=self.request.user)

    def perform_destroy(self, instance):
        strategy_services.delete_meeting(meeting=instance)

    @extend_schema(
        request={"multipart/form-data": CustomerMinutesUploadSerializer},
        responses={201: CustomerReviewMeetingSerializer},
        summary="Upload the minutes of a review meeting (multipart); replaces the link",
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def minutes(self, request, org_slug: str, pk: int):
        meeting = self.get_object()
        upload = CustomerMinutesUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        meeting.minutes = None
        try:
            strategy_services.save_meeting(
                meeting, by=request.user, minutes_upload=upload.validated_data["file"]
            )
        except DjangoValidationError as error:
            errors = getattr(error, "message_dict", {})
            raise ApiValidationError({"file": errors.get("minutes_file", error.messages)}) from None
        return Response(self.get_serializer(meeting).data, status=status.HTTP_201_CREATED)


ROUTES = [("customer-review-meetings", CustomerReviewMeetingViewSet, "customer-review-meeting")]
