"""Rate limits on the token endpoint (per address) and on posting (per account), as on the pages."""

from __future__ import annotations

import pytest

from tests.api.responses import error_of


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True}


def test_guessing_passwords_is_limited_per_address(client, make_user):
    user = make_user()
    statuses = [client.post("/api/v1/auth/token", json={"email": user.email, "password": f"guess-{i}"}).status_code
                for i in range(11)]
    assert statuses == [401] * 10 + [429]
    other_address = client.post("/api/v1/auth/token", json={"email": user.email, "password": "guess"},
                                environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other_address.status_code == 401


def test_replying_is_limited_per_account(client, make_user, make_thread, auth):
    thread = make_thread()
    writer, other = make_user(), make_user()
    for i in range(20):
        response = client.post(f"/api/v1/threads/{thread.id}/posts", headers=auth(writer), json={"body": f"Reply {i}"})
        assert response.status_code == 201
    limited = client.post(f"/api/v1/threads/{thread.id}/posts", headers=auth(writer), json={"body": "One more"})
    assert limited.status_code == 429 and error_of(limited)["code"] == "rate_limited"
    assert client.post(f"/api/v1/threads/{thread.id}/posts", headers=auth(other),
                       json={"body": "Someone else"}).status_code == 201
