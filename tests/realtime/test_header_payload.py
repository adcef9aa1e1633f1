"""thread.updated carries the thread header as each kind of viewer's reload shows it, with the page's own
(relative) links."""

from __future__ import annotations

import re

from forum.services import replies
from moderation import assignments, publication
from tests.conftest import question_of


def test_the_header_in_thread_updated_is_the_askers_own_and_links_like_the_page(connect, make_user, make_thread):
    asker, moderator, expert = make_user(), make_user("moderator"), make_user("expert")
    thread = make_thread(author=asker)
    assignments.escalate(moderator, thread, [expert.id])
    own, other = connect(asker), connect(make_user())
    for socket in (own, other):
        socket.join(f"thread:{thread.id}", after=question_of(thread).id)

    replies.reply(expert, thread, "Begin met een wetenschappelijk advies.")

    [mine] = [e for e in own.wait_for("thread.updated") if "header_html" in e]
    [theirs] = [e for e in other.wait_for("thread.updated") if "header_html" in e]
    assert mine["status"] == "answered" and 'data-status="answered"' in mine["header_html"]
    assert "Helpt een antwoord je?" in mine["header_html"]  # the asker is asked to accept
    assert "Helpt een antwoord je?" not in theirs["header_html"]
    for html in (mine["header_html"], theirs["header_html"]):
        assert re.search(rf'href="/u/{asker.id}"', html) and "http://" not in html


def test_the_askers_pending_page_hears_of_the_approval(connect, make_user):
    from forum.services import questions

    asker = make_user()
    thread = questions.ask_question(asker, "clinical", "Een vraag die nog wacht", "Wij willen een studie.")
    own = connect(asker)
    assert own.join(f"thread:{thread.id}")["ok"]
    publication.approve_question(make_user("moderator"), thread)
    [update] = [e for e in own.wait_for("thread.updated") if "header_html" in e]
    assert update["status"] == "open" and "status-banner pending" not in update["header_html"]


def test_a_live_post_links_like_the_page(connect, make_user, make_thread):
    thread = make_thread()
    viewer = connect(make_user())
    viewer.join(f"thread:{thread.id}", after=question_of(thread).id)
    author = make_user()
    replies.reply(author, thread, "Een reactie.")
    [event] = viewer.wait_for("post.created")
    assert f'href="/u/{author.id}"' in event["post"]["html"] and "http://" not in event["post"]["html"]
