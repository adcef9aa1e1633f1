"""Bottleneck tables: the systemic obstacles behind several cases, their history and their linked cases."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models import Thread, User
from forum.models.clock import now

DOMAINS = ("clinical", "regulatory", "reimbursement", "manufacturing", "funding", "other")


class Bottleneck(db.Model):
    """A knelpunt. `merged_into_id` set: it was merged into another and lives on only as a redirect."""

    __tablename__ = "bottlenecks"
    __table_args__ = (Index("ix_bottlenecks_status_activity", "status", "last_activity_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    domain: Mapped[str] = mapped_column(String(20))
    party: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="signalled")
    public: Mapped[bool] = mapped_column(default=False)
    raised_with: Mapped[str | None] = mapped_column(String(200))
    raised_on: Mapped[datetime | None]
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("bottlenecks.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=now)
    last_activity_at: Mapped[datetime] = mapped_column(default=now)

    history: Mapped[list[BottleneckStep]] = relationship(
        back_populates="bottleneck", order_by="BottleneckStep.id", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Bottleneck {self.id} {self.status}>"


class BottleneckStep(db.Model):
    """One dated step of a bottleneck's status (the first step has no `from_status`)."""

    __tablename__ = "bottleneck_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    bottleneck_id: Mapped[int] = mapped_column(ForeignKey("bottlenecks.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    happened_on: Mapped[datetime] = mapped_column(default=now)  # the date the moderator gives the step
    created_at: Mapped[datetime] = mapped_column(default=now)

    bottleneck: Mapped[Bottleneck] = relationship(back_populates="history")


class BottleneckCase(db.Model):
    """A question linked to a bottleneck, with the moderator's anonymised one-line note."""

    __tablename__ = "bottleneck_cases"
    __table_args__ = (UniqueConstraint("bottleneck_id", "thread_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bottleneck_id: Mapped[int] = mapped_column(ForeignKey("bottlenecks.id", ondelete="CASCADE"), index=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(String(300), default="")
    linked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=now)

    bottleneck: Mapped[Bottleneck] = relationship()
    thread: Mapped[Thread] = relationship()
    linked_by: Mapped[User | None] = relationship()


class BottleneckParty(db.Model):
    """A party that can solve a bottleneck (CBG, Zorginstituut, ...): a list admins edit."""

    __tablename__ = "bottleneck_parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name_nl: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(default=0)

    def name(self, locale: str) -> str:
        return self.name_en if locale == "en" else self.name_nl
