"""Side effects that must happen only after the transaction commits.

Services call `on_commit(fn)` for live events, index updates and notifications, then `commit()`.
A rollback drops everything queued, so nothing is ever sent or indexed for work that did not land; the
rollback of a savepoint drops only what was queued inside it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

from forum.extensions import db

log = logging.getLogger(__name__)
_QUEUED = "forum.on_commit"
_READY = "forum.ready"
_SAVEPOINTS = "forum.on_commit.savepoints"  # savepoint -> how much was queued when it began

# Sinks receive (name, payload) for every domain event after commit: live updates, search sync.
_sinks: list[Callable[[str, dict], None]] = []


def register_sink(sink: Callable[[str, dict], None]) -> None:
    if sink not in _sinks:
        _sinks.append(sink)


def on_commit(callback: Callable[[], None]) -> None:
    db.session.info.setdefault(_QUEUED, []).append(callback)


def publish(name: str, payload: dict) -> None:
    """Queue a domain event for every sink, delivered after commit."""
    on_commit(lambda: _deliver(name, payload))


def _deliver(name: str, payload: dict) -> None:
    for sink in list(_sinks):
        try:
            sink(name, payload)
        except Exception:  # a failing sink (Redis down, index locked) must not undo a saved post
            log.exception("event sink failed for %s", name)


def commit(keep_loaded: bool = False) -> None:
    """Commit the session, then run what was queued for after the commit.

    `keep_loaded`: the objects in the session keep the values just written instead of being reloaded at
    their next use (for a request that only builds its redirect from them: the live events go sooner).
    """
    session = db.session()
    expiring = session.expire_on_commit
    session.expire_on_commit = expiring and not keep_loaded
    try:
        session.commit()
    finally:
        session.expire_on_commit = expiring
    ready = db.session.info.pop(_READY, [])
    for callback in ready:
        try:
            callback()
        except Exception:
            log.exception("after-commit callback failed")


@event.listens_for(Session, "after_transaction_create")
def _note_savepoint(session: Session, transaction) -> None:
    if transaction.nested:
        session.info.setdefault(_SAVEPOINTS, {})[transaction] = len(session.info.get(_QUEUED, ()))


@event.listens_for(Session, "after_commit")
def _promote(session: Session) -> None:
    session.info.pop(_SAVEPOINTS, None)
    queued = session.info.pop(_QUEUED, [])
    if queued:
        session.info.setdefault(_READY, []).extend(queued)


@event.listens_for(Session, "after_soft_rollback")
def _drop(session: Session, previous_transaction) -> None:
    savepoints = session.info.get(_SAVEPOINTS, {})
    if previous_transaction.nested and previous_transaction in savepoints:
        del session.info.get(_QUEUED, [])[savepoints.pop(previous_transaction):]
        return
    session.info.pop(_QUEUED, None)
    session.info.pop(_SAVEPOINTS, None)
