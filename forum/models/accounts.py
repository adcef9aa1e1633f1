"""People: accounts, their kind and role, and API tokens."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.extensions import db
from forum.models.clock import now

MEMBER_KINDS = (
    "innovator-academia",
    "innovator-startup",
    "innovator-company",
    "patient-representative",
    "government",
    "other",
)
ROLES = ("member", "expert", "moderator", "admin")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}


# What a deleted account is called. Nothing language-bound is stored: the words are chosen when shown.
FORMER_MEMBER = _l("Former member")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    # The name as the member wrote it (empty once the account is deleted); show `display_name`.
    stored_name: Mapped[str] = mapped_column("display_name", String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(32), default="other")
    organisation: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(16), default="member", index=True)
    bio: Mapped[str] = mapped_column(String(2000), default="")
    locale: Mapped[str | None] = mapped_column(String(8))
    session_version: Mapped[int] = mapped_column(default=1)
    is_banned: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=now)
    # Expert profile (used when the role is expert or higher).
    expertise_tags: Mapped[str] = mapped_column(String(500), default="")
    expert_boards: Mapped[str] = mapped_column(String(200), default="")
    on_leave: Mapped[bool] = mapped_column(default=False)
    max_open_assignments: Mapped[int] = mapped_column(default=5)
    # The address is confirmed (by a link sent to it).
    email_verified_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]  # the member deleted the account: a "former member" remains

    @hybrid_property
    def display_name(self) -> str:
        """The name to show; a deleted account's is "Former member" in the reader's language. In queries: the
        stored column (empty for a deleted account)."""
        if self.deleted_at is not None:
            return str(FORMER_MEMBER)
        return self.stored_name

    @display_name.inplace.setter
    def _display_name_setter(self, value: str) -> None:
        self.stored_name = value

    @display_name.inplace.expression
    @classmethod
    def _display_name_expression(cls):
        return cls.stored_name

    @display_name.inplace.bulk_dml
    @classmethod
    def _display_name_bulk_dml(cls, mapping: dict, value: str) -> None:
        """`insert(User)` with rows that name `display_name` (bulk imports, benchmarks) writes the column."""
        mapping["stored_name"] = value

    def get_id(self) -> str:
        # The session version makes logout and password changes end every other session.
        return f"{self.id}:{self.session_version}"

    def has_role(self, role: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]

    @property
    def mention_handle(self) -> str:
        return "".join(self.display_name.split())

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class ApiToken(db.Model):
    """A Bearer token: only its hash is kept. It ends when revoked, at a password change and at a ban."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The token's first characters, so its owner can tell tokens apart; too short to guess the rest from.
    prefix: Mapped[str] = mapped_column(String(16), default="", server_default="")
    label: Mapped[str] = mapped_column(String(80), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=now)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    user: Mapped[User] = relationship()

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


class Registration(db.Model):
    """A registration waiting for its address to be confirmed: the account is made when the mailed link is
    followed, so registering never tells whether an address has an account. Several may wait for one
    address (anyone may type it); the first link followed makes the account and ends the others."""

    __tablename__ = "registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(32))
    organisation: Mapped[str] = mapped_column(String(120), default="")
    locale: Mapped[str | None] = mapped_column(String(8))  # the language the form was filled in
    created_at: Mapped[datetime] = mapped_column(default=now, index=True)
