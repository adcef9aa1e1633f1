"""Mail: the outbox and its background sender, rendering, reply by e-mail, the daily digest.

Mail is one more side effect of an action: the outbox row is written in the action's transaction and the
after-commit pipeline wakes the sender (`forum.mail.outbox`, `forum.mail.sender`).
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from forum.mail import cli

    for command in cli.COMMANDS:
        app.cli.add_command(command)


def describe_delivery(app: Flask) -> str:
    """Where mail goes, for the run command to say."""
    from forum.mail.transport import transport_for

    if app.config.get("SMTP_URL"):
        return f"Mail is sent through {transport_for(app.config).describe()}."
    return (f"No FORUM_SMTP_URL is set: mail is written to {app.config['MAIL_DIR']} instead of being sent.")
