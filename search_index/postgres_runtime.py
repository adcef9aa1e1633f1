"""Search on PostgreSQL for one app: the backend, and the session hooks that write the search table in the
transaction of the change itself (no writer thread, no journal, no folder: the database holds it all).

At each flush the threads whose documents change are noted on the session (search_index.sync tells
which); before the commit their rows are rewritten through the same connection, so the commit makes
them searchable and a rollback takes them back with everything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from forum.extensions import db
from forum.visitor_pages import note_change
from search_index.postgres_backend import PostgresBackend

CHANGED = "search_index.changed_threads"
# Pages of hits each process keeps (search_index.postgres_backend): a few KB each.
KEPT_RESULTS = 1000


class PostgresSearch:
    name = "postgres"

    def __init__(self, app: Flask):
        self.app = app
        self.backend = PostgresBackend(kept=int(app.config.get("SEARCH_KEPT_RESULTS", KEPT_RESULTS)))
        self.writer = DirectWriter()

    def ensure_started(self) -> None:
        """Nothing to open or rebuild at start."""

    def search_backend(self) -> PostgresBackend:
        return self.backend

    @contextmanager
    def searching(self) -> Iterator[PostgresBackend]:
        """The backend, for a block that reads it. The table is part of the database: there is no index
        that could be damaged apart from it, so errors pass on as they are."""
        yield self.search_backend()

    def writable_backend(self) -> PostgresBackend:
        return self.backend


class DirectWriter:
    """The Whoosh runtime's writer interface, for changes made without ORM objects (bulk import): their
    threads are indexed at once, in a transaction of their own."""

    def submit(self, thread_ids: Iterable[int], journal: Iterable = (), wait: bool = False) -> None:
        ids = set(thread_ids)
        if ids:
            with Session(db.engine) as session:
                write_threads(session, ids)
                note_change(session)  # the content was committed before its search rows: retire kept hits
                session.commit()

    def flush(self, timeout: float = 10.0) -> bool:
        return True  # every commit was searchable when it returned

    def stop(self, timeout: float = 10.0) -> None:
        pass


def write_threads(session: Session, thread_ids: set[int]) -> None:
    from sqlalchemy import select

    from forum.models import Thread
    from search_index.documents import documents_for_threads

    # One writer per thread at a time, each reading what the one before it committed. The lock an UPDATE
    # of the thread takes (NO KEY UPDATE: inserting a post only shares the key), in id order, so two
    # transactions changing the same threads wait for each other instead of deadlocking.
    session.execute(select(Thread.id).where(Thread.id.in_(sorted(thread_ids))).order_by(Thread.id)
                    .with_for_update(key_share=True))
    documents = documents_for_threads(thread_ids, session)
    PostgresBackend(session).replace_threads(thread_ids, [d for found in documents.values() for d in found])


def install() -> None:
    """Listen on every session (idempotent); the hooks act only for apps searching on PostgreSQL."""
    for name, listener in (("after_flush", _collect), ("before_commit", _write), ("after_transaction_end", _forget)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


def _searching_here() -> bool:
    from search_index.runtime import maybe_current

    return isinstance(maybe_current(), PostgresSearch)


def _collect(session: Session, flush_context) -> None:
    if not _searching_here():
        return
    from search_index.sync import changed_threads

    ids = changed_threads(session)
    if ids:
        session.info.setdefault(CHANGED, set()).update(ids)


def _write(session: Session) -> None:
    if session.in_nested_transaction() or not _searching_here():
        return  # a savepoint's changes are written with the transaction's
    session.flush()  # what is still unflushed changes threads too
    ids = session.info.pop(CHANGED, None)
    if ids:
        write_threads(session, ids)


def _forget(session: Session, transaction) -> None:
    """A transaction that ended without a commit (rolled back, closed) leaves nothing to write; a rolled
    back savepoint is forgotten with its transaction (its threads are read again at commit, harmlessly)."""
    if transaction.parent is None:
        session.info.pop(CHANGED, None)
