"""Pages as a visitor who is not signed in sees them, kept per process until the forum's content changes.

Most page views are visitors reading: the home page, a board, a thread. What such a page shows depends on
the address, the language and the forum's content, nothing else, so the finished HTML is kept and served
again, and the request costs one small query instead of a render.

The content is one number (`content_version`, a single row): every commit that changes threads, posts,
boards, tags, bottlenecks or what is shown of a member raises it in the same transaction, just before it
commits (the last row the transaction locks, so two writers cannot deadlock on it). A kept page carries the
version it was rendered at; a page rendered at another version is not served. Because the number lives in
the database, a commit on one machine retires the pages every machine kept.

Never kept: signed-in viewers (they see their own tools and private threads), anything but a plain 200,
a response that sets a cookie, and a visitor with a message waiting (flashes). The page's CSRF token is the
one thing personal in a visitor's page: it is kept as a placeholder and the visitor's own token goes in on
the way out.
"""

from __future__ import annotations

import functools
from itertools import chain

from flask import current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from forum import locale
from forum.extensions import db
from forum.fragments import TOKEN_PLACEHOLDER, LeastRecentlyUsed
from forum.models import User

DEFAULT_SIZE = 500  # pages of up to ~100 KB each: tens of MB at most per process
_CHANGED = "forum.content_changed"

# Tables whose rows never show on a visitor's page: writing them leaves every kept page as it is.
UNSEEN_TABLES = frozenset({
    "api_tokens", "mail_outbox", "mail_preferences", "idempotency_keys", "watches", "notifications",
    "review_items", "flags", "audit_entries", "post_revisions", "content_version", "search_documents",
    "registrations", "board_watches",
})
# What a visitor never sees of a member.
UNSEEN_USER_FIELDS = frozenset({
    "email", "password_hash", "locale", "session_version", "email_verified_at", "max_open_assignments",
})


def _shows(instance, new: bool) -> bool:
    table = getattr(instance, "__tablename__", None)
    if table is None or table in UNSEEN_TABLES:
        return False
    if isinstance(instance, User):
        # A member appears on a page only once they wrote something, which is a change of its own.
        if new:
            return False
        state = inspect(instance)
        return any(attribute.key not in UNSEEN_USER_FIELDS and attribute.history.has_changes()
                   for attribute in state.attrs)
    return True


@event.listens_for(Session, "before_flush")
def _note_changes(session: Session, flush_context, instances) -> None:
    if session.info.get(_CHANGED):
        return
    if any(_shows(instance, new=False) for instance in chain(session.dirty, session.deleted)) or any(
            _shows(instance, new=True) for instance in session.new):
        session.info[_CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statements(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name is None or name in UNSEEN_TABLES or (name == "users" and state.is_insert):
        return
    state.session.info[_CHANGED] = True


def note_change(session: Session) -> None:
    """The transaction changes what is shown in a way no flush or ORM statement reveals (the PostgreSQL
    search table written apart from the content): raise the version when it commits."""
    session.info[_CHANGED] = True


_RAISE_VERSION = "UPDATE content_version SET value = value + 1 WHERE id = 1"
_FIRST_VERSION = "INSERT INTO content_version (id, value) VALUES (1, 1)"


@event.listens_for(Session, "before_commit")
def _raise_version(session: Session) -> None:
    session.flush()
    if not session.info.pop(_CHANGED, False):
        return
    # Sent as it is, like the read: this runs in every commit that changes what visitors see.
    connection = session.connection()
    if connection.exec_driver_sql(_RAISE_VERSION).rowcount == 0:
        connection.exec_driver_sql(_FIRST_VERSION)


@event.listens_for(Session, "after_soft_rollback")
def _forget_changes(session: Session, previous_transaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(_CHANGED, None)


_READ_VERSION = "SELECT value FROM content_version WHERE id = 1"


def current_version(db_session) -> int | None:
    # The one statement a kept page costs, sent as it is: no statement to build, compile or cache.
    return db_session.connection().exec_driver_sql(_READ_VERSION).scalar()


class KeptPages:
    def __init__(self, size: int):
        self.size = size
        self._pages = LeastRecentlyUsed(size)  # key -> (version, body, mimetype)
        self.hits = self.misses = 0

    def get(self, key: tuple, version: int) -> tuple[bytes, str] | None:
        found = self._pages.get(key)
        if found is None or found[0] != version:
            if found is not None:
                self._pages.discard(key)  # from an older version: never served again
            self.misses += 1
            return None
        self.hits += 1
        return found[1], found[2]

    def keep(self, key: tuple, version: int, body: bytes, mimetype: str) -> None:
        self._pages.put(key, (version, body, mimetype))

    def clear(self) -> None:
        self._pages.clear()


def init_app(app) -> None:
    size = int(app.config.get("VISITOR_PAGE_CACHE_SIZE", DEFAULT_SIZE))
    app.extensions["forum.visitor_pages"] = KeptPages(size) if size > 0 else None


def _kept() -> KeptPages | None:
    return current_app.extensions.get("forum.visitor_pages")


def _keepable_request() -> bool:
    return (request.method in ("GET", "HEAD") and not current_user.is_authenticated
            and not session.get("_flashes"))


_PLACEHOLDER = TOKEN_PLACEHOLDER.encode()


def _with_token(body: bytes) -> bytes:
    """The page with this visitor's own CSRF token where the placeholder stands."""
    return body.replace(_PLACEHOLDER, generate_csrf().encode()) if _PLACEHOLDER in body else body


def kept_for_visitors(view):
    """Serve the view's page from what was kept for visitors while the content has not changed."""

    @functools.wraps(view)
    def serve(*args, **kwargs):
        pages = _kept()
        if pages is None or not _keepable_request():
            return view(*args, **kwargs)
        version = current_version(db.session)
        if version is None:
            return view(*args, **kwargs)
        key = (request.host_url, request.path, request.query_string, locale.current())
        found = pages.get(key, version)
        if found is not None:
            body, mimetype = found
            return current_app.response_class(_with_token(body), mimetype=mimetype)
        # Render with the placeholder where the visitor's token goes.
        g.csrf_token = TOKEN_PLACEHOLDER
        response = current_app.make_response(view(*args, **kwargs))
        g.pop("csrf_token", None)
        body = response.get_data()
        if (response.status_code == 200 and not response.headers.getlist("Set-Cookie")
                and not response.is_streamed and not session.get("_flashes")):
            pages.keep(key, version, body, response.mimetype)
        response.set_data(_with_token(body))
        return response

    return serve
