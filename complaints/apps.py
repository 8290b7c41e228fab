from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaint handling")

    def ready(self) -> None:
        from seam_scm.approvals.content import register_content
        from seam_scm.approvals.models import DocumentKind
        from seam_scm.files.access import register_personal_data_record
        from seam_scm.tenancy.models import Organization

        from .content import PolicyContent
        from .models import ComplaintCase, ComplaintRegister

        register_content(DocumentKind.COMPLAINT_POLICY, PolicyContent())
        # Both hold files that name complainants: a case's evidence, imported workbooks.
        register_personal_data_record(ComplaintCase)
        register_personal_data_record(ComplaintRegister)

        from seam_scm.privacy import registry

        from .privacy import COMPLAINANT

        registry.register(COMPLAINANT)

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
