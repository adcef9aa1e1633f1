"""Mail about a post by a member who has since deleted the account names them "Voormalig lid" / "Former member",
in each recipient's language."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.services import data_rights, questions, replies
from tests.conftest import PASSWORD
from tests.mail.conftest import body_of


@pytest.fixture
def app_config(app_config):
    return {**app_config, "MAIL_SEND_IN_BACKGROUND": False}  # the mail waits until the member is gone


def test_a_reply_mail_names_its_departed_author_in_each_recipient_s_language(
        app, make_user, make_thread, smtp_server):
    from forum.mail import sender

    dutch, english = make_user(email="nl@example.org"), make_user(email="en@example.org")
    english.locale = "en"
    thread = make_thread(title="Scaling up our GMP production")
    for watcher in (dutch, english):
        questions.set_watching(watcher, thread, True)
    member = make_user(name="Departing Daan")
    replies.reply(member, thread, "Our experience with scaling up.")
    db.session.commit()
    data_rights.delete_account(member, PASSWORD)
    db.session.commit()
    with app.app_context():
        sender.deliver_due()
    [to_dutch] = smtp_server.to("nl@example.org")
    [to_english] = smtp_server.to("en@example.org")
    assert "Voormalig lid" in body_of(to_dutch) and "Former member" not in body_of(to_dutch)
    assert "Former member" in body_of(to_english) and "Departing Daan" not in body_of(to_english)
