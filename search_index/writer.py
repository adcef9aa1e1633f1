"""The one thread per process that writes the index, so requests never race for Whoosh's lock.

Committed transactions hand it the ids of the threads they changed; it re-reads those threads from
the database and replaces their documents in one index commit (changes arriving meanwhile are
batched). A failed write marks the index stale, keeps the ids, and is retried with a growing delay
until it succeeds; unless the index turns out damaged, which is then rebuilt from the database. Rebuilds and the start-up repair run here too. The thread ends when idle and
starts again with the next job. In a gevent server the thread is a greenlet that hands each write to a
pool thread (`forum.concurrency.offload`), so indexing never holds up requests and live events.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from forum.concurrency import offload
from search_index.documents import documents_for_threads

if TYPE_CHECKING:
    from search_index.runtime import SearchRuntime
    from search_index.whoosh_backend import WhooshBackend

log = logging.getLogger(__name__)

IDLE_SECONDS = 5.0
DEFAULT_WRITE_DELAY = 0.15  # seconds between a commit and its index write (SEARCH_WRITE_DELAY)
MAX_BATCH = 2000
RETRY_DELAYS = (0.5, 1, 2, 5, 10, 30, 60)
REBUILD_RETRY_SECONDS = 30
# What was written lately, to re-apply to an index another process rebuilt meanwhile.
RECENT_SECONDS = 3 * 3600


@dataclass
class Job:
    kind: str  # "threads", "rebuild", "repair" or "stop"
    thread_ids: set[int] = field(default_factory=set)
    journal: list[Path] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)


class SingleWriter:
    def __init__(self, runtime: SearchRuntime):
        self.runtime = runtime
        self.queue: queue.Queue[Job] = queue.Queue()
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None
        self.outstanding = 0
        self.idle = threading.Condition(self.lock)
        self.failed: set[int] = set()
        self.failed_journal: list[Path] = []
        self.failures = 0
        self.retry_at = 0.0
        self.recent: deque[tuple[float, frozenset[int]]] = deque()
        self.last_folder: Path | None = None
        self.retry_rebuild = False
        self.damaged_backend: WhooshBackend | None = None

    # Handing work over

    def submit(self, thread_ids: Iterable[int], journal: Iterable[Path] = (), wait: bool = False) -> None:
        ids = set(thread_ids)
        if ids:
            self._put(Job("threads", ids, list(journal)), wait)

    def submit_replay(self) -> None:
        """Re-apply recent writes to an index another process has just made current."""
        self._put(Job("threads"), wait=False)

    def submit_rebuild(self, wait: bool = False) -> None:
        self._put(Job("rebuild"), wait)

    def submit_repair(self, wait: bool = False) -> None:
        self._put(Job("repair"), wait)

    def _put(self, job: Job, wait: bool) -> None:
        with self.lock:
            self.outstanding += 1
            self.queue.put(job)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="search-index-writer", daemon=True)
                self.thread.start()
        if wait:
            job.done.wait(timeout=60)

    def stop(self, timeout: float = 10.0) -> None:
        """End the thread after the jobs before this one (for shutdown, and for tests that simulate a crash:
        what is still failing is left to the journal)."""
        self._put(Job("stop"), wait=False)
        thread = self.thread
        if thread is not None:
            thread.join(timeout)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every job handed over so far is written (True) or the timeout passes (False)."""
        deadline = time.monotonic() + timeout
        with self.lock:
            while self.outstanding or self.failed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.idle.wait(min(remaining, 0.1))
        return True

    # The thread

    def _run(self) -> None:
        while True:
            timeout = max(self.retry_at - time.monotonic(), 0.01) if self.failed else IDLE_SECONDS
            try:
                job = self.queue.get(timeout=timeout)
            except queue.Empty:
                job = None
            if job is None:
                if self.failed:
                    self._retry()
                    continue
                with self.lock:
                    if self.queue.empty() and not self.failed:
                        self.thread = None
                        return
                continue
            if job.kind == "stop":
                with self.lock:
                    self.failed, self.failed_journal = set(), []
                    self.outstanding -= 1
                    self.thread = None
                    self.idle.notify_all()
                job.done.set()
                return
            jobs = [job] + self._more_jobs(job)
            try:
                offload(self._do, jobs)  # under gevent on a pool thread: a big write must not stall the server
                self._rebuild_if_damaged()
                self._schedule_rebuild_retry()
            except Exception:  # the writer must outlive any surprise; the index is marked stale instead
                log.exception("search index writer failed")
                self._mark_stale("unexpected writer error")
            finally:
                with self.lock:
                    self.outstanding -= len(jobs)
                    self.idle.notify_all()
                for done in jobs:
                    done.done.set()

    def _more_jobs(self, first: Job) -> list[Job]:
        """Further thread jobs already waiting, to write with the first in one commit."""
        if first.kind != "threads":
            return []
        # A moment's patience: the request that committed is still sending its page and live events,
        # and changes arriving meanwhile share one index commit. Searchable well within a second.
        delay = self.runtime.app.config.get("SEARCH_WRITE_DELAY", DEFAULT_WRITE_DELAY)
        if delay:
            time.sleep(delay)
        more: list[Job] = []
        count = len(first.thread_ids)
        while count < MAX_BATCH:
            try:
                job = self.queue.get_nowait()
            except queue.Empty:
                break
            if job.kind != "threads":
                self.queue.put(job)  # order between a rebuild and later thread jobs does not matter
                break
            more.append(job)
            count += len(job.thread_ids)
        return more

    def _retry(self) -> None:
        try:
            offload(self._write_again)
            self._rebuild_if_damaged()
        except Exception:
            log.exception("search index writer failed")
        with self.lock:
            self.idle.notify_all()

    def _write_again(self) -> None:
        with self.runtime.reading_session() as session:
            self._write_threads(set(), [], session)

    def _rebuild_if_damaged(self) -> None:
        # Started here, on the writer's own thread, for the same reason as the retry below.
        backend, self.damaged_backend = self.damaged_backend, None
        if backend is not None:
            self.runtime.replace_damaged(backend)

    def _schedule_rebuild_retry(self) -> None:
        # Scheduled here, not where the rebuild failed: that may be a pool thread, and a timer started
        # there would belong to a gevent hub that never runs.
        if self.retry_rebuild:
            self.retry_rebuild = False
            retry = threading.Timer(REBUILD_RETRY_SECONDS, self.submit_rebuild)
            retry.daemon = True
            retry.start()

    def _do(self, jobs: list[Job]) -> None:
        first = jobs[0]
        with self.runtime.reading_session() as session:
            if first.kind == "rebuild":
                self._rebuild(session)
            elif first.kind == "repair":
                self._repair(session)
            else:
                ids = set().union(*(job.thread_ids for job in jobs))
                journal = [path for job in jobs for path in job.journal]
                self._write_threads(ids, journal, session)

    def _write_threads(self, ids: set[int], journal: list[Path], session: Session) -> None:

        # What failed before stays in `failed` until written, so flush() keeps waiting for it.
        ids = ids | self.failed
        journal = journal + self.failed_journal
        runtime = self.runtime
        backend = None
        try:
            backend = runtime.writable_backend()
            if backend is None:  # the index is being rebuilt: that rebuild reads these changes too
                return
            if self.last_folder is not None and backend.path != self.last_folder:
                # Another process rebuilt the index: what was written here since it read the
                # database is missing from it.
                ids |= self._written_since(runtime.store.built_from(backend.path))
            self.last_folder = backend.path
            if not ids:
                return
            documents = documents_for_threads(ids, session)
            backend.replace_threads(ids, [d for found in documents.values() for d in found])
        except Exception as error:
            if backend is not None and runtime.damaged(backend):
                # Retrying would fail forever: the rebuild reads every change from the database instead
                # (the journal stays until it is done).
                self.failed, self.failed_journal, self.failures = set(), [], 0
                self.damaged_backend = backend
                return
            self.failures += 1
            delay = RETRY_DELAYS[min(self.failures - 1, len(RETRY_DELAYS) - 1)]
            log.warning("search index write failed (%r); retrying %d threads in %ss", error, len(ids), delay)
            self.failed, self.failed_journal = ids, journal
            self.retry_at = time.monotonic() + delay
            self._mark_stale(f"write failed: {error!r}")
            return
        finally:
            session.rollback()  # end the read transaction (SQLite keeps a snapshot otherwise)
        self.failed, self.failed_journal = set(), []
        self.runtime.store.done(journal)
        self._remember(ids)
        if self.failures:
            self.failures = 0
            if not self.runtime.store.pending()[0]:
                self.runtime.store.clear_stale()

    def _rebuild(self, session: Session) -> None:
        from search_index import rebuild  # rebuild drives the runtime, which owns this writer

        runtime = self.runtime
        _ids, journal = runtime.store.pending()
        started = time.time()
        try:
            folder = rebuild.build(runtime.store, progress=False, session=session)
        except Exception:
            log.exception("rebuilding the search index failed; retrying in %d s", REBUILD_RETRY_SECONDS)
            runtime.rebuild_failed()
            self.retry_rebuild = True
            return
        finally:
            session.rollback()
        runtime.install(folder)
        runtime.store.done(journal)
        runtime.store.clear_stale()
        self.failed, self.failed_journal = set(), []
        self.recent.clear()
        self.last_folder = folder
        log.info("search index rebuilt in %.1f s", time.time() - started)

    def _repair(self, session: Session) -> None:
        from search_index import rebuild  # as above

        backend = self.runtime.writable_backend()
        if backend is None:
            return
        self.last_folder = backend.path
        ids, journal = self.runtime.store.pending()
        drift = rebuild.verify(backend, session)
        rebuild.repair(backend, drift.thread_ids | ids, session)
        self.runtime.store.done(journal)
        self.runtime.store.clear_stale()

    def _written_since(self, moment: float) -> set[int]:
        found: set[int] = set()
        for when, ids in self.recent:
            if when >= moment - 5:  # a margin for the two processes' clocks and commit times
                found |= ids
        return found

    def _remember(self, ids: set[int]) -> None:
        now = time.time()
        self.recent.append((now, frozenset(ids)))
        while self.recent and self.recent[0][0] < now - RECENT_SECONDS:
            self.recent.popleft()

    def _mark_stale(self, reason: str) -> None:
        try:
            self.runtime.store.mark_stale(reason)
        except OSError:
            log.exception("cannot mark the search index stale")
