"""Consents (PDPA s.19): recording that a person consented to a purpose under a notice version,
and the withdrawal of that consent with its effect, optionally erasing the person's data.

A consent points at the record holding the person's data (registry holders); callers activate
the organization's scope first. Errors are ValidationErrors with the people's words, on the
field to blame where there is one.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seam_scm.personal_data import LawfulBasis

from . import registry, services
from .models import ConsentRecord, PrivacyNotice, ProcessingActivity

# A clock a few minutes ahead of ours still counts as "now".
CLOCK_SKEW = dt.timedelta(minutes=5)

NOT_A_CONSENT_PURPOSE = gettext_lazy(
    "Choose a purpose in use for this kind of record whose lawful basis is consent."
)
NOTICE_NOT_PUBLISHED = gettext_lazy("Choose a published version of the privacy notice.")
IN_THE_FUTURE = gettext_lazy("This time is in the future.")
ERASED_RECORD = gettext_lazy("This record's personal data was erased: there is nobody to consent.")
NOT_PERSONAL = gettext_lazy("This kind of record holds no personal data.")
ALREADY_WITHDRAWN = gettext_lazy("This consent was already withdrawn.")
BEFORE_GIVEN = gettext_lazy("The withdrawal cannot be before the consent was given.")
EFFECT_NEEDED = gettext_lazy("Say what the withdrawal means for the person.")
KEPT_FOR_OTHER_PURPOSE = gettext_lazy(
    "The record is kept for another purpose (%(purpose)s, %(basis)s): its data cannot be erased "
    "because of this withdrawal. Change the record's purpose or answer an erasure request."
)
KEPT_BY_OTHER_CONSENT = gettext_lazy(
    "Another consent to the record's purpose is still in force: its data cannot be erased."
)
ERASED_EFFECT = gettext_lazy("The person's data was erased from the record.")


def _holder_of(record: Model) -> registry.Holder:
    holder = registry.holder_for(type(record))
    if holder is None:
        raise ValidationError(str(NOT_PERSONAL), code="not_personal")
    return holder


def consents_of(record: Model):
    """The record's consents, newest first."""
    return ConsentRecord.objects.filter(
        record_type=ContentType.objects.get_for_model(record), record_id=record.pk
    ).select_related("activity", "notice", "collected_by", "withdrawal_recorded_by")


def consent_purposes(module: str) -> list[ProcessingActivity]:
    """The purposes in use of a module whose lawful basis is consent."""
    return [
        activity
        for activity in services.purposes_for(module)
        if activity.lawful_basis == LawfulBasis.CONSENT
    ]


def record_consent(
    *,
    record: Model,
    activity: ProcessingActivity,
    channel: str,
    given_at: dt.datetime,
    collected_by=None,
    notice: PrivacyNotice | None = None,
) -> ConsentRecord:
    """Keep the proof that the person whose data `record` holds consented to `activity`."""
    holder = _holder_of(record)
    errors: dict[str, list[str]] = {}
    if record.personal_data_erased_at is not None:
        raise ValidationError(str(ERASED_RECORD), code="erased")
    if activity is None or activity.pk not in {a.pk for a in consent_purposes(holder.module)}:
        errors.setdefault("activity", []).append(str(NOT_A_CONSENT_PURPOSE))
    if notice is not None and not notice.is_published:
        errors.setdefault("notice", []).append(str(NOTICE_NOT_PUBLISHED))
    if given_at is not None and given_at > timezone.now() + CLOCK_SKEW:
        errors.setdefault("given_at", []).append(str(IN_THE_FUTURE))
    consent = ConsentRecord(
        organization_id=record.organization_id,
        activity=activity,
        record_type=ContentType.objects.get_for_model(record),
        record_id=record.pk,
        notice=notice,
        channel=channel,
        given_at=given_at,
        collected_by=collected_by,
    )
    try:
        consent.full_clean(exclude=list(errors))
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    consent.save()
    return consent


def _check_erasable(consent: ConsentRecord, record: Model) -> None:
    """Erasing on withdrawal only when nothing else justifies keeping the data: the record's
    purpose is the consent's (or has consent as its basis) and no other consent to it is in
    force."""
    activity = record.processing_activity if record.processing_activity_id else None
    if activity is not None and activity.lawful_basis != LawfulBasis.CONSENT:
        raise ValidationError(
            {
                "erase": KEPT_FOR_OTHER_PURPOSE
                % {"purpose": activity.purpose, "basis": activity.get_lawful_basis_display()}
            }
        )
    others = consents_of(record).exclude(pk=consent.pk).filter(withdrawn_at__isnull=True)
    if activity is not None:
        others = others.filter(activity=activity)
    if others.exists():
        raise ValidationError({"erase": str(KEPT_BY_OTHER_CONSENT)})


def withdraw_consent(
    consent: ConsentRecord,
    *,
    by,
    withdrawn_at: dt.datetime,
    effect: str,
    erase: bool = False,
) -> ConsentRecord:
    """Record the withdrawal and its effect; with `erase`, anonymize the record's personal data
    (services.erase), which the effect then says."""
    if consent.is_withdrawn:
        raise ValidationError(str(ALREADY_WITHDRAWN), code="withdrawn")
    errors: dict[str, list[str]] = {}
    if withdrawn_at is None:
        errors["withdrawn_at"] = [_("This field is required.")]
    elif withdrawn_at > timezone.now() + CLOCK_SKEW:
        errors["withdrawn_at"] = [str(IN_THE_FUTURE)]
    elif withdrawn_at < consent.given_at:
        errors["withdrawn_at"] = [str(BEFORE_GIVEN)]
    if not (effect or "").strip():
        errors["effect"] = [str(EFFECT_NEEDED)]
    record = consent.record
    if erase and record is not None and record.personal_data_erased_at is None:
        try:
            _check_erasable(consent, record)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    effect = effect.strip()
    with transaction.atomic():
        if erase and record is not None and record.personal_data_erased_at is None:
            holder = _holder_of(record)
            services.erase(
                [services.Found(holder, record)],
                why=_("consent to “%(purpose)s” withdrawn") % {"purpose": consent.activity.purpose},
            )
            effect = f"{effect}\n{ERASED_EFFECT}"
        consent.withdrawn_at = withdrawn_at
        consent.withdrawal_effect = effect
        consent.withdrawal_recorded_by = by
        consent.save()
    return consent


# --- what a record's page shows --------------------------------------------------------------


@dataclass(frozen=True)
class ConsentStatus:
    """A record's purpose and consents, as its page shows them."""

    record: Model
    activity: ProcessingActivity | None
    consents: list[ConsentRecord]
    notice: PrivacyNotice | None = None  # the notice given when the data was collected

    @property
    def model_label(self) -> str:
        return self.record._meta.label_lower

    @property
    def needs_consent(self) -> bool:
        return self.activity is not None and self.activity.lawful_basis == LawfulBasis.CONSENT

    @property
    def in_force(self) -> ConsentRecord | None:
        """The latest consent not withdrawn, to the record's purpose when it has one."""
        for consent in self.consents:
            if consent.is_withdrawn:
                continue
            if self.activity is None or consent.activity_id == self.activity.pk:
                return consent
        return None

    @property
    def missing(self) -> bool:
        """The basis is consent but no consent is recorded at all."""
        return self.needs_consent and not self.consents

    @property
    def withdrawn(self) -> bool:
        """The basis is consent and every consent to it was withdrawn."""
        return self.needs_consent and bool(self.consents) and self.in_force is None


def statuses_of(records: list[Model]) -> list[ConsentStatus]:
    """The consent status of each record, with two queries whatever their number."""
    records = [record for record in records if record is not None]
    if not records:
        return []
    activity_ids = {record.processing_activity_id for record in records}
    activities = ProcessingActivity.objects.in_bulk([pk for pk in activity_ids if pk is not None])
    notices = PrivacyNotice.objects.in_bulk(
        {record.privacy_notice_id for record in records if record.privacy_notice_id}
    )
    by_record: dict[tuple[int, int], list[ConsentRecord]] = {}
    types = {type(record): ContentType.objects.get_for_model(record) for record in records}
    for record_type in set(types.values()):
        ids = [record.pk for record in records if types[type(record)] == record_type]
        consents = ConsentRecord.objects.filter(
            record_type=record_type, record_id__in=ids
        ).select_related("activity", "notice", "collected_by")
        for consent in consents:
            by_record.setdefault((record_type.pk, consent.record_id), []).append(consent)
    return [
        ConsentStatus(
            record=record,
            activity=activities.get(record.processing_activity_id),
            consents=by_record.get((types[type(record)].pk, record.pk), []),
            notice=notices.get(record.privacy_notice_id),
        )
        for record in records
    ]
