"""The socket's door: same origin, a CSRF token at connect, limits on every message."""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True, "SOCKETIO_ALLOWED_ORIGINS": "https://partner.example",
            "REALTIME_EVENT_BURST": 5, "REALTIME_EVENT_RATE": 0.01}


@pytest.fixture
def page(app):
    """A visitor's browser after loading a page: its session cookie and the page's CSRF token."""
    http = app.test_client()
    html = http.get("/").get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)
    return http, token


def test_connect_with_the_page_token_succeeds(connect, page):
    http, token = page
    assert connect(http=http, auth={"csrf": token}).connected


@pytest.mark.parametrize("auth", [None, {}, {"csrf": ""}, {"csrf": "forged.token.value"}, ["csrf"]])
def test_connect_without_a_valid_token_is_refused(connect, page, auth):
    http, _ = page
    assert not connect(http=http, auth=auth).connected


def test_a_token_from_another_session_is_refused(connect, page, app):
    _, token = page
    assert not connect(http=app.test_client(), auth={"csrf": token}).connected


@pytest.mark.parametrize("origin, allowed", [
    ("http://localhost", True),
    ("https://partner.example", True),
    ("https://evil.example", False),
    ("null", False),
    ("http://localhost.evil.example", False),
])
def test_only_the_site_and_configured_origins_may_connect(connect, page, origin, allowed):
    http, token = page
    assert connect(http=http, auth={"csrf": token}, headers={"Origin": origin}).connected is allowed


def test_events_beyond_the_rate_limit_are_refused(connect, page):
    http, token = page
    socket = connect(http=http, auth={"csrf": token})

    answers = [socket.join("board:regulatory") for _ in range(7)]

    assert [a["ok"] for a in answers] == [True] * 5 + [False] * 2
    assert answers[-1]["error"] == "rate_limited"


@pytest.mark.parametrize("payload", [{"room": "board:regulatory", "padding": "x" * 2000}, "board:regulatory",
                                     ["board:regulatory"], None])
def test_oversized_or_malformed_messages_are_refused(connect, page, payload):
    http, token = page
    socket = connect(http=http, auth={"csrf": token})

    assert socket.emit("join", payload) == {"ok": False, "error": "bad_request"}


@pytest.mark.parametrize("after", [-1, "12", 1.5, True, 2**60])
def test_a_bad_catch_up_position_is_refused(connect, page, after):
    http, token = page
    socket = connect(http=http, auth={"csrf": token})

    assert socket.emit("join", {"room": "board:regulatory", "after": after}) == {
        "ok": False, "error": "bad_request"}
