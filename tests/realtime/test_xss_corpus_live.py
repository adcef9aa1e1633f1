"""Live payloads carry the hostile corpus inert: post.created, post.updated, thread rows on the board and
the author's notifications, as the sockets of a member, a moderator and a visitor receive them."""

from __future__ import annotations

from forum.services import questions, replies
from tests.conftest import question_of
from tests.test_xss_corpus import assert_json_inert
from tests.xss_corpus import packed

POST_TOOLS = frozenset({"form"})  # a live post carries the same flag and edit forms as the page (actions checked)


def test_live_payloads_with_the_corpus_are_inert(connect, make_user, make_thread):
    author = make_user(name="Vraagsteller")
    thread = make_thread(author=author)
    expert = make_user("expert")
    start = question_of(thread).id
    viewers = [connect(make_user()), connect(make_user("moderator")), connect()]
    for viewer in viewers:
        assert viewer.join(f"thread:{thread.id}", after=start)["ok"]
        assert viewer.join("board:regulatory")["ok"]
    asker = connect(author)
    assert asker.join(f"user:{author.id}")["ok"]
    questions.set_watching(author, thread, True)
    groups = packed(4000, "\n\n")
    posts = []
    for group in groups:
        posts.append(replies.reply(expert, thread, "\n\n".join(group)))
    replies.edit_post(expert, posts[0], "\n\n".join(groups[-1]))
    checked = 0
    for viewer in viewers:
        created = viewer.wait_for("post.created", count=len(groups))
        assert len(created) == len(groups)
        for payload in viewer.events():
            checked += assert_json_inert(payload, "live event", POST_TOOLS)
    notifications = asker.wait_for("notification")
    assert notifications, "the author was not notified live"
    for payload in notifications:
        checked += assert_json_inert(payload, "notification", POST_TOOLS)
    assert viewers[0].wait_for("post.updated")
    late = connect(make_user())
    caught_up = late.join(f"thread:{thread.id}", after=start)
    assert len(caught_up["missed"]) == len(groups)
    checked += assert_json_inert(caught_up, "missed posts", POST_TOOLS)
    assert checked >= 3 * len(groups)
