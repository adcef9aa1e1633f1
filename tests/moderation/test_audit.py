"""The audit log records every moderator and expert action and cannot be changed."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from forum.extensions import db
from moderation import assignments, publication, review
from moderation.models import AuditEntry, AuditLogIsImmutable, ReviewItem


def actions() -> list[str]:
    return list(db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)))


def test_actions_are_recorded_with_before_and_after(make_user, make_thread, staff):
    thread = make_thread(status="pending", title="A question to audit here")
    item = db.session.scalar(db.select(ReviewItem))
    review.edit_then_approve(staff["moderator"], item, title="An edited question to audit", body="Edited")
    [assignment] = assignments.escalate(staff["moderator"], thread, [staff["regulatory"].id], "note")
    assignments.accept(staff["regulatory"], assignment)
    publication.lock(staff["moderator"], thread)
    assert actions() == ["edit", "approve", "escalate", "accept_assignment", "lock"]
    edit = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "edit"))
    assert edit.before["title"] == "A question to audit here"
    assert edit.after["title"] == "An edited question to audit"
    assert edit.actor_id == staff["moderator"].id


def test_the_log_cannot_be_changed_through_the_orm(make_thread, staff):
    publication.lock(staff["moderator"], make_thread())
    entry = db.session.scalar(db.select(AuditEntry))
    entry.action = "nothing"
    with pytest.raises(AuditLogIsImmutable):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalar(db.select(AuditEntry)))
    with pytest.raises(AuditLogIsImmutable):
        db.session.commit()
    db.session.rollback()


def test_the_database_refuses_changes_too(make_thread, staff):
    publication.lock(staff["moderator"], make_thread())
    before = actions()
    with pytest.raises(DatabaseError):
        db.session.execute(text("UPDATE audit_entries SET action = 'x'"))
    db.session.rollback()
    with pytest.raises(DatabaseError):
        db.session.execute(text("DELETE FROM audit_entries"))
    db.session.rollback()
    assert actions() == before and before[-1] == "lock"
