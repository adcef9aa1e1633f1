"""Registering, signing in and out, settings, roles, sessions."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.models import Registration, User
from forum.services import passwords
from tests.conftest import PASSWORD, text_of


def register(client, **fields):
    data = {"email": "anna@example.org", "display_name": "Anna de Vries", "password": "long-enough-pw",
            "kind": "innovator-academia", "organisation": "UMC Utrecht"}
    data.update(fields)
    return client.post("/register", data=data)


def test_register_waits_for_the_mailed_link_and_stores_a_strong_hash(client):
    response = register(client)
    assert response.status_code == 200 and 'id="register-sent"' in response.text
    waiting = db.session.scalar(db.select(Registration).where(Registration.email == "anna@example.org"))
    assert waiting.kind == "innovator-academia"
    assert waiting.password_hash.startswith("$argon2id$") and "m=19456,t=2,p=1" in waiting.password_hash
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0
    assert client.get("/account").status_code == 302  # signed in only once the link is followed


@pytest.mark.parametrize(("fields", "message"), [
    ({"email": "not-an-email"}, "e-mail"),
    ({"password": "short"}, "password"),
    ({"kind": "wizard"}, "kind"),
    ({"display_name": ""}, "name"),
])
def test_register_refuses_bad_input_and_keeps_the_form(client, fields, message):
    response = register(client, **fields)
    assert response.status_code == 422
    assert "UMC Utrecht" in text_of(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(Registration)) == 0


def test_registering_a_taken_address_answers_as_for_a_new_one_and_makes_nothing(client, make_user):
    make_user(email="anna@example.org")
    response = register(client, email="ANNA@example.org")
    assert response.status_code == 200 and 'id="register-sent"' in response.text
    assert "anna@example.org" not in response.text.lower()  # the answer says nothing about the address
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(Registration)) == 0


def test_login_with_wrong_password_fails(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "wrong"})
    assert response.status_code == 401
    assert client.get("/account").status_code == 302


def test_wrong_passwords_log_nothing_at_error_level(client, make_user, caplog):
    user = make_user()
    with caplog.at_level("DEBUG"):
        assert client.post("/login", data={"email": user.email, "password": "wrong"}).status_code == 401
        token = client.post("/api/v1/auth/token", json={"email": user.email, "password": "wrong"})
        assert token.status_code == 401
    assert [record.getMessage() for record in caplog.records if record.levelname in ("ERROR", "CRITICAL")] == []
    assert not any(record.exc_info for record in caplog.records)


def test_login_redirects_only_to_local_targets(client, make_user):
    user = make_user()
    response = client.post("/login?next=//evil.example/x", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_logout_ends_every_session_of_the_member(app, make_user, login):
    user = make_user()
    laptop, phone = login(user, app.test_client()), login(user, app.test_client())
    assert phone.get("/account").status_code == 200
    laptop.post("/logout")
    assert phone.get("/account").status_code == 302


def test_password_change_keeps_this_session_and_ends_others(app, make_user, login):
    user = make_user()
    laptop, phone = login(user, app.test_client()), login(user, app.test_client())
    response = laptop.post("/account", data={"action": "password", "current_password": PASSWORD,
                                             "new_password": "a-new-long-password"})
    assert response.status_code == 302
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302


def test_outdated_password_hash_is_upgraded_at_login(client, make_user):
    from argon2 import PasswordHasher

    user = make_user()
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    db.session.commit()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    db.session.refresh(user)
    assert not passwords.needs_rehash(user.password_hash)


def test_settings_update_profile(client, make_user, login):
    user = make_user()
    login(user)
    response = client.post("/account", data={"action": "profile", "display_name": "Bram Visser",
                                              "organisation": "Stichting Zeldzaam", "kind": "patient-representative",
                                              "bio": "Vader van een kind met een zeldzame ziekte.", "locale": "en"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.display_name, user.kind, user.locale) == ("Bram Visser", "patient-representative", "en")
    profile = client.get(f"/u/{user.id}")
    assert "Bram Visser" in text_of(profile) and "Stichting Zeldzaam" in text_of(profile)


def test_admin_changes_roles_and_others_cannot(client, make_user, login):
    admin, member = make_user("admin"), make_user()
    login(member)
    assert client.get("/admin/users").status_code == 403
    assert client.post(f"/admin/users/{member.id}/role", data={"role": "admin"}).status_code == 403
    client.post("/logout")
    login(admin)
    assert member.email in text_of(client.get("/admin/users"))
    assert client.post(f"/admin/users/{member.id}/role", data={"role": "expert"}).status_code == 302
    db.session.refresh(member)
    assert member.role == "expert"
    assert client.post(f"/admin/users/{member.id}/role", data={"role": "emperor"}).status_code == 422


def test_banned_member_is_signed_out_at_once(app, make_user, login):
    admin, member = make_user("admin"), make_user()
    member_client = login(member, app.test_client())
    admin_client = login(admin, app.test_client())
    admin_client.post(f"/admin/users/{member.id}/ban", data={"banned": "1"})
    assert member_client.get("/account").status_code == 302
    response = member_client.post("/login", data={"email": member.email, "password": PASSWORD})
    assert response.status_code == 401


def test_cli_create_user(runner):
    result = runner.invoke(args=["create-user", "mod@example.org", "--role", "moderator"],
                           env={"FORUM_NEW_USER_PASSWORD": "a-long-password"})
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.email == "mod@example.org"))
    assert user.role == "moderator"
    again = runner.invoke(args=["create-user", "mod@example.org"], env={"FORUM_NEW_USER_PASSWORD": "a-long-password"})
    assert again.exit_code != 0 and "exists" in again.output
