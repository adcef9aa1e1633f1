"""A real SMTP server on loopback (aiosmtpd, in this process) and an app whose sender mails it."""

from __future__ import annotations

import email
import socket
import time
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import OutgoingMail


class Mailbox:
    """What the SMTP server received; `refuse` makes it answer the next DATA commands with errors."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refusals: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        if self.refusals:
            return self.refusals.pop(0)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in m["X-Envelope-To"]]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.messages) >= count, f"{len(self.messages)} of {count} mails arrived"
        return self.messages


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    mailbox.port = controller.port
    try:
        yield mailbox
    finally:
        controller.stop()


@pytest.fixture
def app_config(smtp_server):
    return {"SMTP_URL": f"smtp://127.0.0.1:{smtp_server.port}", "MAIL_SEND_IN_BACKGROUND": True,
            "MAIL_FROM": "FAST Forum <forum@fast.example>", "MAIL_RETRY_SECONDS": 0.05,
            "BASE_URL": "http://forum.test"}


@pytest.fixture
def settle(app):
    """Wait until the sender has nothing left to do (every mail sent, dropped or failed)."""
    from forum.mail import sender

    def wait(timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            db.session.commit()  # a fresh snapshot of what the sender wrote
            busy = db.session.scalar(select(func.count()).where(OutgoingMail.state.in_(("queued", "sending"))))
            if not busy:
                return
            time.sleep(0.02)
        raise AssertionError("the sender did not finish")

    yield wait
    running = app.extensions.get("forum.mail_sender")
    if running is not None:
        running.stop()
    assert sender  # imported for its side: the app's sender is the one stopped above


def body_of(message: EmailMessage, subtype: str = "plain") -> str:
    return message.get_body(preferencelist=(subtype,)).get_content()
