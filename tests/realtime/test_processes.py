"""Several server processes behind Redis: an event on one process reaches clients on the others."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import question_of
from tests.realtime.conftest import ROOT, Browser, events_named, wait_until

pytestmark = pytest.mark.scale


@pytest.fixture
def two_processes(redis_url, server_processes):
    return server_processes(2, redis_url)


def test_a_reply_on_process_a_reaches_a_client_on_process_b(two_processes, open_socket, make_user,
                                                            make_thread):
    a, b = two_processes
    thread = make_thread()
    reader = open_socket(b)
    assert reader.call("join", {"room": f"thread:{thread.id}", "after": question_of(thread).id}, timeout=5)["ok"]
    writer = Browser(a)
    writer.sign_in(make_user(name="Pieter Visser").email)

    writer.reply(thread.id, "Our hospital pharmacy made the batches under a GMP licence.")

    [event] = wait_until(lambda: events_named(reader, "post.created"), timeout=10)
    assert event["post"]["author"]["name"] == "Pieter Visser"
    assert "hospital pharmacy" in event["post"]["html"]


def test_presence_and_typing_cross_processes(two_processes, open_socket, make_user, make_thread):
    a, b = two_processes
    thread = make_thread()
    room = {"room": f"thread:{thread.id}"}
    typist = Browser(a)
    typist.sign_in(make_user(name="Sanne").email)
    on_a, on_b = open_socket(a, typist), open_socket(b)
    on_a.call("join", room, timeout=5)
    on_b.call("join", room, timeout=5)

    assert wait_until(lambda: (events_named(on_a, "presence") or [{}])[-1].get("count") == 2, timeout=10)
    assert wait_until(lambda: (events_named(on_b, "presence") or [{}])[-1].get("count") == 2, timeout=10)
    assert on_a.call("typing", {"thread_id": thread.id}, timeout=5) == {"ok": True}
    [typing] = wait_until(lambda: events_named(on_b, "typing"), timeout=10)
    assert typing["user"]["name"] == "Sanne"


CLI_JOB = """
from forum import create_app, realtime
from forum.extensions import db
from forum.models import Thread, User
from forum.services import replies

app = create_app()
realtime.init_app(app)
with app.app_context():
    thread = db.session.get(Thread, {thread_id})
    replies.reply(db.session.get(User, {user_id}), thread, "Posted by a command-line job.")
"""


def test_a_command_line_job_reaches_live_clients(redis_url, server_processes, open_socket, make_user,
                                                 make_thread, app, tmp_path):
    [server] = server_processes(1, redis_url)
    thread = make_thread()
    reader = open_socket(server)
    reader.call("join", {"room": f"thread:{thread.id}"}, timeout=5)
    env = {**os.environ, "FORUM_INSTANCE": str(tmp_path / "job"), "FORUM_SECRET_KEY": "job",
           "FORUM_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "FORUM_REDIS_URL": redis_url,
           "FORUM_SEARCH_DIR": str(tmp_path / "job" / "search"), "FORUM_HOLD_REPLIES_BELOW": "0"}

    subprocess.run([sys.executable, "-c", CLI_JOB.format(thread_id=thread.id, user_id=make_user().id)],
                   env=env, cwd=ROOT, check=True, timeout=60)

    [event] = wait_until(lambda: events_named(reader, "post.created"), timeout=10)
    assert "command-line job" in event["post"]["html"]
