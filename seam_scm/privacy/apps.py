from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "seam_scm.privacy"
    label = "privacy"
    verbose_name = _("Personal data protection")

    def ready(self) -> None:
        from seam_scm.tenancy.models import Organization

        post_save.connect(
            give_new_organization_defaults,
            sender=Organization,
            dispatch_uid="privacy.give_new_organization_defaults",
        )


def give_new_organization_defaults(sender, instance, created, **kwargs) -> None:
    if created:
        from django_scopes import scope

        from .defaults import give_starter_record

        with scope(organization=instance):
            give_starter_record(instance)
