"""Every URL of the project, walked with another organization's slug and objects.

The list of routes is read from the URL configuration, so routes added by
later modules are covered without touching this file; a route with a URL
parameter this file cannot fill fails loudly and asks for a builder below.
"""

import re
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_scopes import scopes_disabled

from seam_scm.approvals.models import Approval, DocumentVersion, GovernedDocument
from seam_scm.files.models import Attachment, FileVersion
from seam_scm.tenancy.models import Membership, OrgUnit
from seam_scm.tenancy.roles import Role, role_allows
from stakeholders.models import (
    Engagement,
    PlanItem,
    PlanItemProgress,
    RelationshipPlan,
    RelationshipRisk,
    Stakeholder,
    StakeholderGroup,
    TeamMember,
    VoiceOfStakeholder,
)

from ..approvals import factories as approvals
from ..assessments import route_builders as assessments
from ..complaints import route_builders as complaints
from ..customers import route_builders as customers
from ..factories import MembershipFactory, OrgUnitFactory
from ..files.factories import make_attachment
from ..packs import route_builders as packs
from ..privacy import route_builders_api as privacy_api
from ..privacy import route_builders_breaches as breaches
from ..privacy import route_builders_consents as consents
from ..privacy import route_builders_notices as notices
from ..privacy import route_builders_requests as requests
from ..stakeholders import factories as stakeholders

# URL parameter -> builds a row of the given organization and returns its id.
OBJECT_BUILDERS = {
    "unit_pk": lambda org: OrgUnitFactory(organization=org).pk,
    "membership_pk": lambda org: MembershipFactory(organization=org, role=Role.VIEWER).pk,
    "attachment_pk": lambda org: make_attachment(org).pk,
    "version_pk": lambda org: make_attachment(org).current_version_id,
    "document_pk": lambda org: approvals.draft_version(org).document_id,
    "document_version_pk": lambda org: approvals.submitted_version(org).pk,
    "version_file_pk": lambda org: approvals.version_file(org).pk,
    "stakeholder_pk": lambda org: stakeholders.make_stakeholder(org).pk,
    "voice_pk": lambda org: stakeholders.make_voice(org).pk,
    "risk_pk": lambda org: stakeholders.make_risk(org).pk,
    "engagement_pk": lambda org: stakeholders.make_engagement(org).pk,
    "team_member_pk": lambda org: stakeholders.make_team_member(org).pk,
    "group_pk": lambda org: stakeholders.group(org, "MED").pk,
    "plan_pk": lambda org: stakeholders.make_plan(org).pk,
    "plan_item_pk": lambda org: stakeholders.make_plan_item(org).pk,
    **customers.OBJECT_BUILDERS,
    **complaints.OBJECT_BUILDERS,
    **assessments.OBJECT_BUILDERS,
    **packs.OBJECT_BUILDERS,
    **notices.OBJECT_BUILDERS,
    **consents.OBJECT_BUILDERS,
    **requests.OBJECT_BUILDERS,
    **breaches.OBJECT_BUILDERS,
}
# For API routes, `pk` names a row of the viewset's model.
MODEL_BUILDERS = {
    OrgUnit: OBJECT_BUILDERS["unit_pk"],
    Membership: OBJECT_BUILDERS["membership_pk"],
    Attachment: OBJECT_BUILDERS["attachment_pk"],
    FileVersion: OBJECT_BUILDERS["version_pk"],
    GovernedDocument: OBJECT_BUILDERS["document_pk"],
    DocumentVersion: OBJECT_BUILDERS["document_version_pk"],
    Approval: lambda org: approvals.approved_version(org).approval.pk,
    Stakeholder: OBJECT_BUILDERS["stakeholder_pk"],
    VoiceOfStakeholder: OBJECT_BUILDERS["voice_pk"],
    RelationshipRisk: OBJECT_BUILDERS["risk_pk"],
    Engagement: OBJECT_BUILDERS["engagement_pk"],
    StakeholderGroup: OBJECT_BUILDERS["group_pk"],
    TeamMember: OBJECT_BUILDERS["team_member_pk"],
    RelationshipPlan: OBJECT_BUILDERS["plan_pk"],
    PlanItem: OBJECT_BUILDERS["plan_item_pk"],
    PlanItemProgress: lambda org: stakeholders.make_progress(org).pk,
    **customers.MODEL_BUILDERS,
    **complaints.MODEL_BUILDERS,
    **assessments.MODEL_BUILDERS,
    **packs.MODEL_BUILDERS,
    **privacy_api.MODEL_BUILDERS,
}
# Routes outside /o/<org>/ and /api/v1/orgs/<org>/: public, personal or platform-wide.
# A new one must be added here on purpose, after checking it exposes no tenant data.
NON_TENANT_ROUTES = {
    "home",
    "health",
    # Published documents: public on purpose, reached only by an unguessable token.
    "public:version",
    "public:qr_png",
    "public:qr_svg",
    # The published customer service charter per organization (customers/public_urls.py):
    # public on purpose, it shows only the latest published (board-approved) version.
    "public_charter:charter",
    "public_charter:charter_en",
    "public_charter:qr_svg",
    "public_charter:qr_png",
    "public_charter:qr_svg_en",
    "public_charter:qr_png_en",
    # The public complaint form per organization and the tracking page per case
    # (complaints/public_urls.py): public on purpose. The form shows only the categories and
    # channels of the policy in force; the tracking page is reached only by a case's
    # unguessable token and shows its status, never its content.
    "public_complaints:form",
    "public_complaints:form_en",
    "public_complaints:track",
    "public_complaints:track_en",
    # The published privacy notice per organization (seam_scm/privacy/public_urls.py): public
    # on purpose (PDPA s.23); it shows the latest published notice and the purposes in use.
    "public_privacy:notice",
    "public_privacy:notice_en",
    # The criteria library (assessments/library_urls.py, assessments/api/library.py):
    # platform-wide frameworks, criteria, levels and mappings shared by every organization,
    # no tenant data. Reading needs a login; importing and publishing need is_staff.
    "library:framework_list",
    "library:version_detail",
    "library:version_export",
    "library:version_import",
    "library:version_publish",
    "api:framework-version-list",
    "api:framework-version-detail",
    "api-schema",
    "api-docs",
    "api:my-organizations",
    "accounts:login",
    "accounts:logout",
    "accounts:profile",
    "accounts:regenerate_token",
    "accounts:set_language",
    "accounts:password_change",
    "accounts:password_change_done",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
}


@dataclass(frozen=True)
class Route:
    name: str
    params: tuple[str, ...]
    callback: object

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")

    @property
    def methods(self) -> list[str]:
        """The HTTP methods the route answers: a viewset's actions, or what org_view allows."""
        actions = getattr(self.callback, "actions", None)
        if actions is not None:
            return sorted(actions)
        if self.is_api:
            return [m for m in self.callback.cls.http_method_names
                    if hasattr(self.callback.cls, m) and m not in {"options", "head"}]  # fmt: skip
        return [m.lower() for m in self.callback.allowed_methods]

    @property
    def object_params(self) -> tuple[str, ...]:
        return tuple(p for p in self.params if p != "org_slug")


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        regex = prefix + entry.pattern.regex.pattern.lstrip("^").rstrip("$").removesuffix(r"\Z")
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, regex, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            params = tuple(re.compile(regex).groupindex)
            yield Route(f"{namespace}{entry.name}", params, entry.callback)


def all_routes() -> list[Route]:
    """Every named route except the platform admin site (staff only, across organizations)."""
    routes = {r.name: r for r in _walk(get_resolver().url_patterns)}
    return sorted(
        (r for r in routes.values() if not r.name.startswith("admin:")), key=lambda r: r.name
    )


ORG_ROUTES = [r for r in all_routes() if "org_slug" in r.params]


def _build_object(route: Route, param: str, organization) -> int:
    if param in OBJECT_BUILDERS:
        return OBJECT_BUILDERS[param](organization)
    model = getattr(getattr(route.callback, "cls", None), "model", None)
    if param == "pk" and model in MODEL_BUILDERS:
        return MODEL_BUILDERS[model](organization)
    raise AssertionError(
        f"Route {route.name} has parameter {param!r} (model {model}); add a builder for it "
        "to OBJECT_BUILDERS or MODEL_BUILDERS in tests/tenancy/test_route_isolation.py "
        "(or the app's tests/<app>/route_builders.py)."
    )


def _url(route: Route, org_slug: str, objects_of) -> str:
    kwargs = {"org_slug": org_slug}
    for param in route.object_params:
        kwargs[param] = _build_object(route, param, objects_of)
    return reverse(route.name, kwargs=kwargs)


def test_every_org_page_checks_the_role_through_org_view():
    pages = [r.name for r in ORG_ROUTES if not r.is_api]
    unchecked = [name for name in pages if not hasattr(_route(name).callback, "required_action")]
    assert pages and unchecked == []


def _acting_role(route: Route) -> Role:
    """The coordinator; for a page only another role may use (an assessor's review), that role,
    so that the answer is about the object, not the role."""
    action = getattr(route.callback, "required_action", None)
    if action is None or role_allows(Role.COORDINATOR, action):
        return Role.COORDINATOR
    return next(role for role in Role if role_allows(role, action))


def _route(name: str) -> Route:
    return next(r for r in ORG_ROUTES if r.name == name)


def test_every_route_is_tenant_scoped_or_known_to_be_global():
    unknown = [
        r.name
        for r in all_routes()
        if "org_slug" not in r.params and r.name not in NON_TENANT_ROUTES
    ]
    assert unknown == []
    assert len(ORG_ROUTES) >= 10


@pytest.mark.django_db
@pytest.mark.parametrize("route", ORG_ROUTES, ids=lambda r: r.name)
def test_member_of_another_org_gets_404(route, org_a, org_b, member_factory, client_for):
    outsider = member_factory(org_b, Role.COORDINATOR)
    client = client_for(outsider)
    url = _url(route, org_a.slug, objects_of=org_a)
    for method in route.methods:
        response = getattr(client, method)(url, content_type="application/json")
        assert response.status_code == 404, f"{method.upper()} {url}"


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in ORG_ROUTES if r.object_params], ids=lambda r: r.name)
def test_object_of_another_org_through_own_org_url_gets_404(
    route, org_a, org_b, member_factory, client_for
):
    member_of_b = member_factory(org_b, _acting_role(route))
    client = client_for(member_of_b)
    url = _url(route, org_b.slug, objects_of=org_a)
    for method in route.methods:
        response = getattr(client, method)(url, content_type="application/json")
        assert response.status_code == 404, f"{method.upper()} {url}"


@pytest.mark.django_db
@pytest.mark.parametrize("route", ORG_ROUTES, ids=lambda r: r.name)
def test_member_reaches_own_org_route(route, org_a, member_factory, client_for):
    """The 404s above mean something only if the same URL works for a member."""
    member = member_factory(org_a, _acting_role(route))
    url = _url(route, org_a.slug, objects_of=org_a)
    response = client_for(member).get(url)
    # 302: a page that sends the member on, e.g. editing a version that is no longer a draft.
    assert response.status_code in {200, 302, 405}, url
    assert not response.get("Location", "").startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("route", ORG_ROUTES, ids=lambda r: r.name)
def test_anonymous_visitor_is_sent_to_login_or_refused(route, org_a, client):
    url = _url(route, org_a.slug, objects_of=org_a)
    response = client.get(url)
    if route.is_api:
        assert response.status_code in {401, 403}
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_unknown_org_answers_404_like_a_foreign_one(org_b, member_factory, client_for):
    client = client_for(member_factory(org_b, Role.COORDINATOR))
    assert client.get("/o/no-such-org/").status_code == 404
    assert client.get("/api/v1/orgs/no-such-org/units/").status_code == 404


@pytest.mark.django_db
def test_404_page_does_not_name_the_foreign_org(org_a, org_b, member_factory, client_for):
    client = client_for(member_factory(org_b, Role.COORDINATOR))
    response = client.get(f"/o/{org_a.slug}/")
    body = response.content.decode()
    assert response.status_code == 404
    assert org_a.name_th not in body
    assert org_a.short_name not in body


@pytest.mark.django_db
def test_api_lists_only_own_org_rows(org_a, org_b, member_factory, api_client_for):
    with scopes_disabled():
        mine = OrgUnitFactory(organization=org_a, code="MINE")
        OrgUnitFactory(organization=org_b, code="THEIRS")
    client = api_client_for(member_factory(org_a, Role.VIEWER))
    response = client.get(f"/api/v1/orgs/{org_a.slug}/units/")
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]
