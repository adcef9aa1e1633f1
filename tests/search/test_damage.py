"""An index damaged while the forum runs heals itself: searches say "temporarily unavailable" (never a
500), the damage is noticed by a search or by a write, the index is rebuilt from the database in the
background without a restart, and /healthz reports the rebuild meanwhile."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from forum.services import replies
from tests.search.test_sync import verify_passes, wait_until

# Damage to the index folder: Whoosh's. On PostgreSQL the search table is part of the database, with no
# index of its own to be damaged apart from it.
pytestmark = pytest.mark.parametrize("search_backend", ["whoosh"])

GARBAGE = {"zeros": b"\x00" * 4096, "noise": random.Random(13).randbytes(4096)}


def damage(folder: Path, garbage: bytes) -> None:
    """Overwrite the first 4 KiB of every segment and table-of-contents file, as a failing disk might."""
    damaged = 0
    for path in folder.iterdir():
        if path.suffix in (".seg", ".toc"):
            with open(path, "r+b") as file:
                file.write(garbage)
            damaged += 1
    assert damaged


def search_answers(client, words: str) -> list[int] | None:
    """The thread ids found through the API, or None while search says it is unavailable."""
    response = client.get("/api/v1/search", query_string={"q": words})
    if response.status_code == 503:
        assert response.get_json()["error"]["code"] == "search_unavailable"
        return None
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return [item["thread_id"] for item in response.get_json()["items"]]


@pytest.fixture
def threads(make_thread, indexed):
    made = [make_thread(title=f"Een vraag over kinderformuleringen nummer {n}", body="Welke smaak werkt?",
                        replies_count=2) for n in range(4)]
    indexed()
    return made


@pytest.mark.parametrize("garbage", GARBAGE.values(), ids=GARBAGE.keys())
def test_searches_on_a_damaged_index_say_unavailable_until_it_is_rebuilt(client, threads, search, garbage):
    folder = search.store.current()
    damage(folder, garbage)  # (searches before it would leave a searcher that still answers some from memory)

    for words in ("kinderformuleringen", "smaak", "vraag nummer", "werkt"):
        search_answers(client, words)
        page = client.get("/search", query_string={"q": words})
        assert page.status_code in (200, 503), page.get_data(as_text=True)[:500]
        assert client.get("/api/v1/search/similar", query_string={"q": words}).status_code in (200, 503)

    assert wait_until(lambda: search.store.current() != folder and not search.building, timeout=20)
    assert sorted(search_answers(client, "kinderformuleringen")) == sorted(t.id for t in threads)
    assert verify_passes()


@pytest.mark.parametrize("garbage", GARBAGE.values(), ids=GARBAGE.keys())
def test_a_write_to_a_damaged_index_rebuilds_it_and_nothing_is_lost(client, threads, search, indexed, make_user,
                                                                  garbage):
    folder = search.store.current()
    damage(folder, garbage)

    reply = replies.reply(make_user(), threads[0], "Probeer een suspensie met aardbeiensmaak.")

    assert wait_until(lambda: search.store.current() != folder and not search.building, timeout=20)
    indexed()  # the writer does not retry the broken index forever
    assert search_answers(client, "aardbeiensmaak") == [threads[0].id]
    assert reply.id and verify_passes()
    assert search.writer.failures == 0 and not search.store.is_stale()


def test_healthz_reports_the_rebuild_while_it_runs(app, client, threads, search, indexed, held_rebuild):
    assert client.get("/healthz").get_json()["search"] == "whoosh"
    assert client.get("/healthz").get_json()["search_state"] == "ok"
    release = held_rebuild  # as if the database were big
    damage(search.store.current(), GARBAGE["zeros"])
    assert search_answers(client, "smaak") is None
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json()["search"] == "whoosh" and health.get_json()["search_state"] == "rebuilding"
    assert health.get_json()["status"] == "degraded"

    release.set()
    assert wait_until(lambda: client.get("/healthz").get_json()["search_state"] == "ok", timeout=20)
    assert client.get("/healthz").get_json()["status"] == "ok"
    assert len(search_answers(client, "smaak")) == len(threads)


def test_a_healthy_index_is_not_rebuilt_for_a_query_it_cannot_answer(client, threads, search):
    folder = search.store.current()
    for words in ('"', "NOT", "board:", "(((", "*", "tag:atmp AND NOT OR"):
        assert client.get("/api/v1/search", query_string={"q": words}).status_code in (200, 400, 422)
    time.sleep(0.2)
    assert search.store.current() == folder and not search.building
