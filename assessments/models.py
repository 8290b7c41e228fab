"""Assessments: the criteria library every organization shares, and each organization's cycles.

The library (Framework, FrameworkVersion, Criterion, CriterionLevel, CriterionMapping) is
platform data: not tenant rows, read-only to organizations, changed only by loading a new
version (`library.py`). A published version never changes, so a cycle's criteria, weights and
level texts stay what they were when it was assessed.

A cycle (AssessmentCycle) is an organization's self-assessment against one framework version
for one fiscal year. Each criterion of the version gets a CriterionAssessment: the claimed
level, the narrative, its owner, its evidence links (EvidenceLink) and, from the assessors, a
review and comments (ReviewComment). Once the cycle is final, its rows refuse every change.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from seam_scm.tenancy.models import OrgUnit, TenantModel

LEVELS = range(1, 6)
level_validators = [MinValueValidator(0), MaxValueValidator(5)]
FROZEN_CYCLE = _("This assessment cycle is final: its claims, reviews and scores are frozen.")


class Bilingual:
    """`title` and `description` in the active language, falling back to Thai."""

    def _in_language(self, name: str) -> str:
        thai, english = getattr(self, f"{name}_th"), getattr(self, f"{name}_en")
        return english if get_language() == "en" and english else thai

    @property
    def title(self) -> str:
        return self._in_language("title")

    @property
    def description(self) -> str:
        return self._in_language("description")


class Framework(Bilingual, models.Model):
    """An assessment model: SE-AM SCM, the Bank of Thailand's market-conduct standards, …"""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    title_th = models.CharField(_("title (Thai)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title


class FrameworkVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="versions"
    )
    label = models.CharField(
        _("version"), max_length=50, help_text=_("For example the manual's edition: 2567.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    source = models.TextField(
        _("source"),
        blank=True,
        help_text=_("Where the criteria, weights and level texts come from."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["framework__code", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "label"],
                name="framework_version_label_unique",
                violation_error_message=_("This framework already has a version with this name."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.framework} {self.label}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class CriterionKind(models.TextChoices):
    MODULE = "module", _("Module")
    TOPIC = "topic", _("Topic")
    CRITERION = "criterion", _("Criterion")


class Criterion(Bilingual, models.Model):
    """A node of a framework version's tree: a module, a topic or a criterion.

    Criteria are the nodes an organization assesses (levels 1-5); modules and topics group
    them. A weight is a percentage where the source gives one; empty means "not yet provided",
    never zero. Empty titles and level texts likewise mean "not yet provided".
    """

    version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("framework version"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CriterionKind.choices)
    code = models.CharField(_("code"), max_length=30)
    title_th = models.CharField(_("title (Thai)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Empty: not yet provided."),
    )
    note = models.TextField(
        _("note"), blank=True, help_text=_("What the source does and does not say.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="criterion_code_unique_in_version",
                violation_error_message=_("Another node of this version already has this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    @property
    def is_assessed(self) -> bool:
        return self.kind == CriterionKind.CRITERION


class CriterionLevel(models.Model):
    """What level N of a criterion requires, and the artefacts expected as its evidence."""

    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="levels"
    )
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text_th = models.TextField(_("requirement (Thai)"), blank=True)
    text_en = models.TextField(_("requirement (English)"), blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    # Keys of assessments.artefacts.ARTEFACTS, checked when the library is loaded.
    expected_artefacts = models.JSONField(_("expected artefacts"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion level")
        verbose_name_plural = _("criterion levels")
        ordering = ["criterion", "level"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "level"], name="criterion_level_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} L{self.level}"

    @property
    def text(self) -> str:
        return self.text_en if get_language() == "en" and self.text_en else self.text_th


class CriterionMapping(models.Model):
    """Two criteria of different frameworks that ask for the same evidence.

    Evidence linked to one shows under the other (in the organization's cycle of the other
    framework for the same fiscal year).
    """

    source = models.ForeignKey(
        Criterion,
        on_delete=models.CASCADE,
        related_name="mappings_out",
        verbose_name=_("criterion"),
    )
    target = models.ForeignKey(
        Criterion,
        on_delete=models.CASCADE,
        related_name="mappings_in",
        verbose_name=_("mapped criterion"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion mapping")
        verbose_name_plural = _("criterion mappings")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="criterion_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source.code} → {self.target.code}"


# --- An organization's assessment -------------------------------------------------------


class CycleState(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    UNDER_REVIEW = "under_review", _("Under review")
    FINAL = "final", _("Final")


class AssessmentCycle(TenantModel):
    framework_version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("framework version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2500), MaxValueValidator(2700)]
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=CycleState.choices, default=CycleState.PREPARING
    )
    target_level = models.PositiveSmallIntegerField(
        _("target level"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("The level every criterion aims at, unless the criterion sets its own."),
    )
    finalized_at = models.DateTimeField(_("finalized"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalized by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The scores as computed when the cycle became final (scoring.scores_as_dict).
    final_scores = models.JSONField(_("final scores"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("assessment cycle")
        verbose_name_plural = _("assessment cycles")
        ordering = ["-fiscal_year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "framework_version", "fiscal_year"],
                name="cycle_unique_per_version_and_year",
                violation_error_message=_(
                    "This organization already has a cycle of this framework for this fiscal year."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title or f"{self.framework_version} · {self.fiscal_year}"

    @property
    def is_final(self) -> bool:
        return self.state == CycleState.FINAL

    def save(self, *args, **kwargs):
        self._refuse_if_final()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_final()
        return super().delete(*args, **kwargs)

    def _refuse_if_final(self) -> None:
        """A final cycle (its scores, its state) never changes, whatever the code path."""
        stored = AssessmentCycle.objects.filter(organization_id=self.organization_id, pk=self.pk)
        if self.pk and stored.filter(state=CycleState.FINAL).exists():
            raise ValidationError(FROZEN_CYCLE)


class FrozenWithCycle(TenantModel):
    """Rows of a cycle refuse every change once the cycle is final.

    Services check first and explain; this is the last line for any other code path.
    """

    class Meta:
        abstract = True

    def cycle_id_of(self) -> int:
        raise NotImplementedError

    def save(self, *args, **kwargs):
        self._refuse_if_final()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_final()
        return super().delete(*args, **kwargs)

    def _refuse_if_final(self) -> None:
        cycles = AssessmentCycle.objects.filter(organization_id=self.organization_id)
        if cycles.filter(pk=self.cycle_id_of(), state=CycleState.FINAL).exists():
            raise ValidationError(FROZEN_CYCLE)


class CriterionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    READY_FOR_REVIEW = "ready_for_review", _("Ready for review")
    REVIEWED = "reviewed", _("Reviewed")


class CriterionAssessment(FrozenWithCycle):
    """One criterion of a cycle: the organization's claim and narrative, the assessors' review."""

    cycle = models.ForeignKey(
        AssessmentCycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="criteria"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    claimed_level = models.PositiveSmallIntegerField(
        _("claimed level"), null=True, blank=True, validators=level_validators
    )
    target_level = models.PositiveSmallIntegerField(
        _("target level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Empty: the cycle's target level."),
    )
    approach = models.TextField(_("approach"), blank=True)
    deployment = models.TextField(_("deployment"), blank=True)
    learning = models.TextField(_("learning"), blank=True)
    integration = models.TextField(_("integration"), blank=True)
    responsible_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CriterionStatus.choices,
        default=CriterionStatus.NOT_STARTED,
    )
    # The assessors' review.
    assessor_level = models.PositiveSmallIntegerField(
        _("assessor's level"), null=True, blank=True, validators=level_validators
    )
    strengths = models.TextField(_("strengths"), blank=True)
    opportunities = models.TextField(_("opportunities for improvement"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("criterion self-assessment")
        verbose_name_plural = _("criterion self-assessments")
        ordering = ["cycle", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "criterion"], name="criterion_assessed_once_per_cycle"
            )
        ]

    def __str__(self) -> str:
        return str(self.criterion)

    def cycle_id_of(self) -> int:
        return self.cycle_id

    @property
    def effective_target(self) -> int:
        return self.target_level or self.cycle.target_level


class EvidenceLink(FrozenWithCycle):
    """A piece of evidence for a criterion: an uploaded file or a record of another module.

    The record is any model registered in `assessments.evidence` (an evidence file, a
    relationship plan version, the approved charter, a survey, a complaint KPI snapshot, …).
    """

    assessment = models.ForeignKey(
        CriterionAssessment,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    kind = models.CharField(_("kind of evidence"), max_length=40)
    record_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    record_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("record_type", "record_id")
    label = models.CharField(_("label"), max_length=255)
    effective_date = models.DateField(
        _("effective date"), help_text=_("The date the evidence shows the situation on.")
    )
    # The expected artefact (assessments.artefacts) this piece of evidence provides, if any.
    artefact = models.CharField(_("provides the artefact"), max_length=60, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evidence link")
        verbose_name_plural = _("evidence links")
        ordering = ["assessment", "-effective_date", "id"]
        indexes = [models.Index(fields=["record_type", "record_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "record_type", "record_id"],
                name="evidence_linked_once_per_criterion",
                violation_error_message=_("This evidence is already linked to the criterion."),
            )
        ]

    def __str__(self) -> str:
        return self.label

    def cycle_id_of(self) -> int:
        return self.assessment.cycle_id


class ReviewComment(FrozenWithCycle):
    """An assessor's comment on a criterion (or one piece of its evidence), and the replies."""

    assessment = models.ForeignKey(
        CriterionAssessment,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    evidence = models.ForeignKey(
        EvidenceLink,
        verbose_name=_("about the evidence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["assessment", "created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]

    def cycle_id_of(self) -> int:
        return self.assessment.cycle_id


class KpiSnapshot(TenantModel):
    """Complaint KPI figures of a fiscal year, frozen when taken, to link as evidence.

    The live KPIs move as cases are closed or reopened; an assessor needs the figures the
    organization claimed on the day it claimed them.
    """

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    title = models.CharField(_("title"), max_length=255)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    figures = models.JSONField(_("figures"), editable=False)

    class Meta:
        verbose_name = _("complaint KPI snapshot")
        verbose_name_plural = _("complaint KPI snapshots")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
