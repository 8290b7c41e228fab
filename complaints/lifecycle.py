"""The ISO 10002 lifecycle of a complaint case: which action moves a case from which states to
which state, and what each action must record.

    received -> acknowledged -> assessed -> under investigation -> responded -> closed
    escalated: from acknowledged, assessed, under investigation or reopened; then investigate
               or respond
    reopened:  from responded or closed; then assess again, escalate or respond
    withdrawn: from any state before closing (the complainant withdrew)

Anything else is refused (complaints.case_services.move_case).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import CaseState as S


class Action(models.TextChoices):
    RECEIVE = "receive", _("Receive")
    ACKNOWLEDGE = "acknowledge", _("Acknowledge")
    ASSESS = "assess", _("Assess")
    INVESTIGATE = "investigate", _("Start investigation")
    ESCALATE = "escalate", _("Escalate")
    RESPOND = "respond", _("Respond")
    CLOSE = "close", _("Close")
    REOPEN = "reopen", _("Reopen")
    WITHDRAW = "withdraw", _("Withdraw")
    # Not a move: a change of the case's details or assignment, kept on the timeline.
    UPDATE = "update", _("Update")


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    # Fields the action must be given (besides the note, see NOTE_REQUIRED).
    required: tuple[str, ...] = ()


MOVES: dict[str, Move] = {
    Action.ACKNOWLEDGE: Move(frozenset({S.RECEIVED}), S.ACKNOWLEDGED),
    Action.ASSESS: Move(frozenset({S.ACKNOWLEDGED, S.REOPENED}), S.ASSESSED),
    Action.INVESTIGATE: Move(frozenset({S.ASSESSED, S.ESCALATED}), S.INVESTIGATING),
    Action.ESCALATE: Move(
        frozenset({S.ACKNOWLEDGED, S.ASSESSED, S.INVESTIGATING, S.REOPENED}), S.ESCALATED
    ),
    Action.RESPOND: Move(
        frozenset({S.ASSESSED, S.INVESTIGATING, S.ESCALATED, S.REOPENED}),
        S.RESPONDED,
        required=("decision", "decision_communicated_at", "decision_channel"),
    ),
    Action.CLOSE: Move(
        frozenset({S.RESPONDED}),
        S.CLOSED,
        required=("remedy", "root_cause", "corrective_action"),
    ),
    Action.REOPEN: Move(frozenset({S.RESPONDED, S.CLOSED}), S.REOPENED),
    Action.WITHDRAW: Move(
        frozenset(
            {
                S.RECEIVED,
                S.ACKNOWLEDGED,
                S.ASSESSED,
                S.INVESTIGATING,
                S.ESCALATED,
                S.REOPENED,
                S.RESPONDED,
            }
        ),
        S.WITHDRAWN,
    ),
}

# Moves that need a reason in the note.
NOTE_REQUIRED = frozenset({Action.ESCALATE, Action.REOPEN, Action.WITHDRAW})

# The details each move may record on the case (the rest of the case is changed by UPDATE).
MOVE_FIELDS: dict[str, tuple[str, ...]] = {
    Action.ACKNOWLEDGE: (),
    Action.ASSESS: ("severity", "category", "unit", "handler"),
    Action.INVESTIGATE: ("unit", "handler"),
    Action.ESCALATE: ("unit", "handler"),
    Action.RESPOND: ("decision", "decision_communicated_at", "decision_channel"),
    Action.CLOSE: ("remedy", "root_cause", "corrective_action", "satisfaction"),
    Action.REOPEN: (),
    Action.WITHDRAW: (),
}


def allowed_actions(state: str) -> list[str]:
    """The moves open to a case in `state`, in lifecycle order."""
    return [action for action, move in MOVES.items() if state in move.sources]
