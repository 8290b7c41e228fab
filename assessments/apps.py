from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from seam_scm.files.access import register_assessment_link_check
        from seam_scm.packs.kinds import register_pack_kind

        from .access import linked_evidence_ids
        from .pack import assessment_pack_kind

        register_assessment_link_check(linked_evidence_ids)
        register_pack_kind(assessment_pack_kind())
        post_migrate.connect(
            load_shipped_frameworks, sender=self, dispatch_uid="assessments.library"
        )


def load_shipped_frameworks(sender, using="default", **kwargs) -> None:
    """The frameworks kept in the repository are in every database once it is migrated."""
    from .library import ensure_shipped_frameworks

    ensure_shipped_frameworks()
