"""Reading the audit log: filters and paging (nothing here writes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from forum.errors import ValidationFailed
from forum.extensions import db
from forum.models import User
from forum.pagination import paginate
from forum.services import validation
from moderation.models import AuditEntry


@dataclass
class AuditFilter:
    action: str | None = None
    actor: str | None = None  # e-mail or id
    thread_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None

    @classmethod
    def from_args(cls, args) -> AuditFilter:
        def day(name):
            value = args.get(name)
            if not value:
                return None
            try:
                return datetime.fromisoformat(value)
            except ValueError:
                raise ValidationFailed("%(field)s must be a date like 2026-01-31.", field=name) from None

        thread = args.get("thread_id") or ""
        if thread and validation.record_id(thread) is None:
            raise ValidationFailed("thread_id must be a number.", field="thread_id")
        return cls(action=args.get("action") or None, actor=(args.get("actor") or "").strip() or None,
                   thread_id=validation.record_id(thread), since=day("since"), until=day("until"))


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def entries(chosen: AuditFilter, page: int = 1, per_page: int = 50):
    conditions = []
    if chosen.action:
        conditions.append(AuditEntry.action == chosen.action)
    if chosen.actor:
        if chosen.actor.isascii() and chosen.actor.isdigit():
            conditions.append(AuditEntry.actor_id == (validation.record_id(chosen.actor) or 0))
        else:
            conditions.append(AuditEntry.actor_id.in_(
                select(User.id).where(func.lower(User.email) == chosen.actor.lower())))
    if chosen.thread_id:
        conditions.append(AuditEntry.thread_id == chosen.thread_id)
    if chosen.since:
        conditions.append(AuditEntry.created_at >= chosen.since)
    if chosen.until:
        conditions.append(AuditEntry.created_at <= chosen.until)
    return paginate(
        select(AuditEntry).where(*conditions).order_by(AuditEntry.id.desc()).options(selectinload(AuditEntry.actor)),
        page, per_page, count=select(func.count()).select_from(AuditEntry).where(*conditions))
