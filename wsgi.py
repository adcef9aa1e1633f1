"""WSGI entry point: `gunicorn -k gevent -w 1 wsgi:app` (see the README) or `flask --app wsgi ...`."""

from forum import create_app
from forum.concurrency import settle_after_start

app = create_app()
settle_after_start()
