"""Moderation: the review queue and its decisions, escalation to experts, the expert inbox, the audit log.

Queue items are the moderation ReviewItem rows: an item id is the integer `id` of a queue item.
"""

from __future__ import annotations

from flask import request

from forum.api import bp, serializers
from forum.api.access import require_caller, require_expert, require_moderator
from forum.api.payloads import ID, boolean, id_arguments, integer, integers, json_body, paging
from forum.errors import NotFound
from forum.extensions import db
from forum.models import User
from forum.services import questions, replies
from moderation import assignments, audit_log, experts, queue, review
from moderation.expert_matching import suggest


@bp.get("/moderation/queue")
def review_queue():
    """Review items, filtered and sorted like the queue page (state, board, kind, reason, ...)."""
    user = require_moderator()
    id_arguments("claimed_by")
    chosen = queue.QueueFilter.from_args(request.args, user)
    page, per_page = paging()
    return serializers.envelope(queue.list_items(chosen, page, per_page), serializers.queue_item)


@bp.post(f"/moderation/items/<{ID}:item_id>/<any(approve, reject, claim, release, dismiss, merge):action>")
def decide(item_id: int, action: str):
    """Decide on an item. approve with title/board/tags/body is edit-then-approve."""
    user = require_moderator()
    body = json_body()
    item = queue.get_item(item_id)
    review.decide(user, item, action, reason=body.get("reason"),
                  edits={field: body[field] for field in review.EDIT_FIELDS if field in body},
                  into_thread_id=integer(body, "into_thread_id") if action == "merge" else None)
    db.session.refresh(item)
    return serializers.queue_item(item)


@bp.post("/moderation/items/bulk-approve")
def bulk_approve():
    """Approve many questions and replies at once."""
    user = require_moderator()
    return {"approved": review.bulk_approve(user, integers(json_body(), "ids"))}


@bp.get("/moderation/audit")
def audit():
    """The audit log, newest first (action, actor, thread_id, since, until)."""
    require_moderator()
    id_arguments("thread_id", "actor")
    chosen = audit_log.AuditFilter.from_args(request.args)
    page, per_page = paging()
    return serializers.envelope(audit_log.entries(chosen, page, per_page), serializers.audit_entry)


@bp.get(f"/threads/<{ID}:thread_id>/expert-suggestions")
def expert_suggestions(thread_id: int):
    """Experts ranked for this question, best first, each with the reasons for its place."""
    user = require_moderator()
    thread = questions.get_thread(user, thread_id)
    text = f"{thread.title}\n{questions.question_post(thread).body}"
    return serializers.whole_list(suggest(thread, text), serializers.suggestion)


@bp.post(f"/threads/<{ID}:thread_id>/assignments")
def assign(thread_id: int):
    """Escalate the question to an expert, with a private briefing note and a due date."""
    user = require_moderator()
    thread = questions.get_thread(user, thread_id)
    body = json_body()
    created = assignments.escalate(user, thread, [integer(body, "expert_id")], body.get("note", ""),
                                   integer(body, "due_days", optional=True))
    return serializers.assignment(user, created[0]), 201


@bp.post(f"/threads/<{ID}:thread_id>/move")
def move(thread_id: int):
    """Move a question to another board."""
    user = require_moderator()
    thread = review.move(user, questions.get_thread(user, thread_id), json_body().get("board"))
    return serializers.thread_summary(thread)


@bp.post(f"/posts/<{ID}:post_id>/<any(hide, unhide):action>")
def hide(post_id: int, action: str):
    """Hide a post from everyone but moderators, or show it again."""
    user = require_moderator()
    post = replies.get_post(user, post_id)
    if action == "hide":
        review.hide_post(user, post, json_body().get("reason", ""))
    else:
        review.restore_hidden(user, post)
    return serializers.post(user, post)


@bp.get("/experts/me/assignments")
def my_assignments():
    """The caller's assignments, overdue first."""
    user = require_expert()
    return serializers.whole_list(assignments.inbox(user), lambda entry: serializers.inbox_entry(user, entry))


@bp.post(f"/assignments/<{ID}:assignment_id>/<any(accept, decline, withdraw, reassign):action>")
def respond(assignment_id: int, action: str):
    """Experts accept or decline (with a reason); moderators withdraw or reassign."""
    user = require_caller()
    body = json_body()
    assignment = assignments.get_assignment(user, assignment_id)
    if action == "accept":
        assignments.accept(user, assignment)
    elif action == "decline":
        assignments.decline(user, assignment, body.get("reason"))
    elif action == "withdraw":
        assignments.withdraw(user, assignment)
    else:
        assignment = assignments.reassign(user, assignment, integer(body, "expert_id"), body.get("note"),
                                          integer(body, "due_days", optional=True))
    return serializers.assignment(user, assignment)


@bp.get("/experts")
def expert_directory():
    """Every expert with expertise, boards, load and availability (moderators)."""
    require_moderator()
    return serializers.whole_list(experts.directory(), serializers.expert)


@bp.patch(f"/experts/<{ID}:user_id>")
def edit_expert(user_id: int):
    """Change an expert profile (the expert or a moderator); fields left out keep their value."""
    user = require_caller()
    expert = db.session.get(User, user_id)
    if expert is None or not expert.has_role("expert"):
        raise NotFound("No such expert.")
    body = json_body()
    on_leave = boolean(body, "on_leave") if "on_leave" in body else expert.on_leave
    cap = integer(body, "max_open_assignments", low=0) if "max_open_assignments" in body else expert.max_open_assignments
    experts.update_profile(user, expert, body.get("expertise_tags", expert.expertise_tags),
                           body.get("boards", [b for b in expert.expert_boards.split(",") if b]),
                           body.get("bio", expert.bio), on_leave, cap)
    open_count = assignments.open_assignment_counts([expert.id]).get(expert.id, 0)
    return serializers.expert(experts.DirectoryRow(expert, open_count))
