"""Bad input, CSRF, headers, language and health: never a 500, always a clear answer."""

from __future__ import annotations

import pytest

from forum import security
from forum.extensions import db
from forum.models import Post, Thread
from tests.conftest import PASSWORD, text_of
from tests.databases import SEARCH_BACKENDS


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/socket.io/?EIO=4&transport=polling", "/socket.io/?EIO=4&transport=bogus"])
def test_socket_io_answers_carry_the_security_headers(client, path):
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == security.CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def cookies_of(response) -> dict[str, set[str]]:
    """Each cookie set, by name, with its attributes' names in lower case."""
    return {value.split("=", 1)[0]: {part.strip().split("=")[0].lower() for part in value.split(";")[1:]}
            for value in response.headers.getlist("Set-Cookie")}


def test_cookies_are_secure_over_https_even_when_plain_http_is_allowed(app, client, make_user):
    assert app.config["SESSION_COOKIE_SECURE"] is False  # as `fast-forum run` serves
    over_https = client.post("/login", base_url="https://forum.example",
                             data={"email": make_user().email, "password": PASSWORD})
    assert "secure" in cookies_of(over_https)["session"]
    language = client.post("/lang", base_url="https://forum.example", data={"lang": "en", "next": "/"})
    assert "secure" in cookies_of(language)["forum_lang"]
    over_http = client.post("/lang", data={"lang": "en", "next": "/"})
    assert "secure" not in cookies_of(over_http)["forum_lang"]


def test_a_forwarded_proto_is_believed_only_from_a_trusted_proxy(client):
    forwarded = client.post("/lang", headers={"X-Forwarded-Proto": "https"}, data={"lang": "en", "next": "/"})
    assert "secure" not in cookies_of(forwarded)["forum_lang"]


class TestBehindAProxy:
    @pytest.fixture
    def app_config(self):
        return {"TRUSTED_PROXIES": 1}

    def test_cookies_are_secure_when_the_proxy_was_reached_over_https(self, client, make_user):
        response = client.post("/login", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.7"},
                               data={"email": make_user().email, "password": PASSWORD})
        assert response.status_code == 302 and "secure" in cookies_of(response)["session"]
        plain = client.post("/lang", headers={"X-Forwarded-Proto": "http"}, data={"lang": "en", "next": "/"})
        assert "secure" not in cookies_of(plain)["forum_lang"]


def test_healthz(client, app):
    import search_index

    client.get("/healthz")  # a new process builds its search index first
    assert search_index.flush_pending(20)
    response = client.get("/healthz")
    assert response.status_code == 200
    expected = {"status": "ok", "database": "ok", "live": "threading", "redis": "off", "search": "whoosh",
                "search_state": "ok"}
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        expected = {"status": "ok", "database": "ok", "live": "threading", "redis": "off", "search": "postgres"}
    assert response.get_json() == expected


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


def database_state() -> dict[str, list[tuple]]:
    """Every row of every table: what a request must leave as it found it."""
    with db.engine.connect() as connection:
        return {table.name: sorted(map(tuple, connection.execute(table.select()).all()), key=repr)
                for table in db.metadata.sorted_tables}


def concrete(rule, ids: dict[str, object]) -> list[str]:
    """The rule's URLs with real ids, one per choice of each `any(...)` part."""
    urls = [{}]
    for name in rule.arguments:
        choices = sorted(getattr(rule._converters[name], "items", ())) or [ids.get(name, 1)]
        urls = [{**values, name: choice} for values in urls for choice in choices]
    return [rule.build(values, append_unknown=False)[1] for values in urls]


def test_get_never_changes_state(app, client, make_user, make_thread, login):
    """A GET (or HEAD) on any route that takes a POST changes nothing, for the strongest role."""
    thread = make_thread(status="answered", replies_count=1)
    admin = make_user("admin")
    login(admin)
    post_id = db.session.scalar(db.select(Post.id).where(Post.thread_id == thread.id, ~Post.is_question))
    ids = {"thread_id": thread.id, "post_id": post_id, "user_id": admin.id, "item_id": 1, "assignment_id": 1,
           "slug": "regulatory", "token": "x"}
    before = database_state()
    tried = 0
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods and "PATCH" not in rule.methods and "DELETE" not in rule.methods:
            continue
        for url in concrete(rule, ids):
            for method in ("GET", "HEAD"):
                client.open(url, method=method)
            tried += 1
    assert tried >= 30  # every state-changing route of the site and the API
    assert database_state() == before


class TestWithCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_form_without_token_is_refused(self, client, make_user):
        from tests.conftest import PASSWORD

        user = make_user()
        client.get("/login")
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 400
        assert "Het formulier is verlopen" in text_of(response)
        assert client.get("/account").status_code == 302  # the right password without a token signs nobody in

    def test_form_with_token_works(self, client, make_user):
        import re

        user = make_user()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', page)
        value = token.group(1) or token.group(2)

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
