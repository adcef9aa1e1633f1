"""PostgreSQL restarted while a served process takes a stream of 200 posts: every acknowledged post is stored
and searchable afterwards, and the server recovers by itself (its pool pre-pings and reconnects).

The test runs its own throwaway cluster (tests.postgres_cluster), so restarting it touches no other test;
it runs in both passes of the suite."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid

from sqlalchemy import create_engine, text

from tests.realtime.conftest import wait_until

POSTS = 200
RESTART_AFTER = 60


def _call(base: str, method: str, path: str, token: str, body: dict | None = None, key: str | None = None):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if key:
        headers["Idempotency-Key"] = key
    request = urllib.request.Request(base + "/api/v1" + path, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as refused:
        return refused.code, None
    except OSError:
        return None, None


def test_a_database_restart_during_200_posts_loses_no_acknowledged_post(cluster, server_processes, tmp_path):
    thread_id, _question, token = cluster.seed(
        tmp_path / "forum", "regulatory", "Een draad die een herstart doorstaat",
        "Wij schrijven door terwijl de database opnieuw start.", ["atmp"])
    base, = server_processes(1, env={"FORUM_DATABASE_URL": cluster.url})

    acknowledged: dict[int, str] = {}  # post id -> its word
    for number in range(POSTS):
        if number == RESTART_AFTER:
            cluster.restart()
        word = f"herstartwoord{number}x"
        key = uuid.uuid4().hex
        deadline = time.monotonic() + 30
        while True:  # a client retries with the same key until the forum answers
            status, body = _call(base, "POST", f"/threads/{thread_id}/posts", token,
                                 {"body": f"Bericht {number} met het woord {word}."}, key)
            if status in (200, 201):
                acknowledged[body["id"]] = word
                break
            assert status in (None, 500, 503), status  # unavailable, never a wrong answer
            assert time.monotonic() < deadline, f"post {number} never went through"
            time.sleep(0.2)

    assert len(acknowledged) == POSTS  # each post once: a retried key is not a second post
    engine = create_engine(cluster.url)
    with engine.connect() as connection:
        stored = {row[0] for row in connection.execute(text("SELECT id FROM posts WHERE thread_id = :t"),
                                                       {"t": thread_id})}
    engine.dispose()
    assert set(acknowledged) <= stored
    assert len(stored) == POSTS + 1  # and the question

    def found(post_id: int) -> bool:
        status, body = _call(base, "GET", f"/search?q={acknowledged[post_id]}", token)
        return status == 200 and any(item.get("post_id") == post_id for item in body["items"])

    by_number = sorted(acknowledged)
    for post_id in (by_number[0], by_number[RESTART_AFTER], by_number[-1]):  # before, at and after the restart
        assert wait_until(lambda post_id=post_id: found(post_id), timeout=5), acknowledged[post_id]
    with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
        assert json.loads(response.read())["database"] == "ok"
