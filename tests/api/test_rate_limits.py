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


def test_one_posting_budget_per_member_across_pages_and_api(app, client, make_user, make_thread, auth, login):
    thread = make_thread()
    writer = make_user()
    for i in range(15):
        assert client.post(f"/api/v1/threads/{thread.id}/posts", headers=auth(writer),
                           json={"body": f"Reply {i} through the API"}).status_code == 201
    page = app.test_client()
    login(writer, as_client=page)
    for i in range(5):
        assert page.post(f"/t/{thread.id}/reply", data={"body": f"Reply {i} through the form"}).status_code == 302
    assert page.post(f"/t/{thread.id}/reply", data={"body": "One over the budget"}).status_code == 429
    assert client.post("/api/v1/threads", headers=auth(writer), json={
        "board": "clinical", "title": "A new question over the budget", "body": "Text"}).status_code == 429


def test_signing_out_and_in_does_not_reset_the_posting_budget(app, make_user, make_thread, login):
    thread = make_thread()
    writer = make_user()
    page = app.test_client()
    for round_ in range(2):
        login(writer, as_client=page)
        for i in range(10):
            assert page.post(f"/t/{thread.id}/reply", data={"body": f"Round {round_} reply {i}"}).status_code == 302
        page.post("/logout")
    login(writer, as_client=page)
    assert page.post(f"/t/{thread.id}/reply", data={"body": "Past the budget"}).status_code == 429


def test_the_sign_in_page_and_the_token_endpoint_share_one_budget(app, client, make_user):
    user = make_user()
    for i in range(5):
        assert client.post("/api/v1/auth/token", json={"email": user.email, "password": f"guess-{i}"}).status_code == 401
        assert client.post("/login", data={"email": user.email, "password": f"guess-{i}"}).status_code in (200, 401)
    assert client.post("/login", data={"email": user.email, "password": "one more"}).status_code == 429
