"""Mail: the outbox (every mail, written in the transaction that decided it) and members' preferences."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db
from forum.models.clock import now

MAIL_STATES = ("fanout", "queued", "sending", "sent", "failed", "dropped", "digest", "digested")


class OutgoingMail(db.Model):
    """One mail to one recipient. It is rendered when sent: the recipient's language and rights then apply.

    A `fanout` row (no recipient; `data["recipients"]` names them) is expanded by the sender into one
    row per recipient. `queued` rows are sent by the background sender (retried with backoff while `attempts` grow);
    `failed` ones gave up and wait for an admin; `dropped` ones were no longer allowed at sending time
    (the content was hidden, the recipient lost access or unsubscribed); `digest` ones wait for the
    daily digest, which marks them `digested`.
    """

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_state_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    to_address: Mapped[str | None] = mapped_column(String(254))  # for mail to an address without an account
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=now)
    last_error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=now)
    sent_at: Mapped[datetime | None]
    replied_at: Mapped[datetime | None]  # a reply by e-mail used this mail's reply address


class MailPreference(db.Model):
    """How a member wants one kind of mail: `immediately`, `digest` or `off` (no row: the kind's default)."""

    __tablename__ = "mail_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    mode: Mapped[str] = mapped_column(String(16))
