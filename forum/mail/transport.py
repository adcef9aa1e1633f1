"""Where mail goes: an SMTP server (FORUM_SMTP_URL) or, in demo mode, files in instance/mail/."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # "plain", "starttls" or "ssl"
    username: str | None = None
    password: str | None = None


def parse_smtp_url(url: str) -> SmtpSettings:
    """`smtp://user:pass@host:587?starttls=1` or `smtps://user:pass@host:465`."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("FORUM_SMTP_URL must look like smtp://user:password@host:port or smtps://...")
    query = parse_qs(parts.query)
    if parts.scheme == "smtps":
        security = "ssl"
    elif query.get("starttls", ["0"])[0].lower() in ("1", "true", "yes"):
        security = "starttls"
    else:
        security = "plain"
    return SmtpSettings(
        host=parts.hostname, port=parts.port or (465 if security == "ssl" else 587 if security == "starttls" else 25),
        security=security, username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


class SmtpTransport:
    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def describe(self) -> str:
        return f"SMTP {self.settings.host}:{self.settings.port} ({self.settings.security})"

    @contextmanager
    def connection(self) -> Iterator[SmtpConnection]:
        connection = SmtpConnection(self.settings)
        try:
            yield connection
        finally:
            connection.close()


class SmtpConnection:
    """One SMTP session for a batch of mails, opened at the first send and again after an error."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        s = self.settings
        if s.security == "ssl":
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=TIMEOUT_SECONDS)
            if s.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        if s.username:
            smtp.login(s.username, s.password or "")
        return smtp

    def send(self, message: Message) -> None:
        if self.smtp is None:
            self.smtp = self._open()
        try:
            self.smtp.send_message(message)
        except (smtplib.SMTPException, OSError):
            self.close()  # the next mail starts a fresh session
            raise

    def close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None


class FileTransport:
    """Demo mode: each mail becomes an .eml file that any mail program opens."""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)

    def describe(self) -> str:
        return f"files in {self.folder}"

    @contextmanager
    def connection(self) -> Iterator[FileTransport]:
        self.folder.mkdir(parents=True, exist_ok=True)
        yield self

    def send(self, message: Message) -> None:
        name = message["X-Forum-Mail-Id"] or "mail"
        (self.folder / f"{name}.eml").write_bytes(bytes(message))

    def close(self) -> None:
        pass


def transport_for(config) -> SmtpTransport | FileTransport:
    if config.get("SMTP_URL"):
        return SmtpTransport(parse_smtp_url(config["SMTP_URL"]))
    return FileTransport(config["MAIL_DIR"])
