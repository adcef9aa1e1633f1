"""The caller's notifications."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from forum.api import bp, serializers, shapes
from forum.api.access import require_caller
from forum.api.schema import operation
from forum.models import Notification
from forum.pagination import paginate
from forum.services import notifying


@bp.get("/notifications")
@operation(query=shapes.Paging, response=shapes.NotificationList, caller=require_caller)
def list_notifications(query: shapes.Paging):
    """The caller's notifications, newest first, with the unread count."""
    user = require_caller()
    page, per_page = query.page, query.per_page or current_app.config["PAGE_SIZE"]
    mine = Notification.user_id == user.id
    notes = paginate(
        select(Notification).where(mine).order_by(Notification.id.desc())
        .options(selectinload(Notification.thread), selectinload(Notification.actor)),
        page, per_page, count=select(func.count()).select_from(Notification).where(mine))
    return serializers.envelope(notes, lambda note: serializers.notification(user, note),
                                unread=notifying.unread_count(user))


@bp.post("/notifications/read")
@operation(response=shapes.Unread)
def mark_read():
    """Mark every notification read."""
    user = require_caller()
    notifying.mark_all_read(user)
    return {"unread": 0}
