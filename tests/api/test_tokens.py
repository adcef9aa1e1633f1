"""Bearer tokens end: when revoked, at a new password and at a ban; their owner sees them, never their secret."""

from __future__ import annotations

from datetime import timedelta

from forum.extensions import db
from forum.models import ApiToken
from tests.api.responses import error_of
from tests.conftest import PASSWORD


def token_for(client, user, label=None) -> str:
    body = {"email": user.email, "password": PASSWORD, **({"label": label} if label else {})}
    response = client.post("/api/v1/auth/token", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_revoking_the_token_used_ends_it_and_only_it(client, make_user):
    user = make_user()
    kept, ended = token_for(client, user), token_for(client, user)

    response = client.delete("/api/v1/auth/token", headers=bearer(ended))

    assert response.status_code == 204
    assert client.get("/api/v1/me", headers=bearer(ended)).status_code == 401
    assert client.get("/api/v1/me", headers=bearer(kept)).status_code == 200
    again = client.delete("/api/v1/auth/token", headers=bearer(ended))
    assert again.status_code == 401 and error_of(again)["code"] == "unauthorized"


def test_revoking_needs_a_token_not_a_session(make_user, session_for):
    browser = session_for(make_user())
    response = browser.delete("/api/v1/auth/token")
    assert response.status_code == 400 and error_of(response)["code"] == "bad_request"


def test_a_new_password_ends_every_token(client, make_user, login):
    user = make_user()
    token = token_for(client, user)
    web = login(user, as_client=client.application.test_client())

    changed = web.post("/account", data={"action": "password", "current_password": PASSWORD,
                                         "new_password": "a-new-long-password"})

    assert changed.status_code == 302
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    assert db.session.scalar(db.select(ApiToken.revoked_at).where(ApiToken.user_id == user.id)) is not None


def test_a_ban_ends_every_token_for_good(client, make_user):
    admin, user = make_user("admin"), make_user()
    token, admin_token = token_for(client, user), token_for(client, admin)

    banned = client.patch(f"/api/v1/users/{user.id}", headers=bearer(admin_token), json={"banned": True})
    assert banned.status_code == 200
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    client.patch(f"/api/v1/users/{user.id}", headers=bearer(admin_token), json={"banned": False})

    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401  # lifting the ban revives none
    assert client.get("/api/v1/me", headers=bearer(token_for(client, user))).status_code == 200


def test_signing_out_of_the_site_keeps_the_tokens(client, make_user, login):
    user = make_user()
    token = token_for(client, user)
    web = login(user, as_client=client.application.test_client())
    web.post("/logout")
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200


def test_the_list_shows_one_s_live_tokens_without_their_secret(client, make_user):
    user, other = make_user(), make_user()
    first = token_for(client, user, label="Lab notebook")
    second = token_for(client, user)
    revoked = token_for(client, user)
    client.delete("/api/v1/auth/token", headers=bearer(revoked))
    token_for(client, other)

    response = client.get("/api/v1/auth/tokens", headers=bearer(second))

    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 2 and (body["page"], body["pages"]) == (1, 1)
    newest, oldest = body["items"]
    assert set(newest) == {"id", "prefix", "label", "created_at", "last_used_at", "current"}
    assert (newest["current"], oldest["current"]) == (True, False)
    assert oldest["label"] == "Lab notebook" and first.startswith(oldest["prefix"]) and len(oldest["prefix"]) == 11
    text = response.get_data(as_text=True)
    for secret in (first, second, revoked):
        assert secret not in text and secret[11:20] not in text
    hashes = db.session.scalars(db.select(ApiToken.token_hash)).all()
    assert not any(digest in text for digest in hashes)


def test_a_token_can_be_revoked_by_id_but_only_by_its_owner(client, make_user):
    user, other = make_user(), make_user()
    token, spare = token_for(client, user), token_for(client, user)
    spare_id = client.get("/api/v1/auth/tokens", headers=bearer(token)).get_json()["items"][0]["id"]
    intruder = token_for(client, other)

    assert client.delete(f"/api/v1/auth/tokens/{spare_id}", headers=bearer(intruder)).status_code == 404
    assert client.get("/api/v1/me", headers=bearer(spare)).status_code == 200
    assert client.delete(f"/api/v1/auth/tokens/{spare_id}", headers=bearer(token)).status_code == 204
    assert client.get("/api/v1/me", headers=bearer(spare)).status_code == 401


def test_last_use_is_written_at_most_once_a_minute(client, make_user, count_queries):
    user = make_user()
    token = token_for(client, user)
    row = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == user.id))
    assert row.last_used_at is None

    client.get("/api/v1/me", headers=bearer(token))
    db.session.refresh(row)
    first = row.last_used_at
    assert first is not None
    with count_queries() as statements:
        client.get("/api/v1/me", headers=bearer(token))
    assert not [s for s in statements if s.lstrip().upper().startswith("UPDATE")], statements

    row.last_used_at = first - timedelta(minutes=2)
    db.session.commit()
    client.get("/api/v1/me", headers=bearer(token))
    db.session.refresh(row)
    assert row.last_used_at > first - timedelta(minutes=2)


def test_the_account_page_lists_tokens_with_a_revoke_button(client, make_user, login):
    user = make_user()
    token = token_for(client, user, label="Trial dashboard")
    web = login(user, as_client=client.application.test_client())

    page = web.get("/account").get_data(as_text=True)
    assert "Trial dashboard" in page and token[:11] in page and token not in page
    token_id = db.session.scalar(db.select(ApiToken.id).where(ApiToken.user_id == user.id))
    assert f"/account/tokens/{token_id}/revoke" in page

    revoked = web.post(f"/account/tokens/{token_id}/revoke")
    assert revoked.status_code == 302
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    assert "Trial dashboard" not in web.get("/account").get_data(as_text=True)


def test_nobody_revokes_someone_else_s_token_from_the_account_page(client, make_user, login):
    owner, other = make_user(), make_user()
    token = token_for(client, owner)
    token_id = db.session.scalar(db.select(ApiToken.id).where(ApiToken.user_id == owner.id))
    web = login(other, as_client=client.application.test_client())
    assert web.post(f"/account/tokens/{token_id}/revoke").status_code == 404
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200


def test_a_label_that_is_too_long_is_refused(client, make_user):
    user = make_user()
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD, "label": "x" * 81})
    assert response.status_code == 422 and error_of(response)["field"] == "label"
