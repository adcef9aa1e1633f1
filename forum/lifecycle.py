"""The question lifecycle: the one table of allowed state transitions.

pending --approve--> open --escalate--> awaiting_expert --expert_answer--> answered --accept--> resolved
pending --reject--> rejected --resubmit--> pending;  any published state --lock--> closed --unlock--> before
answered --lose_expert_answer--> awaiting_expert (an expert still assigned) or open (its only expert answer
was hidden or deleted)
"""

from __future__ import annotations

from forum.errors import InvalidTransition
from forum.models import Thread
from forum.models.threads import THREAD_STATES

PUBLISHED = frozenset({"open", "awaiting_expert", "answered", "resolved", "closed"})
ALL_STATES = THREAD_STATES

# action -> (states it may start from, state it leads to; None = decided by the action's rule)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "approve": (frozenset({"pending"}), "open"),
    "reject": (frozenset({"pending"}), "rejected"),
    "resubmit": (frozenset({"rejected"}), "pending"),
    "escalate": (frozenset({"open", "awaiting_expert", "answered"}), "awaiting_expert"),
    "requeue": (frozenset({"awaiting_expert"}), "open"),
    "expert_answer": (frozenset({"open", "awaiting_expert"}), "answered"),
    "accept": (frozenset({"open", "awaiting_expert", "answered", "resolved"}), "resolved"),
    "unaccept": (frozenset({"resolved"}), None),
    "lose_expert_answer": (frozenset({"answered"}), None),
    "lock": (frozenset({"open", "awaiting_expert", "answered", "resolved"}), "closed"),
    "unlock": (frozenset({"closed"}), None),
}


def can_transition(thread: Thread, action: str) -> bool:
    sources, _ = TRANSITIONS[action]
    return thread.status in sources


def transition(thread: Thread, action: str, *, has_expert_answer: bool = False,
               waiting_for_expert: bool = False) -> str:
    """Move the thread along `action`, or raise InvalidTransition. Returns the new state."""
    sources, target = TRANSITIONS[action]
    if thread.status not in sources:
        raise InvalidTransition(action, thread.status)
    if action == "lock":
        thread.status_before_lock = thread.status
    elif action == "unlock":
        target = thread.status_before_lock or "open"
        thread.status_before_lock = None
    elif action == "unaccept":
        target = "answered" if has_expert_answer else "open"
    elif action == "lose_expert_answer":
        target = "awaiting_expert" if waiting_for_expert else "open"
    thread.status = target
    return target


def is_published(status: str) -> bool:
    return status in PUBLISHED
