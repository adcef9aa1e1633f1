"""Who is calling the API: a Bearer token, else the session cookie (whose writes then need a CSRF token)."""

from __future__ import annotations

from flask import current_app, g, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from forum import permissions
from forum.errors import Forbidden, ForumError
from forum.extensions import csrf
from forum.models import User
from forum.services import accounts

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Endpoints that never act with the session: the token endpoint checks a password instead.
SESSIONLESS = frozenset({"api.issue_token"})


class Unauthorized(ForumError):
    status = 401
    code = "unauthorized"


def authenticate() -> None:
    """Before every API request: resolve the caller and enforce CSRF on session-authenticated writes."""
    token = bearer_token(request.headers)
    if token is not None:
        row = accounts.token_in_use(token) if token else None
        if row is None:
            raise Unauthorized("The API token is not valid.")
        # What a Flask-Login request_loader would do, for this blueprint only: current_user is the
        # token's owner for the rest of the request (permissions, locale, rate-limit keys).
        g._login_user = row.user
        g.api_token_id = row.id
        g.api_bearer = True
        return
    g.api_bearer = False
    if (request.method not in SAFE_METHODS and request.endpoint not in SESSIONLESS
            and current_app.config.get("WTF_CSRF_ENABLED", True) and current_user.is_authenticated):
        csrf.protect()


def bearer_token(headers) -> str | None:
    """The token of an `Authorization: Bearer <token>` header ("" when empty), None for another scheme."""
    scheme, _, token = headers.get("Authorization", "").strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def token_used() -> int | None:
    """The id of the Bearer token this request came with, None with a session."""
    return g.get("api_token_id") if g.get("api_bearer", False) else None


def challenge(response):
    """A 401 tells the client which scheme to use."""
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="FAST Forum API"'
    return response


def caller() -> User | None:
    """The signed-in user of this request, or None for a visitor."""
    return current_user._get_current_object() if current_user.is_authenticated else None


def require_caller() -> User:
    user = caller()
    if user is None:
        raise Unauthorized("Sign in, or send an API token: Authorization: Bearer <token>.")
    return user


def require_moderator() -> User:
    user = require_caller()
    if not permissions.can_moderate(user):
        raise Forbidden("Only a moderator may do this.")
    return user


def require_expert() -> User:
    user = require_caller()
    if not permissions.is_expert(user):
        raise Forbidden("Only an expert has assignments.")
    return user


def by_session() -> bool:
    return not g.get("api_bearer", False) and caller() is not None


def rate_key() -> str:
    """Rate limits count per account, and per address for visitors."""
    user = caller()
    return f"user:{user.id}" if user is not None else f"ip:{get_remote_address()}"
