"""Moderation tables: review items, flags and the audit log."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models import Post, Thread, User
from forum.models.clock import now

REVIEW_REASONS = ("new_question", "resubmitted", "held_reply", "privacy_guard", "flagged", "declined",
                  "overdue", "bottleneck_signal")
FLAG_REASONS = ("spam", "off-topic", "personal-medical-data", "inappropriate", "other")
PRIORITY = {"privacy_guard": 40, "flagged": 30, "overdue": 30, "declined": 25, "resubmitted": 15,
            "new_question": 10, "held_reply": 10, "bottleneck_signal": 5}


class ReviewItem(db.Model):
    """One thing a moderator must decide on. Flags on one post join one item."""

    __tablename__ = "review_items"
    __table_args__ = (Index("ix_review_items_state_priority", "state", "priority", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # question, reply, flag, assignment, bottleneck
    reason: Mapped[str] = mapped_column(String(20))
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(12), default="pending")  # pending, resolved
    priority: Mapped[int] = mapped_column(default=10)
    details_json: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(default=now)
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    claimed_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(String(20))

    thread: Mapped[Thread] = relationship()
    post: Mapped[Post | None] = relationship()
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])

    @property
    def details(self) -> dict:
        return json.loads(self.details_json or "{}")

    @details.setter
    def details(self, value: dict) -> None:
        self.details_json = json.dumps(value, ensure_ascii=False, sort_keys=True)


class Flag(db.Model):
    __tablename__ = "flags"
    __table_args__ = (UniqueConstraint("post_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=now)
    review_item_id: Mapped[int | None] = mapped_column(ForeignKey("review_items.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship()


class AuditEntry(db.Model):
    """An immutable record of a moderator's or expert's action (the database refuses changes too)."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_action_created", "action", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column()
    thread_id: Mapped[int | None] = mapped_column(index=True)
    before_json: Mapped[str | None] = mapped_column(Text)
    after_json: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=now, index=True)

    actor: Mapped[User | None] = relationship()

    @property
    def before(self) -> dict | None:
        return json.loads(self.before_json) if self.before_json else None

    @property
    def after(self) -> dict | None:
        return json.loads(self.after_json) if self.after_json else None


class AuditLogIsImmutable(Exception):
    pass


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_change(mapper, connection, target) -> None:
    raise AuditLogIsImmutable("audit entries are never changed or deleted")
