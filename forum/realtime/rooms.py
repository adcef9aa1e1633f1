"""Room names and who may join them: the same permission functions the pages use."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forum import permissions
from forum.extensions import db
from forum.models import Board, Post, Thread

_ROOM = re.compile(r"(thread):([1-9][0-9]{0,11})|(board):([a-z0-9][a-z0-9-]{0,39})|(moderators)|(user):([1-9][0-9]{0,11})")


@dataclass(frozen=True)
class Room:
    kind: str  # thread, board, moderators, user
    key: str = ""

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.key}" if self.key else self.kind

    @property
    def number(self) -> int:
        return int(self.key)


def thread_room(thread_id: int) -> str:
    return f"thread:{thread_id}"


def board_room(slug: str) -> str:
    return f"board:{slug}"


def user_room(user_id: int) -> str:
    return f"user:{user_id}"


MODERATORS = "moderators"


def parse(name) -> Room | None:
    if not isinstance(name, str):
        return None
    match = _ROOM.fullmatch(name)
    if match is None:
        return None
    parts = [part for part in match.groups() if part is not None]
    return Room(parts[0], parts[1] if len(parts) > 1 else "")


def may_join(user, room: Room) -> bool:
    """Joining a room is allowed exactly when the page behind it would be shown to this user."""
    if room.kind == "thread":
        thread = db.session.get(Thread, room.number)
        return thread is not None and permissions.can_view_thread(user, thread)
    if room.kind == "board":
        return db.session.scalar(select(Board.id).where(Board.slug == room.key)) is not None
    if room.kind == "moderators":
        return permissions.is_moderator(user)
    if room.kind == "user":
        return permissions.can_ask(user) and user.id == room.number
    return False


def missed_posts(user, thread: Thread, after: int, limit: int) -> tuple[list[Post], bool]:
    """Posts after `after` this user may see, oldest first; True as well when more than `limit` exist."""
    rows = list(db.session.scalars(
        select(Post)
        .where(Post.thread_id == thread.id, Post.id > after, permissions.visible_posts(user))
        .order_by(Post.id)
        .limit(limit + 1)
        .options(selectinload(Post.author))
    ))
    visible = [post for post in rows[:limit] if permissions.can_view_post(user, post, thread)]
    return visible, len(rows) > limit
