"""The sockets connected to this process: who each one is and which rooms it joined.

Rooms are kept here, not in Socket.IO's own room table, so that nothing can address a room without
going through `fanout`, which re-checks every recipient with the permission module.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field


class TokenBucket:
    """`rate` events a second on average, bursts of up to `burst`."""

    def __init__(self, rate: float, burst: int):
        self.rate, self.burst = rate, burst
        self.tokens = float(burst)
        self.stamp = time.monotonic()
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            moment = time.monotonic()
            self.tokens = min(self.burst, self.tokens + (moment - self.stamp) * self.rate)
            self.stamp = moment
            if self.tokens < 1:
                return False
            self.tokens -= 1
            return True


@dataclass
class Viewer:
    """One socket: the user it authenticated as at connect (None for a visitor) and their language.

    A socket authenticates with the session cookie (then `session_version` must stay current) or with an
    API token (`token_id`: the token must stay live; the web session's version does not matter).
    """

    sid: str
    user_id: int | None
    session_version: int | None
    locale: str
    bucket: TokenBucket
    rooms: set[str] = field(default_factory=set)
    last_typing: float = 0.0
    token_id: int | None = None

    @property
    def identity(self) -> str | None:
        """The Flask-Login id the socket's session must still carry ("<id>:<session version>")."""
        return None if self.user_id is None else f"{self.user_id}:{self.session_version}"

    @property
    def person(self) -> str:
        """Who counts as one person for presence: a member's tabs count once, each visitor's socket once."""
        return f"user:{self.user_id}" if self.user_id is not None else f"visitor:{self.sid}"


class Registry:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._viewers: dict[str, Viewer] = {}
        self._rooms: dict[str, set[str]] = defaultdict(set)

    def __len__(self) -> int:
        return len(self._viewers)

    def add(self, viewer: Viewer) -> None:
        with self._lock:
            self._viewers[viewer.sid] = viewer

    def get(self, sid: str) -> Viewer | None:
        return self._viewers.get(sid)

    def remove(self, sid: str) -> Viewer | None:
        with self._lock:
            viewer = self._viewers.pop(sid, None)
            if viewer is not None:
                for room in viewer.rooms:
                    self._discard(room, sid)
            return viewer

    def join(self, sid: str, room: str) -> bool:
        with self._lock:
            viewer = self._viewers.get(sid)
            if viewer is None:
                return False
            viewer.rooms.add(room)
            self._rooms[room].add(sid)
            return True

    def leave(self, sid: str, room: str) -> bool:
        with self._lock:
            viewer = self._viewers.get(sid)
            if viewer is None or room not in viewer.rooms:
                return False
            viewer.rooms.discard(room)
            self._discard(room, sid)
            return True

    def members(self, room: str) -> list[Viewer]:
        with self._lock:
            return [self._viewers[sid] for sid in self._rooms.get(room, ()) if sid in self._viewers]

    def people_in(self, room: str) -> set[str]:
        return {viewer.person for viewer in self.members(room)}

    def of_user(self, user_id: int) -> list[Viewer]:
        with self._lock:
            return [viewer for viewer in self._viewers.values() if viewer.user_id == user_id]

    def _discard(self, room: str, sid: str) -> None:
        members = self._rooms.get(room)
        if members is not None:
            members.discard(sid)
            if not members:
                del self._rooms[room]
