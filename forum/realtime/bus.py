"""How a committed event reaches every server process, which then delivers it to its own sockets.

One process: an in-memory queue. Several processes (FORUM_REDIS_URL): a Redis pub/sub channel that every
process listens to, including the one that published. Either way one background thread per process
handles the events in order, so the request that committed does not wait for the fan-out, and each
process authorizes its own sockets with fresh database reads (no shared socket registry to go stale).
CLI jobs publish on the same channel, so an SLA tick or an import reaches every live client.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

CHANNEL = "fast-forum:live"
Handler = Callable[[str, dict], None]


class LocalBus:
    def __init__(self, handle: Handler):
        self._handle = handle
        self._queue: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def publish(self, name: str, payload: dict) -> None:
        self.start()
        self._queue.put((name, payload))

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="live-fanout", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                self._handle(*item)
            except Exception:
                log.exception("live event %s failed", item[0])
            finally:
                self._queue.task_done()

    def wait_idle(self) -> None:
        """Block until every event published so far is delivered (for tests and benchmarks)."""
        self._queue.join()

    def close(self) -> None:
        with self._lock:
            if self._thread is not None:
                self._queue.put(None)
                self._thread.join(timeout=5)
                self._thread = None


class RedisBus:
    def __init__(self, url: str, handle: Handler, tick: Callable[[], None] | None = None,
                 tick_seconds: float = 10.0):
        import redis

        self._redis = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        self._handle = handle
        self._tick, self._tick_seconds = tick, tick_seconds
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._subscribed = threading.Event()
        self._stopping = threading.Event()

    @property
    def client(self):
        return self._redis

    def publish(self, name: str, payload: dict) -> None:
        # Raises when Redis is down; forum.events logs it and the post stays saved. Clients catch up with
        # `join {after}` when they reconnect.
        self._redis.publish(CHANNEL, json.dumps({"name": name, "payload": payload}))

    def start(self) -> None:
        """Start listening (once per process) and wait until subscribed, so nothing published after is lost."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="live-redis", daemon=True)
                self._thread.start()
        self._subscribed.wait(timeout=5)

    def _run(self) -> None:
        import redis

        delay = 0.5
        while not self._stopping.is_set():
            try:
                pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(CHANNEL)
                self._subscribed.set()
                delay = 0.5
                self._listen(pubsub)
                pubsub.close()
            except redis.RedisError:
                log.warning("live events: Redis unavailable, retrying in %.1f s", delay)
                self._stopping.wait(delay)
                delay = min(delay * 2, 10)

    def _listen(self, pubsub) -> None:
        next_tick = 0.0
        while not self._stopping.is_set():
            if self._tick is not None and time.monotonic() >= next_tick:
                next_tick = time.monotonic() + self._tick_seconds
                self._safely(self._tick)
            message = pubsub.get_message(timeout=1.0)
            if message is None or message.get("type") != "message":
                continue
            try:
                event = json.loads(message["data"])
                name, payload = event["name"], event["payload"]
            except (ValueError, KeyError, TypeError):
                log.warning("live events: ignored a malformed message")
                continue
            self._safely(self._handle, name, payload)

    @staticmethod
    def _safely(work: Callable, *args) -> None:
        try:
            work(*args)
        except Exception:
            log.exception("live event handling failed")

    def wait_idle(self) -> None:
        """Events travel through Redis; there is no local queue to drain."""

    def close(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
