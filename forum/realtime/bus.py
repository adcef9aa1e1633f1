"""How a committed event reaches every server process, which then delivers it to its own sockets.

One process: an in-memory queue (`LocalBus`). Several processes: an append-only stream they all share
(`StreamBus` over `streams.RedisStream`, or over the local relay of `fast-forum run --processes N`).
Each process appends what it publishes and reads the stream from the last entry it saw, including its
own, so every process handles every event in the stream's one order. The request that committed does
not wait: `publish` puts the event in this process's outbox and a background task appends it.

Nothing is lost while the stream is unreachable: the outbox keeps what was not appended yet (in order,
up to `OUTBOX_LIMIT`) and appends it once the stream is back; each reader resumes after the last id it
handled, so sockets that stayed connected get what was published meanwhile, in order. An append whose
answer was lost may have landed and is sent again: every event carries an id and readers skip one they
have handled already, so each is delivered once.

Each process authorizes its own sockets with fresh database reads: no shared socket registry to go
stale, and no emit is relayed to another process (see `hub`). CLI jobs publish on the same stream, so an
SLA tick or an import reaches every live client.
"""

from __future__ import annotations

import atexit
import json
import logging
import queue
import threading
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable

log = logging.getLogger(__name__)

Handler = Callable[[str, dict], None]
OUTBOX_LIMIT = 10_000  # events kept while the stream is down; beyond it the oldest go (clients catch up on reload)
REMEMBERED_IDS = 10_000  # event ids a reader remembers to skip an append that landed twice
BATCH = 100


class StreamUnavailable(Exception):
    """The stream cannot be reached now; try again later."""


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

    def wait_idle(self, timeout: float = 5.0) -> None:
        """Block until every event published so far is delivered (for tests and benchmarks)."""
        self._queue.join()

    def close(self) -> None:
        with self._lock:
            if self._thread is not None:
                self._queue.put(None)
                self._thread.join(timeout=5)
                self._thread = None


class StreamBus:
    """Events through a shared stream: `stream` has `tail() -> id`, `append([entry])` and
    `read(after_id, block_seconds) -> [(id, entry)]`, and raises `StreamUnavailable` when it cannot."""

    def __init__(self, stream, handle: Handler, tick: Callable[[], None] | None = None,
                 tick_seconds: float = 10.0, retry_seconds: float = 0.2):
        self.stream = stream
        self._handle = handle
        self._tick, self._tick_seconds = tick, tick_seconds
        self._retry = retry_seconds
        self._process = uuid.uuid4().hex[:12]
        self._sequence = 0
        self._outbox: deque[str] = deque()
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._last_id: str | None = None
        self._own_handled = 0  # the sequence number of this process's last event it handled
        self._changed = threading.Condition()
        self._ready = threading.Event()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    # -- publishing -----------------------------------------------------------------------------------

    def publish(self, name: str, payload: dict) -> None:
        """Never raises, never waits for the network: the event is appended in the background."""
        self.start(wait=False)
        with self._changed:
            self._sequence += 1
            entry = json.dumps({"id": f"{self._process}:{self._sequence}", "name": name, "payload": payload})
            if len(self._outbox) >= OUTBOX_LIMIT:
                self._outbox.popleft()
                log.warning("live events: the outbox is full, the oldest event was dropped")
            self._outbox.append(entry)
            self._changed.notify_all()

    @property
    def pending(self) -> int:
        """Events published here and not appended to the stream yet."""
        return len(self._outbox)

    def _append_loop(self) -> None:
        delay = self._retry
        while not self._stopping.is_set():
            with self._changed:
                while not self._outbox and not self._stopping.is_set():
                    self._changed.wait(1.0)
                batch = list(self._outbox)[:BATCH]
            if not batch:
                continue
            try:
                self.stream.append(batch)
            except StreamUnavailable:
                log.warning("live events: stream unavailable, %d events wait to be published", len(self._outbox))
                self._stopping.wait(delay)
                delay = min(delay * 2, 2.0)
                continue
            delay = self._retry
            with self._changed:
                for _ in batch:  # publish only appends at the right: the left is still the batch
                    self._outbox.popleft()
                self._changed.notify_all()

    # -- reading --------------------------------------------------------------------------------------

    def start(self, wait: bool = True) -> None:
        """Start appending and reading (once per process); with `wait`, until the reader knows where the
        stream ends, so nothing appended after this returns is missed."""
        with self._lock:
            if not self._threads:
                self._threads = [threading.Thread(target=target, name=name, daemon=True) for target, name in
                                 ((self._read_loop, "live-stream-read"), (self._append_loop, "live-stream-append"))]
                for thread in self._threads:
                    thread.start()
                atexit.register(self.drain)  # a CLI job's events leave before it exits
        if wait:
            self._ready.wait(timeout=5)

    def _read_loop(self) -> None:
        delay, next_tick = self._retry, 0.0
        while not self._stopping.is_set():
            if self._tick is not None and time.monotonic() >= next_tick:
                next_tick = time.monotonic() + self._tick_seconds
                _safely(self._tick)
            try:
                # Where this process starts reading: the stream's end now or, if it is down, the present
                # moment (stream ids begin with the time they were appended at).
                if self._last_id is None:
                    self._last_id = self.stream.tail()
                    self._ready.set()
                entries = self.stream.read(self._last_id, 1.0)
            except StreamUnavailable:
                if self._last_id is None:
                    self._last_id = f"{int(time.time() * 1000)}-0"
                    self._ready.set()
                self._stopping.wait(delay)
                delay = min(delay * 2, 2.0)
                continue
            delay = self._retry
            for entry_id, entry in entries:
                self._last_id = entry_id
                self._receive(entry)

    def _receive(self, entry: str) -> None:
        try:
            event = json.loads(entry)
            event_id, name, payload = event["id"], event["name"], event["payload"]
        except (ValueError, KeyError, TypeError):
            log.warning("live events: ignored a malformed entry")
            return
        if event_id in self._seen:
            return  # an append that landed twice
        self._seen[event_id] = None
        if len(self._seen) > REMEMBERED_IDS:
            self._seen.popitem(last=False)
        _safely(self._handle, name, payload)
        process, _, sequence = event_id.partition(":")
        if process == self._process:
            with self._changed:
                self._own_handled = int(sequence)
                self._changed.notify_all()

    def wait_idle(self, timeout: float = 5.0) -> None:
        """Block until this process has handled every event it published so far (for tests and benchmarks),
        or `timeout` passed (the stream is down)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            target = self._sequence
            while self._own_handled < target and time.monotonic() < deadline:
                self._changed.wait(0.05)

    def drain(self, timeout: float = 5.0) -> None:
        """Wait until the outbox is empty, or `timeout` passed."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while self._outbox and time.monotonic() < deadline and not self._stopping.is_set():
                self._changed.wait(0.05)

    def close(self) -> None:
        self._stopping.set()
        with self._changed:
            self._changed.notify_all()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []


def _safely(work: Callable, *args) -> None:
    try:
        work(*args)
    except Exception:
        log.exception("live event handling failed")
