"""Rate limits, defined once and shared by every door: one budget per member for each kind of action.

Each budget is a Flask-Limiter shared limit with its own scope, so the ask page, the reply form and their
API twins draw on one count, and so do the flag form and the flag endpoint, the sign-in page and the
token endpoint. A member is counted by account id — not by session, so signing out and in again does
not reset the count; a visitor by address (behind a configured proxy, the forwarded one).
"""

from __future__ import annotations

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user

from forum.extensions import limiter

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
