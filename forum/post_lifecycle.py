"""The post lifecycle: the one table of allowed post state changes, and the thread counters they move.

pending --approve--> published --hide--> hidden --unhide--> published
pending --reject--> rejected --resubmit--> pending
A soft delete (deleted_at) is orthogonal to the state: a deleted post is not shown in any state.

A reply counts in `thread.reply_count` while it is visible (published, not deleted, not the question).
Every change of a post's state or deletion goes through `transition`, `delete` or `restore` here, so the
count and the thread's expert state follow from one rule: when the last visible expert answer of an
`answered` thread disappears, the thread goes back to waiting (for its expert, or for one to be found);
when the accepted answer disappears, the question is no longer resolved.
"""

from __future__ import annotations

from sqlalchemy import exists, select

from forum import lifecycle
from forum.errors import InvalidTransition
from forum.extensions import db
from forum.models import Post, Thread
from forum.models.clock import now
from forum.models.posts import POST_STATES

STATES = POST_STATES

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({"pending"}), "published"),
    "reject": (frozenset({"pending"}), "rejected"),
    "resubmit": (frozenset({"rejected"}), "pending"),
    "hide": (frozenset({"published"}), "hidden"),
    "unhide": (frozenset({"hidden"}), "published"),
}


def can_transition(post: Post, action: str) -> bool:
    return post.status in TRANSITIONS[action][0]


def counts_as_reply(post: Post) -> bool:
    return not post.is_question and post.status == "published" and post.deleted_at is None


def transition(post: Post, action: str) -> str:
    """Move the post along `action` (or raise InvalidTransition) and settle its thread's counters."""
    sources, target = TRANSITIONS[action]
    if post.status not in sources:
        raise InvalidTransition(action, post.status)
    before = counts_as_reply(post)
    post.status = target
    _settle(post, before)
    return target


def delete(post: Post, actor_id: int) -> None:
    before = counts_as_reply(post)
    post.deleted_at = now()
    post.deleted_by_id = actor_id
    _settle(post, before)


def restore(post: Post) -> None:
    before = counts_as_reply(post)
    post.deleted_at = None
    post.deleted_by_id = None
    _settle(post, before)


def _settle(post: Post, counted_before: bool) -> None:
    thread = post.thread
    counted = counts_as_reply(post)
    if counted and not counted_before:
        thread.reply_count += 1
    elif counted_before and not counted:
        thread.reply_count = max(thread.reply_count - 1, 0)
        _lost_reply(thread, post)


def _lost_reply(thread: Thread, post: Post) -> None:
    """A reply stopped being visible: the thread may no longer be resolved or answered."""
    if thread.accepted_post_id == post.id:
        thread.accepted_post_id = None
        if lifecycle.can_transition(thread, "unaccept"):
            lifecycle.transition(thread, "unaccept", has_expert_answer=has_expert_answer(thread))
    if post.is_expert_answer and thread.status == "answered" and not has_expert_answer(thread):
        lifecycle.transition(thread, "lose_expert_answer", waiting_for_expert=_expert_still_assigned(thread))


def has_expert_answer(thread: Thread) -> bool:
    """Whether the thread has a visible expert answer (what is flushed so far counts)."""
    return db.session.scalar(select(exists().where(
        Post.thread_id == thread.id, Post.is_expert_answer, Post.status == "published",
        Post.deleted_at.is_(None), ~Post.is_question,
    )))


def _expert_still_assigned(thread: Thread) -> bool:
    return any(assignment.state in ("requested", "accepted") for assignment in thread.assignments)
