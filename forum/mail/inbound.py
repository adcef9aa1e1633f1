"""Reply by e-mail: a small SMTP listener (aiosmtpd) that turns replies to notification mail into posts.

Each notification mail has its own reply address, `reply+<token>@<domain>`: the signed token names the
mail, so the recipient and the thread. A reply goes through `forum.services.replies.reply` like the web
form (permissions, privacy guard, hold-for-review) and the same rate limits. A forged, expired or used
token, a sender who is not the recipient, or a refused reply is answered with a 550 that says why: the
sending mail server turns that into a bounce to the member.
"""

from __future__ import annotations

import asyncio
import email
import logging
from email import policy
from email.utils import getaddresses

from flask import Flask

from forum import rate_limits
from forum.errors import ForumError
from forum.extensions import db
from forum.mail import quoting, tokens
from forum.models import OutgoingMail, Thread, User
from forum.models.clock import now

log = logging.getLogger(__name__)
REFUSALS = {
    "forged": "550 5.7.1 This reply address is not valid; reply on the forum instead",
    "expired": "550 5.7.1 This reply address has expired; reply on the forum instead",
    "used": "550 5.7.1 This reply address was already used; reply on the forum instead",
    "sender": "550 5.7.1 Replies are accepted only from the address the mail was sent to",
    "empty": "550 5.6.0 No reply text found above the quoted mail",
    "limited": "450 4.7.1 Too many replies; try again later",
}


class Refused(Exception):
    def __init__(self, response: str) -> None:
        super().__init__(response)
        self.response = response


def token_of(address: str) -> str:
    local = address.rpartition("@")[0]
    if not local.lower().startswith("reply+"):
        raise Refused(REFUSALS["forged"])
    return local[len("reply+"):]


def mail_for(address: str) -> OutgoingMail:
    """The mail a reply address belongs to, still open for a reply; raises Refused."""
    try:
        mail_id = tokens.read_reply_token(token_of(address))
    except tokens.InvalidToken as invalid:
        raise Refused(REFUSALS[invalid.reason]) from invalid
    mail = db.session.get(OutgoingMail, mail_id)
    if mail is None or mail.recipient_id is None or mail.thread_id is None:
        raise Refused(REFUSALS["forged"])
    if mail.replied_at is not None:
        raise Refused(REFUSALS["used"])
    return mail


def accept_reply(app: Flask, address: str, raw: bytes) -> str:
    """Turn one received mail into a post; returns the SMTP answer."""
    from forum.services import replies
    from forum.unit_of_work import unit_of_work

    with app.app_context():
        try:
            mail = mail_for(address)
            user = db.session.get(User, mail.recipient_id)
            message = email.message_from_bytes(raw, policy=policy.default)
            senders = [found.lower() for _, found in getaddresses(message.get_all("From", []))]
            if user is None or user.deleted_at is not None or senders != [user.email.lower()]:
                raise Refused(REFUSALS["sender"])
            body = quoting.new_text(message)
            if not body:
                raise Refused(REFUSALS["empty"])
            if not rate_limits.hit_posting(user.id, app.config["MAIL_REPLY_RATE_LIMIT"]):
                raise Refused(REFUSALS["limited"])
            with unit_of_work():
                post = replies.reply(user, db.session.get(Thread, mail.thread_id), body,
                                     key=f"mail-reply-{mail.id:08d}")
                mail.replied_at = now()
            return "250 Reply posted" if post.status == "published" else "250 Reply held for review"
        except Refused as refused:
            return refused.response
        except ForumError as error:  # SMTP answers are ASCII: the English text
            text = error.message.encode("ascii", "replace").decode().replace("\r", " ").replace("\n", " ")
            return f"550 5.7.1 {text}"[:500]
        finally:
            db.session.remove()


class ReplyHandler:
    """aiosmtpd handler: checks the address at RCPT TO, posts the reply at DATA (off the event loop)."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def _check_address(self, address: str) -> str | None:
        with self.app.app_context():
            try:
                mail_for(address)
            except Refused as refused:
                return refused.response
            finally:
                db.session.remove()
        return None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if envelope.rcpt_tos:
            return "452 4.5.3 One reply address per mail"
        refusal = await asyncio.get_running_loop().run_in_executor(None, self._check_address, address)
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        return await asyncio.get_running_loop().run_in_executor(
            None, accept_reply, self.app, envelope.rcpt_tos[0], envelope.original_content or envelope.content)


def start(app: Flask, host: str, port: int):
    """Start the listener in a thread; returns the aiosmtpd controller (call .stop())."""
    from aiosmtpd.controller import Controller

    controller = Controller(ReplyHandler(app), hostname=host, port=port, data_size_limit=1024 * 1024)
    controller.start()
    return controller
