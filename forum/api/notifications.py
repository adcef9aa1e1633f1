"""The caller's notifications."""

from __future__ import annotations

import math

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from forum.api import bp, serializers
from forum.api.access import require_caller
from forum.api.payloads import paging
from forum.extensions import db
from forum.listings import Page
from forum.models import Notification
from forum.services import notifying


@bp.get("/notifications")
def list_notifications():
    """The caller's notifications, newest first, with the unread count."""
    user = require_caller()
    page, per_page = paging()
    mine = Notification.user_id == user.id
    total = db.session.scalar(select(func.count()).select_from(Notification).where(mine))
    pages = max(math.ceil(total / per_page), 1)
    page = min(page, pages)
    items = db.session.scalars(
        select(Notification).where(mine).order_by(Notification.id.desc())
        .offset((page - 1) * per_page).limit(per_page)
        .options(selectinload(Notification.thread), selectinload(Notification.actor))
    ).all()
    return serializers.envelope(Page(list(items), page, pages, total, per_page),
                                lambda note: serializers.notification(user, note),
                                unread=notifying.unread_count(user))


@bp.post("/notifications/read")
def mark_read():
    """Mark every notification read."""
    user = require_caller()
    notifying.mark_all_read(user)
    return {"unread": 0}
