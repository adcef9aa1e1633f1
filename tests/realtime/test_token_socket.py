"""An API client follows a thread live over a real socket, signed in with its Bearer token (no CSRF token)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
import socketio

from tests.conftest import PASSWORD, question_of
from tests.realtime.conftest import events_named, hang_up, wait_until


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def api(base: str, method: str, path: str, body: dict | None = None, token: str | None = None):
    request = urllib.request.Request(base + "/api/v1" + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as failure:
        return failure.code, json.loads(failure.read() or b"null")


def token_of(base: str, user) -> str:
    status, body = api(base, "POST", "/auth/token", {"email": user.email, "password": PASSWORD})
    assert status == 201, body
    return body["token"]


@pytest.fixture
def token_socket():
    clients = []

    def open_with(base: str, auth=None, headers=None):
        client = socketio.Client(reconnection=False)
        client.received = []
        client.on("*", lambda event, data=None: client.received.append((event, data)))
        client.connect(base, auth=auth, headers=headers or {}, transports=["websocket"], wait_timeout=5)
        clients.append(client)
        return client

    yield open_with
    for client in clients:
        hang_up(client)


@pytest.mark.parametrize("how", ["auth", "header"])
def test_an_api_client_follows_a_private_thread_with_its_token(app, serve, token_socket, make_user, make_thread,
                                                               how):
    base = serve(app)
    asker = make_user(name="Ilse Innovator")
    thread = make_thread(author=asker, visibility="private")
    token = token_of(base, asker)
    reader = token_socket(base, **({"auth": {"token": token}} if how == "auth"
                                   else {"headers": {"Authorization": f"Bearer {token}"}}))
    joined = reader.call("join", {"room": f"thread:{thread.id}", "after": question_of(thread).id}, timeout=5)
    assert joined["ok"], joined

    status, _ = api(base, "POST", f"/threads/{thread.id}/posts", {"body": "Our batch records are ready."}, token)

    assert status == 201
    [event] = wait_until(lambda: events_named(reader, "post.created"))
    assert "batch records are ready" in event["post"]["html"]


def test_a_visitor_socket_may_not_join_that_private_thread(app, serve, token_socket, make_user, make_thread):
    base = serve(app)
    thread = make_thread(visibility="private")
    other = token_socket(base, auth={"token": token_of(base, make_user())})
    assert other.call("join", {"room": f"thread:{thread.id}"}, timeout=5) == {"ok": False, "error": "not_allowed"}


@pytest.mark.parametrize("auth", [{"token": "ff_made-up"}, {"token": ""}, {"token": 42}])
def test_a_socket_with_a_bad_token_is_refused(app, serve, token_socket, auth):
    base = serve(app)
    with pytest.raises(socketio.exceptions.ConnectionError):
        token_socket(base, auth=auth)


def test_without_a_token_a_socket_still_needs_the_csrf_token(app, serve, token_socket):
    base = serve(app)
    with pytest.raises(socketio.exceptions.ConnectionError):
        token_socket(base, auth={})


def test_revoking_the_token_disconnects_its_socket_and_it_receives_nothing_more(app, serve, token_socket, make_user,
                                                                                make_thread):
    base = serve(app)
    member = make_user()
    thread = make_thread()
    token = token_of(base, member)
    reader = token_socket(base, auth={"token": token})
    assert reader.call("join", {"room": f"thread:{thread.id}"}, timeout=5)["ok"]

    status, _ = api(base, "DELETE", "/auth/token", token=token)
    assert status == 204
    writer = token_of(base, make_user())
    api(base, "POST", f"/threads/{thread.id}/posts", {"body": "Written after the token was revoked."}, writer)

    assert wait_until(lambda: not reader.connected, 5)
    assert events_named(reader, "post.created") == []
