"""Search for one app: the live index, its single writer, and what happens at start.

At start (the first request, search or indexed change) the live index is opened and checked. If it
is missing or cannot be read, it is rebuilt from the database by the writer, in the background:
meanwhile searches raise SearchUnavailable (on a small database they wait the second it takes).
An index damaged later (a failing disk) is noticed when a search or a write fails on it: checked again
as at start, and found unreadable, it is rebuilt the same way, without a restart.
Changes a crash left unwritten (the journal) are indexed, and a stale index is compared with the
database and repaired. An index rebuilt by another process (`fast-forum search rebuild`) is picked
up on the next search or write.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from forum.extensions import db
from search_index.documents import count_documents
from search_index.errors import SearchUnavailable
from search_index.store import IndexStore
from search_index.whoosh_backend import IndexUnreadable, WhooshBackend
from search_index.writer import SingleWriter

log = logging.getLogger(__name__)

EXTENSION = "search_index"
# Below this many posts a search waits for a start-up rebuild instead of saying "unavailable".
WAIT_FOR_REBUILD_BELOW = 5000
WAIT_SECONDS = 10.0


class SearchRuntime:
    def __init__(self, app: Flask):
        self.app = app
        self.store = IndexStore(app.config["SEARCH_INDEX_DIR"])
        self.inline = bool(app.config.get("SEARCH_SYNC_INLINE", False))
        self.writer = SingleWriter(self)
        self.lock = threading.RLock()
        self.started = False
        self.building = False
        self.built = threading.Event()
        self._backend: WhooshBackend | None = None
        self._folder: Path | None = None
        self._version = 0
        self._small_database: bool | None = None
        self._engine = None

    # Start-up

    def ensure_started(self) -> None:
        if self.started:
            return
        with self.lock:
            if self.started:
                return
            self.store.remove_abandoned()
            if not self._open_current():
                self._start_rebuild()
            else:
                ids, journal = self.store.pending()
                if self.store.is_stale():
                    self.writer.submit_repair()
                elif ids:
                    self.writer.submit(ids, journal)
            self.started = True

    def _open_current(self) -> bool:
        folder, version = self.store.current(), self.store.version()
        if folder is None:
            return False
        try:
            backend = WhooshBackend.open(folder)
        except IndexUnreadable as error:
            log.warning("search index unreadable, rebuilding: %s", error)
            return False
        self._backend, self._folder, self._version = backend, folder, version
        return True

    def _start_rebuild(self) -> None:
        self.building = True
        self.built.clear()
        self._backend = None
        self._small_database = None
        self.writer.submit_rebuild()

    def install(self, folder: Path) -> None:
        """Make a freshly built index folder the live one (called by whoever built it)."""
        backend = WhooshBackend.open(folder)
        self.store.activate(folder)
        with self.lock:
            self._backend, self._folder, self._version = backend, folder, self.store.version()
            self.building = False
            self.started = True
        self.built.set()

    def damaged(self, backend: WhooshBackend) -> bool:
        """Check the index again as at start, after an operation on it failed (any thread may call this)."""
        try:
            WhooshBackend.open(backend.path).close()
        except IndexUnreadable as damage:
            log.error("the search index is damaged: %s", damage)
            return True
        return False

    def replace_damaged(self, backend: WhooshBackend) -> None:
        """Rebuild a damaged live index from the database, in the background; searches say unavailable."""
        with self.lock:
            if backend is self._backend and not self.building:
                log.warning("rebuilding the search index from the database")
                self._start_rebuild()

    def rebuild_failed(self) -> None:
        log.error("the search index could not be rebuilt; search stays unavailable until it can")

    # The live index

    def search_backend(self) -> WhooshBackend:
        """The index to search; SearchUnavailable while it is being built."""
        self.ensure_started()
        if self.building and self._wait_for_small_rebuild():
            self.built.wait(WAIT_SECONDS)
        if self._follow_switch():
            self.writer.submit_replay()
        backend = self._backend
        if self.building or backend is None:
            raise SearchUnavailable()
        return backend

    @contextmanager
    def searching(self) -> Iterator[WhooshBackend]:
        """The index to search, for a block that reads it. An error there from an index that turns out
        damaged (or was replaced meanwhile) becomes SearchUnavailable, and a rebuild starts."""
        backend = self.search_backend()
        try:
            yield backend
        except Exception as error:
            if backend is not self._backend or self.building:
                raise SearchUnavailable() from error
            if not self.damaged(backend):
                raise
            self.replace_damaged(backend)
            raise SearchUnavailable() from error

    @property
    def state(self) -> str:
        """For /healthz: "rebuilding" while searches may say unavailable, "retrying" while a failed write
        waits to be written again, else "ok"."""
        if self.building:
            return "rebuilding"
        return "retrying" if self.writer.failed else "ok"

    def writable_backend(self) -> WhooshBackend | None:
        """The index the writer updates, or None while a rebuild is under way (it reads every change)."""
        self.ensure_started()
        self._follow_switch()
        return None if self.building else self._backend

    def _follow_switch(self) -> bool:
        """Open the index another process made current, if it did (True then)."""
        if self.store.version() == self._version or self.building:
            return False
        with self.lock:
            if self.store.version() == self._version or self.building:
                return False
            if not self._open_current():
                self._start_rebuild()
            return True

    def reading_session(self) -> Session:
        """A session of the writer's own: its reads stay out of the requests' connection pool (and out of
        tests that count a request's SQL statements)."""
        if self._engine is None:
            with self.app.app_context():
                url = db.engine.url
                if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
                    self._engine = db.engine  # a private in-memory database is only reachable this way
                elif url.get_backend_name() == "sqlite":
                    self._engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": 10})
                else:
                    self._engine = create_engine(url, pool_size=1, max_overflow=2, pool_pre_ping=True)
        return Session(self._engine)

    @property
    def folder(self) -> Path | None:
        return self._folder

    def _wait_for_small_rebuild(self) -> bool:
        if self._small_database is None:
            try:
                self._small_database = count_documents() <= WAIT_FOR_REBUILD_BELOW
            except Exception:
                self._small_database = False
        return self._small_database


def init_app(app: Flask) -> SearchRuntime:
    existing = app.extensions.get(EXTENSION)
    if existing is not None:
        return existing
    from search_index import sync  # sync reads the runtime of the app that flushes: imported once it exists

    app.config.setdefault("SEARCH_SYNC_INLINE", False)
    runtime = SearchRuntime(app)
    app.extensions[EXTENSION] = runtime
    sync.install()
    app.before_request(runtime.ensure_started)
    return runtime


def current() -> SearchRuntime:
    runtime = current_app.extensions.get(EXTENSION)
    if runtime is None:
        raise RuntimeError("search_index.init_app(app) was not called")
    return runtime


def maybe_current() -> SearchRuntime | None:
    from flask import has_app_context

    if not has_app_context():
        return None
    return current_app.extensions.get(EXTENSION)
