"""Posts: edit, delete, restore, accept, history, flag, and a moderator's decision on a held reply."""

from __future__ import annotations

from forum import rate_limits
from forum.api import bp, serializers
from forum.api.access import caller, require_caller
from forum.api.payloads import ID, json_body, required
from forum.api.threads import thread_document
from forum.services import questions, replies
from moderation import flags, publication


@bp.patch(f"/posts/<{ID}:post_id>")
def edit_post(post_id: int):
    """Edit a post (and the title and tags, for the question); the earlier text is kept as a revision."""
    user = require_caller()
    post = replies.get_post(user, post_id)
    body = json_body()
    replies.edit_post(user, post, body.get("body", post.body), body.get("title"), body.get("tags"))
    return serializers.post(user, post)


@bp.delete(f"/posts/<{ID}:post_id>")
def delete_post(post_id: int):
    """Soft-delete a post (a moderator can restore it); deleting the question hides the thread."""
    user = require_caller()
    post = replies.delete_post(user, replies.get_post(user, post_id))
    return serializers.post(user, post)


@bp.post(f"/posts/<{ID}:post_id>/restore")
def restore_post(post_id: int):
    """Restore a deleted post (moderators)."""
    user = require_caller()
    post = replies.restore_post(user, replies.get_post(user, post_id))
    return serializers.post(user, post)


@bp.post(f"/posts/<{ID}:post_id>/accept")
def accept(post_id: int):
    """Accept this answer: the question is resolved."""
    user = require_caller()
    thread = questions.accept_answer(user, replies.get_post(user, post_id))
    return thread_document(user, thread)


@bp.get(f"/posts/<{ID}:post_id>/history")
def history(post_id: int):
    """Earlier versions of a post that the caller may read, newest first."""
    viewer = caller()
    post = replies.get_post(viewer, post_id)
    return serializers.whole_list(replies.revisions(viewer, post), serializers.revision)


@bp.post(f"/posts/<{ID}:post_id>/flags")
@rate_limits.flagging
def flag(post_id: int):
    """Flag a post for the moderators; flagging twice counts once."""
    user = require_caller()
    post = replies.get_post(user, post_id)
    body = json_body()
    entry = flags.flag_post(user, post, required(body, "reason"), body.get("note", ""))
    return {"id": entry.id, "post_id": post.id, "reason": entry.reason}, 201


@bp.post(f"/posts/<{ID}:post_id>/approve")
def approve_reply(post_id: int):
    """Publish a held reply (moderators)."""
    user = require_caller()
    return serializers.post(user, publication.approve_post(user, replies.get_post(user, post_id)))


@bp.post(f"/posts/<{ID}:post_id>/reject")
def reject_reply(post_id: int):
    """Refuse a held reply with a reason the author sees (moderators)."""
    user = require_caller()
    post = replies.get_post(user, post_id)
    return serializers.post(user, publication.reject_post(user, post, json_body().get("reason")))
