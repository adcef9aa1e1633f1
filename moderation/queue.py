"""The review queue: one item per thing a moderator must decide, with filters, claims and priority."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from forum import events
from forum.errors import Conflict, NotFound, ValidationFailed
from forum.extensions import db
from forum.models import Board, Post, Thread, User
from forum.models.clock import now
from forum.pagination import paginate
from forum.services import notifying, validation
from forum.unit_of_work import action
from moderation.models import PRIORITY, REVIEW_REASONS, ReviewItem

KINDS = ("question", "reply", "flag", "assignment", "bottleneck")
AGES = {"1h": timedelta(hours=1), "1d": timedelta(days=1), "3d": timedelta(days=3), "7d": timedelta(days=7)}


def enqueue(kind: str, reason: str, thread: Thread, post: Post | None = None, details: dict | None = None,
            extra_priority: int = 0) -> ReviewItem:
    """Open an item, or join the pending one for the same post/thread and kind."""
    condition = ReviewItem.post_id == post.id if post is not None else (
        (ReviewItem.thread_id == thread.id) & ReviewItem.post_id.is_(None))
    item = db.session.scalar(select(ReviewItem).where(
        condition, ReviewItem.kind == kind, ReviewItem.state == "pending"))
    if item is None:
        item = ReviewItem(kind=kind, reason=reason, thread=thread, post=post, created_at=now())
        db.session.add(item)
        item.details = details or {}
        notifying.notify_moderators(kind, thread)
    else:
        merged = item.details
        merged.update(details or {})
        item.details = merged
        if PRIORITY.get(reason, 0) > PRIORITY.get(item.reason, 0):
            item.reason = reason
    item.priority = PRIORITY.get(item.reason, 10) + extra_priority
    events.publish("queue.changed", {"action": "added", "thread_id": thread.id})
    return item


def resolve_pending(resolution: str, actor: User | None, *, thread: Thread | None = None,
                    post: Post | None = None, kinds: tuple[str, ...] = KINDS) -> list[ReviewItem]:
    """Close the pending items about this post (or thread) with the given resolution."""
    query = select(ReviewItem).where(ReviewItem.state == "pending", ReviewItem.kind.in_(kinds))
    if post is not None:
        query = query.where(ReviewItem.post_id == post.id)
    elif thread is not None:
        query = query.where(ReviewItem.thread_id == thread.id)
    items = list(db.session.scalars(query))
    for item in items:
        item.state = "resolved"
        item.resolution = resolution
        item.resolved_at = now()
        item.resolved_by_id = getattr(actor, "id", None)
    if items:
        events.publish("queue.changed", {"action": "resolved", "thread_id": items[0].thread_id})
    return items


def get_item(item_id) -> ReviewItem:
    item = db.session.get(ReviewItem, item_id) if isinstance(item_id, int) else None
    if item is None:
        raise NotFound("No such review item.")
    return item


@action
def claim(actor: User, item: ReviewItem, release: bool = False) -> ReviewItem:
    if item.state != "pending":
        raise Conflict("This item is already decided.")
    if release:
        if item.claimed_by_id not in (None, actor.id):
            raise Conflict("Another moderator has claimed this item.")
        item.claimed_by_id, item.claimed_at = None, None
    else:
        if item.claimed_by_id not in (None, actor.id):
            raise Conflict("Another moderator has claimed this item.")
        item.claimed_by_id, item.claimed_at = actor.id, now()
    events.publish("queue.changed", {"action": "claimed", "item_id": item.id, "thread_id": item.thread_id})
    return item


@dataclass
class QueueFilter:
    state: str = "pending"
    board: str | None = None
    kind: str | None = None
    reason: str | None = None
    author_kind: str | None = None
    age: str | None = None
    claimed_by: str | None = None  # "me", "nobody", or a user id
    sort: str = "priority"

    @classmethod
    def from_args(cls, args, viewer: User) -> QueueFilter:
        chosen = cls(
            state=args.get("state") or "pending", board=args.get("board") or None,
            kind=args.get("kind") or None, reason=args.get("reason") or None,
            author_kind=args.get("author_kind") or None, age=args.get("age") or None,
            claimed_by=args.get("claimed_by") or None, sort=args.get("sort") or "priority",
        )
        if chosen.state not in ("pending", "resolved"):
            raise ValidationFailed("state is pending or resolved.", field="state")
        if chosen.kind and chosen.kind not in KINDS:
            raise ValidationFailed("Unknown kind.", field="kind")
        if chosen.reason and chosen.reason not in REVIEW_REASONS:
            raise ValidationFailed("Unknown reason.", field="reason")
        if chosen.age and chosen.age not in AGES:
            raise ValidationFailed("age is one of 1h, 1d, 3d, 7d.", field="age")
        if chosen.sort not in ("priority", "age", "newest"):
            raise ValidationFailed("sort is priority, age or newest.", field="sort")
        if chosen.claimed_by == "me":
            chosen.claimed_by = str(viewer.id)
        return chosen


def list_items(chosen: QueueFilter, page: int = 1, per_page: int = 50):
    conditions = [ReviewItem.state == chosen.state]
    query = select(ReviewItem)
    if chosen.board:
        query = query.join(Thread, Thread.id == ReviewItem.thread_id).join(Board, Board.id == Thread.board_id)
        conditions.append(Board.slug == chosen.board)
    if chosen.author_kind:
        # Correlate with the item only: with a board filter, Thread is in the outer query too.
        author = (select(Thread.author_id).where(Thread.id == ReviewItem.thread_id)
                  .correlate(ReviewItem).scalar_subquery())
        post_author = (select(Post.author_id).where(Post.id == ReviewItem.post_id)
                       .correlate(ReviewItem).scalar_subquery())
        kinds = select(User.id).where(User.kind == chosen.author_kind)
        conditions.append(func.coalesce(post_author, author).in_(kinds))
    if chosen.kind:
        conditions.append(ReviewItem.kind == chosen.kind)
    if chosen.reason:
        conditions.append(ReviewItem.reason == chosen.reason)
    if chosen.age:
        conditions.append(ReviewItem.created_at <= now() - AGES[chosen.age])
    if chosen.claimed_by == "nobody":
        conditions.append(ReviewItem.claimed_by_id.is_(None))
    elif chosen.claimed_by and validation.record_id(chosen.claimed_by) is not None:
        conditions.append(ReviewItem.claimed_by_id == validation.record_id(chosen.claimed_by))
    order = {
        "priority": (ReviewItem.priority.desc(), ReviewItem.created_at, ReviewItem.id),
        "age": (ReviewItem.created_at, ReviewItem.id),
        "newest": (ReviewItem.created_at.desc(), ReviewItem.id.desc()),
    }[chosen.sort]
    query = query.where(*conditions)
    return paginate(query.order_by(*order).options(
        selectinload(ReviewItem.thread).selectinload(Thread.board),
        selectinload(ReviewItem.thread).selectinload(Thread.author),
        selectinload(ReviewItem.post).selectinload(Post.author),
        selectinload(ReviewItem.claimed_by),
    ), page, per_page)
