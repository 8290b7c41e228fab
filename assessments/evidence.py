"""What may be linked as evidence for a criterion: uploaded files and records of the modules.

Each kind names a model, the records a member may choose (never records that hold personal
data: an assessor sees every linked piece), and how a record reads in a list: its label, the
date it shows the situation on, and where to open it. Pages load the linked records of a
whole cycle in one query per kind (`load_records`), not one per link.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seam_scm.approvals.models import FROZEN_STATUSES, DocumentKind


@dataclass(frozen=True)
class EvidenceKind:
    key: str
    label: Promise
    model_label: str  # "app_label.ModelName"
    choices: Callable[[], QuerySet]  # the records that may be linked (in the active scope)
    describe: Callable[[object], str]
    date_of: Callable[[object], dt.date]
    url_of: Callable[[object, str], str]  # (record, org_slug) -> URL

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model)


def _attachments() -> QuerySet:
    from seam_scm.files.access import personal_data_records_q
    from seam_scm.files.models import Attachment

    return Attachment.objects.filter(deleted_at__isnull=True).exclude(personal_data_records_q())


def _business_lines() -> QuerySet:
    from seam_scm.tenancy.models import OrgUnit

    return OrgUnit.objects.filter(kind=OrgUnit.Kind.LINE)


def _versions(kind: str) -> Callable[[], QuerySet]:
    def approved_versions() -> QuerySet:
        from seam_scm.approvals.models import DocumentVersion

        return (
            DocumentVersion.objects.filter(document__kind=kind, status__in=FROZEN_STATUSES)
            .select_related("document", "approval")
            .order_by("-number")
        )

    return approved_versions


def _model_rows(model_label: str) -> Callable[[], QuerySet]:
    return lambda: apps.get_model(model_label).objects.all()


def _version_label(version) -> str:
    return _("%(title)s, version %(number)s") % {
        "title": version.document.title,
        "number": version.number,
    }


def _version_date(version) -> dt.date:
    approval = getattr(version, "approval", None)
    return approval.meeting_date if approval else version.created_at.date()


def _url(name: str, **kwargs) -> Callable[[object, str], str]:
    def url(record, org_slug: str) -> str:
        values = {param: getattr(record, attribute) for param, attribute in kwargs.items()}
        return reverse(name, kwargs={"org_slug": org_slug, **values})

    return url


def _profiles_url(unit, org_slug: str) -> str:
    return reverse("stakeholders:list", kwargs={"org_slug": org_slug}) + f"?unit={unit.pk}"


def _version_kind(key: str, label: Promise, document_kind: str) -> EvidenceKind:
    return EvidenceKind(
        key=key,
        label=label,
        model_label="approvals.DocumentVersion",
        choices=_versions(document_kind),
        describe=_version_label,
        date_of=_version_date,
        url_of=_url("approvals:version", document_version_pk="pk"),
    )


EVIDENCE_KINDS: dict[str, EvidenceKind] = {
    kind.key: kind
    for kind in [
        EvidenceKind(
            "file",
            gettext_lazy("Evidence file"),
            "files.Attachment",
            _attachments,
            describe=lambda attachment: attachment.title,
            date_of=lambda attachment: attachment.effective_date,
            url_of=_url("files:detail", attachment_pk="pk"),
        ),
        EvidenceKind(
            "stakeholder_profiles",
            gettext_lazy("Stakeholder profiles of a business line"),
            "tenancy.OrgUnit",
            _business_lines,
            describe=lambda unit: _("Stakeholder profiles of %(unit)s") % {"unit": unit.name},
            date_of=lambda unit: timezone.localdate(),
            url_of=_profiles_url,
        ),
        _version_kind(
            "relationship_plan",
            gettext_lazy("Relationship plan (approved version)"),
            DocumentKind.RELATIONSHIP_PLAN,
        ),
        _version_kind(
            "customer_strategy",
            gettext_lazy("Customer and market strategy (approved version)"),
            DocumentKind.CUSTOMER_MARKET_STRATEGY,
        ),
        _version_kind(
            "service_charter",
            gettext_lazy("Service charter and standards (approved version)"),
            DocumentKind.SERVICE_CHARTER,
        ),
        _version_kind(
            "complaint_policy",
            gettext_lazy("Complaint handling policy (approved version)"),
            DocumentKind.COMPLAINT_POLICY,
        ),
        EvidenceKind(
            "survey",
            gettext_lazy("Survey"),
            "customers.Survey",
            _model_rows("customers.Survey"),
            describe=lambda survey: survey.title,
            date_of=lambda survey: survey.period_end,
            url_of=_url("customers:survey_detail", survey_pk="pk"),
        ),
        EvidenceKind(
            "journey_map",
            gettext_lazy("Customer journey map"),
            "customers.JourneyMap",
            _model_rows("customers.JourneyMap"),
            describe=str,
            date_of=lambda journey: journey.last_reviewed or journey.created_at.date(),
            url_of=_url("customers:journey_detail", journey_pk="pk"),
        ),
        EvidenceKind(
            "review_meeting",
            gettext_lazy("Meeting minutes"),
            "customers.ReviewMeeting",
            _model_rows("customers.ReviewMeeting"),
            describe=str,
            date_of=lambda meeting: meeting.held_on,
            url_of=_url("customers:meeting_detail", meeting_pk="pk"),
        ),
        EvidenceKind(
            "complaint_kpis",
            gettext_lazy("Complaint KPI snapshot"),
            "assessments.KpiSnapshot",
            _model_rows("assessments.KpiSnapshot"),
            describe=lambda snapshot: snapshot.title,
            date_of=lambda snapshot: timezone.localdate(snapshot.created_at),
            url_of=_url("assessments:kpi_snapshot", snapshot_pk="pk"),
        ),
    ]
}


def kind_of_record(record) -> EvidenceKind | None:
    """The kind a record links as (a document version by its document's kind)."""
    label = record._meta.label
    for kind in EVIDENCE_KINDS.values():
        if kind.model_label == label and kind.choices().filter(pk=record.pk).exists():
            return kind
    return None


def load_records(links) -> None:
    """Set `link.linked` (the record, or None if it is gone) on every link: one query per
    kind of record, whatever the number of links."""
    ids_by_kind: dict[str, set[int]] = defaultdict(set)
    for link in links:
        ids_by_kind[link.kind].add(link.record_id)
    records: dict[str, dict[int, object]] = {}
    for key, ids in ids_by_kind.items():
        kind = EVIDENCE_KINDS.get(key)
        records[key] = kind.choices().in_bulk(ids) if kind else {}
    for link in links:
        link.linked = records[link.kind].get(link.record_id)


def record_url(link, org_slug: str) -> str:
    kind = EVIDENCE_KINDS.get(link.kind)
    linked = getattr(link, "linked", None)
    return kind.url_of(linked, org_slug) if kind and linked is not None else ""
