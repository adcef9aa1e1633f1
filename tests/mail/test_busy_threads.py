"""A busy thread does not fill a follower's inbox: while a reply mail about a thread waits to be sent, later
replies there add no second mail, and the one that goes out tells how many more came (outbox.COALESCED)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from forum.extensions import db
from forum.mail import outbox, sender
from forum.models import OutgoingMail
from forum.models.clock import freeze, now
from forum.services import questions, replies
from tests.mail.conftest import body_of


def _waiting(user) -> list[tuple[str, int]]:
    return [(mail.kind, mail.post_id) for mail in db.session.scalars(select(OutgoingMail).where(
        OutgoingMail.recipient_id == user.id, OutgoingMail.state == "queued").order_by(OutgoingMail.id))]


def _sender_away(app) -> None:
    """The background sender stops and is not woken: what is queued stays queued until the test sends."""
    app.config["MAIL_SEND_IN_BACKGROUND"] = False
    sender.for_app(app).stop()


def _followed(make_user, make_thread, smtp_server, settle, title: str):
    """A thread, a member who follows it and a writer; the mailbox emptied of the setup's mail."""
    follower, writer = make_user(), make_user()
    thread = make_thread(title=title)
    questions.set_watching(follower, thread, True)
    settle()
    smtp_server.messages.clear()
    return thread, follower, writer


def test_a_follower_gets_one_mail_for_replies_that_came_while_it_waited(app, make_user, make_thread,
                                                                         smtp_server, settle):
    thread, follower, writer = _followed(make_user, make_thread, smtp_server, settle, "A busy thread")
    _sender_away(app)  # the sender is behind: the replies come faster
    first = replies.reply(writer, thread, "The first of three replies.")
    replies.reply(writer, thread, "The second of three.")
    replies.reply(writer, thread, "The third of three.")
    assert _waiting(follower) == [("reply", first.id)]

    app.config["MAIL_SEND_IN_BACKGROUND"] = True
    sender.wake(app)
    settle()
    [message] = smtp_server.to(follower.email)
    assert "The first of three replies." in body_of(message)
    assert "Sindsdien kwamen er nog 2 reacties bij in deze draad." in body_of(message)
    assert "Sindsdien kwamen er nog 2 reacties bij in deze draad." in body_of(message, "html")

    smtp_server.messages.clear()
    later = replies.reply(writer, thread, "A fourth, after the mail went out.")
    settle()
    [message] = smtp_server.to(follower.email)  # the first mail was sent: this reply has its own
    assert "A fourth, after the mail went out." in body_of(message)
    assert "Sindsdien" not in body_of(message)
    assert later.id > first.id


def test_many_followers_get_one_waiting_mail_each_however_many_replies_fan_out(app, make_user, make_thread):
    thread = make_thread(title="A thread many follow")
    followers = [make_user() for _ in range(outbox.FANOUT_AT + 2)]
    for follower in followers:
        questions.set_watching(follower, thread, True)
    writer = make_user()
    _sender_away(app)
    first = replies.reply(writer, thread, "One reply for many followers.")
    replies.reply(writer, thread, "And another one right after.")
    while outbox.expand_fanouts():  # what the sender does first
        pass

    assert {tuple(_waiting(follower)) for follower in followers} == {(("reply", first.id),)}


def test_a_reply_mail_waits_its_delay_and_stands_for_the_replies_of_that_minute(app, make_user, make_thread,
                                                                                smtp_server, settle):
    thread, follower, writer = _followed(make_user, make_thread, smtp_server, settle, "A thread replied to in a burst")
    app.config["MAIL_REPLY_DELAY_SECONDS"] = 60
    _sender_away(app)  # this test sends, at the moments it chooses
    start = now()
    freeze(start)
    try:
        first = replies.reply(writer, thread, "A reply, and two more in the same minute.")
        freeze(start + timedelta(seconds=20))
        replies.reply(writer, thread, "The second.")
        replies.reply(writer, thread, "The third.")
        [mail] = db.session.scalars(select(OutgoingMail).where(OutgoingMail.recipient_id == follower.id,
                                                               OutgoingMail.state == "queued")).all()
        assert (mail.post_id, mail.next_attempt_at) == (first.id, start + timedelta(seconds=60))
        assert sender.deliver_due() == 0  # not due yet
        freeze(start + timedelta(seconds=61))
        assert sender.deliver_due() >= 1  # the follower's (and the asker's)
    finally:
        freeze(None)
    [message] = smtp_server.to(follower.email)
    assert "A reply, and two more in the same minute." in body_of(message)
    assert "Sindsdien kwamen er nog 2 reacties bij in deze draad." in body_of(message)
