"""The background sender: sends what the outbox holds, retrying with backoff; never in a request.

One sender per process, started at the first wake (an after-commit side effect) or by `fast-forum run`.
It claims due rows (several processes may run one: a row is claimed by one UPDATE that only one wins),
renders and sends them over one SMTP session per batch, and records the outcome. A failed attempt is
retried after 1, 2, 4... times FORUM_MAIL_RETRY_SECONDS; after FORUM_MAIL_MAX_ATTEMPTS the row is
`failed` and waits on /admin/mail, where an admin sends it again.
"""

from __future__ import annotations

import atexit
import logging
import smtplib
import threading
from datetime import timedelta

from flask import Flask, current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload

from forum.extensions import db
from forum.mail import compose, outbox
from forum.mail.transport import transport_for
from forum.models import MailPreference, OutgoingMail, Post, Thread, User
from forum.models.clock import now

log = logging.getLogger(__name__)
BATCH = 100
IDLE_SECONDS = 60.0
CLAIM_MINUTES = 10  # a row claimed this long ago by a sender that died is claimed again
MAX_BACKOFF_SECONDS = 6 * 3600
DRAIN_SECONDS = 30.0
# Mail is not urgent: after a wake the sender waits this long, so the request's live updates go out first
# (the sender shares the process with the sockets) and one SMTP session carries several commits' mails.
DEFAULT_GATHER_SECONDS = 0.1
COMMIT_EVERY = 20  # sent mails recorded per commit: a crash between commits sends at most these again


def claim_due(limit: int = BATCH) -> list[OutgoingMail]:
    moment = now()
    due = db.session.scalars(select(OutgoingMail.id).where(
        or_(OutgoingMail.state == "queued", OutgoingMail.state == "sending"),
        OutgoingMail.next_attempt_at <= moment).order_by(OutgoingMail.id).limit(limit)).all()
    claimed = []
    for mail_id in due:
        won = db.session.execute(
            update(OutgoingMail).where(OutgoingMail.id == mail_id,
                                       or_(OutgoingMail.state == "queued", OutgoingMail.state == "sending"),
                                       OutgoingMail.next_attempt_at <= moment)
            .values(state="sending", next_attempt_at=moment + timedelta(minutes=CLAIM_MINUTES))
            .execution_options(synchronize_session=False))
        if won.rowcount == 1:
            claimed.append(mail_id)
    db.session.commit()
    return list(db.session.scalars(select(OutgoingMail).where(OutgoingMail.id.in_(claimed))
                                   .order_by(OutgoingMail.id))) if claimed else []


def prefetch(batch: list[OutgoingMail]) -> dict[tuple[int, str], str]:
    """Load what the batch's mails need in a few queries; returns the recipients' mail preferences."""
    user_ids = {m.recipient_id for m in batch if m.recipient_id} | {m.actor_id for m in batch if m.actor_id}
    thread_ids = {m.thread_id for m in batch if m.thread_id}
    post_ids = {m.post_id for m in batch if m.post_id}
    if user_ids:
        db.session.scalars(select(User).where(User.id.in_(user_ids))).all()
    if thread_ids:
        db.session.scalars(select(Thread).where(Thread.id.in_(thread_ids))
                           .options(selectinload(Thread.assignments))).all()
    if post_ids:
        db.session.scalars(select(Post).where(Post.id.in_(post_ids))).all()
    recipients = {m.recipient_id for m in batch if m.recipient_id}
    rows = db.session.execute(select(MailPreference.user_id, MailPreference.kind, MailPreference.mode)
                              .where(MailPreference.user_id.in_(recipients))).all() if recipients else []
    return {(user_id, kind): mode for user_id, kind, mode in rows}


def backoff(attempts: int) -> timedelta:
    base = float(current_app.config["MAIL_RETRY_SECONDS"])
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS))


def _failed(mail: OutgoingMail, error: Exception) -> None:
    mail.attempts += 1
    mail.last_error = f"{type(error).__name__}: {error}"[:2000]
    if mail.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        mail.state = "failed"
        log.warning("mail %s failed for good after %s attempts: %s", mail.id, mail.attempts, mail.last_error)
    else:
        mail.state = "queued"
        mail.next_attempt_at = now() + backoff(mail.attempts)


def deliver_due() -> int:
    """Send every mail that is due now, in batches; returns how many were sent. Needs an app context."""
    app = current_app._get_current_object()
    while outbox.expand_fanouts():
        pass
    session = db.session()
    expiring = session.expire_on_commit
    session.expire_on_commit = False  # a batch reads its rows once (`prefetch`); the next batch reads anew
    try:
        with app.test_request_context("/", base_url=app.config["BASE_URL"]), \
                transport_for(app.config).connection() as connection:
            sent = 0
            while True:
                session.expire_all()
                batch = claim_due()
                if not batch:
                    return sent
                sent += _send_batch(batch, connection)
    finally:
        session.expire_on_commit = expiring


def _send_batch(batch: list[OutgoingMail], connection) -> int:
    chosen = prefetch(batch)
    sent = unsaved = 0
    for mail in batch:
        try:
            message = compose.build(mail, chosen=chosen)
        except Exception as error:  # a mail that cannot be rendered must not stop the others
            log.exception("cannot render mail %s", mail.id)
            _failed(mail, error)
            db.session.commit()
            continue
        if message is None:
            mail.state = "dropped"
        else:
            try:
                connection.send(message)
            except (smtplib.SMTPException, OSError) as error:
                _failed(mail, error)
            else:
                mail.state, mail.sent_at, mail.attempts = "sent", now(), mail.attempts + 1
                mail.last_error = None
                sent += 1
                unsaved += 1
        if message is None or mail.state != "sent" or unsaved >= COMMIT_EVERY:
            db.session.commit()
            unsaved = 0
    db.session.commit()
    return sent


def seconds_until_next() -> float:
    upcoming = db.session.scalar(select(OutgoingMail.next_attempt_at).where(
        OutgoingMail.state.in_(("queued", "sending", "fanout"))).order_by(OutgoingMail.next_attempt_at).limit(1))
    if upcoming is None:
        return IDLE_SECONDS
    return min(max((upcoming - now()).total_seconds(), 0.0), IDLE_SECONDS)


class Sender:
    """The one background sender of a process, woken after every commit that queued mail."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._drain_at_exit = False

    def wake(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(target=self._run, name="mail-sender", daemon=True)
                self._thread.start()
                if not self._drain_at_exit:
                    # A command (sla-tick, digest) ends soon after its commit: what it queued goes out first.
                    atexit.register(self.stop, DRAIN_SECONDS)
                    self._drain_at_exit = True
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        gather = float(self.app.config.get("MAIL_GATHER_SECONDS", DEFAULT_GATHER_SECONDS))
        while not self._stop.is_set():
            self._wake.clear()
            if gather:
                self._stop.wait(gather)  # cut short when the process stops: what is queued still goes
            delay = IDLE_SECONDS
            with self.app.app_context():
                try:
                    deliver_due()
                    delay = seconds_until_next()
                except Exception:  # the database or the server may be back at the next round
                    log.exception("mail sender round failed")
                    delay = max(float(self.app.config["MAIL_RETRY_SECONDS"]), 1.0)
                finally:
                    db.session.remove()
            self._wake.wait(timeout=delay)


def for_app(app: Flask) -> Sender:
    sender = app.extensions.get("forum.mail_sender")
    if sender is None:
        sender = app.extensions["forum.mail_sender"] = Sender(app)
    return sender


def wake(app: Flask) -> None:
    if app.config["MAIL_SEND_IN_BACKGROUND"]:
        for_app(app).wake()
