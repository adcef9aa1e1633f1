"""Mail commands: `digest` (for cron), `mail-inbound` (the reply-by-mail listener), `mail-send`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("mail-send")
@with_appcontext
def send_command() -> None:
    """Send every mail that is due now (the server's background sender does this by itself)."""
    from forum.mail import sender

    click.echo(f"Sent {sender.deliver_due()} mails.")


@click.command("digest")
@with_appcontext
def digest_command() -> None:
    """Send each member who chose it one mail with what happened since their last digest (for cron)."""
    from forum.mail import digest, sender

    queued = digest.queue_digests()
    sender.deliver_due()
    click.echo(f"{queued} digests sent.")


@click.command("mail-inbound")
@click.option("--host", default=None, help="Address to listen on (default FORUM_MAIL_INBOUND_HOST or 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default FORUM_MAIL_INBOUND_PORT or 2525).")
@with_appcontext
def inbound_command(host: str | None, port: int | None) -> None:
    """Listen for replies to notification mail (SMTP) and post them in their threads."""
    import threading

    from flask import current_app

    from forum.mail import inbound

    app = current_app._get_current_object()
    host = host or app.config["MAIL_INBOUND_HOST"]
    port = port or app.config["MAIL_INBOUND_PORT"]
    controller = inbound.start(app, host, port)
    click.echo(f"Listening for replies by e-mail on {host}:{port} (Ctrl+C stops).")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


COMMANDS = [send_command, digest_command, inbound_command]
