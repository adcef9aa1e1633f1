"""The SLA: overdue assignments are marked, their experts reminded, their questions re-queued."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from sqlalchemy import select

from forum import events, job_lock
from forum.extensions import db
from forum.models import Assignment
from forum.models.clock import now
from forum.services import notifying
from forum.unit_of_work import action
from moderation import audit, queue

log = logging.getLogger(__name__)
TICK_SECONDS = 300
REMIND_BEFORE = timedelta(days=1)
LOCK = "sla-tick"


@action
def tick() -> int:
    """Remind experts of answers due within a day; mark every assignment past its due date overdue.

    Returns how many became overdue.
    """
    moment = now()
    _remind_soon_due(moment)
    late = list(db.session.scalars(select(Assignment).where(
        Assignment.state.in_(("requested", "accepted")), Assignment.due_at.is_not(None),
        Assignment.due_at < moment)))
    for assignment in late:
        assignment.state, assignment.reminded_at = "overdue", moment
        notifying.notify(assignment.expert_id, "reminder", assignment.thread, mail_kind="overdue",
                         data={"assignment_id": assignment.id})
        audit.record(None, "overdue", "assignment", assignment.id, thread_id=assignment.thread_id,
                     after={"due_at": assignment.due_at.isoformat()})
        queue.enqueue("assignment", "overdue", assignment.thread, None,
                      {"expert": assignment.expert.display_name, "due_at": assignment.due_at.isoformat()})
        events.publish("assignment.changed", {"assignment_id": assignment.id,
                                              "expert_id": assignment.expert_id,
                                              "thread_id": assignment.thread_id})
    return len(late)


def tick_alone() -> int | None:
    """`tick`, unless another process is running it right now (every server process starts the ticks, and
    cron may run `sla-tick` besides): None then, the other does the work."""
    with job_lock.held(LOCK) as got:
        return tick() if got else None


def _remind_soon_due(moment) -> None:
    soon = db.session.scalars(select(Assignment).where(
        Assignment.state.in_(("requested", "accepted")), Assignment.reminded_at.is_(None),
        Assignment.due_at.is_not(None), Assignment.due_at >= moment, Assignment.due_at < moment + REMIND_BEFORE))
    for assignment in soon:
        assignment.reminded_at = moment
        notifying.notify(assignment.expert_id, "reminder", assignment.thread, data={"assignment_id": assignment.id})


def start_background_ticks(app, interval: int = TICK_SECONDS) -> threading.Event:
    """Run `tick_alone` every `interval` seconds while serving; set the returned event to stop."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(interval):
            with app.app_context():
                try:
                    tick_alone()
                except Exception:  # the next tick tries again; serving goes on
                    log.exception("SLA tick failed")
                finally:
                    db.session.remove()

    threading.Thread(target=loop, name="sla-tick", daemon=True).start()
    return stop
