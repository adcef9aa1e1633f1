"""One per app and process: the registry of sockets, the bus between processes, presence, settings."""

from __future__ import annotations

import logging
import threading

from flask import Flask

from forum.realtime import rooms
from forum.realtime.bus import LocalBus, StreamBus
from forum.realtime.fanout import PRESENCE, Fanout
from forum.realtime.guard import allowed_origins
from forum.realtime.presence import LocalPresence, RedisPresence
from forum.realtime.registry import Registry, TokenBucket
from forum.realtime.streams import BACKLOG

log = logging.getLogger(__name__)

DEFAULTS = {
    "REALTIME_EVENT_RATE": 2.0,  # socket events a second per socket, on average ...
    "REALTIME_EVENT_BURST": 20,  # ... with bursts of this many
    "REALTIME_MAX_EVENT_BYTES": 1024,
    "REALTIME_MISSED_LIMIT": 200,  # more missed posts than this: the client reloads the page
    "REALTIME_TYPING_INTERVAL": 2.0,  # seconds between two typing broadcasts of one socket
    "REALTIME_PRESENCE_DELAY": 0.25,  # joins and leaves within this window make one presence update
    "REALTIME_STREAM_BACKLOG": BACKLOG,  # live events the shared stream keeps for processes catching up
}


class LiveHub:
    def __init__(self, app: Flask, server):
        for key, value in DEFAULTS.items():
            app.config.setdefault(key, value)
        self.app = app
        self.server = server
        self.registry = Registry()
        self.allowed_origins = allowed_origins(app.config.get("SOCKETIO_ALLOWED_ORIGINS") or "")
        url = app.config.get("REDIS_URL")
        self.redis = None
        if url:
            import redis

            from forum.realtime.streams import RedisStream

            client = self.redis = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
            self.bus = StreamBus(RedisStream(client, app.config["REALTIME_STREAM_BACKLOG"]), self._handle,
                                 tick=self._heartbeat)
            self.presence = RedisPresence(self.registry, client)
        elif app.config.get("LIVE_RELAY"):
            from forum.realtime.relay import RelayPresence, RelayStream

            # Several processes of one `fast-forum run`, without Redis: the supervisor's relay.
            stream = RelayStream(app.config["LIVE_RELAY"])
            self.bus = StreamBus(stream, self._handle, tick=self._heartbeat)
            self.presence = RelayPresence(self.registry, stream)
        else:
            self.bus = LocalBus(self._handle)
            self.presence = LocalPresence(self.registry)
        self._pending_presence: set[int] = set()
        self._lock = threading.Lock()
        self._closed = False

    def setting(self, name: str):
        return self.app.config[f"REALTIME_{name}"]

    def new_bucket(self) -> TokenBucket:
        return TokenBucket(self.setting("EVENT_RATE"), self.setting("EVENT_BURST"))

    def start(self) -> None:
        self.bus.start()

    def publish(self, name: str, payload: dict) -> None:
        """Send an event to every process's fan-out (called after commit, or by a socket handler)."""
        if self._closed or (isinstance(self.bus, LocalBus) and not len(self.registry)):
            return  # one process and no socket in it: nobody to tell
        self.bus.publish(name, payload)

    def redis_state(self) -> str:
        """"off" without Redis, else whether it answers now: "ok" or "down"."""
        if self.redis is None:
            return "off"
        try:
            self.redis.ping()
        except Exception:  # any failure to answer is "down"; the health check reports, it does not fail
            return "down"
        return "ok"

    def wait_idle(self, timeout: float = 5.0) -> None:
        self.bus.wait_idle(timeout)

    def close(self) -> None:
        self._closed = True
        self.bus.close()

    # -- delivery in this process ---------------------------------------------------------------------

    def _handle(self, name: str, payload: dict) -> None:
        # An app context with a URL adapter of its own lets the partials build their (relative) URLs
        # outside any request; the viewer is passed to them explicitly.
        context = self.app.app_context()
        context.url_adapter = self.app.url_map.bind("fanout.localhost", url_scheme="http")
        with context:
            fanout = Fanout(self.registry, self._emit, self.presence.count)
            fanout.dispatch(name, payload)
        for sid, room in fanout.revoked:
            self.revoke(sid, room)
        for sid in dict.fromkeys(fanout.stale):
            self.disconnect(sid)

    def _emit(self, event: str, data: dict, sids: list[str]) -> None:
        if sids:
            # Straight to this process's sockets. The fan-out is per process, not through a Socket.IO
            # message queue: each process re-checks its own sockets' users with fresh database reads and
            # renders for them, so an emit never needs to reach another process (see `bus`).
            self.server.emit(event, data, to=list(sids))

    def revoke(self, sid: str, room: str) -> None:
        """The socket's user may no longer see this room: take it out, and tell the page."""
        if self.registry.leave(sid, room):
            self._emit("access.revoked", {"room": room}, [sid])
            self._presence_of_room(room)

    def disconnect(self, sid: str) -> None:
        viewer = self.registry.remove(sid)
        try:
            self.server.disconnect(sid)
        except Exception:  # already gone
            log.debug("socket %s was gone before its disconnect", sid)
        if viewer is not None:
            for room in viewer.rooms:
                self._presence_of_room(room)

    # -- presence -------------------------------------------------------------------------------------

    def _presence_of_room(self, room: str) -> None:
        parsed = rooms.parse(room)
        if parsed is not None and parsed.kind == "thread":
            self.presence_changed(parsed.number)

    def presence_changed(self, thread_id: int) -> None:
        """Someone joined or left the thread: one `presence` update after a short delay."""
        with self._lock:
            if self._closed or thread_id in self._pending_presence:
                return
            self._pending_presence.add(thread_id)
        timer = threading.Timer(self.setting("PRESENCE_DELAY"), self._send_presence, (thread_id,))
        timer.daemon = True
        timer.start()

    def _send_presence(self, thread_id: int) -> None:
        with self._lock:
            self._pending_presence.discard(thread_id)
        try:
            self.presence.changed(thread_id)
            self.publish(PRESENCE, {"thread_id": thread_id})
        except Exception:
            log.exception("presence update failed")

    def _heartbeat(self) -> None:
        self.presence.heartbeat()
