from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import Resolver404, resolve
from django_scopes import scope, scopes_disabled

from .access import membership_for, organization_for_slug


class OrganizationMiddleware:
    """Resolve `<org_slug>` in the URL, check membership, and run the view inside the org scope.

    Pages check membership here. The API authenticates inside DRF (tokens
    included), so its membership check is `api.IsOrganizationMember`; both
    answer 404 to non-members. The response is rendered inside the scope, so
    lazy querysets in templates are scoped as well.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if "admin" in match.namespaces and request.user.is_staff:
            # Platform administrators work across organizations in the admin site.
            with scopes_disabled():
                return self.get_response(request)
        slug = match.kwargs.get("org_slug")
        if slug is None:
            return self.get_response(request)

        is_api = "api" in match.namespaces
        if not is_api and not request.user.is_authenticated:
            # Before looking the org up, so that nobody learns which slugs exist.
            return redirect_to_login(request.get_full_path())

        organization = organization_for_slug(slug)
        membership = None
        if not is_api:
            membership = membership_for(request.user, organization)
            if membership is None:
                raise Http404
            remember_last_organization(request.user, organization)
        # Set only now, so that a non-member's 404 page cannot show the organization.
        request.organization, request.membership = organization, membership

        with scope(organization=request.organization):
            return self.get_response(request)


def remember_last_organization(user, organization) -> None:
    if user.last_organization_id != organization.id:
        user.last_organization = organization
        user.save(update_fields=["last_organization"])
