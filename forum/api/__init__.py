"""JSON API v1: every UI action has one. Auth by Bearer token, or the session cookie plus X-CSRFToken for writes.

The blueprint is exempt from the global CSRF check; `access.authenticate` applies it itself, only to
writes authenticated by the session cookie (a Bearer header cannot be forged by another site).
"""

from flask import Blueprint

from forum.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

from forum.api import access  # noqa: E402

bp.before_request(access.authenticate)
bp.after_request(access.challenge)

from forum.api import (  # noqa: E402, F401
    accounts,
    boards,
    bottlenecks,
    moderation,
    notifications,
    openapi,
    posts,
    preview,
    recovery,
    search,
    threads,
)
