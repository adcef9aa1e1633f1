"""Asking, approving, rejecting, accepting and locking questions."""

from __future__ import annotations

from sqlalchemy import delete, exists, select

from forum import events, lifecycle, permissions, post_lifecycle
from forum.errors import Conflict, Forbidden, NotFound, ValidationFailed
from forum.extensions import db
from forum.models import Board, BoardWatch, Post, Thread, User
from forum.models.clock import now
from forum.services import notifying, posting, validation
from forum.unit_of_work import action


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
            events.announce("question.submitted", thread=thread, post=post, resubmitted=False)
        events.publish("thread.created" if reviewed else "thread.submitted", {"thread_id": thread.id})
        return post

    return posting.create_once(author, key, create).thread


def question_post(thread: Thread) -> Post:
    return db.session.scalar(select(Post).where(Post.thread_id == thread.id, Post.is_question))


def resubmit_if_rejected(thread: Thread) -> None:
    """An author who revises a rejected question sends it back to review."""
    if thread.status == "rejected":
        lifecycle.transition(thread, "resubmit")
        post = question_post(thread)
        post_lifecycle.transition(post, "resubmit")
        events.announce("question.submitted", thread=thread, post=post, resubmitted=True)
        events.publish("thread.submitted", {"thread_id": thread.id})


@action
def accept_answer(actor: User, post: Post) -> Thread:
    thread = post.thread
    if not permissions.can_accept(actor, post):
        raise Forbidden("Only the asker or a moderator accepts an answer, on a published reply.")
    lifecycle.transition(thread, "accept")
    if actor.id != thread.author_id:
        events.announce("staff.acted", actor=actor, action="accept_answer", target_type="post",
                        target_id=post.id, thread_id=thread.id)
    thread.accepted_post_id = post.id
    thread.last_activity_at = now()
    if post.author_id != actor.id:
        notifying.notify(post.author_id, "accepted", thread, post, actor)
    notifying.notify_resolved(thread, post, actor)
    events.publish("thread.updated", {"thread_id": thread.id})
    return thread


@action
def unaccept_answer(actor: User, thread: Thread) -> Thread:
    if not (thread.author_id == actor.id or permissions.is_moderator(actor)):  # before telling anything
        raise Forbidden("Only the asker or a moderator changes the accepted answer.")
    post = db.session.get(Post, thread.accepted_post_id) if thread.accepted_post_id is not None else None
    if post is None:
        raise ValidationFailed("No answer is accepted.", field="post")
    lifecycle.transition(thread, "unaccept", has_expert_answer=post_lifecycle.has_expert_answer(thread))
    if actor.id != thread.author_id:
        events.announce("staff.acted", actor=actor, action="unaccept_answer", target_type="post",
                        target_id=post.id, thread_id=thread.id)
    thread.accepted_post_id = None
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


@action
def set_board_watching(user: User, board: Board, watching: bool) -> None:
    """Follow a board (its new questions come in the daily digest), or stop."""
    if watching:
        if db.session.get(BoardWatch, (user.id, board.id)) is None:
            db.session.add(BoardWatch(user_id=user.id, board_id=board.id))
    else:
        db.session.execute(delete(BoardWatch).where(BoardWatch.user_id == user.id, BoardWatch.board_id == board.id))


def board_and_watching(user, slug: str) -> tuple[Board | None, bool]:
    """The board with this slug (None if there is none) and whether the user follows it, in one statement."""
    if not getattr(user, "is_authenticated", False):
        return db.session.scalar(select(Board).where(Board.slug == slug)), False
    watching = exists().where(BoardWatch.user_id == user.id, BoardWatch.board_id == Board.id)
    row = db.session.execute(select(Board, watching).where(Board.slug == slug)).first()
    return (row[0], bool(row[1])) if row else (None, False)


def get_thread(user, thread_id, options=()) -> Thread:
    """The thread if the user may see it; otherwise 404 (a private thread's existence is not told). `options`
    load what the caller will show with it in the same statement (e.g. joinedload(Thread.tags))."""
    thread = db.session.get(Thread, thread_id, options=options) if isinstance(thread_id, int) else None
    if thread is None or not permissions.can_view_thread(user, thread):
        raise NotFound("This question does not exist or is not visible to you.")
    return thread


