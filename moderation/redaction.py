"""Redacting a passage of a post: the text goes everywhere the forum keeps it; the audit says only that it happened."""

from __future__ import annotations

import json

from sqlalchemy import and_, or_, select, update

from forum import events, permissions
from forum.errors import Forbidden, ValidationFailed
from forum.extensions import db
from forum.models import Post, PostRevision
from forum.services import posting
from forum.unit_of_work import action
from moderation import audit
from moderation.models import AuditEntry, Flag, ReviewItem

REDACTED = "[redacted]"


@action
def redact(actor, post: Post, passage) -> Post:
    """Replace every occurrence of `passage` in the post, its title (a question) and its earlier versions."""
    if not permissions.is_moderator(actor):
        raise Forbidden("Only a moderator redacts a post.")
    if not isinstance(passage, str) or not passage.strip():
        raise ValidationFailed("Give the passage to redact.", field="passage")
    passage = passage.strip()
    thread = post.thread
    in_title = post.is_question and passage in thread.title
    if passage not in post.body and not in_title:
        raise ValidationFailed("This passage is not in the post.", field="passage")
    post.body = post.body.replace(passage, REDACTED)
    posting.render_post(post)
    if in_title:
        thread.title = thread.title.replace(passage, REDACTED)
        thread.slug = posting.slugify(thread.title)
    for revision in db.session.scalars(select(PostRevision).where(PostRevision.post_id == post.id)):
        revision.body = revision.body.replace(passage, REDACTED)
        if revision.title:
            revision.title = revision.title.replace(passage, REDACTED)
    _scrub_copies(thread, post, passage)
    audit.record(actor, "redact", "post", post.id, thread_id=thread.id)  # that it happened, never the text
    events.publish("post.updated", {"thread_id": thread.id, "post_id": post.id})
    if in_title:
        events.publish("thread.updated", {"thread_id": thread.id})
    return post


def _scrub_copies(thread, post: Post, passage: str) -> None:
    """The copies other rows keep of the thread's text: rejection reasons, review items' details, flag notes,
    and older audit rows (an edit's before and after, a rejection's reason). The audit log refuses every other
    change (see migration 0013)."""
    if thread.rejection_reason:
        thread.rejection_reason = thread.rejection_reason.replace(passage, REDACTED)
    for other in db.session.scalars(select(Post).where(Post.thread_id == thread.id,
                                                       Post.rejection_reason.contains(passage, autoescape=True))):
        other.rejection_reason = other.rejection_reason.replace(passage, REDACTED)
    for item in db.session.scalars(select(ReviewItem).where(ReviewItem.thread_id == thread.id)):
        item.details_json = _scrubbed_json(item.details_json, passage) or "{}"
    for flag in db.session.scalars(select(Flag).where(Flag.post_id == post.id)):
        flag.note = flag.note.replace(passage, REDACTED)
    about = or_(AuditEntry.thread_id == thread.id, and_(AuditEntry.target_type == "post", AuditEntry.target_id == post.id))
    audit_rows = AuditEntry.__table__
    for entry_id, note, before, after in db.session.execute(
            select(audit_rows.c.id, audit_rows.c.note, audit_rows.c.before_json, audit_rows.c.after_json).where(about)):
        scrubbed = (note.replace(passage, REDACTED), _scrubbed_json(before, passage), _scrubbed_json(after, passage))
        if scrubbed != (note, before, after):
            # Past the ORM's guard on purpose: the only change to the audit log, and the database checks its shape.
            db.session.execute(update(audit_rows).where(audit_rows.c.id == entry_id).values(
                note=scrubbed[0], before_json=scrubbed[1], after_json=scrubbed[2]))


def _scrubbed_json(stored: str | None, passage: str) -> str | None:
    """The JSON text with the passage replaced in every string in it (keys too), written as audit.record does."""
    if not stored:
        return stored

    def scrub(value):
        if isinstance(value, str):
            return value.replace(passage, REDACTED)
        if isinstance(value, list):
            return [scrub(item) for item in value]
        if isinstance(value, dict):
            return {scrub(key): scrub(item) for key, item in value.items()}
        return value

    data = json.loads(stored)
    scrubbed = scrub(data)
    return stored if scrubbed == data else json.dumps(scrubbed, ensure_ascii=False, sort_keys=True)
