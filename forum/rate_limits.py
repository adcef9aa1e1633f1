"""Rate limits, defined once and shared by every door: one budget per member for each kind of action.

Each budget is a Flask-Limiter shared limit with its own scope, so the ask page, the reply form and their
API twins draw on one count, and so do the flag form and the flag endpoint, the sign-in page and the
token endpoint. A member is counted by account id — not by session, so signing out and in again does
not reset the count; a visitor by address (behind a configured proxy, the forwarded one).

Signing in is also throttled per account (`SignInThrottle`), by both doors together: after a few wrong
passwords each further attempt waits twice as long as the one before, up to a cap, so guessing from many
addresses gets one try per delay while the owner waits at most the cap — and not at all from a device
they signed in on before, which has its own count.

With FORUM_REDIS_URL the counts live in Redis, so they hold across every server process. While Redis is
unreachable each process counts in its own memory (the same limits, per process: a brief window in which
N processes allow N times the budget) rather than refuse or fail requests; Flask-Limiter returns to
Redis once it answers again.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user

from forum.extensions import limiter

log = logging.getLogger(__name__)

POSTING = "20 per minute; 200 per day"
FLAGGING = "20 per hour"
SIGNING_IN = "10 per minute; 50 per hour"  # per address
REGISTERING = "5 per minute; 30 per hour"  # per address
SEARCHING = "60 per minute; 1000 per hour"  # per address; FORUM_SEARCH_RATE_LIMIT overrides it
SIMILAR = "60 per minute; 1000 per hour"  # per address; FORUM_SIMILAR_RATE_LIMIT overrides it
PREVIEWING = "60 per minute; 1000 per hour"  # the writing form's preview tab and its API twin


def member_or_address() -> str:
    """The counted party: the signed-in member (page or Bearer token alike), else the address."""
    user = current_user
    if user is not None and user.is_authenticated:
        return f"member:{user.id}"
    return f"address:{get_remote_address()}"


def _configured(setting: str, default: str):
    return lambda: current_app.config.get(setting) or default


posting = limiter.shared_limit(POSTING, scope="posting", key_func=member_or_address, methods=["POST"])
flagging = limiter.shared_limit(FLAGGING, scope="flagging", key_func=member_or_address, methods=["POST"])
signing_in = limiter.shared_limit(SIGNING_IN, scope="signing-in", key_func=get_remote_address, methods=["POST"])
registering = limiter.shared_limit(REGISTERING, scope="registering", key_func=get_remote_address,
                                   methods=["POST"])
searching = limiter.shared_limit(_configured("SEARCH_RATE_LIMIT", SEARCHING), scope="search",
                                 key_func=get_remote_address)
previewing = limiter.shared_limit(PREVIEWING, scope="previewing", key_func=member_or_address, methods=["POST"])
similar = limiter.shared_limit(_configured("SIMILAR_RATE_LIMIT", SIMILAR), scope="similar",
                               key_func=get_remote_address)

RESET_PER_ADDRESS = "3 per hour"  # per e-mail address asked for, whoever asks: nobody floods a mailbox
RESET_PER_IP = "10 per hour"
RESETTING = "20 per hour"  # per address: guessing reset links


def address_asked_for() -> str:
    """The e-mail address a forgot-password request names (form or JSON), the counted party."""
    from flask import request

    source = request.get_json(silent=True) if request.is_json else request.form
    email = (source or {}).get("email")
    return "reset-address:" + (email.strip().lower()[:254] if isinstance(email, str) else "")


reset_requests = limiter.shared_limit(RESET_PER_ADDRESS, scope="reset-request", key_func=address_asked_for,
                                      methods=["POST"])
reset_requests_per_ip = limiter.shared_limit(RESET_PER_IP, scope="reset-request-ip", key_func=get_remote_address,
                                             methods=["POST"])
resetting = limiter.shared_limit(RESETTING, scope="resetting", key_func=get_remote_address, methods=["POST"])


def hit_posting(user_id: int, limit: str) -> bool:
    """Count a post that arrives outside a request (a reply by e-mail) against the member's posting budget."""
    from limits import parse_many

    if not current_app.config.get("RATELIMIT_ENABLED", True) or not limiter.enabled:
        return True
    from limits.strategies import FixedWindowRateLimiter

    try:
        return all(limiter.limiter.hit(item, f"member:{user_id}", "posting") for item in parse_many(limit))
    except Exception:
        if not _falls_back():
            raise
        log.warning("rate limit storage unreachable: counting this post in this process's memory")
        return all(FixedWindowRateLimiter(_memory()).hit(item, f"member:{user_id}", "posting")
                   for item in parse_many(limit))


def _falls_back() -> bool:
    return bool(current_app.config.get("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"))


_fallback_memory = None


def _memory():
    """This process's own counts, for when the shared storage (Redis) is unreachable."""
    global _fallback_memory
    if _fallback_memory is None:
        from limits.storage import MemoryStorage

        _fallback_memory = MemoryStorage()
    return _fallback_memory


def _counted(operation: str, *args):
    """A storage operation on the limiter's storage, or on this process's memory while Redis is down."""
    try:
        return getattr(limiter.limiter.storage, operation)(*args)
    except Exception:
        if not _falls_back():
            raise
        log.warning("rate limit storage unreachable: counting sign-ins in this process's memory")
        return getattr(_memory(), operation)(*args)

SIGN_IN_FREE_FAILURES = 5  # wrong passwords per account before the delay starts
SIGN_IN_FIRST_DELAY = 1.0  # seconds after the first failure beyond them; doubles with each further one
SIGN_IN_MAX_DELAY = 900.0  # the longest an account waits
SIGN_IN_MEMORY = 24 * 3600  # failures are forgotten a day after the first


class SignInThrottle:
    """Failed sign-ins of one account (by e-mail address, so unknown addresses behave alike), counted in
    the limiter's storage so every process shares them. `from_known_device` keeps a separate count."""

    def __init__(self, email: str, *, from_known_device: bool = False):
        digest = hashlib.sha256(email.encode()).hexdigest()[:32]
        self.key = f"sign-in:{'device' if from_known_device else 'account'}:{digest}"

    @staticmethod
    def enabled() -> bool:
        return bool(current_app.config.get("RATELIMIT_ENABLED", True))

    def wait(self) -> int:
        """Seconds until the next attempt is heard; 0 when it may be made now."""
        if not self.enabled():
            return 0
        remaining = _counted("get_expiry", self.key + ":wait") - time.time()
        return math.ceil(remaining) if _counted("get", self.key + ":wait") and remaining > 0 else 0

    def failed(self) -> None:
        if not self.enabled():
            return
        config = current_app.config
        failures = _counted("incr", self.key, SIGN_IN_MEMORY)
        beyond = failures - config.get("SIGN_IN_FREE_FAILURES", SIGN_IN_FREE_FAILURES)
        if beyond > 0:
            delay = min(config.get("SIGN_IN_FIRST_DELAY", SIGN_IN_FIRST_DELAY) * 2 ** (beyond - 1),
                        config.get("SIGN_IN_MAX_DELAY", SIGN_IN_MAX_DELAY))
            _counted("clear", self.key + ":wait")
            _counted("incr", self.key + ":wait", max(1, math.ceil(delay)))

    def succeeded(self) -> None:
        if self.enabled():
            _counted("clear", self.key)
            _counted("clear", self.key + ":wait")
