"""Keep the index in step with the database: collect at flush, write after commit, forget on rollback.

Every flush notes which threads its posts and threads belong to (a status, visibility, title or tag
change of a thread changes all of its posts' documents, so whole threads are re-indexed) and writes
their ids to the journal before the database commits. The ids travel as one "index" side effect of the
transaction through the after-commit pipeline (`forum.events`), like live events and notifications:
after the commit the single writer re-reads those threads; a rollback drops the effect and its journal
entry, so nothing is indexed for work that did not land. Indexing at flush time would leave ghosts of
rolled-back transactions in the index.
"""

from __future__ import annotations

import logging
from itertools import chain
from pathlib import Path

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from forum import events
from forum.models import Board, Post, Thread, User
from search_index import runtime as search_runtime

log = logging.getLogger(__name__)



def install() -> None:
    """Listen on every session's flushes (idempotent)."""
    if not event.contains(Session, "after_flush", _collect):
        event.listen(Session, "after_flush", _collect)


def changed_threads(session: Session) -> set[int]:
    """Ids of the threads whose documents this flush changes (called with pre-flush state)."""
    ids: set[int] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Post):
            if obj.thread_id is not None:
                ids.add(obj.thread_id)
            if inspect(obj).persistent:  # a post moved to another thread leaves the old one too
                ids.update(i for i in inspect(obj).attrs.thread_id.history.deleted if i is not None)
        elif isinstance(obj, Thread):
            if obj.id is not None:
                ids.add(obj.id)
        elif isinstance(obj, User) and _changed(obj, "stored_name"):
            ids.update(session.connection().execute(
                select(Post.thread_id).where(Post.author_id == obj.id).distinct()).scalars())
        elif isinstance(obj, Board) and _changed(obj, "slug"):
            ids.update(session.connection().execute(
                select(Thread.id).where(Thread.board_id == obj.id)).scalars())
    return ids


def _changed(obj, attribute: str) -> bool:
    state = inspect(obj)
    return state.persistent and state.attrs[attribute].history.has_changes()


def _collect(session: Session, flush_context) -> None:
    runtime = search_runtime.maybe_current()
    if runtime is None or runtime.name != "whoosh":  # PostgreSQL indexes in the transaction itself
        return
    ids = changed_threads(session)
    if not ids:
        return
    effects = events.queued(session, "index")
    effect = effects[-1] if effects else None
    collected: set[int] = effect.payload["thread_ids"] if effect else set()
    new = ids - collected
    if not new:
        return
    try:
        journal = runtime.store.write_intent(new, effect.payload["journal"] if effect else None)
    except OSError:
        log.exception("cannot write the search journal")
        runtime.store.mark_stale("journal not writable")
        journal = effect.payload["journal"] if effect else None
    if effect is not None:
        collected |= new
        return
    payload = {"thread_ids": new, "journal": journal}
    events.queue(events.SideEffect("index", payload, lambda: _hand_over(runtime, payload),
                                   discard=lambda: _forget(payload)), session)


def _hand_over(runtime: search_runtime.SearchRuntime, payload: dict) -> None:
    journal: Path | None = payload["journal"]
    runtime.writer.submit(payload["thread_ids"], [journal] if journal else [], wait=runtime.inline)


def _forget(payload: dict) -> None:
    journal: Path | None = payload["journal"]
    if journal is not None:
        journal.unlink(missing_ok=True)
