"""Configuration from FORUM_* environment variables, with safe defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def load_secret_key(instance_path: str) -> str:
    """The secret key from FORUM_SECRET_KEY, else one generated once into the instance folder."""
    given = os.environ.get("FORUM_SECRET_KEY")
    if given:
        return given
    key_file = Path(instance_path) / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def from_environment(instance_path: str) -> dict:
    """Every setting the app reads, taken from the environment once, at start."""
    debug = _env_bool("FORUM_DEBUG", False)
    database_url = os.environ.get("FORUM_DATABASE_URL") or (
        "sqlite:///" + str(Path(instance_path) / "forum.sqlite3")
    )
    redis_url = os.environ.get("FORUM_REDIS_URL") or None
    return {
        "DEBUG": debug,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "DATABASE_POOL_SIZE": _env_int("FORUM_DATABASE_POOL_SIZE", 10),
        "DATABASE_MAX_OVERFLOW": _env_int("FORUM_DATABASE_MAX_OVERFLOW", 20),
        "SEARCH_BACKEND": os.environ.get("FORUM_SEARCH_BACKEND") or None,
        "SEARCH_INDEX_DIR": os.environ.get("FORUM_SEARCH_DIR") or str(Path(instance_path) / "search"),
        "REDIS_URL": redis_url,
        # Set by `fast-forum run --processes N` for its children: the local stream of live events (no Redis).
        "LIVE_RELAY": os.environ.get("FORUM_LIVE_RELAY") or None,
        # Several processes share one port: a long-polling request may reach another process than the one
        # that holds its Engine.IO session, so live updates use websockets only there.
        "LIVE_WEBSOCKET_ONLY": _env_bool("FORUM_WEBSOCKET_ONLY", False),
        "MAX_CONTENT_LENGTH": _env_int("FORUM_MAX_REQUEST_BYTES", 1024 * 1024),
        "POST_MAX_CHARS": _env_int("FORUM_POST_MAX_CHARS", 50_000),
        "TITLE_MIN_CHARS": 10,
        "TITLE_MAX_CHARS": _env_int("FORUM_TITLE_MAX_CHARS", 200),
        "TAGS_MAX": 5,
        "PAGE_SIZE": _env_int("FORUM_PAGE_SIZE", 30),
        "FRAGMENT_CACHE_SIZE": _env_int("FORUM_FRAGMENT_CACHE_SIZE", 20_000),
        "SEARCH_RATE_LIMIT": os.environ.get("FORUM_SEARCH_RATE_LIMIT") or None,
        "SIMILAR_RATE_LIMIT": os.environ.get("FORUM_SIMILAR_RATE_LIMIT") or None,
        "HOLD_REPLIES_BELOW": _env_int("FORUM_HOLD_REPLIES_BELOW", 1),
        "FLAGS_TO_HIDE": _env_int("FORUM_FLAGS_TO_HIDE", 3),
        "SESSION_COOKIE_SECURE": _env_bool("FORUM_SECURE_COOKIES", not debug),
        "TRUSTED_PROXIES": _env_int("FORUM_TRUSTED_PROXIES", 0),
        "RATELIMIT_ENABLED": _env_bool("FORUM_RATELIMIT", True),
        # With Redis the counts hold across processes. While Redis is unreachable each process counts in
        # its own memory (the same limits, per process) and goes back to Redis once it answers again.
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": bool(redis_url),
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1} if redis_url else {},
        "SOCKETIO_ALLOWED_ORIGINS": os.environ.get("FORUM_ALLOWED_ORIGINS", ""),
        "BABEL_DEFAULT_LOCALE": os.environ.get("FORUM_DEFAULT_LOCALE", "nl"),
        # Mail: without an SMTP URL (demo mode) every mail is written to instance/mail/.
        "SMTP_URL": os.environ.get("FORUM_SMTP_URL") or None,
        "MAIL_FROM": os.environ.get("FORUM_MAIL_FROM") or "FAST Forum <forum@fast.example>",
        "MAIL_DIR": os.environ.get("FORUM_MAIL_DIR") or str(Path(instance_path) / "mail"),
        "BASE_URL": (os.environ.get("FORUM_BASE_URL") or "http://127.0.0.1:5000").rstrip("/"),
        "MAIL_SEND_IN_BACKGROUND": _env_bool("FORUM_MAIL_BACKGROUND", True),
        "MAIL_MAX_ATTEMPTS": _env_int("FORUM_MAIL_MAX_ATTEMPTS", 8),
        "MAIL_RETRY_SECONDS": _env_int("FORUM_MAIL_RETRY_SECONDS", 30),
        # A reply mail waits this long, and stands for the replies that follow it meanwhile (mail.outbox).
        "MAIL_REPLY_DELAY_SECONDS": _env_int("FORUM_MAIL_REPLY_DELAY_SECONDS", 60),
        "MAIL_INBOUND_HOST": os.environ.get("FORUM_MAIL_INBOUND_HOST", "127.0.0.1"),
        "MAIL_INBOUND_PORT": _env_int("FORUM_MAIL_INBOUND_PORT", 2525),
        "MAIL_REPLY_DOMAIN": os.environ.get("FORUM_MAIL_REPLY_DOMAIN") or None,
        "MAIL_REPLY_DAYS": _env_int("FORUM_MAIL_REPLY_DAYS", 30),
        "MAIL_REPLY_RATE_LIMIT": "20 per minute; 200 per day",  # the reply form's (forum.rate_limits.POSTING)
        "PASSWORD_RESET_MINUTES": _env_int("FORUM_PASSWORD_RESET_MINUTES", 60),
    }


DEFAULTS = {
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session: a long-written post never fails
    "WTF_CSRF_SSL_STRICT": False,
    "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
    "LANGUAGES": ("nl", "en"),
    "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
    "JSON_SORT_KEYS": False,
    "RATELIMIT_HEADERS_ENABLED": True,
}
