"""Questions: ask, read, reply, watch, withdraw the accepted answer.

A retried ask or reply with the same `Idempotency-Key` header creates nothing new: the first
request answers 201, a replay 200 with the same id and `Idempotent-Replayed: true`.
"""

from __future__ import annotations

from forum import listings, rate_limits
from forum.api import bp, serializers, shapes
from forum.api.access import caller, require_caller
from forum.api.payloads import ID, idempotency_key
from forum.api.schema import Operation, operation
from forum.errors import Conflict
from forum.models import Post, Thread, User
from forum.services import notifying, posting, questions, replies
from moderation import publication


def thread_document(viewer, thread: Thread) -> dict:
    """The full thread as this viewer may see it."""
    return serializers.thread(viewer, thread, listings.thread_posts(viewer, thread),
                              notifying.is_watching(viewer, thread))


def _earlier(user: User, key: str | None, fits) -> Post | None:
    """What an earlier request with this key created; a key reused for something else is a conflict."""
    earlier = posting.earlier_post(user, posting.check_idempotency_key(key))
    if earlier is not None and not fits(earlier):
        raise Conflict("This Idempotency-Key was already used for another request.")
    return earlier


def _created(data: dict, replayed: bool):
    if replayed:
        return data, 200, {"Idempotent-Replayed": "true"}
    return data, 201


@bp.post("/threads")
@rate_limits.posting
@operation(body=shapes.NewQuestion, response=shapes.CreatedQuestion, status=201, replayable=True,
           caller=require_caller)
def create_thread(body: shapes.NewQuestion):
    """Ask a question; a member's question waits for review (status pending)."""
    user = require_caller()
    key = idempotency_key()
    earlier = _earlier(user, key, lambda post: post.is_question)
    thread = questions.ask_question(user, body.board, body.title, body.body, body.tags, body.visibility, key)
    return _created({"id": thread.id, "status": thread.status, "url": serializers.thread_url(thread)},
                    earlier is not None)


@bp.get(f"/threads/<{ID}:thread_id>")
@operation(response=shapes.Thread)
def show_thread(thread_id: int):
    """A question with the posts and assignments the caller may see; 404 when it is not visible."""
    viewer = caller()
    return thread_document(viewer, questions.get_thread(viewer, thread_id))


@bp.post(f"/threads/<{ID}:thread_id>/posts")
@rate_limits.posting
@operation(body=shapes.NewReply, response=shapes.CreatedReply, status=201, replayable=True, caller=require_caller)
def create_post(thread_id: int, body: shapes.NewReply):
    """Reply; a reply may be held for review (status pending)."""
    user = require_caller()
    thread = questions.get_thread(user, thread_id)
    key = idempotency_key()
    earlier = _earlier(user, key, lambda post: post.thread_id == thread.id and not post.is_question)
    post = replies.reply(user, thread, body.body, key)
    return _created({"id": post.id, "status": post.public_status, "thread_id": thread.id,
                     "post": serializers.post(user, post)}, earlier is not None)


@bp.post(f"/threads/<{ID}:thread_id>/unaccept")
@operation(response=shapes.Thread)
def unaccept(thread_id: int):
    """Withdraw the accepted answer: the question is answered or open again."""
    user = require_caller()
    thread = questions.unaccept_answer(user, questions.get_thread(user, thread_id))
    return thread_document(user, thread)


@bp.put(f"/threads/<{ID}:thread_id>/watch")
@operation(response=shapes.Watching)
def watch(thread_id: int):
    """Be notified of new replies."""
    return _set_watching(thread_id, True)


@bp.delete(f"/threads/<{ID}:thread_id>/watch")
@operation(response=shapes.Watching)
def unwatch(thread_id: int):
    """Stop being notified."""
    return _set_watching(thread_id, False)


def _set_watching(thread_id: int, watching: bool) -> dict:
    user = require_caller()
    thread = questions.get_thread(user, thread_id)
    questions.set_watching(user, thread, watching)
    return {"thread_id": thread.id, "watching": watching}


@bp.post(f"/threads/<{ID}:thread_id>/<any(approve, lock, unlock):action>")
@operation(actions={
    "approve": Operation("Approve a pending question (moderators)", shapes.Thread),
    "lock": Operation("Lock a question (moderators)", shapes.Thread),
    "unlock": Operation("Unlock a question (moderators)", shapes.Thread),
})
def moderate(thread_id: int, action: str):
    """A moderator approves a pending question, or locks or unlocks one."""
    user = require_caller()
    thread = questions.get_thread(user, thread_id)
    decide = {"approve": publication.approve_question, "lock": publication.lock, "unlock": publication.unlock}[action]
    return thread_document(user, decide(user, thread))


@bp.post(f"/threads/<{ID}:thread_id>/reject")
@operation(body=shapes.Reason, response=shapes.Thread, caller=require_caller)
def reject(thread_id: int, body: shapes.Reason):
    """A moderator rejects a pending question; the author sees the reason."""
    user = require_caller()
    thread = questions.get_thread(user, thread_id)
    return thread_document(user, publication.reject_question(user, thread, body.reason))
