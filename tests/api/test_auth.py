"""Tokens, the caller's account, and admins changing roles, through the API."""

from __future__ import annotations

from forum.extensions import db
from forum.models import ApiToken
from tests.api.responses import error_of
from tests.conftest import PASSWORD


def test_a_member_gets_a_token_that_works_as_bearer(client, make_user):
    user = make_user(name="Tara Token")
    response = client.post("/api/v1/auth/token", json={"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 201
    token = response.get_json()["token"]
    assert db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == user.id)) is not None
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.get_json()["name"] == "Tara Token" and me.get_json()["email"] == user.email
    assert "csrf_token" not in me.get_json()  # a token client needs none


def test_wrong_password_or_unknown_email_is_401(client, make_user):
    user = make_user()
    for credentials in ({"email": user.email, "password": "not-the-password"},
                        {"email": "nobody@example.org", "password": PASSWORD}):
        response = client.post("/api/v1/auth/token", json=credentials)
        assert response.status_code == 401
        assert error_of(response)["code"] == "unauthorized"
    assert db.session.scalar(db.select(db.func.count()).select_from(ApiToken)) == 0


def test_missing_credentials_are_422_with_the_field(client):
    response = client.post("/api/v1/auth/token", json={"email": "someone@example.org"})
    assert response.status_code == 422
    assert error_of(response)["field"] == "password"


def test_banned_member_gets_no_token_and_loses_the_old_one(client, make_user, auth):
    user = make_user()
    headers = auth(user)
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    user.is_banned = True
    db.session.commit()
    assert client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD}).status_code == 401
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_visitor_and_bad_token_get_401_with_a_challenge(client):
    for headers in ({}, {"Authorization": "Bearer ff_made-up"}, {"Authorization": "Bearer"}):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert error_of(response)["code"] == "unauthorized"


def test_a_bad_token_is_refused_even_with_a_valid_session(make_user, session_for):
    browser = session_for(make_user())
    assert browser.get("/api/v1/me").status_code == 200
    assert browser.get("/api/v1/me", headers={"Authorization": "Bearer ff_wrong"}).status_code == 401


def test_me_with_a_session_includes_the_csrf_token(make_user, session_for):
    browser = session_for(make_user(kind="patient-representative", organisation="Spierziekten NL"))
    me = browser.get("/api/v1/me").get_json()
    assert me["kind"] == "patient-representative" and me["organisation"] == "Spierziekten NL"
    assert me["role"] == "member" and me["csrf_token"]


def test_member_changes_own_profile_and_fields_left_out_stay(client, make_user, auth):
    user = make_user(organisation="Old BV")
    response = client.patch("/api/v1/me", headers=auth(user), json={"display_name": "New Name", "locale": "en"})
    assert response.status_code == 200
    db.session.refresh(user)
    assert (user.display_name, user.locale, user.organisation) == ("New Name", "en", "Old BV")
    bad = client.patch("/api/v1/me", headers=auth(user), json={"kind": "astronaut"})
    assert bad.status_code == 422 and error_of(bad)["field"] == "kind"


def test_admin_changes_a_role_and_bans_members_may_not(client, make_user, auth):
    admin, member, other = make_user("admin"), make_user(), make_user()
    refused = client.patch(f"/api/v1/users/{other.id}", headers=auth(member), json={"role": "moderator"})
    assert refused.status_code == 403
    response = client.patch(f"/api/v1/users/{other.id}", headers=auth(admin), json={"role": "expert"})
    assert response.status_code == 200 and response.get_json()["role"] == "expert"
    db.session.refresh(other)
    assert other.role == "expert"
    assert client.patch(f"/api/v1/users/{other.id}", headers=auth(admin), json={"role": "king"}).status_code == 422
    assert client.patch("/api/v1/users/999999", headers=auth(admin), json={"role": "expert"}).status_code == 404


def test_a_bad_ban_value_changes_nothing(client, make_user, auth):
    admin, other = make_user("admin"), make_user()
    response = client.patch(f"/api/v1/users/{other.id}", headers=auth(admin), json={"role": "expert", "banned": "yes"})
    assert response.status_code == 422 and error_of(response)["field"] == "banned"
    db.session.refresh(other)
    assert other.role == "member" and not other.is_banned
    banned = client.patch(f"/api/v1/users/{other.id}", headers=auth(admin), json={"banned": True})
    assert banned.get_json()["banned"] is True


def test_a_token_request_writes_no_session_cookie(client, make_user, auth):
    response = client.get("/api/v1/me", headers=auth(make_user()))
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
