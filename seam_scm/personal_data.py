"""Personal data vocabulary shared by every module that keeps data about people (PDPA)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LawfulBasis(models.TextChoices):
    """PDPA s.19 and s.24: why the organization may keep a person's data."""

    CONSENT = "consent", _("Consent")
    CONTRACT = "contract", _("Contract")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
    VITAL_INTEREST = "vital_interest", _("Vital interest")
    PUBLIC_TASK = "public_task", _("Public task")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")
    RESEARCH = "research", _("Research or statistics")
