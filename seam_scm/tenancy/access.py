"""Who may enter an organization, and what they may do there.

Membership rows are read with scopes disabled here on purpose: they are what
decides which scope to open, so they are looked up before any scope exists.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Membership, Organization
from .roles import Action, role_allows


def membership_for(user, organization: Organization) -> Membership | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return (
        Membership.objects.with_scopes_disabled()
        .filter(user=user, organization=organization)
        .select_related("organization", "unit")
        .first()
    )


def memberships_of(user) -> list[Membership]:
    """The organizations a user may switch between, for the switcher and the start page."""
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.with_scopes_disabled()
        .filter(user=user)
        .select_related("organization")
        .order_by("organization__name_th")
    )


def organization_for_slug(slug: str) -> Organization:
    try:
        return Organization.objects.get(slug=slug)
    except Organization.DoesNotExist:
        raise Http404 from None


def require_action(request, action: Action) -> None:
    """Refuse with 403 a member whose role does not allow the action."""
    if not role_allows(request.membership.role, action):
        raise PermissionDenied
