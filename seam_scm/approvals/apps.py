from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "seam_scm.approvals"
    label = "approvals"
    verbose_name = _("Governed documents and board approvals")

    def ready(self) -> None:
        from . import db, pack
        from .models import Approval, VersionAttachment

        db.freeze_with_version(VersionAttachment)
        db.freeze_with_version(Approval)
        connection_created.connect(db.register_sqlite_functions)
        post_migrate.connect(db.install_after_migrate, sender=self)
        pack.register()
