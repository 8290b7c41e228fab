"""What the assessments API modules share: service refusals as answers, members by id,
scores as numbers, and the `?cycle=` / `?assessment=` filters."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError

from seam_scm.tenancy.roles import Action, role_allows


def refusal(error: DjangoValidationError):
    """A service's refusal: 403 when it refused the caller's role (code "role"), else 400."""
    if getattr(error, "code", None) == "role":
        return PermissionDenied(error.messages[0])
    return ApiValidationError(getattr(error, "message_dict", error.messages))


def call_service(function, **kwargs):
    try:
        return function(**kwargs)
    except DjangoValidationError as error:
        raise refusal(error) from error


def require_role(request, action: Action) -> None:
    """For actions looked up before the role is checked (another organization's row is 404
    whatever the role; one of this organization is 403 for a role that may not act)."""
    if not role_allows(request.membership.role, action):
        raise PermissionDenied


def id_filter(request, name: str) -> int | None:
    """`?name=<id>`: None when absent, 400 when it is not an id."""
    value = request.query_params.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) == 0:
        raise ApiValidationError({name: [_("Give an id (a positive number).")]})
    return int(value)


class MemberField(serializers.PrimaryKeyRelatedField):
    """A member of the URL's organization, by user id; anyone else is "not found"."""

    def __init__(self, **kwargs):
        super().__init__(queryset=get_user_model().objects.none(), **kwargs)

    def get_queryset(self):
        organization = self.context["request"].organization
        return get_user_model().objects.filter(memberships__organization=organization)


def user_name(user) -> str:
    return user.get_full_name() if user is not None else ""


def score_field(help_text: str = "") -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        allow_null=True,
        coerce_to_string=False,
        help_text=help_text,
    )
