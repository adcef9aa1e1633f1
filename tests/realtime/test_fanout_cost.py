"""The fan-out of a reply reads the same few statements and renders the same few fragments for 10 viewers or
200: one narrow query for every viewer's id, role, ban and session, one for the post with what it shows."""

from __future__ import annotations

from collections import Counter

import pytest

from forum.extensions import db
from forum.realtime import rooms
from forum.realtime.fanout import Fanout
from forum.realtime.registry import Registry, TokenBucket, Viewer
from forum.services import replies


@pytest.fixture
def audience(app, make_user, make_thread):
    """audience(n) -> (registry, thread id, post id): n sockets in a thread's room, one in six a visitor, one in
    twenty a moderator, after a reply was posted."""

    def build(count: int):
        thread = make_thread()
        registry = Registry()
        for n in range(count):
            user = None if n % 6 == 5 else make_user("moderator" if n % 20 == 0 else "member")
            viewer = Viewer(sid=f"socket-{n}", user_id=user.id if user else None,
                            session_version=user.session_version if user else None, locale="nl",
                            bucket=TokenBucket(1, 1))
            registry.add(viewer)
            registry.join(viewer.sid, rooms.thread_room(thread.id))
        post = replies.reply(make_user("expert"), thread, "Vraag het CBG om wetenschappelijk advies.")
        return registry, thread.id, post.id

    return build


def fan_out(app, count_queries, registry, thread_id: int, post_id: int) -> tuple[int, Counter, Counter]:
    sent: Counter = Counter()
    emits: Counter = Counter()

    def emit(event, data, sids):
        if event == "post.created":
            sent[event] += len(sids)
            emits[data["post"]["html"]] += 1

    db.session.remove()  # the fan-out runs in a fresh session, as after a real commit
    with app.test_request_context("/"), count_queries() as statements:
        Fanout(registry, emit, lambda thread_id: 0).dispatch(
            "post.created", {"thread_id": thread_id, "post_id": post_id})
    return len(statements), sent, emits


def test_statements_and_renderings_do_not_grow_with_the_viewers(app, audience, count_queries):
    small = audience(10)
    large = audience(200)

    small_statements, small_sent, small_emits = fan_out(app, count_queries, *small)
    large_statements, large_sent, large_emits = fan_out(app, count_queries, *large)

    assert small_sent["post.created"] == 10 and large_sent["post.created"] == 200
    assert large_statements == small_statements <= 3
    # One rendering and one emit per kind of viewer (visitor, member, moderator), however many of each.
    assert list(large_emits.values()) == list(small_emits.values()) == [1, 1, 1]
