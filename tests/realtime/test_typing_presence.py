"""'X is typing…' for the others in a thread, and how many people view it."""

from __future__ import annotations

from forum.extensions import db


def test_typing_reaches_the_others_in_the_thread_but_not_the_typer(connect, make_user, make_thread):
    thread = make_thread()
    typist = make_user(name="Jan Bakker")
    writer, own_tab, reader, elsewhere = connect(typist), connect(typist), connect(make_user()), connect()
    for socket in (writer, own_tab, reader):
        socket.join(f"thread:{thread.id}")
    elsewhere.join(f"thread:{make_thread().id}")

    assert writer.emit("typing", {"thread_id": thread.id}) == {"ok": True}

    assert reader.wait_for("typing") == [{"thread_id": thread.id, "user": {"id": typist.id, "name": "Jan Bakker"}}]
    assert writer.events("typing") == [] and own_tab.events("typing") == []
    assert elsewhere.events("typing") == []


def test_typing_is_broadcast_at_most_once_per_interval(connect, make_user, make_thread):
    thread = make_thread()
    writer, reader = connect(make_user()), connect(make_user())
    for socket in (writer, reader):
        socket.join(f"thread:{thread.id}")

    for _ in range(3):
        writer.emit("typing", {"thread_id": thread.id})

    assert len(reader.wait_for("typing")) == 1


def test_only_people_who_may_reply_can_type(connect, make_user, make_thread):
    thread = make_thread(status="closed")
    open_thread = make_thread()
    visitor, member = connect(), connect(make_user())
    for socket in (visitor, member):
        socket.join(f"thread:{thread.id}")
        socket.join(f"thread:{open_thread.id}")

    assert visitor.emit("typing", {"thread_id": open_thread.id}) == {"ok": False, "error": "not_allowed"}
    assert member.emit("typing", {"thread_id": thread.id}) == {"ok": False, "error": "not_allowed"}
    assert member.emit("typing", {"thread_id": make_thread().id}) == {"ok": False, "error": "not_joined"}


def test_typing_in_a_private_question_stays_with_those_who_may_see_it(connect, make_user, make_thread):
    asker = make_user()
    thread = make_thread(author=asker)
    writer, member = connect(asker), connect(make_user())
    for socket in (writer, member):
        socket.join(f"thread:{thread.id}")
    thread.visibility = "private"
    db.session.commit()  # no event: the fan-out's own check must hold

    writer.emit("typing", {"thread_id": thread.id})

    assert member.wait_for("access.revoked") == [{"room": f"thread:{thread.id}"}]
    assert member.events("typing") == []


def test_presence_counts_people_not_tabs(connect, make_user, make_thread):
    thread = make_thread()
    member = make_user()
    room = f"thread:{thread.id}"
    first = connect(member)
    first.join(room)
    assert first.wait_for("presence")[-1] == {"thread_id": thread.id, "count": 1}

    second_tab, visitor = connect(member), connect()
    second_tab.join(room)
    visitor.join(room)

    assert _settles_at(first, thread.id, 2)
    visitor.emit("leave", {"room": room})
    assert _settles_at(first, thread.id, 1)
    second_tab.disconnect()
    assert _settles_at(first, thread.id, 1)
    assert visitor.events("presence")[-1]["count"] == 2  # nothing after it left


def _settles_at(socket, thread_id: int, count: int) -> bool:
    from tests.realtime.conftest import wait_until

    return bool(wait_until(lambda: (socket.events("presence") or [{}])[-1] == {"thread_id": thread_id,
                                                                                 "count": count}))
