"""The question lifecycle's transition table."""

from __future__ import annotations

import pytest

from forum import lifecycle
from forum.errors import InvalidTransition
from forum.models import Thread


def thread_in(status: str) -> Thread:
    return Thread(status=status, title="t", board_id=1, author_id=1)


@pytest.mark.parametrize(("action", "start", "end"), [
    ("approve", "pending", "open"),
    ("reject", "pending", "rejected"),
    ("resubmit", "rejected", "pending"),
    ("escalate", "open", "awaiting_expert"),
    ("expert_answer", "awaiting_expert", "answered"),
    ("expert_answer", "open", "answered"),
    ("accept", "answered", "resolved"),
    ("accept", "open", "resolved"),
    ("lock", "answered", "closed"),
])
def test_allowed_transitions(action, start, end):
    thread = thread_in(start)
    assert lifecycle.transition(thread, action) == end
    assert thread.status == end


@pytest.mark.parametrize(("action", "start"), [
    ("approve", "open"), ("approve", "rejected"), ("reject", "open"), ("resubmit", "pending"),
    ("escalate", "pending"), ("escalate", "closed"), ("accept", "pending"), ("accept", "closed"),
    ("accept", "rejected"), ("lock", "pending"), ("lock", "closed"), ("unlock", "open"),
    ("unaccept", "answered"), ("expert_answer", "resolved"),
])
def test_refused_transitions_leave_the_state_alone(action, start):
    thread = thread_in(start)
    with pytest.raises(InvalidTransition):
        lifecycle.transition(thread, action)
    assert thread.status == start


@pytest.mark.parametrize("before", ["open", "awaiting_expert", "answered", "resolved"])
def test_unlock_returns_to_the_state_before_the_lock(before):
    thread = thread_in(before)
    lifecycle.transition(thread, "lock")
    assert thread.status == "closed"
    assert lifecycle.transition(thread, "unlock") == before


def test_unaccept_reopens_to_answered_only_with_an_expert_answer():
    thread = thread_in("resolved")
    assert lifecycle.transition(thread, "unaccept", has_expert_answer=True) == "answered"
    thread = thread_in("resolved")
    assert lifecycle.transition(thread, "unaccept", has_expert_answer=False) == "open"


def test_every_state_in_the_table_is_a_known_state():
    for sources, target in lifecycle.TRANSITIONS.values():
        assert sources <= set(lifecycle.ALL_STATES)
        assert target is None or target in lifecycle.ALL_STATES
