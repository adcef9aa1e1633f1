"""The daily digest: one mail with what waited, nothing the member may not see, nothing twice."""

from __future__ import annotations

from forum.extensions import db
from forum.mail import outbox
from forum.models import OutgoingMail
from forum.services import questions, replies
from moderation import review
from tests.mail.conftest import body_of, readable


def test_the_digest_lists_what_waited_once_and_leaves_out_what_was_hidden(
        make_user, make_thread, smtp_server, settle, runner):
    watcher, moderator = make_user(name="Wendy Watcher"), make_user("moderator")
    watcher.locale = "en"
    thread = make_thread(title="Hospital exemption for a cell therapy", replies_count=0)
    questions.set_watching(watcher, thread, True)
    outbox.choose(watcher, {"reply": "digest"})
    settle()
    smtp_server.messages.clear()
    replies.reply(make_user(name="Ria Replier"), thread, "The first reply for the digest.")
    hidden = replies.reply(make_user(), thread, "A reply a moderator hides before the digest.")
    review.hide_post(moderator, hidden)
    settle()
    assert not smtp_server.to(watcher.email)

    result = runner.invoke(args=["digest"])
    assert result.exit_code == 0, result.output
    settle()
    [digest] = smtp_server.to(watcher.email)
    assert digest["Subject"] == "Your daily FAST Forum digest"
    text = body_of(digest)
    assert "Hospital exemption for a cell therapy" in text and "The first reply for the digest." in text
    assert "Ria Replier" in text and "hides before the digest" not in readable(digest)

    runner.invoke(args=["digest"])
    settle()
    assert len(smtp_server.to(watcher.email)) == 1  # nothing twice: no second digest without news
    replies.reply(make_user(), thread, "News for tomorrow's digest.")
    runner.invoke(args=["digest"])
    settle()
    second = smtp_server.to(watcher.email)[-1]
    assert "News for tomorrow" in body_of(second) and "The first reply for the digest." not in body_of(second)
    db.session.commit()
    states = db.session.scalars(db.select(OutgoingMail.state).where(OutgoingMail.recipient_id == watcher.id,
                                                                   OutgoingMail.kind == "reply")).all()
    assert set(states) == {"digested"}
