"""The sender: retries after the SMTP server refuses, keeps what failed for admins, demo mode writes files."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest

from forum.extensions import db
from forum.models import OutgoingMail
from forum.services import replies


def _reply_mails(asker) -> list[OutgoingMail]:
    db.session.commit()
    return db.session.scalars(db.select(OutgoingMail).where(
        OutgoingMail.recipient_id == asker.id, OutgoingMail.kind == "reply")).all()


def test_a_refused_mail_is_retried_until_the_server_accepts_it(make_user, make_thread, smtp_server, settle):
    asker = make_user()
    thread = make_thread(author=asker)
    settle()
    smtp_server.messages.clear()
    smtp_server.refusals += ["451 4.3.0 Try again later", "550 5.7.1 Not now"]
    replies.reply(make_user(), thread, "An answer that gets through on the third attempt.")
    settle()
    [message] = smtp_server.to(asker.email)
    assert "third attempt" in message.get_body(("plain",)).get_content()
    [mail] = _reply_mails(asker)
    assert (mail.state, mail.attempts, mail.last_error) == ("sent", 3, None)


@pytest.fixture
def app_config(app_config):
    return {**app_config, "MAIL_MAX_ATTEMPTS": 3}


def test_a_mail_that_keeps_failing_is_kept_for_admins_who_send_it_again(
        app, make_user, make_thread, smtp_server, settle, login, client):
    asker = make_user()
    thread = make_thread(author=asker)
    settle()
    smtp_server.messages.clear()
    smtp_server.refusals += ["550 5.1.1 Mailbox unavailable"] * 3
    replies.reply(make_user(), thread, "This one fails three times.")
    settle()
    [mail] = _reply_mails(asker)
    assert (mail.state, mail.attempts) == ("failed", 3)
    assert "550" in mail.last_error and smtp_server.to(asker.email) == []

    member = make_user()
    login(member)
    assert client.get("/admin/mail").status_code == 403
    admin = make_user("admin")
    login(admin)
    page = client.get("/admin/mail")
    assert page.status_code == 200 and f'id="mail-{mail.id}"' in page.text and "Mailbox unavailable" in page.text
    assert client.post(f"/admin/mail/{mail.id}/retry").status_code == 302
    settle()
    assert len(smtp_server.to(asker.email)) == 1
    assert _reply_mails(asker)[0].state == "sent"


def test_without_an_smtp_url_mail_is_written_to_the_instance_folder(app, make_user, make_thread, runner):
    from forum.mail import sender

    app.config["SMTP_URL"] = None
    app.config["MAIL_SEND_IN_BACKGROUND"] = False
    asker = make_user()
    thread = make_thread(author=asker)
    replies.reply(make_user(), thread, "Written to a file in demo mode.")
    assert sender.deliver_due() >= 2  # the approval and the reply
    files = sorted(Path(app.config["MAIL_DIR"]).glob("*.eml"))
    assert Path(app.config["MAIL_DIR"]).is_relative_to(app.instance_path)
    messages = [email.message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]
    assert any("Written to a file" in m.get_body(("plain",)).get_content() for m in messages)
    assert all(m["To"].addresses[0].addr_spec for m in messages)
    from forum import mail

    assert mail.describe_delivery(app) == (f"No FORUM_SMTP_URL is set: mail is written to {app.config['MAIL_DIR']} "
                                           "instead of being sent.")
