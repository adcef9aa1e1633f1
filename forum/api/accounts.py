"""API tokens, the caller's own account, and (for admins) other people's role and ban."""

from __future__ import annotations

from flask import make_response, request
from flask_wtf.csrf import generate_csrf

from forum import rate_limits
from forum.api import bp, serializers
from forum.api.access import Unauthorized, by_session, require_caller
from forum.api.payloads import ID, boolean, json_body, required
from forum.errors import ValidationFailed
from forum.services import accounts
from forum.views.auth import remember_device


@bp.post("/auth/token")
@rate_limits.signing_in
def issue_token():
    """Exchange e-mail and password for a Bearer token."""
    body = json_body()
    user = accounts.authenticate(required(body, "email"), required(body, "password"),
                                 request.cookies.get(accounts.KNOWN_DEVICE_COOKIE))
    if user is None:
        raise Unauthorized("E-mail address or password is not right.")
    response = make_response({"token": accounts.issue_token(user), "token_type": "Bearer",
                              "user": serializers.account(user)}, 201)
    return remember_device(response, user)


@bp.get("/me")
def me():
    """The signed-in account; with a session, also the CSRF token its writes need."""
    data = serializers.account(require_caller())
    if by_session():
        data["csrf_token"] = generate_csrf()
    return data


@bp.patch("/me")
def update_me():
    """Change the caller's profile; fields left out keep their value."""
    user = require_caller()
    body = json_body()
    accounts.update_profile(
        user, body.get("display_name", user.display_name), body.get("organisation", user.organisation),
        body.get("kind", user.kind), body.get("bio", user.bio), body.get("locale", user.locale))
    return serializers.account(user)


@bp.patch(f"/users/<{ID}:user_id>")
def update_user(user_id: int):
    """An admin changes a person's role or ban."""
    actor = require_caller()
    body = json_body()
    if "role" not in body and "banned" not in body:
        raise ValidationFailed("Send a role or banned.", field="role")
    banned = boolean(body, "banned") if "banned" in body else None  # checked before anything changes
    user = None
    if "role" in body:
        user = accounts.set_role(actor, user_id, body["role"])
    if banned is not None:
        user = accounts.set_banned(actor, user_id, banned)
    return serializers.account(user)
