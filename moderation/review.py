"""Moderator decisions on review items: approve, edit-then-approve, reject, merge, hide, move, dismiss."""

from __future__ import annotations

from sqlalchemy import select

from forum import events, permissions, post_lifecycle
from forum.errors import Conflict, Forbidden, NotFound
from forum.extensions import db
from forum.models import Post, Thread, User
from forum.models.clock import now
from forum.services import notifying, posting, questions, replies, validation
from forum.unit_of_work import action
from moderation import audit, publication, queue
from moderation.models import ReviewItem


def _require_moderator(actor: User) -> None:
    if not permissions.is_moderator(actor):
        raise Forbidden("Only a moderator may do this.")


def _pending(item: ReviewItem) -> None:
    if item.state != "pending":
        raise Conflict("This item is already decided.")


@action
def approve(actor: User, item: ReviewItem) -> ReviewItem:
    """Publish what the item holds (question or reply), or, for a flag, keep the post as it is."""
    _require_moderator(actor)
    _pending(item)
    if item.kind == "question":
        publication.approve_question(actor, item.thread)
    elif item.kind == "reply":
        publication.approve_post(actor, item.post)
    elif item.kind == "flag":
        dismiss_flags(actor, item)
    elif item.kind == "bottleneck":
        raise Conflict("Link the question to a bottleneck, or decline the signal.")
    else:
        raise Conflict("An assignment item is settled by escalating the question again.")
    return item


@action
def reject(actor: User, item: ReviewItem, reason) -> ReviewItem:
    _require_moderator(actor)
    _pending(item)
    if item.kind == "question":
        publication.reject_question(actor, item.thread, reason)
    elif item.kind == "reply":
        publication.reject_post(actor, item.post, reason)
    elif item.kind == "flag":
        hide_post(actor, item.post, reason)
    else:
        dismiss(actor, item)
    return item


@action
def bulk_approve(actor: User, item_ids: list[int]) -> int:
    _require_moderator(actor)
    items = list(db.session.scalars(select(ReviewItem).where(
        ReviewItem.id.in_(item_ids), ReviewItem.state == "pending", ReviewItem.kind.in_(("question", "reply")))))
    for item in items:
        approve(actor, item)
    return len(items)


@action
def edit_then_approve(actor: User, item: ReviewItem, title=None, board=None, tags=None, body=None) -> ReviewItem:
    """Edit the held text before it is published; the unedited text never reaches anyone."""
    _require_moderator(actor)
    _pending(item)
    if item.kind not in ("question", "reply"):
        raise Conflict("Only questions and replies are edited before approval.")
    post = item.post or questions.question_post(item.thread)
    thread = item.thread
    if body is not None or title is not None or tags is not None:
        replies.edit_post(actor, post, body if body is not None else post.body,
                          title if item.kind == "question" else None, tags if item.kind == "question" else None)
    if board and item.kind == "question" and board != thread.board.slug:
        move(actor, thread, board)
    return approve(actor, item)


@action
def merge(actor: User, item: ReviewItem, into_thread_id) -> Thread:
    """A duplicate question: its text becomes a reply in the existing thread, its own thread is closed off."""
    _require_moderator(actor)
    _pending(item)
    if item.kind != "question":
        raise Conflict("Only a question is merged into another.")
    target = db.session.get(Thread, into_thread_id) if isinstance(into_thread_id, int) else None
    if target is None or target.id == item.thread_id or target.deleted_at is not None:
        raise NotFound("Choose an existing question to merge into.")
    source = item.thread
    original = questions.question_post(source)
    moved = Post(thread=target, author_id=original.author_id, body=original.body, created_at=original.created_at,
                 status="pending")
    post_lifecycle.transition(moved, "approve")
    posting.render_post(moved)
    db.session.add(moved)
    db.session.flush()
    source.deleted_at = now()
    post_lifecycle.delete(original, actor.id)
    target.last_activity_at = now()
    queue.resolve_pending("merged", actor, thread=source)
    notifying.watch(original.author, target)
    notifying.notify(original.author_id, "merged", target, moved, actor)
    audit.record(actor, "merge", "thread", source.id, thread_id=target.id,
                 after={"into_thread_id": target.id, "post_id": moved.id})
    events.publish("post.created", {"thread_id": target.id, "post_id": moved.id})
    return target


@action
def move(actor: User, thread: Thread, board_slug) -> Thread:
    _require_moderator(actor)
    board = questions.board_by_slug(board_slug)
    before = thread.board.slug
    thread.board = board
    audit.record(actor, "move", "thread", thread.id, thread_id=thread.id, before={"board": before},
                 after={"board": board.slug})
    events.publish("thread.updated", {"thread_id": thread.id})
    return thread


@action
def hide_post(actor: User, post: Post, reason="") -> Post:
    _require_moderator(actor)
    if post.is_question:
        raise Conflict("Hide a question by locking or deleting its thread.")
    if post.status != "published":
        raise Conflict("Only a published post can be hidden.")
    reason = validation.check_reason(reason, required=False)
    post_lifecycle.transition(post, "hide")
    queue.resolve_pending("hidden", actor, post=post)
    audit.record(actor, "hide", "post", post.id, thread_id=post.thread_id, note=reason)
    events.publish("post.hidden", {"thread_id": post.thread_id, "post_id": post.id})
    return post


@action
def restore_hidden(actor: User, post: Post) -> Post:
    _require_moderator(actor)
    if post.status != "hidden":
        raise Conflict("This post is not hidden.")
    post_lifecycle.transition(post, "unhide")
    queue.resolve_pending("restored", actor, post=post)
    audit.record(actor, "unhide", "post", post.id, thread_id=post.thread_id)
    events.publish("post.created", {"thread_id": post.thread_id, "post_id": post.id})
    return post


@action
def dismiss_flags(actor: User, item: ReviewItem) -> None:
    post = item.post
    if post.status == "hidden":
        post_lifecycle.transition(post, "unhide")
        events.publish("post.created", {"thread_id": post.thread_id, "post_id": post.id})
    queue.resolve_pending("kept", actor, post=post, kinds=("flag",))
    audit.record(actor, "dismiss_flags", "post", post.id, thread_id=post.thread_id)


@action
def dismiss(actor: User, item: ReviewItem) -> None:
    _require_moderator(actor)
    _pending(item)
    item.state, item.resolution, item.resolved_at, item.resolved_by_id = "resolved", "dismissed", now(), actor.id
    audit.record(actor, "dismiss", "review_item", item.id, thread_id=item.thread_id)
    events.publish("queue.changed", {"action": "resolved", "thread_id": item.thread_id})


DECISIONS = ("approve", "edit", "reject", "claim", "release", "dismiss", "merge")
EDIT_FIELDS = ("title", "board", "tags", "body")


@action
def decide(actor: User, item: ReviewItem, decision: str, *, reason=None, into_thread_id=None,
           edits: dict | None = None) -> ReviewItem:
    """The one dispatch of a moderator's decision on an item, for the queue page and the API alike.

    `approve` with edits (title, board, tags, body) is edit-then-approve; `edit` is its name on the page.
    """
    if decision in ("approve", "edit"):
        edits = {field: value for field, value in (edits or {}).items() if field in EDIT_FIELDS}
        if edits:
            edit_then_approve(actor, item, **edits)
        else:
            approve(actor, item)
    elif decision == "reject":
        reject(actor, item, reason)
    elif decision in ("claim", "release"):
        queue.claim(actor, item, release=decision == "release")
    elif decision == "dismiss":
        dismiss(actor, item)
    elif decision == "merge":
        merge(actor, item, into_thread_id)
    else:
        raise NotFound("No such decision.")
    return item
