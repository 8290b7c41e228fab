"""Stakeholder management (SE-AM SCM, module 1).

The profile database the criteria ask for (one row per stakeholder, with the
units that deal with it), the voice of stakeholders, the relationship plan
(a governed document, so the board can approve it), its risks, the
engagements held, and the cross-functional team.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from seam_scm.approvals.models import DocumentVersion, GovernedDocument
from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy.models import PersonalDataFields
from seam_scm.tenancy.models import OrgUnit, TenantModel

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class StakeholderGroup(TenantModel):
    """Groups are the organization's own (regulators, ministry, customers, ...)."""

    code = models.CharField(_("code"), max_length=30)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("stakeholder group")
        verbose_name_plural = _("stakeholder groups")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="stakeholder_group_code")
        ]

    def __str__(self) -> str:
        return self.name_en if get_language() == "en" and self.name_en else self.name_th


class EngagementLevel(models.IntegerChoices):
    """The engagement continuum, from the least to the most involvement."""

    MONITOR = 1, _("Monitor")
    INFORM = 2, _("Inform")
    CONSULT = 3, _("Consult")
    INVOLVE = 4, _("Involve")
    COLLABORATE = 5, _("Collaborate")
    EMPOWER = 6, _("Empower")


class Quadrant(models.TextChoices):
    """Mendelow's power-interest grid."""

    MANAGE_CLOSELY = "manage_closely", _("Manage closely")
    KEEP_SATISFIED = "keep_satisfied", _("Keep satisfied")
    KEEP_INFORMED = "keep_informed", _("Keep informed")
    MONITOR = "monitor", _("Monitor")


# Scores of 4 and 5 on the 1-5 scales count as high.
HIGH = 4


def quadrant_for(influence: int, interest: int) -> Quadrant:
    if influence >= HIGH:
        return Quadrant.MANAGE_CLOSELY if interest >= HIGH else Quadrant.KEEP_SATISFIED
    return Quadrant.KEEP_INFORMED if interest >= HIGH else Quadrant.MONITOR


class Stakeholder(TenantModel):
    class Side(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        EXTERNAL = "external", _("External")

    class Status(models.TextChoices):
        GOVERNMENT = "government", _("Government agency")
        STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
        PRIVATE = "private", _("Private company")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        COMMUNITY = "community", _("Community")
        INDIVIDUAL = "individual", _("Individual")

    class Network(models.TextChoices):
        DOMESTIC = "domestic", _("Domestic")
        INTERNATIONAL = "international", _("International")
        BOTH = "both", _("Domestic and international")

    class Source(models.TextChoices):
        PRIMARY = "primary", _("Primary (from the stakeholder)")
        SECONDARY = "secondary", _("Secondary (documents, media, past records)")

    code = models.CharField(_("code"), max_length=30)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    side = models.CharField(_("internal or external"), max_length=10, choices=Side.choices)
    group = models.ForeignKey(
        StakeholderGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="members"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    # รูปแบบการทำงาน: mission, structure and chain of command, network.
    mission = models.TextField(_("mission"), blank=True)
    structure = models.TextField(_("structure and chain of command"), blank=True)
    network = models.CharField(_("network"), max_length=15, choices=Network.choices, blank=True)
    role = models.TextField(_("role towards the organization"), blank=True)
    needs_from_them = models.TextField(_("what the organization needs from them"), blank=True)
    key_issues = models.TextField(_("key issues"), blank=True)
    source = models.CharField(_("source of information"), max_length=10, choices=Source.choices)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    # Importance and relationship.
    influence = models.PositiveSmallIntegerField(_("influence (1-5)"), validators=SCALE)
    interest = models.PositiveSmallIntegerField(_("interest or dependency (1-5)"), validators=SCALE)
    legitimacy = models.BooleanField(_("legitimate claim"), null=True, blank=True)
    urgency = models.BooleanField(_("urgent claim"), null=True, blank=True)
    current_level = models.PositiveSmallIntegerField(
        _("current relationship level"), choices=EngagementLevel.choices
    )
    target_level = models.PositiveSmallIntegerField(
        _("target relationship level"), choices=EngagementLevel.choices
    )
    units = models.ManyToManyField(
        OrgUnit, through="StakeholderUnit", related_name="stakeholders", verbose_name=_("units")
    )

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="stakeholder_code")
        ]

    def __str__(self) -> str:
        name = self.name_en if get_language() == "en" and self.name_en else self.name_th
        return f"{self.code} {name}"

    @property
    def quadrant(self) -> Quadrant:
        return quadrant_for(self.influence, self.interest)

    @property
    def relationship_gap(self) -> int:
        """Steps on the engagement continuum from the current to the target level."""
        return self.target_level - self.current_level

    def is_stale(self, review_months: int, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.last_reviewed is None or self.last_reviewed < stale_before(review_months, today)


def stale_before(review_months: int, today: dt.date) -> dt.date:
    """Profiles reviewed before this date are stale."""
    months = today.year * 12 + today.month - 1 - review_months
    year, month = divmod(months, 12)
    day = min(today.day, 28)
    return dt.date(year, month + 1, day)


# What a complete profile has, beyond the fields the form already requires.
@dataclass(frozen=True)
class Requirement:
    field: str
    label: str


COMPLETENESS = [
    Requirement("role", _("role towards the organization")),
    Requirement("needs_from_them", _("what the organization needs from them")),
    Requirement("key_issues", _("key issues")),
    Requirement("mission", _("mission")),
    Requirement("network", _("network")),
    Requirement("last_reviewed", _("last reviewed")),
    Requirement("units", _("units that deal with them")),
    Requirement("representatives", _("representatives or coordinators")),
]


class StakeholderSettings(TenantModel):
    """Per-organization rules for the stakeholder database."""

    review_months = models.PositiveSmallIntegerField(
        _("review period (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("A profile not reviewed within this period is flagged as stale."),
    )
    team_order = models.ForeignKey(
        "files.Attachment",
        verbose_name=_("appointment order of the cross-functional team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("stakeholder settings")
        verbose_name_plural = _("stakeholder settings")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="stakeholder_settings_one")
        ]


class StakeholderUnit(TenantModel):
    """A business line or department that deals with the stakeholder, and how much it matters."""

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="unit_links"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="stakeholder_links"
    )
    importance_rank = models.PositiveSmallIntegerField(
        _("importance rank for this unit"),
        validators=[MinValueValidator(1)],
        help_text=_("1 is the most important stakeholder of the unit."),
    )

    class Meta:
        verbose_name = _("unit dealing with the stakeholder")
        verbose_name_plural = _("units dealing with the stakeholder")
        ordering = ["importance_rank", "unit__code"]
        constraints = [
            models.UniqueConstraint(fields=["stakeholder", "unit"], name="stakeholder_unit_once")
        ]


class Representative(PersonalDataFields, TenantModel):
    """A person who speaks for the stakeholder. Contacts are personal data (PDPA)."""

    class Kind(models.TextChoices):
        REPRESENTATIVE = "representative", _("Representative")
        COORDINATOR = "coordinator", _("Coordinator")

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="representatives"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    lawful_basis = models.CharField(_("lawful basis"), max_length=30, choices=LawfulBasis.choices)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class VoiceOfStakeholder(TenantModel):
    class Polarity(models.TextChoices):
        POSITIVE = "positive", _("Positive (benefits both sides)")
        NEGATIVE = "negative", _("Negative (possible harm or risk)")

    class Source(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        SURVEY = "survey", _("Survey")
        INTERVIEW = "interview", _("Interview")
        COMPLAINT = "complaint", _("Complaint")
        MEDIA = "media", _("Media")
        PAST_PERFORMANCE = "past_performance", _("Past performance")
        DOCUMENT = "document", _("Document")

    stakeholder = models.ForeignKey(
        Stakeholder, verbose_name=_("stakeholder"), on_delete=models.CASCADE, related_name="voices"
    )
    polarity = models.CharField(_("positive or negative"), max_length=10, choices=Polarity.choices)
    topic = models.CharField(_("topic"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    heard_on = models.DateField(_("date"))
    importance = models.PositiveSmallIntegerField(_("importance (1-5)"), validators=SCALE)
    owner_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("voice of stakeholder")
        verbose_name_plural = _("voices of stakeholders")
        ordering = ["-heard_on", "-id"]

    def __str__(self) -> str:
        return self.topic


class RelationshipRisk(TenantModel):
    """Criterion 3.2.2: a risk in the relationship, rated on the corporate risk framework."""

    stakeholder = models.ForeignKey(
        Stakeholder, verbose_name=_("stakeholder"), on_delete=models.CASCADE, related_name="risks"
    )
    voices = models.ManyToManyField(
        VoiceOfStakeholder, blank=True, related_name="risks", verbose_name=_("voices answered")
    )
    description = models.TextField(_("description"))
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1-5)"), validators=SCALE)
    impact = models.PositiveSmallIntegerField(_("impact (1-5)"), validators=SCALE)
    mitigation = models.TextField(_("mitigation"), blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="+"
    )
    corporate_register_ref = models.CharField(
        _("corporate risk register reference"), max_length=100, blank=True
    )

    class Meta:
        verbose_name = _("relationship risk")
        verbose_name_plural = _("relationship risks")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def rating(self) -> str:
        return risk_rating(self.likelihood, self.impact)


class RiskRating(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


def risk_rating(likelihood: int, impact: int) -> RiskRating:
    """The usual 5x5 matrix bands: 1-4 low, 5-9 medium, 10-16 high, 17-25 very high."""
    score = likelihood * impact
    if score >= 17:
        return RiskRating.VERY_HIGH
    if score >= 10:
        return RiskRating.HIGH
    if score >= 5:
        return RiskRating.MEDIUM
    return RiskRating.LOW


class RelationshipPlan(TenantModel):
    """A fiscal-year plan of one business line; its versions are a governed document."""

    document = models.OneToOneField(
        GovernedDocument, on_delete=models.PROTECT, related_name="relationship_plan"
    )
    business_line = models.ForeignKey(
        OrgUnit, verbose_name=_("business line"), on_delete=models.PROTECT, related_name="+"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))

    class Meta:
        verbose_name = _("relationship plan")
        verbose_name_plural = _("relationship plans")
        ordering = ["-fiscal_year", "business_line__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "business_line", "fiscal_year"], name="plan_per_line_year"
            )
        ]

    def __str__(self) -> str:
        return self.document.title


class PlanItem(TenantModel):
    """One line of a plan version. Frozen with the version once the board approves it."""

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="plan_items"
    )
    # Stays the same across versions, so that progress follows an item into revisions.
    key = models.UUIDField(_("item key"))
    stakeholder = models.ForeignKey(
        Stakeholder, verbose_name=_("stakeholder"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="plan_items",
    )  # fmt: skip
    group = models.ForeignKey(
        StakeholderGroup, verbose_name=_("stakeholder group"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="plan_items",
    )  # fmt: skip
    voice = models.ForeignKey(
        VoiceOfStakeholder, verbose_name=_("VOS issue addressed"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="plan_items",
    )  # fmt: skip
    objective = models.TextField(_("objective"))
    activity = models.TextField(_("activity"))
    channel = models.CharField(_("channel"), max_length=255, blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="+"
    )
    months = models.JSONField(_("months scheduled"), default=list)
    kpi = models.CharField(_("KPI"), max_length=255)
    target = models.CharField(_("target"), max_length=255)
    budget = models.DecimalField(_("budget (baht)"), max_digits=14, decimal_places=2, default=0)
    # An existing unit plan can be referenced instead of retyped.
    referenced_plan = models.ForeignKey(
        "files.Attachment", verbose_name=_("existing unit plan"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["id"]


class PlanItemProgress(TenantModel):
    """Progress of a plan item during the year: it changes after approval, so it lives apart."""

    plan = models.ForeignKey(RelationshipPlan, on_delete=models.CASCADE, related_name="progress")
    item_key = models.UUIDField()
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    result = models.TextField(_("result"), blank=True)

    class Meta:
        verbose_name = _("plan item progress")
        verbose_name_plural = _("plan item progress")
        constraints = [
            models.UniqueConstraint(fields=["plan", "item_key"], name="plan_progress_once")
        ]


class Engagement(TenantModel):
    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        VISIT = "visit", _("Visit")
        FORUM = "forum", _("Forum or hearing")
        SURVEY = "survey", _("Survey")
        TRAINING = "training", _("Training or workshop")
        EVENT = "event", _("Event or activity")
        CORRESPONDENCE = "correspondence", _("Letter or correspondence")

    stakeholders = models.ManyToManyField(
        Stakeholder, related_name="engagements", verbose_name=_("stakeholders")
    )
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    participants = models.TextField(_("participants"), blank=True)
    summary = models.TextField(_("summary"))
    follow_ups = models.TextField(_("follow-ups"), blank=True)

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class TeamMember(TenantModel):
    """The cross-functional stakeholder team: a member per business line and role."""

    class TeamRole(models.TextChoices):
        CHAIR = "chair", _("Chair")
        MEMBER = "member", _("Member")
        SECRETARY = "secretary", _("Secretary")

    name = models.CharField(_("name"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    business_line = models.ForeignKey(
        OrgUnit, verbose_name=_("business line"), on_delete=models.PROTECT, related_name="+"
    )
    team_role = models.CharField(_("role in the team"), max_length=20, choices=TeamRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team_role", "business_line__code", "name"]

    def __str__(self) -> str:
        return self.name
