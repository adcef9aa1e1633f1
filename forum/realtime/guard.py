"""Checks at the socket's door: same origin, the CSRF or API token at connect, the size of each message."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from flask import Request, current_app
from flask_wtf.csrf import ValidationError, validate_csrf


def allowed_origins(setting: str) -> frozenset[str]:
    return frozenset(origin.strip().rstrip("/").lower() for origin in setting.split(",") if origin.strip())


def origin_allowed(request: Request, configured: frozenset[str]) -> bool:
    """The page's origin must be this site (or a configured one).

    Browsers always send Origin on a WebSocket handshake and on cross-site polling requests; a request
    without it is same-site or not from a browser at all, and still needs the CSRF token.
    """
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    origin = origin.strip().rstrip("/").lower()
    if origin in configured:
        return True
    parts = urlsplit(origin)
    # The host, not the scheme: behind a TLS-terminating proxy the app may see http while the page is https.
    return parts.scheme in ("http", "https") and parts.netloc == request.host.lower()


def csrf_valid(auth) -> bool:
    """The token from the page's <meta name="csrf-token">, sent in the connect `auth` payload."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    token = auth.get("csrf") if isinstance(auth, dict) else None
    try:
        validate_csrf(token)
    except ValidationError:
        return False
    return True


def api_token(auth, headers) -> str | None:
    """The API token a client connects with: `auth={"token": ...}` or an Authorization: Bearer header.

    None when it sent neither (then the session and the CSRF token count); "" or a non-text token when it
    sent one that cannot be valid.
    """
    if isinstance(auth, dict) and "token" in auth:
        token = auth["token"]
        return token.strip() if isinstance(token, str) else ""
    scheme, _, token = headers.get("Authorization", "").strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def fits(data, limit: int) -> bool:
    """Event payloads are small JSON objects; anything else is refused before it is looked at."""
    if not isinstance(data, dict):
        return False
    try:
        return len(json.dumps(data, separators=(",", ":"))) <= limit
    except (TypeError, ValueError):
        return False


def whole_number(value, upper: int = 2**53) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < upper:
        return None
    return value
