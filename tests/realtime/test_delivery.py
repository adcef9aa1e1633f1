"""A committed post reaches the sockets in its thread room, rendered for each viewer; nothing else does."""

from __future__ import annotations

from forum.extensions import db
from forum.models import Post
from forum.realtime.fragments import Renderer
from forum.services import replies
from tests.conftest import question_of


def test_reply_reaches_a_member_viewing_the_thread_after_commit(connect, make_user, make_thread):
    thread = make_thread()
    viewer = connect(make_user())
    assert viewer.join(f"thread:{thread.id}", after=question_of(thread).id) == {
        "ok": True, "room": f"thread:{thread.id}", "missed": [], "truncated": False}

    post = replies.reply(make_user(name="Anna de Vries"), thread, "Talk to the CBG's innovation office first.")

    [event] = viewer.wait_for("post.created")
    assert event["thread_id"] == thread.id
    assert event["post"]["id"] == post.id
    assert event["post"]["author"]["name"] == "Anna de Vries"
    assert "innovation office" in event["post"]["html"]
    assert f'id="p{post.id}"' in event["post"]["html"]
    assert event["post"]["created_at"].endswith("Z")


def test_reply_from_the_web_form_reaches_viewers(connect, make_user, make_thread, login, client):
    thread = make_thread()
    viewer = connect()  # a visitor on a public question
    viewer.join(f"thread:{thread.id}", after=0)
    login(make_user())

    response = client.post(f"/t/{thread.id}/reply", data={"body": "We used the PRIME scheme for this."})

    assert response.status_code == 302
    [event] = viewer.wait_for("post.created")
    assert "PRIME scheme" in event["post"]["html"]


def test_rolled_back_reply_sends_nothing(connect, make_user, make_thread):
    thread = make_thread()
    viewer = connect(make_user())
    viewer.join(f"thread:{thread.id}")
    author = make_user()
    post = Post(thread=thread, author=author, body="This never lands.", status="published")
    db.session.add(post)
    db.session.flush()
    replies.publish_reply(thread, post, author)

    db.session.rollback()
    db.session.commit()  # a later, unrelated commit must not carry the dropped event

    assert viewer.events("post.created") == []
    assert db.session.get(Post, post.id) is None


def test_each_viewer_gets_the_tools_their_role_allows(connect, make_user, make_thread):
    asker = make_user()
    thread = make_thread(author=asker)
    visitor, member, moderator, own = connect(), connect(make_user()), connect(make_user("moderator")), connect(asker)
    for socket in (visitor, member, moderator, own):
        socket.join(f"thread:{thread.id}")

    replies.reply(make_user(), thread, "A reply everyone may read.")

    html = {name: socket.wait_for("post.created")[0]["post"]["html"]
            for name, socket in {"visitor": visitor, "member": member, "moderator": moderator,
                                 "asker": own}.items()}
    assert "post-actions" not in html["visitor"]
    assert "flag-form" in html["member"] and "hide-form" not in html["member"]
    assert "hide-form" in html["moderator"]
    assert "accept-form" in html["asker"] and "accept-form" not in html["member"]
    # A form token belongs to the receiving browser's session: live.js fills in the page's own.
    assert 'name="csrf_token" value=""' in html["moderator"]


def test_members_share_one_rendering_that_equals_their_own(app, make_user, make_thread):
    thread = make_thread(replies_count=1)
    post = db.session.scalars(db.select(Post).where(Post.thread_id == thread.id, ~Post.is_question)).one()
    first, second = make_user(), make_user("expert")

    with app.test_request_context("/"):
        shared = Renderer()
        shared.post(post, thread, first, "nl")
        assert shared.post(post, thread, second, "nl") == Renderer().post(post, thread, second, "nl")
        assert shared.post(post, thread, second, "en") != shared.post(post, thread, second, "nl")


def test_edit_replaces_and_hiding_removes_the_post(connect, make_user, make_thread):
    thread = make_thread()
    author, moderator_user = make_user(), make_user("moderator")
    post = replies.reply(author, thread, "First version of the advice.")
    member, moderator = connect(make_user()), connect(moderator_user)
    for socket in (member, moderator):
        socket.join(f"thread:{thread.id}", after=post.id)

    replies.edit_post(author, post, "Second version of the advice.")
    [edited] = member.wait_for("post.updated")
    assert "Second version" in edited["post"]["html"]

    replies.delete_post(moderator_user, post)
    assert member.wait_for("post.hidden") == [{"thread_id": thread.id, "post_id": post.id}]
    # The moderator still sees the post, marked as deleted, instead of losing it.
    assert "marker-deleted" in moderator.wait_for("post.updated", count=2)[-1]["post"]["html"]
    assert moderator.events("post.hidden") == []
