"""Forgotten password and address verification: the link comes by mail, works once, and tells nothing."""

from __future__ import annotations

import json
import re

import pytest

from forum.extensions import db
from forum.models import User
from tests.conftest import PASSWORD
from tests.mail.conftest import body_of


def _link(message, path: str) -> str:
    return re.search(rf"http://forum\.test(/{path}/[\w.\-]+)", body_of(message)).group(1)


def test_a_reset_link_sets_a_new_password_once_and_ends_other_sessions(
        app, make_user, smtp_server, settle, login):
    member = make_user()
    member.locale = "en"
    db.session.commit()
    other_device = login(member, as_client=app.test_client())
    visitor = app.test_client()
    answer = visitor.post("/forgot-password", data={"email": member.email.upper()})
    assert answer.status_code == 200 and 'id="reset-sent"' in answer.text
    settle()
    [message] = smtp_server.to(member.email)
    assert message["Subject"] == "Set a new password for FAST Forum"
    assert "List-Unsubscribe" not in message and "Reply-To" not in message
    path = _link(message, "reset")
    assert visitor.get(path).status_code == 200
    done = visitor.post(path, data={"new_password": "a-brand-new-password"})
    assert done.status_code == 302
    assert visitor.get("/account").status_code == 200  # signed in
    assert other_device.get("/account").status_code == 302  # the other session ended
    again = app.test_client().post(path, data={"new_password": "yet-another-password"})
    assert again.status_code == 410 and "al gebruikt" in again.text
    assert app.test_client().post("/login", data={"email": member.email,
                                                  "password": "a-brand-new-password"}).status_code == 302


def test_the_answer_is_the_same_for_an_unknown_address_and_nothing_is_sent(app, make_user, smtp_server, settle):
    known = make_user()
    visitor = app.test_client()
    unknown = visitor.post("/forgot-password", data={"email": "nobody@example.org"})
    existing = visitor.post("/forgot-password", data={"email": known.email})
    strip = lambda text: re.sub(r'value="[^"]*"', "", text)  # noqa: E731  (the CSRF token differs)
    assert unknown.status_code == existing.status_code == 200
    assert strip(unknown.text) == strip(existing.text)
    settle()
    assert [m["X-Envelope-To"] for m in smtp_server.messages] == [known.email]


def test_a_forged_or_expired_reset_link_is_refused(app, make_user, smtp_server, settle):
    member = make_user()
    app.test_client().post("/forgot-password", data={"email": member.email})
    settle()
    path = _link(smtp_server.to(member.email)[0], "reset")
    forged = app.test_client().get(path[:-4] + "abcd")
    assert forged.status_code == 410 and "niet geldig" in forged.text
    app.config["PASSWORD_RESET_MINUTES"] = -1
    expired = app.test_client().post(path, data={"new_password": "a-brand-new-password"})
    assert expired.status_code == 410 and "verlopen" in expired.text
    db.session.refresh(member)
    assert app.test_client().post("/login", data={"email": member.email, "password": PASSWORD}).status_code == 302


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": True}


def test_reset_requests_are_rate_limited_per_address(app, make_user, smtp_server, settle):
    member = make_user()
    answers = [app.test_client().post("/forgot-password", data={"email": member.email}).status_code
               for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert app.test_client().post("/forgot-password", data={"email": "other@example.org"}).status_code == 200
    settle()
    assert len(smtp_server.to(member.email)) == 3


def test_the_api_twins_reset_a_password_and_verify_an_address(app, make_user, smtp_server, settle):
    member = make_user()
    api = app.test_client()
    assert api.post("/api/v1/auth/forgot-password", json={"email": member.email}).status_code == 202
    assert api.post("/api/v1/auth/forgot-password", json={"email": "nobody@example.org"}).get_json() == \
        {"status": "sent"}
    settle()
    token = _link(smtp_server.to(member.email)[0], "reset").rpartition("/")[2]
    assert api.post("/api/v1/auth/reset", json={"token": token, "password": "short"}).status_code == 422
    reset = api.post("/api/v1/auth/reset", json={"token": token, "password": "a-brand-new-password"})
    assert reset.status_code == 200 and reset.get_json()["id"] == member.id
    assert api.post("/api/v1/auth/reset", json={"token": token, "password": "another-new-password"}).status_code == 422
    assert db.session.get(User, member.id).email_verified_at is not None  # the link reached the address

    newcomer = make_user()
    bearer = api.post("/api/v1/auth/token", json={"email": newcomer.email, "password": PASSWORD}).get_json()["token"]
    headers = {"Authorization": f"Bearer {bearer}"}
    assert api.post("/api/v1/me/verification", headers=headers).status_code == 202
    settle()
    [message] = smtp_server.to(newcomer.email)
    token = _link(message, "verify").rpartition("/")[2]
    assert api.post("/api/v1/auth/verify", json={"token": token + "x"}).status_code == 422
    assert api.post("/api/v1/auth/verify", json={"token": token}).status_code == 200
    db.session.expire_all()
    assert db.session.get(User, newcomer.id).email_verified_at is not None


def test_an_account_s_unconfirmed_address_is_confirmed_by_the_mailed_link(app, make_user, login, smtp_server, settle):
    member = make_user(email="new.member@example.org")
    visitor = login(member, as_client=app.test_client())
    assert visitor.post("/api/v1/me/verification").status_code == 202
    settle()
    [message] = smtp_server.to("new.member@example.org")
    assert message["Subject"] == "Bevestig uw e-mailadres voor FAST Forum"
    path = _link(message, "verify")
    assert 'id="verify-form"' in visitor.get(path).text
    db.session.expire_all()
    assert db.session.get(User, member.id).email_verified_at is None  # GET changes nothing
    assert "is bevestigd" in visitor.post(path).text
    db.session.expire_all()
    assert db.session.get(User, member.id).email_verified_at is not None


def test_an_imported_account_sets_its_first_password_through_the_mailed_link(app, tmp_path, smtp_server, settle):
    from forum import transfer

    line = {"key": "legacy-42", "board": "regulatory", "title": "An imported question about orphan drugs",
            "author": {"email": "imported@example.org", "name": "Imported Ivo", "kind": "innovator-academia"},
            "created_at": "2024-03-01T10:00:00Z", "status": "open",
            "posts": [{"author": {"email": "imported@example.org", "name": "Imported Ivo"},
                       "body": "How do we start?", "created_at": "2024-03-01T10:00:00Z"}]}
    source = tmp_path / "legacy.jsonl"
    source.write_text(json.dumps(line) + "\n")
    assert transfer.import_file(str(source)).bad == []
    visitor = app.test_client()
    assert visitor.post("/login", data={"email": "imported@example.org", "password": ""}).status_code == 401
    visitor.post("/forgot-password", data={"email": "imported@example.org"})
    settle()
    path = _link(smtp_server.to("imported@example.org")[0], "reset")
    assert visitor.post(path, data={"new_password": "my-first-password"}).status_code == 302
    assert app.test_client().post("/login", data={"email": "imported@example.org",
                                                  "password": "my-first-password"}).status_code == 302
