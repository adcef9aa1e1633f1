"""Escalation to experts: suggestions, assigning, accepting, declining, answering, withdrawing."""

from __future__ import annotations

import pytest

from forum import permissions
from forum.errors import Conflict, Forbidden, ValidationFailed
from forum.extensions import db
from forum.models import Assignment
from forum.services import questions, replies
from moderation import assignments
from moderation.expert_matching import suggest
from moderation.models import ReviewItem


def test_suggestions_rank_by_board_tags_and_text(make_user, make_thread, staff):
    past = make_thread(title="Scientific advice at the EMA for a gene therapy", tags=["atmp"])
    replies.reply(staff["regulatory"], past, "Ask for scientific advice on the ATMP quality module early.")
    thread = make_thread(title="When should we request EMA scientific advice?", tags=["atmp", "scientific-advice"])
    ranked = suggest(thread, "When should we request EMA scientific advice for our ATMP?")
    assert ranked[0].expert.id == staff["regulatory"].id
    reasons = " ".join(ranked[0].reasons)
    assert "board: regulatory" in reasons and "tags: atmp, scientific-advice" in reasons
    assert "similar past answers" in reasons and "open assignments" in reasons


def test_experts_on_leave_are_not_suggested(make_thread, staff):
    staff["regulatory"].on_leave = True
    db.session.commit()
    thread = make_thread()
    assert staff["regulatory"].id not in [s.expert.id for s in suggest(thread, thread.title)]


def test_escalate_then_accept_then_answer(make_user, make_thread, staff):
    author = make_user(kind="patient-representative")
    thread = make_thread(author=author, visibility="private")
    expert = staff["regulatory"]
    assert not permissions.can_view_thread(expert, thread)
    [assignment] = assignments.escalate(staff["moderator"], thread, [expert.id], "Please answer in Dutch.")
    assert thread.status == "awaiting_expert" and assignment.due_at is not None
    assert permissions.can_view_thread(expert, thread)
    assert not permissions.can_view_thread(staff["clinical"], thread)
    assignments.accept(expert, assignment)
    with pytest.raises(Conflict):
        assignments.accept(expert, assignment)
    answer = replies.reply(expert, thread, "U kunt wetenschappelijk advies aanvragen bij het CBG.")
    assert answer.is_expert_answer and assignment.state == "answered" and thread.status == "answered"
    questions.accept_answer(author, answer)
    assert thread.status == "resolved"


def test_escalate_refusals(make_user, make_thread, staff):
    thread = make_thread()
    with pytest.raises(Forbidden):
        assignments.escalate(make_user(), thread, [staff["regulatory"].id])
    with pytest.raises(Conflict):
        assignments.escalate(staff["moderator"], thread, [make_user().id])  # not an expert
    with pytest.raises(Conflict):
        assignments.escalate(staff["moderator"], make_thread(status="pending"), [staff["regulatory"].id])
    with pytest.raises(ValidationFailed):
        assignments.escalate(staff["moderator"], thread, [])
    with pytest.raises(ValidationFailed):
        assignments.escalate(staff["moderator"], thread, [staff["regulatory"].id], due_days=0)
    staff["regulatory"].max_open_assignments = 1
    db.session.commit()
    assignments.escalate(staff["moderator"], thread, [staff["regulatory"].id])
    with pytest.raises(Conflict, match="maximum"):
        assignments.escalate(staff["moderator"], make_thread(title="Another regulatory question"),
                             [staff["regulatory"].id])
    staff["clinical"].on_leave = True
    db.session.commit()
    with pytest.raises(Conflict, match="leave"):
        assignments.escalate(staff["moderator"], thread, [staff["clinical"].id])


def test_decline_needs_a_reason_and_requeues(make_thread, staff):
    thread = make_thread()
    [assignment] = assignments.escalate(staff["moderator"], thread, [staff["regulatory"].id])
    with pytest.raises(ValidationFailed):
        assignments.decline(staff["regulatory"], assignment, " ")
    with pytest.raises(Forbidden):
        assignments.decline(staff["clinical"], assignment, "Not mine")
    assignments.decline(staff["regulatory"], assignment, "Conflict of interest with this company.")
    assert assignment.state == "declined" and thread.status == "open"
    item = db.session.scalar(db.select(ReviewItem).where(ReviewItem.thread_id == thread.id,
                                                         ReviewItem.state == "pending"))
    assert item.reason == "declined" and item.details["reason"].startswith("Conflict of interest")
    assert not permissions.can_view_thread(staff["regulatory"], make_thread(visibility="private"))


def test_withdraw_and_reassign(make_thread, staff):
    thread = make_thread(visibility="private")
    [first] = assignments.escalate(staff["moderator"], thread, [staff["regulatory"].id])
    second = assignments.reassign(staff["moderator"], first, staff["clinical"].id)
    assert first.state == "withdrawn" and second.expert_id == staff["clinical"].id
    assert not permissions.can_view_thread(staff["regulatory"], thread)
    assert permissions.can_view_thread(staff["clinical"], thread)
    assignments.withdraw(staff["moderator"], second)
    assert thread.status == "open"
    with pytest.raises(Conflict):
        assignments.withdraw(staff["moderator"], second)


def test_inbox_lists_overdue_first(make_thread, staff):
    expert = staff["regulatory"]
    a = assignments.escalate(staff["moderator"], make_thread(title="First regulatory question"), [expert.id])[0]
    b = assignments.escalate(staff["moderator"], make_thread(title="Second regulatory question"), [expert.id])[0]
    b.state = "overdue"
    db.session.commit()
    assert [x.id for x in assignments.inbox(expert)] == [b.id, a.id]
    assert db.session.scalar(db.select(db.func.count()).select_from(Assignment)) == 2


def test_a_refused_step_names_the_assignment_state_in_words(make_thread, staff):
    thread = make_thread()
    [assignment] = assignments.escalate(staff["moderator"], thread, [staff["regulatory"].id])
    assignments.decline(staff["regulatory"], assignment, "Not my field, sorry.")
    with pytest.raises(Conflict) as refused:
        assignments.accept(staff["regulatory"], assignment)
    assert refused.value.translated() == "Deze toewijzing heeft de status afgewezen."
