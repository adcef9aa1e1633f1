"""Watching threads and notifying people, queued to be sent after commit."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update

from forum import events
from forum.extensions import db
from forum.models import Notification, Post, Thread, User, Watch
from forum.models.clock import now
from forum.unit_of_work import action


def watch(user: User, thread: Thread) -> None:
    if db.session.get(Watch, (user.id, thread.id)) is None:
        db.session.add(Watch(user_id=user.id, thread_id=thread.id))


def unwatch(user: User, thread: Thread) -> None:
    db.session.execute(delete(Watch).where(Watch.user_id == user.id, Watch.thread_id == thread.id))


def is_watching(user, thread: Thread) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.get(Watch, (user.id, thread.id)) is not None


def notify(user_id: int, kind: str, thread: Thread, post: Post | None = None, actor: User | None = None):
    note = Notification(
        user_id=user_id, kind=kind, thread_id=thread.id, post_id=post.id if post else None,
        actor_id=actor.id if actor else None,
    )
    db.session.add(note)
    events.publish("notification", {"user_id": user_id, "kind": kind, "thread_id": thread.id})
    return note


def notify_watchers(thread: Thread, post: Post, actor: User) -> None:
    """A published reply: tell everyone watching the thread, except its writer."""
    from forum import permissions  # the watchers may since have lost access (private thread)

    watchers = select(User).join(Watch, Watch.user_id == User.id).where(Watch.thread_id == thread.id,
                                                                        Watch.user_id != actor.id)
    for user in db.session.scalars(watchers):
        if permissions.can_view_post(user, post, thread):
            notify(user.id, "reply", thread, post, actor)


def unread_count(user: User) -> int:
    return db.session.scalar(
        select(func.count()).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


@action
def mark_all_read(user: User, up_to_id: int | None = None) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None),
               Notification.id <= (up_to_id if up_to_id is not None else Notification.id))
        .values(read_at=now())
    )
