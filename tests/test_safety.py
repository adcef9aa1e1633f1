"""Bad input, CSRF, headers, language and health: never a 500, always a clear answer."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Thread
from tests.conftest import text_of
from tests.databases import SEARCH_BACKENDS


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_healthz(client, app):
    response = client.get("/healthz")
    assert response.status_code == 200
    search = "postgres" if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") else "whoosh"
    assert response.get_json() == {"status": "ok", "database": "ok", "search": search, "live": "threading"}


@pytest.mark.parametrize("search_backend", SEARCH_BACKENDS)
def test_healthz_names_the_search_backend_chosen(client, search_backend):
    assert client.get("/healthz").get_json()["search"] == search_backend


@pytest.mark.parametrize("path", ["/b/unknown", "/t/999999", "/t/999999-slug", "/u/424242", "/p/77777/history",
                                  "/nothing-here", "/t/1099511627776", "/p/1099511627776/history"])
def test_unknown_things_are_404_pages(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "<html" in response.get_data(as_text=True)


def test_oversized_body_is_413_and_nothing_is_saved(client, make_user, login):
    login(make_user())
    response = client.post("/ask", data={"board": "clinical", "title": "A long one here",
                                         "body": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert db.session.scalar(db.select(db.func.count()).select_from(Thread)) == 0


def test_post_longer_than_the_limit_is_422(client, make_user, login):
    login(make_user())
    response = client.post("/ask", data={"board": "clinical", "title": "A long one here", "body": "x" * 60_000})
    assert response.status_code == 422


def test_invalid_utf8_in_a_form_is_not_a_500(client, make_user, login):
    login(make_user())
    body = b"board=clinical&title=Valid+title+here&body=caf\xe9+\xff\xfe"
    response = client.post("/ask", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (302, 400, 422)


def test_get_never_changes_state(client, make_user, make_thread, login):
    thread = make_thread()
    login(make_user("moderator"))
    assert client.get(f"/t/{thread.id}/lock").status_code in (404, 405)
    db.session.refresh(thread)
    assert thread.status == "open"


class TestWithCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_form_without_token_is_refused(self, client, make_user, login):
        user = make_user()
        client.get("/login")
        response = client.post("/login", data={"email": user.email, "password": "x"})
        assert response.status_code == 400
        assert "csrf" in response.get_data(as_text=True).lower() or "form" in text_of(response).lower()

    def test_form_with_token_works(self, client, make_user):
        import re

        user = make_user()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', page)
        value = token.group(1) or token.group(2)
        from tests.conftest import PASSWORD

        response = client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": value})
        assert response.status_code == 302


def test_dutch_by_default_and_english_on_request(client):
    assert 'lang="nl"' in client.get("/").get_data(as_text=True)
    response = client.post("/lang", data={"lang": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in page and "Clinical research" in page
    assert client.post("/lang", data={"lang": "fr"}).status_code == 400


class TestRateLimits:
    @pytest.fixture
    def app_config(self):
        return {"RATELIMIT_ENABLED": True}

    def test_login_attempts_are_limited(self, client):
        codes = [client.post("/login", data={"email": "a@b.nl", "password": "wrong"}).status_code
                 for _ in range(12)]
        assert codes[0] == 401 and codes[-1] == 429
