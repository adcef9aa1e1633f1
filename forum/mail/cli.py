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


COMMANDS = [send_command, digest_command]
