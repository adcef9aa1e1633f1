"""Asking, approving, rejecting, accepting and locking questions."""

from __future__ import annotations

from sqlalchemy import exists, select

from forum import events, lifecycle, permissions
from forum.errors import Conflict, Forbidden, NotFound, ValidationFailed
from forum.extensions import db
from forum.models import Board, Post, Thread, User
from forum.models.clock import now
from forum.services import notifying, posting, validation
from forum.unit_of_work import action
from moderation import audit, intake, queue


def board_by_slug(slug) -> Board:
    board = db.session.scalar(select(Board).where(Board.slug == slug)) if isinstance(slug, str) else None
    if board is None:
        raise ValidationFailed("Choose one of the boards.", field="board")
    return board


@action(keep_loaded=True)
def ask_question(author: User, board, title, body, tags=None, visibility=None, key=None) -> Thread:
    """Create a question. A member's question waits for review; staff questions are open at once."""
    if not permissions.can_ask(author):
        raise Forbidden("Sign in to ask a question.")
    key = posting.check_idempotency_key(key)
    earlier = posting.earlier_post(author, key)
    if earlier is not None:
        if not earlier.is_question:
            raise Conflict("This idempotency key was already used for another post.")
        return earlier.thread
    title = validation.check_title(title)
    board = board_by_slug(board)
    body = validation.check_body(body)
    tag_names = validation.check_tags(tags)
    visibility = validation.check_visibility(visibility)
    reviewed = author.has_role("expert")

    def create() -> Post:
        thread = Thread(board=board, author=author, title=title, slug=posting.slugify(title),
                        status="open" if reviewed else "pending", visibility=visibility,
                        tags=posting.tags_named(tag_names))
        post = Post(thread=thread, author=author, body=body, is_question=True,
                    status="published" if reviewed else "pending")
        posting.render_post(post)
        db.session.add_all([thread, post])
        db.session.flush()
        notifying.watch(author, thread)
        if not reviewed:
            intake.question_submitted(thread, post)
        events.publish("thread.created" if reviewed else "thread.submitted", {"thread_id": thread.id})
        return post

    return posting.create_once(author, key, create).thread


def question_post(thread: Thread) -> Post:
    return db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.is_question))


@action
def approve_question(actor: User, thread: Thread) -> Thread:
    _require_moderator(actor)
    lifecycle.transition(thread, "approve")
    post = question_post(thread)
    post.status = "published"
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
    post.status = "rejected"
    post.rejection_reason = reason
    thread.rejection_reason = reason
    queue.resolve_pending("rejected", actor, thread=thread, kinds=("question",))
    audit.record(actor, "reject", "thread", thread.id, thread_id=thread.id, note=reason)
    notifying.notify(thread.author_id, "rejected", thread, actor=actor)
    return thread


def resubmit_if_rejected(thread: Thread) -> None:
    """An author who revises a rejected question sends it back to review."""
    if thread.status == "rejected":
        lifecycle.transition(thread, "resubmit")
        post = question_post(thread)
        post.status = "pending"
        intake.question_submitted(thread, post, resubmitted=True)
        events.publish("thread.submitted", {"thread_id": thread.id})


def has_expert_answer(thread: Thread) -> bool:
    return db.session.scalar(select(exists().where(
        Post.thread_id == thread.id, Post.is_expert_answer, Post.status == "published",
        Post.deleted_at.is_(None),
    )))


@action
def accept_answer(actor: User, post: Post) -> Thread:
    thread = post.thread
    if not permissions.can_accept(actor, post):
        raise Forbidden("Only the asker or a moderator accepts an answer, on a published reply.")
    lifecycle.transition(thread, "accept")
    if actor.id != thread.author_id:
        audit.record(actor, "accept_answer", "post", post.id, thread_id=thread.id)
    thread.accepted_post_id = post.id
    thread.last_activity_at = now()
    if post.author_id != actor.id:
        notifying.notify(post.author_id, "accepted", thread, post, actor)
    notifying.notify_resolved(thread, post, actor)
    events.publish("thread.updated", {"thread_id": thread.id})
    return thread


@action
def unaccept_answer(actor: User, thread: Thread) -> Thread:
    if thread.accepted_post_id is None:
        raise ValidationFailed("No answer is accepted.", field="post")
    post = db.session.get(Post, thread.accepted_post_id)
    if not (thread.author_id == actor.id or permissions.is_moderator(actor)) or post is None:
        raise Forbidden("Only the asker or a moderator changes the accepted answer.")
    lifecycle.transition(thread, "unaccept", has_expert_answer=has_expert_answer(thread))
    if actor.id != thread.author_id:
        audit.record(actor, "unaccept_answer", "post", post.id, thread_id=thread.id)
    thread.accepted_post_id = None
    events.publish("thread.updated", {"thread_id": thread.id})
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
def set_watching(user: User, thread: Thread, watching: bool) -> None:
    if not permissions.can_watch(user, thread):
        raise Forbidden("You cannot watch this thread.")
    if watching:
        notifying.watch(user, thread)
    else:
        notifying.unwatch(user, thread)


def get_thread(user, thread_id) -> Thread:
    """The thread if the user may see it; otherwise 404 (a private thread's existence is not told)."""
    thread = db.session.get(Thread, thread_id) if isinstance(thread_id, int) else None
    if thread is None or not permissions.can_view_thread(user, thread):
        raise NotFound("This question does not exist or is not visible to you.")
    return thread


def _require_moderator(actor: User) -> None:
    if not permissions.is_moderator(actor):
        raise Forbidden("Only a moderator may do this.")
