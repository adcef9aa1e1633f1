"""Redis being down does not stop posting, and loses no live event: it waits in the outbox until Redis is back."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Post
from forum.services import replies
from tests.conftest import question_of
from tests.realtime.conftest import RedisServer

pytestmark = pytest.mark.scale


@pytest.fixture
def redis_later():
    """A Redis that is not running yet, on a port of its own."""
    server = RedisServer()
    yield server
    server.stop()


@pytest.fixture
def app_config(redis_later):
    return {"REDIS_URL": redis_later.url}


def test_a_reply_posted_while_redis_is_down_reaches_the_live_reader_once_it_is_back(
        app, live, connect, make_user, make_thread, redis_later, caplog):
    thread = make_thread()
    reader = connect(make_user())
    assert reader.join(f"thread:{thread.id}", after=question_of(thread).id)["ok"]

    post = replies.reply(make_user(), thread, "Saved even though live updates are down.")

    db.session.expire_all()
    assert db.session.get(Post, post.id).status == "published"
    assert "event sink failed" not in caplog.text
    assert live.bus.pending >= 1  # kept, not dropped
    assert reader.events("post.created") == []

    redis_later.start()

    [event] = reader.wait_for("post.created", timeout=15)
    assert event["post"]["id"] == post.id
    assert live.bus.pending == 0


def test_healthz_reports_redis_down_then_ok(client, redis_later):
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json()["redis"] == "down" and health.get_json()["status"] == "degraded"

    redis_later.start()

    assert client.get("/healthz").get_json()["redis"] == "ok"
