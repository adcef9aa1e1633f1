"""Domain events: told inside the transaction, and the after-commit pipeline of side effects.

`announce(name, **facts)` tells the packages above forum's domain (moderation) what just happened,
inside the action's transaction: their handlers change state in the same unit of work, may refuse it by
raising a domain error, and may answer (the privacy guard answers "text.screening" with what it found).
That is how forum's domain learns nothing of moderation and still lets it take part.

The after-commit pipeline: every side effect of an action runs only once its transaction commits.

Actions queue side effects while they work: a domain event for the sinks (live updates, subscribers),
an index update, a notification, later a mail. Nothing runs until the database commits; a rollback
drops everything queued, the rollback of a savepoint drops only what was queued inside it. Every
commit of the session runs the pipeline (`ForumSession.commit`), so no commit can drop what was queued.
Observers (tests) see each effect as it runs: its kind and payload.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
_QUEUED = "forum.on_commit"
_READY = "forum.ready"
_SAVEPOINTS = "forum.on_commit.savepoints"  # savepoint -> how much was queued when it began


@dataclass(frozen=True)
class SideEffect:
    """One thing to do after the commit. `kind` names the channel (event, index, notification, mail)."""

    kind: str
    payload: dict
    run: Callable[[], None] = field(compare=False)
    discard: Callable[[], None] | None = field(default=None, compare=False)  # undo work done at queue time


# Sinks receive (name, payload) for every domain event after commit: live updates, subscribers.
_sinks: list[Callable[[str, dict], None]] = []
_observers: list[Callable[[SideEffect], None]] = []
_handlers: dict[str, list[Callable[..., object]]] = {}


def subscribe(name: str) -> Callable[[Callable[..., object]], Callable[..., object]]:
    """Register the decorated function to handle the domain event `name` inside the transaction."""

    def register(handler: Callable[..., object]) -> Callable[..., object]:
        handlers = _handlers.setdefault(name, [])
        if handler not in handlers:
            handlers.append(handler)
        return handler

    return register


def announce(name: str, **facts) -> list:
    """Run the handlers of a domain event now, in the caller's transaction; returns what they answered."""
    answers = []
    for handler in _handlers.get(name, ()):
        answer = handler(**facts)
        if answer is not None:
            answers.append(answer)
    return answers


def register_sink(sink: Callable[[str, dict], None]) -> None:
    if sink not in _sinks:
        _sinks.append(sink)


def observe(observer: Callable[[SideEffect], None]) -> Callable[[], None]:
    """Call `observer` with every side effect as it runs; returns the function that stops it."""
    _observers.append(observer)
    return lambda: _observers.remove(observer)


def queue(effect: SideEffect, session: Session | None = None) -> None:
    if session is None:
        from forum.extensions import db  # the pipeline sits below the extensions module that builds sessions
        session = db.session()
    session.info.setdefault(_QUEUED, []).append(effect)


def queued(session: Session, kind: str) -> list[SideEffect]:
    """What this transaction has queued so far of one kind (savepoint rollbacks already applied)."""
    return [effect for effect in session.info.get(_QUEUED, ()) if effect.kind == kind]


def on_commit(callback: Callable[[], None], kind: str = "callback", payload: dict | None = None) -> None:
    queue(SideEffect(kind, payload or {}, callback))


def publish(name: str, payload: dict) -> None:
    """Queue a domain event for every sink, delivered after commit."""
    queue(SideEffect("event", {"name": name, **payload}, lambda: _deliver(name, payload)))


def _deliver(name: str, payload: dict) -> None:
    for sink in list(_sinks):
        try:
            sink(name, payload)
        except Exception:  # a failing sink (Redis down, index locked) must not undo a saved post
            log.exception("event sink failed for %s", name)


def run_ready(session: Session) -> None:
    """Run what the last commit released, in the order it was queued."""
    ready = session.info.pop(_READY, [])
    for effect in ready:
        for observer in list(_observers):
            observer(effect)
        try:
            effect.run()
        except Exception:
            log.exception("after-commit %s failed", effect.kind)


class ForumSession(FlaskSession):
    """The app's session: a commit runs the side effects it released."""

    def commit(self) -> None:
        super().commit()
        run_ready(self)


@event.listens_for(Session, "after_transaction_create")
def _note_savepoint(session: Session, transaction) -> None:
    if transaction.nested:
        session.info.setdefault(_SAVEPOINTS, {})[transaction] = len(session.info.get(_QUEUED, ()))


@event.listens_for(Session, "after_commit")
def _promote(session: Session) -> None:
    session.info.pop(_SAVEPOINTS, None)
    queued_effects = session.info.pop(_QUEUED, [])
    if queued_effects:
        session.info.setdefault(_READY, []).extend(queued_effects)


@event.listens_for(Session, "after_soft_rollback")
def _drop(session: Session, previous_transaction) -> None:
    savepoints = session.info.get(_SAVEPOINTS, {})
    if previous_transaction.nested and previous_transaction in savepoints:
        effects = session.info.get(_QUEUED, [])
        start = savepoints.pop(previous_transaction)
        _discard(effects[start:])
        del effects[start:]
        return
    _discard(session.info.pop(_QUEUED, []))
    session.info.pop(_SAVEPOINTS, None)


def _discard(effects: list[SideEffect]) -> None:
    for effect in effects:
        if effect.discard is not None:
            try:
                effect.discard()
            except OSError:
                log.exception("cannot undo the queued %s", effect.kind)
