from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customer management")

    def ready(self) -> None:
        from seam_scm.approvals.content import register_content
        from seam_scm.approvals.models import DocumentKind

        from .content import CharterContent, StrategyContent

        register_content(DocumentKind.CUSTOMER_MARKET_STRATEGY, StrategyContent())
        register_content(DocumentKind.SERVICE_CHARTER, CharterContent())
