"""Access taken away mid-session takes effect at once: private question, logout, ban, ended sessions."""

from __future__ import annotations

from forum import events
from forum.extensions import db
from forum.services import accounts, replies
from moderation import publication


def make_private(thread) -> None:
    """Services do not offer this yet: flip the model and announce it as a service would."""
    thread.visibility = "private"
    events.publish("thread.updated", {"thread_id": thread.id})
    db.session.commit()


def test_a_question_made_private_stops_reaching_members_at_once(connect, make_user, make_thread):
    asker = make_user()
    thread = make_thread(author=asker)
    member, own = connect(make_user()), connect(asker)
    for socket in (member, own):
        socket.join(f"thread:{thread.id}")

    make_private(thread)
    replies.reply(asker, thread, "Now that it is private: our trial site is in Leiden.")

    assert member.wait_for("access.revoked") == [{"room": f"thread:{thread.id}"}]
    assert member.events("post.created") == []
    assert member.events("thread.updated") == []
    assert len(own.wait_for("post.created")) == 1
    assert own.events("thread.updated")[0]["visibility"] == "private"


def test_a_member_who_lost_access_cannot_join_again(connect, make_user, make_thread):
    thread = make_thread()
    member = connect(make_user())
    member.join(f"thread:{thread.id}")

    make_private(thread)

    assert member.join(f"thread:{thread.id}") == {"ok": False, "error": "not_allowed"}


def test_status_changes_reach_viewers_with_the_new_header(connect, make_user, make_thread):
    thread = make_thread(status="answered")
    viewer = connect()
    viewer.join(f"thread:{thread.id}")

    publication.lock(make_user("moderator"), thread)

    [update] = viewer.wait_for("thread.updated")
    assert update["status"] == "closed"
    assert "status-closed" in update["status_html"]


def test_logging_out_disconnects_the_member_s_sockets(connect, make_user, make_thread, app, login):
    thread = make_thread()
    member = make_user()
    http = app.test_client()
    socket = connect(member, http=http)
    socket.join(f"thread:{thread.id}")
    other_tab = connect(member)

    assert http.post("/logout").status_code == 302

    socket.hub.wait_idle()
    assert not socket.connected and not other_tab.connected
    replies.reply(make_user(), thread, "Nobody logged out sees this.")
    assert socket.events("post.created") == []


def test_a_ban_disconnects_the_member(connect, make_user, make_thread):
    thread = make_thread()
    member = make_user()
    socket = connect(member)
    socket.join(f"thread:{thread.id}")

    accounts.set_banned(make_user("admin"), member.id, True)

    socket.hub.wait_idle()
    assert not socket.connected


def test_every_event_rechecks_the_session(connect, make_user, make_thread):
    """Even if the sessions-ended event was lost (Redis down), the next event from the socket notices."""
    thread = make_thread()
    member = make_user()
    socket = connect(member)
    member.session_version += 1
    db.session.commit()  # no event published

    assert socket.join(f"thread:{thread.id}") == {"ok": False, "error": "session_ended"}
    assert not socket.connected


def test_an_ended_session_receives_nothing_even_before_its_socket_notices(connect, make_user, make_thread, live):
    thread = make_thread()
    member = make_user()
    socket = connect(member)
    socket.join(f"thread:{thread.id}")
    member.session_version += 1
    db.session.commit()  # no event published

    replies.reply(make_user(), thread, "A reply after the password change.")

    live.wait_idle()
    assert socket.events("post.created") == []
    assert not socket.connected


def test_each_delivery_rechecks_access_even_without_an_announcement(connect, make_user, make_thread):
    asker = make_user()
    thread = make_thread(author=asker)
    member = connect(make_user())
    member.join(f"thread:{thread.id}")
    thread.visibility = "private"
    db.session.commit()  # changed behind the services' back: no thread.updated

    replies.reply(asker, thread, "Details only the moderators and experts should read.")

    assert member.wait_for("access.revoked") == [{"room": f"thread:{thread.id}"}]
    assert member.events("post.created") == []
