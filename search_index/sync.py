"""Keep the index in step with the database: collect at flush, write after commit, forget on rollback.

Every flush notes which threads its posts and threads belong to (a status, visibility, title or tag
change of a thread changes all of its posts' documents, so whole threads are re-indexed) and writes
their ids to the journal before the database commits. After the commit the single writer re-reads
those threads; a rollback drops the ids and the journal entry, so nothing is indexed for work that
did not land. Indexing at flush time would leave ghosts of rolled-back transactions in the index.
"""

from __future__ import annotations

import logging
from itertools import chain
from pathlib import Path

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from forum.models import Board, Post, Thread, User
from search_index import runtime as search_runtime

log = logging.getLogger(__name__)

COLLECTED = "search_index.thread_ids"
JOURNAL = "search_index.journal"


def install() -> None:
    """Listen on every session (idempotent)."""
    for name, listener in (("after_flush", _collect), ("after_commit", _hand_over),
                           ("after_soft_rollback", _forget)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


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
        elif isinstance(obj, User) and _changed(obj, "display_name"):
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
    collected: set[int] = session.info.setdefault(COLLECTED, set())
    new = ids - collected
    if not new:
        return
    collected |= new
    try:
        session.info[JOURNAL] = runtime.store.write_intent(new, session.info.get(JOURNAL))
    except OSError:
        log.exception("cannot write the search journal")
        runtime.store.mark_stale("journal not writable")


def _hand_over(session: Session) -> None:
    ids = session.info.pop(COLLECTED, None)
    journal: Path | None = session.info.pop(JOURNAL, None)
    if not ids:
        return
    runtime = search_runtime.maybe_current()
    if runtime is None or runtime.name != "whoosh":  # PostgreSQL indexes in the transaction itself
        return
    runtime.writer.submit(ids, [journal] if journal else [], wait=runtime.inline)


def _forget(session: Session, previous_transaction) -> None:
    if session.in_transaction():
        return  # a savepoint was rolled back; what the outer transaction flushed may still commit
    session.info.pop(COLLECTED, None)
    journal: Path | None = session.info.pop(JOURNAL, None)
    if journal is not None:
        journal.unlink(missing_ok=True)
