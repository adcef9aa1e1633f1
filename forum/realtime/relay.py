"""The shared stream of live events without Redis: kept by `fast-forum run --processes N` for its children.

The supervising process holds the last `backlog` entries in memory and answers its children over a Unix
socket in a private folder (mode 0700: only this user reaches it), one JSON line per request:
`{"op": "tail"}`, `{"op": "append", "entries": [...]}`, `{"op": "read", "after": id, "block": seconds}`,
and for "N viewing" `{"op": "presence", "process", "thread", "people"}` / `{"op": "count", "thread"}` /
`{"op": "alive", "process"}` (a process silent for `ALIVE_SECONDS` stops counting, as with Redis).
Ids look like Redis stream ids (`<ms>-<n>`, increasing), so `StreamBus` treats both streams alike: a child
that lost its connection (a restart of its own) resumes after the last id it handled.
"""

from __future__ import annotations

import json
import socket
import socketserver
import tempfile
import threading
import time
import uuid
from collections import deque
from pathlib import Path

from forum.realtime.bus import StreamUnavailable
from forum.realtime.streams import BACKLOG

ENV = "FORUM_LIVE_RELAY"
ALIVE_SECONDS = 30


def _format(key: tuple[int, int]) -> str:
    return f"{key[0]}-{key[1]}"


def _parse(entry_id: str) -> tuple[int, int]:
    ms, _, n = entry_id.partition("-")
    return int(ms), int(n or 0)


class Relay:
    """The stream itself, and who views which thread, in the supervising process."""

    def __init__(self, backlog: int = BACKLOG):
        self._entries: deque[tuple[tuple[int, int], str]] = deque(maxlen=backlog)
        self._last = (0, 0)
        self._appended = threading.Condition()
        self._viewing: dict[int, dict[str, list[str]]] = {}  # thread -> process -> people
        self._alive: dict[str, float] = {}
        self.folder = Path(tempfile.mkdtemp(prefix="fast-forum-live-"))
        self.path = str(self.folder / "relay.sock")
        relay = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                for line in self.rfile:
                    try:
                        answer = relay.answer(json.loads(line))
                    except (ValueError, KeyError, TypeError):
                        answer = {"error": "bad request"}
                    self.wfile.write(json.dumps(answer).encode() + b"\n")

        self.server = socketserver.ThreadingUnixStreamServer(self.path, Handler)
        self.server.daemon_threads = True

    def start(self) -> Relay:
        threading.Thread(target=self.server.serve_forever, name="live-relay", daemon=True).start()
        return self

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        Path(self.path).unlink(missing_ok=True)
        self.folder.rmdir()

    def answer(self, request: dict) -> dict:
        operation = request["op"]
        if operation == "tail":
            return {"id": _format(self._last)}
        if operation == "append":
            with self._appended:
                for entry in request["entries"]:
                    ms = max(int(time.time() * 1000), self._last[0])
                    self._last = (ms, self._last[1] + 1 if ms == self._last[0] else 0)
                    self._entries.append((self._last, str(entry)))
                self._appended.notify_all()
            return {"ok": True}
        if operation == "read":
            after, deadline = _parse(request["after"]), time.monotonic() + min(float(request["block"]), 5.0)
            with self._appended:
                while self._last <= after and time.monotonic() < deadline:
                    self._appended.wait(max(0.0, deadline - time.monotonic()))
                found = [(_format(key), entry) for key, entry in self._entries if key > after][:500]
            return {"entries": found}
        return self._presence(operation, request)

    def _presence(self, operation: str, request: dict) -> dict:
        with self._appended:
            if operation == "alive":
                self._alive[str(request["process"])] = time.monotonic()
                return {"ok": True}
            if operation == "presence":
                process, people = str(request["process"]), [str(person) for person in request["people"]]
                self._alive[process] = time.monotonic()
                viewing = self._viewing.setdefault(int(request["thread"]), {})
                if people:
                    viewing[process] = people
                else:
                    viewing.pop(process, None)
                return {"ok": True}
            if operation == "count":
                living = time.monotonic() - ALIVE_SECONDS
                people = {person for process, found in self._viewing.get(int(request["thread"]), {}).items()
                          if self._alive.get(process, 0) > living for person in found}
                return {"count": len(people)}
        return {"error": "unknown op"}


class RelayStream:
    """A child's side of the relay: one connection per thread (the reader blocks in `read`)."""

    def __init__(self, path: str):
        self.path = path
        self._local = threading.local()

    def ask(self, request: dict, timeout: float = 5.0) -> dict:
        """One request and its answer (RelayPresence asks through here too)."""
        connection = getattr(self._local, "connection", None)
        try:
            if connection is None:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.connect(self.path)
                connection = self._local.connection = (sock, sock.makefile("rb"))
            sock, reader = connection
            sock.settimeout(timeout)
            sock.sendall(json.dumps(request).encode() + b"\n")
            line = reader.readline()
            if not line:
                raise OSError("the relay closed the connection")
            return json.loads(line)
        except (OSError, ValueError) as error:
            self._local.connection = None
            if connection is not None:
                connection[0].close()
            raise StreamUnavailable(str(error)) from error

    def tail(self) -> str:
        return self.ask({"op": "tail"})["id"]

    def append(self, entries: list[str]) -> None:
        self.ask({"op": "append", "entries": entries})

    def read(self, after: str, block_seconds: float) -> list[tuple[str, str]]:
        answer = self.ask({"op": "read", "after": after, "block": block_seconds}, timeout=block_seconds + 5)
        return [(entry_id, entry) for entry_id, entry in answer.get("entries", ())]


class RelayPresence:
    """"N viewing" across the processes of one `fast-forum run --processes N`, kept by the relay."""

    def __init__(self, registry, stream: RelayStream):
        self.registry, self.stream = registry, stream
        self.process = uuid.uuid4().hex

    def changed(self, thread_id: int) -> None:
        from forum.realtime.rooms import thread_room

        people = sorted(self.registry.people_in(thread_room(thread_id)))
        self.stream.ask({"op": "presence", "process": self.process, "thread": thread_id, "people": people})

    def count(self, thread_id: int) -> int:
        return int(self.stream.ask({"op": "count", "thread": thread_id})["count"])

    def heartbeat(self) -> None:
        self.stream.ask({"op": "alive", "process": self.process})
