"""API tokens, the caller's own account, and (for admins) other people's role and ban."""

from __future__ import annotations

from flask import Response
from flask_wtf.csrf import generate_csrf

from forum import rate_limits
from forum.api import bp, serializers
from forum.api.access import Unauthorized, by_session, require_caller
from forum.api.payloads import ID, boolean, json_body, required
from forum.errors import ValidationFailed
from forum.mail import outbox
from forum.services import accounts, data_rights


@bp.post("/auth/token")
@rate_limits.signing_in
def issue_token():
    """Exchange e-mail and password for a Bearer token."""
    body = json_body()
    user = accounts.authenticate(required(body, "email"), required(body, "password"))
    if user is None:
        raise Unauthorized("E-mail address or password is not right.")
    return {"token": accounts.issue_token(user), "token_type": "Bearer", "user": serializers.account(user)}, 201


@bp.get("/me")
def me():
    """The signed-in account; with a session, also the CSRF token its writes need."""
    user = require_caller()
    data = serializers.account(user)
    data["mail_preferences"] = outbox.preferences(user)
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


@bp.get("/me/export")
def export_me():
    """Everything the forum holds about the caller: a zip with data.json and posts/<id>.md."""
    archive = data_rights.export_archive(require_caller())
    return Response(archive, mimetype="application/zip", headers={
        "Content-Disposition": "attachment; filename=fast-forum-export.zip", "Cache-Control": "no-store"})


@bp.delete("/me")
def delete_me():
    """Delete the caller's account; the password is re-entered; remove_posts replaces their posts too."""
    body = json_body()
    remove_posts = boolean(body, "remove_posts") if "remove_posts" in body else False
    data_rights.delete_account(require_caller(), body.get("password"), remove_posts=remove_posts)
    return "", 204


@bp.patch("/me/mail-preferences")
def update_mail_preferences():
    """Choose per kind of mail: immediately, digest or off; kinds left out keep their mode."""
    user = require_caller()
    return {"mail_preferences": outbox.choose(user, json_body())}


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
