"""Registering tells nobody whether an address has an account: the answer is "check your mail" either way.

A new address gets a link that creates the account; an address with an account gets a mail saying someone
tried to register with it (in its owner's language), and nothing is created or changed.
"""

from __future__ import annotations

import re

import pytest

from forum.extensions import db
from forum.models import User
from forum.services import passwords
from tests.conftest import PASSWORD
from tests.mail.conftest import body_of, readable

FORM = {"display_name": "Anna de Vries", "password": "long-enough-pw", "kind": "innovator-academia",
        "organisation": "UMC Utrecht"}


def _link(message, path: str) -> str:
    return re.search(rf"http://forum\.test(/{path}(?:/[\w.\-]+)?)", body_of(message)).group(1)


def _without_csrf(text: str) -> str:
    return re.sub(r'(value|content)="[^"]*"', "", text)  # the CSRF token differs per session


def _users() -> int:
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(User))


@pytest.fixture
def hashing(monkeypatch):
    """Counts the password hashes made (the real hasher still does the work)."""
    made = []
    real = passwords.hash_password

    def counted(password):
        made.append(password)
        return real(password)

    monkeypatch.setattr(passwords, "hash_password", counted)
    return made


def test_a_new_address_gets_a_link_that_creates_the_account(app, smtp_server, settle):
    visitor = app.test_client()
    response = visitor.post("/register", data={**FORM, "email": "anna@example.org"})
    assert response.status_code == 200 and 'id="register-sent"' in response.text
    assert "Kijk in uw mail" in response.text
    assert _users() == 0  # nothing exists until the link is followed
    assert visitor.get("/account").status_code == 302  # not signed in
    settle()
    [message] = smtp_server.to("anna@example.org")
    assert message["Subject"] == "Maak uw account bij FAST Forum af"
    path = _link(message, "verify")
    assert 'id="verify-form"' in visitor.get(path).text and _users() == 0  # GET changes nothing
    done = visitor.post(path)
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert visitor.get("/account").status_code == 200  # signed in
    user = db.session.scalar(db.select(User).where(User.email == "anna@example.org"))
    assert (user.display_name, user.kind, user.organisation) == ("Anna de Vries", "innovator-academia", "UMC Utrecht")
    assert user.email_verified_at is not None
    assert user.password_hash.startswith("$argon2id$") and passwords.verify_password(user.password_hash,
                                                                                     "long-enough-pw")
    again = app.test_client().post(path)
    assert again.status_code == 410 and "al gebruikt" in again.text
    assert _users() == 1


def test_a_taken_address_gets_the_same_answer_and_its_owner_a_warning_in_their_language(
        app, make_user, smtp_server, settle, hashing):
    owner = make_user(email="owner@example.org", name="Owner")
    owner.locale = "en"
    db.session.commit()
    stored = owner.password_hash
    taken = app.test_client().post("/register", data={**FORM, "email": "OWNER@example.org"})
    new = app.test_client().post("/register", data={**FORM, "email": "someone.new@example.org"})
    assert taken.status_code == new.status_code == 200
    assert _without_csrf(taken.text) == _without_csrf(new.text)
    assert len(hashing) == 2  # the same work either way
    assert _users() == 1
    db.session.refresh(owner)
    assert (owner.password_hash, owner.display_name) == (stored, "Owner")  # nothing changed
    settle()
    [warning] = smtp_server.to("owner@example.org")
    assert warning["Subject"] == "Someone tried to register at FAST Forum with your address"
    text = readable(warning)
    assert "already has an account" in text and "Anna de Vries" not in text
    assert _link(warning, "login") == "/login" and _link(warning, "forgot-password") == "/forgot-password"
    assert "/verify/" not in text and "List-Unsubscribe" not in warning
    assert app.test_client().post("/login", data={"email": owner.email, "password": PASSWORD}).status_code == 302


def test_signing_in_before_confirming_fails_like_a_wrong_password(app, smtp_server, settle):
    visitor = app.test_client()
    visitor.post("/register", data={**FORM, "email": "anna@example.org"})
    answer = visitor.post("/login", data={"email": "anna@example.org", "password": FORM["password"]})
    assert answer.status_code == 401


def test_the_first_link_followed_wins_and_the_other_stops_working(app, smtp_server, settle):
    app.test_client().post("/register", data={**FORM, "email": "anna@example.org"})
    app.test_client().post("/register", data={**FORM, "email": "anna@example.org", "display_name": "Someone Else"})
    settle()
    first, second = (_link(message, "verify") for message in smtp_server.to("anna@example.org"))
    assert app.test_client().post(second).status_code == 302
    assert app.test_client().post(first).status_code == 410
    assert db.session.scalar(db.select(User.display_name).where(User.email == "anna@example.org")) == "Someone Else"


def test_the_api_answers_the_same_for_new_and_taken_addresses(app, make_user, smtp_server, settle, hashing):
    owner = make_user(email="owner@example.org")
    api = app.test_client()
    taken = api.post("/api/v1/auth/register", json={**FORM, "email": owner.email})
    new = api.post("/api/v1/auth/register", json={**FORM, "email": "api.member@example.org"})
    assert taken.status_code == new.status_code == 202
    assert taken.get_json() == new.get_json() == {"status": "check-your-mail"}
    assert taken.headers.get("Location") is None and new.headers.get("Location") is None
    assert len(hashing) == 2 and _users() == 1
    settle()
    [warning] = smtp_server.to(owner.email)
    assert warning["Subject"] == "Iemand probeerde zich bij FAST Forum te registreren met uw adres"
    [message] = smtp_server.to("api.member@example.org")
    token = _link(message, "verify").rpartition("/")[2]
    assert api.post("/api/v1/auth/verify", json={"token": token + "x"}).status_code == 422
    created = api.post("/api/v1/auth/verify", json={"token": token})
    assert created.status_code == 200 and created.get_json()["email"] == "api.member@example.org"
    assert api.post("/api/v1/auth/verify", json={"token": token}).status_code == 422  # used
    assert _users() == 2


def test_the_api_refuses_bad_registrations_with_the_field(app, smtp_server, settle):
    answer = app.test_client().post("/api/v1/auth/register", json={**FORM, "email": "anna@example.org",
                                                                   "password": "short"})
    assert answer.status_code == 422 and answer.get_json()["error"]["field"] == "password"
    assert app.test_client().post("/api/v1/auth/register", json={"email": 5}).status_code in (400, 422)
    settle()
    assert smtp_server.messages == []


def test_the_confirmation_mail_is_in_the_language_the_form_was_filled_in(app, smtp_server, settle):
    visitor = app.test_client()
    visitor.set_cookie("forum_lang", "en")
    visitor.post("/register", data={**FORM, "email": "anna@example.org"})
    settle()
    [message] = smtp_server.to("anna@example.org")
    assert message["Subject"] == "Complete your account at FAST Forum"
