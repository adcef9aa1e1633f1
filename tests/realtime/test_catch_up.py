"""A dropped connection loses nothing: on reconnect the client gets what it missed, once, in order."""

from __future__ import annotations

from forum.services import replies
from tests.conftest import question_of


def test_posts_missed_while_disconnected_arrive_once_in_order(connect, make_user, make_thread, app):
    thread = make_thread()
    member = make_user()
    http = app.test_client()
    first = connect(member, http=http)
    first.join(f"thread:{thread.id}", after=question_of(thread).id)
    seen = replies.reply(make_user(), thread, "Seen live before the connection dropped.")
    assert [e["post"]["id"] for e in first.wait_for("post.created")] == [seen.id]
    first.disconnect()

    missed = [replies.reply(make_user(), thread, f"Missed reply number {n}.") for n in range(5)]
    again = connect(http=http)  # the same browser session reconnects
    answer = again.join(f"thread:{thread.id}", after=seen.id)

    assert [e["post"]["id"] for e in answer["missed"]] == [post.id for post in missed]
    assert [f"Missed reply number {n}." in e["post"]["html"] for n, e in enumerate(answer["missed"])] == [True] * 5
    assert answer["truncated"] is False
    assert again.events("post.created") == []  # nothing sent twice
    later = replies.reply(make_user(), thread, "Live again after the catch-up.")
    assert [e["post"]["id"] for e in again.wait_for("post.created")] == [later.id]


def test_more_missed_posts_than_the_limit_ask_for_a_reload(connect, make_user, make_thread, app):
    app.config["REALTIME_MISSED_LIMIT"] = 3
    thread = make_thread(replies_count=5)

    answer = connect(make_user()).join(f"thread:{thread.id}", after=question_of(thread).id)

    assert len(answer["missed"]) == 3
    assert answer["truncated"] is True


def test_joining_without_a_position_sends_no_history(connect, make_thread):
    thread = make_thread(replies_count=2)

    assert connect().join(f"thread:{thread.id}")["missed"] == []
