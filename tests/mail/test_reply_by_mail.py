"""Reply by e-mail, end to end: a real SMTP client sends a reply to the listener; it becomes a post."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

import pytest

from forum import events
from forum.extensions import db
from forum.mail import inbound, quoting
from forum.models import Post
from forum.services import replies
from tests.smtp import free_port


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": True}  # the listener applies the posting limits


@pytest.fixture
def listener(app):
    port = free_port()
    controller = inbound.start(app, "127.0.0.1", port)
    yield port
    controller.stop()


@pytest.fixture
def notified(make_user, make_thread, smtp_server, settle):
    """An expert watching a question gets the mail of a new reply; returns (expert, thread, mail)."""
    expert = make_user("expert", name="Eva Expert")
    thread = make_thread(title="Which GMP site can make our vector?")
    from forum.services import questions

    questions.set_watching(expert, thread, True)
    settle()
    smtp_server.messages.clear()
    replies.reply(make_user(), thread, "We asked around but found nothing yet.")
    settle()
    [message] = smtp_server.to(expert.email)
    return expert, thread, message


def send_reply(port: int, to: str, sender: str, text: str) -> None:
    reply = EmailMessage()
    reply["From"], reply["To"], reply["Subject"] = sender, to, "Re: a question"
    reply.set_content(text)
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.send_message(reply)


QUOTED = """Try the Dutch viral vector facility in Leiden; they have capacity in spring.

Eva

--\x20
Eva Expert, FAST network
+31 6 12345678

On Tue, 1 Dec 2026 at 10:00, FAST Forum <forum@fast.example> wrote:
> We asked around but found nothing yet.
"""


def test_a_reply_by_mail_becomes_a_live_post_without_quote_or_signature(app, notified, listener):
    expert, thread, message = notified
    seen = []
    stop = events.observe(lambda effect: seen.append(effect.payload) if effect.kind == "event" else None)
    try:
        send_reply(listener, message["Reply-To"], expert.email, QUOTED)
    finally:
        stop()
    db.session.expire_all()
    post = db.session.scalars(db.select(Post).where(Post.thread_id == thread.id, Post.author_id == expert.id)).one()
    assert post.body == "Try the Dutch viral vector facility in Leiden; they have capacity in spring.\n\nEva"
    assert post.status == "published" and post.is_expert_answer
    assert {"name": "post.created", "thread_id": thread.id, "post_id": post.id} in seen

    with pytest.raises(smtplib.SMTPRecipientsRefused) as replayed:
        send_reply(listener, message["Reply-To"], expert.email, "The same address once more.")
    assert b"already used" in replayed.value.recipients[message["Reply-To"]][1]


def test_forged_expired_and_foreign_replies_are_refused_with_the_reason(app, notified, listener):
    expert, thread, message = notified
    address = message["Reply-To"]
    forged = address.replace("reply+", "reply+x")
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send_reply(listener, forged, expert.email, "Forged.")
    assert b"not valid" in refused.value.recipients[forged][1]
    with pytest.raises(smtplib.SMTPDataError) as foreign:
        send_reply(listener, address, "someone.else@example.org", "Pretending to be the expert.")
    assert foreign.value.smtp_code == 550 and b"only from the address" in foreign.value.smtp_error
    app.config["MAIL_REPLY_DAYS"] = -1
    with pytest.raises(smtplib.SMTPRecipientsRefused) as expired:
        send_reply(listener, address, expert.email, "Too late.")
    assert b"expired" in expired.value.recipients[address][1]
    db.session.expire_all()
    assert db.session.scalar(db.select(Post).where(Post.author_id == expert.id)) is None


def test_a_reply_by_mail_with_personal_data_is_held_like_the_web_form(app, make_user, make_thread, smtp_server,
                                                                       settle, listener):
    asker = make_user()
    thread = make_thread(author=asker)
    settle()
    smtp_server.messages.clear()
    replies.reply(make_user(), thread, "Could you tell us more?")
    settle()
    [message] = smtp_server.to(asker.email)
    send_reply(listener, message["Reply-To"], asker.email, "Sure, mail me at jan.jansen@example.nl for details.")
    db.session.expire_all()
    post = db.session.scalars(db.select(Post).where(Post.thread_id == thread.id, Post.author_id == asker.id,
                                                    Post.is_question.is_(False))).one()
    assert post.status == "pending"  # held by the privacy guard, waiting for a moderator


def test_quoted_text_in_dutch_and_outlook_style_is_left_out():
    assert quoting.strip_quote("Dank!\n\nOp 1 dec. 2026 om 10:00 schreef FAST Forum <f@x>:\n> oud") == "Dank!"
    assert quoting.strip_quote("Yes.\n-----Original Message-----\nFrom: FAST") == "Yes."
    assert quoting.strip_quote("Ja.\n\nVerzonden vanaf mijn iPhone") == "Ja."


def test_replies_by_mail_count_against_the_posting_rate_limit(app, make_user, make_thread, smtp_server, settle,
                                                              listener):
    app.config["MAIL_REPLY_RATE_LIMIT"] = "2 per minute"
    asker = make_user()
    thread = make_thread(author=asker)
    settle()
    smtp_server.messages.clear()
    for number in range(3):
        replies.reply(make_user(), thread, f"Reply number {number} to answer by mail.")
        settle()  # a mail each: one still waiting would stand for the next (outbox.COALESCED)
    addresses = [m["Reply-To"] for m in smtp_server.to(asker.email)]
    assert len(addresses) == 3
    send_reply(listener, addresses[0], asker.email, "First answer by mail.")
    send_reply(listener, addresses[1], asker.email, "Second answer by mail.")
    with pytest.raises(smtplib.SMTPDataError) as limited:
        send_reply(listener, addresses[2], asker.email, "Third answer by mail.")
    assert limited.value.smtp_code == 450 and b"Too many replies" in limited.value.smtp_error
