"""Customer management (SE-AM SCM, module 2).

What the criteria ask an enterprise to show about its customers:

- the customer and market strategy (criterion 1.1), a governed document whose
  versions hold strategic objectives and the long-term and annual action plan
  items; the cascade of their KPIs to units, staff and partners and the record
  of how the plan was communicated live apart, because they happen after the
  board approves the plan;
- segments, the products and services they use, and the listening channels
  (criterion 2) through which the voice of the customer (VOC) is heard, each
  VOC in one of the four categories the criteria compare;
- satisfaction, dissatisfaction and engagement surveys: the annual survey by an
  external consultant the criteria require, and the organization's own;
- customer journey maps, whose critical points (moments of truth) the service
  standard must cover;
- the customer service charter and service standards (criterion 5.1), a
  governed document whose versions hold commitments, standards with their
  protocols, blueprint steps, guidelines and the service recovery plan;
- the minutes of the meetings that review all this (FAQ CM-16).
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from seam_scm.approvals.models import DocumentVersion, GovernedDocument
from seam_scm.tenancy.models import BilingualNameMixin, OrgUnit, TenantModel

SCALE = [MinValueValidator(1), MaxValueValidator(5)]
PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


def in_language(thai: str, english: str) -> str:
    """A bilingual text in the active language, falling back to Thai."""
    return english if get_language() == "en" and english else thai


class Frequency(models.TextChoices):
    CONTINUOUS = "continuous", _("Continuous")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")
    AD_HOC = "ad_hoc", _("As needed")


# --- Products, segments, channels ------------------------------------------------------------


class ProductService(BilingualNameMixin, TenantModel):
    class Kind(models.TextChoices):
        PRODUCT = "product", _("Product")
        SERVICE = "service", _("Service")

    code = models.CharField(_("code"), max_length=30)
    kind = models.CharField(_("product or service"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    owner_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("owner unit"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("product or service")
        verbose_name_plural = _("products and services")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="product_code")
        ]


class CustomerSegment(BilingualNameMixin, TenantModel):
    """A customer group and its profile (the customer profile of the criteria)."""

    code = models.CharField(_("code"), max_length=30)
    description = models.TextField(_("description"), blank=True)
    needs = models.TextField(_("needs and expectations"), blank=True)
    customer_count = models.PositiveIntegerField(_("number of customers"), null=True, blank=True)
    size_note = models.CharField(
        _("size note"), max_length=255, blank=True,
        help_text=_("For example the unit counted (accounts, households) and the date."),
    )  # fmt: skip
    revenue_share = models.DecimalField(
        _("share of revenue (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT,
    )  # fmt: skip
    volume_share = models.DecimalField(
        _("share of volume (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT,
    )  # fmt: skip
    preferred_channels = models.TextField(_("preferred service channels"), blank=True)
    products = models.ManyToManyField(
        ProductService, blank=True, related_name="segments",
        verbose_name=_("products and services used"),
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("customer segment")
        verbose_name_plural = _("customer segments")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="segment_code")
        ]


class ListeningChannel(BilingualNameMixin, TenantModel):
    """A way the organization listens to customers (criterion 2)."""

    class Kind(models.TextChoices):
        # Direct: the customer speaks to the organization.
        SURVEY = "survey", _("Survey")
        CALL_CENTER = "call_center", _("Call center")
        COUNTER = "counter", _("Service counter")
        WEBSITE = "website", _("Website")
        SOCIAL_MEDIA = "social_media", _("Social media")
        # Indirect: the organization learns about customers from elsewhere.
        COMPETITORS = "competitors", _("Competitors")
        COMPARATORS = "comparators", _("Comparators")
        STAKEHOLDERS = "stakeholders", _("Stakeholders")
        ONLINE_MEDIA = "online_media", _("Online media")
        INTERACTION_DATA = "interaction_data", _("Interaction data")

    DIRECT_KINDS = (Kind.SURVEY, Kind.CALL_CENTER, Kind.COUNTER, Kind.WEBSITE, Kind.SOCIAL_MEDIA)

    code = models.CharField(_("code"), max_length=30)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)
    owner_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="+"
    )
    practice = models.TextField(
        _("practice"), help_text=_("How the channel is run: who listens, records and analyses.")
    )
    segments = models.ManyToManyField(
        CustomerSegment, blank=True, related_name="channels", verbose_name=_("segments heard")
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("listening channel")
        verbose_name_plural = _("listening channels")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="listening_channel_code")
        ]

    @property
    def is_direct(self) -> bool:
        return self.kind in self.DIRECT_KINDS


class VocCategory(models.TextChoices):
    """The four categories criterion 2 level 2 asks to compare."""

    PRODUCT_SERVICE = "product_service", _("Product and service")
    CUSTOMER_SUPPORT = "customer_support", _("Customer support")
    TRANSACTION = "transaction", _("Transaction")
    RELATIONSHIP = "relationship", _("Relationship management")


class VoiceOfCustomer(TenantModel):
    class Sentiment(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEUTRAL = "neutral", pgettext_lazy("sentiment", "Neutral")
        NEGATIVE = "negative", _("Negative")

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("VOC status", "New")
        ANALYSING = "analysing", _("Being analysed")
        IN_PROGRESS = "in_progress", _("Response in progress")
        RESPONDED = "responded", _("Responded")
        NO_ACTION = "no_action", _("Closed without action")

    channel = models.ForeignKey(
        ListeningChannel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="voices"
    )
    segment = models.ForeignKey(
        CustomerSegment, verbose_name=_("segment"), on_delete=models.PROTECT, related_name="voices"
    )
    category = models.CharField(_("category"), max_length=20, choices=VocCategory.choices)
    topic = models.CharField(_("what was heard"), max_length=255)
    description = models.TextField(_("details"), blank=True)
    importance = models.PositiveSmallIntegerField(
        _("importance to the customer (1-5)"), validators=SCALE
    )
    sentiment = models.CharField(_("sentiment"), max_length=10, choices=Sentiment.choices)
    heard_on = models.DateField(_("date heard"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default="new")
    # The response: what was done, by whom, and what it achieved (measured).
    action_taken = models.TextField(_("action taken"), blank=True)
    response_owner = models.ForeignKey(
        OrgUnit, verbose_name=_("response owner"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    responded_on = models.DateField(_("responded on"), null=True, blank=True)
    measured_result = models.TextField(_("measured result"), blank=True)

    class Meta:
        verbose_name = _("voice of the customer")
        verbose_name_plural = _("voices of customers")
        ordering = ["-heard_on", "-id"]

    def __str__(self) -> str:
        return self.topic


# --- Surveys ---------------------------------------------------------------------------------


class Measure(models.TextChoices):
    SATISFACTION = "satisfaction", _("Satisfaction")
    DISSATISFACTION = "dissatisfaction", _("Dissatisfaction")
    ENGAGEMENT = "engagement", pgettext_lazy("customer survey measure", "Engagement")


class Survey(TenantModel):
    class SurveyType(models.TextChoices):
        ANNUAL = "annual", _("Annual survey")
        POST_SERVICE = "post_service", _("Post-service survey")
        POINT_OF_SERVICE = "point_of_service", _("Point-of-service survey")
        OTHER = "other", _("Other survey")

    class ConductedBy(models.TextChoices):
        EXTERNAL = "external", _("External consultant")
        INTERNAL = "internal", _("The organization itself")

    title = models.CharField(_("title"), max_length=255)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    survey_type = models.CharField(_("type"), max_length=20, choices=SurveyType.choices)
    conducted_by = models.CharField(_("conducted by"), max_length=10, choices=ConductedBy.choices)
    firm = models.CharField(_("consulting firm"), max_length=255, blank=True)
    contract_reference = models.CharField(_("contract reference"), max_length=100, blank=True)
    method = models.TextField(_("method"), blank=True)
    sample_size = models.PositiveIntegerField(_("sample size"), null=True, blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    scale_min = models.PositiveSmallIntegerField(_("lowest score of the scale"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score of the scale"), default=5)
    report = models.ForeignKey(
        "files.Attachment", verbose_name=_("report"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-fiscal_year", "-period_end", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")),
                name="survey_scale_order",
                violation_error_message=_(
                    "The highest score of the scale must be above the lowest."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="survey_period_order",
                violation_error_message=_("The period must end on or after the day it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_external_annual(self) -> bool:
        """The survey criterion CM satisfaction level 1 requires every year."""
        return (
            self.survey_type == self.SurveyType.ANNUAL
            and self.conducted_by == self.ConductedBy.EXTERNAL
        )


class SurveyResult(TenantModel):
    """A score of one measure and dimension, for one segment (or all customers)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="results")
    segment = models.ForeignKey(
        CustomerSegment, verbose_name=_("segment"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="survey_results",
        help_text=_("Leave empty for all customers."),
    )  # fmt: skip
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    dimension = models.CharField(
        _("dimension"), max_length=255, help_text=_("For example “overall” or “staff courtesy”.")
    )
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2)
    respondents = models.PositiveIntegerField(_("respondents"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey result")
        verbose_name_plural = _("survey results")
        # "All customers" (no segment) first, on every database.
        ordering = [
            "measure",
            models.F("segment__order").asc(nulls_first=True),
            models.F("segment__code").asc(nulls_first=True),
            "dimension",
            "id",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "segment", "measure", "dimension"],
                condition=Q(segment__isnull=False),
                name="survey_result_once",
            ),
            # NULL never equals NULL in a unique index, so "all customers" needs its own.
            models.UniqueConstraint(
                fields=["survey", "measure", "dimension"],
                condition=Q(segment__isnull=True),
                name="survey_result_once_all_customers",
            ),
        ]

    @property
    def percent(self) -> Decimal:
        """The score as a percentage of the scale's top, how Thai reports usually state it."""
        return (self.score / self.survey.scale_max * 100).quantize(Decimal("0.1"))


# --- Journey maps ----------------------------------------------------------------------------


class JourneyMap(TenantModel):
    segment = models.ForeignKey(
        CustomerSegment, verbose_name=_("segment"), on_delete=models.PROTECT,
        related_name="journey_maps",
    )  # fmt: skip
    service = models.ForeignKey(
        ProductService, verbose_name=_("product or service"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="journey_maps",
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("customer journey map")
        verbose_name_plural = _("customer journey maps")
        ordering = ["segment__order", "segment__code", "title"]

    def __str__(self) -> str:
        return self.title


class JourneyStage(TenantModel):
    class Feeling(models.IntegerChoices):
        VERY_BAD = 1, _("Very unhappy")
        BAD = 2, _("Unhappy")
        NEUTRAL = 3, pgettext_lazy("customer feeling", "Neutral")
        GOOD = 4, _("Happy")
        VERY_GOOD = 5, _("Very happy")

    journey = models.ForeignKey(JourneyMap, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("stage"), max_length=255)
    customer_actions = models.TextField(_("customer actions"))
    touchpoints = models.TextField(_("touchpoints"))
    pain_points = models.TextField(_("pain points"), blank=True)
    feeling = models.PositiveSmallIntegerField(
        _("customer feeling"), choices=Feeling.choices, null=True, blank=True
    )
    is_critical = models.BooleanField(
        _("critical point (moment of truth)"), default=False,
        help_text=_("The service standard must cover this stage with a guideline."),
    )  # fmt: skip
    critical_reason = models.TextField(_("why it is critical"), blank=True)

    class Meta:
        verbose_name = _("journey stage")
        verbose_name_plural = _("journey stages")
        ordering = ["journey", "order", "id"]

    def __str__(self) -> str:
        return f"{self.journey} — {self.order}. {self.name}"


# --- Customer and market strategy (criterion 1.1) --------------------------------------------


class CustomerStrategy(TenantModel):
    """The strategy of a plan period; its versions are a governed document."""

    document = models.OneToOneField(
        GovernedDocument, on_delete=models.PROTECT, related_name="customer_strategy"
    )
    first_year = models.PositiveSmallIntegerField(_("from fiscal year (B.E.)"))
    last_year = models.PositiveSmallIntegerField(_("to fiscal year (B.E.)"))

    class Meta:
        verbose_name = _("customer and market strategy")
        verbose_name_plural = _("customer and market strategies")
        ordering = ["-first_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="strategy_period_order",
                violation_error_message=_("The last fiscal year must not come before the first."),
            )
        ]

    def __str__(self) -> str:
        return self.document.title


class StrategicObjective(TenantModel):
    """A strategy-level objective with its KPI and target; frozen with the version."""

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="strategic_objectives"
    )
    # Stays the same across versions, so that the cascade follows it into revisions.
    key = models.UUIDField(_("key"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    objective = models.TextField(_("strategic objective"))
    kpi = models.CharField(_("KPI"), max_length=255)
    target = models.CharField(_("target"), max_length=255)

    class Meta:
        verbose_name = _("strategic objective")
        verbose_name_plural = _("strategic objectives")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.objective[:80]


class ActionPlanItem(TenantModel):
    """A project of the long-term or annual action plan; frozen with the version."""

    class Horizon(models.TextChoices):
        LONG_TERM = "long_term", _("Long-term action plan")
        ANNUAL = "annual", _("Annual action plan")

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="action_plan_items"
    )
    key = models.UUIDField(_("key"))
    horizon = models.CharField(_("plan"), max_length=10, choices=Horizon.choices)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), null=True, blank=True,
        help_text=_("Required for the annual plan."),
    )  # fmt: skip
    # The strategic objective it serves, by key (objectives are copied into each version).
    objective_key = models.UUIDField(_("strategic objective"), null=True, blank=True)
    objective = models.TextField(_("objective"))
    project = models.CharField(_("project"), max_length=255)
    owner_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="+"
    )
    kpi = models.CharField(_("KPI"), max_length=255)
    target = models.CharField(_("target"), max_length=255)
    budget = models.DecimalField(
        _("budget (baht)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    partners = models.TextField(
        _("partners"), blank=True, help_text=_("External partners, suppliers or allies involved.")
    )

    class Meta:
        verbose_name = _("action plan item")
        verbose_name_plural = _("action plan items")
        ordering = ["horizon", "fiscal_year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(horizon="long_term") | Q(fiscal_year__isnull=False),
                name="annual_item_has_year",
                violation_error_message=_("An item of the annual plan needs its fiscal year."),
            )
        ]

    def __str__(self) -> str:
        return self.project


class KpiCascade(TenantModel):
    """A KPI and target handed down to a unit, a person or a partner (criterion 1.1 level 3).

    It happens after the board approves the plan, so it is kept apart from the
    frozen version, keyed by the objective's or item's key like plan progress.
    """

    class Level(models.TextChoices):
        STRATEGY = "strategy", _("Strategy level")
        PLAN = "plan", _("Plan or project level")

    class RecipientKind(models.TextChoices):
        UNIT = "unit", _("Unit")
        STAFF = "staff", _("Staff member")
        PARTNER = "partner", _("External partner")

    strategy = models.ForeignKey(
        CustomerStrategy, on_delete=models.CASCADE, related_name="cascades"
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    source_key = models.UUIDField(_("objective or plan item"))
    recipient_kind = models.CharField(
        _("cascaded to"), max_length=10, choices=RecipientKind.choices
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    recipient_name = models.CharField(
        _("person or partner"), max_length=255, blank=True,
        help_text=_("The staff member's name and position, or the partner organization."),
    )  # fmt: skip
    kpi = models.CharField(_("KPI"), max_length=255)
    target = models.CharField(_("target"), max_length=255)
    cascaded_on = models.DateField(_("cascaded on"))
    evidence = models.ForeignKey(
        "files.Attachment", verbose_name=_("evidence"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("For example the KPI agreement or the memorandum with the partner."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("KPI cascade")
        verbose_name_plural = _("KPI cascades")
        ordering = ["cascaded_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(recipient_kind="unit") & Q(unit__isnull=False))
                | (~Q(recipient_kind="unit") & ~Q(recipient_name="")),
                name="cascade_names_recipient",
                violation_error_message=_(
                    "Choose the unit, or name the person or partner the KPI is cascaded to."
                ),
            )
        ]

    @property
    def recipient(self) -> str:
        return (
            str(self.unit)
            if self.recipient_kind == self.RecipientKind.UNIT
            else self.recipient_name
        )


class PlanCommunication(TenantModel):
    """How the strategy and its action plans were communicated: to whom, when, how."""

    class Audience(models.TextChoices):
        BOARD = "board", _("Board and committees")
        EXECUTIVES = "executives", _("Executives")
        UNITS = "units", _("Units")
        STAFF = "staff", _("Staff")
        PARTNERS = "partners", _("External partners")
        CUSTOMERS = "customers", _("Customers and the public")

    class Channel(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        TRAINING = "training", _("Training or workshop")
        LETTER = "letter", _("Letter or circular")
        EMAIL = "email", _("E-mail")
        INTRANET = "intranet", _("Intranet")
        WEBSITE = "website", _("Website")
        SOCIAL_MEDIA = "social_media", _("Social media")
        OTHER = "other", _("Other")

    strategy = models.ForeignKey(
        CustomerStrategy, on_delete=models.CASCADE, related_name="communications"
    )
    version = models.ForeignKey(
        DocumentVersion, verbose_name=_("version communicated"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    audience_detail = models.CharField(_("to whom"), max_length=255)
    communicated_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    note = models.TextField(_("note"), blank=True)
    evidence = models.ForeignKey(
        "files.Attachment", verbose_name=_("evidence"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("plan communication")
        verbose_name_plural = _("plan communications")
        ordering = ["-communicated_on", "-id"]


class ReviewMeeting(TenantModel):
    """A meeting that reviewed the customer strategy, plans or processes (FAQ CM-16)."""

    class Body(models.TextChoices):
        BOARD = "board", _("Board of directors")
        COMMITTEE = "committee", _("Committee or subcommittee")
        EXECUTIVES = "executives", _("Executive meeting")

    body = models.CharField(_("meeting of"), max_length=20, choices=Body.choices)
    body_name = models.CharField(_("name of the body"), max_length=255, blank=True)
    meeting_number = models.CharField(_("meeting number"), max_length=50)
    held_on = models.DateField(_("date"))
    agenda = models.TextField(_("agenda items reviewed"))
    resolution = models.TextField(_("resolution or instructions"))
    minutes = models.ForeignKey(
        "files.Attachment", verbose_name=_("minutes"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_body_display()} {self.meeting_number}"


# --- Customer service charter and service standards (criterion 5.1) --------------------------
# Every row below belongs to one charter version and is frozen with it once approved.
# Texts shown on the public page have a Thai and an English field.


class CharterIntro(TenantModel):
    """The English title and summary of a version, and where customers learn more (FAQ CM-14)."""

    version = models.OneToOneField(
        DocumentVersion, on_delete=models.CASCADE, related_name="charter_intro"
    )
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    contact_th = models.TextField(
        _("further details and contacts (Thai)"), blank=True,
        help_text=_("For example the call center number or the web page with the details."),
    )  # fmt: skip
    contact_en = models.TextField(_("further details and contacts (English)"), blank=True)

    class Meta:
        verbose_name = _("charter introduction")
        verbose_name_plural = _("charter introductions")


class CharterCommitment(TenantModel):
    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="charter_commitments"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_th = models.TextField(_("commitment (Thai)"))
    text_en = models.TextField(_("commitment (English)"), blank=True)

    class Meta:
        verbose_name = _("charter commitment")
        verbose_name_plural = _("charter commitments")
        ordering = ["order", "id"]

    @property
    def text(self) -> str:
        return in_language(self.text_th, self.text_en)


class ServiceStandard(TenantModel):
    """One service's standard: the time promised and the protocol that measures it."""

    class ServiceKind(models.TextChoices):
        CORE = "core", _("Core service")
        SUPPORT = "support", _("Support service")

    class TimeUnit(models.TextChoices):
        MINUTES = "minutes", pgettext_lazy("time unit", "minutes")
        HOURS = "hours", _("hours")
        WORKING_HOURS = "working_hours", _("working hours")
        DAYS = "days", _("days")
        WORKING_DAYS = "working_days", _("working days")

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="service_standards"
    )
    key = models.UUIDField(_("key"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    service_th = models.CharField(_("service (Thai)"), max_length=255)
    service_en = models.CharField(_("service (English)"), max_length=255, blank=True)
    service_kind = models.CharField(
        _("core or support"), max_length=10, choices=ServiceKind.choices
    )
    product = models.ForeignKey(
        ProductService, verbose_name=_("product or service"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    time_standard_th = models.CharField(
        _("time standard (Thai)"), max_length=255, help_text=_("For example ภายใน 3 วันทำการ.")
    )
    time_standard_en = models.CharField(
        _("time standard (English)"), max_length=255, blank=True,
        help_text=_("For example within 3 working days."),
    )  # fmt: skip
    time_limit = models.PositiveIntegerField(_("time limit"), null=True, blank=True)
    time_unit = models.CharField(
        _("time unit"), max_length=20, choices=TimeUnit.choices, blank=True
    )
    # The protocol: what is measured, against what, how, how often, by whom.
    metric = models.CharField(_("metric"), max_length=255)
    target = models.CharField(_("target"), max_length=255)
    measurement_method = models.TextField(_("measurement method"))
    measurement_frequency = models.CharField(
        _("measurement frequency"), max_length=20, choices=Frequency.choices
    )
    owner_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(time_limit__isnull=True) | ~Q(time_unit=""),
                name="standard_time_limit_has_unit",
                violation_error_message=_("Choose the unit of the time limit."),
            )
        ]

    def __str__(self) -> str:
        return self.service

    @property
    def service(self) -> str:
        return in_language(self.service_th, self.service_en)

    @property
    def time_standard(self) -> str:
        return in_language(self.time_standard_th, self.time_standard_en)


class BlueprintStep(TenantModel):
    """One step of a service's blueprint, from the customer's action down to support."""

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="blueprint_steps"
    )
    standard = models.ForeignKey(
        ServiceStandard, verbose_name=_("service"), on_delete=models.CASCADE,
        related_name="blueprint_steps",
    )  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"))
    customer_action = models.TextField(_("customer action"))
    frontstage = models.TextField(_("frontstage (what the customer sees)"))
    backstage = models.TextField(_("backstage (what the customer does not see)"), blank=True)
    support_processes = models.TextField(_("support processes"), blank=True)
    physical_evidence = models.TextField(_("physical evidence"), blank=True)
    is_critical = models.BooleanField(_("critical point"), default=False)

    class Meta:
        verbose_name = _("blueprint step")
        verbose_name_plural = _("blueprint steps")
        ordering = ["standard__order", "standard_id", "order", "id"]


class ServiceGuideline(TenantModel):
    """How staff behave at a critical point (mostly frontstage)."""

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="service_guidelines"
    )
    standard = models.ForeignKey(
        ServiceStandard, verbose_name=_("service"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="guidelines",
    )  # fmt: skip
    journey_stage = models.ForeignKey(
        JourneyStage, verbose_name=_("critical point of a journey map"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="guidelines",
    )  # fmt: skip
    critical_point = models.CharField(_("critical point"), max_length=255)
    behaviour = models.TextField(_("expected behaviour"))
    responsible_role = models.CharField(_("responsible role"), max_length=255)
    procedure_reference = models.CharField(
        _("existing procedure"), max_length=255, blank=True,
        help_text=_("Backstage and support steps may cite an existing procedure instead."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("service guideline")
        verbose_name_plural = _("service guidelines")
        ordering = ["standard__order", "id"]


class RecoveryScenario(TenantModel):
    """A line of the service recovery plan (FAQ CM-13)."""

    class Situation(models.TextChoices):
        NORMAL_ERROR = "normal_error", _("Service error in normal times")
        EMERGENCY = "emergency", _("Emergency or abnormal event")

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="recovery_scenarios"
    )
    standard = models.ForeignKey(
        ServiceStandard, verbose_name=_("service"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="recovery_scenarios",
    )  # fmt: skip
    situation = models.CharField(_("situation"), max_length=20, choices=Situation.choices)
    scenario = models.TextField(_("scenario"))
    trigger = models.TextField(_("trigger"))
    immediate_actions = models.TextField(_("immediate actions"))
    owner_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="+"
    )
    continuity_link = models.CharField(
        _("business continuity plan reference"), max_length=255, blank=True
    )
    complaint_link = models.BooleanField(
        _("handed to complaint handling when not resolved on the spot"), default=True
    )

    class Meta:
        verbose_name = _("service recovery scenario")
        verbose_name_plural = _("service recovery scenarios")
        ordering = ["situation", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(situation="emergency") | ~Q(continuity_link=""),
                name="emergency_names_continuity_plan",
                violation_error_message=_(
                    "An emergency scenario must name the business continuity plan it follows."
                ),
            )
        ]


# --- The customer database as a whole --------------------------------------------------------


class CustomerSettings(TenantModel):
    """Per-organization record of the customer database, which import workbooks are kept as
    evidence for (like stakeholders.models.StakeholderSettings): one row per organization."""

    class Meta:
        verbose_name = _("customer database settings")
        verbose_name_plural = _("customer database settings")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="customer_settings_one")
        ]

    def __str__(self) -> str:
        return str(_("Customer database"))
