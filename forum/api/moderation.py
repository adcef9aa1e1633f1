"""Moderation: the review queue and its decisions, escalation to experts, the expert inbox, the audit log.

Queue items are the moderation ReviewItem rows: an item id is the integer `id` of a queue item.
"""

from __future__ import annotations

from flask import current_app, request

from forum.api import bp, serializers, shapes
from forum.api.access import require_caller, require_expert, require_moderator
from forum.api.payloads import ID, id_arguments
from forum.api.schema import Operation, operation
from forum.errors import NotFound
from forum.extensions import db
from forum.models import User
from forum.services import questions, replies
from moderation import assignments, audit_log, experts, queue, review
from moderation.expert_matching import suggest

# The API's names for the fields of experts.update_profile.
PROFILE_FIELDS = {"expertise_tags": "tags", "boards": "boards", "bio": "bio", "on_leave": "on_leave",
                  "max_open_assignments": "cap"}


def per_page(query: shapes.Paging) -> int:
    return query.per_page or current_app.config["PAGE_SIZE"]


@bp.get("/moderation/queue")
@operation(query=shapes.QueueFilter, response=shapes.Listing[shapes.QueueItem], caller=require_moderator)
def review_queue(query: shapes.QueueFilter):
    """Review items, filtered and sorted like the queue page (state, board, kind, reason, ...)."""
    user = require_moderator()
    id_arguments("claimed_by")
    chosen = queue.QueueFilter.from_args(request.args, user)
    return serializers.envelope(queue.list_items(chosen, query.page, per_page(query)), serializers.queue_item)


@bp.post(f"/moderation/items/<{ID}:item_id>/<any(approve, reject, claim, release, dismiss, merge):action>")
@operation(caller=require_moderator, actions={
    "approve": Operation("Approve; with title/board/tags/body it is edit-then-approve (moderators)",
                         shapes.QueueItem, body=shapes.ItemApproval),
    "reject": Operation("Reject with a reason (moderators)", shapes.QueueItem, body=shapes.Reason),
    "claim": Operation("Claim the item (moderators)", shapes.QueueItem),
    "release": Operation("Release your claim (moderators)", shapes.QueueItem),
    "dismiss": Operation("Dismiss the item (moderators)", shapes.QueueItem),
    "merge": Operation("Merge a duplicate question into into_thread_id (moderators)", shapes.QueueItem,
                       body=shapes.ItemMerge),
})
def decide(item_id: int, action: str, body: shapes.Body | None = None):
    """Decide on an item. approve with title/board/tags/body is edit-then-approve."""
    user = require_moderator()
    body = body.given() if body is not None else {}
    item = queue.get_item(item_id)
    review.decide(user, item, action, reason=body.get("reason"),
                  edits={field: body[field] for field in review.EDIT_FIELDS if field in body},
                  into_thread_id=body.get("into_thread_id"))
    db.session.refresh(item)
    return serializers.queue_item(item)


@bp.post("/moderation/items/bulk-approve")
@operation(body=shapes.BulkApproval, response=shapes.Approved, caller=require_moderator)
def bulk_approve(body: shapes.BulkApproval):
    """Approve many questions and replies at once."""
    user = require_moderator()
    return {"approved": review.bulk_approve(user, body.ids)}


@bp.get("/moderation/audit")
@operation(query=shapes.AuditFilter, response=shapes.Listing[shapes.AuditEntry], caller=require_moderator)
def audit(query: shapes.AuditFilter):
    """The audit log, newest first (action, actor, thread_id, since, until)."""
    require_moderator()
    id_arguments("thread_id", "actor")
    chosen = audit_log.AuditFilter.from_args(request.args)
    return serializers.envelope(audit_log.entries(chosen, query.page, per_page(query)), serializers.audit_entry)


@bp.get(f"/threads/<{ID}:thread_id>/expert-suggestions")
@operation(response=shapes.Listing[shapes.Suggestion])
def expert_suggestions(thread_id: int):
    """Experts ranked for this question, best first, each with the reasons for its place."""
    user = require_moderator()
    thread = questions.get_thread(user, thread_id)
    text = f"{thread.title}\n{questions.question_post(thread).body}"
    return serializers.whole_list(suggest(thread, text), serializers.suggestion)


@bp.post(f"/threads/<{ID}:thread_id>/assignments")
@operation(body=shapes.NewAssignment, response=shapes.Assignment, status=201, caller=require_moderator)
def assign(thread_id: int, body: shapes.NewAssignment):
    """Escalate the question to an expert, with a private briefing note and a due date."""
    user = require_moderator()
    thread = questions.get_thread(user, thread_id)
    created = assignments.escalate(user, thread, [body.expert_id], body.note, body.due_days)
    return serializers.assignment(user, created[0]), 201


@bp.post(f"/threads/<{ID}:thread_id>/move")
@operation(body=shapes.Move, response=shapes.ThreadSummary, caller=require_moderator)
def move(thread_id: int, body: shapes.Move):
    """Move a question to another board."""
    user = require_moderator()
    thread = review.move(user, questions.get_thread(user, thread_id), body.board)
    return serializers.thread_summary(thread)


@bp.post(f"/posts/<{ID}:post_id>/<any(hide, unhide):action>")
@operation(caller=require_moderator, actions={
    "hide": Operation("Hide a post (moderators)", shapes.Post, body=shapes.OptionalReason),
    "unhide": Operation("Show a hidden post again (moderators)", shapes.Post),
})
def hide(post_id: int, action: str, body: shapes.OptionalReason | None = None):
    """Hide a post from everyone but moderators, or show it again."""
    user = require_moderator()
    post = replies.get_post(user, post_id)
    if action == "hide":
        review.hide_post(user, post, body.reason)
    else:
        review.restore_hidden(user, post)
    return serializers.post(user, post)


@bp.get("/experts/me/assignments")
@operation(response=shapes.Listing[shapes.InboxAssignment])
def my_assignments():
    """The caller's assignments, overdue first."""
    user = require_expert()
    return serializers.whole_list(assignments.inbox(user), lambda entry: serializers.inbox_entry(user, entry))


@bp.post(f"/assignments/<{ID}:assignment_id>/<any(accept, decline, withdraw, reassign):action>")
@operation(caller=require_caller, actions={
    "accept": Operation("Accept (the assigned expert)", shapes.Assignment),
    "decline": Operation("Decline with a reason (the assigned expert)", shapes.Assignment, body=shapes.Reason),
    "withdraw": Operation("Withdraw (moderators)", shapes.Assignment),
    "reassign": Operation("Give to another expert (moderators)", shapes.Assignment, body=shapes.Reassignment),
})
def respond(assignment_id: int, action: str, body: shapes.Body | None = None):
    """Experts accept or decline (with a reason); moderators withdraw or reassign."""
    user = require_caller()
    assignment = assignments.get_assignment(user, assignment_id)
    if action == "accept":
        assignments.accept(user, assignment)
    elif action == "decline":
        assignments.decline(user, assignment, body.reason)
    elif action == "withdraw":
        assignments.withdraw(user, assignment)
    else:
        assignment = assignments.reassign(user, assignment, body.expert_id, body.note, body.due_days)
    return serializers.assignment(user, assignment)


@bp.get("/experts")
@operation(response=shapes.Listing[shapes.Expert])
def expert_directory():
    """Every expert with expertise, boards, load and availability (moderators)."""
    require_moderator()
    return serializers.whole_list(experts.directory(), serializers.expert)


@bp.patch(f"/experts/<{ID}:user_id>")
@operation(body=shapes.ExpertChange, response=shapes.Expert, caller=require_caller)
def edit_expert(user_id: int, body: shapes.ExpertChange):
    """Change an expert profile (the expert or a moderator); fields left out keep their value."""
    user = require_caller()
    expert = db.session.get(User, user_id)
    if expert is None or not expert.has_role("expert"):
        raise NotFound("No such expert.")
    changes = body.given()
    experts.update_profile(user, expert, **{PROFILE_FIELDS[name]: value for name, value in changes.items()})
    open_count = assignments.open_assignment_counts([expert.id]).get(expert.id, 0)
    return serializers.expert(experts.DirectoryRow(expert, open_count))
