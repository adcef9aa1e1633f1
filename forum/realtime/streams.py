"""The shared stream of live events on Redis: one Redis Stream, trimmed to about `backlog` entries.

A stream rather than pub/sub: pub/sub drops what is published while a subscriber is disconnected, a
stream keeps it until trimmed, and each reader asks for what came after the last id it handled.
"""

from __future__ import annotations

KEY = "fast-forum:live"
BACKLOG = 10_000


class RedisStream:
    def __init__(self, client, backlog: int = BACKLOG, key: str = KEY):
        self.client, self.backlog, self.key = client, backlog, key

    def tail(self) -> str:
        """The id of the last entry, or "0-0" for an empty stream (everything after it is new)."""
        with _reachable():
            last = self.client.xrevrange(self.key, count=1)
        return last[0][0].decode() if last else "0-0"

    def append(self, entries: list[str]) -> None:
        with _reachable(), self.client.pipeline(transaction=False) as pipe:
            for entry in entries:
                pipe.xadd(self.key, {"e": entry}, maxlen=self.backlog, approximate=True)
            pipe.execute()

    def read(self, after: str, block_seconds: float) -> list[tuple[str, str]]:
        with _reachable():
            answer = self.client.xread({self.key: after}, count=500, block=int(block_seconds * 1000))
        return [(entry_id.decode(), fields[b"e"].decode())
                for _key, entries in answer or () for entry_id, fields in entries if b"e" in fields]


class _reachable:
    """Turns Redis's connection and timeout errors into `StreamUnavailable`."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        import redis

        from forum.realtime.bus import StreamUnavailable

        if error is not None and isinstance(error, redis.RedisError):
            raise StreamUnavailable(str(error)) from error
        return False
