"""A real server on a free loopback port and a real Chromium (Debian's) driven by Playwright."""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from forum import create_app
from forum.extensions import db
from forum.models import User
from tests.conftest import _PASSWORD_HASH, _config

CHROMIUM = os.environ.get("FORUM_CHROMIUM", "/usr/bin/chromium")


def _require_browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}"
        if os.environ.get("FORUM_REQUIRE_ALL") == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def live_server(tmp_path, migrated_database, monkeypatch):
    """The app served by a threaded WSGI server; yields (base_url, app)."""
    monkeypatch.setenv("FORUM_INSTANCE", str(tmp_path))
    database = tmp_path / "forum.sqlite3"
    shutil.copy(migrated_database, database)
    app = create_app({**_config(tmp_path, database), "WTF_CSRF_ENABLED": True, "TESTING": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app
    finally:
        server.shutdown()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def make_account(live_server):
    """Create an account directly in the live server's database; password as in tests.conftest."""
    _, app = live_server

    def factory(email: str, role: str = "member", name: str = "Someone") -> User:
        with app.app_context():
            user = User(email=email, display_name=name, password_hash=_PASSWORD_HASH, role=role,
                        kind="other", organisation="FAST")
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return factory


@pytest.fixture(autouse=True)
def _no_leftover_tmp(tmp_path):
    yield
    shutil.rmtree(tmp_path / "search", ignore_errors=True)
