"""API tokens, the caller's own account, and (for admins) other people's role and ban."""

from __future__ import annotations

from flask_wtf.csrf import generate_csrf

from forum import rate_limits
from forum.api import bp, serializers, shapes
from forum.api.access import Unauthorized, by_session, require_caller, token_used
from forum.api.payloads import ID, BadRequest
from forum.api.schema import operation
from forum.errors import ValidationFailed
from forum.services import accounts
from forum.unit_of_work import unit_of_work


@bp.post("/auth/token")
@rate_limits.signing_in
@operation(body=shapes.TokenRequest, response=shapes.IssuedToken, status=201, public=True)
def issue_token(body: shapes.TokenRequest):
    """Exchange e-mail and password for a Bearer token (rate limited per address)."""
    user = accounts.authenticate(body.email, body.password)
    if user is None:
        raise Unauthorized("E-mail address or password is not right.")
    return {"token": accounts.issue_token(user, body.label), "token_type": "Bearer",
            "user": serializers.account(user)}, 201


@bp.delete("/auth/token")
@operation(status=204)
def revoke_token():
    """Revoke the Bearer token this request is made with."""
    user = require_caller()
    token_id = token_used()
    if token_id is None:
        raise BadRequest("Send the token to revoke as Authorization: Bearer <token>.")
    accounts.revoke_token(user, token_id)
    return "", 204


@bp.get("/auth/tokens")
@operation(response=shapes.Listing[shapes.Token])
def list_tokens():
    """The caller's live API tokens (never their secret), newest first."""
    user = require_caller()
    current = token_used()
    return serializers.whole_list(accounts.tokens_of(user), lambda row: serializers.token(row, current))


@bp.delete(f"/auth/tokens/<{ID}:token_id>")
@operation(status=204)
def revoke_other_token(token_id: int):
    """Revoke one of the caller's tokens by its id."""
    accounts.revoke_token(require_caller(), token_id)
    return "", 204


@bp.get("/me")
@operation(response=shapes.Account)
def me():
    """The signed-in account; with a session, also the CSRF token its writes need."""
    data = serializers.account(require_caller())
    if by_session():
        data["csrf_token"] = generate_csrf()
    return data


@bp.patch("/me")
@operation(body=shapes.ProfileChange, response=shapes.Account, caller=require_caller)
def update_me(body: shapes.ProfileChange):
    """Change the caller's profile; fields left out keep their value."""
    user = require_caller()
    changes = {"display_name": user.display_name, "organisation": user.organisation, "kind": user.kind,
               "bio": user.bio, "locale": user.locale, **body.given()}
    accounts.update_profile(user, changes["display_name"], changes["organisation"], changes["kind"],
                            changes["bio"], changes["locale"])
    return serializers.account(user)


@bp.patch(f"/users/<{ID}:user_id>")
@operation(body=shapes.UserChange, response=shapes.Account, caller=require_caller)
def update_user(user_id: int, body: shapes.UserChange):
    """An admin changes a person's role or ban."""
    actor = require_caller()
    changes = body.given()
    if not changes:
        raise ValidationFailed("Send a role or banned.", field="role")
    user = None
    with unit_of_work():  # both or neither
        if "role" in changes:
            user = accounts.set_role(actor, user_id, changes["role"])
        if "banned" in changes:
            user = accounts.set_banned(actor, user_id, changes["banned"])
    return serializers.account(user)
