"""Watching threads and notifying people, queued to be sent after commit."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select, update

from forum import events
from forum.extensions import db
from forum.mail import kinds, outbox
from forum.models import Notification, Post, Thread, User, Watch
from forum.models.clock import now
from forum.permissions import Principal
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
    """A published reply: tell everyone watching the thread and everyone it mentions, except its writer,
    who follows the thread from now on.

    Hundreds may watch a thread: their notifications and mail are written with one insert each, and their
    right to see the post is checked on the three columns the rules read (`Principal`).
    """
    from forum import permissions  # the watchers may since have lost access (private thread)

    following = db.session.connection().execute(  # plain rows, no ORM step: this runs in every reply's request
        select(User.id, User.role, User.is_banned).join(Watch, Watch.user_id == User.id)
        .where(Watch.thread_id == thread.id)).all()
    watchers = [row for row in following if row.id != actor.id]
    if len(watchers) == len(following):
        watch(actor, thread)  # the writer follows the thread from now on (read here, not asked again)
    readers = [row.id for row in watchers if permissions.can_view_post(Principal(*row), post, thread)]
    mentioned = [row.id for row in _mentioned(post, {actor.id, *readers})
                 if permissions.can_view_post(Principal(*row), post, thread)]
    by_mail: dict[str, list[int]] = {}
    for user_id in readers:
        by_mail.setdefault(kinds.mail_kind("reply", user_id, thread, post), []).append(user_id)
    _notify_many(readers, "reply", thread, post, actor)
    _notify_many(mentioned, "mention", thread, post, actor)
    for mail_kind, user_ids in (*by_mail.items(), ("mention", mentioned)):
        outbox.enqueue(user_ids, mail_kind, thread, post, actor)


def notify_resolved(thread: Thread, post: Post, actor: User) -> None:
    """An answer was accepted: tell the thread's watchers (not the one who accepted, nor the answer's author,
    who hears of it as "accepted")."""
    from forum import permissions

    watchers = db.session.execute(
        select(User.id, User.role, User.is_banned).join(Watch, Watch.user_id == User.id)
        .where(Watch.thread_id == thread.id, Watch.user_id.not_in((actor.id, post.author_id)))).all()
    readers = [row.id for row in watchers if permissions.can_view_post(Principal(*row), post, thread)]
    _notify_many(readers, "resolved", thread, post, actor)
    outbox.enqueue(readers, "resolved", thread, post, actor)


def _notify_many(user_ids: list[int], kind: str, thread: Thread, post: Post, actor: User) -> None:
    if not user_ids:
        return
    common = {"kind": kind, "thread_id": thread.id, "post_id": post.id, "actor_id": actor.id, "created_at": now()}
    db.session.connection().execute(insert(Notification.__table__),
                                    [{**common, "user_id": user_id} for user_id in user_ids])
    for user_id in user_ids:
        events.publish("notification", {"user_id": user_id, "kind": kind, "thread_id": common["thread_id"]})


def _mentioned(post: Post, already_told: set[int]) -> list:
    from forum.rendering import mention_handles
    from forum.services.posting import resolve_mentions

    handles = mention_handles(post.body)
    ids = set(resolve_mentions(handles).values()) - already_told if handles else set()
    return db.session.execute(select(User.id, User.role, User.is_banned).where(User.id.in_(ids))).all() if ids else []


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
def mark_all_read(user: User, up_to_id: int | None = None) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None),
               Notification.id <= (up_to_id if up_to_id is not None else Notification.id))
        .values(read_at=now())
    )
