"""Reads of the public complaint pages (no login): what the intake form offers, and the status
of a case for whoever holds its tracking link, never its content."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from seam_scm.approvals.models import DocumentVersion

from . import policy_selectors
from .models import CaseState, ComplaintCase, ComplaintChannel

# What a complainant reads about each status, in plain words.
STATUS_EXPLANATIONS = {
    CaseState.RECEIVED: _(
        "Your complaint has been received and is waiting for the staff in charge to acknowledge it."
    ),
    CaseState.ACKNOWLEDGED: _(
        "The staff in charge have acknowledged your complaint and will assess how serious and "
        "urgent it is."
    ),
    CaseState.ASSESSED: _(
        "Your complaint has been assessed and handed to the unit responsible for the matter."
    ),
    CaseState.INVESTIGATING: _(
        "The unit responsible is looking into the facts and how to put things right."
    ),
    CaseState.ESCALATED: _("Your complaint has been passed to a higher level for a decision."),
    CaseState.RESPONDED: _(
        "The organization has sent you its answer; the case is closed once the matter is settled."
    ),
    CaseState.CLOSED: _("The handling of your complaint is finished."),
    CaseState.REOPENED: _("Your complaint has been opened again and is being handled."),
    CaseState.WITHDRAWN: _("The complaint was withdrawn and is no longer being handled."),
}

# The only fields the tracking page loads: the case's content never leaves the database.
TRACKING_FIELDS = ("organization", "reference", "state", "received_at", "closed_at", "updated_at")
TOKEN_MAX_LENGTH = ComplaintCase._meta.get_field("tracking_token").max_length


@dataclass(frozen=True)
class Intake:
    """What the public form of an organization works with today."""

    policy: DocumentVersion | None
    channel: ComplaintChannel | None  # the active website-form channel, if any

    @property
    def accepts_online(self) -> bool:
        return self.channel is not None


def intake() -> Intake:
    """The policy in force and its website-form channel (inside the organization's scope)."""
    policy = policy_selectors.policy_in_force()
    return Intake(policy=policy, channel=policy_selectors.public_channel(policy))


def other_channels(policy: DocumentVersion | None) -> list[ComplaintChannel]:
    """The active channels of the policy in force other than the website form, to offer
    when the form is not available."""
    if policy is None:
        return []
    return list(
        policy_selectors.active_channels(policy)
        .exclude(kind=ComplaintChannel.Kind.WEBSITE)
        .order_by("order", "id")
    )


def form_path(slug: str, language: str = "th") -> str:
    name = "public_complaints:form_en" if language == "en" else "public_complaints:form"
    return reverse(name, kwargs={"slug": slug})


def public_form_url(organization, language: str = "th") -> str:
    """The stable public address of an organization's complaint form."""
    return settings.SITE_URL + form_path(organization.slug, language)


def tracking_path(token: str, language: str = "th") -> str:
    name = "public_complaints:track_en" if language == "en" else "public_complaints:track"
    return reverse(name, kwargs={"token": token})


def tracked_case(token: str) -> ComplaintCase | None:
    """The case whose tracking token this is, with only the fields its status page shows.

    The token names the case in every organization, so the lookup runs before any scope; the
    page then opens the case's organization's scope."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    with scopes_disabled():
        return (
            ComplaintCase.objects.filter(tracking_token=token)
            .select_related("organization")
            .only(
                *TRACKING_FIELDS,
                "organization__slug",
                "organization__short_name",
                "organization__name_th",
                "organization__name_en",
            )  # fmt: skip
            .first()
        )


def last_update(case: ComplaintCase) -> dt.datetime:
    """When the case last moved or changed on its timeline (its receipt at the least)."""
    latest = case.events.order_by("-at", "-id").values_list("at", flat=True).first()
    return max(latest, case.received_at) if latest else case.received_at


@dataclass(frozen=True)
class Status:
    state: str
    label: str
    explanation: str


def status_of(case: ComplaintCase) -> Status:
    state = CaseState(case.state)
    return Status(state=state, label=state.label, explanation=STATUS_EXPLANATIONS[state])


def status_legend() -> list[Status]:
    """Every status with its explanation, in lifecycle order."""
    return [Status(s, s.label, STATUS_EXPLANATIONS[s]) for s in CaseState]
