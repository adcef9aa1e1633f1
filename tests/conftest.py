"""Fixtures: a real database (SQLite, or PostgreSQL: tests/databases.py), the app, clients, factories."""

from __future__ import annotations

import os
import re
import shutil
from contextlib import contextmanager

import pytest
from flask import g
from flask_babel import refresh as refresh_locale
from sqlalchemy import event

from forum import create_app, events
from forum.extensions import db
from forum.models import Assignment, Post, Thread, User
from forum.services import passwords
from moderation import publication
from tests.databases import open_databases

PASSWORD = "correct-horse-battery"
_PASSWORD_HASH = passwords.hash_password(PASSWORD)


def _config(instance, database_url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SEARCH_INDEX_DIR": str(instance / "search"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "HOLD_REPLIES_BELOW": 0,
        "SEARCH_WRITE_DELAY": 0,
        "MAIL_SEND_IN_BACKGROUND": False,  # the mail tests start the sender against their own SMTP server
        "MAIL_REPLY_DELAY_SECONDS": 0,
    }


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    """One migrated database with the boards (per worker), copied for every test."""
    from forum.cli import migrate_and_seed_boards

    folder = tmp_path_factory.mktemp("template")
    found = open_databases(folder)
    app = create_app(_config(folder, found.template_url))
    with app.app_context():
        migrate_and_seed_boards()
        db.session.remove()
        db.engine.dispose()
    yield found
    found.close()


@pytest.fixture
def fresh_database(databases, tmp_path):
    """fresh_database(folder=tmp_path, name="forum", empty=False) -> the URL of a new copy of the migrated
    database (or of an empty one), dropped after the test."""
    made: list[str] = []

    def factory(folder=None, name: str = "forum", empty: bool = False) -> str:
        url = (databases.empty if empty else databases.copy)(folder or tmp_path, name)
        made.append(url)
        return url

    yield factory
    for url in made:
        databases.drop(url)


@pytest.fixture
def app_config():
    """Override in a test module to change settings."""
    return {}


@pytest.fixture
def search_backend():
    """The search backend (None: the database's default); tests/search runs on each the database allows."""
    return None


@pytest.fixture
def app(tmp_path, fresh_database, app_config, search_backend, monkeypatch):
    monkeypatch.setenv("FORUM_INSTANCE", str(tmp_path))
    chosen = {"SEARCH_BACKEND": search_backend} if search_backend else {}
    app = create_app({**_config(tmp_path, fresh_database()), **chosen, **app_config})

    @app.teardown_request
    def forget_request_user(error=None):
        # Tests keep one app context open, which Flask reuses for every request; in production each
        # request has its own. Drop the per-request caches (user, CSRF token, locale) so clients do not
        # share them.
        g.pop("_login_user", None)
        g.pop("csrf_token", None)
        refresh_locale()

    with app.app_context():
        yield app
        searching = app.extensions.get("search_index")
        if searching is not None:
            # The writer thread (and its retries) must not outlive the test's database.
            searching.writer.stop()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    counter = {"n": 0}

    def factory(role: str = "member", kind: str = "innovator-startup", name: str | None = None,
                organisation: str = "Test BV", email: str | None = None) -> User:
        counter["n"] += 1
        n = counter["n"]
        user = User(email=email or f"user{n}-{role}@example.org", display_name=name or f"{role.title()} {n}",
                    password_hash=_PASSWORD_HASH, kind=kind, organisation=organisation, role=role)
        db.session.add(user)
        db.session.commit()
        return user

    return factory


@pytest.fixture
def make_thread(app, make_user):
    """A question in the given state, created through the services as a member would."""
    from forum.services import questions, replies

    def factory(author: User | None = None, status: str = "open", visibility: str = "public",
                board: str = "regulatory", title: str = "How do we reach the CBG with an ATMP?",
                body: str = "We develop a cell therapy and wonder about the route.", replies_count: int = 0,
                tags: list[str] | None = None) -> Thread:
        author = author or make_user()
        moderator = db.session.scalar(db.select(User).where(User.role == "moderator")) or make_user("moderator")
        thread = questions.ask_question(author, board, title, body, tags or ["atmp"], visibility)
        if thread.status == "pending" and status != "pending":
            if status == "rejected":
                return publication.reject_question(moderator, thread, "Please remove personal details.")
            publication.approve_question(moderator, thread)
        for i in range(replies_count):
            replier = make_user() if visibility == "public" else author
            replies.reply(replier, thread, f"Reply number {i} with some useful advice.")
        if status in ("answered", "resolved"):
            expert = make_user("expert")
            if visibility == "private":
                db.session.add(Assignment(thread_id=thread.id, expert_id=expert.id, state="accepted",
                                          assigned_by_id=moderator.id))
                db.session.commit()
            answer = replies.reply(expert, thread, "The expert answer.")
            if status == "resolved":
                questions.accept_answer(author, answer)
        elif status == "awaiting_expert":
            thread.status = "awaiting_expert"  # escalation itself is tested with the moderation flows
            db.session.commit()
        elif status == "closed":
            publication.lock(moderator, thread)
        return thread

    return factory


class SideEffects(list):
    """The side effects that ran after commits during a test: `events.SideEffect(kind, payload)`."""

    def of(self, kind: str) -> list[dict]:
        return [effect.payload for effect in self if effect.kind == kind]

    def named(self, name: str) -> list[dict]:
        return [payload for payload in self.of("event") if payload["name"] == name]


@pytest.fixture
def side_effects(app):
    """Capture every side effect the after-commit pipeline runs (events, index updates, notifications)."""
    captured = SideEffects()
    stop = events.observe(captured.append)
    yield captured
    stop()


@pytest.fixture
def login(client):
    def do_login(user: User, as_client=None):
        target = as_client or client
        response = target.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.data[:500]
        return target

    return do_login


@pytest.fixture
def count_queries(app):
    """Context manager counting SQL statements sent to the database."""

    @contextmanager
    def counter():
        statements: list[str] = []

        def record(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", record)

    return counter


def question_of(thread: Thread) -> Post:
    return db.session.scalar(db.select(Post).where(Post.thread_id == thread.id, Post.is_question))


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


CHROMIUM = os.environ.get("FORUM_CHROMIUM", "/usr/bin/chromium")


def require(binary_or_path: str) -> str:
    """The path of a tool a test needs; skip without it, or fail when FORUM_REQUIRE_ALL=1 (as in CI)."""
    found = shutil.which(binary_or_path) or (binary_or_path if os.path.exists(binary_or_path) else None)
    if found is None:
        unavailable(f"{binary_or_path} is not installed")
    return found


def unavailable(message: str) -> None:
    """Skip a test this machine cannot run; fail it instead when FORUM_REQUIRE_ALL=1 (as in CI)."""
    if os.environ.get("FORUM_REQUIRE_ALL") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def browser():
    """Debian's Chromium through Playwright (never a downloaded browser)."""
    executable = require(CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True,
            # Local Network Access checks would block ws:// to a loopback test server (Chromium >= 14x).
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-features=LocalNetworkAccessChecks"])
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def make_bottleneck(app, make_user):
    """A bottleneck created through its action by a moderator (one is made if none exists)."""
    from moderation import bottlenecks

    def factory(title: str = "Slow route for hospital-exemption ATMPs", description: str = "Every case waits.",
                domain: str = "regulatory", party: str = "cbg", public: bool = True, actor: User | None = None):
        actor = actor or db.session.scalar(db.select(User).where(User.role == "moderator")) or make_user("moderator")
        return bottlenecks.create(actor, title, description, domain, party, public)

    return factory
