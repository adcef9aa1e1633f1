"""Moderator decisions on questions and held replies: publish, reject, lock and unlock."""

from __future__ import annotations

from forum import events, lifecycle, permissions, post_lifecycle
from forum.errors import Forbidden, NotFound
from forum.models import Post, Thread, User
from forum.models.clock import now
from forum.services import notifying, validation
from forum.services.questions import question_post
from forum.services.replies import publish_reply
from forum.unit_of_work import action
from moderation import audit, queue


def _require_moderator(actor: User) -> None:
    if not permissions.is_moderator(actor):
        raise Forbidden("Only a moderator may do this.")


@action
def approve_question(actor: User, thread: Thread) -> Thread:
    _require_moderator(actor)
    lifecycle.transition(thread, "approve")
    post = question_post(thread)
    post_lifecycle.transition(post, "approve")
    thread.last_activity_at = now()
    thread.rejection_reason = None
    queue.resolve_pending("approved", actor, thread=thread, kinds=("question",))
    audit.record(actor, "approve", "thread", thread.id, thread_id=thread.id)
    notifying.notify(thread.author_id, "approved", thread, actor=actor)
    events.publish("thread.created", {"thread_id": thread.id})
    return thread


@action
def reject_question(actor: User, thread: Thread, reason) -> Thread:
    _require_moderator(actor)
    reason = validation.check_reason(reason)
    lifecycle.transition(thread, "reject")
    post = question_post(thread)
    post_lifecycle.transition(post, "reject")
    post.rejection_reason = reason
    thread.rejection_reason = reason
    queue.resolve_pending("rejected", actor, thread=thread, kinds=("question",))
    audit.record(actor, "reject", "thread", thread.id, thread_id=thread.id, note=reason)
    notifying.notify(thread.author_id, "rejected", thread, actor=actor)
    events.publish("thread.updated", {"thread_id": thread.id})  # the asker's open page shows the reason
    return thread


@action
def lock(actor: User, thread: Thread) -> Thread:
    _require_moderator(actor)
    lifecycle.transition(thread, "lock")
    audit.record(actor, "lock", "thread", thread.id, thread_id=thread.id)
    events.publish("thread.updated", {"thread_id": thread.id})
    return thread


@action
def unlock(actor: User, thread: Thread) -> Thread:
    _require_moderator(actor)
    lifecycle.transition(thread, "unlock")
    audit.record(actor, "unlock", "thread", thread.id, thread_id=thread.id, after={"status": thread.status})
    events.publish("thread.updated", {"thread_id": thread.id})
    return thread


@action
def approve_post(actor: User, post: Post) -> Post:
    _require_moderator(actor)
    if post.status != "pending" or post.is_question:
        raise NotFound("This reply is not waiting for review.")
    post_lifecycle.transition(post, "approve")
    publish_reply(post.thread, post, post.author)
    queue.resolve_pending("approved", actor, post=post, kinds=("reply",))
    audit.record(actor, "approve", "post", post.id, thread_id=post.thread_id)
    notifying.notify(post.author_id, "approved", post.thread, post, actor)
    return post


@action
def reject_post(actor: User, post: Post, reason) -> Post:
    _require_moderator(actor)
    if post.status != "pending" or post.is_question:
        raise NotFound("This reply is not waiting for review.")
    post_lifecycle.transition(post, "reject")
    post.rejection_reason = validation.check_reason(reason)
    queue.resolve_pending("rejected", actor, post=post, kinds=("reply",))
    audit.record(actor, "reject", "post", post.id, thread_id=post.thread_id, note=post.rejection_reason)
    notifying.notify(post.author_id, "rejected", post.thread, post, actor)
    return post
