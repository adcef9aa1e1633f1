"""Nothing reaches a socket whose user may not see it: rooms, pending and hidden posts, private questions."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Assignment
from forum.services import notifying, questions, replies
from moderation import publication, review
from tests.conftest import question_of


@pytest.fixture
def private_thread(make_user, make_thread):
    asker, assigned = make_user(), make_user("expert")
    thread = make_thread(author=asker, visibility="private")
    db.session.add(Assignment(thread_id=thread.id, expert_id=assigned.id, state="accepted"))
    db.session.commit()
    return thread, asker, assigned


def test_only_the_asker_assigned_expert_and_moderators_join_a_private_question(
        connect, make_user, private_thread):
    thread, asker, assigned = private_thread
    room = f"thread:{thread.id}"
    refused = {"ok": False, "error": "not_allowed"}

    assert connect().join(room) == refused
    assert connect(make_user()).join(room) == refused
    assert connect(make_user("expert")).join(room) == refused
    for allowed in (asker, assigned, make_user("moderator")):
        assert connect(allowed).join(room)["ok"] is True


def test_a_missing_question_is_refused_like_a_forbidden_one(connect):
    assert connect().join("thread:999999") == {"ok": False, "error": "not_allowed"}


def test_a_pending_question_is_joined_by_its_author_only(connect, make_user, make_thread):
    asker = make_user()
    thread = make_thread(author=asker, status="pending")

    assert connect(make_user()).join(f"thread:{thread.id}")["ok"] is False
    assert connect(asker).join(f"thread:{thread.id}")["ok"] is True


def test_private_reply_reaches_only_those_who_may_see_the_question(connect, make_user, private_thread):
    thread, asker, assigned = private_thread
    expert_socket, moderator = connect(assigned), connect(make_user("moderator"))
    outsider = connect(make_user())
    for socket in (expert_socket, moderator, outsider):
        socket.join(f"thread:{thread.id}")

    replies.reply(asker, thread, "More detail about our trial, for the expert only.")

    assert len(expert_socket.wait_for("post.created")) == 1
    assert len(moderator.wait_for("post.created")) == 1
    assert outsider.events("post.created") == []


def test_a_held_reply_reaches_nobody_until_approved(connect, make_user, make_thread):
    thread = make_thread()
    writer, moderator_user = make_user(), make_user("moderator")
    visitor, member, author, moderator = connect(), connect(make_user()), connect(writer), connect(moderator_user)
    for socket in (visitor, member, author, moderator):
        socket.join(f"thread:{thread.id}")

    held = replies.reply(writer, thread, "Mail me at jan.jansen@example.org for our data.")  # privacy guard

    assert held.status == "pending"
    for socket in (visitor, member, author, moderator):
        assert socket.events("post.created") == []
    publication.approve_post(moderator_user, held)
    for socket in (visitor, member, author, moderator):
        assert [e["post"]["id"] for e in socket.wait_for("post.created")] == [held.id]


def test_catch_up_leaves_out_posts_the_viewer_may_not_see(connect, make_user, make_thread):
    thread = make_thread()
    after = question_of(thread).id
    writer = make_user()
    held = replies.reply(writer, thread, "Call me on 06-12345678 about the trial.")
    shown = replies.reply(make_user(), thread, "Visible advice for everyone.")
    hidden = replies.reply(make_user(), thread, "Advice that a moderator hides.")
    review.hide_post(make_user("moderator"), hidden, "off-topic")

    def missed(user):
        return [e["post"]["id"] for e in connect(user).join(f"thread:{thread.id}", after=after)["missed"]]

    assert held.status == "pending"
    assert missed(None) == [shown.id]
    assert missed(make_user()) == [shown.id]
    assert missed(writer) == [held.id, shown.id]  # the author sees their own reply awaiting review
    assert missed(make_user("moderator")) == [held.id, shown.id, hidden.id]


def test_a_hidden_post_is_removed_for_members_and_marked_for_moderators(connect, make_user, make_thread):
    thread = make_thread()
    post = replies.reply(make_user(), thread, "Off-topic advertising.")
    member, moderator_user = connect(make_user()), make_user("moderator")
    moderator = connect(moderator_user)
    for socket in (member, moderator):
        socket.join(f"thread:{thread.id}", after=post.id)

    review.hide_post(moderator_user, post, "advertising")

    assert member.wait_for("post.hidden") == [{"thread_id": thread.id, "post_id": post.id}]
    assert "marker-hidden" in moderator.wait_for("post.updated")[0]["post"]["html"]


def test_a_private_question_is_listed_live_only_for_those_who_may_see_it(connect, make_user):
    asker, moderator_user = make_user(), make_user("moderator")
    member, asker_socket, moderator = connect(make_user()), connect(asker), connect(moderator_user)
    for socket in (member, asker_socket, moderator):
        assert socket.join("board:regulatory")["ok"] is True
    thread = questions.ask_question(asker, "regulatory", "Can we keep our trial design confidential?",
                                    "We would rather not share the protocol in public.", ["atmp"], "private")

    publication.approve_question(moderator_user, thread)

    assert [e["thread_id"] for e in asker_socket.wait_for("thread.created")] == [thread.id]
    assert [e["thread_id"] for e in moderator.wait_for("thread.created")] == [thread.id]
    assert member.events("thread.created") == []


def test_a_public_question_appears_on_its_board_for_visitors(connect, make_user):
    visitor, elsewhere = connect(), connect()
    visitor.join("board:regulatory")
    elsewhere.join("board:clinical")
    moderator = make_user("moderator")
    thread = questions.ask_question(make_user(), "regulatory", "Which route suits a gene therapy?",
                                    "We are a start-up with a first-in-human plan.", ["atmp"])

    publication.approve_question(moderator, thread)

    [event] = visitor.wait_for("thread.created")
    assert event["board"] == "regulatory" and "gene therapy" in event["html"]
    assert elsewhere.events("thread.created") == []


def test_moderator_and_personal_rooms_are_guarded(connect, make_user):
    member = make_user()
    socket = connect(member)

    assert socket.join("moderators") == {"ok": False, "error": "not_allowed"}
    assert socket.join(f"user:{member.id + 1}") == {"ok": False, "error": "not_allowed"}
    assert socket.join(f"user:{member.id}")["ok"] is True
    assert connect().join(f"user:{member.id}")["ok"] is False
    assert socket.join("thread:abc") == {"ok": False, "error": "unknown_room"}
    assert socket.join("everyone") == {"ok": False, "error": "unknown_room"}


def test_queue_changes_reach_moderators_only(connect, make_user):
    moderator = connect(make_user("moderator"))
    assert moderator.join("moderators")["ok"] is True
    member = connect(make_user())
    member.join("board:regulatory")

    questions.ask_question(make_user(), "regulatory", "Where do we find GMP capacity for viral vectors?",
                           "Our academic group needs a batch for a phase 1 trial.", ["gmp"])

    assert moderator.wait_for("queue.changed")[0]["action"] == "added"
    assert member.events("queue.changed") == []


def test_a_notification_updates_the_bell_of_its_user_only(connect, make_user, make_thread):
    asker = make_user()
    thread = make_thread(author=asker)
    bell, other = connect(asker), connect(make_user())
    bell.join(f"user:{asker.id}")
    other.join(f"user:{asker.id}")
    questions.set_watching(asker, thread, True)

    replies.reply(make_user(), thread, "Have a look at the EMA's PRIME scheme.")

    assert bell.wait_for("notification") == [
        {"kind": "reply", "thread_id": thread.id, "unread": notifying.unread_count(asker)}]
    assert other.events("notification") == []
