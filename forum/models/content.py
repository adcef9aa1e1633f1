"""The content version: one number that changes with every transaction that changes what visitors see."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import db


class ContentVersion(db.Model):
    """A single row. Pages kept for visitors (forum.visitor_pages) carry the version they were rendered at;
    a commit that changes threads, posts, boards, tags or what is shown of a member raises it, on every
    machine at once, because it lives in the database."""

    __tablename__ = "content_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
