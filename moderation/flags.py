"""Members flag posts; flags on one post join one review item; K distinct flaggers hide the post."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from forum import events, permissions, post_lifecycle
from forum.errors import Forbidden, ValidationFailed
from forum.extensions import db
from forum.models import Post, User
from forum.services import validation
from forum.unit_of_work import action
from moderation import queue
from moderation.models import FLAG_REASONS, Flag


@action
def flag_post(user: User, post: Post, reason, note="") -> Flag:
    if not permissions.can_flag(user, post):
        raise Forbidden("You cannot flag this post.")
    if reason not in FLAG_REASONS:
        raise ValidationFailed("Choose a reason for the flag.", field="reason")
    note = validation.clean_text(note or "", "note")
    if len(note) > validation.FLAG_NOTE_MAX_CHARS:
        raise ValidationFailed("The note may have at most 1000 characters.", field="note")
    existing = db.session.scalar(select(Flag).where(Flag.post_id == post.id, Flag.user_id == user.id))
    if existing is not None:
        return existing  # flagging twice counts once
    flag = Flag(post_id=post.id, user_id=user.id, reason=reason, note=note)
    try:
        with db.session.begin_nested():
            db.session.add(flag)
    except IntegrityError:  # a concurrent double click by the same member
        return db.session.scalar(select(Flag).where(Flag.post_id == post.id, Flag.user_id == user.id))
    flaggers = db.session.scalar(select(func.count(func.distinct(Flag.user_id))).where(Flag.post_id == post.id))
    reasons = dict(db.session.execute(
        select(Flag.reason, func.count()).where(Flag.post_id == post.id).group_by(Flag.reason)).all())
    item = queue.enqueue("flag", "flagged", post.thread, post, {"flags": flaggers, "reasons": reasons},
                         extra_priority=min(flaggers, 10))
    db.session.flush()
    flag.review_item_id = item.id
    if flaggers >= current_app.config["FLAGS_TO_HIDE"] and post.status == "published" and not post.is_question:
        hide_until_reviewed(post)
    return flag


def hide_until_reviewed(post: Post) -> None:
    post_lifecycle.transition(post, "hide")
    thread = post.thread
    events.publish("post.hidden", {"thread_id": thread.id, "post_id": post.id})
