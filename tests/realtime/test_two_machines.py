"""Two machines, as a new user would start them: two `fast-forum run` processes, each with its own instance
folder, sharing nothing but PostgreSQL and Redis. A post made through either one reaches live clients on
both, and search on either finds it within a second of the commit (the index is in the database, written
in the post's own transaction).

The database is a private cluster (tests.postgres_cluster), so the test runs in both passes of the suite."""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.realtime.conftest import events_named, wait_until

pytestmark = pytest.mark.scale
FOUND_WITHIN = 1.0  # seconds from the acknowledged post to a search on the other machine that finds it


def _call(base: str, method: str, path: str, token: str, body: dict | None = None):
    request = urllib.request.Request(base + "/api/v1" + path, method=method,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                                     data=json.dumps(body).encode() if body is not None else None)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read() or b"null")


def _health(base: str) -> dict:
    with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
        return json.loads(response.read())


def _finds(base: str, token: str, word: str, post_id: int) -> bool:
    status, body = _call(base, "GET", "/search?" + urllib.parse.urlencode({"q": word}), token)
    assert status == 200, body
    return any(item.get("post_id") == post_id for item in body["items"])


def test_either_machine_shows_and_finds_a_post_made_through_the_other(cluster, redis_url, server_processes,
                                                                      open_socket, tmp_path):
    thread_id, question_id, token = cluster.seed(
        tmp_path / "setup", "manufacturing", "Twee machines, een forum",
        "Wij schrijven op de ene machine en zoeken op de andere.", ["gmp"])
    fast_forum = Path(sys.executable).with_name("fast-forum")
    machines = server_processes(2, redis_url, env={"FORUM_DATABASE_URL": cluster.url},
                                command=lambda port: [str(fast_forum), "run", "--no-demo", "--port", str(port)])
    for base in machines:
        health = _health(base)
        assert (health["database"], health["search"], health["redis"]) == ("ok", "postgres", "ok"), health
    readers = [open_socket(base) for base in machines]
    for reader in readers:
        assert reader.call("join", {"room": f"thread:{thread_id}", "after": question_id}, timeout=5)["ok"]

    posted = []
    for number, (through, searched_on) in enumerate((machines, machines[::-1])):
        word = f"tweemachinewoord{number}q"
        status, body = _call(through, "POST", f"/threads/{thread_id}/posts", token,
                             {"body": f"Bericht {number} met het woord {word}, via de ene machine."})
        acknowledged = time.monotonic()
        assert status == 201, body
        found = wait_until(lambda base=searched_on, word=word, post=body["id"]: _finds(base, token, word, post),
                           timeout=FOUND_WITHIN, interval=0.02)
        waited = time.monotonic() - acknowledged
        assert found and waited <= FOUND_WITHIN + 0.2, f"{searched_on} found post {number} after {waited:.2f} s"
        posted.append(body["id"])

    def seen(reader) -> list[int]:
        return [event["post"]["id"] for event in events_named(reader, "post.created")]

    assert wait_until(lambda: all(seen(reader) == posted for reader in readers), timeout=10), \
        [seen(reader) for reader in readers]
