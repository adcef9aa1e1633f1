"""Threads (a question and its replies) and expert assignments on them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.accounts import User
from forum.models.boards import Board, Tag
from forum.models.clock import now

thread_tags = Table(
    "thread_tags",
    db.metadata,
    Column("thread_id", ForeignKey("threads.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


# The question lifecycle's states (forum/lifecycle.py moves between them); the database checks them too.
THREAD_STATES = ("pending", "open", "awaiting_expert", "answered", "resolved", "closed", "rejected")
ASSIGNMENT_STATES = ("requested", "accepted", "answered", "declined", "withdrawn", "overdue")


class Thread(db.Model):
    __tablename__ = "threads"
    __table_args__ = (
        # Board pages walk one of the first two in order, checking who may see each thread in the index
        # itself (deep pages skip thousands of entries); the third answers their counts by itself.
        Index("ix_threads_board_activity", "board_id", "last_activity_at", "id", "visibility", "status", "deleted_at"),
        Index("ix_threads_board_created", "board_id", "created_at", "id", "visibility", "status", "deleted_at"),
        Index("ix_threads_board_listing", "board_id", "visibility", "status", "deleted_at", "reply_count"),
        CheckConstraint(f"status IN {THREAD_STATES!r}", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(80), default="")
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    status_before_lock: Mapped[str | None] = mapped_column(String(20))
    visibility: Mapped[str] = mapped_column(String(10), default="public")
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now)
    last_activity_at: Mapped[datetime] = mapped_column(default=now)
    reply_count: Mapped[int] = mapped_column(default=0)
    accepted_post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", use_alter=True, ondelete="SET NULL")
    )
    deleted_at: Mapped[datetime | None]
    import_key: Mapped[str | None] = mapped_column(String(200), unique=True)

    board: Mapped[Board] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    tags: Mapped[list[Tag]] = relationship(secondary=thread_tags, order_by=Tag.name)
    assignments: Mapped[list[Assignment]] = relationship(back_populates="thread")

    @property
    def tag_names(self) -> list[str]:
        return [tag.name for tag in self.tags]

    def __repr__(self) -> str:
        return f"<Thread {self.id} {self.status}>"


class Assignment(db.Model):
    """A question put to an expert by a moderator."""

    __tablename__ = "assignments"

    __table_args__ = (CheckConstraint(f"state IN {ASSIGNMENT_STATES!r}", name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    state: Mapped[str] = mapped_column(String(16), default="requested")
    note: Mapped[str] = mapped_column(Text, default="")
    decline_reason: Mapped[str | None] = mapped_column(Text)
    due_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=now)
    accepted_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]

    thread: Mapped[Thread] = relationship(back_populates="assignments")
    expert: Mapped[User] = relationship(foreign_keys=[expert_id])

    STATES = ("requested", "accepted", "answered", "declined", "withdrawn", "overdue")
    # States in which the expert may see the thread; OPEN_STATES count towards the expert's cap.
    ACTIVE_STATES = ("requested", "accepted", "answered", "overdue")
    OPEN_STATES = ("requested", "accepted", "overdue")
