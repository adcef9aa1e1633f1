"""Posts (the question body and the replies), their revisions, and idempotency keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.accounts import User
from forum.models.clock import now
from forum.models.threads import Thread

POST_STATES = ("published", "pending", "rejected", "hidden")


# The post lifecycle's states (forum/post_lifecycle.py moves between them); the database checks them too.
POST_STATES = ("pending", "published", "rejected", "hidden")


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (Index("ix_posts_thread_status_id", "thread_id", "status", "id"),
                      # A page of a thread's replies, in order, for every viewer (listings.thread_page).
                      Index("ix_posts_thread_question_id", "thread_id", "is_question", "id"),
                      CheckConstraint(f"status IN {POST_STATES!r}", name="status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    is_question: Mapped[bool] = mapped_column(default=False)
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text, default="")
    render_version: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default="published")
    is_expert_answer: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=now)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    rejection_reason: Mapped[str | None] = mapped_column(Text)

    thread: Mapped[Thread] = relationship(foreign_keys=[thread_id])
    author: Mapped[User] = relationship(foreign_keys=[author_id])

    @property
    def public_status(self) -> str:
        return "deleted" if self.deleted_at else self.status

    def __repr__(self) -> str:
        return f"<Post {self.id} {self.status}>"


class PostRevision(db.Model):
    """The text of a post as it was before an edit."""

    __tablename__ = "post_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=now)
    # Made before the post was published (e.g. a moderator's edit-then-approve): the unedited text is
    # shown only to the author and moderators.
    before_publication: Mapped[bool] = mapped_column(default=False)

    editor: Mapped[User] = relationship()


class IdempotencyKey(db.Model):
    """Remembers what a submitted form or API call created, so a retry creates nothing new."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(80))
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=now)
