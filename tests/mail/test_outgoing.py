"""Outgoing mail through a real SMTP server: who gets what, in which language, with which headers."""

from __future__ import annotations

from forum.extensions import db
from forum.models import OutgoingMail
from forum.services import notifying, replies
from tests.mail.conftest import body_of


def test_a_reply_mails_the_asker_and_watchers_in_their_language_but_not_the_writer(
        make_user, make_thread, smtp_server, settle):
    asker = make_user(name="Asker Anna")
    asker.locale = "en"
    watcher = make_user(name="Watcher Wim")
    watcher.locale = "nl"
    db.session.commit()
    thread = make_thread(author=asker, title="Which route for an ATMP at the CBG?")
    notifying.watch(watcher, thread)
    db.session.commit()
    writer = make_user(name="Replier Rob")
    settle()
    smtp_server.messages.clear()  # the approval of the question and the queue item are tested elsewhere
    replies.reply(writer, thread, "Start with a scientific advice meeting at the CBG.")
    settle()
    assert sorted(m["X-Envelope-To"] for m in smtp_server.messages) == sorted([asker.email, watcher.email])
    [english] = smtp_server.to(asker.email)
    [dutch] = smtp_server.to(watcher.email)
    assert english["Subject"] == "New reply: Which route for an ATMP at the CBG?"
    assert "Replier Rob replied in" in body_of(english)
    assert "scientific advice meeting" in body_of(english) and "scientific advice meeting" in body_of(english, "html")
    assert dutch["Subject"].startswith("Nieuwe reactie: ")
    assert not smtp_server.to(writer.email)


def test_mail_carries_thread_and_unsubscribe_headers(make_user, make_thread, smtp_server, settle):
    asker = make_user()
    thread = make_thread(author=asker)
    settle()
    smtp_server.messages.clear()
    replies.reply(make_user(), thread, "A first reply.")
    settle()  # sent before the next: a reply mail still waiting would stand for the next (outbox.COALESCED)
    replies.reply(make_user(), thread, "A second reply.")
    settle()
    first, second = smtp_server.to(asker.email)
    assert first["In-Reply-To"] == second["In-Reply-To"] == f"<thread.{thread.id}@fast.example>"
    assert first["References"] == f"<thread.{thread.id}@fast.example>"
    assert first["Message-ID"] != second["Message-ID"] and first["Message-ID"].endswith("@fast.example>")
    assert first["List-Unsubscribe"].startswith("<http://forum.test/unsubscribe/")
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert first["Reply-To"].startswith("reply+") and first["Reply-To"].endswith("@fast.example")
    assert first.get_content_type() == "multipart/alternative"
    assert f"http://forum.test/t/{thread.id}-" in body_of(first)
    rows = db.session.scalars(db.select(OutgoingMail).where(OutgoingMail.recipient_id == asker.id)).all()
    assert {row.state for row in rows} == {"sent"}
