"""Faults while a served process works: killed with SIGKILL in the middle of a stream of posts (no
acknowledged post lost, `search verify` clean after the restart), and its search index deleted while it
serves (found again within seconds, without a restart)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from forum.extensions import db
from forum.models import Post
from forum.services import accounts
from tests.realtime.conftest import ROOT, wait_until
from tests.realtime.test_served import found, health


def post_reply(base: str, token: str, thread_id: int, body: str) -> int | None:
    """The id of the acknowledged reply, or None if the server did not acknowledge it."""
    request = urllib.request.Request(
        f"{base}/api/v1/threads/{thread_id}/posts", data=json.dumps({"body": body}).encode(), method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read())["id"] if response.status == 201 else None
    except (OSError, ValueError):
        return None


def verify(app, instance: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "FORUM_INSTANCE": str(instance), "FORUM_SEARCH_DIR": str(instance / "search"),
                   "FORUM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
                   "FORUM_SECRET_KEY": app.config["SECRET_KEY"]}
    command = Path(sys.executable).with_name("fast-forum")
    return subprocess.run([str(command), "search", "verify"], env=environment, capture_output=True, text=True,
                          cwd=ROOT, timeout=60)


def test_a_process_killed_during_a_stream_of_posts_loses_no_acknowledged_post(
        app, server_processes, make_user, make_thread, tmp_path):
    thread = make_thread(title="Welke route voor een weesgeneesmiddel?")
    thread_id = thread.id  # the writers run outside the app context
    token = accounts.issue_token(make_user())
    [base] = server_processes(1)
    killed = server_processes.processes[0]
    acknowledged: list[int] = []
    stop = threading.Event()

    def stream() -> None:
        n = 0
        while not stop.is_set():
            post_id = post_reply(base, token, thread_id, f"Bericht {n} in de stroom over kostenvergoeding.")
            if post_id is not None:
                acknowledged.append(post_id)
            n += 1

    writers = [threading.Thread(target=stream) for _ in range(3)]
    for writer in writers:
        writer.start()
    assert wait_until(lambda: len(acknowledged) >= 15, timeout=20), "the server acknowledged too few posts"
    killed.send_signal(signal.SIGKILL)
    killed.wait(10)
    time.sleep(0.3)
    stop.set()
    for writer in writers:
        writer.join(10)

    instance = tmp_path / "process-0"
    [restarted] = server_processes(1, env={"FORUM_INSTANCE": str(instance),
                                           "FORUM_SEARCH_DIR": str(instance / "search")})
    db.session.expire_all()
    stored = set(db.session.scalars(db.select(Post.id).where(Post.thread_id == thread.id)))
    assert set(acknowledged) <= stored, f"lost: {sorted(set(acknowledged) - stored)}"
    assert health(restarted)["database"] == "ok"
    assert wait_until(lambda: verify(app, instance).returncode == 0, timeout=20, interval=1), \
        verify(app, instance).stdout[-2000:]
    assert thread.id in found(restarted, "kostenvergoeding")


def test_an_index_deleted_while_serving_heals_within_seconds(server_processes, make_user, make_thread, tmp_path):
    thread = make_thread(title="Waar vinden we GMP-capaciteit voor virale vectoren?")
    token = accounts.issue_token(make_user())
    # The index folder is Whoosh's (on PostgreSQL the search table is part of the database).
    [base] = server_processes(1, env={"FORUM_SEARCH_BACKEND": "whoosh"})
    assert wait_until(lambda: thread.id in found(base, "vectoren"), timeout=20)

    shutil.rmtree(tmp_path / "process-0" / "search")
    deleted_at = time.monotonic()
    assert post_reply(base, token, thread.id, "Probeer het productiecentrum van het academisch ziekenhuis.")

    assert wait_until(lambda: thread.id in found(base, "productiecentrum"), timeout=10, interval=0.1), \
        "the index did not heal without a restart"
    assert thread.id in found(base, "vectoren")  # what was indexed before the deletion is back too
    assert time.monotonic() - deleted_at < 10
    assert wait_until(lambda: health(base)["search_state"] == "ok", timeout=5)
