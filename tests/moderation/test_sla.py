"""Due dates in working days and the SLA tick, with a controllable clock (no sleeping)."""

from __future__ import annotations

from datetime import datetime

from forum.extensions import db
from forum.models import Notification
from moderation import assignments, sla
from moderation.models import ReviewItem
from moderation.working_days import add_working_days

FRIDAY = datetime(2026, 11, 20, 14, 0)


def test_working_days_skip_weekends():
    assert add_working_days(FRIDAY, 1) == datetime(2026, 11, 23, 14, 0)
    assert add_working_days(FRIDAY, 5) == datetime(2026, 11, 27, 14, 0)
    saturday = datetime(2026, 11, 21, 11, 0)
    assert add_working_days(saturday, 1) == datetime(2026, 11, 24, 9, 0)


def test_overdue_assignment_is_marked_reminded_and_requeued(make_thread, staff, frozen_clock, runner):
    frozen_clock(FRIDAY)
    thread = make_thread()
    [assignment] = assignments.escalate(staff["moderator"], thread, [staff["regulatory"].id], due_days=2)
    assert assignment.due_at == datetime(2026, 11, 24, 14, 0)
    frozen_clock(datetime(2026, 11, 24, 13, 0))
    assert sla.tick() == 0
    frozen_clock(datetime(2026, 11, 24, 15, 0))
    result = runner.invoke(args=["sla-tick"])
    assert result.exit_code == 0 and "1 assignments became overdue" in result.output
    db.session.refresh(assignment)
    assert assignment.state == "overdue"
    kinds = db.session.scalars(db.select(Notification.kind).where(
        Notification.user_id == staff["regulatory"].id)).all()
    assert "reminder" in kinds
    item = db.session.scalar(db.select(ReviewItem).where(ReviewItem.thread_id == thread.id,
                                                         ReviewItem.state == "pending"))
    assert item.reason == "overdue"
    assert sla.tick() == 0  # marked once


def test_answered_assignment_is_never_overdue(make_thread, staff, frozen_clock):
    from forum.services import replies

    frozen_clock(FRIDAY)
    thread = make_thread()
    [assignment] = assignments.escalate(staff["moderator"], thread, [staff["regulatory"].id], due_days=1)
    replies.reply(staff["regulatory"], thread, "Here is the answer.")
    frozen_clock(datetime(2026, 12, 1))
    assert sla.tick() == 0 and assignment.state == "answered"
