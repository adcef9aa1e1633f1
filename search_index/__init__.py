"""Full-text search: the index behind a small interface, kept in step with the database.

    init_app(app)                 bind search to an app (the lead calls it from create_app)
    search(user, q, ...)          a page of threads matching a query, checked against permissions
    similar(user, text)           similar published questions (ask form, review queue)
    index_threads(ids)            re-index threads changed outside the ORM (bulk import)
    flush_pending(timeout)        wait until every committed change is searchable
    search_group                  the `search rebuild` / `search verify` commands
"""

from __future__ import annotations

from collections.abc import Iterable

from search_index.cli import search_group
from search_index.errors import SearchUnavailable
from search_index.query import MAX_QUERY_CHARS, QueryTooLong
from search_index.runtime import current, init_app
from search_index.searching import search, similar


def index_threads(thread_ids: Iterable[int], wait: bool = False) -> None:
    """Have the writer re-read these threads (for changes made without ORM objects, e.g. bulk inserts)."""
    current().writer.submit(thread_ids, wait=wait)


def flush_pending(timeout: float = 10.0) -> bool:
    """Wait until the writer has written everything handed to it; False if the timeout passed first."""
    runtime = current()
    runtime.ensure_started()
    return runtime.writer.flush(timeout)


__all__ = ["MAX_QUERY_CHARS", "QueryTooLong", "SearchUnavailable", "flush_pending", "index_threads",
           "init_app", "search", "search_group", "similar"]
