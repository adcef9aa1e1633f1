"""A periodic job that one process runs at a time, however many serve (the SLA tick every process starts).

`held(name)` tries to take the job's lock without waiting and says whether it got it; a process that did
not skips this round (the holder does the work). Where the lock lives follows what the processes share:
Redis when FORUM_REDIS_URL is set (`SET NX PX`, released only by its holder, expiring by itself if the
holder dies); otherwise a PostgreSQL advisory lock on a connection of its own; otherwise, on SQLite, an
exclusive `flock` on a file next to the database file. Redis being down falls back to the database's lock.
"""

from __future__ import annotations

import fcntl
import logging
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import current_app
from sqlalchemy import text

from forum.extensions import db

log = logging.getLogger(__name__)
KEY = "fast-forum:job:{}"
# Released only by the holder: a holder that outlived its expiry must not release another's lock.
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


@contextmanager
def held(name: str, ttl_seconds: float = 600) -> Iterator[bool]:
    url = current_app.config.get("REDIS_URL")
    if url:
        try:
            with _redis_lock(url, name, ttl_seconds) as got:
                yield got
            return
        except _RedisDown:
            log.warning("job lock %s: Redis unreachable, using the database's lock", name)
    with _database_lock(name) as got:
        yield got


class _RedisDown(Exception):
    pass


@contextmanager
def _redis_lock(url: str, name: str, ttl_seconds: float) -> Iterator[bool]:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
    token = uuid.uuid4().hex
    try:
        got = bool(client.set(KEY.format(name), token, nx=True, px=int(ttl_seconds * 1000)))
    except redis.RedisError as error:
        client.close()
        raise _RedisDown from error
    try:
        yield got
    finally:
        if got:
            try:
                client.eval(_RELEASE, 1, KEY.format(name), token)
            except redis.RedisError:
                log.warning("job lock %s: not released (Redis unreachable); it expires by itself", name)
        client.close()


@contextmanager
def _database_lock(name: str) -> Iterator[bool]:
    engine = db.engine
    if engine.dialect.name == "postgresql":
        number = zlib.crc32(f"fast-forum:{name}".encode())
        with engine.connect() as connection:
            got = bool(connection.execute(text("SELECT pg_try_advisory_lock(:n)"), {"n": number}).scalar())
            try:
                yield got
            finally:
                if got:
                    connection.execute(text("SELECT pg_advisory_unlock(:n)"), {"n": number})
                connection.commit()
        return
    database = engine.url.database
    folder = Path(database).resolve().parent if database and database != ":memory:" else Path(current_app.instance_path)
    with open(folder / f".{Path(database or 'forum').name}.{name}.lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
