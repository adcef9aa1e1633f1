"""Two server processes, each with its own instance folder, sharing one database and one Redis: live posts
reach clients on both, a Redis outage loses no live event, rate limits and the SLA tick hold across them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta

import pytest

from forum import job_lock
from forum.extensions import db
from forum.models import Notification, Post
from forum.models.clock import now
from moderation import assignments, sla
from moderation.models import AuditEntry
from tests.conftest import question_of
from tests.realtime.conftest import ROOT, Browser, events_named, wait_until

pytestmark = pytest.mark.scale
NUMBERED = re.compile(r"Reply number (\d+) in the stream")


def _join(client, thread) -> None:
    answer = client.call("join", {"room": f"thread:{thread.id}", "after": question_of(thread).id}, timeout=5)
    assert answer["ok"], answer


def _numbers(client) -> list[int]:
    return [int(match.group(1)) for event in events_named(client, "post.created")
            if (match := NUMBERED.search(event["post"]["html"]))]


def test_clients_on_both_processes_see_replies_posted_through_either(redis_url, server_processes, open_socket,
                                                                     make_user, make_thread):
    a, b = server_processes(2, redis_url)
    thread = make_thread()
    readers = [open_socket(a), open_socket(b)]
    for reader in readers:
        _join(reader, thread)
    writers = [Browser(a), Browser(b)]
    for writer in writers:
        writer.sign_in(make_user().email)

    writers[0].reply(thread.id, "Reply number 0 in the stream, through the first process.")
    assert wait_until(lambda: all(_numbers(reader) == [0] for reader in readers), timeout=10)
    writers[1].reply(thread.id, "Reply number 1 in the stream, through the second process.")

    assert wait_until(lambda: all(_numbers(reader) == [0, 1] for reader in readers), timeout=10), \
        [_numbers(reader) for reader in readers]


def test_a_redis_outage_during_a_stream_of_posts_loses_no_live_event(redis_server, server_processes, open_socket,
                                                                      make_user, make_thread):
    a, b = server_processes(2, redis_server.url)
    thread = make_thread()
    readers = [open_socket(a), open_socket(b)]
    for reader in readers:
        _join(reader, thread)
    writers = [Browser(a), Browser(b)]
    for writer in writers:
        writer.sign_in(make_user().email)

    def post(number: int) -> None:  # through either process in turn; an error answer raises here
        writers[number % 2].reply(thread.id, f"Reply number {number} in the stream.")

    for number in range(4):
        post(number)
    assert wait_until(lambda: all(len(_numbers(reader)) == 4 for reader in readers), timeout=10)

    redis_server.stop()
    outage_started = time.monotonic()
    for number in range(4, 14):
        post(number)
        time.sleep(0.3)
    for writer in writers:  # reading goes on too
        assert "Reply number 13 in the stream" in writer.get(f"/t/{thread.id}")
    assert all(len(_numbers(reader)) == 4 for reader in readers)  # live events wait for Redis ...
    assert all(reader.connected for reader in readers)
    time.sleep(max(0.0, 5 - (time.monotonic() - outage_started)))  # about 5 s without Redis
    redis_server.start()
    for number in range(14, 18):
        post(number)

    for reader in readers:  # ... and then every one arrives, once, in the order each process published it
        assert wait_until(lambda reader=reader: len(_numbers(reader)) >= 18, timeout=30), _numbers(reader)
        time.sleep(0.5)  # room for a duplicate to show up
        received = _numbers(reader)
        assert sorted(received) == list(range(18))
        assert [n for n in received if n % 2 == 0] == list(range(0, 18, 2))
        assert [n for n in received if n % 2 == 1] == list(range(1, 18, 2))
    db.session.expire_all()
    assert db.session.query(Post).filter(Post.thread_id == thread.id).count() == 19


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_rate_limit_holds_across_processes_and_falls_back_to_memory_without_redis(redis_server,
                                                                                     server_processes):
    a, b = server_processes(2, redis_server.url, env={"FORUM_RATELIMIT": "1",
                                                      "FORUM_SEARCH_RATE_LIMIT": "4 per hour"})

    statuses = [_status(f"{base}/search?q=gmp") for base in (a, b, a, b, a, b)]

    assert statuses == [200, 200, 200, 200, 429, 429]
    redis_server.stop()
    # Each process counts on its own now: the limit still holds, per process, and nothing fails.
    assert [_status(f"{a}/search?q=gmp") for _ in range(5)] == [200, 200, 200, 200, 429]
    assert _status(f"{b}/search?q=gmp") == 200


RACER = """
import sys, time
from pathlib import Path
from forum import create_app
from moderation import sla

app = create_app()
with app.app_context():
    Path(sys.argv[1] + ".ready").touch()
    while not Path(sys.argv[2]).exists():
        time.sleep(0.005)
    print("RESULT", sla.tick_alone(), flush=True)
"""


def _overdue_assignments(make_user, make_thread, count: int) -> list[int]:
    moderator = make_user("moderator")
    expert = make_user("expert")
    expert.expert_boards, expert.max_open_assignments = "regulatory", count
    db.session.commit()
    ids = []
    for _ in range(count):
        [assignment] = assignments.escalate(moderator, make_thread(), [expert.id], due_days=1)
        ids.append(assignment.id)
    db.session.execute(db.update(type(assignment)).values(due_at=now() - timedelta(hours=1)))
    db.session.commit()
    return ids


@pytest.mark.parametrize("shared", ["redis", "database"])
def test_the_sla_tick_runs_once_when_two_processes_start_it_at_once(shared, request, app, make_user,
                                                                    make_thread, tmp_path):
    overdue = _overdue_assignments(make_user, make_thread, 12)
    env = {**os.environ, "FORUM_SECRET_KEY": "racer", "FORUM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "FORUM_HOLD_REPLIES_BELOW": "0", "FORUM_MAIL_BACKGROUND": "0"}
    env.pop("FORUM_REDIS_URL", None)
    if shared == "redis":
        env["FORUM_REDIS_URL"] = request.getfixturevalue("redis_url")
    go = tmp_path / "go"
    racers = []
    for n in range(2):
        instance = tmp_path / f"racer-{n}"
        racers.append(subprocess.Popen(
            [sys.executable, "-c", RACER, str(instance), str(go)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
            env={**env, "FORUM_INSTANCE": str(instance), "FORUM_SEARCH_DIR": str(instance / "search")}))
    assert wait_until(lambda: all((tmp_path / f"racer-{n}.ready").exists() for n in range(2)), timeout=60)
    go.touch()

    results = sorted(racer.communicate(timeout=60)[0].split("RESULT ")[-1].strip() for racer in racers)

    assert all(racer.returncode == 0 for racer in racers)
    assert results in (["0", "12"], ["12", "None"]), results
    db.session.expire_all()
    marked = db.session.scalars(db.select(AuditEntry.target_id).where(AuditEntry.action == "overdue")).all()
    assert sorted(marked) == sorted(overdue)
    reminded = db.session.scalars(db.select(Notification.thread_id).where(Notification.kind == "reminder")).all()
    assert len(reminded) == len(set(reminded)) == len(overdue)  # one reminder per late assignment


@pytest.mark.parametrize("shared", ["redis", "database"])
def test_the_sla_tick_skips_while_another_process_holds_its_lock(shared, request, app, make_user, make_thread):
    if shared == "redis":
        app.config["REDIS_URL"] = request.getfixturevalue("redis_url")
    overdue = _overdue_assignments(make_user, make_thread, 2)

    with job_lock.held(sla.LOCK) as got:
        assert got
        assert sla.tick_alone() is None
    db.session.expire_all()
    assert db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "overdue")).all() == []

    assert sla.tick_alone() == len(overdue)
