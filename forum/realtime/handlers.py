"""Socket.IO handlers: thin, like views. Parse, check the session and the permission, act, acknowledge.

Client protocol (DESIGN.md "Live threads"): connect with `auth={"csrf": <token>}` and the session cookie,
or with an API token as `auth={"token": <token>}` or an `Authorization: Bearer <token>` header; `join`
{"room", "after"} -> {"ok": true, "room", "missed": [post.created payloads]} or {"ok": false, "error"};
`leave` {"room"}; `typing` {"thread_id"}.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from functools import wraps

from flask import current_app, request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, SocketIO

from forum import locale, permissions
from forum.extensions import db
from forum.models import Thread
from forum.realtime import guard, rooms
from forum.realtime.fanout import TYPING
from forum.realtime.fragments import Renderer, post_payload
from forum.realtime.hub import LiveHub
from forum.realtime.registry import Viewer
from forum.services import accounts

_registered: weakref.WeakSet = weakref.WeakSet()


def register(socketio: SocketIO) -> None:
    """Attach the handlers to the Socket.IO server bound last by `socketio.init_app` (once per server)."""
    if socketio.server in _registered:
        return
    _registered.add(socketio.server)
    socketio.on_event("connect", connect)
    socketio.on_event("disconnect", disconnect)
    socketio.on_event("join", join)
    socketio.on_event("leave", leave)
    socketio.on_event("typing", typing)


def _hub() -> LiveHub:
    return current_app.extensions["forum.realtime"]


def _refused(error: str) -> dict:
    return {"ok": False, "error": error}


def connect(auth=None):
    """Same origin, then an API token, or a valid CSRF token and a session still valid (else a visitor)."""
    hub = _hub()
    if not guard.origin_allowed(request, hub.allowed_origins):
        raise ConnectionRefusedError("origin not allowed")
    token = guard.api_token(auth, request.headers)
    if token is not None:
        # A token cannot be sent by another site on the user's behalf, so no CSRF token is needed.
        row = accounts.token_in_use(token) if token else None
        if row is None:
            raise ConnectionRefusedError("api token not valid")
        user, token_id = row.user, row.id
    elif not guard.csrf_valid(auth):
        raise ConnectionRefusedError("csrf token missing or invalid")
    else:
        # Flask-Login's loader accepts the session only while its session version is current and the
        # user is not banned; otherwise the socket is a visitor's.
        user, token_id = (current_user if current_user.is_authenticated else None), None
    hub.start()
    hub.registry.add(Viewer(
        sid=request.sid, user_id=user.id if user else None,
        session_version=user.session_version if user and token_id is None else None,
        locale=locale.current(), bucket=hub.new_bucket(), token_id=token_id,
    ))


def disconnect(reason=None):
    hub = _hub()
    viewer = hub.registry.remove(request.sid)
    if viewer is not None:
        for room in viewer.rooms:
            parsed = rooms.parse(room)
            if parsed is not None and parsed.kind == "thread":
                hub.presence_changed(parsed.number)


def live_event(handler: Callable) -> Callable:
    """Every event: the socket is known, its session still current, within its rate and size limits."""

    @wraps(handler)
    def checked(data=None):
        hub = _hub()
        viewer = hub.registry.get(request.sid)
        if viewer is None:
            return _refused("not_connected")
        if viewer.token_id is not None:
            user = accounts.live_token_owner(viewer.token_id)  # None once revoked, or the owner banned
            ended = user is None
        else:
            session_user = current_user.get_id() if current_user.is_authenticated else None
            ended = session_user != viewer.identity  # logged out, banned, password changed
            user = current_user._get_current_object() if viewer.user_id is not None and not ended else None
        if ended:
            hub.disconnect(request.sid)
            return _refused("session_ended")
        if not viewer.bucket.take():
            return _refused("rate_limited")
        if not guard.fits(data, hub.setting("MAX_EVENT_BYTES")):
            return _refused("bad_request")
        return handler(hub, viewer, user, data)

    return checked


@live_event
def join(hub: LiveHub, viewer: Viewer, user, data: dict) -> dict:
    room = rooms.parse(data.get("room"))
    if room is None:
        return _refused("unknown_room")
    after = data.get("after")
    if after is not None and guard.whole_number(after) is None:
        return _refused("bad_request")
    if not rooms.may_join(user, room):
        return _refused("not_allowed")  # the same answer for a missing and a forbidden thread
    # Join before reading what was missed: a post committed in between arrives live (and perhaps in
    # `missed` too; the client keeps each post once, by id).
    hub.registry.join(viewer.sid, room.name)
    answer = {"ok": True, "room": room.name, "missed": []}
    if room.kind == "thread":
        hub.presence_changed(room.number)
        if after is not None:
            thread = db.session.get(Thread, room.number)
            posts, truncated = rooms.missed_posts(user, thread, after, hub.setting("MISSED_LIMIT"))
            renderer = Renderer()
            answer["missed"] = [post_payload(post, thread, renderer.post(post, thread, user, viewer.locale))
                                for post in posts]
            answer["truncated"] = truncated
    return answer


@live_event
def leave(hub: LiveHub, viewer: Viewer, user, data: dict) -> dict:
    room = rooms.parse(data.get("room"))
    if room is None:
        return _refused("unknown_room")
    if hub.registry.leave(viewer.sid, room.name) and room.kind == "thread":
        hub.presence_changed(room.number)
    return {"ok": True, "room": room.name}


@live_event
def typing(hub: LiveHub, viewer: Viewer, user, data: dict) -> dict:
    thread_id = guard.whole_number(data.get("thread_id"))
    if thread_id is None:
        return _refused("bad_request")
    if rooms.thread_room(thread_id) not in viewer.rooms:
        return _refused("not_joined")
    thread = db.session.get(Thread, thread_id)
    if user is None or thread is None or not permissions.can_reply(user, thread):
        return _refused("not_allowed")
    moment = time.monotonic()
    if moment - viewer.last_typing >= hub.setting("TYPING_INTERVAL"):
        viewer.last_typing = moment
        hub.publish(TYPING, {"thread_id": thread_id, "user_id": user.id, "name": user.display_name})
    return {"ok": True}
