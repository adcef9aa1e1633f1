"""Rebuild the index from the database, and compare the two.

A rebuild writes a fresh index folder and then swaps it in with one rename (store.activate), so
searches use the old index until the new one is complete and a killed rebuild leaves nothing
half-built in use. `verify` lists what differs between the database and the index: posts missing
from the index, posts the index should not have, and posts whose indexed text or facts are outdated.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import click
from sqlalchemy.orm import Session

from search_index.backend import PostDocument
from search_index.documents import count_documents, documents_for_threads, iter_documents
from search_index.store import IndexStore
from search_index.whoosh_backend import WhooshBackend

# Posts per indexing process and index commit: each process sorts its postings in memory (~350 MB);
# beyond its memory limit Whoosh would spill them to disk and merge, which costs more than the indexing.
# Posts stream from the database into the writer, so the indexing processes never wait for a whole chunk.
CHUNK_PER_PROCESS = 25_000
PROGRESS_EVERY = 2_000
# Parallel indexing pays off only for big rebuilds, and only in a command (never in a threaded server).
PARALLEL_FROM = 20_000


@dataclass
class RebuildReport:
    posts: int
    seconds: float
    folder: Path | None  # None on PostgreSQL: the search table was refilled in place

    @property
    def per_second(self) -> float:
        return self.posts / self.seconds if self.seconds else float(self.posts)


@dataclass
class Drift:
    missing: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    outdated: list[int] = field(default_factory=list)
    thread_ids: set[int] = field(default_factory=set)
    checked: int = 0

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.outdated)


def build(store: IndexStore, progress: bool = False, procs: int = 1, session: Session | None = None) -> Path:
    """Index every document into a new folder (not yet live); returns the folder."""
    folder = store.new_folder()
    try:
        backend = WhooshBackend.create(folder)
        total = count_documents(session)
        bar = click.progressbar(length=total, label="Indexing posts", show_pos=True) if progress else nullcontext()
        parallel = procs if total >= PARALLEL_FROM else 1
        with bar:
            documents = iter_documents(session)
            if progress:
                documents = _reported(documents, bar)
            for first in documents:
                chunk = itertools.chain((first,), itertools.islice(documents, CHUNK_PER_PROCESS * parallel - 1))
                backend.add(chunk, procs=parallel)
        backend.close()
    except BaseException:
        store.discard(folder)
        raise
    return folder


def rebuild(progress: bool = True, procs: int | None = None) -> RebuildReport:
    """Rebuild the app's index from the database and make it live (for the command line)."""
    from search_index.runtime import current  # the runtime's writer calls into this module

    runtime = current()
    started = time.perf_counter()
    if runtime.name == "postgres":
        return _refill(runtime.backend, progress, started)
    folder = build(runtime.store, progress=progress, procs=procs or min(os.cpu_count() or 1, 4))
    runtime.install(folder)
    runtime.store.clear_stale()
    posts = runtime.search_backend().count()
    return RebuildReport(posts, time.perf_counter() - started, folder)


def _refill(backend, progress: bool, started: float) -> RebuildReport:
    """Rewrite the PostgreSQL search table in one transaction: searches see the old rows until it commits."""
    from forum.extensions import db
    from forum.visitor_pages import note_change

    total = count_documents()
    bar = click.progressbar(length=total, label="Indexing posts", show_pos=True) if progress else nullcontext()
    with bar:
        documents = iter_documents()
        backend.clear()
        backend.add(_reported(documents, bar) if progress else documents)
    note_change(db.session)  # what the search finds may change with nothing else: retire kept hits
    db.session.commit()
    # Every row was rewritten: reclaim the old ones and give the planner the new table's statistics now,
    # rather than whenever autovacuum comes by (until then every search reads the dead rows too).
    # VACUUM runs outside a transaction; the pool opens one as it hands a connection out (forum.database).
    pooled = db.engine.raw_connection()
    connection = pooled.driver_connection
    try:
        connection.rollback()
        connection.autocommit = True
        connection.execute("VACUUM (ANALYZE) search_documents")
    finally:
        connection.autocommit = False
        pooled.close()
    return RebuildReport(backend.count(), time.perf_counter() - started, None)


def verify(backend: WhooshBackend, session: Session | None = None) -> Drift:
    """What differs between the database and the index."""
    indexed = backend.stored()
    drift = Drift()
    seen: set[int] = set()
    for document in iter_documents(session):
        drift.checked += 1
        seen.add(document.post_id)
        found = indexed.get(document.post_id)
        if found is None:
            drift.missing.append(document.post_id)
            drift.thread_ids.add(document.thread_id)
        elif found[1] != document.fingerprint:
            drift.outdated.append(document.post_id)
            drift.thread_ids.update((document.thread_id, found[0]))
    for post_id, (thread_id, _fingerprint) in indexed.items():
        if post_id not in seen:
            drift.extra.append(post_id)
            drift.thread_ids.add(thread_id)
    return drift


def repair(backend: WhooshBackend, thread_ids: Iterable[int], session: Session | None = None) -> int:
    """Re-index these threads from the database; returns how many."""
    ids = sorted(set(thread_ids))
    for start in range(0, len(ids), 500):
        batch = ids[start:start + 500]
        documents = documents_for_threads(batch, session)
        backend.replace_threads(batch, [d for found in documents.values() for d in found])
    return len(ids)


def _reported(documents: Iterator[PostDocument], bar) -> Iterator[PostDocument]:
    unreported = 0
    for document in documents:
        yield document
        unreported += 1
        if unreported == PROGRESS_EVERY:
            bar.update(unreported)
            unreported = 0
    bar.update(unreported)
