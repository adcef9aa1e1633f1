"""Password hashing with argon2id at OWASP's recommended parameters (19 MiB, t=2, p=1).

A hash takes tens of milliseconds of CPU outside the GIL: in a gevent server it runs on a pool thread
(`offload`), so a sign-in does not hold up every other request and socket meanwhile.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from forum.concurrency import offload

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def hash_password(password: str) -> str:
    return offload(_hasher.hash, password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return offload(_hasher.verify, stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
