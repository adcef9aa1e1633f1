"""Live threads over Socket.IO: handlers at the socket's door, and the after-commit sink that feeds them.

    registry   who is connected to this process, in which rooms
    rooms      room names, who may join, what a reconnecting client missed
    guard      origin, CSRF token, message size
    handlers   connect / join / leave / typing
    fragments  HTML for live events from the page partials, per viewer
    fanout     the one place that turns a committed event into socket events, recipient by recipient
    bus        how events reach every process (in memory, or a shared stream)
    streams    the shared stream on Redis
    presence   "N viewing", across processes
    hub        the above, per app
"""

from __future__ import annotations

from flask import Flask, current_app, has_app_context

from forum import events
from forum.extensions import socketio
from forum.realtime.fanout import DOMAIN_EVENTS
from forum.realtime.hub import LiveHub

EXTENSION = "forum.realtime"


def init_app(app: Flask) -> LiveHub:
    """Bind live updates to the app; call after `socketio.init_app(app)`. Calling it again does nothing."""
    hub = app.extensions.get(EXTENSION)
    if hub is not None:
        return hub
    from forum.realtime import handlers  # the handlers import this package's hub: bound after it exists

    hub = LiveHub(app, socketio.server)
    app.extensions[EXTENSION] = hub
    handlers.register(socketio)
    events.register_sink(deliver)
    return hub


def deliver(name: str, payload: dict) -> None:
    """The events sink: runs after the commit, in the app that committed."""
    if name not in DOMAIN_EVENTS or not has_app_context():
        return
    hub = current_app.extensions.get(EXTENSION)
    if hub is not None:
        hub.publish(name, payload)
