"""An app whose background sender mails a real SMTP server on loopback (tests/smtp.py)."""

from __future__ import annotations

import time
from email.message import EmailMessage

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.models import OutgoingMail
from tests import smtp

smtp_server = smtp.smtp_server  # the fixture, for every test here


@pytest.fixture
def app_config(smtp_server):
    return {"SMTP_URL": f"smtp://127.0.0.1:{smtp_server.port}", "MAIL_SEND_IN_BACKGROUND": True,
            "MAIL_FROM": "FAST Forum <forum@fast.example>", "MAIL_RETRY_SECONDS": 0.05,
            "MAIL_REPLY_DELAY_SECONDS": 0,  # a test waits for its reply mail (test_busy_threads sets one)
            "BASE_URL": "http://forum.test"}


@pytest.fixture(autouse=True)
def settle(app):
    """Wait until the sender has nothing left to do (every mail sent, dropped or failed); stop it after."""
    from forum.mail import sender

    def wait(timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            db.session.commit()  # a fresh snapshot of what the sender wrote
            busy = db.session.scalar(select(func.count()).where(OutgoingMail.state.in_(("fanout", "queued", "sending"))))
            if not busy:
                return
            time.sleep(0.02)
        raise AssertionError("the sender did not finish")

    yield wait
    sender.for_app(app).stop()


def body_of(message: EmailMessage, subtype: str = "plain") -> str:
    return message.get_body(preferencelist=(subtype,)).get_content()


def readable(message: EmailMessage) -> str:
    """What a mail program shows: the headers and both bodies, decoded (a test for text in mail reads this)."""
    headers = [f"{name}: {value}" for name, value in message.items()]
    return "\n".join(headers + [body_of(message, "plain"), body_of(message, "html")])
