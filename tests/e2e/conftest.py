"""A real server on a free loopback port and a real Chromium (Debian's) driven by Playwright."""

from __future__ import annotations

import shutil
import threading

import pytest
from werkzeug.serving import make_server

from forum import create_app
from forum.extensions import db
from forum.models import User
from tests.conftest import _PASSWORD_HASH, _config


@pytest.fixture
def live_config():
    """Override in a test module to change the live server's settings."""
    return {}


@pytest.fixture
def live_server(tmp_path, fresh_database, monkeypatch, live_config):
    """The app served by a threaded WSGI server; yields (base_url, app)."""
    monkeypatch.setenv("FORUM_INSTANCE", str(tmp_path))
    app = create_app({**_config(tmp_path, fresh_database()), "WTF_CSRF_ENABLED": True, "TESTING": False,
                      **live_config})
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
