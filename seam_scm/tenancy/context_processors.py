from .access import memberships_of
from .roles import allowed_actions


def organization(request) -> dict:
    """The current organization, the member's role and permissions, and the switcher's list."""
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    return {
        "organization": getattr(request, "organization", None),
        "membership": membership,
        "can": {action.value: True for action in allowed_actions(membership.role)}
        if membership
        else {},
        "switchable_memberships": memberships_of(user) if user is not None else [],
    }
