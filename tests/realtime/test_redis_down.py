"""Redis being down does not stop posting: the live event is lost, the post is saved."""

from __future__ import annotations

import pytest

from forum.extensions import db, socketio
from forum.models import Post
from forum.services import replies
from tests.realtime.conftest import free_port


@pytest.fixture
def app_config():
    return {"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}  # nothing listens there


@pytest.fixture(autouse=True)
def _forget_the_queue():
    """Flask-SocketIO keeps the Redis client manager in `socketio.server_options` for later apps."""
    yield
    socketio.server_options.pop("client_manager", None)
    socketio.server_options.pop("message_queue", None)


def test_a_reply_is_saved_while_redis_is_unreachable(app, live, make_user, make_thread, caplog):
    thread = make_thread()

    post = replies.reply(make_user(), thread, "Saved even though live updates are down.")

    db.session.expire_all()
    assert db.session.get(Post, post.id).status == "published"
    assert "event sink failed for post.created" in caplog.text
