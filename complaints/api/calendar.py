"""API of the complaint handling app: the working calendar and its holidays.

Everyone in the organization reads; the SE-AM coordinator writes (Action.MANAGE_ORGANIZATION),
through the same services as the pages. Each app lists its routes in ROUTES as
(prefix, viewset, basename); seam_scm/api_urls.py registers them.
"""

from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from seam_scm.tenancy.api import (
    OrganizationViewSetMixin,
    ServiceModelViewSet,
    django_errors_as_api_errors,
)
from seam_scm.tenancy.roles import Action

from .. import calendar_selectors as selectors
from .. import calendar_services as services
from ..models import Holiday, WorkingCalendar


class ComplaintHolidaySerializer(serializers.ModelSerializer):
    class Meta:
        model = Holiday
        fields = ["id", "date", "name_th", "name_en", "kind"]
        # One holiday per date: the service checks it, with its message.
        validators = []


# The list route answers the one calendar, not a list.
@extend_schema_serializer(many=False)
class ComplaintCalendarSerializer(serializers.ModelSerializer):
    working_weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=7),
        allow_empty=False,
        help_text="ISO weekday numbers: 1 = Monday ... 7 = Sunday; no duplicates.",
    )

    class Meta:
        model = WorkingCalendar
        fields = ["id", "day_starts", "day_ends", "working_weekdays", "updated_at"]
        read_only_fields = ["updated_at"]
        extra_kwargs = {
            "day_ends": {"help_text": "Working time runs without a lunch break until then."}
        }


@extend_schema_view(
    list=extend_schema(
        summary="List the holidays of the working calendar",
        parameters=[
            OpenApiParameter(
                "year", int, description="Only this calendar year: 2026, or 2569 (B.E.)"
            )
        ],
    ),
    create=extend_schema(summary="Add a holiday (coordinators)"),
    destroy=extend_schema(summary="Delete a holiday (coordinators)"),
)
class ComplaintHolidayViewSet(ServiceModelViewSet):
    model = Holiday
    serializer_class = ComplaintHolidaySerializer
    write_action = Action.MANAGE_ORGANIZATION

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Holiday.objects.none()
        year = self.request.query_params.get("year")
        if year:
            return selectors.holidays_in(selectors.year_from_query(year))
        return Holiday.objects.order_by("date")

    def save_row(self, holiday):
        return services.save_holiday(holiday=holiday)

    def delete_row(self, holiday):
        services.delete_holiday(holiday=holiday)


class ComplaintCalendarViewSet(
    OrganizationViewSetMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The organization's working week and hours: one calendar per organization."""

    model = WorkingCalendar
    serializer_class = ComplaintCalendarSerializer
    write_action = Action.MANAGE_ORGANIZATION
    pagination_class = None

    @extend_schema(
        summary="The working calendar (one object, not a list)",
        responses=ComplaintCalendarSerializer,
    )
    def list(self, request, *args, **kwargs):
        calendar = services.ensure_calendar(organization=request.organization)
        return Response(self.get_serializer(calendar).data)

    @extend_schema(summary="Change the working week and hours (coordinators)")
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    @django_errors_as_api_errors
    def perform_update(self, serializer):
        for name, value in serializer.validated_data.items():
            setattr(serializer.instance, name, value)
        services.save_calendar(calendar=serializer.instance)


ROUTES = [
    ("complaint-holidays", ComplaintHolidayViewSet, "complaint-holiday"),
    ("complaint-calendar", ComplaintCalendarViewSet, "complaint-calendar"),
]
