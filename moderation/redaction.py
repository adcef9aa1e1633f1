"""Redacting a passage of a post: the text goes everywhere the forum keeps it; the audit says only that it happened."""

from __future__ import annotations

from sqlalchemy import select

from forum import events, permissions
from forum.errors import Forbidden, ValidationFailed
from forum.extensions import db
from forum.models import Post, PostRevision
from forum.services import posting
from forum.unit_of_work import action
from moderation import audit

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
    audit.record(actor, "redact", "post", post.id, thread_id=thread.id)  # that it happened, never the text
    events.publish("post.updated", {"thread_id": thread.id, "post_id": post.id})
    if in_title:
        events.publish("thread.updated", {"thread_id": thread.id})
    return post
