"""With CSRF protection on: JSON writes with the session cookie need the X-CSRFToken header; Bearer ones do not."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Thread
from tests.api.responses import error_of
from tests.conftest import PASSWORD

QUESTION = {"board": "clinical", "title": "Which trial design suits a rare disease?", "body": "We wonder."}


@pytest.fixture
def app_config():
    return {"WTF_CSRF_ENABLED": True}


def threads() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Thread))


def test_a_session_write_without_the_token_is_refused(make_user, session_for):
    browser = session_for(make_user())
    response = browser.post("/api/v1/threads", json=QUESTION)
    assert response.status_code == 400 and error_of(response)["code"] == "csrf"
    wrong = browser.post("/api/v1/threads", json=QUESTION, headers={"X-CSRFToken": "forged"})
    assert wrong.status_code == 400
    assert threads() == 0


def test_a_session_write_with_the_token_from_me_succeeds(make_user, session_for):
    browser = session_for(make_user())
    token = browser.get("/api/v1/me").get_json()["csrf_token"]
    response = browser.post("/api/v1/threads", json=QUESTION, headers={"X-CSRFToken": token})
    assert response.status_code == 201 and threads() == 1


def test_every_unsafe_method_is_checked(make_user, make_thread, session_for):
    user = make_user()
    thread = make_thread(author=user)
    browser = session_for(user)
    for method, path in (("PUT", f"/api/v1/threads/{thread.id}/watch"),
                         ("DELETE", f"/api/v1/threads/{thread.id}/watch"),
                         ("PATCH", "/api/v1/me"), ("POST", "/api/v1/notifications/read")):
        response = browser.open(path, method=method, json={})
        assert response.status_code == 400, (method, path)
    assert browser.get(f"/api/v1/threads/{thread.id}").status_code == 200  # reading needs no token


def test_bearer_writes_need_no_csrf_token(client, make_user, auth):
    response = client.post("/api/v1/threads", json=QUESTION, headers=auth(make_user()))
    assert response.status_code == 201 and threads() == 1


def test_a_bearer_header_wins_over_a_session_cookie(make_user, session_for, auth):
    user = make_user()
    browser = session_for(user)
    response = browser.post("/api/v1/threads", json=QUESTION, headers=auth(user))
    assert response.status_code == 201


def test_the_token_endpoint_works_without_csrf_even_with_a_session(make_user, session_for):
    user = make_user()
    browser = session_for(user)
    response = browser.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 201
