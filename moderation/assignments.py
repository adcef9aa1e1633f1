"""Escalation: a moderator puts a question to experts; experts accept, decline and answer."""

from __future__ import annotations

from sqlalchemy import func, select

from forum import events, lifecycle, permissions
from forum.errors import Conflict, Forbidden, NotFound, ValidationFailed
from forum.extensions import db
from forum.models import Assignment, Post, Thread, User
from forum.models.clock import now
from forum.services import notifying, validation
from forum.unit_of_work import action
from moderation import audit, queue
from moderation.working_days import add_working_days

DUE_DAYS = (1, 60)  # working days from now an assignment may be due


def open_assignment_counts(expert_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(Assignment.expert_id, func.count()).where(
            Assignment.expert_id.in_(expert_ids), Assignment.state.in_(Assignment.OPEN_STATES)
        ).group_by(Assignment.expert_id))
    return dict(rows.all())


def refusal(expert: User | None, thread: Thread, open_count: int) -> str | None:
    """Why this expert cannot take this question now, or None."""
    if expert is None or not expert.has_role("expert") or expert.is_banned:
        return "This person is not an expert."
    if thread.deleted_at is not None or not lifecycle.is_published(thread.status) or thread.status == "closed":
        return "The expert cannot see this question (it is not published or is closed)."
    if expert.on_leave:
        return "This expert is on leave."
    if open_count >= expert.max_open_assignments:
        return "This expert already has the maximum number of open assignments."
    if any(a.expert_id == expert.id and a.state in Assignment.OPEN_STATES for a in thread.assignments):
        return "This expert already has this question."
    return None


@action
def escalate(actor: User, thread: Thread, expert_ids: list[int], note="", due_days=None) -> list[Assignment]:
    """Assign the question to one or more experts, with a private briefing note and a due date."""
    if not permissions.is_moderator(actor):
        raise Forbidden("Only a moderator escalates a question.")
    if not expert_ids or not all(isinstance(i, int) for i in expert_ids):
        raise ValidationFailed("Choose at least one expert.", field="expert_id")
    note = validation.clean_text(note or "", "note")
    if len(note) > validation.BRIEFING_NOTE_MAX_CHARS:
        raise ValidationFailed("The note may have at most 5000 characters.", field="note")
    if due_days is None:
        due_days = thread.board.sla_working_days
    if not isinstance(due_days, int) or isinstance(due_days, bool) or not DUE_DAYS[0] <= due_days <= DUE_DAYS[1]:
        raise ValidationFailed("The due date is 1 to 60 working days away.", field="due_days")
    counts = open_assignment_counts(expert_ids)
    created = []
    for expert_id in dict.fromkeys(expert_ids):
        expert = db.session.get(User, expert_id)
        reason = refusal(expert, thread, counts.get(expert_id, 0))
        if reason:
            raise Conflict(reason)
        assignment = Assignment(thread=thread, expert=expert, assigned_by_id=actor.id, note=note,
                                due_at=add_working_days(now(), due_days), created_at=now())
        db.session.add(assignment)
        created.append(assignment)
        notifying.notify(expert.id, "assignment", thread, actor=actor)
    if lifecycle.can_transition(thread, "escalate"):
        lifecycle.transition(thread, "escalate")
    queue.resolve_pending("escalated", actor, thread=thread, kinds=("assignment",))
    db.session.flush()
    for assignment in created:
        audit.record(actor, "escalate", "assignment", assignment.id, thread_id=thread.id,
                     after={"expert_id": assignment.expert_id, "due_at": assignment.due_at.isoformat()},
                     note=note)
        events.publish("assignment.changed", {"assignment_id": assignment.id, "expert_id": assignment.expert_id,
                                              "thread_id": thread.id})
    events.publish("thread.updated", {"thread_id": thread.id})
    return created


def get_assignment(user: User, assignment_id) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id) if isinstance(assignment_id, int) else None
    if assignment is None or not (assignment.expert_id == user.id or permissions.is_moderator(user)):
        raise NotFound("No such assignment.")
    return assignment


@action
def accept(expert: User, assignment: Assignment) -> Assignment:
    if assignment.expert_id != expert.id:
        raise Forbidden("Only the assigned expert accepts.")
    if assignment.state not in ("requested", "overdue"):
        raise Conflict("This assignment is %(state)s.", state=assignment.state)
    assignment.state, assignment.accepted_at = "accepted", now()
    audit.record(expert, "accept_assignment", "assignment", assignment.id, thread_id=assignment.thread_id)
    _changed(assignment)
    return assignment


@action
def decline(expert: User, assignment: Assignment, reason) -> Assignment:
    """The expert declines; the question goes back to the moderators with the reason."""
    if assignment.expert_id != expert.id:
        raise Forbidden("Only the assigned expert declines.")
    if assignment.state not in ("requested", "accepted", "overdue"):
        raise Conflict("This assignment is %(state)s.", state=assignment.state)
    reason = validation.check_reason(reason)
    assignment.state, assignment.decline_reason, assignment.closed_at = "declined", reason, now()
    audit.record(expert, "decline_assignment", "assignment", assignment.id, thread_id=assignment.thread_id,
                 note=reason)
    _requeue_if_unattended(assignment.thread, "declined", {"expert": expert.display_name, "reason": reason})
    _changed(assignment)
    return assignment


@action
def withdraw(actor: User, assignment: Assignment) -> Assignment:
    _withdraw(actor, assignment)
    _back_to_open(assignment.thread)
    return assignment


def reassign(actor: User, assignment: Assignment, expert_id, note=None, due_days=None) -> Assignment:
    """Withdraw from one expert and give to another, in one transaction."""
    _withdraw(actor, assignment)
    return escalate(actor, assignment.thread, [expert_id], assignment.note if note is None else note,
                    due_days)[0]


def _withdraw(actor: User, assignment: Assignment) -> None:
    if not permissions.is_moderator(actor):
        raise Forbidden("Only a moderator withdraws an assignment.")
    if assignment.state not in Assignment.OPEN_STATES:
        raise Conflict("This assignment is %(state)s.", state=assignment.state)
    assignment.state, assignment.closed_at = "withdrawn", now()
    audit.record(actor, "withdraw_assignment", "assignment", assignment.id, thread_id=assignment.thread_id)
    _changed(assignment)


def expert_answered(thread: Thread, post: Post, expert: User) -> None:
    """Called when an expert's reply is published: their first answer completes their assignment."""
    for assignment in thread.assignments:
        if assignment.expert_id == expert.id and assignment.state in Assignment.OPEN_STATES:
            assignment.state, assignment.answered_at = "answered", now()
            audit.record(expert, "answer", "assignment", assignment.id, thread_id=thread.id,
                         after={"post_id": post.id})
            _changed(assignment)


def inbox(expert: User) -> list[Assignment]:
    """The expert's assignments: overdue first, then by due date; closed ones last."""
    from sqlalchemy import case
    from sqlalchemy.orm import selectinload

    rank = case((Assignment.state == "overdue", 0), (Assignment.state.in_(("requested", "accepted")), 1),
                else_=2)
    return list(db.session.scalars(
        select(Assignment).where(Assignment.expert_id == expert.id)
        .order_by(rank, Assignment.due_at, Assignment.id).limit(200)
        .options(selectinload(Assignment.thread).selectinload(Thread.board),
                 selectinload(Assignment.thread).selectinload(Thread.author))
    ))


def _changed(assignment: Assignment) -> None:
    events.publish("assignment.changed", {"assignment_id": assignment.id, "expert_id": assignment.expert_id,
                                          "thread_id": assignment.thread_id})


def _requeue_if_unattended(thread: Thread, reason: str, details: dict) -> None:
    still_open = [a for a in thread.assignments if a.state in Assignment.OPEN_STATES]
    if not still_open:
        _back_to_open(thread)
    queue.enqueue("assignment", reason, thread, None, details)


def _back_to_open(thread: Thread) -> None:
    if thread.status == "awaiting_expert" and not any(
            a.state in Assignment.OPEN_STATES for a in thread.assignments):
        lifecycle.transition(thread, "requeue")
        events.publish("thread.updated", {"thread_id": thread.id})
