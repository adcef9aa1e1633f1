"""How many people view a thread, across every process.

Each process knows its own sockets. With Redis, each process writes the people it has in a thread
(`fast-forum:presence:<thread>`, one hash field per process) and keeps an `alive` key with a short
expiry; a process that dies stops counting within `ALIVE_SECONDS`.
"""

from __future__ import annotations

import json
import uuid

from forum.realtime.registry import Registry
from forum.realtime.rooms import thread_room

ALIVE_SECONDS = 30


class LocalPresence:
    def __init__(self, registry: Registry):
        self.registry = registry

    def changed(self, thread_id: int) -> None:
        """Nothing to share: the count is read from this process's registry."""

    def count(self, thread_id: int) -> int:
        return len(self.registry.people_in(thread_room(thread_id)))

    def heartbeat(self) -> None:
        pass


class RedisPresence:
    def __init__(self, registry: Registry, client):
        self.registry = registry
        self.redis = client
        self.process = uuid.uuid4().hex

    def changed(self, thread_id: int) -> None:
        key = _key(thread_id)
        people = sorted(self.registry.people_in(thread_room(thread_id)))
        with self.redis.pipeline() as pipe:
            if people:
                pipe.hset(key, self.process, json.dumps(people))
                pipe.expire(key, 24 * 3600)
            else:
                pipe.hdel(key, self.process)
            pipe.set(_alive(self.process), 1, ex=ALIVE_SECONDS)
            pipe.execute()

    def count(self, thread_id: int) -> int:
        fields = self.redis.hgetall(_key(thread_id))
        if not fields:
            return 0
        processes = [name.decode() for name in fields]
        alive = self.redis.mget([_alive(process) for process in processes])
        people: set[str] = set()
        for (_, value), living in zip(fields.items(), alive, strict=True):
            if living is not None:
                people.update(json.loads(value))
        return len(people)

    def heartbeat(self) -> None:
        self.redis.set(_alive(self.process), 1, ex=ALIVE_SECONDS)


def _key(thread_id: int) -> str:
    return f"fast-forum:presence:{thread_id}"


def _alive(process: str) -> str:
    return f"fast-forum:alive:{process}"
