from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Stakeholder management")

    def ready(self) -> None:
        from seam_scm.approvals.content import register_content
        from seam_scm.approvals.models import DocumentKind
        from seam_scm.tenancy.models import Organization

        from .content import RelationshipPlanContent, StakeholderStrategyContent

        register_content(DocumentKind.RELATIONSHIP_PLAN, RelationshipPlanContent())
        register_content(DocumentKind.STAKEHOLDER_STRATEGY, StakeholderStrategyContent())

        from seam_scm.privacy import registry

        from .privacy import REPRESENTATIVE

        registry.register(REPRESENTATIVE)
        post_save.connect(give_new_organization_defaults, sender=Organization)


def give_new_organization_defaults(sender, instance, created, **kwargs) -> None:
    """Every new organization starts with the usual stakeholder groups and settings."""
    if created:
        from django_scopes import scope

        from .services import ensure_defaults

        with scope(organization=instance):
            ensure_defaults(organization=instance)
