"""Search on for every test here, on each backend the database allows: a real Whoosh index in the test's
instance folder, and (on PostgreSQL) the search table."""

from __future__ import annotations

import threading

import pytest

import search_index
from tests.databases import SEARCH_BACKENDS

# The PostgreSQL backend's own tests exist where it does (as its parameter of the shared suite does).
collect_ignore = [] if "postgres" in SEARCH_BACKENDS else ["test_postgres_search.py"]


@pytest.fixture(params=SEARCH_BACKENDS)
def search_backend(request):
    return request.param


@pytest.fixture(autouse=True)
def search(app):
    """The app's search runtime (init_app is idempotent, so this also works once create_app calls it)."""
    runtime = search_index.init_app(app)
    if "search" not in app.cli.commands:
        app.cli.add_command(search_index.search_group)
    yield runtime
    runtime.writer.flush(20)


@pytest.fixture
def indexed(search):
    """Call to wait until every committed change is searchable."""

    def wait() -> None:
        assert search_index.flush_pending(20), "the search writer did not catch up"

    return wait


@pytest.fixture
def find(indexed):
    """find(user, q, **options) -> the thread ids of the results, after the writer caught up."""

    def run(user, q, **options) -> list[int]:
        indexed()
        return [item["thread_id"] for item in search_index.search(user, q, **options)["items"]]

    return run


@pytest.fixture
def held_rebuild(monkeypatch):
    """Rebuilds wait for the returned event (at most 10 s), as a big index's would take long; and no
    database counts as small enough to wait for its rebuild."""
    from search_index import rebuild, runtime

    monkeypatch.setattr(runtime, "WAIT_FOR_REBUILD_BELOW", 0)
    release = threading.Event()
    real_build = rebuild.build

    def slow_build(*args, **kwargs):
        release.wait(10)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(rebuild, "build", slow_build)
    return release
