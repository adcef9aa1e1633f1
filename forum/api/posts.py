"""Posts: edit, delete, restore, accept, history, flag, and a moderator's decision on a held reply."""

from __future__ import annotations

from forum import rate_limits
from forum.api import bp, serializers, shapes
from forum.api.access import caller, require_caller
from forum.api.payloads import ID
from forum.api.schema import operation
from forum.api.threads import thread_document
from forum.services import questions, replies
from moderation import flags, publication


@bp.patch(f"/posts/<{ID}:post_id>")
@operation(body=shapes.PostEdit, response=shapes.Post, caller=require_caller)
def edit_post(post_id: int, body: shapes.PostEdit):
    """Edit a post (and the title and tags, for the question); the earlier text is kept as a revision."""
    user = require_caller()
    post = replies.get_post(user, post_id)
    replies.edit_post(user, post, post.body if body.body is None else body.body, body.title, body.tags)
    return serializers.post(user, post)


@bp.delete(f"/posts/<{ID}:post_id>")
@operation(response=shapes.Post)
def delete_post(post_id: int):
    """Soft-delete a post (a moderator can restore it); deleting the question hides the thread."""
    user = require_caller()
    post = replies.delete_post(user, replies.get_post(user, post_id))
    return serializers.post(user, post)


@bp.post(f"/posts/<{ID}:post_id>/restore")
@operation(response=shapes.Post)
def restore_post(post_id: int):
    """Restore a deleted post (moderators)."""
    user = require_caller()
    post = replies.restore_post(user, replies.get_post(user, post_id))
    return serializers.post(user, post)


@bp.post(f"/posts/<{ID}:post_id>/accept")
@operation(response=shapes.Thread)
def accept(post_id: int):
    """Accept this answer: the question is resolved."""
    user = require_caller()
    thread = questions.accept_answer(user, replies.get_post(user, post_id))
    return thread_document(user, thread)


@bp.get(f"/posts/<{ID}:post_id>/history")
@operation(response=shapes.Listing[shapes.Revision])
def history(post_id: int):
    """Earlier versions of a post that the caller may read, newest first."""
    viewer = caller()
    post = replies.get_post(viewer, post_id)
    return serializers.whole_list(replies.revisions(viewer, post), serializers.revision)


@bp.post(f"/posts/<{ID}:post_id>/flags")
@rate_limits.flagging
@operation(body=shapes.NewFlag, response=shapes.Flagged, status=201, caller=require_caller)
def flag(post_id: int, body: shapes.NewFlag):
    """Flag a post for the moderators; flagging twice counts once."""
    user = require_caller()
    post = replies.get_post(user, post_id)
    entry = flags.flag_post(user, post, body.reason, body.note)
    return {"id": entry.id, "post_id": post.id, "reason": entry.reason}, 201


@bp.post(f"/posts/<{ID}:post_id>/approve")
@operation(response=shapes.Post)
def approve_reply(post_id: int):
    """Publish a held reply (moderators)."""
    user = require_caller()
    return serializers.post(user, publication.approve_post(user, replies.get_post(user, post_id)))


@bp.post(f"/posts/<{ID}:post_id>/reject")
@operation(body=shapes.Reason, response=shapes.Post, caller=require_caller)
def reject_reply(post_id: int, body: shapes.Reason):
    """Refuse a held reply with a reason the author sees (moderators)."""
    user = require_caller()
    post = replies.get_post(user, post_id)
    return serializers.post(user, publication.reject_post(user, post, body.reason))
