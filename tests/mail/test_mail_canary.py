"""Private, pending, held, hidden and deleted text never reaches a mailbox that may not see it."""

from __future__ import annotations

import re

from flask import current_app

from forum.extensions import db
from forum.mail import sender
from forum.models import Watch
from forum.services import questions, replies
from tests.canary import CANARY, build_world
from tests.mail.conftest import readable

NEVER = {"2", "2b", "4", "4b", "5", "6", "7"}  # pending, deleted, held and hidden: not in any mail at all
MAY_SEE = {
    "author": {"1", "1b", "1c", "3", "3b"},
    "assigned_expert": {"1", "1b", "1c"},
    "moderator": {"1", "1b", "1c", "3", "3b"},
}


def test_the_canary_reaches_only_mailboxes_that_may_see_it(app, make_user, make_thread, smtp_server, settle):
    # Everything is queued first and sent at the end: what was queued while it was visible (the approval of
    # a question deleted later) is checked again when sent, against the world as it is then.
    app.config["MAIL_SEND_IN_BACKGROUND"] = False
    people, public, private = build_world(current_app, make_user, make_thread, lambda tag: CANARY + tag)
    for watcher in (people["member"], people["expert"]):
        questions.set_watching(watcher, public, True)
        db.session.add(Watch(user_id=watcher.id, thread_id=private.id))  # watched before it was private
    questions.set_watching(people["assigned_expert"], private, True)
    db.session.commit()
    replies.reply(people["moderator"], private, f"A moderator's private note {CANARY}1")
    replies.reply(make_user(), public, "Mentioning @UnrelatedMember in public, nothing hidden")
    app.config["MAIL_SEND_IN_BACKGROUND"] = True
    sender.wake(app)
    settle()
    found: dict[str, set[str]] = {}
    for message in smtp_server.messages:
        found.setdefault(message["X-Envelope-To"], set()).update(
            re.findall(CANARY + r"(\d[a-z]?)", readable(message)))
    for role, person in people.items():
        if person is None:
            continue
        seen = found.get(person.email, set())
        assert not seen & NEVER, (role, seen)
        assert seen <= MAY_SEE.get(role, set()), (role, seen)
    assert "1" in found[people["assigned_expert"].email]  # the test sees a canary where it may be
    assert "3" in found[people["author"].email]  # the rejection, with its title, to its author
    assert smtp_server.to(people["member"].email)  # outsiders get mail, just none of the hidden text
