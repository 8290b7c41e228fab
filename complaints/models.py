"""Complaint handling (SE-AM criterion 5.3): an ISO 10002 lifecycle with working-time clocks.

The models, in the order a complaint meets them:

- the organization's working calendar and holidays: every acknowledgement and resolution
  standard is counted in working hours or working days (complaints.working_time);
- the complaint handling policy's content (channels, categories, time standards, escalation
  rules), which rides along with the versions of a governed document;
- the cases, their timeline events, the reference counter and the SLA notices sent.

Dates and times are those of settings.TIME_ZONE (Asia/Bangkok); Thailand has no daylight
saving time.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy.models import PersonalDataFields
from seam_scm.tenancy.models import BilingualNameMixin, OrgUnit, TenantModel

# ISO weekday numbers: 1 = Monday ... 7 = Sunday.
ISO_WEEKDAYS = range(1, 8)
DEFAULT_WORKING_WEEKDAYS = [1, 2, 3, 4, 5]
DEFAULT_DAY_STARTS = dt.time(8, 30)
DEFAULT_DAY_ENDS = dt.time(16, 30)

DUPLICATE_HOLIDAY = _("This organization already has a holiday on this date.")
DUPLICATE_CALENDAR = _("This organization already has a working calendar.")


def default_working_weekdays() -> list[int]:
    return list(DEFAULT_WORKING_WEEKDAYS)


def weekday_name(iso_weekday: int) -> str:
    """Monday for 1 ... Sunday for 7, in the active language."""
    return str(WEEKDAYS[iso_weekday - 1])


def validate_working_weekdays(value) -> None:
    """A non-empty list of distinct ISO weekday numbers (1 = Monday ... 7 = Sunday)."""
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one working day of the week."), code="empty")
    if any(isinstance(day, bool) or not isinstance(day, int) for day in value) or any(
        day not in ISO_WEEKDAYS for day in value
    ):
        raise ValidationError(
            _("Working days are weekday numbers from 1 (Monday) to 7 (Sunday)."),
            code="invalid",
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("A weekday is listed more than once."), code="duplicate")


class WorkingCalendar(TenantModel):
    """The organization's working week and working hours; holidays are `Holiday` rows.

    One per organization, created with the organization. There is no lunch break: the working
    period of a day runs without interruption from `day_starts` to `day_ends`.
    """

    day_starts = models.TimeField(_("working day starts"), default=DEFAULT_DAY_STARTS)
    day_ends = models.TimeField(_("working day ends"), default=DEFAULT_DAY_ENDS)
    working_weekdays = models.JSONField(
        _("working days of the week"),
        default=default_working_weekdays,
        validators=[validate_working_weekdays],
        help_text=_("ISO weekday numbers: 1 = Monday ... 7 = Sunday."),
    )

    class Meta:
        verbose_name = _("working calendar")
        verbose_name_plural = _("working calendars")
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                name="workingcalendar_one_per_organization",
                violation_error_message=DUPLICATE_CALENDAR,
            )
        ]

    def __str__(self) -> str:
        return str(_("Working calendar"))

    def clean(self) -> None:
        if isinstance(self.working_weekdays, list) and all(
            isinstance(day, int) for day in self.working_weekdays
        ):
            self.working_weekdays = sorted(self.working_weekdays)
        if self.day_starts and self.day_ends and self.day_ends <= self.day_starts:
            raise ValidationError(
                {"day_ends": _("The working day must end after it starts.")}, code="order"
            )

    @property
    def weekday_names(self) -> list[str]:
        return [weekday_name(day) for day in sorted(self.working_weekdays)]

    @property
    def hours_per_day(self) -> dt.timedelta:
        start = dt.datetime.combine(dt.date.min, self.day_starts)
        return dt.datetime.combine(dt.date.min, self.day_ends) - start


class Holiday(BilingualNameMixin, TenantModel):
    """A day the organization does not work although it is a working weekday.

    The Thai public holidays of the current and next years are seeded for every organization
    (complaints.holidays); the coordinator edits them and adds the organization's own.
    """

    class Kind(models.TextChoices):
        PUBLIC = "public", _("Public holiday")
        SUBSTITUTION = "substitution", _("Substitution day")
        SPECIAL = "special", _("Special day off")
        ORGANIZATION = "organization", _("Organization's own day off")

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PUBLIC)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "date"],
                name="holiday_one_per_date",
                violation_error_message=DUPLICATE_HOLIDAY,
            )
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"


# --- the complaint handling policy: the rules in force ---------------------------------------
#
# The policy is a governed document (DocumentKind.COMPLAINT_POLICY). Each version holds the
# channels, categories, time standards and escalation rules below, frozen with the version once
# the board approves it (complaints.content). The newest approved version is the policy in
# force: new cases take its channels, categories and time standards. Rows keep a `key` across
# versions, so that KPIs group the cases of several policy versions by the same channel or
# category.


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical (safety or wide impact)")


SEVERITY_ORDER = list(Severity.values)


class TimeUnit(models.TextChoices):
    WORKING_HOURS = "working_hours", _("working hours")
    WORKING_DAYS = "working_days", _("working days")


class PolicyRow(TenantModel):
    """A row of a policy version's content (each subclass adds its `version` foreign key)."""

    key = models.UUIDField(_("key"), default=uuid.uuid4, editable=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True


class ComplaintChannel(BilingualNameMixin, PolicyRow):
    class Kind(models.TextChoices):
        COUNTER = "counter", _("Service counter")
        CALL_CENTER = "call_center", _("Call center")
        WEBSITE = "website", _("Website form")
        EMAIL = "email", _("E-mail")
        LETTER = "letter", _("Letter")
        LINE = "line", _("LINE")
        SOCIAL_MEDIA = "social_media", _("Social media")
        DAMRONGDHAMMA = "damrongdhamma", _("Damrongdhamma Center 1567")
        HOTLINE_1111 = "hotline_1111", _("Government hotline 1111")
        OTHER = "other", _("Other")

    version = models.ForeignKey(
        "approvals.DocumentVersion",
        verbose_name=_("policy version"),
        on_delete=models.CASCADE,
        related_name="complaint_channels",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    contact = models.CharField(
        _("how to reach it"),
        max_length=255,
        blank=True,
        help_text=_("Address, number or link given to the public."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("complaint channel")
        verbose_name_plural = _("complaint channels")
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="complaintchannel_key_unique")
        ]


class ComplaintCategory(BilingualNameMixin, PolicyRow):
    version = models.ForeignKey(
        "approvals.DocumentVersion",
        verbose_name=_("policy version"),
        on_delete=models.CASCADE,
        related_name="complaint_categories",
    )
    code = models.CharField(_("code"), max_length=30)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")
        ordering = ["version", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="complaintcategory_key_unique"),
            models.UniqueConstraint(
                fields=["version", "code"],
                name="complaintcategory_code_unique",
                violation_error_message=_("Another category of this policy uses this code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TimeStandard(TenantModel):
    """How fast a complaint of a category and severity must be acknowledged and resolved."""

    version = models.ForeignKey(
        "approvals.DocumentVersion",
        verbose_name=_("policy version"),
        on_delete=models.CASCADE,
        related_name="complaint_time_standards",
    )
    category = models.ForeignKey(
        ComplaintCategory,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="time_standards",
    )
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    acknowledge_within = models.PositiveIntegerField(
        _("acknowledge within"), validators=[MinValueValidator(1)]
    )
    acknowledge_unit = models.CharField(
        _("unit"), max_length=20, choices=TimeUnit.choices, default=TimeUnit.WORKING_HOURS
    )
    resolve_within = models.PositiveIntegerField(
        _("resolve within"), validators=[MinValueValidator(1)]
    )
    resolve_unit = models.CharField(
        _("unit"), max_length=20, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS
    )

    class Meta:
        verbose_name = _("time standard")
        verbose_name_plural = _("time standards")
        ordering = ["version", "category__order", "category__code", "severity"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "severity"],
                name="timestandard_one_per_category_severity",
                violation_error_message=_(
                    "This category already has a time standard for this severity."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} / {self.get_severity_display()}"


class EscalationRule(PolicyRow):
    """Who is told, and when, as a clock runs out (applied by complaints.tasks)."""

    class Clock(models.TextChoices):
        # "Resolution" alone is a board's resolution (มติ) elsewhere in the catalogue.
        ACKNOWLEDGEMENT = "acknowledgement", pgettext_lazy("complaint clock", "Acknowledgement")
        RESOLUTION = "resolution", pgettext_lazy("complaint clock", "Resolution")

    version = models.ForeignKey(
        "approvals.DocumentVersion",
        verbose_name=_("policy version"),
        on_delete=models.CASCADE,
        related_name="complaint_escalation_rules",
    )
    clock = models.CharField(_("clock"), max_length=20, choices=Clock.choices)
    hours_before_due = models.PositiveIntegerField(
        _("working hours before the due time"),
        default=0,
        help_text=_("0 sends the notice when the standard is breached."),
    )
    severity = models.CharField(
        _("severity"),
        max_length=20,
        choices=Severity.choices,
        blank=True,
        help_text=_("Leave empty for every severity."),
    )
    notify_handler = models.BooleanField(_("notify the handler"), default=True)
    notify_unit_head = models.BooleanField(_("notify the head of the assigned unit"), default=True)
    escalate_to = models.ForeignKey(
        OrgUnit,
        verbose_name=_("also notify the head of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("escalation rule")
        verbose_name_plural = _("escalation rules")
        ordering = ["version", "clock", "-hours_before_due", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="escalationrule_key_unique")
        ]

    def __str__(self) -> str:
        return self.description or f"{self.get_clock_display()} -{self.hours_before_due}h"


# --- complaint cases -------------------------------------------------------------------------


class CaseState(models.TextChoices):
    """ISO 10002 steps; complaints.lifecycle says which moves are allowed."""

    # A context of their own: "Received", "Closed" also label dates, "Responded" a VOC status.
    RECEIVED = "received", pgettext_lazy("complaint state", "Received")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("complaint state", "Acknowledged")
    ASSESSED = "assessed", pgettext_lazy("complaint state", "Assessed")
    INVESTIGATING = "investigating", pgettext_lazy("complaint state", "Under investigation")
    ESCALATED = "escalated", pgettext_lazy("complaint state", "Escalated")
    RESPONDED = "responded", pgettext_lazy("complaint state", "Responded")
    CLOSED = "closed", pgettext_lazy("complaint state", "Closed")
    REOPENED = "reopened", pgettext_lazy("complaint state", "Reopened")
    WITHDRAWN = "withdrawn", pgettext_lazy("complaint state", "Withdrawn")


# States in which the resolution clock still runs.
OPEN_STATES = (
    CaseState.RECEIVED,
    CaseState.ACKNOWLEDGED,
    CaseState.ASSESSED,
    CaseState.INVESTIGATING,
    CaseState.ESCALATED,
    CaseState.REOPENED,
)


class CaseSource(models.TextChoices):
    STAFF = "staff", _("Recorded by staff")
    PUBLIC_FORM = "public_form", _("Public form")
    IMPORT = "import", _("Imported")


class ReferenceCounter(TenantModel):
    """The last running number given in a Buddhist year; numbers are never reused."""

    year_be = models.PositiveIntegerField(_("Buddhist year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year_be"], name="referencecounter_one_per_year"
            )
        ]


class ComplaintCase(PersonalDataFields, TenantModel):
    reference = models.CharField(_("reference"), max_length=60, editable=False)
    source = models.CharField(
        _("source"), max_length=20, choices=CaseSource.choices, default=CaseSource.STAFF
    )
    external_reference = models.CharField(
        _("reference in the previous system"), max_length=60, blank=True
    )
    policy_version = models.ForeignKey(
        "approvals.DocumentVersion",
        verbose_name=_("policy version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received"))
    channel = models.ForeignKey(
        ComplaintChannel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        ComplaintCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    severity = models.CharField(
        _("severity"), max_length=20, choices=Severity.choices, default=Severity.MEDIUM
    )
    subject = models.CharField(_("subject"), max_length=255)
    description = models.TextField(_("description"))
    remedy_sought = models.TextField(_("remedy sought"), blank=True)
    service_standard = models.ForeignKey(
        "customers.ServiceStandard",
        verbose_name=_("service standard concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # The complainant: personal data, shown only to roles allowed to see it.
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    complainant_name = models.CharField(_("complainant's name"), max_length=255, blank=True)
    complainant_phone = models.CharField(_("phone"), max_length=50, blank=True)
    complainant_email = models.EmailField(_("e-mail address"), blank=True)
    complainant_address = models.TextField(_("address"), blank=True)
    lawful_basis = models.CharField(
        _("lawful basis"), max_length=30, choices=LawfulBasis.choices, blank=True
    )

    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("assigned unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("repeat of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repeats",
        help_text=_("An earlier case of the same complainant about the same matter."),
    )

    state = models.CharField(
        _("status"), max_length=20, choices=CaseState.choices, default=CaseState.RECEIVED
    )
    # The standards that applied, copied from the policy when the case was received or assessed.
    acknowledge_within = models.PositiveIntegerField(_("acknowledge within"))
    acknowledge_unit = models.CharField(_("unit"), max_length=20, choices=TimeUnit.choices)
    resolve_within = models.PositiveIntegerField(_("resolve within"))
    resolve_unit = models.CharField(_("unit"), max_length=20, choices=TimeUnit.choices)
    acknowledge_due_at = models.DateTimeField(_("acknowledgement due"))
    resolve_due_at = models.DateTimeField(_("resolution due"))

    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    first_responded_at = models.DateTimeField(_("first responded"), null=True, blank=True)
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # KPI facts, fixed when they happen the first time.
    acknowledged_in_time = models.BooleanField(
        _("acknowledged within standard"), null=True, blank=True
    )
    resolved_in_time = models.BooleanField(_("resolved within standard"), null=True, blank=True)
    resolution_minutes = models.PositiveIntegerField(
        _("resolution time (working minutes)"), null=True, blank=True
    )
    reopen_count = models.PositiveIntegerField(_("times reopened"), default=0)
    escalation_level = models.PositiveIntegerField(_("escalation level"), default=0)

    decision = models.TextField(_("decision communicated"), blank=True)
    decision_communicated_at = models.DateTimeField(
        _("decision communicated on"), null=True, blank=True
    )
    decision_channel = models.CharField(_("communicated by"), max_length=100, blank=True)
    remedy = models.TextField(_("remedy or compensation"), blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    corrective_action = models.TextField(_("corrective action"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction with the handling (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    # Whoever holds this secret may see the case's status (never its content) on the public
    # tracking page.
    tracking_token = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("complaint case")
        verbose_name_plural = _("complaint cases")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "reference"], name="complaintcase_reference_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "received_at"]),
            models.Index(fields=["organization", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class CaseEvent(TenantModel):
    """One step of a case's timeline: who did what, when, with a note."""

    case = models.ForeignKey(
        ComplaintCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=30)
    from_state = models.CharField(_("from"), max_length=20, choices=CaseState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=CaseState.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case", "at", "id"]


class SlaNotice(TenantModel):
    """An escalation rule's e-mail about a case, sent once per rule and due time."""

    case = models.ForeignKey(
        ComplaintCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="notices"
    )
    rule_key = models.UUIDField(_("escalation rule"))
    due_at = models.DateTimeField(_("due"))
    sent_at = models.DateTimeField(_("sent"))
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        verbose_name = _("SLA notice")
        verbose_name_plural = _("SLA notices")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "rule_key", "due_at"], name="slanotice_once_per_rule_and_due"
            )
        ]


class ComplaintRegister(TenantModel):
    """The organization's complaint register as a whole, which imported workbooks of historical
    cases are kept as evidence for (like customers.models.CustomerSettings): one row per
    organization. The workbooks list complainants, so the register is a personal-data record
    (complaints.apps): only roles that may see personal data open its files."""

    class Meta:
        verbose_name = _("complaint register")
        verbose_name_plural = _("complaint registers")
        constraints = [
            models.UniqueConstraint(fields=["organization"], name="complaint_register_one")
        ]

    def __str__(self) -> str:
        return str(_("Complaint register"))
