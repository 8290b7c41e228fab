"""API base classes every app's viewsets build on, and the organization's own endpoints.

The middleware resolves the organization and opens its scope; here DRF has
authenticated the caller (session or token), so membership and role are
checked now. A non-member gets 404, exactly like the pages.
"""

import functools

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .access import membership_for, memberships_of
from .forms import ALREADY_MEMBER
from .models import Membership, Organization, OrgUnit
from .roles import Action, role_allows


class IsOrganizationMember(permissions.BasePermission):
    """Member of the URL's organization (else 404), with a role that allows the view's action."""

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        membership = membership_for(request.user, request.organization)
        if membership is None:
            raise NotFound
        request.membership = membership
        return role_allows(membership.role, view.required_action(request))


class UserLanguageMixin:
    """Answer in the caller's profile language.

    The language middleware runs before DRF authenticates a token, so API
    views switch once the caller is known.
    """

    def perform_authentication(self, request):
        super().perform_authentication(request)
        if request.user.is_authenticated:
            translation.activate(request.user.language)
            request.LANGUAGE_CODE = request.user.language


class OrganizationViewSetMixin(UserLanguageMixin):
    """Scoped queryset, role per HTTP method, and `organization` filled in on create.

    Subclasses set `model`, and `write_action` when writing needs more than
    editing records.
    """

    model = None
    write_action = Action.EDIT_RECORDS
    # Extra viewset actions that need another role than write_action, e.g. {"approve": ...}.
    action_permissions: dict[str, Action] = {}
    permission_classes = [IsOrganizationMember]
    lookup_value_regex = r"\d+"

    def required_action(self, request) -> Action:
        if self.action in self.action_permissions:
            return self.action_permissions[self.action]
        return Action.VIEW if request.method in permissions.SAFE_METHODS else self.write_action

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation runs with no scope
            return self.model.objects.none()
        return self.model.objects.all()

    def perform_create(self, serializer):
        serializer.save(organization=self.request.organization)


def django_errors_as_api_errors(func):
    """Model validation (full_clean in services) answers 400, not 500."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except DjangoValidationError as error:
            raise ApiValidationError(getattr(error, "message_dict", error.messages)) from error

    return wrapper


class ServiceModelViewSet(OrganizationViewSetMixin, viewsets.ModelViewSet):
    """A model's API whose writes go through the module's services, like its pages.

    The validated fields are set on the row (a new one of the organization, or the one being
    updated); many-to-many lists are handed to `save_row` as keyword arguments, because a row
    must be saved before its lists can be. Service refusals answer 400.
    """

    def save_row(self, row, **lists):
        raise NotImplementedError

    def delete_row(self, row) -> None:
        raise NotImplementedError

    def _save(self, row, data: dict):
        names = {field.name for field in self.model._meta.many_to_many}
        lists = {name: data.pop(name) for name in names & data.keys()}
        for name, value in data.items():
            setattr(row, name, value)
        return self.save_row(row, **lists)

    @django_errors_as_api_errors
    def perform_create(self, serializer):
        row = self.model(organization=self.request.organization)
        serializer.instance = self._save(row, dict(serializer.validated_data))

    @django_errors_as_api_errors
    def perform_update(self, serializer):
        serializer.instance = self._save(serializer.instance, dict(serializer.validated_data))

    @django_errors_as_api_errors
    def perform_destroy(self, instance):
        self.delete_row(instance)


class ReadinessCheckSerializer(serializers.Serializer):
    label = serializers.CharField()
    met = serializers.BooleanField()
    detail = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True, help_text="The page where it is shown or fixed.")


class ReadinessSerializer(serializers.Serializer):
    """Whether live data backs a criterion's level (seam_scm.readiness.Readiness.as_dict())."""

    criterion = serializers.CharField()
    level = serializers.IntegerField()
    title = serializers.CharField()
    met = serializers.BooleanField(help_text="Every check is met.")
    checks = ReadinessCheckSerializer(many=True)


class OrgRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference to another row of the same organization, by id.

    The queryset is resolved at validation time, inside the request's scope,
    so ids of other organizations are "not found" like any unknown id.
    """

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(queryset=model.objects.none(), **kwargs)

    def get_queryset(self):
        return self.model.objects.all()


class OrganizationSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField(help_text="The caller's role in this organization.")

    class Meta:
        model = Organization
        fields = ["slug", "name_th", "name_en", "short_name", "fiscal_year_start_month", "role"]

    def get_role(self, organization) -> str | None:
        membership = self.context.get("memberships", {}).get(organization.id)
        return membership.role if membership else None


class MyOrganizationsView(UserLanguageMixin, APIView):
    """The organizations the caller belongs to, with their role in each."""

    @extend_schema(responses=OrganizationSerializer(many=True))
    def get(self, request):
        memberships = memberships_of(request.user)
        context = {"memberships": {m.organization_id: m for m in memberships}}
        organizations = [m.organization for m in memberships]
        return Response(OrganizationSerializer(organizations, many=True, context=context).data)


class OrganizationDetailView(UserLanguageMixin, APIView):
    """One organization the caller belongs to."""

    permission_classes = [IsOrganizationMember]

    def required_action(self, request) -> Action:
        return Action.VIEW

    @extend_schema(responses=OrganizationSerializer)
    def get(self, request, org_slug: str):
        context = {"memberships": {request.organization.id: request.membership}}
        return Response(OrganizationSerializer(request.organization, context=context).data)


class MemberEmailField(serializers.SlugRelatedField):
    """A member of this organization, by e-mail address (as the members endpoint names them).

    The queryset is resolved at validation time, inside the request's scope, so anyone who is
    not a member here is "not found" like an unknown address.
    """

    default_error_messages = {
        "does_not_exist": gettext_lazy(
            "No member of this organization has the e-mail address {value}."
        ),
        "invalid": gettext_lazy("Give an e-mail address."),
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="email", queryset=get_user_model().objects.none(), **kwargs)

    def get_queryset(self):
        return get_user_model().objects.filter(pk__in=Membership.objects.values("user_id"))

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        user = self.get_queryset().filter(email__iexact=data.strip()).first()
        if user is None:
            self.fail("does_not_exist", value=data)
        return user


class OrgUnitSerializer(serializers.ModelSerializer):
    parent = OrgRelatedField(OrgUnit, allow_null=True, required=False)
    head = MemberEmailField(
        allow_null=True,
        required=False,
        help_text="E-mail of the member who heads the unit; told when a complaint assigned to "
        "the unit nears or passes its time standard.",
    )

    class Meta:
        model = OrgUnit
        fields = ["id", "kind", "code", "name_th", "name_en", "parent", "head", "is_active"]


@extend_schema_view(
    list=extend_schema(summary="List the organization's units (สายงาน, ฝ่าย, กอง)"),
    create=extend_schema(summary="Add a unit (coordinators)"),
)
class OrgUnitViewSet(OrganizationViewSetMixin, viewsets.ModelViewSet):
    model = OrgUnit
    serializer_class = OrgUnitSerializer
    write_action = Action.MANAGE_ORGANIZATION

    def get_queryset(self):
        return super().get_queryset().select_related("parent", "head")

    @django_errors_as_api_errors
    def perform_create(self, serializer):
        unit = OrgUnit(organization=self.request.organization, **serializer.validated_data)
        serializer.instance = services.save_unit(unit)

    @django_errors_as_api_errors
    def perform_update(self, serializer):
        for field, value in serializer.validated_data.items():
            setattr(serializer.instance, field, value)
        services.save_unit(serializer.instance)


class MembershipSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email")
    full_name = serializers.CharField(source="user.full_name", required=False, allow_blank=True)
    unit = OrgRelatedField(OrgUnit, allow_null=True, required=False)

    class Meta:
        model = Membership
        fields = ["id", "email", "full_name", "role", "unit"]

    def validate_email(self, email: str) -> str:
        if self.instance is None and services.is_member(email=email):
            raise serializers.ValidationError(ALREADY_MEMBER)
        return email


class MembershipViewSet(
    OrganizationViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Members and their roles. Adding a member e-mails them; coordinators only may write."""

    model = Membership
    serializer_class = MembershipSerializer
    write_action = Action.MANAGE_ORGANIZATION

    def get_queryset(self):
        return super().get_queryset().select_related("user", "unit")

    @django_errors_as_api_errors
    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.add_member(
            organization=self.request.organization,
            email=data["user"]["email"],
            full_name=data.get("user", {}).get("full_name", ""),
            role=data["role"],
            unit=data.get("unit"),
        )

    @django_errors_as_api_errors
    def perform_update(self, serializer):
        data = serializer.validated_data
        if "user" in data:
            raise ApiValidationError({"email": _("The e-mail of a member cannot be changed here.")})
        with transaction.atomic():
            services.change_role(
                membership=serializer.instance,
                role=data.get("role", serializer.instance.role),
                unit=data.get("unit", serializer.instance.unit),
            )

    @django_errors_as_api_errors
    def perform_destroy(self, instance):
        services.remove_member(membership=instance)
