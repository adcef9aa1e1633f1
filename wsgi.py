"""WSGI entry point: `gunicorn -k gevent -w 1 wsgi:app` (see the README) or `flask --app wsgi ...`."""

from forum import create_app
from forum.concurrency import settle_after_start

app = create_app()
settle_after_start()

from forum.mail import sender  # noqa: E402

sender.wake(app)  # mail left in the outbox (a restart, a cron command) goes out without waiting for a commit
