from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaint handling")

    def ready(self) -> None:
        from seam_scm.tenancy.models import Organization

        post_save.connect(
            give_new_organization_defaults,
            sender=Organization,
            dispatch_uid="complaints.give_new_organization_defaults",
        )


def give_new_organization_defaults(sender, instance, created, raw=False, **kwargs) -> None:
    """Every new organization gets its working calendar and the Thai holidays of this year and
    the next (complaints.holidays)."""
    if created and not raw:
        from .calendar_services import give_defaults

        give_defaults(organization=instance)
