"""Tenant rows are reachable only inside an organization scope."""

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django_scopes import ScopeError, scope, scopes_disabled
from simple_history.models import HistoricalChanges

from seam_scm.tenancy.models import Membership, Organization, OrgUnit
from seam_scm.tenancy.roles import Role
from seam_scm.tenancy.tasks import notify_new_member

from ..factories import MembershipFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


def _tenant_models() -> list[type[models.Model]]:
    """Concrete, non-historical models with a ForeignKey `organization` to Organization."""
    found = []
    for model in apps.get_models():
        if model._meta.abstract or model._meta.proxy or issubclass(model, HistoricalChanges):
            continue
        try:
            field = model._meta.get_field("organization")
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.ForeignKey) and field.related_model is Organization:
            found.append(model)
    return found


@pytest.mark.parametrize("model", [OrgUnit, Membership], ids=lambda m: m.__name__)
def test_query_without_scope_raises(model):
    with pytest.raises(ScopeError):
        list(model.objects.all())


def test_count_without_scope_raises():
    with pytest.raises(ScopeError):
        OrgUnit.objects.count()


def test_scope_returns_only_that_orgs_units(org_a, org_b):
    mine = OrgUnitFactory(organization=org_a, code="MINE")
    OrgUnitFactory(organization=org_b, code="THEIRS")
    with scope(organization=org_a):
        assert list(OrgUnit.objects.all()) == [mine]


def test_scope_returns_only_that_orgs_memberships(org_a, org_b):
    mine = MembershipFactory(organization=org_a)
    MembershipFactory(organization=org_b)
    with scope(organization=org_a):
        assert list(Membership.objects.all()) == [mine]


def test_scope_get_of_other_orgs_row_is_not_found(org_a, org_b):
    theirs = OrgUnitFactory(organization=org_b)
    with scope(organization=org_a), pytest.raises(OrgUnit.DoesNotExist):
        OrgUnit.objects.get(pk=theirs.pk)


def test_scopes_disabled_returns_every_org(org_a, org_b):
    a = OrgUnitFactory(organization=org_a, code="A")
    b = OrgUnitFactory(organization=org_b, code="B")
    with scopes_disabled():
        assert list(OrgUnit.objects.order_by("code")) == [a, b]


def _is_scoped(model) -> bool:
    try:
        model.objects.all()
    except ScopeError:
        return True
    return False


def test_every_tenant_model_uses_the_scoped_manager():
    tenant_models = _tenant_models()
    assert {OrgUnit, Membership} <= set(tenant_models)
    unscoped = [model._meta.label for model in tenant_models if not _is_scoped(model)]
    assert unscoped == []


def test_task_opens_the_organization_scope_itself(org_a):
    membership = MembershipFactory(organization=org_a, role=Role.EDITOR)
    notify_new_member.delay(org_a.id, membership.id)
    assert [m.to for m in mail.outbox] == [[membership.user.email]]
    assert org_a.short_name in mail.outbox[0].subject


def test_task_cannot_read_a_membership_of_another_org(org_a, org_b):
    theirs = MembershipFactory(organization=org_b)
    with pytest.raises(Membership.DoesNotExist):
        notify_new_member.delay(org_a.id, theirs.id)
    assert mail.outbox == []
