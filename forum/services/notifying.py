"""Watching threads and notifying people, queued to be sent after commit."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update

from forum import events
from forum.extensions import db
from forum.mail import kinds, outbox
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


def notify(user_id: int, kind: str, thread: Thread, post: Post | None = None, actor: User | None = None,
           mail_kind: str | None = None, data: dict | None = None):
    """An in-app notification, and the mail that goes with it if the member wants one (never to the actor)."""
    note = Notification(
        user_id=user_id, kind=kind, thread_id=thread.id, post_id=post.id if post else None,
        actor_id=actor.id if actor else None,
    )
    db.session.add(note)
    events.publish("notification", {"user_id": user_id, "kind": kind, "thread_id": thread.id})
    outbox.enqueue([user_id], mail_kind or kinds.mail_kind(kind, user_id, thread, post), thread, post, actor, data)
    return note


def notify_watchers(thread: Thread, post: Post, actor: User) -> None:
    """A published reply: tell everyone watching the thread and everyone it mentions, except its writer."""
    from forum import permissions  # the watchers may since have lost access (private thread)

    watchers = select(User).join(Watch, Watch.user_id == User.id).where(Watch.thread_id == thread.id,
                                                                        Watch.user_id != actor.id)
    told = {actor.id}
    by_mail: dict[str, list[int]] = {}
    for user in db.session.scalars(watchers):
        if permissions.can_view_post(user, post, thread):
            _notify_quietly(user.id, "reply", thread, post, actor)
            by_mail.setdefault(kinds.mail_kind("reply", user.id, thread, post), []).append(user.id)
            told.add(user.id)
    for user in _mentioned(post, told):
        if permissions.can_view_post(user, post, thread):
            _notify_quietly(user.id, "mention", thread, post, actor)
            by_mail.setdefault("mention", []).append(user.id)
    for mail_kind, user_ids in by_mail.items():  # one insert per kind, however many watchers
        outbox.enqueue(user_ids, mail_kind, thread, post, actor)


def _notify_quietly(user_id: int, kind: str, thread: Thread, post: Post, actor: User) -> None:
    db.session.add(Notification(user_id=user_id, kind=kind, thread_id=thread.id, post_id=post.id, actor_id=actor.id))
    events.publish("notification", {"user_id": user_id, "kind": kind, "thread_id": thread.id})


def _mentioned(post: Post, already_told: set[int]) -> list[User]:
    from forum.rendering import mention_handles
    from forum.services.posting import resolve_mentions

    handles = mention_handles(post.body)
    ids = set(resolve_mentions(handles).values()) - already_told if handles else set()
    return list(db.session.scalars(select(User).where(User.id.in_(ids)))) if ids else []


def notify_moderators(item_kind: str, thread: Thread, item_id: int | None = None) -> None:
    """A new item in the review queue: a mail to each moderator who wants one (they have the queue in-app)."""
    moderators = db.session.scalars(select(User.id).where(User.role.in_(("moderator", "admin")),
                                                          User.is_banned.is_(False))).all()
    outbox.enqueue(moderators, "queue", thread, data={"item_kind": item_kind, "item_id": item_id})


def unread_count(user: User) -> int:
    return db.session.scalar(
        select(func.count()).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


@action
def mark_all_read(user: User) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now())
    )
